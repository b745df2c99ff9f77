"""Touchscreen benchmarks: cold start and memory against a bare PySide6 window; tap to painted page.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.bench_ui

Cold start is measured from launching a fresh Python process to the window being shown
and painted (the child prints when it is), for the kiosk's welcome screen and for an
empty ``QWidget``, alternating, in the same run. Peak memory is each child's max RSS.
Tap-to-paint is a tap on Continue (or Back) until the next page has been painted.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5

BARE = """
import resource, sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
w = QWidget(); w.resize(1280, 1024); w.show(); w.repaint(); app.processEvents()
print("ready", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""

KIOSK = """
import resource, sys, tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from kiosk.config import Settings
from kiosk.i18n import load_catalogue
from kiosk.journeys import load_builtin_journeys, load_gazetteer
from ui.app import build_window
w = build_window(settings=Settings(), journeys=load_builtin_journeys().journeys,
                 submit=lambda s: None, strings=load_catalogue(), gazetteer=load_gazetteer(None),
                 can_print=lambda: False)
w.resize(1280, 1024); w.show(); w.repaint(); app.processEvents()
print("ready", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def _launch(code: str) -> tuple[float, int]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait()
    if not line.startswith("ready"):
        raise RuntimeError(f"child did not start: {line!r}")
    return elapsed, int(line.split()[1])


def cold_start() -> dict[str, float]:
    bare_t, bare_m, kiosk_t, kiosk_m = [], [], [], []
    _launch(BARE)  # warm the disk cache for both
    _launch(KIOSK)
    for _ in range(RUNS):
        t, m = _launch(BARE)
        bare_t.append(t)
        bare_m.append(m)
        t, m = _launch(KIOSK)
        kiosk_t.append(t)
        kiosk_m.append(m)
    bt, kt = statistics.median(bare_t), statistics.median(kiosk_t)
    bm, km = max(bare_m), max(kiosk_m)
    return {"bare_start_s": bt, "kiosk_start_s": kt, "start_ratio": kt / bt,
            "bare_peak_mb": bm / 1024, "kiosk_peak_mb": km / 1024, "memory_ratio": km / bm}


def tap_to_paint(turns: int = 60) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPushButton, QRadioButton

    from kiosk.config import Settings
    from kiosk.i18n import load_catalogue
    from kiosk.journeys import load_builtin_journeys, load_gazetteer
    from ui.app import build_window

    app = QApplication.instance() or QApplication([])
    shell = build_window(settings=Settings(), journeys=load_builtin_journeys().journeys,
                         submit=lambda s: None, strings=load_catalogue(),
                         gazetteer=load_gazetteer(None), can_print=lambda: False)
    shell.resize(1280, 1024)
    shell.show()
    app.processEvents()
    shell._start()  # noqa: SLF001 - straight to the home screen
    shell._open_group("have_your_say")  # noqa: SLF001
    shell._open_journey("sign-petition")  # noqa: SLF001
    q = shell.question
    next(r for r in q.findChildren(QRadioButton) if r.isVisible()).setChecked(True)
    times: list[float] = []

    def tap(name: str) -> None:
        button = next(b for b in shell.findChildren(QPushButton)
                      if b.isVisible() and b.accessibleName() == name)
        start = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())
        shell.repaint()  # paints synchronously: the new page is on screen when this returns
        times.append((time.perf_counter() - start) * 1000)

    for _ in range(turns // 2):
        tap("Continue")
        tap("Back")
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    shell.close()
    return {"tap_to_paint_median_ms": statistics.median(times), "tap_to_paint_p95_ms": p95}


def main() -> int:
    results = {**cold_start(), **tap_to_paint()}
    targets = {"start_ratio": 1.5, "memory_ratio": 2.0, "tap_to_paint_p95_ms": 16.0}
    for key, value in results.items():
        target = f"  (target <= {targets[key]})" if key in targets else ""
        print(f"ui {key:<26} {value:8.3f}{target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

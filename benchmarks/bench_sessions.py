"""A day at the kiosk: many resident sessions, one after another, in one process.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.bench_sessions

What residents feel is every tap, all day. One process holds the real window with the
shared-machine parts installed (idle watcher, wipe) over a real store in a temporary
folder; each session is driven through the widgets by their accessible names, as a
finger would: "Touch to start", a tile, a journey's first question, typing on the
on-screen keyboard, a switch of language, Continue, Back, and the end of the session:
"Start again" in most sessions, the idle warning and wipe in every tenth.

Reported:
- tap to painted page, 50th and 95th percentile, over the first sessions and over the
  last (target: the last no worse than the first, within noise);
- resident memory (VmRSS) growth from session 10 to the last (target: under 5 MB);
- Python objects and Qt widgets alive after each wipe (target: flat).

``BENCH_SESSIONS`` sets how many sessions (default 1,000).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

SESSIONS = int(os.environ.get("BENCH_SESSIONS", "1000"))
WINDOW = 10  # sessions at each end whose taps are compared


def _rss_mb() -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # not Linux: the peak is what the standard library can give
        pass
    import resource  # noqa: PLC0415 - POSIX only, and only where /proc is missing

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(len(ordered) * share) - 1)]


class Clock:
    """Monotonic time the benchmark moves on by hand, to bring the idle warning at once."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEvent, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import (
        QAbstractButton,
        QApplication,
        QLineEdit,
        QPlainTextEdit,
        QRadioButton,
        QWidget,
    )

    from kiosk.config import KioskSettings, Settings
    from kiosk.i18n import load_catalogue
    from kiosk.journeys.gazetteer import load_gazetteer
    from kiosk.journeys.schema import load_builtin_journeys
    from kiosk.session import IdlePolicy, session_temp_dir
    from offline.help import HelpRequests
    from offline.outbox import Outbox
    from offline.staff import StaffPin
    from offline.store import Store
    from ui.app import build_window, outbox_submitter
    from ui.keyboard import Key
    from ui.shared_machine import install_shared_machine
    from ui.shell import WELCOME
    from ui.wipe import keep_for_the_day

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-sessions-"))
    store = Store.open(folder)
    outbox = Outbox(store)
    settings = Settings(kiosk=KioskSettings(languages=("en", "cy", "ur")))
    shell = build_window(
        settings=settings, journeys=load_builtin_journeys().journeys, strings=load_catalogue(),
        submit=outbox_submitter(outbox, kiosk_id=settings.kiosk.id),
        gazetteer=load_gazetteer(None), today=lambda: dt.date(2026, 1, 15),
        can_print=lambda: False,
    )
    shell.resize(1280, 900)
    shell.show()
    app.processEvents()
    clock = Clock()
    machine = install_shared_machine(
        shell, policy=IdlePolicy(idle_seconds=60, warning_seconds=30, speak_every_seconds=30),
        speaker=None, temp_dir=session_temp_dir(folder), help_requests=HelpRequests(store),
        staff_pin=StaffPin(store), fullscreen=False, clock=clock,
    )
    keep_for_the_day()  # as kiosk run does once its parts are loaded

    taps: list[list[float]] = []
    objects: list[int] = []
    widgets: list[int] = []
    rss: dict[int, float] = {}

    def settle() -> None:
        for _ in range(3):
            app.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    # Only controls are looked for: PySide keeps, for the life of the window, a wrapper for
    # every Qt-made child (a text box's scroll bars and viewport) that a findChildren(QWidget)
    # met, even after Qt has deleted it, so a wide search would be a leak of the benchmark's.
    def visible(name: str, kind: type[QWidget] = QAbstractButton, starting: bool = False
                ) -> QWidget:
        for w in shell.findChildren(kind):
            label = w.accessibleName()
            if w.isVisible() and (label.startswith(name) if starting else label == name):
                return w
        names = sorted({w.accessibleName() for w in shell.findChildren(kind) if w.isVisible()})
        raise RuntimeError(f"nothing visible called {name!r} on {shell.current_screen}: {names}")

    steps: dict[str, list[float]] = {}

    def tap(widget: QWidget, timed: list[float]) -> None:
        step = widget.accessibleName()[:24] or type(widget).__name__
        start = time.perf_counter()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
        shell.repaint()  # paints synchronously: the new state is on screen when this returns
        took = (time.perf_counter() - start) * 1000
        timed.append(took)
        steps.setdefault(step, []).append(took)
        clock.now += 2  # a resident takes a moment between taps

    def session(number: int) -> None:
        timed: list[float] = []
        tap(visible("Touch to start"), timed)
        tap(visible("Get help from staff.", starting=True), timed)
        tap(visible("Ask us to call you back.", starting=True), timed)
        topic = next(r for r in shell.question.findChildren(QRadioButton) if r.isVisible())
        tap(topic, timed)
        tap(visible("Continue"), timed)
        field = next(w for w in [*shell.question.findChildren(QLineEdit),
                                 *shell.question.findChildren(QPlainTextEdit)] if w.isVisible())
        tap(field, timed)
        keys = {k.accessibleName(): k for k in shell.keyboard.findChildren(Key) if k.isVisible()}
        for letter in "bin":
            tap(keys[letter], timed)
        tap(visible("Language", starting=True), timed)
        tap(visible("Cymraeg", starting=True), timed)
        tap(visible("Yn ôl"), timed)  # Back, in Welsh
        if number % 10 == 0:  # nobody comes back: the warning, then the wipe
            clock.now += 61
            machine.watcher.poll()  # the warning
            clock.now += 31
            machine.watcher.poll()  # the wipe: "We deleted your answers", in English again
            tap(visible("Start again"), timed)
        else:
            tap(visible("Dechrau eto"), timed)  # Start again, in Welsh
        if shell.current_screen != WELCOME:
            raise RuntimeError(f"session {number} ended on {shell.current_screen}")
        taps.append(timed)
        settle()
        gc.collect()
        objects.append(len(gc.get_objects()) + gc.get_freeze_count())
        widgets.append(len(QApplication.allWidgets()))
        if number in (WINDOW, SESSIONS):
            rss[number] = _rss_mb()

    started = time.perf_counter()
    for number in range(1, SESSIONS + 1):
        session(number)
    elapsed = time.perf_counter() - started
    machine.uninstall()
    shell.close()
    store.close()

    first = [t for s in taps[:WINDOW] for t in s]
    last = [t for s in taps[-WINDOW:] for t in s]
    growth = rss[SESSIONS] - rss[WINDOW]
    results = {
        "sessions": float(SESSIONS),
        "seconds_per_session": elapsed / SESSIONS,
        "tap_p50_first_ms": statistics.median(first),
        "tap_p95_first_ms": _percentile(first, 0.95),
        "tap_p50_last_ms": statistics.median(last),
        "tap_p95_last_ms": _percentile(last, 0.95),
        "p95_last_over_first": _percentile(last, 0.95) / _percentile(first, 0.95),
        "rss_session_10_mb": rss[WINDOW],
        "rss_last_mb": rss[SESSIONS],
        "rss_growth_mb": growth,
        "objects_after_wipe_10": float(objects[WINDOW - 1]),
        "objects_after_wipe_last": float(objects[-1]),
        "widgets_after_wipe_10": float(widgets[WINDOW - 1]),
        "widgets_after_wipe_last": float(widgets[-1]),
    }
    targets = {"rss_growth_mb": "< 5", "p95_last_over_first": "<= 1 (noise aside)",
               "widgets_after_wipe_last": f"= {widgets[WINDOW - 1]} (flat)"}
    for key, value in results.items():
        target = f"  (target {targets[key]})" if key in targets else ""
        print(f"sessions {key:<26} {value:10.3f}{target}")
    print("sessions slowest taps (median ms over the day):")
    for step, times in sorted(steps.items(), key=lambda kv: -statistics.median(kv[1]))[:5]:
        print(f"sessions   {step:<26} {statistics.median(times):8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

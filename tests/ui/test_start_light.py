"""Before its first paint the kiosk makes only what the welcome screen shows.

The other screens and the keyboard are made when first shown, and the heavy libraries
(SQLAlchemy, requests, the speech engine, the QR code maker) are not imported on the way
to the first paint. ``benchmarks/bench_ui.py`` measures the time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QLineEdit

from kiosk.config import Settings
from kiosk.i18n import load_catalogue
from tests.ui.helpers import find_by_name, find_starting, tap, tap_name
from ui.app import build_window
from ui.shell import HOME, SERVICES, WELCOME

ROOT = Path(__file__).resolve().parents[2]


def test_only_the_welcome_screen_is_made_until_a_resident_moves_on(qtbot) -> None:
    from kiosk.journeys.schema import load_builtin_journeys

    shell = build_window(settings=Settings(), journeys=load_builtin_journeys().journeys,
                         submit=lambda s: None, strings=load_catalogue(), can_print=lambda: False)
    qtbot.addWidget(shell)
    shell.show()
    assert set(shell.screens) == {WELCOME}
    assert shell._keyboard is None  # noqa: SLF001
    tap_name(qtbot, shell, "Touch to start")
    assert set(shell.screens) == {WELCOME, HOME}
    tap(qtbot, find_starting(shell.home, "Report a problem"))
    assert set(shell.screens) == {WELCOME, HOME, SERVICES}
    tap(qtbot, find_starting(shell.services, "Report fly-tipping"))
    assert shell.current_screen == "question"
    tap(qtbot, find_by_name(shell.question, "Describe where it is", QLineEdit))
    qtbot.waitUntil(lambda: shell._keyboard is not None and shell._keyboard.isVisible())  # noqa: SLF001


PROBE = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
import ui.startup
seen = []
real = ui.startup.after_first_paint


def after_first_paint(widget, fn, **kw):
    def painted():  # what is loaded at the first paint; the rest of the start is not run
        seen.extend(sorted(m for m in sys.modules))
        app.quit()

    real(widget, painted, **kw)


ui.startup.after_first_paint = after_first_paint
import main
main.main(["run", "--windowed"])
print(" ".join(seen))
"""


def test_nothing_heavy_is_imported_before_the_first_paint(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(tmp_path / "data"),
               KIOSK_LOG_LEVEL="ERROR")
    env.pop("KIOSK_CONFIG", None)
    (tmp_path / "data").mkdir()
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    loaded = set(run.stdout.split())
    assert {"ui.shell", "ui.welcome", "kiosk.config", "kiosk.i18n"} <= loaded
    # The heavy libraries, each imported where it is first needed (our own modules are
    # imported at the top of the modules that use them, so they are not listed here).
    heavy = {"sqlalchemy", "alembic", "requests", "prometheus_client", "defusedxml", "qrcode",
             "pyttsx3"}
    assert not heavy & {name.split(".")[0] for name in loaded}

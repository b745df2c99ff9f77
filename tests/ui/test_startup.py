"""Cold start: the welcome screen first, everything else loaded on a worker thread after it
is painted; an early tap still works; a broken database leaves a page for staff."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import KioskSettings, Settings
from kiosk.i18n import load_catalogue
from kiosk.journeys.schema import load_builtin_journeys
from offline.outbox import Outbox
from tests.conftest import ROOT
from tests.ui.helpers import find_starting, shown_texts, tap, tap_name
from ui.app import build_window, outbox_submitter
from ui.shell import HOME, SERVICES
from ui.startup import Deferred, after_first_paint

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_journeys_load_after_the_first_paint_and_an_early_tap_works(
        qtbot: QtBot, outbox: Outbox) -> None:
    gate = threading.Event()

    def load_journeys():
        gate.wait(10)  # held until the resident has tapped once
        return load_builtin_journeys().journeys

    loading: Deferred = Deferred(load_journeys)
    shell = build_window(settings=Settings(kiosk=KioskSettings(languages=("en",))),
                         journeys=loading.get, submit=outbox_submitter(outbox),
                         strings=load_catalogue(), can_print=lambda: False)
    qtbot.addWidget(shell)
    after_first_paint(shell, loading.start)
    assert not loading.started
    shell.show()
    qtbot.waitUntil(lambda: loading.started)  # started once the welcome screen was painted
    tap_name(qtbot, shell, "Touch to start")  # before the journeys have loaded
    assert shell.current_screen == HOME and not loading.done
    gate.set()
    tap(qtbot, find_starting(shell, "Report a problem"))  # waits for them
    assert shell.current_screen == SERVICES
    assert any(t.startswith("Report fly-tipping") for t in shown_texts(shell))


def test_a_failed_load_is_reported_on_the_gui_thread(qtbot: QtBot) -> None:
    class Broken(Exception):
        pass

    def load() -> None:
        raise Broken("no database")

    loading: Deferred[None] = Deferred(load)
    owner = build_window(settings=Settings(), journeys=(), submit=lambda s: None,
                         strings=load_catalogue(), can_print=lambda: False)
    qtbot.addWidget(owner)
    seen: list[tuple[object, bool]] = []
    loading.when_done(owner, lambda value, error: seen.append(
        (error, threading.current_thread() is threading.main_thread())))
    loading.start()
    qtbot.waitUntil(lambda: bool(seen))
    error, on_gui_thread = seen[0]
    assert isinstance(error, Broken) and on_gui_thread
    with pytest.raises(Broken):
        loading.get()
    late: list[object] = []  # asked after the load finished: told on the next turn
    loading.when_done(owner, lambda value, error: late.append(error))
    qtbot.waitUntil(lambda: bool(late))


RUN_UNTIL_SHOWN = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
import ui.app
build = ui.app.build_window


def watched(**parts):
    shell = build(**parts)

    def changed(key):
        if shell.out_of_service:
            print("OUT OF SERVICE:", shell.windowTitle(), flush=True)
            QTimer.singleShot(0, app.quit)
    shell.screen_changed.connect(changed)
    return shell


ui.app.build_window = watched
import main
sys.exit(main.main(["run", "--windowed"]))
"""


def test_kiosk_run_with_a_broken_database_shows_a_page_for_staff(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "kiosk.db").write_bytes(b"not a database " * 600)
    env = {k: v for k, v in __import__("os").environ.items() if k != "KIOSK_CONFIG"}
    env.update(KIOSK_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", RUN_UNTIL_SHOWN], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert "OUT OF SERVICE: This kiosk is not working" in done.stdout
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.startswith("kiosk: ")]
    assert len(lines) == 1 and "kiosk.db" in lines[0]

"""The wiring ``kiosk run`` does, driven in-process: the parts ``main.py`` loads after the
first paint, attached to a real window the way ``cmd_run`` attaches them.

Staff unlock with the PIN stored in the real database, the panel appears, "Assisted
session" flags the next submission and a wipe turns it off; a help request reaches the
panel's store; the voice arrives on the shell; usage is counted; a tap while the kiosk is "Getting ready" is refused, not kept.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

import main
from kiosk.config import KioskSettings, Settings
from kiosk.i18n import load_catalogue
from offline.staff import StaffPin
from offline.stats import local_day
from tests.conftest import ROOT
from tests.session.conftest import tap, visible_named
from tests.ui.helpers import find_starting, tap_name, touch_press, touch_release
from ui.app import build_window

PIN = "486213"

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def composed(qtbot, tmp_path: Path) -> Iterator[tuple]:  # type: ignore[type-arg]
    ctx = main.Context(settings=Settings(kiosk=KioskSettings(id="wired-1", languages=("en", "cy"))),
                       data_dir=tmp_path / "data")
    parts = main._load_run_parts(ctx)
    StaffPin(parts.store).set_pin(PIN)
    assisted = {"on": False}
    shell = build_window(settings=ctx.settings, journeys=parts.registry.journeys,
                         submit=lambda s: None, strings=load_catalogue(), can_print=lambda: False,
                         usage=parts.recorder)
    qtbot.addWidget(shell)
    shell.show()
    qtbot.waitExposed(shell)
    machine = main._install_shared_machine(ctx, shell, parts, windowed=True)
    main._attach_loaded_parts(ctx, shell, machine, parts, assisted)
    try:
        yield ctx, parts, shell, machine, assisted
    finally:
        machine.uninstall()
        parts.close()


def test_staff_open_the_panel_with_the_pin_and_assisted_lasts_until_the_wipe(
        qtbot, composed) -> None:  # type: ignore[no-untyped-def]
    _ctx, parts, shell, machine, assisted = composed
    assert shell._speaker is not None and shell._speaker.available  # the real espeak-ng voice
    tap_name(qtbot, shell, "Touch to start")
    with qtbot.waitSignal(machine.corner.held, timeout=3000):
        touch_press(shell, QPoint(10, 10))
    touch_release(shell, QPoint(10, 10))
    pad = machine.pin_pad
    assert pad is not None and pad.isVisible()
    assert machine.staff_panel is None  # made the first time staff unlock the kiosk
    for digit in PIN:
        tap(qtbot, pad.keys[digit])
    tap(qtbot, visible_named(pad, "Unlock"))
    panel = machine.staff_panel
    qtbot.waitUntil(lambda: panel is not None and panel.isVisible())
    tap(qtbot, visible_named(panel, "Kiosk"))
    tap(qtbot, visible_named(panel, "Assisted session: off"))
    assert assisted["on"] is True
    machine.wipe("timeout")
    assert assisted["on"] is False and not panel.isVisible()
    with qtbot.waitSignal(machine.corner.held, timeout=5000):  # staff come back
        touch_press(shell, QPoint(10, 10))
    touch_release(shell, QPoint(10, 10))
    assert pad.isVisible()
    for digit in PIN:
        tap(qtbot, pad.keys[digit])
    tap(qtbot, visible_named(pad, "Unlock"))
    assert machine.staff_panel is panel and panel.isVisible()
    tap(qtbot, visible_named(panel, "Kiosk"))
    assert visible_named(panel, "Assisted session: off")  # the wipe turned it off
    today = date.fromisoformat(local_day(datetime.now(UTC)))
    (day,) = parts.stats.daily(today, today)
    assert day.sessions == 1 and day.assisted_sessions == 1


def test_a_help_request_is_stored_for_the_staff_panel(qtbot, composed) -> None:  # type: ignore[no-untyped-def]
    _ctx, parts, shell, _machine, _assisted = composed
    tap_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell.top_bar, "Help"))
    (waiting,) = parts.help_requests.list_waiting()
    assert waiting.screen.startswith("home")


def test_reloading_a_broken_configuration_keeps_the_old_one(qtbot, composed, tmp_path: Path  # type: ignore[no-untyped-def]
                                                             ) -> None:
    ctx, parts, shell, machine, _assisted = composed
    bad = tmp_path / "kiosk.toml"
    bad.write_text("[kiosk]\nidle_timeout_seconds = 'soon'\n")
    ctx.config_path = str(bad)
    sender = parts.sender
    panel = machine.make_staff_panel()
    line = main._reload_configuration(ctx, parts, shell, panel)
    assert line.startswith("The configuration was not reloaded:") and "idle_timeout_seconds" in line
    assert parts.sender is sender
    good = tmp_path / "good.toml"
    good.write_text('[kiosk]\nid = "wired-1"\n\n[[destinations]]\nname = "forms"\nkind = "webhook"\n'
                    'url = "http://127.0.0.1:9/kiosk"\nsecret = "s"\njourneys = ["*"]\n')
    ctx.config_path = str(good)
    line = main._reload_configuration(ctx, parts, shell, panel)
    assert line.startswith("Configuration reloaded: 1 destination.")
    assert parts.sender is not sender and parts.sender.running
    assert panel.queue_sender is parts.sender


def test_the_lockdown_made_before_the_first_paint_is_the_one_the_machine_keeps(
        qtbot, tmp_path: Path) -> None:
    ctx = main.Context(settings=Settings(kiosk=KioskSettings(id="locked-1")),
                       data_dir=tmp_path / "data")
    shell = build_window(settings=ctx.settings, journeys=(), submit=lambda s: None,
                         strings=load_catalogue(), can_print=lambda: False)
    qtbot.addWidget(shell)
    lockdown = main._lock_down(shell)  # fullscreen, frameless, ways out refused
    try:
        assert shell.isFullScreen()
        assert not shell.close()  # refused before anything else is installed
        start = shell.welcome.findChildren(QPushButton)[0]
        before = lockdown.refused
        qtbot.keyClick(start, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
        assert lockdown.refused > before  # refused when it reaches the window
        machine = main._install_shared_machine(ctx, shell, None, windowed=False,
                                               lockdown=lockdown)
        assert machine.lockdown is lockdown and not lockdown.released
        assert not shell.close()
        before = lockdown.refused
        qtbot.keyClick(start, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
        assert lockdown.refused > before  # and now stopped at the button itself
        machine.uninstall()
        assert lockdown.released
    finally:
        lockdown.release()


RUN_HELD = """
import sys, threading
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton
app = QApplication(sys.argv[:1])
import main
import ui.app
from tests.ui.helpers import touch
from ui.getting_ready import GettingReady

gate = threading.Event()
load = main._load_run_parts


def held(ctx):  # the database is slow to open today: held until the resident has tapped
    gate.wait(30)
    return load(ctx)


main._load_run_parts = held
build = ui.app.build_window


def watched(**parts):
    shell = build(**parts)

    def tap_start():
        touch(shell.welcome.findChildren(QPushButton)[0])

    def early():
        covers = [w for w in shell.findChildren(GettingReady) if w.isVisible()]
        if not covers:
            QTimer.singleShot(20, early)
            return
        tap_start()
        print("EARLY:", shell.current_screen, covers[0].refused, covers[0].label.text(), flush=True)
        gate.set()
        QTimer.singleShot(20, ready)

    def ready():
        if shell.findChildren(GettingReady) and shell.findChildren(GettingReady)[0].isVisible():
            QTimer.singleShot(20, ready)
            return
        tap_start()
        print("READY:", shell.current_screen, flush=True)
        app.exit(0)

    QTimer.singleShot(0, early)
    return shell


ui.app.build_window = watched
sys.exit(main.main(["run", "--windowed"]))
"""


def test_a_tap_while_getting_ready_is_refused_and_the_first_tap_after_works(
        tmp_path: Path) -> None:
    """``kiosk run`` as it starts: the welcome screen says "Getting ready" until the parts
    have loaded; a tap then does nothing (it is not kept for later), one after works."""
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_CONFIG"}
    env.update(KIOSK_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", RUN_HELD], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "EARLY: welcome 1 Getting ready…" in done.stdout
    assert "READY: home" in done.stdout

"""The wiring ``kiosk run`` does, driven in-process: the parts ``main.py`` loads after the
first paint, attached to a real window the way ``cmd_run`` attaches them.

Staff unlock with the PIN stored in the real database, the panel appears, "Assisted
session" flags the next submission and a wipe turns it off; a help request reaches the
panel's store; the voice arrives on the shell; usage is counted.
"""

from __future__ import annotations

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
    machine = main._install_shared_machine(ctx, shell, lambda: parts, windowed=True)
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
    assert panel.sender is parts.sender


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
        machine = main._install_shared_machine(ctx, shell, lambda: None, windowed=False,
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


def test_counts_from_taps_made_while_the_database_opens_are_kept_in_order() -> None:
    class Recorder:
        def __init__(self) -> None:
            self.calls: list[tuple[str, tuple]] = []  # type: ignore[type-arg]

        def record_session_started(self) -> None:
            self.calls.append(("started", ()))

        def record_language(self, language: str) -> None:
            self.calls.append(("language", (language,)))

    usage = main._KeptUntilLoaded()
    usage.record_session_started()  # the first tap, before the store has opened
    usage.record_language("cy")
    recorder = Recorder()
    usage.attach(recorder)
    assert recorder.calls == [("started", ()), ("language", ("cy",))]
    usage.record_language("en")  # from now on, straight through
    assert recorder.calls[-1] == ("language", ("en",))
    dropped = main._KeptUntilLoaded()
    dropped.record_session_started()
    dropped.attach(main._Nothing())  # the database could not be opened: nothing to count

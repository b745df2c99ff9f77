"""Lockdown: no key and no close event leaves the kiosk; only staff, after the PIN, can."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from tests.session.conftest import Kiosk
from ui.lockdown import Lockdown

MOD = Qt.KeyboardModifier
ESCAPES = [
    (Qt.Key.Key_F4, MOD.AltModifier),
    (Qt.Key.Key_Escape, MOD.NoModifier),
    (Qt.Key.Key_Q, MOD.ControlModifier),
    (Qt.Key.Key_W, MOD.ControlModifier),
    (Qt.Key.Key_F4, MOD.ControlModifier),
    (Qt.Key.Key_Tab, MOD.AltModifier),
    (Qt.Key.Key_Super_L, MOD.NoModifier),
    (Qt.Key.Key_D, MOD.MetaModifier),
]


@pytest.mark.parametrize(("key", "modifier"), ESCAPES)
def test_escape_keys_stay_in_the_kiosk(qtbot, kiosk: Kiosk, key: Qt.Key, modifier: MOD) -> None:
    shell = kiosk.shell
    refused = kiosk.machine.lockdown.refused
    qtbot.keyClick(shell, key, modifier)
    qtbot.keyClick(shell.top_bar.help, key, modifier)  # with focus inside the window too
    assert shell.isVisible()
    assert kiosk.machine.lockdown.refused >= refused + 1


def test_closing_the_window_is_refused_until_staff_release_it(qtbot, kiosk: Kiosk) -> None:
    shell = kiosk.shell
    assert shell.close() is False
    assert shell.isVisible()
    kiosk.machine.exit_kiosk()  # what the staff menu's "Close the kiosk" does
    assert not shell.isVisible()


def test_ordinary_typing_still_reaches_the_fields(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    field = QLineEdit(window)
    window.show()
    qtbot.waitExposed(window)
    lock = Lockdown(window, fullscreen=False)
    lock.lock()
    try:
        qtbot.keyClicks(field, "Ab 12")
        qtbot.keyClick(field, Qt.Key.Key_W)
        qtbot.keyClick(field, Qt.Key.Key_W, MOD.ControlModifier)  # swallowed: no text, no close
        assert field.text() == "Ab 12w"
        assert window.isVisible()
    finally:
        lock.release()


def test_fullscreen_lock_makes_the_window_frameless_and_fullscreen(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    lock = Lockdown(window, fullscreen=True)
    lock.lock()
    try:
        qtbot.waitExposed(window)
        assert window.isFullScreen()
        assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
        assert not window.close()
    finally:
        lock.release()
    assert window.close()

"""Lockdown: no key and no close event leaves the kiosk; only staff, after the PIN, can."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from tests.session.conftest import Kiosk
from tests.ui.helpers import type_key
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
    qtbot.keyClick(shell, key, modifier)  # to the window itself
    if key != Qt.Key.Key_Escape:  # a plain Escape is for the widget with the focus
        shell.activateWindow()
        shell.top_bar.help.setFocus()
        qtbot.waitUntil(shell.top_bar.help.hasFocus)
        type_key(shell, key, modifier)  # typed with the focus inside the window
        assert shell.top_bar.help.hasFocus()
    assert shell.isVisible()
    # (a key with Meta held also refuses the Meta key itself)
    assert kiosk.machine.lockdown.refused >= refused + (1 if key == Qt.Key.Key_Escape else 2)


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
        window.activateWindow()
        field.setFocus()
        qtbot.waitUntil(field.hasFocus)
        for key in "Ab 12w":
            type_key(window, key)
        type_key(window, Qt.Key.Key_W, MOD.ControlModifier)  # swallowed: no text, no close
        type_key(window, Qt.Key.Key_F4, MOD.AltModifier)
        assert field.text() == "Ab 12w"
        assert window.isVisible()
        assert lock.refused == 2
    finally:
        lock.release()
    type_key(window, Qt.Key.Key_W, MOD.ControlModifier)  # released: nothing refuses it now
    assert lock.refused == 2


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

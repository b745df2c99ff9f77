"""The idle warning and the staff PIN pad hold the focus as modal dialogs do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.session.conftest import Kiosk, tap_named
from tests.session.test_staff_unlock import hold_corner


def test_tab_never_leaves_the_idle_warning(qtbot, kiosk: Kiosk) -> None:
    k = kiosk
    tap_named(qtbot, k.shell, "Touch to start")
    k.clock.run()
    qtbot.waitUntil(k.machine.warning.isVisible, timeout=3000)
    k.clock.pause()
    warning = k.machine.warning
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        w = QApplication.focusWidget()
        assert w is not None
        QTest.keyClick(w, key)
        now = QApplication.focusWidget()
        assert now is not None and warning.isAncestorOf(now), now.accessibleName()
        assert now is not k.shell.top_bar.help


def test_the_pin_pad_takes_the_focus_and_keeps_it(qtbot, kiosk: Kiosk) -> None:
    k = kiosk
    tap_named(qtbot, k.shell, "Touch to start")
    hold_corner(qtbot, k)
    pad = k.machine.pin_pad
    assert pad is not None and pad.isVisible()
    w = QApplication.focusWidget()
    assert w is not None and pad.isAncestorOf(w)
    for _ in range(3):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        w = QApplication.focusWidget()
        assert w is not None and pad.isAncestorOf(w)

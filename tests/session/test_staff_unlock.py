"""Staff unlock: hold the top-left corner, then the PIN on the pad; lockout across a restart."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel

from kiosk.session import IdlePolicy
from offline.staff import StaffPin
from offline.store import Store
from tests.session.conftest import STAFF_PIN, Kiosk, make_kiosk, tap, visible_named
from tests.ui.helpers import touch_press, touch_release

CORNER = QPoint(10, 10)


def hold_corner(qtbot, k: Kiosk) -> None:
    with qtbot.waitSignal(k.machine.corner.held, timeout=3000):
        touch_press(k.shell, CORNER)
    touch_release(k.shell, CORNER)


def enter_pin(qtbot, k: Kiosk, pin: str) -> None:
    pad = k.machine.pin_pad
    assert pad is not None
    for digit in pin:
        tap(qtbot, pad.keys[digit])
    tap(qtbot, visible_named(pad, "Unlock"))


def test_hold_the_corner_then_the_right_pin_opens_the_staff_menu(qtbot, kiosk: Kiosk) -> None:
    k = kiosk
    hold_corner(qtbot, k)
    pad = k.machine.pin_pad
    assert pad is not None and pad.isVisible()
    for key in pad.keys.values():
        assert key.width() >= 72 and key.height() >= 72
    for digit in STAFF_PIN[:3]:
        tap(qtbot, pad.keys[digit])
    # dots on screen, never digits; and nothing said aloud
    assert pad.dots.text() == "●●●"
    assert pad.dots.accessibleName() == "3 of up to 12 digits entered"
    texts = [w.text() for w in pad.findChildren(QLabel)] + [pad.dots.accessibleName()]
    assert not any(STAFF_PIN[:3] in t for t in texts)
    tap(qtbot, pad.delete)
    assert pad.entered == 2
    for digit in STAFF_PIN[2:]:
        tap(qtbot, pad.keys[digit])
    with qtbot.waitSignal(k.machine.staff_unlocked, timeout=2000):
        tap(qtbot, visible_named(pad, "Unlock"))
    assert not pad.isVisible()
    assert k.machine.staff_menu.isVisible()
    assert not any(STAFF_PIN in text for text, _ in k.speaker.said)


def test_a_short_press_or_a_press_elsewhere_opens_nothing(qtbot, kiosk: Kiosk) -> None:
    k = kiosk
    with qtbot.assertNotEmitted(k.machine.corner.held, wait=500):
        touch_press(k.shell, CORNER)
        touch_release(k.shell, CORNER)
        touch_press(k.shell, QPoint(600, 400))
    touch_release(k.shell, QPoint(600, 400))
    assert k.machine.pin_pad is not None and not k.machine.pin_pad.isVisible()


def test_five_wrong_pins_lock_the_pad_and_the_lock_survives_a_restart(
    qtbot, store: Store, data_dir: Path, journeys
) -> None:
    policy = IdlePolicy(idle_seconds=600)
    k = make_kiosk(qtbot, store, data_dir, journeys, policy)
    try:
        hold_corner(qtbot, k)
        pad = k.machine.pin_pad
        assert pad is not None
        for n in range(4):
            enter_pin(qtbot, k, "1111")
            assert pad.message.text().startswith("That PIN is not right.")
            assert str(4 - n) in pad.message.text()
        enter_pin(qtbot, k, "1111")
        assert pad.message.text() == "Too many wrong tries. The pad is locked for 5 minutes."
        assert not pad.keys["1"].isEnabled()
        tap(qtbot, visible_named(pad, "Cancel"))
    finally:
        k.machine.uninstall()
    k.shell.close()
    store.close()

    reopened = Store.open(data_dir)  # the kiosk restarts
    try:
        assert StaffPin(reopened).status().locked
        k2 = make_kiosk(qtbot, reopened, data_dir, journeys, policy)
        try:
            StaffPin(reopened).check("0000")  # refused while locked, and not counted
            hold_corner(qtbot, k2)
            pad2 = k2.machine.pin_pad
            assert pad2 is not None
            assert pad2.message.text().startswith("Too many wrong tries.")
            assert not pad2.unlock.isEnabled()
        finally:
            k2.machine.uninstall()
    finally:
        reopened.close()


def test_a_kiosk_with_no_pin_says_how_to_set_one(qtbot, kiosk: Kiosk) -> None:
    kiosk.store.set_value("staff_pin_hash", None)
    hold_corner(qtbot, kiosk)
    pad = kiosk.machine.pin_pad
    assert pad is not None and "kiosk staff set-pin" in pad.message.text()


def test_the_staff_panel_opens_after_the_pin_and_closes_when_idle(qtbot, kiosk: Kiosk) -> None:
    from kiosk.config import Settings
    from offline.help import HelpRequests
    from ui.staff.panel import StaffPanel

    k = kiosk
    panel = StaffPanel(outbox=k.outbox, help_requests=HelpRequests(k.store), stats=None,
                       sender=None, settings=Settings(), reload_configuration=lambda: None,
                       exit_kiosk=k.machine.exit_kiosk)
    k.machine.set_staff_panel(panel)
    hold_corner(qtbot, k)
    enter_pin(qtbot, k, STAFF_PIN)
    assert panel.isVisible() and not k.machine.staff_menu.isVisible()
    assert panel.geometry() == k.shell.rect()
    k.clock.run()  # staff walk away: the session times out and the panel closes
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=3000)
    assert visible_named(k.shell, "Touch to start").isVisible()


def test_a_finger_held_on_the_corner_opens_the_pad_too(qtbot, kiosk: Kiosk) -> None:
    # A touchscreen sends touch events (not mouse ones) to the window first.
    from PySide6.QtTest import QTest

    k = kiosk
    device = QTest.createTouchDevice()
    handle = k.shell.windowHandle()
    with qtbot.waitSignal(k.machine.corner.held, timeout=3000):
        QTest.touchEvent(handle, device).press(0, CORNER, handle).commit()
    QTest.touchEvent(handle, device).release(0, CORNER, handle).commit()
    assert k.machine.pin_pad is not None and k.machine.pin_pad.isVisible()
    with qtbot.assertNotEmitted(k.machine.corner.held, wait=500):  # a finger that moves away
        QTest.touchEvent(handle, device).press(0, CORNER, handle).commit()
        QTest.touchEvent(handle, device).move(0, QPoint(400, 400), handle).commit()
    QTest.touchEvent(handle, device).release(0, QPoint(400, 400), handle).commit()

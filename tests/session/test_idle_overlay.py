"""The idle warning on screen: shown, spoken, extended more than ten times, then the wipe."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel

from offline.help import HelpRequests
from tests.session.conftest import Kiosk, tap, tap_named, visible_named
from tests.ui.helpers import touch
from ui.shared_machine import DELETED
from ui.shell import HOME, WELCOME


def test_the_warning_shows_speaks_and_ends_in_we_deleted_your_answers(
    qtbot, kiosk: Kiosk
) -> None:
    k = kiosk
    tap_named(qtbot, k.shell, "Touch to start")
    assert k.shell.current_screen == HOME
    k.clock.run()
    qtbot.waitUntil(k.machine.warning.isVisible, timeout=3000)
    warning = k.machine.warning
    assert warning.title.text() == "Do you need more time?"
    assert warning.message.text().startswith("For your security, we will delete your answers in")
    assert warning.more_time.hasFocus()
    assert warning.more_time.height() >= 72
    assert warning.geometry() == k.shell.rect()  # nothing else can be reached under it
    first_said = k.speaker.said[0][0]
    assert first_said.startswith("For your security, we will delete your answers in")
    assert "I need more time" in first_said
    # counting down in seconds in the last minute (the warning lasts 1.2 s here)
    qtbot.waitUntil(lambda: warning.message.text().endswith("in 1 second."), timeout=3000)
    with qtbot.waitSignal(k.machine.wiped, timeout=3000) as wiped:
        pass
    assert wiped.args == ["timeout"]
    assert k.shell.current_screen == DELETED
    assert not warning.isVisible()
    assert len(k.speaker.said) >= 2  # spoken again while it counted down
    tap_named(qtbot, k.shell, "Start again")
    assert k.shell.current_screen == WELCOME


def test_i_need_more_time_works_more_than_ten_times(qtbot, kiosk: Kiosk) -> None:
    k = kiosk
    tap_named(qtbot, k.shell, "Touch to start")
    with qtbot.assertNotEmitted(k.machine.wiped):
        for _ in range(11):
            k.clock.advance(0.4 + 1.1)  # idle time, then most of the warning
            k.machine.watcher.poll()
            assert k.machine.warning.isVisible()
            tap(qtbot, visible_named(k.shell, "I need more time"))
            assert not k.machine.warning.isVisible()
    assert k.machine.watcher.timer.extensions_used == 11
    assert k.shell.current_screen == HOME


def test_delete_your_answers_now_wipes_at_once(qtbot, kiosk: Kiosk) -> None:
    k = kiosk
    tap_named(qtbot, k.shell, "Touch to start")
    k.clock.run()
    qtbot.waitUntil(k.machine.warning.isVisible, timeout=3000)
    k.clock.pause()
    with qtbot.waitSignal(k.machine.wiped, timeout=1000):
        tap(qtbot, visible_named(k.shell, "Delete your answers now"))
    assert k.shell.current_screen == DELETED


def test_touching_the_screen_keeps_the_session_going(qtbot, kiosk: Kiosk) -> None:
    k = kiosk
    tap_named(qtbot, k.shell, "Touch to start")
    for _ in range(4):  # a touch every 0.3 s for 1.2 s: three times the idle time
        k.clock.advance(0.3)
        touch(k.shell.home, QPoint(600, 600))
        k.machine.watcher.poll()
        assert not k.machine.warning.isVisible()
    k.clock.advance(0.41)
    k.machine.watcher.poll()
    assert k.machine.warning.isVisible()


def test_the_welcome_screen_resets_quietly_without_a_warning(qtbot, kiosk: Kiosk) -> None:
    k = kiosk
    tap(qtbot, k.shell.top_bar.text_size)  # a setting changed, but no session started
    assert k.shell.text_size == 150
    with qtbot.assertNotEmitted(k.machine.wiped):
        k.clock.run()
        qtbot.waitUntil(lambda: k.shell.text_size == 100, timeout=3000)
    assert k.speaker.said == []
    assert k.shell.current_screen == WELCOME
    assert not k.machine.watcher.running


def test_help_records_the_screen_and_tells_the_resident(qtbot, kiosk: Kiosk) -> None:
    k = kiosk
    tap_named(qtbot, k.shell, "Touch to start")
    with qtbot.waitSignal(k.machine.help_recorded, timeout=1000) as recorded:
        tap(qtbot, k.shell.top_bar.help)
    assert recorded.args[0].screen == "home"
    banner = [w.text() for w in k.shell.help_banner.findChildren(QLabel) if w.isVisible()]
    assert banner[0].startswith("A member of staff has been told. Stay here")
    (waiting,) = HelpRequests(k.store).list_waiting()
    assert waiting.state == "waiting"


def test_when_the_request_cannot_be_stored_the_resident_is_told_to_ask(qtbot, kiosk: Kiosk) -> None:
    k = kiosk
    tap_named(qtbot, k.shell, "Touch to start")
    with k.store.engine.connect() as conn:  # the table is gone: a real storage failure
        conn.exec_driver_sql("DROP TABLE help_request")
        conn.commit()
    with qtbot.assertNotEmitted(k.machine.help_recorded):
        tap(qtbot, k.shell.top_bar.help)
    banner = [w.text() for w in k.shell.help_banner.findChildren(QLabel) if w.isVisible()]
    assert banner[0] == "The kiosk could not tell staff. Ask someone at the front desk for help."

"""The lessons in Urdu inside the kiosk: chosen with the language button, laid out right to left,
and a typing practice done on the kiosk's own keyboard, whose keys the Urdu words name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.tutorials.loader import load_tutorials
from offline.learners import LearnerStore
from offline.outbox import Outbox
from offline.store import Store
from tests.ui.conftest import open_window
from tests.ui.helpers import find_by_name, find_starting, press_key, shown_texts, tap, tap_name
from ui.app import outbox_submitter
from ui.shell import TUTORIALS
from ui.tutorials.player import TutorialPlayer
from ui.tutorials.practice import TypingPractice

# The offscreen platform warns when a top-level window is shown; nothing of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_a_typing_lesson_in_urdu_on_the_kiosk_keyboard(
        qtbot: QtBot, store: Store, outbox: Outbox, journeys) -> None:
    shell = open_window(qtbot, journeys, outbox_submitter(outbox), tutorials=load_tutorials,
                        learners=LearnerStore(store))
    tap_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell, "Language"))
    tap_name(qtbot, shell, "اردو")
    tap(qtbot, find_starting(shell, "ڈیجیٹل مہارتیں سیکھیں"))
    player = shell.player
    assert isinstance(player, TutorialPlayer) and shell.current_screen == TUTORIALS
    assert player.layoutDirection() == Qt.LayoutDirection.RightToLeft
    tap_name(qtbot, shell, "سیکھنا شروع کریں")
    tap_name(qtbot, shell, "جاری رکھیں")
    tap(qtbot, find_starting(shell, "اسکرین والے کی بورڈ پر ٹائپ کرنا. بنیادی مہارتیں"))
    tap_name(qtbot, shell, "جاری رکھیں")  # past the introduction
    assert player.step_title.text() == "ایک لفظ ٹائپ کریں"
    tap_name(qtbot, shell, "یہ مشق چھوڑ دیں")
    assert player.step_title.text() == "بڑے حروف"
    assert isinstance(player.practice, TypingPractice)
    assert "Cardiff" in shown_texts(shell)  # the example stays in the keyboard's letters

    field = find_by_name(shell, "آپ کی ٹائپنگ", QLineEdit)
    tap(qtbot, field)
    keyboard = shell.keyboard
    qtbot.waitUntil(lambda: keyboard.isVisible() and keyboard.target is field)
    for ch in "cardiff":
        press_key(qtbot, keyboard, ch)
    tap_name(qtbot, shell, "میری ٹائپنگ چیک کریں")
    # The feedback names the shift key as the Urdu keyboard shows it.
    assert player.feedback.text() == (
        "↻ تقریباً۔ بڑے حروف چیک کریں: بڑے حرف کے لیے شفٹ کا بٹن استعمال کریں۔")
    tap(qtbot, field)  # back into the box: the keyboard comes back
    qtbot.waitUntil(lambda: keyboard.isVisible() and keyboard.target is field)
    for _ in range(7):
        press_key(qtbot, keyboard, "مٹائیں")
    press_key(qtbot, keyboard, "شفٹ")
    press_key(qtbot, keyboard, "C")
    for ch in "ardif":
        press_key(qtbot, keyboard, ch)
    with qtbot.waitSignal(player.practice.succeeded, timeout=1000):
        press_key(qtbot, keyboard, "f")
    assert isinstance(field, QLineEdit) and field.text() == "Cardiff"
    assert player.feedback.text() == "✓ شاباش۔ یہ بالکل مثال جیسا ہے۔"
    assert find_by_name(shell, "جاری رکھیں") is player.step_continue

"""The on-screen keyboard: keys on release, shift and caps, Welsh accents, numeric pad, never covering."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLineEdit, QVBoxLayout, QWidget

from tests.ui.helpers import find_by_name, find_starting, press_key, tap, tap_name, type_text
from ui.keyboard import Key, OnScreenKeyboard
from ui.shell import Shell


def make(qtbot, mode: str = "text") -> tuple[OnScreenKeyboard, QLineEdit, QWidget]:
    host = QWidget()
    layout = QVBoxLayout(host)
    # The offscreen platform warns when a window's minimum size changes; a kiosk window has none.
    layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    field = QLineEdit(host)
    field.setProperty("keyboard", mode)
    keyboard = OnScreenKeyboard(host)
    layout.addWidget(field)
    layout.addWidget(keyboard)
    qtbot.addWidget(host)
    host.resize(1280, 600)
    keyboard.attach(field)
    host.show()
    qtbot.waitExposed(host)
    return keyboard, field, host


def key(keyboard: OnScreenKeyboard, name: str) -> Key:
    return find_by_name(keyboard, name, Key)  # type: ignore[return-value]


def test_keys_type_on_release_and_sliding_off_cancels(qtbot) -> None:
    keyboard, field, _host = make(qtbot)
    k = key(keyboard, "a")
    qtbot.mousePress(k, Qt.MouseButton.LeftButton, pos=k.rect().center())
    assert field.text() == ""
    qtbot.mouseRelease(k, Qt.MouseButton.LeftButton, pos=k.rect().center())
    assert field.text() == "a"
    qtbot.mousePress(k, Qt.MouseButton.LeftButton, pos=k.rect().center())
    qtbot.mouseRelease(k, Qt.MouseButton.LeftButton, pos=QPoint(-50, -50))
    assert field.text() == "a"


def test_shift_is_for_one_letter_and_caps_stays(qtbot) -> None:
    keyboard, field, _host = make(qtbot)
    press_key(qtbot, keyboard, "Shift")
    press_key(qtbot, keyboard, "A")
    press_key(qtbot, keyboard, "b")
    press_key(qtbot, keyboard, "Caps")
    press_key(qtbot, keyboard, "C")
    press_key(qtbot, keyboard, "D")
    assert field.text() == "AbCD"


def test_symbols_people_need_are_on_the_letters_layout(qtbot) -> None:
    keyboard, field, _host = make(qtbot)
    for ch in "@.-'/£1":
        press_key(qtbot, keyboard, ch)
    press_key(qtbot, keyboard, "Delete")
    assert field.text() == "@.-'/£"


def test_long_press_offers_welsh_accents(qtbot) -> None:
    keyboard, field, _host = make(qtbot)
    w = key(keyboard, "w")
    with qtbot.waitSignal(w.long_pressed, timeout=3000):
        qtbot.mousePress(w, Qt.MouseButton.LeftButton, pos=w.rect().center())
    qtbot.mouseRelease(w, Qt.MouseButton.LeftButton, pos=w.rect().center())
    assert field.text() == ""  # the held key itself types nothing
    for accent in "ŵẅẃẁ":
        find_by_name(keyboard, accent, Key)
    press_key(qtbot, keyboard, "ŵ")
    assert field.text() == "ŵ"


def test_accents_key_shows_every_welsh_diacritic(qtbot) -> None:
    keyboard, field, _host = make(qtbot)
    press_key(qtbot, keyboard, "Accents âêî")
    for ch in "âêîôûŵŷäëïöüẅÿáéíóúẃýàèìòùẁỳ":
        find_by_name(keyboard, ch, Key)
    press_key(qtbot, keyboard, "Shift")
    press_key(qtbot, keyboard, "Ŷ")
    press_key(qtbot, keyboard, "ŷ")
    assert field.text() == "Ŷŷ"


def test_numbers_get_the_numeric_pad_and_postcodes_capitals(qtbot) -> None:
    keyboard, field, _host = make(qtbot, "numeric")
    assert keyboard.layout_name == "numeric"
    type_text(qtbot, keyboard, "0770 +1")
    assert field.text() == "0770 +1"
    keyboard2, field2, _host2 = make(qtbot, "postcode")
    assert keyboard2.layout_name == "letters"
    type_text(qtbot, keyboard2, "EB1 6FR")
    assert field2.text() == "EB1 6FR"


def test_keyboard_never_covers_the_field(qtbot, shell: Shell) -> None:
    tap_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell.home, "Report a problem."))
    tap(qtbot, find_starting(shell.services, "Report fly-tipping"))
    shell.set_text_size(200)
    field = find_by_name(shell.question, "Describe where it is", QLineEdit)
    tap(qtbot, field)
    qtbot.waitUntil(shell.keyboard.isVisible)

    def clear_of_keyboard() -> None:
        top = field.mapTo(shell, QPoint(0, 0)).y()
        bottom = top + field.height()
        assert bottom <= shell.keyboard.mapTo(shell, QPoint(0, 0)).y()
        viewport = shell.question.page.viewport()
        assert field.mapTo(viewport, QPoint(0, 0)).y() >= 0

    qtbot.waitUntil(clear_of_keyboard)
    type_text(qtbot, shell.keyboard, "by the gate")
    assert field.text() == "by the gate"  # type: ignore[attr-defined]
    tap_name(qtbot, shell.keyboard, "Hide keyboard")
    assert not shell.keyboard.isVisible()


def test_at_200_percent_the_question_stays_in_view_with_its_field(qtbot, shell: Shell) -> None:
    """Where the question and the box it is answered in both fit above the keyboard, both
    are shown: a resident at 200 % sees what they are answering while they type. (A large
    text box at 200 % does not fit with its question on this 900 px window; then the box
    alone is kept in view, as the test above checks.)"""
    tap_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell.home, "Get help from staff."))
    tap(qtbot, find_starting(shell.services, "Ask us to call you back"))
    tap_name(qtbot, shell.question, "Council Tax")
    tap_name(qtbot, shell.question, "Continue")
    tap_name(qtbot, shell.question, "Continue")  # the details are optional
    shell.set_text_size(200)
    page = shell.question.page
    field = find_by_name(shell.question, "What is your name?", QLineEdit)
    heading = next(lab for lab in shell.question.findChildren(QLabel)
                   if lab.property("role") == "h1" and lab.isVisible())
    page.verticalScrollBar().setValue(page.verticalScrollBar().maximum())  # scrolled away
    tap(qtbot, field)
    qtbot.waitUntil(shell.keyboard.isVisible)
    keys = [k for k in shell.keyboard.findChildren(Key) if k.isVisible()]
    assert max(k.height() for k in keys) <= 84  # 150 %'s keys: room left for the question
    assert min(k.height() for k in keys) >= 72

    def both_in_view() -> None:
        viewport = page.viewport()
        for w in (heading, field):
            top = w.mapTo(viewport, QPoint(0, 0)).y()
            assert 0 <= top and top + w.height() <= viewport.height(), w

    qtbot.waitUntil(both_in_view)

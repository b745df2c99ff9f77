"""Every practice task driven with real Qt input: success and failure are both detected."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QRadioButton
from pytestqt.qtbot import QtBot

from kiosk.tutorials.model import Task, TutorialCatalogue
from tests.tutorials.conftest import find_button
from ui.keyboard import OnScreenKeyboard
from ui.screens import CheckAnswersScreen, QuestionScreen
from ui.tutorials.practice import (
    DragPractice,
    FormPractice,
    HoldPractice,
    PasswordPractice,
    PracticeWidget,
    QuizPractice,
    ScrollPractice,
    SwipePractice,
    TapPractice,
    TypingPractice,
)

# The offscreen platform warns when a top-level window is shown; nothing of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def task(catalogue: TutorialCatalogue, lesson: str, step: str) -> Task:
    found = next(s for s in catalogue.lesson(lesson).steps if s.id == step).task
    assert found is not None
    return found


def shown(qtbot: QtBot, widget: PracticeWidget) -> list[tuple[str, str]]:
    """Show the widget and collect every attempt it reports."""
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    qtbot.waitExposed(widget)
    attempts: list[tuple[str, str]] = []
    widget.attempted.connect(lambda outcome, words: attempts.append((outcome, words)))
    return attempts


def pt(p: QPointF) -> QPoint:
    return p.toPoint()


# -- tap ---------------------------------------------------------------------------------
def test_tap_a_miss_then_every_circle(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = TapPractice(task(catalogue, "touchscreen", "tap"), catalogue, "en")
    attempts = shown(qtbot, w)
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert attempts[-1] == ("retry", "Nearly. Tap inside the circle. A light touch is enough.")
    assert not w.done
    sizes = []
    for n in range(len(w.task.sizes)):
        sizes.append(w.canvas.diameter)
        if n == len(w.task.sizes) - 1:
            with qtbot.waitSignal(w.succeeded, timeout=1000):
                qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=pt(w.target_centre()))
        else:
            qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=pt(w.target_centre()))
    assert sizes == list(w.task.sizes)  # the circle got smaller each round
    assert attempts[-1][0] == "success"


# -- press and hold ----------------------------------------------------------------------
def hold_point(w: HoldPractice) -> QPoint:
    return pt(w.canvas.photo_rect().center())


def test_hold_let_go_too_soon_then_held_long_enough(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = HoldPractice(task(catalogue, "touchscreen", "hold"), catalogue, "en")
    attempts = shown(qtbot, w)
    qtbot.mousePress(w.canvas, Qt.MouseButton.LeftButton, pos=hold_point(w))
    qtbot.mouseRelease(w.canvas, Qt.MouseButton.LeftButton, pos=hold_point(w), delay=200)
    assert attempts[-1][0] == "retry" and "too soon" in attempts[-1][1]
    assert not w.done and not w.canvas.menu_open
    # Held: the event timestamps say 1.2 s passed between press and release.
    with qtbot.waitSignal(w.succeeded, timeout=1000):
        qtbot.mousePress(w.canvas, Qt.MouseButton.LeftButton, pos=hold_point(w))
        qtbot.mouseRelease(w.canvas, Qt.MouseButton.LeftButton, pos=hold_point(w), delay=1200)
    assert w.canvas.menu_open


def test_hold_opens_the_menu_while_the_finger_is_still_down(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = HoldPractice(task(catalogue, "touchscreen", "hold"), catalogue, "en")
    attempts = shown(qtbot, w)
    with qtbot.waitSignal(w.succeeded, timeout=3000):
        qtbot.mousePress(w.canvas, Qt.MouseButton.LeftButton, pos=hold_point(w))
    assert w.canvas.menu_open and attempts[-1][0] == "success"
    qtbot.mouseRelease(w.canvas, Qt.MouseButton.LeftButton, pos=hold_point(w))
    assert len(attempts) == 1  # letting go afterwards is not another attempt


def test_hold_with_a_moving_finger_does_not_count(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = HoldPractice(task(catalogue, "touchscreen", "hold"), catalogue, "en")
    attempts = shown(qtbot, w)
    start = hold_point(w)
    qtbot.mousePress(w.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseRelease(w.canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(120, 0), delay=1200)
    assert attempts[-1][0] == "retry" and not w.done


def test_hold_has_a_menu_button_instead(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = HoldPractice(task(catalogue, "touchscreen", "hold"), catalogue, "en")
    shown(qtbot, w)
    with qtbot.waitSignal(w.succeeded, timeout=1000):
        qtbot.mouseClick(find_button(w, "Menu"), Qt.MouseButton.LeftButton)


# -- drag --------------------------------------------------------------------------------
def drag(qtbot: QtBot, w: DragPractice, to: QPoint) -> None:
    start = pt(w.canvas.item_rect().center())
    qtbot.mousePress(w.canvas, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 6):
        qtbot.mouseMove(w.canvas, start + (to - start) * i / 5)
    qtbot.mouseRelease(w.canvas, Qt.MouseButton.LeftButton, pos=to)


def test_drag_short_of_the_postbox_then_into_it(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = DragPractice(task(catalogue, "touchscreen", "drag"), catalogue, "en")
    attempts = shown(qtbot, w)
    drag(qtbot, w, QPoint(w.canvas.width() // 2, w.canvas.height() // 2))
    assert attempts[-1][0] == "retry" and "did not reach" in attempts[-1][1]
    assert w.canvas.item_rect() == w.canvas.home_rect()  # the letter went back
    with qtbot.waitSignal(w.succeeded, timeout=1000):
        drag(qtbot, w, pt(w.canvas.target_rect().center()))
    assert w.canvas.posted


def test_drag_by_tapping_the_letter_then_the_postbox(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = DragPractice(task(catalogue, "touchscreen", "drag"), catalogue, "en")
    attempts = shown(qtbot, w)
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=pt(w.canvas.target_rect().center()))
    assert attempts == []  # the postbox alone does nothing
    qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=pt(w.canvas.item_rect().center()))
    assert attempts[-1] == ("info", "You picked up the letter. Now tap the postbox.")
    with qtbot.waitSignal(w.succeeded, timeout=1000):
        qtbot.mouseClick(w.canvas, Qt.MouseButton.LeftButton, pos=pt(w.canvas.target_rect().center()))


# -- scroll ------------------------------------------------------------------------------
def test_scroll_by_finger_to_find_the_library(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = ScrollPractice(task(catalogue, "touchscreen", "scroll"), catalogue, "en")
    attempts = shown(qtbot, w)
    assert not w.is_showing("library")
    first = w.items["bins"]
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    assert attempts[-1] == ("retry", "That is Bins and recycling. Keep scrolling to find Library.")
    bar = w.area.verticalScrollBar()
    # Finger drags up the list, starting on a button: the list scrolls and nothing is tapped.
    for _ in range(6):
        if w.is_showing("library"):
            break
        b = next(i for i in w.items.values() if i.visibleRegion().boundingRect().height() > 60)
        before = bar.value()
        qtbot.mousePress(b, Qt.MouseButton.LeftButton, pos=QPoint(20, 60))
        for dy in (20, 60, 120, 200):
            qtbot.mouseMove(b, QPoint(20, 60 - dy))
        qtbot.mouseRelease(b, Qt.MouseButton.LeftButton, pos=QPoint(20, 60 - 200))
        assert bar.value() > before
    assert w.is_showing("library")
    assert len(attempts) == 1  # dragging the list was never taken as a tap
    with qtbot.waitSignal(w.succeeded, timeout=1000):
        qtbot.mouseClick(w.items["library"], Qt.MouseButton.LeftButton)
    assert attempts[-1] == ("success", "Well done. You found Library.")


def test_scroll_with_the_mouse_wheel(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = ScrollPractice(task(catalogue, "touchscreen", "scroll"), catalogue, "en")
    shown(qtbot, w)
    viewport = w.area.viewport()
    centre = QPointF(viewport.rect().center())
    for _ in range(20):
        if w.is_showing("library"):
            break
        event = QWheelEvent(centre, QPointF(viewport.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                            QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(viewport, event)
    assert w.is_showing("library")


def test_scroll_with_the_move_down_button(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = ScrollPractice(task(catalogue, "touchscreen", "scroll"), catalogue, "en")
    shown(qtbot, w)
    taps = 0
    while not w.is_showing("library") and taps < 10:
        qtbot.mouseClick(find_button(w, "Move down"), Qt.MouseButton.LeftButton)
        taps += 1
    assert w.is_showing("library") and taps > 1
    with qtbot.waitSignal(w.succeeded, timeout=1000):
        qtbot.mouseClick(w.items["library"], Qt.MouseButton.LeftButton)


# -- swipe -------------------------------------------------------------------------------
def swipe(qtbot: QtBot, w: SwipePractice, dx: int) -> None:
    c = w.canvas.rect().center()
    qtbot.mousePress(w.canvas, Qt.MouseButton.LeftButton, pos=c)
    qtbot.mouseMove(w.canvas, c + QPoint(dx // 2, 0))
    qtbot.mouseRelease(w.canvas, Qt.MouseButton.LeftButton, pos=c + QPoint(dx, 0))


def test_swipe_the_wrong_way_too_short_then_left(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = SwipePractice(task(catalogue, "touchscreen", "swipe"), catalogue, "en")
    attempts = shown(qtbot, w)
    swipe(qtbot, w, 250)
    assert attempts[-1] == ("retry", "That went the other way. Move your finger towards the left.")
    swipe(qtbot, w, -30)
    assert attempts[-1][1].startswith("Move your finger further")
    assert w.picture() == "castle" and not w.done
    with qtbot.waitSignal(w.succeeded, timeout=1000):
        swipe(qtbot, w, -250)
    assert w.picture() == "beach"


def test_swipe_has_a_next_picture_button(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = SwipePractice(task(catalogue, "touchscreen", "swipe"), catalogue, "en")
    shown(qtbot, w)
    with qtbot.waitSignal(w.succeeded, timeout=1000):
        qtbot.mouseClick(find_button(w, "Next picture"), Qt.MouseButton.LeftButton)
    assert w.picture() == "beach"


# -- typing ------------------------------------------------------------------------------
def test_typing_capitals_wrong_then_right(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = TypingPractice(task(catalogue, "keyboard", "capitals"), catalogue, "en")
    attempts = shown(qtbot, w)
    field = w.findChild(QLineEdit)
    qtbot.keyClicks(field, "cardiff")
    qtbot.mouseClick(find_button(w, "Check my typing"), Qt.MouseButton.LeftButton)
    assert attempts[-1][0] == "retry" and "capital" in attempts[-1][1]
    field.selectAll()
    with qtbot.waitSignal(w.succeeded, timeout=1000):
        qtbot.keyClicks(field, "Cardiff")


def test_correcting_a_mistake_with_backspace(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = TypingPractice(task(catalogue, "keyboard", "fix"), catalogue, "en")
    attempts = shown(qtbot, w)
    field = w.findChild(QLineEdit)
    assert field.text() == "Libary"
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_End)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)  # "Lib"
    qtbot.keyClicks(field, "ary")
    qtbot.mouseClick(find_button(w, "Check my typing"), Qt.MouseButton.LeftButton)
    assert not w.done and attempts[-1][0] == "retry"  # still "Libary"
    for _ in range(3):
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
    with qtbot.waitSignal(w.succeeded, timeout=1000):
        qtbot.keyClicks(field, "rary")
    assert field.text() == "Library"


def test_typing_an_email_address_on_the_on_screen_keyboard(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = TypingPractice(task(catalogue, "keyboard", "at-sign"), catalogue, "en")
    attempts = shown(qtbot, w)
    keyboard = OnScreenKeyboard()
    qtbot.addWidget(keyboard)
    keyboard.show()
    field = w.findChild(QLineEdit)
    keyboard.attach(field)

    def tap(name: str) -> None:
        qtbot.mouseClick(find_button(keyboard, name), Qt.MouseButton.LeftButton)

    for ch in "sam@exmaple":  # a slip: m and a swapped
        tap(ch)
    qtbot.mouseClick(find_button(w, "Check my typing"), Qt.MouseButton.LeftButton)
    assert attempts[-1] == ("retry", "Not quite. Look at character 7. "
                                     "Use the delete key (Backspace) to go back.")
    for _ in range(5):
        tap("Delete")
    for ch in "ample.co":
        tap(ch)
    with qtbot.waitSignal(w.succeeded, timeout=1000):
        tap("m")
    assert field.text() == "sam@example.com"


def test_typing_on_the_keyboard_with_shift_for_a_capital(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = TypingPractice(task(catalogue, "keyboard", "capitals"), catalogue, "cy")
    shown(qtbot, w)
    keyboard = OnScreenKeyboard()
    qtbot.addWidget(keyboard)
    keyboard.show()
    keyboard.attach(w.findChild(QLineEdit))
    qtbot.mouseClick(find_button(keyboard, "Shift"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(w.succeeded, timeout=1000):
        for ch in "Caerdydd":
            qtbot.mouseClick(find_button(keyboard, ch), Qt.MouseButton.LeftButton)


# -- password ----------------------------------------------------------------------------
def test_password_weak_then_three_random_words(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = PasswordPractice(task(catalogue, "passwords", "make-one"), catalogue, "en")
    attempts = shown(qtbot, w)
    field = w.findChild(QLineEdit)
    qtbot.keyClicks(field, "password1")
    qtbot.mouseClick(find_button(w, "Check my password"), Qt.MouseButton.LeftButton)
    assert attempts[-1][0] == "retry" and "criminals try it first" in attempts[-1][1]
    field.clear()
    qtbot.keyClicks(field, "kettle moon garden")
    with qtbot.waitSignal(w.succeeded, timeout=1000):
        qtbot.mouseClick(find_button(w, "Check my password"), Qt.MouseButton.LeftButton)
    w.stop()
    assert field.text() == ""


# -- quiz --------------------------------------------------------------------------------
def test_scam_quiz_wrong_answers_explain_and_can_be_retried(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    t = task(catalogue, "scams", "quiz")
    w = QuizPractice(t, catalogue, "en")
    attempts = shown(qtbot, w)
    for n, question in enumerate(t.questions):
        assert w.question_text() == question.prompt["en"]
        wrong = next(c for c in question.choices if not c.correct)
        qtbot.mouseClick(find_button(w, wrong.text["en"]), Qt.MouseButton.LeftButton)
        assert attempts[-1] == ("retry", f"Not quite. {wrong.explanation['en']}")
        right = next(c for c in question.choices if c.correct)
        if n == len(t.questions) - 1:
            with qtbot.waitSignal(w.succeeded, timeout=1000):
                qtbot.mouseClick(find_button(w, right.text["en"]), Qt.MouseButton.LeftButton)
        else:
            qtbot.mouseClick(find_button(w, right.text["en"]), Qt.MouseButton.LeftButton)
            assert not w.done
            qtbot.mouseClick(find_button(w, "Next question"), Qt.MouseButton.LeftButton)
        assert attempts[-2 if n < len(t.questions) - 1 else -1][0] == "success"


# -- the practice form -------------------------------------------------------------------
def test_practice_form_errors_then_check_and_send_nothing(qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = FormPractice(task(catalogue, "online-form", "practice"), catalogue, "en")
    attempts = shown(qtbot, w)
    # The real question screen, run by the real journey engine.
    assert isinstance(w.current_screen(), QuestionScreen)
    assert w.current_screen() is w.question and w.run.current_page_id == "problem"
    qtbot.mouseClick(find_button(w, "Continue"), Qt.MouseButton.LeftButton)
    assert attempts[-1] == ("retry", "There is a problem. Select what the problem is")
    assert "There is a problem" in w.question.spoken_text()  # the screen's own error summary
    radio = next(r for r in w.findChildren(QRadioButton)
                 if r.isVisible() and r.accessibleName().startswith("A pothole in the road"))
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(10, radio.height() // 2))
    qtbot.mouseClick(find_button(w, "Continue"), Qt.MouseButton.LeftButton)
    postcode = w.question.field()
    assert isinstance(postcode, QLineEdit)
    assert postcode.accessibleName() == "What is the postcode where the problem is?"
    assert postcode.property("keyboard") == "postcode"
    qtbot.keyClicks(postcode, "CF10")
    qtbot.mouseClick(find_button(w, "Continue"), Qt.MouseButton.LeftButton)
    assert attempts[-1] == ("retry", "There is a problem. Enter a full UK postcode")
    postcode = w.question.field()  # the page is drawn again from the run: the typing is kept
    assert isinstance(postcode, QLineEdit) and postcode.text() == "CF10"
    postcode.clear()
    qtbot.keyClicks(postcode, "SW1A-1AA")  # as the real form, a hyphen is fine
    qtbot.mouseClick(find_button(w, "Continue"), Qt.MouseButton.LeftButton)
    assert attempts[-1] == ("info", "")
    qtbot.mouseClick(find_button(w, "Continue"), Qt.MouseButton.LeftButton)  # optional: empty
    assert w.current_screen() is w.check
    assert isinstance(w.check, CheckAnswersScreen)
    assert w.run.values == {"problem": "pothole", "postcode": "SW1A 1AA"}
    assert "This is practice: when you tap Send, nothing is saved or sent." in w.check.spoken_text()
    qtbot.mouseClick(find_button(w, "Change What is the problem"), Qt.MouseButton.LeftButton)
    assert w.current_screen() is w.question and w.run.current_page_id == "problem"
    qtbot.mouseClick(find_button(w, "Continue"), Qt.MouseButton.LeftButton)  # back to the check
    assert w.current_screen() is w.check
    with qtbot.waitSignal(w.succeeded, timeout=1000):
        qtbot.mouseClick(find_button(w, "Send (practice)"), Qt.MouseButton.LeftButton)
    assert w.current_screen() is w.sent_page
    assert w.run.values == {} and not w.question.findChildren(QLineEdit)  # nothing kept


def test_practice_form_back_and_leaving_forget_the_answers(
        qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    w = FormPractice(task(catalogue, "online-form", "practice"), catalogue, "cy")
    attempts = shown(qtbot, w)
    w.question.continued.emit("pavement")
    qtbot.keyClicks(w.question.field(), "CF10 1AA")
    qtbot.mouseClick(find_button(w, "Yn ôl"), Qt.MouseButton.LeftButton)
    assert w.run.current_page_id == "problem" and attempts[-1] == ("info", "")
    w.question.continued.emit("")
    assert attempts[-1][0] == "retry" and attempts[-1][1].startswith("Mae problem wedi codi. ")
    w.stop()  # the step is left
    assert w.run.values == {} and not w.question.findChildren(QLineEdit)

"""Taps as a finger makes them: down, events run, up on the same point of the screen.

A layout change between the press and the release (the keyboard hiding when the pressed
button takes the focus) moves the button away from the finger, and the tap is lost.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from tests.ui.helpers import (
    current_page,
    find_by_name,
    finger_tap,
    go_to_page,
    open_journey,
    text_inputs,
    type_text,
)
from ui.shell import Shell


def test_continue_tapped_with_the_keyboard_open_moves_on(qtbot, shell: Shell, journeys) -> None:
    open_journey(qtbot, shell, journeys, "apply-blue-badge", "Request or apply")
    go_to_page(qtbot, shell, "full_name")
    (box,) = text_inputs(shell.question)
    finger_tap(qtbot, box)
    qtbot.waitUntil(lambda: shell.keyboard.isVisible() and shell.keyboard.target is box)
    type_text(qtbot, shell.keyboard, "Ann Lee")
    assert shell.keyboard.isVisible()
    finger_tap(qtbot, find_by_name(shell.question, "Continue"))
    assert current_page(shell) != "full_name", shell.question.model.errors  # type: ignore[union-attr]


def test_continue_on_a_long_answer_with_the_keyboard_open(qtbot, shell: Shell, journeys) -> None:
    open_journey(qtbot, shell, journeys, "consultation-response", "Have your say")
    go_to_page(qtbot, shell, "comments")
    (box,) = text_inputs(shell.question)
    assert isinstance(box, QPlainTextEdit)
    finger_tap(qtbot, box)
    qtbot.waitUntil(lambda: shell.keyboard.isVisible() and shell.keyboard.target is box)
    type_text(qtbot, shell.keyboard, "More bins")
    finger_tap(qtbot, find_by_name(shell.question, "Continue"))
    assert current_page(shell) != "comments"

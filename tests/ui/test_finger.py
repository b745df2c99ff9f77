"""Taps as a finger makes them: down, events run, up on the same point of the screen.

A layout change between the press and the release (the keyboard hiding when the pressed
button takes the focus) moves the button away from the finger, and the tap is lost.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from kiosk.i18n import localise
from tests.ui.helpers import (
    find_by_name,
    find_starting,
    finger_tap,
    text_inputs,
    type_text,
)
from ui.shell import QUESTION, Shell


def _open_journey(qtbot, shell: Shell, journeys, journey_id: str, group: str) -> None:
    journey = next(j for j in journeys if j.id == journey_id)
    finger_tap(qtbot, find_by_name(shell, "Touch to start"))
    finger_tap(qtbot, find_starting(shell.home, group + "."))
    finger_tap(qtbot, find_starting(shell.services, localise(journey.title, "en") + "."))
    assert shell.current_screen == QUESTION


def _page_id(shell: Shell) -> str:
    model = shell.question.model
    assert model is not None
    return model.page_id


def _go_to(qtbot, shell: Shell, page_id: str) -> None:
    """Continue (by finger) until ``page_id``, choosing the first option where asked."""
    for _ in range(10):
        if _page_id(shell) == page_id:
            return
        model = shell.question.model
        assert model is not None
        if model.options:
            finger_tap(qtbot, find_by_name(shell.question, model.options[0][1]))
        finger_tap(qtbot, find_by_name(shell.question, "Continue"))
    raise AssertionError(f"never reached {page_id!r}")


def test_continue_tapped_with_the_keyboard_open_moves_on(qtbot, shell: Shell, journeys) -> None:
    _open_journey(qtbot, shell, journeys, "apply-blue-badge", "Request or apply")
    _go_to(qtbot, shell, "full_name")
    (box,) = text_inputs(shell.question)
    finger_tap(qtbot, box)
    qtbot.waitUntil(lambda: shell.keyboard.isVisible() and shell.keyboard.target is box)
    type_text(qtbot, shell.keyboard, "Ann Lee")
    assert shell.keyboard.isVisible()
    finger_tap(qtbot, find_by_name(shell.question, "Continue"))
    assert _page_id(shell) != "full_name", shell.question.model.errors  # type: ignore[union-attr]


def test_continue_on_a_long_answer_with_the_keyboard_open(qtbot, shell: Shell, journeys) -> None:
    _open_journey(qtbot, shell, journeys, "consultation-response", "Have your say")
    _go_to(qtbot, shell, "comments")
    (box,) = text_inputs(shell.question)
    assert isinstance(box, QPlainTextEdit)
    finger_tap(qtbot, box)
    qtbot.waitUntil(lambda: shell.keyboard.isVisible() and shell.keyboard.target is box)
    type_text(qtbot, shell.keyboard, "More bins")
    finger_tap(qtbot, find_by_name(shell.question, "Continue"))
    assert _page_id(shell) != "comments"

"""The street search on a location question, by finger: what was typed survives a failed
Continue, "No places match ..." when nothing does, a message that fits what was shown, and
the suggestions in view above the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLineEdit

from kiosk.journeys.messages import render_message
from tests.ui.helpers import (
    current_page,
    find_by_name,
    finger_tap,
    open_journey,
    shown_texts,
    type_text,
)
from ui.shell import Shell

SEARCH = "Street or place name"
HIGH_STREET = "High Street, Example Town Centre, EB1 6FR"


@pytest.fixture
def location(qtbot, shell: Shell, journeys) -> Shell:
    open_journey(qtbot, shell, journeys, "report-fly-tipping", "Report a problem")
    assert current_page(shell) == "location"
    return shell


def _search(qtbot, shell: Shell, typed: str) -> QLineEdit:
    box = find_by_name(shell.question, SEARCH, QLineEdit)
    assert isinstance(box, QLineEdit)
    finger_tap(qtbot, box)
    qtbot.waitUntil(lambda: shell.keyboard.isVisible() and shell.keyboard.target is box)
    type_text(qtbot, shell.keyboard, typed)
    return box


def _error(shell: Shell) -> str:
    model = shell.question.model
    assert model is not None and model.errors, "Continue did not fail"
    return model.errors[0].message


def _above_the_keyboard(shell: Shell, widget) -> bool:  # type: ignore[no-untyped-def]
    """All of ``widget`` is on screen, in the page's view, not under the keyboard."""
    view = shell.question.page.viewport()
    top = widget.mapTo(view, QPoint(0, 0)).y()
    bottom = widget.mapTo(view, QPoint(0, widget.height())).y()
    keys_top = shell.keyboard.mapTo(shell, QPoint(0, 0)).y()
    return (top >= 0 and bottom <= view.height() and widget.isVisible()
            and widget.mapTo(shell, QPoint(0, widget.height())).y() <= keys_top)


def test_no_match_says_so_and_keeps_what_was_typed(qtbot, location: Shell) -> None:
    shell = location
    _search(qtbot, shell, "Zzyzx")
    assert "No places match ‘Zzyzx’" in shown_texts(shell.question)
    finger_tap(qtbot, find_by_name(shell.question, "Continue"))
    assert current_page(shell) == "location"
    message = _error(shell)
    assert message == "No places match ‘Zzyzx’ – check the spelling or enter a postcode"
    assert find_by_name(shell.question, SEARCH, QLineEdit).text() == "Zzyzx"  # type: ignore[attr-defined]
    assert "No places match ‘Zzyzx’" in shown_texts(shell.question)
    assert "choose" not in message.lower() and "list" not in message


def test_nothing_typed_asks_for_a_place_or_a_postcode(qtbot, location: Shell) -> None:
    finger_tap(qtbot, find_by_name(location.question, "Continue"))
    assert _error(location) == "Enter a street or place name, or a postcode"


def test_a_match_not_chosen_keeps_the_search_and_its_list(qtbot, location: Shell) -> None:
    shell = location
    _search(qtbot, shell, "High")
    finger_tap(qtbot, find_by_name(shell.question, "Continue"))
    assert _error(shell) == "Select a street or place from the list, or enter a postcode"
    assert find_by_name(shell.question, SEARCH, QLineEdit).text() == "High"  # type: ignore[attr-defined]
    # the list the message speaks of is there, and a finger can choose from it
    finger_tap(qtbot, find_by_name(shell.question, HIGH_STREET))
    assert f"You chose: {HIGH_STREET}" in shown_texts(shell.question)
    details = find_by_name(shell.question, "Describe where it is", QLineEdit)
    finger_tap(qtbot, details)
    qtbot.waitUntil(lambda: shell.keyboard.target is details)
    type_text(qtbot, shell.keyboard, "by the bus stop")
    finger_tap(qtbot, find_by_name(shell.question, "Continue"))
    assert current_page(shell) != "location"


@pytest.mark.parametrize("size", [(1280, 800), (1280, 900), (1920, 1080)])
def test_the_suggestion_shows_above_the_keyboard(qtbot, location: Shell, size: tuple[int, int]) -> None:
    shell = location
    shell.resize(*size)
    qtbot.wait(50)
    _search(qtbot, shell, "High")
    suggestion = find_by_name(shell.question, HIGH_STREET)
    qtbot.waitUntil(lambda: _above_the_keyboard(shell, suggestion))
    assert shell.keyboard.isVisible()
    if size[1] >= 900:  # and the box being typed in with it, where there is room for both
        # (at 1280x800 the keys leave the page 246 px: the suggestion is the one shown)
        assert _above_the_keyboard(shell, find_by_name(shell.question, SEARCH, QLineEdit))
    finger_tap(qtbot, suggestion)
    assert f"You chose: {HIGH_STREET}" in shown_texts(shell.question)


@pytest.mark.parametrize("language", ["cy", "ur", "pl"])
def test_the_new_words_are_in_each_language(language: str) -> None:
    for code in ("place_no_match", "location_search_required"):
        english = render_message(code, "en", {}, search="Zzyzx")
        words = render_message(code, language, {}, search="Zzyzx")
        assert words and words != english
        assert ("Zzyzx" in words) == (code == "place_no_match")

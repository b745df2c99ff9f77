"""Every built-in journey, done on the touchscreen from welcome to confirmation.

Each run taps controls found by their accessible names and types on the on-screen
keyboard; it makes one mistake and corrects it, changes one answer from check your
answers, and ends with exactly one stored submission in a real outbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit

from kiosk.i18n import localise
from kiosk.journeys.model import Journey
from offline.outbox import Outbox
from tests.ui.helpers import (
    clear_field,
    find_by_name,
    find_starting,
    shown_texts,
    tap,
    tap_name,
    text_inputs,
    type_text,
)
from ui.shell import CHECK, CONFIRMATION, QUESTION, Shell


# Actions on one page: ("type", text) into the page's box, ("choose", value, ...) by option,
# ("date", d, m, y), ("place", typed, place label, details), ("postcode", pc, details), ("none",).
@dataclass(frozen=True)
class Script:
    journey: str
    group_tile: str
    answers: dict[str, tuple[Any, ...]]
    mistake: str                       # the page where Continue is first tapped wrongly
    wrong: tuple[Any, ...]             # what is done there first (("none",) = nothing)
    error: str                         # the message the resident must see
    change: str                        # the page changed from check your answers
    changed: tuple[Any, ...]
    changed_shows: str                 # what check your answers then shows
    stored: dict[str, Any] = field(default_factory=dict)  # keys expected in the stored answers


SCRIPTS = [
    Script(
        "apply-blue-badge", "Request or apply",
        {"benefit": ("choose", "pip"), "full_name": ("type", "Siân Ŵyn Jones"),
         "date_of_birth": ("date", "27", "3", "1950"), "house": ("type", "12 High Street"),
         "postcode": ("type", "EB1 6FR"), "phone": ("type", "07700 900982"),
         "email": ("none",), "declaration": ("choose", "yes")},
        mistake="full_name", wrong=("none",), error="Enter your full name",
        change="phone", changed=("type", "01632 960001"), changed_shows="01632 960001",
        stored={"first_name": "Siân Ŵyn", "last_name": "Jones"},
    ),
    Script(
        "book-bulky-waste", "Request or apply",
        {"cost": ("none",), "items": ("choose", "sofa", "other"), "item_count": ("type", "2"),
         "other_items": ("type", "A wardrobe"), "house": ("type", "3 Station Road"),
         "postcode": ("type", "EB1 4BD"), "preferred_date": ("none",), "name": ("type", "Ann Lee"),
         "phone": ("type", "07700 900123"), "email": ("none",)},
        mistake="item_count", wrong=("type", "20"), error="",
        change="items", changed=("choose", "other", "bed"), changed_shows="",
    ),
    Script(
        "consultation-response", "Have your say",
        {"consultation": ("choose", "riverside-park"), "agree": ("choose", "agree"),
         "comments": ("type", "More bins by the river"), "respondent": ("choose", "resident"),
         "postcode": ("none",), "email": ("type", "a.lee@example.com")},
        mistake="agree", wrong=("none",), error="",
        change="agree", changed=("choose", "disagree"), changed_shows="",
    ),
    Script(
        "report-fly-tipping", "Report a problem",
        {"location": ("place", "High", "High Street, Example Town Centre, EB1 6FR", "by the bus stop"),
         "waste_type": ("choose", "bags"), "amount": ("choose", "single"),
         "description": ("type", "Six black bags"), "seen_dumping": ("choose", "no"),
         "name": ("none",), "email": ("none",), "phone": ("none",)},
        mistake="location", wrong=("none",),
        error="Enter a street or place name, or a postcode",  # no search, so no list was shown
        change="amount", changed=("choose", "van"), changed_shows="",
        stored={"address_string": "by the bus stop, High Street, Example Town Centre, EB1 6FR"},
    ),
    Script(
        "report-missed-bin", "Report a problem",
        {"house": ("type", "7 Mill Lane"), "postcode": ("type", "EB2 3XY"),
         "bins": ("choose", "general"), "collection_date": ("date", "13", "1", "2026"),
         "bin_out": ("choose", "yes"), "name": ("none",), "email": ("none",), "phone": ("none",)},
        mistake="postcode", wrong=("type", "XYZ"), error="Enter a full UK postcode",
        change="bins", changed=("choose", "recycling"), changed_shows="",
    ),
    Script(
        "report-street-problem", "Report a problem",
        {"problem": ("choose", "pothole"), "location": ("postcode", "EB1 6FR", "outside number 12"),
         "pothole_size": ("choose", "small"), "description": ("type", "Deep hole by the kerb"),
         "name": ("none",), "email": ("none",), "phone": ("none",)},
        mistake="description", wrong=("none",), error="",
        change="pothole_size", changed=("choose", "large"), changed_shows="",
    ),
    Script(
        "request-callback", "Get help from staff",
        {"topic": ("choose", "council_tax"), "details": ("none",), "name": ("type", "Ann Lee"),
         "phone": ("type", "07700 900982"), "best_time": ("choose", "morning"),
         "interpreter": ("choose", "no")},
        mistake="phone", wrong=("type", "123"), error="",
        change="best_time", changed=("choose", "afternoon"), changed_shows="",
    ),
    Script(
        "sign-petition", "Have your say",
        {"petition": ("choose", "keep-southgate-library"), "local": ("choose", "yes"),
         "full_name": ("type", "Rhys ap Gruffydd"), "postcode": ("type", "EB1 9EQ"),
         "email": ("none",), "declaration": ("choose", "yes")},
        mistake="declaration", wrong=("none",), error="",
        change="postcode", changed=("type", "EB1 4BD"), changed_shows="EB1 4BD",
    ),
]


def option_label(journey: Journey, page_id: str, value: str) -> str:
    page = journey.page(page_id)
    if page.type == "declaration":
        return localise(page.body or page.label, "en")
    for o in page.options:
        if o.value == value:
            return localise(o.label, "en")
    return {"yes": "Yes", "no": "No"}[value]


def do(qtbot, shell: Shell, journey: Journey, page_id: str, action: tuple[Any, ...]) -> None:
    kind = action[0]
    keyboard = shell.keyboard
    screen = shell.question
    if kind == "none":
        return
    if kind == "type":
        (box,) = text_inputs(screen)
        tap(qtbot, box)
        qtbot.waitUntil(lambda: keyboard.isVisible() and keyboard.target is box)
        type_text(qtbot, keyboard, action[1])
    elif kind == "choose":
        for value in action[1:]:
            choice = find_by_name(screen, option_label(journey, page_id, value))
            tap(qtbot, choice)
    elif kind == "date":
        for part, text in zip(("Day", "Month", "Year"), action[1:], strict=True):
            tap_name(qtbot, screen, part, QLineEdit)
            type_text(qtbot, keyboard, text)
    elif kind == "place":
        _, typed, place, details = action
        tap_name(qtbot, screen, "Street or place name", QLineEdit)
        type_text(qtbot, keyboard, typed)
        tap_name(qtbot, screen, place)
        tap_name(qtbot, screen, "Describe where it is", QLineEdit)
        type_text(qtbot, keyboard, details)
    elif kind == "postcode":
        _, postcode, details = action
        tap_name(qtbot, screen, "Postcode", QLineEdit)
        type_text(qtbot, keyboard, postcode)
        tap_name(qtbot, screen, "Describe where it is", QLineEdit)
        type_text(qtbot, keyboard, details)
    else:  # pragma: no cover - a typo in a script
        raise AssertionError(kind)


def undo_typing(qtbot, shell: Shell) -> None:
    for box in text_inputs(shell.question):
        if (box.text() if isinstance(box, QLineEdit) else box.toPlainText()):  # type: ignore[attr-defined]
            clear_field(qtbot, shell.keyboard, box)


def untick(qtbot, shell: Shell) -> None:
    from PySide6.QtWidgets import QCheckBox
    for box in shell.question.findChildren(QCheckBox):
        if box.isVisible() and box.isChecked():
            tap(qtbot, box)


def page_id(shell: Shell) -> str:
    assert shell.current_screen == QUESTION, shell.current_screen
    model = shell.question.model
    assert model is not None
    return model.page_id


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.journey for s in SCRIPTS])
def test_journey_on_the_touchscreen(qtbot, shell: Shell, outbox: Outbox, journeys, script: Script) -> None:
    journey = next(j for j in journeys if j.id == script.journey)
    title = localise(journey.title, "en")
    tap_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell.home, script.group_tile + "."))
    tap(qtbot, find_starting(shell.services, title + "."))

    made_mistake = False
    for _ in range(40):
        if shell.current_screen == CHECK:
            break
        current = page_id(shell)
        heading = shell.question.model.heading  # type: ignore[union-attr]
        assert heading in shown_texts(shell.question)
        if current == script.mistake and not made_mistake:
            made_mistake = True
            do(qtbot, shell, journey, current, script.wrong)
            tap_name(qtbot, shell.question, "Continue")
            # Same page, an error summary at the top with focus, worded as the inline message.
            assert page_id(shell) == current
            summary = find_by_name(shell.question, "There is a problem")
            qtbot.waitUntil(lambda s=summary: s.hasFocus())
            assert shell.windowTitle().startswith("Error: ")
            model = shell.question.model
            assert model is not None and model.errors
            message = model.errors[0].message
            if script.error:
                assert message == script.error
            link = find_by_name(summary, message)
            inline = find_by_name(shell.question, f"Error: {message}")
            assert inline.text() == message  # type: ignore[attr-defined]
            tap(qtbot, link)
            field = shell.question.field(model.errors[0].part)
            assert field is not None
            qtbot.waitUntil(lambda f=field: f.hasFocus())
            # What was typed is still there; put it right.
            undo_typing(qtbot, shell)
        do(qtbot, shell, journey, current, script.answers[current])
        tap_name(qtbot, shell.question, "Continue")
        if shell.current_screen == QUESTION:
            assert page_id(shell) != current, shell.question.model.errors  # type: ignore[union-attr]
    assert made_mistake
    assert shell.current_screen == CHECK
    assert "Check your answers" in shown_texts(shell.check)

    # Change one answer from check your answers; Continue comes back here.
    change_page = journey.page(script.change)
    question = localise(change_page.summary_label or change_page.label, "en").rstrip("?")
    tap_name(qtbot, shell.check, f"Change {question}")
    assert page_id(shell) == script.change
    undo_typing(qtbot, shell)
    if script.changed[0] == "choose" and change_page.type == "multiple_choice":
        untick(qtbot, shell)
    do(qtbot, shell, journey, script.change, script.changed)
    tap_name(qtbot, shell.question, "Continue")
    assert shell.current_screen == CHECK
    expected = script.changed_shows or option_label(journey, script.change, script.changed[-1])
    assert any(expected in t for t in shown_texts(shell.check)), shown_texts(shell.check)

    send_label = localise(journey.submit_label, "en")
    tap_name(qtbot, shell.check, send_label)
    assert shell.current_screen == CONFIRMATION
    items = outbox.items()
    assert len(items) == 1
    assert items[0].journey_id == journey.id
    reference = items[0].reference
    content = shell.confirmation.content
    assert content is not None and content.reference == reference
    shown = shown_texts(shell.confirmation)
    assert content.reference_display in shown
    assert "".join(content.reference_display.replace("-", "").split()) == reference
    assert any("saved on this kiosk" in t for t in shown)
    stored = outbox.read_answers(items[0].id)
    for key, value in script.stored.items():
        assert stored[key] == value
    tap_name(qtbot, shell.confirmation, "Finish and clear my details")
    assert shell.current_screen == "welcome"
    assert shell.run is None

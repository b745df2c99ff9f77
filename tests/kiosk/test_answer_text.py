"""What the engine does with any text it is given, on the screens and from an answers file:
unsafe characters removed, numbers too big refused, Open311 locations checked."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.journeys.answers import AnswersFileError, read_answers, unsafe_texts
from kiosk.journeys.engine import JourneyRun, LocationInput
from kiosk.journeys.gazetteer import load_gazetteer
from kiosk.journeys.schema import load_builtin_journeys
from kiosk.journeys.validators import (
    NUMBER_MAX,
    Invalid,
    clean_text,
    has_unsafe_characters,
    parse_number,
    remove_unsafe_characters,
    shown,
)

JOURNEYS = {j.id: j for j in load_builtin_journeys().journeys}
GAZETTEER = load_gazetteer()
TODAY = dt.date(2025, 5, 1)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=40))
def test_removal_leaves_nothing_unsafe_and_keeps_the_rest(text: str) -> None:
    clean = remove_unsafe_characters(text)
    assert not has_unsafe_characters(clean)
    visible = [c for c in text if c > " " and not has_unsafe_characters(c) and c not in "\u2028\u2029"]
    assert [c for c in clean if c > " "] == visible
    assert remove_unsafe_characters(clean) == clean
    line = shown(text, limit=1000)
    assert len(line.splitlines()) <= 1 and not has_unsafe_characters(line)


def test_the_screens_get_the_same_rule() -> None:
    """A resident's typed answers lose NUL, ESC and bidirectional overrides before they are
    checked, counted and sent."""
    run = JourneyRun(JOURNEYS["report-fly-tipping"], gazetteer=GAZETTEER, today=lambda: TODAY)
    for raw in (LocationInput(place_id="EB0001\x00", details="by the \u202ebins\u202c"),
                ("bags\u2066",), "car_boot\x1b", "Six bags\x1b[2J, \u202eopen\u202c", "no\x00"):
        run.answer(raw)
        assert run.continue_() == []
    for _ in range(3):
        assert run.continue_() == []
    payload = run.payload()
    assert unsafe_texts(payload) == []
    assert payload["description"] == "Six bags[2J, open"
    assert payload["address_string"] == "by the bins, High Street, Example Town Centre, EB1 6FR"


def test_only_control_characters_is_no_answer() -> None:
    with pytest.raises(Invalid) as info:
        clean_text("\x00\x1b\u202e")
    assert info.value.code == "required"


@pytest.mark.parametrize("raw", ["9" * 16, "9" * 5000, "1" * 400 + ".5", 10**16, 1e300,
                                 float("inf"), "-" + "9" * 20])
def test_numbers_too_big_to_be_real(raw: object) -> None:
    with pytest.raises(Invalid) as info:
        parse_number(raw)
    assert info.value.code == "too_big" and info.value.params["max"] == NUMBER_MAX


def test_nan_is_not_a_number_and_ordinary_numbers_still_are() -> None:
    with pytest.raises(Invalid, match="not_a_number"):
        parse_number(float("nan"))
    assert parse_number("999 999 999 999 999") == NUMBER_MAX
    assert parse_number(2.5) == 2.5 and parse_number(1e-05) == 1e-05 and parse_number(12) == 12


def test_the_gazetteer_finds_places_by_label_and_knows_its_area() -> None:
    assert GAZETTEER.find("HIGH STREET,  example town centre") == GAZETTEER.get("EB0001")
    assert GAZETTEER.find("High Street, Example Town Centre, EB1 6FR") == GAZETTEER.get("EB0001")
    assert GAZETTEER.find("High") is None
    assert GAZETTEER.covers(52.48, -1.90) and not GAZETTEER.covers(51.5, -0.12)
    assert not GAZETTEER.covers(float("nan"), -1.9)


@pytest.mark.parametrize(("content", "expected"), [
    (b"\xef\xbb\xbf{}", None),
    (b'{"a": 1, "a": 2}', "'a' is given twice"),
    (b'{"a": -Infinity}', "-Infinity is not a number"),
    (b'{"a": [[[[[[[[["deep"]]]]]]]]]}', "nested too deeply"),
    (b'{"a": {"\\udc00": 1}}', "the key '\\udc00' holds a lone surrogate"),
    (b'{"a": [1, 1e999]}', "'a[1]' is a number too big to be real (it would be infinity)"),
    (b'"text"', "the answers must be a JSON object"),
])
def test_reading_an_answers_file(content: bytes, expected: str | None) -> None:
    if expected is None:
        assert read_answers(content, "f.json") == {}
        return
    with pytest.raises(AnswersFileError) as info:
        read_answers(content, "f.json")
    assert str(info.value).startswith("f.json: ") and expected in str(info.value)


def test_numbers_that_fit_are_read_as_numbers() -> None:
    answers = read_answers(json.dumps({"n": 12, "x": 2.5, "big": 10**29}).encode(), "f.json")
    assert answers == {"n": 12, "x": 2.5, "big": 10**29}

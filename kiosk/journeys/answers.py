"""The answers file of ``kiosk queue add``: reading it, checking its shape, and examples.

An answers file is one JSON object, keyed by question id, holding what a resident
would have given on the screens (``kiosk journeys show ID`` lists a journey's
questions; ``--example`` prints a file to edit). Reading it refuses, in one line each,
what the screens could never give: bytes that are not UTF-8 text, lone surrogates,
``NaN``/``Infinity``, numbers too big to be real, the same key twice, a list or an
object where one value is expected, nesting deeper than the question allows, and
``true``/``false`` for a question that is not yes/no. What is left is checked by the
journey engine by the same rules as the screens (``validate_answers``).

A location can be given as the screens give it (a gazetteer ``place_id``, or a
``postcode`` with ``details``) or as Open311's standard fields ``address_string``,
``lat`` and ``long``, inside the location answer or at the top level of the file;
they are checked against the kiosk's gazetteer.

The messages here are for the council staff and scripts that write answers files,
in English like the rest of the command line.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.i18n import localise
from kiosk.journeys.engine import LOCATION_KEYS, _visible_pages, coordinates
from kiosk.journeys.gazetteer import Gazetteer
from kiosk.journeys.model import (
    DATE,
    DATE_FUTURE,
    DECLARATION,
    EMAIL,
    LOCATION,
    MULTIPLE_CHOICE,
    NUMBER,
    PHONE,
    POSTCODE,
    SINGLE_CHOICE,
    STOP,
    TEXTAREA,
    YES_NO,
    Journey,
    Page,
)
from kiosk.journeys.validators import Invalid, has_unsafe_characters, shown

OPEN311_LOCATION_FIELDS = ("address_string", "lat", "long")
DATE_KEYS = ("day", "month", "year")
# Digits a JSON number may have before it is too big to be real (a year, a count, a
# coordinate have far fewer); JSON numbers past this are refused before Python makes them.
JSON_NUMBER_MAX_DIGITS = 30
# Levels of lists and objects a file may have (the deepest answer, a location or a date
# inside the file's object, needs 2); a question's own limit is checked per question.
MAX_DEPTH = 8


class AnswersFileError(ValueError):
    """An answers file that cannot be used; the message is one line naming the problem."""


@dataclass(frozen=True)
class _TooBig:
    """A JSON number too big to be real, kept as its digits until it is reported."""

    why: str


def _number(text: str, *, whole: bool) -> Any:
    digits = text.lstrip("-").split(".")[0].split("e")[0].split("E")[0]
    if len(digits) > JSON_NUMBER_MAX_DIGITS:
        return _TooBig(f"{len(digits):,} digits; at most {JSON_NUMBER_MAX_DIGITS}")
    if whole:
        return int(text)
    value = float(text)
    return value if math.isfinite(value) else _TooBig("it would be infinity")


def _no_constant(name: str) -> Any:
    raise AnswersFileError(f"{name} is not a number an answer can have")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise AnswersFileError(f"'{shown(key)}' is given twice")
        out[key] = value
    return out


def _path(parts: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p)
                   for i, p in enumerate(parts)) or "the file"


def _walk(value: Any, parts: tuple[str | int, ...]) -> None:
    """Refuse a too-big number, a lone surrogate (keys too) or nesting past ``MAX_DEPTH``."""
    if len(parts) > MAX_DEPTH:
        raise AnswersFileError(f"nested too deeply to be answers (more than {MAX_DEPTH} levels, "
                               f"at '{shown(_path(parts[:3]))}…')")
    if isinstance(value, _TooBig):
        raise AnswersFileError(
            f"'{shown(_path(parts))}' is a number too big to be real ({value.why})")
    if isinstance(value, str):
        if any("\ud800" <= c <= "\udfff" for c in value):
            raise AnswersFileError(f"'{shown(_path(parts))}' holds a lone surrogate "
                                   "(like \\ud800), which is not text")
    elif isinstance(value, dict):
        for key, item in value.items():
            if any("\ud800" <= c <= "\udfff" for c in key):
                raise AnswersFileError(f"the key '{shown(key)}' holds a lone surrogate "
                                       "(like \\ud800), which is not text")
            _walk(item, (*parts, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, (*parts, i))


def read_answers(data: bytes, source: str) -> dict[str, Any]:
    """The answers in a file's bytes; raises ``AnswersFileError`` (one line, starting
    with ``source``) for anything that is not a JSON object of plain answers."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswersFileError(
            f"{source}: the answers file is not UTF-8 text (byte 0x{data[exc.start]:02x} "
            f"at position {exc.start}); save it as UTF-8") from None
    try:
        answers = json.loads(text, parse_int=lambda t: _number(t, whole=True),
                             parse_float=lambda t: _number(t, whole=False),
                             parse_constant=_no_constant, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise AnswersFileError(f"{source}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise AnswersFileError(f"{source}: nested too deeply to be answers (more than "
                               f"{MAX_DEPTH} levels)") from None
    except AnswersFileError as exc:
        raise AnswersFileError(f"{source}: {exc}") from None
    if not isinstance(answers, dict):
        raise AnswersFileError(
            f"{source}: the answers must be a JSON object, like {{\"postcode\": \"SW1A 1AA\"}}")
    try:
        _walk(answers, ())
    except AnswersFileError as exc:
        raise AnswersFileError(f"{source}: {exc}") from None
    return answers


# --- the shape of each answer -----------------------------------------------------------


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "a value"


_ONE_VALUE = {
    SINGLE_CHOICE: "one of its values", YES_NO: "\"yes\" or \"no\" (or true/false)",
    DECLARATION: "true", NUMBER: "a number", DATE: "a date like \"2024-03-27\" or "
    "{\"day\": 27, \"month\": 3, \"year\": 2024}",
    LOCATION: "a place_id, or an object with place_id, postcode, details, address_string, "
    "lat or long",
    MULTIPLE_CHOICE: "a list of its values, like [\"a\", \"b\"]",
}


def _shape_problem(page: Page, value: Any) -> str | None:
    """What is wrong with the shape of an answer (None: the engine can judge it)."""
    if value is None:
        return None
    expected = _ONE_VALUE.get(page.type, "one text")
    if isinstance(value, bool):
        if page.type in (YES_NO, DECLARATION):
            return None
        return f"true/false is only for yes/no questions and declarations; give {expected}"
    if page.type == DECLARATION:
        return None if isinstance(value, str) else f"must be true, not {_kind(value)}"
    if page.type == MULTIPLE_CHOICE:
        if _is_scalar(value):
            return None
        if isinstance(value, list) and all(_is_scalar(v) for v in value):
            return None
        if isinstance(value, list):
            return f"must be {expected}, each one text (not a list or object inside)"
        return f"must be {expected}, not {_kind(value)}"
    if page.type == DATE:
        if isinstance(value, dict):
            unknown = [k for k in value if k not in DATE_KEYS]
            if unknown:
                return f"a date has only day, month and year, not '{shown(unknown[0])}'"
            if all(_is_scalar(v) or v is None for v in value.values()):
                return None
            return "day, month and year must each be one number or text"
        if isinstance(value, list):
            if len(value) == 3 and all(_is_scalar(v) for v in value):
                return None
            return f"must be {expected}, or [day, month, year]"
        return None
    if page.type == LOCATION:
        if isinstance(value, dict):
            unknown = [k for k in value if k not in LOCATION_KEYS]
            if unknown:
                return (f"a location has only {', '.join(LOCATION_KEYS)}, "
                        f"not '{shown(unknown[0])}'")
            for key, item in value.items():
                if isinstance(item, bool) or not (_is_scalar(item) or item is None):
                    return f"'{key}' must be one number or text, not {_kind(item)}"
            return None
        if _is_scalar(value):
            return None
        return f"must be {expected}, not {_kind(value)}"
    if _is_scalar(value):
        return None
    return f"must be {expected}, not {_kind(value)}"


def _location_problem(value: Any, gazetteer: Gazetteer | None) -> str | None:
    """Open311 coordinates and places, checked against the gazetteer with plain reasons."""
    if isinstance(value, dict):
        ways = [w for w, keys in (("place_id", ("place_id",)), ("postcode", ("postcode",)),
                                  ("address_string or lat/long", ("address_string", "lat", "long")))
                if any(value.get(k) not in (None, "") for k in keys)]
        if len(ways) > 1:
            return (f"give the location one way: {' or '.join(ways)}, not both "
                    "(details may go with any)")
        if ("lat" in value) != ("long" in value):
            return "lat and long must be given together"
        if "lat" in value:
            for key in ("lat", "long"):
                item = value[key]
                if isinstance(item, str):
                    try:
                        float(item)
                    except ValueError:
                        return f"'{key}' must be a number, like 52.4824"
            try:
                coordinates(str(value["lat"]), str(value["long"]), gazetteer)
            except Invalid as exc:
                return f"lat and long {exc.params.get('why', 'are not a place')}"
            return None
        address = value.get("address_string")
        if address and not value.get("place_id") and not value.get("postcode"):
            if gazetteer is None or gazetteer.find(str(address)) is None:
                return (f"address_string '{shown(str(address))}' must name a place in the "
                        "gazetteer (like \"High Street, Example Town Centre\") or come with "
                        "lat and long")
        place = value.get("place_id")
    else:
        place = value
    if place not in (None, "") and (gazetteer is None or gazetteer.get(str(place).strip()) is None):
        where = f" ({gazetteer.source})" if gazetteer is not None else " (the kiosk has none)"
        return f"the place_id '{shown(str(place))}' is not in the gazetteer{where}"
    return None


def check_answers_file(
    journey: Journey, answers: Mapping[str, Any], gazetteer: Gazetteer | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """The answers with Open311's top-level ``address_string``/``lat``/``long`` moved into
    the journey's location question, and what is wrong with their shape, one line each
    ("question: problem"). The engine checks the rest (``validate_answers``)."""
    merged = dict(answers)
    problems: list[str] = []
    pages = {p.id: p for p in journey.pages}
    given = [k for k in OPEN311_LOCATION_FIELDS if k in merged and k not in pages]
    if given:
        locations = [p for p in journey.questions if p.type == LOCATION]
        if len(locations) != 1:
            asked = ", ".join(p.id for p in journey.questions if p.field == "address_string")
            problems.append(f"{given[0]}: this journey has no location question"
                            + (f" (it asks for the address as: {asked})" if asked else ""))
        else:
            page = locations[0]
            inside = merged.get(page.id)
            if inside is not None and not isinstance(inside, dict):
                problems.append(f"{page.id}: give the location once, either here or as "
                                f"{', '.join(given)}")
            else:
                combined = dict(inside or {})
                for key in given:
                    if key in combined:
                        problems.append(f"{key}: given twice, at the top and in '{page.id}'")
                    combined[key] = merged.pop(key)
                merged[page.id] = combined
    for key, value in merged.items():
        question = pages.get(key)
        if question is None or not question.is_question:
            continue  # the engine names questions the journey does not ask
        problem = _shape_problem(question, value)
        if problem is None and question.type == LOCATION:
            problem = _location_problem(value, gazetteer)
        if problem is not None:
            problems.append(f"{key}: {problem}")
    return merged, problems


def unsafe_texts(answers: Mapping[str, Any]) -> list[str]:
    """Where the answers hold characters the engine removes (for tests and reports)."""
    found: list[str] = []

    def walk(value: Any, where: str) -> None:
        if isinstance(value, str) and has_unsafe_characters(value):
            found.append(where)
        elif isinstance(value, Mapping):
            for k, v in value.items():
                walk(v, f"{where}.{k}" if where else str(k))
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                walk(v, f"{where}[{i}]")

    walk(answers, "")
    return found


# --- describing a journey and an example file -------------------------------------------

EXAMPLE_TEXT = {"name": "Sam Jones", "description": "An example: what it is and where",
                "address_string": "12 High Street", "email": "name@example.com",
                "phone": "07700 900982"}


def _example_text(page: Page) -> str:
    text = EXAMPLE_TEXT.get(page.field, "An example answer")
    if page.type == TEXTAREA and not page.field:
        text = "An example answer, in a few words"
    return text[: page.max_length] if page.max_length else text


def _example_number(page: Page) -> int | float:
    value: float = 1
    if page.min_value is not None and value < page.min_value:
        value = page.min_value
    if page.max_value is not None and value > page.max_value:
        value = page.max_value
    if page.whole_number:
        value = math.ceil(value)
    return int(value) if float(value).is_integer() else value


def _candidates(page: Page, today: dt.date) -> list[Any]:
    """Example answers for a page, the likeliest first."""
    kind = page.type
    if kind == SINGLE_CHOICE:
        return [o.value for o in page.options]
    if kind == YES_NO:
        return [o.value for o in page.options] or ["yes", "no"]
    if kind == MULTIPLE_CHOICE:
        return [[o.value] for o in page.options]
    if kind == DATE:
        day = today + dt.timedelta(days=30) if page.date_range == DATE_FUTURE else today - dt.timedelta(days=30)
        return [day.isoformat()]
    if kind == NUMBER:
        return [_example_number(page)]
    if kind == POSTCODE:
        return ["SW1A 1AA"]
    if kind == EMAIL:
        return ["name@example.com"]
    if kind == PHONE:
        return ["07700 900982"]
    if kind == DECLARATION:
        return [True]
    if kind == LOCATION:
        return [{"postcode": "SW1A 1AA", "details": "Outside number 12"}]
    return [_example_text(page)]


def _as_value(page: Page, raw: Any) -> Any:
    """The example as the engine's checked value, for deciding which pages show next."""
    if page.type == MULTIPLE_CHOICE:
        return tuple(raw)
    return raw


def example_answers(journey: Journey, today: dt.date | None = None) -> dict[str, Any]:
    """An answers file for ``journey`` that ``kiosk queue add`` accepts: every question the
    answers lead to (optional ones too), with choices that do not end the journey."""
    today = today or dt.date.today()
    answers: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for page in journey.pages:
        if page.id not in {p.id for p in _visible_pages(journey, values)}:
            continue
        if not page.is_question:
            continue
        candidates = _candidates(page, today)
        chosen = candidates[0]
        for candidate in candidates:
            trial = {**values, page.id: _as_value(page, candidate)}
            if not any(p.type == STOP for p in _visible_pages(journey, trial)):
                chosen = candidate
                break
        answers[page.id] = chosen
        values[page.id] = _as_value(page, chosen)
    return answers


def describe_journey(journey: Journey, language: str = "en") -> list[str]:
    """``kiosk journeys show``: the journey and its questions, one block per question."""
    def words(text: Any) -> str:  # a council's server wrote them: no escape codes printed
        return shown(localise(text, language), limit=400)

    lines = [f"{shown(journey.id)} (version {shown(journey.version)}): {words(journey.title)}",
             f"Group: {journey.group}. Sent as: {journey.service_code or journey.destination}.",
             "", "Questions (the keys of an answers file), in order:"]
    for page in journey.pages:
        if page.type == STOP:
            conditions = " and ".join(f"{c.question} is {' or '.join(c.values)}" for c in page.show_if)
            lines.append(f"  (the journey ends when {conditions}: "
                         f"{words(page.label)})")
            continue
        if not page.is_question:
            continue
        need = "required" if page.required else "optional"
        lines.append(f"  {shown(page.id)}: {page.type}, {need}. {words(page.label)}")
        if page.options:
            lines.append(f"      values: {', '.join(shown(o.value) for o in page.options)}")
        elif page.type == YES_NO:
            lines.append("      values: yes, no (or true, false)")
        limits = []
        if page.max_length:
            limits.append(f"at most {page.max_length} characters")
        if page.min_value is not None:
            limits.append(f"at least {page.min_value:g}")
        if page.max_value is not None:
            limits.append(f"at most {page.max_value:g}")
        if page.whole_number:
            limits.append("a whole number")
        if page.type == DATE and page.date_range != "any":
            limits.append(f"in the {page.date_range}")
        if page.type == LOCATION:
            limits.append("{\"place_id\": ...}, {\"postcode\": ..., \"details\": ...} or "
                          "Open311's address_string with lat and long")
        if limits:
            lines.append(f"      {'; '.join(limits)}")
        if page.show_if:
            conditions = " and ".join(f"{c.question} is {' or '.join(c.values)}" for c in page.show_if)
            lines.append(f"      asked only when {conditions}")
    lines += ["", f"An answers file to edit: kiosk journeys show {journey.id} --example"]
    return lines


__all__ = [
    "AnswersFileError", "check_answers_file", "describe_journey", "example_answers",
    "read_answers", "unsafe_texts",
]

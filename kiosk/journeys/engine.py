"""The journey engine: which page comes next, what an answer means, and what is sent.

``JourneyRun`` is one resident going through one journey. The touchscreen renders
``run.page()`` (a frozen ``PageModel``) or, at the end, ``run.check_answers()``, and
sends back what the resident did: ``answer(raw)``, ``continue_()``, ``back()``,
``change(page_id)``, ``set_language(code)``. Nothing is validated until Continue
(GOV.UK: never validate while someone is typing). A failed Continue keeps what was
typed and returns the errors; answers already given are never thrown away except
by ``reset()``.

``validate_answers`` and ``submission_from_answers`` apply the same rules to a whole
set of answers at once (``kiosk queue add``).

Raw answers, by question type (what ``answer()`` takes and ``PageModel.answer`` holds):

==================================  ====================================================
text, textarea, number, postcode,   ``str``
email, phone
date                                ``DateParts(day, month, year)`` (or a mapping with
                                    those keys, or a 3-tuple; ``"2024-03-27"`` too)
single_choice, yes_no               the option value, ``str`` (yes_no: ``"yes"``/``"no"``)
multiple_choice                     ``tuple[str, ...]`` of option values
declaration                         ``bool``
location                            ``LocationInput(place_id, postcode, details, ...,
                                    search)``; an answers file may give Open311's
                                    ``address_string``, ``lat`` and ``long`` instead
                                    (checked against the gazetteer)
==================================  ====================================================

Every text in a raw answer loses its control characters, bidirectional overrides and
lone surrogates first (``validators.remove_unsafe_characters``), on the screens and in
an answers file alike.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.i18n import DEFAULT_LANGUAGE, localise
from kiosk.journeys import messages
from kiosk.journeys.gazetteer import Gazetteer, Place, covers_uk
from kiosk.journeys.geo import wgs84_to_osgb36
from kiosk.journeys.messages import MONTH_DISPLAY, ui_word
from kiosk.journeys.model import (
    DATE,
    DECLARATION,
    EMAIL,
    INFO,
    LOCATION,
    MULTIPLE_CHOICE,
    NUMBER,
    PHONE,
    POSTCODE,
    SINGLE_CHOICE,
    STOP,
    TEXT,
    TEXTAREA,
    YES_NO,
    Journey,
    Page,
)
from kiosk.journeys.validators import (
    Invalid,
    clean_text,
    format_phone,
    normalise_email,
    normalise_phone,
    normalise_postcode,
    parse_date,
    parse_number,
    remove_unsafe_characters,
)
from kiosk.journeys.validators import (
    shown as printable,
)

CHECK_ANSWERS = "check_answers"
LOCATION_DETAILS_MAX = 200

# Which message code means "nothing was given", by question type.
EMPTY_CODE = {
    DATE: "date_required",
    POSTCODE: "postcode_required",
    EMAIL: "email_required",
    PHONE: "phone_required",
    LOCATION: "location_required",
    DECLARATION: "declaration_required",
    SINGLE_CHOICE: "required_choice",
    MULTIPLE_CHOICE: "required_choice",
    YES_NO: "required_choice",
}


class JourneyStateError(RuntimeError):
    """The interface asked for something the journey cannot do now (a bug in the caller)."""


class IncompleteAnswers(ValueError):
    """Answers that do not pass the journey's rules; ``errors`` says which and why."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{e.question}: {e.message}" for e in self.errors))


# --- answers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DateParts:
    """What was typed in the day, month and year boxes (kept as typed)."""

    day: str = ""
    month: str = ""
    year: str = ""


@dataclass(frozen=True)
class LocationInput:
    """A location answer as given: a gazetteer place, or a postcode, plus where exactly.

    ``search`` is what was typed in the street search: not part of the answer, but kept
    so a failed Continue shows it again and its message fits what the search showed.
    """

    place_id: str = ""
    postcode: str = ""
    details: str = ""
    address_string: str = ""  # Open311's fields, from an answers file (not the screens)
    lat: str = ""
    long: str = ""
    search: str = ""


@dataclass(frozen=True)
class Location:
    """A checked location: what is shown back and what is sent."""

    place_id: str
    place_label: str
    postcode: str
    details: str
    lat: float | None
    long: float | None

    @property
    def address_string(self) -> str:
        """Most specific first, as Open311 asks: "outside number 12, High Street, ..."."""
        where = self.place_label or self.postcode
        return ", ".join(part for part in (self.details, where) if part)


@dataclass(frozen=True)
class FieldError:
    """One problem with one answer. ``part`` is the box to highlight (date: day/month/year;
    location: place/postcode/details), empty for the whole answer."""

    question: str
    message: str
    part: str = ""


@dataclass(frozen=True)
class _Problem:
    code: str
    part: str = ""
    params: tuple[tuple[str, Any], ...] = ()


LOCATION_KEYS = ("place_id", "postcode", "details", "address_string", "lat", "long")


def _text(value: Any) -> str:
    """One raw value as text, without unsafe characters (a float as Python writes it)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return remove_unsafe_characters(value if isinstance(value, str) else str(value))


def coerce_raw(page: Page, raw: Any) -> Any:
    """Bring what the screen or an answers file gave into the engine's raw form; every
    text in it loses its unsafe characters (``remove_unsafe_characters``)."""
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = remove_unsafe_characters(raw)
    if page.type == DATE:
        if isinstance(raw, DateParts):
            return DateParts(_text(raw.day), _text(raw.month), _text(raw.year))
        if isinstance(raw, Mapping):
            return DateParts(*(_text(raw.get(k, "")) for k in ("day", "month", "year")))
        if isinstance(raw, dt.date):
            return DateParts(str(raw.day), str(raw.month), str(raw.year))
        if isinstance(raw, (list, tuple)) and len(raw) == 3:
            return DateParts(*(_text(x) for x in raw))
        if isinstance(raw, str):
            try:
                d = dt.date.fromisoformat(raw.strip())
            except ValueError:
                return DateParts(raw, "", "")
            return DateParts(str(d.day), str(d.month), str(d.year))
        return DateParts(_text(raw), "", "")
    if page.type == LOCATION:
        if isinstance(raw, LocationInput):
            return LocationInput(**{k: _text(getattr(raw, k)) for k in LOCATION_KEYS},
                                 search=_text(raw.search))
        if isinstance(raw, Mapping):
            return LocationInput(**{k: _text(raw.get(k, "")) for k in LOCATION_KEYS},
                                 search=_text(raw.get("search", "")))
        return LocationInput(place_id=_text(raw))
    if page.type == MULTIPLE_CHOICE:
        if isinstance(raw, (str, bytes)):
            return (_text(raw),) if raw else ()
        if isinstance(raw, (list, tuple, set, frozenset)):
            return tuple(_text(x) for x in raw)
        return (_text(raw),)
    if page.type == YES_NO:
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        return _text(raw).strip().lower()
    if page.type == DECLARATION:
        if isinstance(raw, bool):
            return raw
        return _text(raw).strip().lower() in ("yes", "true", "1", "ie")
    return _text(raw)


def _is_empty(page: Page, raw: Any) -> bool:
    if raw is None:
        return True
    if page.type == DATE:
        return not (raw.day.strip() or raw.month.strip() or raw.year.strip())
    if page.type == LOCATION:
        return not any(getattr(raw, k).strip() for k in LOCATION_KEYS)
    if page.type == MULTIPLE_CHOICE:
        return len(raw) == 0
    if page.type == DECLARATION:
        return raw is not True
    return not str(raw).strip()


def _check(page: Page, raw: Any, gazetteer: Gazetteer | None, today: dt.date) -> Any:
    """The normalised value of a non-empty raw answer, or raises ``Invalid``."""
    kind = page.type
    if kind in (TEXT, TEXTAREA):
        return clean_text(raw, multiline=kind == TEXTAREA, max_length=page.max_length)
    if kind == NUMBER:
        return parse_number(raw, whole=page.whole_number, minimum=page.min_value, maximum=page.max_value)
    if kind == DATE:
        return parse_date(raw.day, raw.month, raw.year, date_range=page.date_range, today=today)
    if kind == POSTCODE:
        return normalise_postcode(raw)
    if kind == EMAIL:
        return normalise_email(raw)
    if kind == PHONE:
        return normalise_phone(raw)
    if kind in (SINGLE_CHOICE, YES_NO):
        allowed = {o.value for o in page.options} or {"yes", "no"}
        if raw not in allowed:
            raise Invalid("choice_unknown")
        return raw
    if kind == MULTIPLE_CHOICE:
        allowed = {o.value for o in page.options}
        if any(v not in allowed for v in raw):
            raise Invalid("choice_unknown")
        # Keep the order of the options, and each once.
        return tuple(o.value for o in page.options if o.value in raw)
    if kind == DECLARATION:
        return True
    if kind == LOCATION:
        return _check_location(raw, gazetteer)
    raise JourneyStateError(f"page {page.id!r} of type {kind!r} takes no answer")


def coordinates(lat: str, long: str, gazetteer: Gazetteer | None) -> tuple[float, float]:
    """Open311's ``lat`` and ``long`` as given, checked: both numbers, in the United
    Kingdom and, with a gazetteer, in its area. Raises ``Invalid('place_unknown')``
    (``params['why']`` says what is wrong, for an answers file's message)."""
    try:
        point = float(lat), float(long)
    except ValueError:
        raise Invalid("place_unknown", part="place",
                      params={"why": "must be given together, as numbers"}) from None
    if not covers_uk(*point):
        raise Invalid("place_unknown", part="place",
                      params={"why": "must be in the United Kingdom"})
    if gazetteer is not None and not gazetteer.covers(*point):
        raise Invalid("place_unknown", part="place",
                      params={"why": f"must be in the area of the gazetteer ({gazetteer.source})"})
    return point


def _no_place(raw: LocationInput, gazetteer: Gazetteer) -> Invalid:
    """Neither a place nor a postcode: the message fits what the street search showed (no
    search, no list; a search that matched nothing, "No places match"; else the list)."""
    search = " ".join(raw.search.split())
    if not search:
        return Invalid("location_search_required", part="place")
    if not gazetteer.search(search):
        return Invalid("place_no_match", part="place", params={"search": search})
    return Invalid("location_required", part="place")


def _check_location(raw: LocationInput, gazetteer: Gazetteer | None) -> Location:
    details = " ".join(raw.details.split())
    if len(details) > LOCATION_DETAILS_MAX:
        raise Invalid("details_too_long", part="details", params={"max": LOCATION_DETAILS_MAX})
    address = " ".join(raw.address_string.split())
    if len(address) > LOCATION_DETAILS_MAX:
        raise Invalid("details_too_long", part="details", params={"max": LOCATION_DETAILS_MAX})
    if raw.lat.strip() or raw.long.strip():  # Open311's coordinates (an answers file)
        lat, long = coordinates(raw.lat, raw.long, gazetteer)
        closest = gazetteer.nearest(lat, long) if gazetteer else None
        label = address or (closest.label if closest else "")
        if not (label or details):
            raise Invalid("details_required", part="details")
        return Location("", label, "", details, lat, long)
    if address and not raw.place_id.strip() and not raw.postcode.strip():
        place = gazetteer.find(address) if gazetteer else None
        if place is None:
            raise Invalid("place_unknown", part="place",
                          params={"why": "must name a place in the gazetteer, or come with lat and long"})
        return Location(place.id, place.label, place.postcode, details, place.lat, place.long)
    if raw.place_id.strip():
        place = gazetteer.get(raw.place_id.strip()) if gazetteer else None
        if place is None:
            raise Invalid("place_unknown", part="place")
        return Location(place.id, place.label, place.postcode, details, place.lat, place.long)
    if not raw.postcode.strip():
        if gazetteer is None:
            raise Invalid("postcode_required", part="postcode")
        raise _no_place(raw, gazetteer)
    try:
        postcode = normalise_postcode(raw.postcode)
    except Invalid:
        raise Invalid("postcode_format", part="postcode") from None
    if not details:
        raise Invalid("details_required", part="details")
    near: Place | None = gazetteer.by_postcode(postcode) if gazetteer else None
    return Location("", "", postcode, details, near.lat if near else None, near.long if near else None)


def _message(page: Page, problem: _Problem, language: str) -> str:
    overrides = page.errors
    code = problem.code
    if code == "required":
        code = EMPTY_CODE.get(page.type, "required")
    if code in EMPTY_CODE.values() and code not in overrides and "required" in overrides:
        code = "required"
    default_name = messages.DEFAULT_DATE_NAME if page.type == DATE else messages.DEFAULT_NAME
    return messages.render_message(
        code, language, overrides, label=localise(page.label, language), name=page.name,
        default_name=default_name, **dict(problem.params),
    )


_TYPED_BUT_EMPTY = {
    "postcode_required": "postcode_format",
    "email_required": "email_format",
    "phone_required": "phone_format",
}


def _validate(
    page: Page, raw: Any, gazetteer: Gazetteer | None, today: dt.date
) -> tuple[Any, _Problem | None]:
    """(value, None) when the answer is acceptable (value None for a skipped optional one)."""
    if _is_empty(page, raw):
        if page.required:
            code = EMPTY_CODE.get(page.type, "required")
            if page.type == LOCATION:
                if gazetteer is None:
                    return None, _Problem("postcode_required", "postcode")
                if not (page.errors.keys() & {"location_required", "required"}):
                    given = raw if isinstance(raw, LocationInput) else LocationInput()
                    no_place = _no_place(given, gazetteer)
                    return None, _Problem(no_place.code, no_place.part,
                                          tuple(sorted(no_place.params.items())))
            return None, _Problem(code, {DATE: "day", LOCATION: "place"}.get(page.type, ""))
        return None, None
    try:
        return _check(page, raw, gazetteer, today), None
    except Invalid as problem:
        # Something was typed, so a "nothing given" code from a parser means "wrong form".
        code = _TYPED_BUT_EMPTY.get(problem.code, problem.code)
        if code == "required" and page.type == NUMBER:
            code = "not_a_number"
        return None, _Problem(code, problem.part, tuple(sorted(problem.params.items())))


def _visible(page: Page, values: Mapping[str, Any], shown: set[str]) -> bool:
    return all(c.question in shown and c.holds(values.get(c.question)) for c in page.show_if)


def _visible_pages(journey: Journey, values: Mapping[str, Any]) -> list[Page]:
    shown: set[str] = set()
    pages: list[Page] = []
    for page in journey.pages:
        if _visible(page, values, shown):
            shown.add(page.id)
            pages.append(page)
    return pages


# --- what the screen renders ------------------------------------------------------------


@dataclass(frozen=True)
class PageModel:
    """Everything a screen needs to draw one page, already in the resident's language.

    ``question_type`` is a question type, ``"info"`` (read, then Continue) or ``"stop"``
    (the journey ends here: only Back). ``heading`` is the label with "(optional)"
    added when the answer is optional. ``answer`` is what to put back in the fields (the
    raw form; see the module docstring). ``errors`` are in the order to list them under
    "There is a problem"; ``error_message`` is the first, for the inline message.
    ``options`` are ``(value, label)`` pairs. ``progress`` is ``(n, total)`` over the
    questions currently shown, or None on information pages.
    """

    journey_id: str
    journey_title: str
    page_id: str
    question_type: str
    heading: str
    label: str
    hint: str
    body: str
    options: tuple[tuple[str, str], ...]
    answer: Any
    errors: tuple[FieldError, ...]
    is_optional: bool
    max_length: int | None
    progress: tuple[int, int] | None
    progress_text: str
    can_go_back: bool
    can_continue: bool
    continue_label: str
    changing: bool
    places_available: bool
    language: str

    @property
    def error_message(self) -> str | None:
        return self.errors[0].message if self.errors else None

    @property
    def is_question(self) -> bool:
        return self.question_type not in (INFO, STOP)


@dataclass(frozen=True)
class SummaryRow:
    """One row of check-your-answers: ``change_label`` is the Change button's accessible name."""

    question: str
    answer: str
    change_target: str
    change_label: str
    provided: bool


@dataclass(frozen=True)
class CheckAnswersModel:
    journey_title: str
    heading: str
    rows: tuple[SummaryRow, ...]
    submit_label: str
    language: str
    fee: str = ""  # "You will need to pay £25.50" (kiosk.fees), empty when free


@dataclass(frozen=True)
class ConfirmationModel:
    title: str
    next_steps: str
    when: str
    contact: str


@dataclass(frozen=True)
class Submission:
    """What is queued and sent: routing, standard Open311 fields, and attributes.

    ``fields`` holds the standard fields that were answered (``description``,
    ``address_string``, ``lat``, ``long``, ``first_name``, ``last_name``, ``email``,
    ``phone``); ``attributes`` every other answer by attribute code (question id), as
    text or a list of texts, plus server-set attributes. ``draft_id`` is the
    idempotency key.
    """

    journey_id: str
    journey_version: str
    destination: str
    service_code: str
    draft_id: str
    language: str
    fields: Mapping[str, str]
    attributes: Mapping[str, str | tuple[str, ...]]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the standard fields at the top level, attributes under ``attributes``."""
        return {
            "journey_id": self.journey_id,
            "journey_version": self.journey_version,
            "destination": self.destination,
            "service_code": self.service_code,
            "draft_id": self.draft_id,
            "language": self.language,
            **dict(self.fields),
            "attributes": {k: list(v) if isinstance(v, tuple) else v for k, v in self.attributes.items()},
        }


def _display(page: Page, value: Any, language: str) -> str:
    if value is None:
        return ui_word("not_provided", language)
    if page.type in (SINGLE_CHOICE, YES_NO):
        return _option_label(page, value, language)
    if page.type == MULTIPLE_CHOICE:
        return "\n".join(_option_label(page, v, language) for v in value)
    if page.type == DATE:
        months = MONTH_DISPLAY.get(language, MONTH_DISPLAY["en"])
        return f"{value.day} {months[value.month - 1]} {value.year}"
    if page.type == DECLARATION:
        return ui_word("yes", language)
    if page.type == PHONE:
        return format_phone(value)
    if page.type == LOCATION:
        return "\n".join(p for p in (value.place_label or value.postcode, value.details) if p)
    return str(value)


def _option_label(page: Page, value: str, language: str) -> str:
    for option in page.options:
        if option.value == value:
            return localise(option.label, language)
    if page.type == YES_NO and value in ("yes", "no"):
        return ui_word(value, language)
    return value


def _options(page: Page, language: str) -> tuple[tuple[str, str], ...]:
    if page.type == YES_NO and not page.options:
        return (("yes", ui_word("yes", language)), ("no", ui_word("no", language)))
    if page.type == DECLARATION:
        return (("yes", localise(page.body or page.label, language)),)
    return tuple((o.value, localise(o.label, language)) for o in page.options)


def _wire(page: Page, value: Any) -> str | tuple[str, ...]:
    """An answer as text for Open311 and the webhook."""
    if page.type == MULTIPLE_CHOICE:
        return tuple(value)
    if page.type == DATE:
        return str(value.isoformat())
    if page.type == DECLARATION:
        return "yes"
    if page.type == LOCATION:
        return str(value.address_string)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def build_submission(
    journey: Journey,
    values: Mapping[str, Any],
    *,
    draft_id: str,
    language: str,
) -> Submission:
    """The submission for checked answers (``values`` by page id, hidden pages ignored)."""
    fields: dict[str, str] = {}
    attributes: dict[str, str | tuple[str, ...]] = {}
    lat_long: tuple[float, float] | None = None
    for page in _visible_pages(journey, values):
        if not page.is_question or values.get(page.id) is None:
            continue
        value = values[page.id]
        if page.type == LOCATION:
            fields["address_string"] = value.address_string
            if value.lat is not None and value.long is not None:
                lat_long = (value.lat, value.long)
            if page.field and page.field != "address_string":
                fields[page.field] = value.address_string
            continue
        if page.field == "name":
            parts = str(value).split()
            fields["first_name"] = " ".join(parts[:-1]) if len(parts) > 1 else parts[0]
            fields["last_name"] = parts[-1] if len(parts) > 1 else ""
        elif page.field == "address_string":
            # Several pages may build the address (house, street, postcode), most specific first.
            part = str(_wire(page, value))
            previous = fields.get("address_string")
            fields["address_string"] = f"{previous}, {part}" if previous else part
        elif page.field:
            wire = _wire(page, value)
            fields[page.field] = "\n".join(wire) if isinstance(wire, tuple) else wire
        else:
            attributes[page.answer_code] = _wire(page, value)
    if lat_long is not None:
        fields["lat"] = f"{lat_long[0]:.6f}"
        fields["long"] = f"{lat_long[1]:.6f}"
    for auto in journey.automated:
        attributes[auto.code] = _automated_value(auto.source, journey, draft_id, fields, lat_long)
    return Submission(
        journey_id=journey.id,
        journey_version=journey.version,
        destination=journey.destination,
        service_code=journey.service_code or (journey.destination if journey.destination != "webhook" else ""),
        draft_id=draft_id,
        language=language,
        fields=fields,
        attributes=attributes,
    )


def _automated_value(
    source: str, journey: Journey, draft_id: str, fields: Mapping[str, str],
    lat_long: tuple[float, float] | None,
) -> str:
    if source == "submission_id":
        return draft_id
    if source == "journey_version":
        return journey.version
    if source == "address_string":
        return fields.get("address_string", "")
    if lat_long is None:
        return ""
    if source == "lat":
        return f"{lat_long[0]:.6f}"
    if source == "long":
        return f"{lat_long[1]:.6f}"
    easting, northing = wgs84_to_osgb36(*lat_long)
    return f"{easting:.0f}" if source == "easting" else f"{northing:.0f}"


# --- one resident, one journey ----------------------------------------------------------


class JourneyRun:
    """One resident going through one journey, page by page.

    ``today`` is a clock for date rules ("must be in the past"); tests pass a fixed one.
    ``draft_id`` (a uuid4) is minted when the run starts and again on ``reset()``; it
    becomes the submission's idempotency key.
    """

    def __init__(
        self,
        journey: Journey,
        language: str = DEFAULT_LANGUAGE,
        *,
        gazetteer: Gazetteer | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.journey = journey
        self.language = language
        self.gazetteer = gazetteer
        self._today = today
        self.reset()

    # -- state ---------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget every answer and start again at the first page, with a new draft id."""
        self.draft_id = str(uuid.uuid4())
        self._raw: dict[str, Any] = {}
        self._values: dict[str, Any] = {}
        self._pending: Any = None
        self._has_pending = False
        self._problems: list[_Problem] = []
        self._seen: set[str] = set()
        self._changing = False
        self._current: str = self.journey.pages[0].id

    def set_language(self, language: str) -> None:
        """Show everything in another language from now on; the answers stay."""
        self.language = language

    @property
    def at_check_answers(self) -> bool:
        return self._current == CHECK_ANSWERS

    @property
    def current_page_id(self) -> str:
        """The page on screen, or ``"check_answers"``."""
        return self._current

    @property
    def changing(self) -> bool:
        """True while changing an answer from check-your-answers (Continue goes back there)."""
        return self._changing

    @property
    def values(self) -> Mapping[str, Any]:
        """Accepted answers by page id (normalised), including pages now hidden."""
        return dict(self._values)

    def visible_pages(self) -> list[Page]:
        """The pages the current answers lead through, in order."""
        return _visible_pages(self.journey, self._values)

    def is_complete(self) -> bool:
        """Every shown required question is answered and no stop page is in the way."""
        for page in self.visible_pages():
            if page.type == STOP:
                return False
            if page.is_question and page.required and self._values.get(page.id) is None:
                return False
        return True

    # -- actions -------------------------------------------------------------------------

    def answer(self, raw: Any) -> None:
        """Record what is in the fields now, without checking it (that happens on Continue)."""
        if self.at_check_answers:
            raise JourneyStateError("check-your-answers has no answer to give")
        page = self.journey.page(self._current)
        if not page.is_question:
            raise JourneyStateError(f"page {page.id!r} asks nothing")
        self._pending = coerce_raw(page, raw)
        self._has_pending = True

    def continue_(self) -> list[FieldError]:
        """Check the current page; move on if it is fine, else stay and return the errors.

        On check-your-answers and stop pages this does nothing and returns no errors
        (sending is the caller's job: take ``submission()`` and queue it).
        """
        if self.at_check_answers:
            return []
        page = self.journey.page(self._current)
        if page.type == STOP:
            return []
        if page.is_question:
            raw = self._pending if self._has_pending else self._raw.get(page.id)
            value, problem = _validate(page, raw, self.gazetteer, self._today())
            if problem is not None:
                self._pending, self._has_pending = raw, True
                self._problems = [problem]
                return self.errors()
            if raw is None or _is_empty(page, raw):
                self._raw.pop(page.id, None)
            else:
                self._raw[page.id] = raw
            if value is None:
                self._values.pop(page.id, None)
            else:
                self._values[page.id] = value
        self._pending, self._has_pending, self._problems = None, False, []
        self._seen.add(page.id)
        self._current = self._next_after(page.id)
        return []

    def back(self) -> bool:
        """Go to the previous page. False when already at the first page (leave the journey).

        Anything typed on this page since the last Continue is dropped; answers given
        before are kept.
        """
        self._pending, self._has_pending, self._problems = None, False, []
        visible = self.visible_pages()
        if self.at_check_answers:
            self._current = visible[-1].id
            return True
        if self._changing and self.is_complete():
            self._changing = False
            self._current = CHECK_ANSWERS
            return True
        ids = [p.id for p in visible]
        if self._current not in ids:  # hidden by a change: go to the last page before it
            order = [p.id for p in self.journey.pages]
            position = order.index(self._current)
            earlier = [p for p in ids if order.index(p) < position]
            if not earlier:
                return False
            self._current = earlier[-1]
            return True
        index = ids.index(self._current)
        if index == 0:
            return False
        self._current = ids[index - 1]
        return True

    def change(self, page_id: str) -> None:
        """From check-your-answers, go to a page to change its answer; Continue comes back."""
        if not self.at_check_answers:
            raise JourneyStateError("answers are changed from check-your-answers")
        if page_id not in {p.id for p in self.visible_pages() if p.is_question}:
            raise JourneyStateError(f"there is no answer {page_id!r} to change")
        self._changing = True
        self._current = page_id

    def search_places(self, typed: str, limit: int = 8) -> list[Place]:
        """Type-ahead for a location page (empty when the kiosk has no gazetteer)."""
        return self.gazetteer.search(typed, limit) if self.gazetteer else []

    # -- navigation rules ----------------------------------------------------------------

    def _needs_visit(self, page: Page) -> bool:
        if page.type == STOP:
            return True
        if page.id not in self._seen:
            return True
        return page.is_question and page.required and self._values.get(page.id) is None

    def _next_after(self, page_id: str) -> str:
        visible = self.visible_pages()
        ids = [p.id for p in visible]
        order = [p.id for p in self.journey.pages]
        position = order.index(page_id)
        later = [p for p in visible if order.index(p.id) > position]
        if self._changing:
            later = [p for p in later if self._needs_visit(p)]
        if later:
            return later[0].id
        if not self.is_complete():
            # Never reach check-your-answers with something missing: go to the first gap.
            gap = next(p for p in visible if self._needs_visit(p) and
                       (p.type == STOP or (p.is_question and p.required)))
            return gap.id if gap.id in ids else ids[0]
        self._changing = False
        return CHECK_ANSWERS

    # -- what to show --------------------------------------------------------------------

    def errors(self) -> list[FieldError]:
        """The errors on the current page, in the current language."""
        if self.at_check_answers or not self._problems:
            return []
        page = self.journey.page(self._current)
        return [FieldError(page.id, _message(page, p, self.language), p.part) for p in self._problems]

    def _progress_text(self, progress: tuple[int, int] | None) -> str:
        """"Question 2 of 6"; "Question 2" where an answer can add or take away questions
        (a page shown only for some answers): a total that changes mid-journey ("6 of 9"
        after a Yes) says nothing true, and GOV.UK's patterns advise against it."""
        if progress is None:
            return ""
        if any(p.show_if for p in self.journey.pages):
            return ui_word("progress_open", self.language, n=progress[0])
        return ui_word("progress", self.language, n=progress[0], total=progress[1])

    def page(self) -> PageModel:
        """The page on screen. Raises ``JourneyStateError`` on check-your-answers."""
        if self.at_check_answers:
            raise JourneyStateError("on check-your-answers: use check_answers()")
        lang = self.language
        page = self.journey.page(self._current)
        visible = self.visible_pages()
        questions = [p for p in visible if p.is_question]
        progress: tuple[int, int] | None = None
        if page.is_question and page.id in [q.id for q in questions]:
            progress = ([q.id for q in questions].index(page.id) + 1, len(questions))
        label = localise(page.label, lang)
        optional = page.is_question and not page.required
        heading = f"{label} {ui_word('optional', lang)}" if optional else label
        answer = self._pending if self._has_pending else self._raw.get(page.id)
        if answer is None:
            answer = _blank(page)
        ids = [p.id for p in visible]
        first = not ids or ids[0] == page.id
        return PageModel(
            journey_id=self.journey.id,
            journey_title=localise(self.journey.title, lang),
            page_id=page.id,
            question_type=page.type,
            heading=heading,
            label=label,
            hint=localise(page.hint, lang),
            body=localise(page.body, lang) if page.type != DECLARATION else "",
            options=_options(page, lang),
            answer=answer,
            errors=tuple(self.errors()),
            is_optional=optional,
            max_length=page.max_length if page.type in (TEXT, TEXTAREA) else None,
            progress=progress,
            progress_text=self._progress_text(progress),
            can_go_back=not first or self._changing,
            can_continue=page.type != STOP,
            continue_label=ui_word("continue", lang),
            changing=self._changing,
            places_available=page.type == LOCATION and self.gazetteer is not None,
            language=lang,
        )

    def check_answers(self) -> CheckAnswersModel:
        """The summary before sending: one row per question shown, with a Change target."""
        lang = self.language
        rows = []
        for page in self.visible_pages():
            if not page.is_question:
                continue
            question = localise(page.summary_label or page.label, lang)
            value = self._values.get(page.id)
            rows.append(SummaryRow(
                question=question,
                answer=_display(page, value, lang),
                change_target=page.id,
                change_label=ui_word("change_named", lang, label=question.rstrip("?")),
                provided=value is not None,
            ))
        fee = ""
        if self.journey.fee is not None:
            from kiosk.fees import fee_pence
            from kiosk.pay_page import fee_sentence

            fee = fee_sentence(fee_pence(self.journey.fee, self._values), lang)
        return CheckAnswersModel(
            journey_title=localise(self.journey.title, lang),
            heading=ui_word("check_answers", lang),
            rows=tuple(rows),
            submit_label=localise(self.journey.submit_label, lang) or ui_word("submit", lang),
            language=lang,
            fee=fee,
        )

    def submission(self) -> Submission:
        """What to queue. Raises ``IncompleteAnswers`` unless the journey is complete."""
        if not self.is_complete():
            raise IncompleteAnswers(validate_answers(
                self.journey, self._raw, self.language, gazetteer=self.gazetteer, today=self._today()))
        return build_submission(self.journey, self._values, draft_id=self.draft_id, language=self.language)

    def payload(self) -> dict[str, Any]:
        """``submission().as_dict()``: standard fields plus attributes, JSON-ready."""
        return self.submission().as_dict()

    def confirmation(self) -> ConfirmationModel:
        c = self.journey.confirmation
        lang = self.language
        return ConfirmationModel(localise(c.title, lang), localise(c.next_steps, lang),
                                 localise(c.when, lang), localise(c.contact, lang))


def _blank(page: Page) -> Any:
    if page.type == DATE:
        return DateParts()
    if page.type == LOCATION:
        return LocationInput()
    if page.type == MULTIPLE_CHOICE:
        return ()
    if page.type == DECLARATION:
        return False
    if page.type in (SINGLE_CHOICE, YES_NO):
        return ""
    return ""


# --- all answers at once (kiosk queue add) ----------------------------------------------


def _evaluate(
    journey: Journey, answers: Mapping[str, Any], language: str,
    gazetteer: Gazetteer | None, today: dt.date,
) -> tuple[dict[str, Any], list[FieldError]]:
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    known = {p.id for p in journey.pages}
    for key in answers:
        if key not in known:
            message = messages.render_message("unknown_question", language, {}, label=printable(str(key)))
            errors.append(FieldError(printable(str(key)), message))
    shown: set[str] = set()
    for page in journey.pages:
        if not _visible(page, values, shown):
            continue
        shown.add(page.id)
        if page.type == STOP:
            message = messages.render_message("not_eligible", language, {},
                                              label=localise(page.label, language))
            errors.append(FieldError(page.id, message))
            break
        if not page.is_question:
            continue
        raw = coerce_raw(page, answers.get(page.id))
        value, problem = _validate(page, raw, gazetteer, today)
        if problem is not None:
            errors.append(FieldError(page.id, _message(page, problem, language), problem.part))
        elif value is not None:
            values[page.id] = value
    return values, errors


def validate_answers(
    journey: Journey,
    answers: Mapping[str, Any],
    language: str = DEFAULT_LANGUAGE,
    *,
    gazetteer: Gazetteer | None = None,
    today: dt.date | None = None,
) -> list[FieldError]:
    """Check a whole set of answers (keyed by question id) by the same rules as the screens.

    Answers to pages the other answers hide are ignored; a question the journey does
    not ask is an error, and so is reaching a stop page.
    """
    return _evaluate(journey, answers, language, gazetteer, today or dt.date.today())[1]


def submission_from_answers(
    journey: Journey,
    answers: Mapping[str, Any],
    language: str = DEFAULT_LANGUAGE,
    *,
    gazetteer: Gazetteer | None = None,
    today: dt.date | None = None,
    draft_id: str | None = None,
) -> Submission:
    """The submission for answers taken on a resident's behalf; raises ``IncompleteAnswers``."""
    values, errors = _evaluate(journey, answers, language, gazetteer, today or dt.date.today())
    if errors:
        raise IncompleteAnswers(errors)
    return build_submission(journey, values, draft_id=draft_id or str(uuid.uuid4()), language=language)


__all__ = [
    "CHECK_ANSWERS", "CheckAnswersModel", "ConfirmationModel", "DateParts", "FieldError",
    "IncompleteAnswers", "JourneyRun", "JourneyStateError", "Location", "LocationInput",
    "PageModel", "Submission", "SummaryRow", "build_submission", "coerce_raw",
    "submission_from_answers", "validate_answers",
]

"""Journey files: YAML a content designer edits, checked against the schema when loaded.

``parse_journey`` turns an already-parsed document into a ``Journey`` or raises
``JourneyFileError`` naming the file, the place inside it (``pages[2].options[0].label``)
and the problem in one plain line. ``load_journeys`` loads many files and keeps going
past a bad one, returning the problems alongside the journeys that loaded.

The format, in short (see ``data/report-fly-tipping.yaml`` for a full example)::

    id: report-fly-tipping          # lower case letters, digits, hyphens
    version: 1                      # recorded with every submission
    group: report                   # report, request, have_your_say, check, learn, help
    destination: FLYTIP             # Open311 service code, or "webhook"
    title: {en: ..., cy: ...}       # every text is a map of language to words
    description: {en: ..., cy: ...}
    submit_label: {en: Send your report, cy: ...}
    pages:                          # one question per page, in order
      - id: what
        type: single_choice         # text textarea number date single_choice
                                    # multiple_choice yes_no postcode location email
                                    # phone declaration info stop
        label: {en: ..., cy: ...}   # the question, shown as the page heading
        hint: {en: ..., cy: ...}    # optional, one short sentence without a full stop
        required: false             # optional pages get "(optional)" added to the label
        options: [{value: bags, label: {en: ..., cy: ...}}]
        show_if: {question: what, equals: bags}     # or in: [a, b]; or a list (all hold)
        errors: {required: {en: Select what was dumped, cy: ...}}
        name: {en: Description, cy: y disgrifiad}   # in default messages (Welsh: with its article)
        field: description          # send as a standard field instead of an attribute
        code: waste_type            # send under this attribute code (default: the id)
        max_length: 500             # text and textarea
        min: 1                      # number (also max, whole_number: true)
        date_range: past            # date: any, past or future
    fee:                            # optional: what it costs, in whole pence
      amount: 2500                  # charged every time
      per_item: item_count          # a number question: each item beyond 'included'
      item_amount: 500              #   costs this much more
      included: 3
      cap: 5000                     # the most it can cost
      pay_before_sending: true      # optional: wait until paid (default: [pay] setting)
    confirmation:
      title: {en: ..., cy: ...}
      next_steps: {en: ..., cy: ...}
      when: {en: ..., cy: ...}
      contact: {en: ..., cy: ...}
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from kiosk.journeys import messages
from kiosk.journeys.model import (
    AUTOMATED_SOURCES,
    DATE,
    DATE_ANY,
    GROUPS,
    INFO,
    MULTIPLE_CHOICE,
    NUMBER,
    PAGE_TYPES,
    SINGLE_CHOICE,
    STANDARD_FIELDS,
    STOP,
    TEXT,
    TEXTAREA,
    YES_NO,
    Automated,
    Condition,
    Confirmation,
    Fee,
    Journey,
    Option,
    Page,
)
from kiosk.yaml_text import YamlSyntaxError, parse_yaml

DEFAULT_MAX_LENGTH = {TEXT: 100, TEXTAREA: 500}
# Question types whose default "empty answer" message is too general for a curated journey.
NEEDS_OWN_REQUIRED_MESSAGE = (TEXT, TEXTAREA, NUMBER, SINGLE_CHOICE, MULTIPLE_CHOICE, YES_NO)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[A-Za-z0-9_\-]+)?$")
_PAGE_ID = re.compile(r"^[A-Za-z0-9_\-]+$")
_LANG = re.compile(r"^[a-z]{2,3}$")
ERROR_CODES = frozenset(messages.DEFAULT_MESSAGES)


class JourneyFileError(ValueError):
    """A journey file cannot be used: ``file``, ``place`` inside it, and the ``problem``."""

    def __init__(self, file: str, place: str, problem: str) -> None:
        self.file = file
        self.place = place
        self.problem = problem
        super().__init__(f"{file}: {place}: {problem}" if place else f"{file}: {problem}")


@dataclass(frozen=True)
class LoadProblem:
    """A journey that was skipped, for the staff panel and the start-up log."""

    file: str
    place: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.place}: {self.problem}" if self.place else f"{self.file}: {self.problem}"


@dataclass(frozen=True)
class LoadResult:
    journeys: tuple[Journey, ...]
    problems: tuple[LoadProblem, ...]


class _Reader:
    """Walks one document, raising ``JourneyFileError`` at the first problem."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, place: str, problem: str) -> JourneyFileError:
        return JourneyFileError(self.origin, place, problem)

    def mapping(self, value: Any, place: str, allowed: Iterable[str], required: Iterable[str] = ()) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(place, "must be a mapping of keys to values")
        allowed = tuple(allowed)
        for key in value:
            if key not in allowed:
                raise self.fail(place, f"unknown key {key!r} (expected one of: {', '.join(allowed)})")
        for key in required:
            if key not in value or value[key] is None:
                raise self.fail(place, f"{key!r} is missing")
        return value

    def text(self, value: Any, place: str) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.fail(place, f"must be text, not {type(value).__name__}")
        text = str(value).strip()
        if not text:
            raise self.fail(place, "must not be empty")
        return text

    def local(self, value: Any, place: str) -> dict[str, str]:
        """Words per language; plain text counts as English only."""
        if isinstance(value, str):
            if not value.strip():
                raise self.fail(place, "must not be empty")
            return {"en": value.strip()}
        if not isinstance(value, Mapping) or not value:
            raise self.fail(place, "must be words per language, like {en: ..., cy: ...}")
        words: dict[str, str] = {}
        for lang, text in value.items():
            if not isinstance(lang, str) or not _LANG.match(lang):
                raise self.fail(place, f"{lang!r} is not a language code like en or cy")
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"{place}.{lang}", "must be some words")
            words[lang] = text.strip()
        if "en" not in words:
            raise self.fail(place, "needs English words ('en'), used when a language is missing")
        return words

    def optional_local(self, value: Any, place: str) -> dict[str, str] | None:
        return None if value is None else self.local(value, place)

    def boolean(self, value: Any, place: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(place, f"must be true or false, not {value!r}")
        return value

    def number(self, value: Any, place: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(place, f"must be a number, not {value!r}")
        return float(value)


def _answer_value(value: Any) -> str:
    """Condition values as the engine stores answers (YAML reads ``yes`` as true)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


PAGE_KEYS = (
    "id", "type", "label", "hint", "body", "required", "options", "show_if", "errors", "name",
    "code", "field", "max_length", "min", "max", "whole_number", "date_range", "summary_label",
)


def _parse_page(r: _Reader, raw: Any, place: str, earlier: Mapping[str, Page], generated: bool) -> Page:
    m = r.mapping(raw, place, PAGE_KEYS, required=("id", "type", "label"))
    page_id = r.text(m["id"], f"{place}.id")
    if not _PAGE_ID.match(page_id):
        raise r.fail(f"{place}.id", "use only letters, digits, hyphens and underscores")
    if page_id in earlier:
        raise r.fail(f"{place}.id", f"another page is already called {page_id!r}")
    kind = r.text(m["type"], f"{place}.type")
    if kind not in PAGE_TYPES:
        raise r.fail(f"{place}.type", f"{kind!r} is not a page type (expected one of: {', '.join(PAGE_TYPES)})")
    label = r.local(m["label"], f"{place}.label")
    for lang, words in label.items():
        if "*" in words:
            raise r.fail(f"{place}.label.{lang}", "never mark questions with asterisks")
        if "(optional)" in words.lower() or "(dewisol)" in words.lower():
            raise r.fail(f"{place}.label.{lang}", "leave out '(optional)': it is added for optional pages")
    is_question = kind not in (INFO, STOP)
    required = r.boolean(m.get("required", True), f"{place}.required")
    if not is_question:
        for key in ("required", "options", "errors", "field", "code", "max_length", "min", "max"):
            if key in m:
                raise r.fail(f"{place}.{key}", f"a page of type {kind!r} asks nothing, so it has no {key!r}")
        required = False

    options: list[Option] = []
    if kind in (SINGLE_CHOICE, MULTIPLE_CHOICE, YES_NO):
        raw_options = m.get("options")
        if raw_options is None and kind != YES_NO:
            raise r.fail(place, "'options' is missing (a choice needs at least one option)")
        if raw_options is not None:
            if not isinstance(raw_options, list) or not raw_options:
                raise r.fail(f"{place}.options", "must be a list of options")
            for i, raw_option in enumerate(raw_options):
                op = f"{place}.options[{i}]"
                om = r.mapping(raw_option, op, ("value", "label", "hint"), required=("value", "label"))
                value = _answer_value(om["value"])
                if any(o.value == value for o in options):
                    raise r.fail(f"{op}.value", f"two options have the value {value!r}")
                options.append(Option(value, r.local(om["label"], f"{op}.label"),
                                      r.optional_local(om.get("hint"), f"{op}.hint")))
            if kind == YES_NO and sorted(o.value for o in options) != ["no", "yes"]:
                raise r.fail(f"{place}.options", "a yes_no page has exactly the values yes and no")
    elif "options" in m:
        raise r.fail(f"{place}.options", f"a page of type {kind!r} has no options")

    conditions: list[Condition] = []
    raw_show = m.get("show_if")
    if raw_show is not None:
        items = raw_show if isinstance(raw_show, list) else [raw_show]
        for i, raw_cond in enumerate(items):
            cp = f"{place}.show_if" + (f"[{i}]" if isinstance(raw_show, list) else "")
            cm = r.mapping(raw_cond, cp, ("question", "equals", "in"), required=("question",))
            target_id = r.text(cm["question"], f"{cp}.question")
            target = earlier.get(target_id)
            if target is None or not target.is_question:
                raise r.fail(f"{cp}.question", f"{target_id!r} is not a question on an earlier page")
            if ("equals" in cm) == ("in" in cm):
                raise r.fail(cp, "give either 'equals: VALUE' or 'in: [VALUES]'")
            values: tuple[str, ...]
            if "equals" in cm:
                values = (_answer_value(cm["equals"]),)
            else:
                if not isinstance(cm["in"], list) or not cm["in"]:
                    raise r.fail(f"{cp}.in", "must be a list of values")
                values = tuple(_answer_value(v) for v in cm["in"])
            known = {o.value for o in target.options} or ({"yes", "no"} if target.type == YES_NO else set())
            for value in values:
                if known and value not in known:
                    raise r.fail(cp, f"{value!r} is not an answer to {target_id!r} "
                                     f"(expected one of: {', '.join(sorted(known))})")
            conditions.append(Condition(target_id, values))

    errors: dict[str, dict[str, str]] = {}
    if "errors" in m:
        em = r.mapping(m["errors"], f"{place}.errors", sorted(ERROR_CODES))
        for code, words in em.items():
            errors[code] = r.local(words, f"{place}.errors.{code}")
    if is_question and required and not generated and kind in NEEDS_OWN_REQUIRED_MESSAGE:
        if "required" not in errors and "required_choice" not in errors:
            raise r.fail(f"{place}.errors", "a required question needs its own 'required' message, "
                                            "like 'Enter a description of the problem'")

    field = ""
    if "field" in m:
        field = r.text(m["field"], f"{place}.field")
        if field not in STANDARD_FIELDS:
            raise r.fail(f"{place}.field", f"{field!r} is not a standard field (expected one of: {', '.join(STANDARD_FIELDS)})")
    max_length = DEFAULT_MAX_LENGTH.get(kind)
    if "max_length" in m:
        if kind not in (TEXT, TEXTAREA):
            raise r.fail(f"{place}.max_length", "only text and textarea pages have a max_length")
        value = m["max_length"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise r.fail(f"{place}.max_length", "must be a whole number of characters, 1 or more")
        max_length = value
    min_value = max_value = None
    if "min" in m or "max" in m or "whole_number" in m:
        if kind != NUMBER:
            raise r.fail(place, "only number pages have 'min', 'max' or 'whole_number'")
        min_value = r.number(m["min"], f"{place}.min") if "min" in m else None
        max_value = r.number(m["max"], f"{place}.max") if "max" in m else None
        if min_value is not None and max_value is not None and min_value > max_value:
            raise r.fail(place, "'min' must not be more than 'max'")
    date_range = DATE_ANY
    if "date_range" in m:
        if kind != DATE:
            raise r.fail(f"{place}.date_range", "only date pages have a date_range")
        date_range = r.text(m["date_range"], f"{place}.date_range")
        if date_range not in ("any", "past", "future"):
            raise r.fail(f"{place}.date_range", "must be any, past or future")
    return Page(
        id=page_id,
        type=kind,
        label=label,
        hint=r.optional_local(m.get("hint"), f"{place}.hint"),
        body=r.optional_local(m.get("body"), f"{place}.body"),
        required=required,
        options=tuple(options),
        show_if=tuple(conditions),
        errors=errors,
        name=r.optional_local(m.get("name"), f"{place}.name"),
        code=r.text(m["code"], f"{place}.code") if "code" in m else "",
        field=field,
        max_length=max_length,
        min_value=min_value,
        max_value=max_value,
        whole_number=r.boolean(m.get("whole_number", False), f"{place}.whole_number"),
        date_range=date_range,
        summary_label=r.optional_local(m.get("summary_label"), f"{place}.summary_label"),
    )


JOURNEY_KEYS = (
    "id", "version", "title", "description", "group", "destination", "pages", "confirmation",
    "submit_label", "automated", "service_code", "fee",
)
FEE_KEYS = ("amount", "per_item", "item_amount", "included", "cap", "pay_before_sending")


def _pence(r: _Reader, value: Any, place: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise r.fail(place, f"must be a whole number of pence, 0 or more, like 2550 for £25.50, not {value!r}")
    return value


def _parse_fee(r: _Reader, raw: Any, pages: Mapping[str, Page]) -> Fee:
    fm = r.mapping(raw, "fee", FEE_KEYS, required=("amount",))
    per_item = r.text(fm["per_item"], "fee.per_item") if "per_item" in fm else ""
    if per_item and (per_item not in pages or pages[per_item].type != NUMBER):
        raise r.fail("fee.per_item", f"{per_item!r} must be the id of a number question")
    if per_item and "item_amount" not in fm:
        raise r.fail("fee", "'item_amount' is missing (the pence each item costs)")
    cap = _pence(r, fm["cap"], "fee.cap") if "cap" in fm else None
    return Fee(
        amount=_pence(r, fm["amount"], "fee.amount"),
        per_item=per_item,
        item_amount=_pence(r, fm["item_amount"], "fee.item_amount") if "item_amount" in fm else 0,
        included=_pence(r, fm["included"], "fee.included") if "included" in fm else 0,
        cap=cap,
        pay_before_sending=(r.boolean(fm["pay_before_sending"], "fee.pay_before_sending")
                            if "pay_before_sending" in fm else None),
    )


def parse_journey(data: Any, origin: str, *, generated: bool = False) -> Journey:
    """A journey from a parsed document; raises ``JourneyFileError`` at the first problem."""
    r = _Reader(origin)
    m = r.mapping(data, "journey", JOURNEY_KEYS,
                  required=("id", "version", "title", "description", "group", "destination",
                            "pages", "confirmation"))
    journey_id = r.text(m["id"], "id")
    if not _ID.match(journey_id):
        raise r.fail("id", f"{journey_id!r} must be lower case letters, digits and hyphens")
    group = r.text(m["group"], "group")
    if group not in GROUPS:
        raise r.fail("group", f"{group!r} is not a home-screen group (expected one of: {', '.join(GROUPS)})")
    if not isinstance(m["pages"], list) or not m["pages"]:
        raise r.fail("pages", "must be a list with at least one page")
    pages: dict[str, Page] = {}
    for i, raw_page in enumerate(m["pages"]):
        page = _parse_page(r, raw_page, f"pages[{i}]", pages, generated)
        pages[page.id] = page
    codes = [p.answer_code for p in pages.values() if p.is_question and not p.field]
    for code in codes:
        if codes.count(code) > 1:
            raise r.fail("pages", f"two questions are sent under the code {code!r}")
    cm = r.mapping(m["confirmation"], "confirmation", ("title", "next_steps", "when", "contact"),
                   required=("title", "next_steps"))
    confirmation = Confirmation(
        title=r.local(cm["title"], "confirmation.title"),
        next_steps=r.local(cm["next_steps"], "confirmation.next_steps"),
        when=r.optional_local(cm.get("when"), "confirmation.when"),
        contact=r.optional_local(cm.get("contact"), "confirmation.contact"),
    )
    automated: list[Automated] = []
    raw_auto = m.get("automated") or []
    if not isinstance(raw_auto, list):
        raise r.fail("automated", "must be a list of {code, source}")
    for i, raw_a in enumerate(raw_auto):
        am = r.mapping(raw_a, f"automated[{i}]", ("code", "source"), required=("code", "source"))
        source = r.text(am["source"], f"automated[{i}].source")
        if source not in AUTOMATED_SOURCES:
            raise r.fail(f"automated[{i}].source", f"{source!r} is not one of: {', '.join(AUTOMATED_SOURCES)}")
        automated.append(Automated(r.text(am["code"], f"automated[{i}].code"), source))
    if not any(p.type != STOP for p in pages.values()):
        raise r.fail("pages", "needs at least one page that is not a stop page")
    return Journey(
        id=journey_id,
        version=r.text(m["version"], "version"),
        title=r.local(m["title"], "title"),
        description=r.local(m["description"], "description"),
        group=group,
        destination=r.text(m["destination"], "destination"),
        pages=tuple(pages.values()),
        confirmation=confirmation,
        submit_label=r.optional_local(m.get("submit_label"), "submit_label"),
        automated=tuple(automated),
        service_code=r.text(m["service_code"], "service_code") if "service_code" in m else "",
        origin=origin,
        generated=generated,
        fee=_parse_fee(r, m["fee"], pages) if m.get("fee") is not None else None,
    )


def parse_journey_text(text: str, origin: str) -> Journey:
    """A journey from YAML (or JSON) text; syntax errors name the line."""
    try:
        data = parse_yaml(text)
    except YamlSyntaxError as exc:
        raise JourneyFileError(origin, exc.place, f"not valid YAML ({exc.problem})") from None
    return parse_journey(data, origin)


def load_journey_file(path: str | os.PathLike[str]) -> Journey:
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise JourneyFileError(str(path), "", f"cannot be read ({type(exc).__name__})") from None
    return parse_journey_text(text, str(path))


def load_journeys(paths: Iterable[str | os.PathLike[str]]) -> LoadResult:
    """Load every file; a bad file is reported and skipped, the rest load."""
    journeys: list[Journey] = []
    problems: list[LoadProblem] = []
    for path in paths:
        try:
            journey = load_journey_file(path)
        except JourneyFileError as exc:
            problems.append(LoadProblem(exc.file, exc.place, exc.problem))
            continue
        if any(j.id == journey.id for j in journeys):
            problems.append(LoadProblem(str(path), "id", f"another journey is already called {journey.id!r}"))
            continue
        journeys.append(journey)
    return LoadResult(tuple(journeys), tuple(problems))


def load_journey_dir(folder: str | os.PathLike[str]) -> LoadResult:
    """Every ``*.yaml`` and ``*.json`` journey in a folder (a council's own journeys)."""
    base = Path(folder)
    paths = sorted(p for p in base.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    return load_journeys(paths)


def load_builtin_journeys() -> LoadResult:
    """The journeys shipped in ``kiosk/journeys/data``."""
    base = resources.files("kiosk.journeys").joinpath("data")
    journeys: list[Journey] = []
    problems: list[LoadProblem] = []
    for entry in sorted(base.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        origin = f"kiosk/journeys/data/{entry.name}"
        try:
            journeys.append(parse_journey_text(entry.read_text("utf-8"), origin))
        except JourneyFileError as exc:
            problems.append(LoadProblem(exc.file, exc.place, exc.problem))
    return LoadResult(tuple(journeys), tuple(problems))

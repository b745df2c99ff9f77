"""Journeys built from an Open311 GeoReport v2 service and its definition.

``journey_from_open311(destination, service, definition)`` takes the service-list entry
and the service definition, already parsed (from XML or JSON) into plain dicts, and
returns a ``Journey`` with the id ``DESTINATION.SERVICE_CODE``:

* a location page first, then one page per attribute in ``order`` (missing order last),
  then a description page and optional name, email and phone pages;
* datatypes become question types (``string`` text, ``number`` number, ``datetime``
  date, ``text`` textarea, ``singlevaluelist`` single choice, ``multivaluelist``
  multiple choice; anything else is asked as text);
* a value's ``key`` is sent while its ``name`` is shown;
* ``variable: false`` attributes are shown as information pages;
* ``automated: server_set`` attributes (and the well-known ``easting``, ``northing``,
  ``closest_address`` and client id codes when not variable) are filled by the kiosk
  without asking: the submission id, the grid reference, the address.

It forgives the quirks of real servers (open311.md §5 A): one-element lists or single
objects where lists belong, numbers where codes are meant (kept as text), ``"true"``
for true, empty or missing ``attributes`` and ``values``, HTML in descriptions.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.i18n import LocalText
from kiosk.journeys.model import Automated, Confirmation, Journey, Option, Page
from kiosk.journeys.schema import parse_journey

DATATYPES = {
    "string": "text",
    "number": "number",
    "datetime": "date",
    "text": "textarea",
    "singlevaluelist": "single_choice",
    "multivaluelist": "multiple_choice",
}
# Codes that servers set from the client's data when they are not asked of the resident.
KNOWN_SERVER_SET = {
    "easting": "easting",
    "northing": "northing",
    "closest_address": "address_string",
    "lat": "lat",
    "latitude": "lat",
    "long": "long",
    "longitude": "long",
}
_ID_CODES = re.compile(r"(^|_)(fixmystreet_id|kiosk_submission_id|submission_id|client_id|report_id|external_id)$")
STANDARD_PAGE_IDS = ("location", "description", "name", "email", "phone")
DESCRIPTION_MAX = 1000
# Caps on what one service brings (a council's definition can be huge): choices offered per
# question, and characters of any label or description taken from the server.
MAX_VALUES = 100
MAX_TEXT = 600


class CatalogueError(ValueError):
    """A service or definition that cannot become a journey; the message says why."""


def _one(value: Any) -> Any:
    """A single value where a server may send a one-element list."""
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value


def _items(value: Any, inner: str) -> list[Any]:
    """A list where a server may send nothing, one object, or ``{inner: [...]}``."""
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, Mapping) and inner in value and len(value) == 1:
        return _items(value[inner], inner)
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, Mapping) and inner in item and len(item) == 1:
                out.extend(_items(item[inner], inner))
            else:
                out.append(item)
        return out
    return [value]


def text_of(value: Any) -> str:
    """Any scalar as text: codes stay text, ``1.0`` from JSON becomes ``"1"``, None is empty."""
    value = _one(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def truth(value: Any, default: bool = False) -> bool:
    """``true``, ``"true"``, ``"True"``, ``1`` are true; a missing value is ``default``."""
    value = _one(value)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes")


def plain(text: Any) -> str:
    """Server text made safe to show: tags removed, entities decoded, spaces tidied, at most
    ``MAX_TEXT`` characters."""
    words = text_of(text)[: MAX_TEXT * 4]
    if "<" in words or "&" in words:
        words = html.unescape(re.sub(r"<[^>]*>", " ", words))
    return " ".join(words.split())[:MAX_TEXT]


def _order(raw: Any, position: int) -> tuple[int, int]:
    try:
        return (int(float(text_of(raw))), position)
    except ValueError:
        return (10**9, position)


def _safe_id(code: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_\-]", "_", code) or "attribute"
    if base in STANDARD_PAGE_IDS:
        base = f"attribute_{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _automated_source(code: str, flag: str, variable: bool) -> str | None:
    lowered = code.lower()
    if flag == "server_set" or not variable:
        if lowered in KNOWN_SERVER_SET:
            return KNOWN_SERVER_SET[lowered]
        if _ID_CODES.search(lowered):
            return "submission_id"
        if flag == "server_set":
            return "submission_id" if "id" in lowered.split("_") else "address_string"
    return None


def _attribute_page(attr: Mapping[str, Any], page_id: str, code: str) -> Page:
    """The question for one attribute, built directly (the catalogue can be 10,000 services:
    no document to validate again); value lists and texts are capped."""
    label = plain(attr.get("description")) or code
    hint = plain(attr.get("datatype_description"))
    datatype = text_of(attr.get("datatype")).lower()
    kind = DATATYPES.get(datatype, "text")
    options: list[Option] = []
    if kind in ("single_choice", "multiple_choice"):
        seen: set[str] = set()
        for raw in _items(attr.get("values"), "value"):
            if isinstance(raw, Mapping):
                key, name = text_of(raw.get("key")), plain(raw.get("name"))
            else:
                key, name = text_of(raw), text_of(raw)
            if not key or key in seen:
                continue
            seen.add(key)
            options.append(Option(key, {"en": name or key}))
            if len(options) == MAX_VALUES:
                break
        if not options:  # a list with nothing to choose: ask in words instead
            kind = "text"
    max_length = 200 if kind == "text" else DESCRIPTION_MAX if kind == "textarea" else None
    return Page(id=page_id, type=kind, label={"en": label}, required=truth(attr.get("required")),
                hint={"en": hint.rstrip(".")} if hint and hint.lower() != label.lower() else None,
                options=tuple(options), code=code, max_length=max_length)


def _standard_pages(after_attributes: bool) -> list[dict[str, Any]]:
    if not after_attributes:
        return [{
            "id": "location", "type": "location",
            "label": {"en": "Where is the problem?", "cy": "Ble mae’r broblem?",
                      "ur": "مسئلہ کہاں ہے؟"},
            "hint": {"en": "Start typing the street name, or use a postcode",
                     "cy": "Dechreuwch deipio enw’r stryd, neu defnyddiwch god post",
                     "ur": "گلی کا نام لکھنا شروع کریں، یا پوسٹ کوڈ استعمال کریں"},
            "summary_label": {"en": "Where", "cy": "Ble", "ur": "کہاں"},
        }]
    return [
        {
            "id": "description", "type": "textarea", "field": "description",
            "max_length": DESCRIPTION_MAX,
            "label": {"en": "Describe the problem", "cy": "Disgrifiwch y broblem",
                      "ur": "مسئلے کے بارے میں بتائیں"},
            "hint": {"en": "Say what you can see and anything we need to know",
                     "cy": "Dywedwch beth rydych chi’n ei weld ac unrhyw beth mae angen i ni ei wybod",
                     "ur": "بتائیں کہ آپ کو کیا نظر آ رہا ہے، اور کوئی بھی بات جو ہمیں جاننی چاہیے"},
            "name": {"en": "Description", "cy": "y disgrifiad", "ur": "تفصیل"},
            "errors": {"required": {"en": "Enter a description of the problem",
                                    "cy": "Rhowch ddisgrifiad o’r broblem",
                                    "ur": "مسئلے کی تفصیل لکھیں"}},
        },
        {
            "id": "name", "type": "text", "field": "name", "required": False, "max_length": 70,
            "label": {"en": "What is your name?", "cy": "Beth yw eich enw?",
                      "ur": "آپ کا نام کیا ہے؟"},
            "name": {"en": "Your name", "cy": "eich enw", "ur": "آپ کا نام"},
        },
        {
            "id": "email", "type": "email", "field": "email", "required": False,
            "label": {"en": "What is your email address?", "cy": "Beth yw eich cyfeiriad e-bost?",
                      "ur": "آپ کا ای میل ایڈریس کیا ہے؟"},
            "hint": {"en": "We will send you updates about your report",
                     "cy": "Byddwn yn anfon diweddariadau am eich adroddiad atoch chi",
                     "ur": "ہم آپ کو آپ کی رپورٹ کے بارے میں تازہ معلومات بھیجیں گے"},
        },
        {
            "id": "phone", "type": "phone", "field": "phone", "required": False,
            "label": {"en": "What is your phone number?", "cy": "Beth yw eich rhif ffôn?",
                      "ur": "آپ کا فون نمبر کیا ہے؟"},
            "hint": {"en": "We will only call if we need to ask about your report",
                     "cy": "Dim ond os bydd angen i ni ofyn am eich adroddiad y byddwn yn ffonio",
                     "ur": "ہم صرف اس صورت میں فون کریں گے جب ہمیں آپ کی رپورٹ کے بارے میں کچھ پوچھنا ہو"},
        },
    ]


INFO_LABEL = {"en": "Before you continue", "cy": "Cyn i chi barhau", "ur": "آگے بڑھنے سے پہلے"}
CONFIRMATION = {
    "title": {"en": "Your report is saved", "cy": "Mae eich adroddiad wedi’i gadw",
              "ur": "آپ کی رپورٹ محفوظ ہو گئی ہے"},
    "next_steps": {
        "en": "This kiosk will send your report to the council. The right team will look at it.",
        "cy": "Bydd y ciosg hwn yn anfon eich adroddiad at y cyngor. Bydd y tîm cywir yn edrych arno.",
        "ur": "یہ کیوسک آپ کی رپورٹ کونسل کو بھیجے گا۔ صحیح ٹیم اسے دیکھے گی۔",
    },
}


# Attribute codes the kiosk will not ask under: they would be sent as (or mistaken for) the
# standard fields of the request, or break the ``attribute[CODE]`` form field.
RESERVED_CODES = frozenset((
    "api_key", "jurisdiction_id", "service_code", "description", "address_string", "address_id",
    "lat", "long", "first_name", "last_name", "name", "email", "phone", "device_id", "account_id",
    "media_url", "media", "attribute",
))


def refused_code(code: str) -> str | None:
    """Why an attribute code cannot be asked and sent safely, or None when it can."""
    if code.lower() in RESERVED_CODES:
        return f"its code {code!r} is also a standard Open311 field"
    if any(c in code for c in "[]&=") or any(ord(c) < 32 for c in code):
        return f"its code {code!r} has characters that cannot be sent as attribute[{code}]"
    return None


class _Later:
    """A value made the first time it is read."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


class _Deferred:
    """A journey field set like any other, made on first read when it was set to ``_Later``."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_deferred_{name}"

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.slot]
        if isinstance(value, _Later):
            value = value.make()
            obj.__dict__[self.slot] = value
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.slot] = value


class CatalogueJourney(Journey):
    """A journey built from an Open311 service. Its pages (with their value lists) and its
    version are made when first read, so 10,000 services make their home-screen list at
    once and each pays for its questions only when a resident opens it."""

    pages = _Deferred()
    version = _Deferred()


@functools.cache
def _standard_parts() -> tuple[tuple[Page, ...], tuple[Page, ...], Confirmation, LocalText | None]:
    """The fixed pages every catalogue journey has, checked once by the journey reader."""
    document = {
        "id": "generated", "version": "0", "group": "report", "destination": "CODE",
        "title": {"en": "Service"}, "description": {"en": "Service"}, "submit_label": SUBMIT_LABEL,
        "pages": _standard_pages(after_attributes=False) + _standard_pages(after_attributes=True),
        "confirmation": CONFIRMATION,
    }
    journey = parse_journey(document, "catalogue journeys", generated=True)
    return journey.pages[:1], journey.pages[1:], journey.confirmation, journey.submit_label


SUBMIT_LABEL = {"en": "Send your report", "cy": "Anfon eich adroddiad", "ur": "اپنی رپورٹ بھیجیں"}


def journey_from_open311(
    destination: str,
    service: Mapping[str, Any],
    definition: Mapping[str, Any] | None = None,
    notices: list[str] | None = None,
) -> Journey:
    """A journey for one Open311 service; raises ``CatalogueError`` if it cannot be asked.

    What is left out on the way (a duplicate code, a code that would collide with a standard
    field, values past ``MAX_VALUES``) is said in plain lines added to ``notices``."""
    if not isinstance(service, Mapping):
        raise CatalogueError("the service is not an object")
    code = text_of(service.get("service_code"))
    if not code:
        raise CatalogueError("the service has no service_code")
    name = plain(service.get("service_name")) or code
    description = plain(service.get("description")) or name
    said = notices if notices is not None else []

    raw_attributes: list[Any] = []
    if definition is not None and truth(service.get("metadata"), default=True):
        if not isinstance(definition, Mapping):
            raise CatalogueError("the service definition is not an object")
        def_code = text_of(definition.get("service_code"))
        if def_code and def_code != code:
            raise CatalogueError(f"the definition is for service {def_code!r}, not {code!r}")
        raw_attributes = _items(definition.get("attributes"), "attribute")

    indexed = [(a, i) for i, a in enumerate(raw_attributes) if isinstance(a, Mapping)]
    indexed.sort(key=lambda item: _order(item[0].get("order"), item[1]))
    taken: set[str] = set(STANDARD_PAGE_IDS)
    planned: list[tuple[Mapping[str, Any], str, str, bool]] = []  # (attribute, page id, code, asked)
    automated: list[Automated] = []
    used_codes: set[str] = set()
    for attr, _ in indexed:
        attr_code = text_of(attr.get("code"))
        if not attr_code:
            continue
        if attr_code in used_codes:
            said.append(f"the attribute code {attr_code!r} is listed twice; the first is used")
            continue
        used_codes.add(attr_code)
        variable = truth(attr.get("variable"), default=True)
        flag = text_of(attr.get("automated")).lower()
        source = _automated_source(attr_code, flag, variable)
        if source is not None:
            automated.append(Automated(attr_code, source))
            continue
        if flag == "hidden_field":
            continue  # filled by other systems' forms; the kiosk has nothing to put there
        if variable:
            why = refused_code(attr_code)
            if why is not None:
                if truth(attr.get("required")):
                    raise CatalogueError(f"a required question cannot be asked: {why}")
                said.append(f"a question is left out: {why}")
                continue
            values = attr.get("values")
            if isinstance(values, list) and len(values) > MAX_VALUES:
                said.append(f"the question {attr_code!r} has {len(values)} choices; "
                            f"only the first {MAX_VALUES} are offered")
        planned.append((attr, _safe_id(attr_code, taken), attr_code, variable))

    def pages() -> tuple[Page, ...]:
        first, after, _confirmation, _submit = _standard_parts()
        built: list[Page] = list(first)
        for attr, page_id, attr_code, asked in planned:
            if asked:
                built.append(_attribute_page(attr, page_id, attr_code))
                continue
            text = plain(attr.get("description"))
            if text:
                built.append(Page(id=page_id, type="info", label=INFO_LABEL, body={"en": text}, required=False))
        return tuple(built) + after

    def version() -> str:
        fingerprint = json.dumps([service, definition], sort_keys=True, default=str).encode("utf-8")
        return hashlib.sha256(fingerprint).hexdigest()[:12]

    _first, _after, confirmation, submit_label = _standard_parts()
    return CatalogueJourney(
        id=f"{destination}.{code}", version=_Later(version),  # type: ignore[arg-type]
        title={"en": name}, description={"en": description}, group="report", destination=code,
        pages=_Later(pages),  # type: ignore[arg-type]
        confirmation=confirmation, submit_label=submit_label, automated=tuple(automated),
        service_code=code, origin=f"catalogue {destination}, service {code}", generated=True,
    )

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

import hashlib
import html
import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from kiosk.journeys.model import Journey
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
    """Server text made safe to show: tags removed, entities decoded, spaces tidied."""
    words = re.sub(r"<[^>]*>", " ", text_of(text))
    return " ".join(html.unescape(words).split())


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


def _attribute_page(attr: Mapping[str, Any], page_id: str, code: str) -> dict[str, Any]:
    label = plain(attr.get("description")) or code
    hint = plain(attr.get("datatype_description"))
    datatype = text_of(attr.get("datatype")).lower()
    kind = DATATYPES.get(datatype, "text")
    page: dict[str, Any] = {"id": page_id, "code": code, "type": kind, "label": {"en": label},
                            "required": truth(attr.get("required"))}
    if hint and hint.lower() != label.lower():
        page["hint"] = {"en": hint.rstrip(".")}
    if kind in ("single_choice", "multiple_choice"):
        options: list[dict[str, Any]] = []
        seen: set[str] = set()
        for raw in _items(attr.get("values"), "value"):
            if isinstance(raw, Mapping):
                key, name = text_of(raw.get("key")), plain(raw.get("name"))
            else:
                key, name = text_of(raw), text_of(raw)
            if not key or key in seen:
                continue
            seen.add(key)
            options.append({"value": key, "label": {"en": name or key}})
        if options:
            page["options"] = options
        else:  # a list with nothing to choose: ask in words instead
            page["type"] = "text"
    if page["type"] == "text":
        page["max_length"] = 200
    if page["type"] == "textarea":
        page["max_length"] = DESCRIPTION_MAX
    return page


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


def journey_from_open311(
    destination: str,
    service: Mapping[str, Any],
    definition: Mapping[str, Any] | None = None,
) -> Journey:
    """A journey for one Open311 service; raises ``CatalogueError`` if it cannot be asked."""
    if not isinstance(service, Mapping):
        raise CatalogueError("the service is not an object")
    code = text_of(service.get("service_code"))
    if not code:
        raise CatalogueError("the service has no service_code")
    name = plain(service.get("service_name")) or code
    description = plain(service.get("description")) or name
    origin = f"catalogue {destination}, service {code}"

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
    pages = _standard_pages(after_attributes=False)
    automated: list[dict[str, str]] = []
    used_codes: set[str] = set()
    for attr, _ in indexed:
        attr_code = text_of(attr.get("code"))
        if not attr_code or attr_code in used_codes:
            continue
        used_codes.add(attr_code)
        variable = truth(attr.get("variable"), default=True)
        flag = text_of(attr.get("automated")).lower()
        source = _automated_source(attr_code, flag, variable)
        if source is not None:
            automated.append({"code": attr_code, "source": source})
            continue
        if flag == "hidden_field":
            continue  # filled by other systems' forms; the kiosk has nothing to put there
        page_id = _safe_id(attr_code, taken)
        if not variable:
            text = plain(attr.get("description"))
            if text:
                pages.append({"id": page_id, "type": "info", "label": INFO_LABEL, "body": {"en": text}})
            continue
        pages.append(_attribute_page(attr, page_id, attr_code))
    pages.extend(_standard_pages(after_attributes=True))

    document = {
        "id": "generated", "version": "0", "group": "report", "destination": code,
        "service_code": code, "title": {"en": name}, "description": {"en": description},
        "submit_label": {"en": "Send your report", "cy": "Anfon eich adroddiad",
                         "ur": "اپنی رپورٹ بھیجیں"},
        "pages": pages, "confirmation": CONFIRMATION, "automated": automated,
    }
    fingerprint = json.dumps([service, definition], sort_keys=True, default=str).encode("utf-8")
    version = hashlib.sha256(fingerprint).hexdigest()[:12]
    try:
        journey = parse_journey(document, origin, generated=True)
    except ValueError as exc:
        raise CatalogueError(str(exc)) from None
    return replace(journey, id=f"{destination}.{code}", version=version, generated=True)

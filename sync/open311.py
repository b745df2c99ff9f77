"""Open311 GeoReport v2: the wire format (JSON and XML), and a thin client for one destination.

Parsing follows open311.md §5 A: single elements are one-element lists, codes and ids
are opaque strings (numbers keep their raw text), ``"true"``/``"false"`` strings are
booleans, and empty or missing ``attributes`` mean no attributes. XML goes through
defusedxml (no entities, no DTDs).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from kiosk.config import Destination
from sync.http import Answer, Transport, TransportFailure, looks_like_html
from sync.outcome import (
    DELIVERED,
    RETRY,
    UNCONFIRMED,
    Outcome,
    from_http_failure,
    from_transport_failure,
    redact,
)

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

log = logging.getLogger(__name__)

DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
SERVICE_TYPES = ("realtime", "batch", "blackbox")
# Answers sent as top-level POST fields rather than attribute[CODE].
STANDARD_FIELDS = (
    "description", "address_string", "address_id", "lat", "long", "first_name", "last_name",
    "email", "phone", "device_id", "account_id", "media_url",
)
# Keys of a journey payload that describe the submission rather than answer anything.
META_KEYS = ("journey_id", "journey_version", "destination", "service_code", "draft_id", "language")
# server_set attributes that carry the client's own submission id (FMS calls it fixmystreet_id).
SUBMISSION_ID_CODES = (
    "kiosk_submission_id", "submission_id", "client_submission_id", "client_id", "external_id",
    "fixmystreet_id",
)
# Tags that are lists in Open311 XML, even with one element.
_LIST_TAGS = {"services": "service", "attributes": "attribute", "values": "value",
              "service_requests": "request", "requests": "request", "errors": "error"}
ORDER_LAST = 1_000_000
# What we ask for: the spec's JSON type, and both XML types (some servers serve only one).
ACCEPT = {"json": "application/json", "xml": "text/xml, application/xml"}
REASON_LIMIT = 200


class Open311FormatError(ValueError):
    """A body that is not the Open311 document expected; the message is one plain line."""


# -- parsing ----------------------------------------------------------------------------
def _element(e: Element) -> Any:
    children = list(e)
    if not children:
        return (e.text or "").strip()
    if e.tag in _LIST_TAGS:
        return [_element(c) for c in children]
    out: dict[str, Any] = {}
    for child in children:
        value = _element(child)
        if child.tag in out:
            if not isinstance(out[child.tag], list) or child.tag not in _LIST_TAGS.values():
                out[child.tag] = [out[child.tag]]
            out[child.tag].append(value)
        else:
            out[child.tag] = value
    return out


def _looks_xml(body: bytes) -> bool:
    return body.lstrip()[:1] == b"<"


def load_document(body: bytes) -> tuple[str, Any]:
    """Parse an Open311 body as JSON or XML (whichever it is). Returns (root tag or "", data).

    Raises ``Open311FormatError`` for HTML, empty or unreadable bodies."""
    text = body.lstrip()
    if not text:
        raise Open311FormatError("the answer was empty")
    if text[:1] in (b"[", b"{"):
        try:
            return "", json.loads(body.decode("utf-8-sig"), parse_int=str, parse_float=str)
        except (UnicodeDecodeError, ValueError) as exc:
            raise Open311FormatError(f"the answer is not readable JSON ({type(exc).__name__})") from None
    if _looks_xml(text):
        head = text[:512].lower()
        if head.startswith((b"<!doctype html", b"<html")):
            raise Open311FormatError("the answer is a web page, not Open311")
        # The XML parser is loaded by the first XML answer (most servers answer in JSON).
        from defusedxml import ElementTree as SafeET
        from defusedxml.common import DefusedXmlException

        try:
            root = SafeET.fromstring(body)
        except DefusedXmlException:
            raise Open311FormatError("the answer is XML with entities or a DTD, which are refused") from None
        except SafeET.ParseError:
            raise Open311FormatError("the answer is not readable XML") from None
        value = _element(root)
        if root.tag in _LIST_TAGS and not isinstance(value, list):
            value = [] if value == "" else [value]
        return root.tag, value
    raise Open311FormatError("the answer is neither JSON nor XML")


def as_list(value: Any, inner: str = "") -> list[Any]:
    """Force a list: None/"" → [], a dict wrapping ``inner`` → its content, a dict → [dict]."""
    if value is None or value == "" or value == {}:
        return []
    if isinstance(value, dict) and inner and set(value) == {inner}:
        return as_list(value[inner])
    if isinstance(value, list):
        return value
    return [value]


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


def as_bool(value: Any, default: bool = False) -> bool:
    if isinstance(value, bool):
        return value
    text = as_text(value).lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    return default


def as_order(value: Any) -> int:
    try:
        return int(float(as_text(value)))
    except ValueError:
        return ORDER_LAST


def normalise_service(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise Open311FormatError("a service is not a record")
    code = as_text(raw.get("service_code"))
    if not code:
        raise Open311FormatError("a service has no service_code")
    keywords = raw.get("keywords")
    if isinstance(keywords, list):
        words = [as_text(k) for k in keywords]
    else:
        words = as_text(keywords).split(",")
    kind = as_text(raw.get("type")).lower() or "realtime"
    return {
        "service_code": code,
        "service_name": as_text(raw.get("service_name")) or code,
        "description": as_text(raw.get("description")),
        "metadata": as_bool(raw.get("metadata")),
        "type": kind if kind in SERVICE_TYPES else "realtime",
        "keywords": [w.strip() for w in words if w.strip()],
        "group": as_text(raw.get("group")),
    }


def parse_services(body: bytes) -> list[dict[str, Any]]:
    """A GET Service List body (JSON or XML) as normalised service dicts."""
    root, data = load_document(body)
    if root and root != "services":
        raise Open311FormatError(f"expected a <services> list, got <{root}>")
    if isinstance(data, dict) and "services" in data:
        data = data["services"]
    if isinstance(data, dict) and "service" in data:
        data = data["service"]
    if not isinstance(data, list):
        raise Open311FormatError("the service list is not a list")
    services = [normalise_service(s) for s in as_list(data, "service")]
    codes = [s["service_code"] for s in services]
    if len(set(codes)) != len(codes):
        raise Open311FormatError("the service list names a service_code twice")
    return services


def normalise_attribute(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise Open311FormatError("an attribute is not a record")
    code = as_text(raw.get("code"))
    if not code:
        raise Open311FormatError("an attribute has no code")
    datatype = as_text(raw.get("datatype")).lower() or "string"
    if datatype not in DATATYPES:
        log.warning("attribute %s has unknown datatype %r; treated as string", code, datatype[:40])
        datatype = "string"
    values = []
    for v in as_list(raw.get("values"), "value"):
        if isinstance(v, dict) and as_text(v.get("key")):
            key = as_text(v.get("key"))
            values.append({"key": key, "name": as_text(v.get("name")) or key})
    attribute: dict[str, Any] = {
        "variable": as_bool(raw.get("variable"), default=True),
        "code": code,
        "datatype": datatype,
        "required": as_bool(raw.get("required")),
        "datatype_description": as_text(raw.get("datatype_description")),
        "order": as_order(raw.get("order")),
        "description": as_text(raw.get("description")),
        "values": values,
    }
    automated = as_text(raw.get("automated"))
    if automated:
        attribute["automated"] = automated
    return attribute


def parse_definition(body: bytes, service_code: str) -> dict[str, Any]:
    """A GET Service Definition body as ``{service_code, attributes}``, attributes by ``order``."""
    root, data = load_document(body)
    if root and root != "service_definition":
        raise Open311FormatError(f"expected <service_definition>, got <{root}>")
    if isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict):
        data = data[0]  # some servers wrap the definition in an array
    if isinstance(data, dict) and set(data) == {"service_definition"}:
        data = data["service_definition"]
    if data == "":
        data = {}
    if not isinstance(data, dict):
        raise Open311FormatError("the service definition is not a record")
    attributes = [normalise_attribute(a) for a in as_list(data.get("attributes"), "attribute")]
    attributes.sort(key=lambda a: a["order"])
    return {"service_code": as_text(data.get("service_code")) or service_code, "attributes": attributes}


@dataclass(frozen=True)
class RequestAnswer:
    """One ``request`` of a POST, token or GET answer (unknown fields ignored).

    ``raw`` is the record as parsed (nested values included), for matching our id."""

    remote_id: str | None
    token: str | None
    service_notice: str | None
    fields: Mapping[str, str]
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        """An error record (``code`` and ``description``/``detail``) and nothing else we know."""
        return (not self.remote_id and not self.token and "code" in self.fields
                and bool(self.fields.get("description") or self.fields.get("detail")))


def parse_requests(body: bytes) -> list[RequestAnswer]:
    """A ``service_requests`` answer as a list. Raises ``Open311FormatError`` if it is not one.

    Accepts the spec's JSON array; XML ``<service_requests>``, ``<requests>`` or any root
    holding ``<request>`` elements, or one ``<request>``; ``{"service_requests": [...]}`` or
    ``{"requests": [...]}``; and a single echoed object holding ``service_request_id`` or
    ``token`` (as 6aika does)."""
    root, data = load_document(body)
    if root and root not in ("service_requests", "requests"):
        if root == "request":
            data = [data]
        elif isinstance(data, dict) and "request" in data:
            data = as_list(data["request"])
        else:
            raise Open311FormatError(f"expected <service_requests>, got <{root}>")
    if isinstance(data, dict):
        wrapper = next((k for k in ("service_requests", "requests") if k in data), None)
        if wrapper is not None:
            data = as_list(data[wrapper], "request")
        elif "service_request_id" in data or "token" in data:
            data = [data]
        else:
            raise Open311FormatError("the answer is a record without service_request_id or token")
    if not isinstance(data, list):
        raise Open311FormatError("the answer is not a list of requests")
    out = []
    for raw in data:
        if raw == "":
            raw = {}
        if not isinstance(raw, dict):
            raise Open311FormatError("a request in the answer is not a record")
        fields = {k: as_text(v) for k, v in raw.items() if not isinstance(v, (dict, list))}
        out.append(RequestAnswer(
            remote_id=fields.get("service_request_id") or None,
            token=fields.get("token") or None,
            service_notice=fields.get("service_notice") or None,
            fields=fields,
            raw=raw,
        ))
    return out


_REASON_KEYS = ("description", "detail", "message", "error_description", "error", "errors", "title")


def _texts(value: Any) -> list[str]:
    """The plain strings in a reason that may be a string, a list of them, or a record."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = as_text(value)
        return [text] if text else []
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    if isinstance(value, dict):
        for key in _REASON_KEYS:
            if key in value:
                return _texts(value[key])
        return [f"{k}: {t}" for k, v in value.items() if isinstance(v, (str, list)) for t in _texts(v)][:5]
    return []


def parse_errors(body: bytes) -> list[tuple[str, str]]:
    """Error codes and descriptions, tolerant of non-conforming bodies ([] if unreadable).

    Reads the spec's array (``[{"code", "description"}]``, XML ``<errors>``) and the objects
    real servers send: ``{"code": ..., "detail": ...}``, ``{"detail": ["Invalid API key"]}``,
    ``{"description": ...}``, ``{"errors": [...]}``, with lists or strings as values."""
    try:
        _root, data = load_document(body)
    except Open311FormatError:
        return []
    if isinstance(data, dict) and "errors" in data and not isinstance(data["errors"], str):
        data = data["errors"]
    out = []
    for e in as_list(data, "error"):
        if isinstance(e, dict):
            code = as_text(e.get("code"))
            text = "; ".join(_texts({k: v for k, v in e.items() if k != "code"}))
            if code or text:
                out.append((code, text))
        elif isinstance(e, str) and e.strip():
            out.append(("", e.strip()))
    return out


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def server_reason(body: bytes) -> str | None:
    """The server's own reason for an answer, as one short plain line (None if it gave none).

    Personal data is taken out by the caller (``outcome.redact``), which knows the answers."""
    errors = parse_errors(body)
    parts = []
    for code, text in errors[:3]:
        if text and code and code not in text:
            parts.append(f"{text} (code {code})")
        elif text or code:
            parts.append(text or f"code {code}")
    if not parts:
        return None
    line = _CONTROL.sub(" ", "; ".join(parts)).strip()
    return line[:REASON_LIMIT - 1] + "…" if len(line) > REASON_LIMIT else line


def marker_for(reference: str) -> str:
    """The short line added to ``description`` when a service has no attribute for our id,
    so that the report can be found again on the council's system."""
    return f"[Kiosk ref {reference}]"


def _values(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _values(v)
    elif isinstance(value, list):
        for v in value:
            yield from _values(v)
    else:
        yield as_text(value)


def find_submission(requests: Iterable[RequestAnswer], submission_id: str, marker: str) -> RequestAnswer | None:
    """The record on the council's system that is ours: one that carries our submission id
    in any field or attribute, or our marker in its ``description``; it must have an id."""
    for request in requests:
        if not request.remote_id:
            continue
        if marker and marker in request.fields.get("description", ""):
            return request
        if any(v == submission_id for v in _values(request.raw)):
            return request
    return None


def w3c(moment: datetime) -> str:
    """A W3C-DTF time with its zone, as the spec's date filters need."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- the POST body ----------------------------------------------------------------------
def _format(value: Any, key: str = "") -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if key in ("lat", "long"):
            return f"{value:.6f}".rstrip("0").rstrip(".")
        return repr(value)  # always '.', whatever the locale
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def submission_id_codes(definition: Mapping[str, Any] | None) -> list[str]:
    """Codes of server_set attributes in ``definition`` that should carry our submission id."""
    if not definition:
        return []
    codes = []
    for a in definition.get("attributes", []):
        automated = str(a.get("automated", "")).lower()
        if automated in ("server_set", "hidden_field") and a.get("code", "").lower() in SUBMISSION_ID_CODES:
            codes.append(a["code"])
    return codes


def request_fields(
    destination: Destination,
    service_code: str,
    answers: Mapping[str, Any],
    submission_id: str,
    definition: Mapping[str, Any] | None = None,
    id_codes: Iterable[str] = (),
    marker: str = "",
) -> list[tuple[str, str]]:
    """The form fields of POST Service Request, in a stable order (same bytes every attempt).

    Empty answers are left out (B9); lists are multi-value attributes, sent as
    ``attribute[C][]`` or repeated ``attribute[C]`` as the destination says (B4). Our
    submission id goes in the service's id attribute; where it has none, ``marker`` is
    added to ``description`` instead, so the report can be looked up later."""
    fields: list[tuple[str, str]] = []
    if destination.api_key:
        fields.append(("api_key", destination.api_key))
    if destination.jurisdiction_id:
        fields.append(("jurisdiction_id", destination.jurisdiction_id))
    fields.append(("service_code", service_code))
    flat: dict[str, Any] = {}
    for key, value in answers.items():
        if key == "attributes" and isinstance(value, Mapping):
            flat.update(value)  # the journey engine's payload keeps attributes apart
        elif key in META_KEYS:
            continue
        elif isinstance(value, dict) and any(k in STANDARD_FIELDS for k in value):
            flat.update({k: v for k, v in value.items() if k in STANDARD_FIELDS})  # a location answer
        else:
            flat[key] = value
    if "name" in flat and not flat.get("first_name") and not flat.get("last_name"):
        first, _, last = str(flat.pop("name")).strip().rpartition(" ")
        flat["first_name"], flat["last_name"] = (first, last) if first else (last, "")
    flat.pop("name", None)
    if flat.get("lat") in (None, "") or flat.get("long") in (None, ""):
        flat.pop("lat", None)  # never one of lat/long without the other (B8)
        flat.pop("long", None)
    codes = list(id_codes) + submission_id_codes(definition)
    if marker and not codes:
        text = str(flat.get("description") or "").rstrip()
        flat["description"] = f"{text}\n\n{marker}" if text else marker
    for key in STANDARD_FIELDS:
        value = flat.get(key)
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, (list, tuple)):
            fields.extend((key, _format(v, key)) for v in value)
        else:
            fields.append((key, _format(value, key)))
    for code in codes:
        flat[code] = submission_id  # always the idempotency key, whatever the payload says
    for key in sorted(k for k in flat if k not in STANDARD_FIELDS):
        value = flat[key]
        if value is None or value == "" or value == [] or value == ():
            continue
        if isinstance(value, (list, tuple)):
            name = f"attribute[{key}][]" if destination.multi_value_style == "brackets" else f"attribute[{key}]"
            fields.extend((name, _format(v)) for v in value)
        else:
            fields.append((f"attribute[{key}]", _format(value)))
    return fields


def encode_form(fields: list[tuple[str, str]]) -> bytes:
    return urlencode(fields, encoding="utf-8", quote_via=quote).encode("ascii")


# -- the client -------------------------------------------------------------------------
class Open311Client:
    """Talks to one Open311 destination. Never logs bodies or the API key.

    ``catalogue_bytes`` is the size limit for service lists and definitions (other
    answers use the transport's own limit)."""

    def __init__(self, destination: Destination, transport: Transport, catalogue_bytes: int | None = None) -> None:
        self.destination = destination
        self.transport = transport
        self.catalogue_bytes = catalogue_bytes

    def url(self, resource: str) -> str:
        return f"{self.destination.base_url.rstrip('/')}/{resource}.{self.destination.format}"

    def _params(self) -> dict[str, str]:
        j = self.destination.jurisdiction_id
        return {"jurisdiction_id": j} if j else {}

    @property
    def accept(self) -> str:
        return ACCEPT.get(self.destination.format, ACCEPT["json"])

    def _get(self, resource: str, params: Mapping[str, str] | None = None, max_bytes: int | None = None) -> Answer:
        return self.transport.request(
            "GET", self.url(resource), params={**self._params(), **(params or {})},
            headers={"Accept": self.accept}, max_bytes=max_bytes,
        )

    def submit(
        self,
        submission_id: str,
        service_code: str,
        answers: Mapping[str, Any],
        definition: Mapping[str, Any] | None = None,
        service_type: str | None = None,
        id_codes: Iterable[str] = (),
        marker: str = "",
    ) -> Outcome:
        """POST one service request with ``Idempotency-Key: submission_id`` and classify the answer.

        No answer after the request may have arrived (a timeout, a dropped connection, the
        deadline, an answer too large) is ``unconfirmed``, like a 2xx that names no record:
        the kiosk looks the report up rather than posting it again."""
        body = encode_form(request_fields(self.destination, service_code, answers, submission_id,
                                          definition, id_codes, marker))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Idempotency-Key": submission_id,
            "Accept": self.accept,
        }
        try:
            answer = self.transport.request("POST", self.url("requests"), data=body, headers=headers)
        except TransportFailure as failure:
            if failure.status is not None and not 200 <= failure.status < 300:
                return from_http_failure(Answer(failure.status, "", b"", {}))
            if failure.sent:
                return Outcome(UNCONFIRMED, error_class=failure.error_class, http_status=failure.status)
            return from_transport_failure(failure)
        if not answer.ok:
            outcome = from_http_failure(answer)
            codes = [c for c, _d in parse_errors(answer.body)][:3]
            log.info("POST to %s: HTTP %s, error codes %s", self.destination.name, answer.status, codes)
            return _with_reason(outcome, answer, answers)
        return _with_reason(classify_post_answer(answer, service_type), answer, answers)

    def resolve_token(self, token: str) -> str | None:
        """The service_request_id behind a token, or None while it is still pending.

        Raises ``TransportFailure`` or ``Open311FormatError``; a 404 means "not yet"."""
        answer = self._get(f"tokens/{quote(token, safe='')}")
        if answer.status == 404 or not answer.ok:
            return None
        for request in parse_requests(answer.body):
            if request.remote_id:
                return request.remote_id
        return None

    def get_request(self, remote_id: str) -> RequestAnswer | None:
        """GET Service Request; None when the server does not know it."""
        answer = self._get(f"requests/{quote(remote_id, safe='')}")
        if answer.status == 404:
            return None
        if not answer.ok:
            raise TransportFailure(f"http_{answer.status}", sent=False)
        requests = parse_requests(answer.body)
        return requests[0] if requests else None

    def search(self, service_code: str, start: datetime, end: datetime) -> list[RequestAnswer]:
        """GET Service Requests for one service (or all, with ``""``) in a time window.

        Raises ``TransportFailure`` (``http_NNN`` when the server will not search) or
        ``Open311FormatError``."""
        params = {"start_date": w3c(start), "end_date": w3c(end)}
        if service_code:
            params["service_code"] = service_code
        answer = self._get("requests", params)
        if not answer.ok:
            raise TransportFailure(f"http_{answer.status}", sent=False, status=answer.status)
        return parse_requests(answer.body)

    def services(self) -> list[dict[str, Any]]:
        answer = self._get("services", max_bytes=self.catalogue_bytes)
        if not answer.ok:
            raise Open311FormatError(f"the service list answered HTTP {answer.status}")
        return parse_services(answer.body)

    def definition(self, service_code: str) -> dict[str, Any]:
        answer = self._get(f"services/{quote(service_code, safe='')}", max_bytes=self.catalogue_bytes)
        if not answer.ok:
            raise Open311FormatError(f"the definition of {service_code} answered HTTP {answer.status}")
        return parse_definition(answer.body, service_code)


def _with_reason(outcome: Outcome, answer: Answer, answers: Mapping[str, Any]) -> Outcome:
    """The outcome with the server's own reason, personal data taken out."""
    if outcome.delivered:
        return outcome
    reason = server_reason(answer.body)
    if not reason:
        return outcome
    return replace(outcome, server_reason=redact(reason, answers))


def classify_post_answer(answer: Answer, service_type: str | None = None) -> Outcome:
    """A 2xx to POST: delivered only when it names the record (a ``service_request_id``, or
    a ``token`` resolved later). A captive portal's page is a transient failure; any other
    2xx (empty, a ``null`` id, an empty record, an error array, unreadable, an unknown
    shape) is ``unconfirmed``. A ``blackbox`` service names no record (C5): for it an
    empty answer or empty records are delivery."""
    if looks_like_html(answer):
        return Outcome(RETRY, error_class="captive_portal", http_status=answer.status)
    if not answer.body.strip() and service_type == "blackbox":
        return Outcome(DELIVERED, http_status=answer.status)
    try:
        requests = parse_requests(answer.body)
    except Open311FormatError:
        return Outcome(UNCONFIRMED, error_class="unknown_outcome", http_status=answer.status)
    named = next((r for r in requests if r.remote_id or r.token), None)
    if named is not None:
        return Outcome(DELIVERED, http_status=answer.status, remote_id=named.remote_id,
                       token=None if named.remote_id else named.token, service_notice=named.service_notice)
    if any(r.is_error for r in requests):
        return Outcome(UNCONFIRMED, error_class="error_with_success", http_status=answer.status)
    if service_type == "blackbox":
        notice = next((r.service_notice for r in requests if r.service_notice), None)
        return Outcome(DELIVERED, http_status=answer.status, service_notice=notice)
    return Outcome(UNCONFIRMED, error_class="no_record_id", http_status=answer.status)

"""What one delivery attempt came to, and the shared rules that sort HTTP answers into
outcomes: delivered, retry later, needs staff, or pause the destination.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sync.http import Answer, TransportFailure, looks_like_html, retry_after_seconds

DELIVERED = "delivered"
RETRY = "retry"  # transient: try again later with the same key
BAD_REQUEST = "bad_request"  # 400: retried a bounded number of times, then needs staff
REJECTED = "rejected"  # permanent: needs staff
# A 2xx that names no record, or no answer after the request may have arrived: the
# answers are kept, the item is never posted again by itself, and the kiosk looks it up.
UNCONFIRMED = "unconfirmed"
PAUSE = "pause"  # 401/403: the destination's credentials are refused; the item is untouched


@dataclass(frozen=True)
class Outcome:
    """The result of one attempt. ``error_class`` is a short PII-free name ("timeout",
    "http_503", "captive_portal"); ``retry_after`` is the server's wish in seconds;
    ``server_reason`` the server's own words (one line, personal data taken out)."""

    kind: str
    error_class: str | None = None
    http_status: int | None = None
    remote_id: str | None = None
    token: str | None = None
    service_notice: str | None = None
    retry_after: float | None = None
    server_reason: str | None = None

    @property
    def delivered(self) -> bool:
        return self.kind == DELIVERED


def from_transport_failure(failure: TransportFailure) -> Outcome:
    """Every transport failure is transient; ``sent`` ones are unknown outcomes, retried
    with the same idempotency key (which every attempt carries anyway)."""
    return Outcome(RETRY, error_class=failure.error_class)


def from_http_failure(answer: Answer) -> Outcome:
    """Sort a non-success HTTP answer (anything that is not a delivery)."""
    status = answer.status
    if status in (401, 403):
        return Outcome(PAUSE, error_class=f"http_{status}", http_status=status)
    if status in (408, 425, 429) or status >= 500:
        return Outcome(RETRY, error_class=f"http_{status}", http_status=status,
                       retry_after=retry_after_seconds(answer.headers.get("retry-after")))
    if status == 400:
        return Outcome(BAD_REQUEST, error_class="http_400", http_status=400)
    if 400 <= status < 500:
        return Outcome(REJECTED, error_class=f"http_{status}", http_status=status)
    if 200 <= status < 300:  # a 2xx that is not the answer we expect
        error = "captive_portal" if looks_like_html(answer) else "unknown_outcome"
        return Outcome(RETRY, error_class=error, http_status=status)
    return Outcome(RETRY, error_class=f"http_{status}", http_status=status)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_LONG_NUMBER = re.compile(r"\+?\d[\d ()-]{6,}\d")  # phone numbers, account numbers
_HIDDEN = "[…]"


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, Mapping):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value
        if len(value) <= 60:  # a name or an address: a server may echo one word of it
            yield from value.split()


def redact(reason: str, answers: Mapping[str, Any]) -> str:
    """A server's reason without personal data: anything the resident answered (whole
    answers and their words of four letters or more), email addresses and long numbers
    become "[…]". Servers echo what they were sent ("Invalid email jo@x.uk")."""
    text = reason
    for value in sorted(set(_strings(answers)), key=len, reverse=True):
        value = value.strip()
        if len(value) >= 4 and value.lower() in text.lower():
            text = re.sub(re.escape(value), _HIDDEN, text, flags=re.IGNORECASE)
    text = _EMAIL.sub(_HIDDEN, text)
    return _LONG_NUMBER.sub(_HIDDEN, text)

"""The signed JSON webhook: the body a council receives, and its Stripe-style signature.

``X-Kiosk-Signature: t=<unix seconds>,v1=<hex>,v2=<hex>`` with the destination's shared
secret, each an HMAC-SHA256 in lowercase hex:

- ``v2`` (since December 2026) signs ``"<t>.<Idempotency-Key>."`` followed by the body, so
  the key a council deduplicates on cannot be changed by whoever replays a message;
- ``v1`` (the first scheme, still sent so that existing receivers keep working) signs
  ``"<t>."`` followed by the body.

``sync/WEBHOOK.md`` shows how a council verifies it; :func:`verify` is the same recipe.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

from kiosk.config import Destination
from sync.http import Answer, Transport, TransportFailure
from sync.outcome import DELIVERED, Outcome, from_http_failure, from_transport_failure

SIGNATURE_HEADER = "X-Kiosk-Signature"
TOLERANCE_SECONDS = 300


def _mac(secret: str, message: bytes) -> bytes:
    """The lowercase hex HMAC-SHA256 of ``message``, as ASCII bytes."""
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest().encode("ascii")


def _signed_v1(timestamp: int, body: bytes) -> bytes:
    return f"{timestamp}.".encode("ascii") + body


def _signed_v2(timestamp: int, idempotency_key: str, body: bytes) -> bytes:
    return f"{timestamp}.".encode("ascii") + idempotency_key.encode("utf-8", "surrogatepass") + b"." + body


def sign(secret: str, body: bytes, timestamp: int, idempotency_key: str | None = None) -> str:
    """The header value: ``t`` and ``v1``, and ``v2`` when there is an ``Idempotency-Key``."""
    header = f"t={timestamp},v1={_mac(secret, _signed_v1(timestamp, body)).decode('ascii')}"
    if idempotency_key is not None:
        header += f",v2={_mac(secret, _signed_v2(timestamp, idempotency_key, body)).decode('ascii')}"
    return header


def verify(secret: str, body: bytes, header: str, now: float | None = None,
           tolerance: float = TOLERANCE_SECONDS, *, idempotency_key: str | None = None) -> bool:
    """The receiver's check (the same recipe as WEBHOOK.md): one recent timestamp, and a
    signature that matches.

    With ``idempotency_key`` (the request's ``Idempotency-Key`` header) a ``v2`` signature
    is required, over that key too; without it, the first scheme's ``v1``. Every value of
    the wanted version in the header is tried, compared as bytes, so anything a forger
    sends (non-ASCII, not hex, empty, repeated) is simply False."""
    timestamps: list[str] = []
    given: dict[str, list[str]] = {"v1": [], "v2": []}
    for item in header.split(","):
        name, equals, value = item.strip().partition("=")
        if not equals:
            continue
        if name == "t":
            timestamps.append(value)
        elif name in given:
            given[name].append(value)
    if len(timestamps) != 1 or not (timestamps[0].isascii() and timestamps[0].isdigit()):
        return False
    timestamp = int(timestamps[0])
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    if idempotency_key is None:
        version, expected = "v1", _mac(secret, _signed_v1(timestamp, body))
    else:
        version, expected = "v2", _mac(secret, _signed_v2(timestamp, idempotency_key, body))
    matched = False
    for value in given[version]:  # no early return: each value costs the same
        matched |= hmac.compare_digest(expected, value.encode("utf-8", "surrogatepass"))
    return matched


def webhook_body(
    *, submission_id: str, reference: str, journey_id: str, journey_version: str,
    answers: Mapping[str, Any], language: str, assisted: bool, kiosk_id: str, submitted_utc: str,
) -> bytes:
    """The JSON document, with stable key order so every attempt sends the same bytes."""
    document = {
        "submission_id": submission_id,
        "reference": reference,
        "journey_id": journey_id,
        "journey_version": journey_version,
        "answers": dict(answers),
        "language": language,
        "assisted": assisted,
        "kiosk_id": kiosk_id,
        "submitted_utc": submitted_utc,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


class WebhookClient:
    """Delivers to one webhook destination. 2xx, or 409 ("already have it"), is delivery."""

    def __init__(self, destination: Destination, transport: Transport) -> None:
        self.destination = destination
        self.transport = transport

    def deliver(self, submission_id: str, body: bytes, now: float | None = None) -> Outcome:
        timestamp = int(time.time() if now is None else now)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": submission_id,
            SIGNATURE_HEADER: sign(self.destination.secret, body, timestamp, submission_id),
        }
        try:
            answer: Answer = self.transport.request("POST", self.destination.url, data=body, headers=headers)
        except TransportFailure as failure:
            return from_transport_failure(failure)
        if answer.ok or answer.status == 409:
            return Outcome(DELIVERED, http_status=answer.status)
        return from_http_failure(answer)

"""The signed JSON webhook: the body a council receives, and its Stripe-style signature.

``X-Kiosk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body>`` with the
destination's shared secret. ``sync/WEBHOOK.md`` shows how a council verifies it.
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


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, body: bytes, header: str, now: float | None = None,
           tolerance: float = TOLERANCE_SECONDS) -> bool:
    """The receiver's check (the same recipe as WEBHOOK.md): signature matches, time is recent."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    fresh = abs((time.time() if now is None else now) - timestamp) <= tolerance
    return fresh and hmac.compare_digest(expected, given)


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
            SIGNATURE_HEADER: sign(self.destination.secret, body, timestamp),
        }
        try:
            answer: Answer = self.transport.request("POST", self.destination.url, data=body, headers=headers)
        except TransportFailure as failure:
            return from_transport_failure(failure)
        if answer.ok or answer.status == 409:
            return Outcome(DELIVERED, http_status=answer.status)
        return from_http_failure(answer)

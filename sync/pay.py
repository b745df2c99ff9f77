"""A small GOV.UK Pay client (there is no official Python one), with ``requests``.

Used parts of the published API (https://docs.payments.service.gov.uk/api_reference/):
``POST /v1/payments`` (amount in pence, reference, description, language, return_url),
``GET /v1/payments/{id}`` (its state) and ``GET /v1/payments?reference=`` (search, to find
a payment a crash left unrecorded). Every call carries ``Authorization: Bearer <key>``; the
key is never logged nor put in an error. Errors come back as ``{"code": "P0...",
"description": "..."}``; ``PayError`` keeps the status and code and says whether trying
again later can help (429, 5xx, no connection).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests

log = logging.getLogger(__name__)

# Pay's states, and what each means for the kiosk's own payment record.
WAITING_STATES = ("created", "started", "submitted", "capturable")
EXPIRED_CODE = "P0020"
CANCELLED_CODES = ("P0030", "P0040")

# The kiosk's payment states (offline/payments.py keeps them).
PAID = "paid"
FAILED = "failed"
EXPIRED = "expired"
CANCELLED = "cancelled"
WAITING = "created"


class PayError(Exception):
    """GOV.UK Pay refused or could not be reached: one plain line, never the key."""

    def __init__(self, message: str, *, status: int | None = None, code: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.code = code

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status == 429 or self.status >= 500


@dataclass(frozen=True)
class Payment:
    """One payment as Pay describes it. ``next_url``: where the resident pays (while waiting)."""

    payment_id: str
    amount: int
    reference: str
    status: str
    finished: bool
    code: str = ""
    next_url: str = ""

    @property
    def kiosk_state(self) -> str:
        """``created`` while waiting, else ``paid``, ``expired``, ``cancelled`` or ``failed``."""
        if self.status == "success":
            return PAID
        if self.status in WAITING_STATES and not self.finished:
            return WAITING
        if self.code == EXPIRED_CODE:
            return EXPIRED
        if self.status == "cancelled" or self.code in CANCELLED_CODES:
            return CANCELLED
        return FAILED

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Payment:
        try:
            state = data["state"]
            links = data.get("_links") or {}
            next_link = links.get("next_url") or {}
            return cls(
                payment_id=str(data["payment_id"]),
                amount=int(data["amount"]),
                reference=str(data.get("reference", "")),
                status=str(state["status"]),
                finished=bool(state.get("finished", False)),
                code=str(state.get("code", "")),
                next_url=str(next_link.get("href", "")) if isinstance(next_link, Mapping) else "",
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise PayError("GOV.UK Pay sent an answer the kiosk does not understand") from None


class PayClient:
    """Calls GOV.UK Pay with one API key. ``timeout``: (connect, read) seconds."""

    def __init__(self, base_url: str, api_key: str, *, timeout: tuple[float, float] = (10.0, 30.0),
                 session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self.timeout = timeout
        self.session = session or requests.Session()

    def __repr__(self) -> str:  # never show the key
        return f"PayClient({self.base_url!r})"

    def _call(self, method: str, path: str, *, json: Mapping[str, Any] | None = None,
              params: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None) -> Any:
        sent = {"Authorization": f"Bearer {self._api_key}", "Accept": "application/json", **(headers or {})}
        try:
            answer = self.session.request(method, self.base_url + path, json=json, params=params,
                                          headers=sent, timeout=self.timeout)
        except requests.RequestException as exc:
            raise PayError(f"GOV.UK Pay could not be reached ({type(exc).__name__})") from None
        if answer.status_code >= 400:
            code, description = "", ""
            try:
                body = answer.json()
                if isinstance(body, Mapping):
                    code, description = str(body.get("code", "")), str(body.get("description", ""))
            except ValueError:
                pass
            if answer.status_code == 401:
                message = "GOV.UK Pay did not accept the API key (check pay.api_key)"
            elif answer.status_code == 429:
                message = "GOV.UK Pay asked the kiosk to slow down (too many requests)"
            else:
                message = f"GOV.UK Pay answered {answer.status_code}" + (f" {code}: {description}" if code else "")
            log.warning("pay: %s %s answered %s %s", method, path.split("?")[0], answer.status_code, code)
            raise PayError(message[:300], status=answer.status_code, code=code)
        try:
            return answer.json()
        except ValueError:
            raise PayError("GOV.UK Pay sent an answer the kiosk does not understand") from None

    def create(self, *, amount: int, reference: str, description: str, return_url: str,
               language: str = "en", idempotency_key: str = "") -> Payment:
        """``POST /v1/payments``; ``language`` is ``en`` or ``cy`` (others pay in English)."""
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
            raise ValueError("a payment is a whole number of pence, 1 or more")
        body = {"amount": amount, "reference": reference, "description": description[:255],
                "return_url": return_url, "language": language if language in ("en", "cy") else "en"}
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        return Payment.from_json(self._call("POST", "/v1/payments", json=body, headers=headers))

    def get(self, payment_id: str) -> Payment:
        """``GET /v1/payments/{id}``: the payment's state now."""
        return Payment.from_json(self._call("GET", f"/v1/payments/{quote(payment_id, safe='')}"))

    def search(self, reference: str) -> list[Payment]:
        """``GET /v1/payments?reference=``: the payments made with our reference."""
        data = self._call("GET", "/v1/payments", params={"reference": reference})
        results = data.get("results") if isinstance(data, Mapping) else None
        if not isinstance(results, list):
            raise PayError("GOV.UK Pay sent an answer the kiosk does not understand")
        return [Payment.from_json(r) for r in results]

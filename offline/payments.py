"""Payment state kept with the booking, in the same SQLite file (issue 21).

A payment row is written in the same transaction as its booking (``Outbox.enqueue`` then
``Payments.open``) — or just after, by the flow, before the receipt is shown. Each change
is one short transaction. A GOV.UK Pay payment is created once per booking, even across
crashes: ``begin_create`` commits a marker (state ``creating`` with an idempotency key)
before the POST; a marker found at start means the outcome is unknown, and the worker
(``sync/payments.py``) searches Pay by our reference before it creates again.

No personal data here: the reference, the amount in pence, Pay's id and link.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from kiosk.references import normalise
from offline.models import Payment as PaymentRow
from offline.store import Store, iso, utc_now

WAYS = ("phone", "text", "counter")
FINISHED = ("paid", "failed", "expired", "cancelled")
# States in which a booking held for payment still waits.
UNPAID = ("due", "creating", "created", "link_sent", "failed", "expired", "cancelled")


class PaymentError(Exception):
    """A payment change that cannot be made, in one plain line."""


@dataclass(frozen=True)
class PaymentItem:
    submission_id: str
    reference: str
    way: str
    state: str
    amount_pence: int
    holds_booking: bool
    language: str
    description: str
    idempotency_key: str | None
    pay_id: str | None
    next_url: str | None
    old_pay_ids: tuple[str, ...]
    failure_code: str | None
    till_receipt: str | None
    updated: str


@dataclass(frozen=True)
class LinkToSend:
    """A pay-later payment whose link is ready to go by text (helper E's Notify queue sends it,
    then calls ``Payments.mark_link_sent``). The phone number is in the booking's answers."""

    submission_id: str
    reference: str
    amount_pence: int
    next_url: str
    language: str


def _item(row: PaymentRow) -> PaymentItem:
    return PaymentItem(row.submission_id, row.reference, row.way, row.state, row.amount_pence,
                       bool(row.holds_booking), row.language, row.description, row.idempotency_key,
                       row.pay_id, row.next_url, tuple(row.old_pay_ids.split()), row.failure_code,
                       row.till_receipt, row.updated_utc)


class Payments:
    def __init__(self, store: Store) -> None:
        self._store = store

    def open(self, submission_id: str, reference: str, *, amount_pence: int, way: str, description: str,
             language: str = "en", holds_booking: bool = True, now: datetime | None = None) -> PaymentItem:
        """Record what a booking costs and how it will be paid; once per booking (again: the first)."""
        if isinstance(amount_pence, bool) or not isinstance(amount_pence, int) or amount_pence < 1:
            raise PaymentError("A payment is a whole number of pence, 1 or more.")
        if way not in WAYS:
            raise PaymentError(f"A payment is made by phone, text or at the counter, not {way!r}.")
        stamp = iso(now or utc_now())
        with self._store.write() as s:
            row = s.get(PaymentRow, submission_id)
            if row is None:
                row = PaymentRow(submission_id=submission_id, reference=reference, way=way, state="due",
                                 amount_pence=amount_pence, holds_booking=holds_booking, language=language,
                                 description=description[:255], old_pay_ids="", created_utc=stamp,
                                 updated_utc=stamp)
                s.add(row)
            return _item(row)

    def get(self, submission_id: str) -> PaymentItem | None:
        with self._store.read() as s:
            row = s.get(PaymentRow, submission_id)
            return _item(row) if row is not None else None

    def by_reference(self, reference: str) -> PaymentItem | None:
        with self._store.read() as s:
            row = s.scalars(select(PaymentRow).where(PaymentRow.reference == normalise(reference))).first()
            return _item(row) if row is not None else None

    def in_states(self, states: tuple[str, ...], ways: tuple[str, ...] = WAYS) -> list[PaymentItem]:
        with self._store.read() as s:
            rows = s.scalars(select(PaymentRow).where(PaymentRow.state.in_(states), PaymentRow.way.in_(ways))
                             .order_by(PaymentRow.created_utc)).all()
            return [_item(r) for r in rows]

    def _change(self, submission_id: str, allowed: tuple[str, ...], now: datetime | None,
                **values: object) -> PaymentItem:
        with self._store.write() as s:
            row = s.get(PaymentRow, submission_id)
            if row is None:
                raise PaymentError("There is no payment for this booking.")
            if row.state not in allowed:
                raise PaymentError(f"This payment is {row.state.replace('_', ' ')} and cannot be changed that way.")
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_utc = iso(now or utc_now())
            return _item(row)

    # -- GOV.UK Pay ------------------------------------------------------------------------
    def begin_create(self, submission_id: str, now: datetime | None = None) -> PaymentItem:
        """Commit the marker before ``POST /v1/payments``: state ``creating`` and a new key.
        A marker already there (a crash in the middle) is returned as it is."""
        current = self.get(submission_id)
        if current is not None and current.state == "creating":
            return current
        return self._change(submission_id, ("due",), now, state="creating", idempotency_key=str(uuid.uuid4()))

    def record_created(self, submission_id: str, pay_id: str, next_url: str,
                       now: datetime | None = None) -> PaymentItem:
        return self._change(submission_id, ("creating",), now, state="created", pay_id=pay_id,
                            next_url=next_url or None)

    def record_state(self, submission_id: str, state: str, code: str = "",
                     now: datetime | None = None) -> PaymentItem:
        """Pay's news about a created payment: ``paid``, ``failed``, ``expired``, ``cancelled``."""
        if state not in FINISHED:
            raise PaymentError(f"{state!r} is not a finished payment state.")
        return self._change(submission_id, ("created", "link_sent"), now, state=state,
                            failure_code=code or None, next_url=None)

    def links_to_send(self) -> list[LinkToSend]:
        """Pay-later links ready to go by text: created, not sent yet."""
        return [LinkToSend(p.submission_id, p.reference, p.amount_pence, p.next_url or "", p.language)
                for p in self.in_states(("created",), ("text",)) if p.next_url]

    def mark_link_sent(self, submission_id: str, now: datetime | None = None) -> PaymentItem:
        return self._change(submission_id, ("created",), now, state="link_sent")

    def offer_again(self, submission_id: str, way: str, now: datetime | None = None) -> PaymentItem:
        """A failed, expired or cancelled payment made due again (by ``way``; counter: to staff)."""
        if way not in WAYS:
            raise PaymentError(f"A payment is made by phone, text or at the counter, not {way!r}.")
        current = self.get(submission_id)
        if current is None:
            raise PaymentError("There is no payment for this booking.")
        old = " ".join(current.old_pay_ids + ((current.pay_id,) if current.pay_id else ()))
        return self._change(submission_id, ("failed", "expired", "cancelled", "due"), now, state="due", way=way,
                            pay_id=None, next_url=None, idempotency_key=None, failure_code=None,
                            old_pay_ids=old)

    # -- the counter -----------------------------------------------------------------------
    def waiting_for_payment(self) -> list[PaymentItem]:
        """What staff see: every booking not paid yet, with its amount (oldest first)."""
        return self.in_states(UNPAID)

    def record_counter_payment(self, reference: str, till_receipt: str,
                               now: datetime | None = None) -> PaymentItem:
        """Staff took the money at the library counter: the till receipt goes with the booking."""
        receipt = till_receipt.strip()
        if not receipt or len(receipt) > 64 or not receipt.isprintable():
            raise PaymentError("Enter the till receipt number (up to 64 letters and numbers).")
        item = self.by_reference(reference)
        if item is None:
            raise PaymentError(f"There is no payment waiting for {reference}.")
        if item.state in ("creating", "created", "link_sent"):
            raise PaymentError(f"{reference} has a payment link open on GOV.UK Pay; wait until it "
                               "ends or expires before taking the money at the counter.")
        return self._change(item.submission_id, ("due", "failed", "expired", "cancelled"), now,
                            state="paid", way="counter", till_receipt=receipt)

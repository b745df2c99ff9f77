"""Creates and follows GOV.UK Pay payments for bookings (issue 21), once per booking.

``PayWorker.create(submission_id)``: for "pay now on your phone" (while the resident
waits) and for "pay later by text" (when the booking is sent). It commits the marker
(``Payments.begin_create``) before the POST; a marker left by a crash is resolved by
``GET /v1/payments?reference=`` first, and only when Pay has no live payment for our
reference is it created (with the same idempotency key). ``follow`` asks Pay for the
state of every open payment; ``run_once`` does both, for the sender's loop or ``kiosk``.
"""

from __future__ import annotations

import logging

from offline.payments import PaymentItem, Payments
from sync.pay import WAITING, PayClient, PayError
from sync.pay import Payment as PayPayment

log = logging.getLogger(__name__)


class PayWorker:
    def __init__(self, payments: Payments, client: PayClient, return_url: str) -> None:
        self.payments = payments
        self.client = client
        self.return_url = return_url

    def _found(self, item: PaymentItem) -> PayPayment | None:
        """A payment Pay already made for this booking (a crash after the POST), if any."""
        old = set(item.old_pay_ids)
        for found in self.client.search(item.reference):
            if found.payment_id not in old and found.amount == item.amount_pence:
                return found
        return None

    def create(self, submission_id: str) -> PaymentItem:
        """The booking's payment on Pay (created now, or the one a crash left there)."""
        item = self.payments.get(submission_id)
        if item is None:
            raise PayError("There is no payment for this booking.")
        if item.way == "counter" or item.state not in ("due", "creating"):
            return item
        resuming = item.state == "creating"
        item = self.payments.begin_create(submission_id)  # committed before any request
        made = self._found(item) if resuming else None
        if made is None:
            made = self.client.create(amount=item.amount_pence, reference=item.reference,
                                      description=item.description, return_url=self.return_url,
                                      language=item.language, idempotency_key=item.idempotency_key or "")
        log.info("pay: payment for %s is on GOV.UK Pay", item.reference)
        done = self.payments.record_created(submission_id, made.payment_id, made.next_url)
        if made.kiosk_state != WAITING:  # a found payment may have finished meanwhile
            done = self.payments.record_state(submission_id, made.kiosk_state, made.code)
        return done

    def check(self, submission_id: str) -> PaymentItem:
        """Pay's state of one open payment, recorded (``created`` while it waits)."""
        item = self.payments.get(submission_id)
        if item is None or item.pay_id is None or item.state not in ("created", "link_sent"):
            if item is None:
                raise PayError("There is no payment for this booking.")
            return item
        now = self.client.get(item.pay_id)
        if now.kiosk_state == WAITING:
            return item
        log.info("pay: payment for %s is %s", item.reference, now.kiosk_state)
        return self.payments.record_state(submission_id, now.kiosk_state, now.code)

    def run_once(self) -> int:
        """Resolve crash markers, create pay-later payments, follow open ones; how many changed.
        A payment Pay cannot take now stays as it is, for the next round."""
        changed = 0
        for item in self.payments.in_states(("creating",)) + self.payments.in_states(("due",), ("text",)):
            try:
                self.create(item.submission_id)
                changed += 1
            except PayError as exc:
                log.warning("pay: creating the payment for %s: %s", item.reference, exc)
        for item in self.payments.in_states(("created", "link_sent")):
            try:
                if self.check(item.submission_id).state != item.state:
                    changed += 1
            except PayError as exc:
                log.warning("pay: checking the payment for %s: %s", item.reference, exc)
        return changed

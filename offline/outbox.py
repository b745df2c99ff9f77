"""The durable outbox: what residents submitted, and where each submission is in its delivery.

States: ``queued`` → ``sending`` → ``delivered`` | ``retrying`` | ``rejected`` (needs staff)
| ``unconfirmed`` (the council's system answered without naming a record, or gave no
answer after the report may have arrived: the answers are kept, it is never posted again
by itself, and the sender looks it up; what is not found in time needs staff), plus
``withdrawn`` (staff chose not to send it, with a reason). ``enqueue`` returns a
receipt only after the commit that stored the encrypted answers has returned. The
sender (``sync/``) uses only the public methods here, never the tables.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import aliased

from kiosk.references import new_reference, normalise
from offline.errors import DamagedItem, classify_sqlite_error, sqlite_code
from offline.models import Attempt, Submission
from offline.models import Payment as PaymentRow
from offline.store import Store, iso, parse_iso, utc_now

WAITING_STATES = ("queued", "sending", "retrying")
# The error class of an item whose stored answers cannot be opened: it needs staff
# (state ``rejected``), can never be sent as it is, and never holds up the others.
DAMAGED = "damaged"
ALL_STATES = ("queued", "sending", "retrying", "delivered", "rejected", "withdrawn", "unconfirmed")
# Staff may send these again (or withdraw them)
STAFF_RESEND_STATES = ("retrying", "rejected", "queued", "unconfirmed")


@dataclass(frozen=True)
class Draft:
    """A finished journey ready to store. ``id`` is minted when the journey starts and is
    the idempotency key of every delivery attempt."""

    id: str
    journey_id: str
    journey_version: str
    answers: Mapping[str, Any]
    language: str = "en"
    assisted: bool = False
    kiosk_id: str = ""
    destination: str | None = None

    @staticmethod
    def new_id() -> str:
        return str(uuid.uuid4())


@dataclass(frozen=True)
class Receipt:
    """Proof that a submission is durably stored; ``duplicate`` when the draft was stored before."""

    submission_id: str
    reference: str
    created_utc: datetime
    duplicate: bool = False


@dataclass(frozen=True)
class QueueItem:
    """A submission as staff and the sender see it, without its answers."""

    id: str
    seq: int
    reference: str
    journey_id: str
    journey_version: str
    language: str
    assisted: bool
    kiosk_id: str
    state: str
    attempts: int
    created_utc: datetime
    updated_utc: datetime
    next_attempt_utc: datetime | None
    last_error_class: str | None
    last_http_status: int | None
    destination: str | None
    remote_id: str | None
    remote_token: str | None
    service_notice: str | None
    delivered_utc: datetime | None
    staff_note: str | None
    bad_request_count: int
    has_payload: bool
    server_reason: str | None = None
    unconfirmed_utc: datetime | None = None

    @property
    def needs_staff(self) -> bool:
        """Rejected, or unconfirmed and not found on the council's system in time."""
        return self.state == "rejected" or (self.state == "unconfirmed" and self.next_attempt_utc is None)


@dataclass(frozen=True)
class ClaimedItem:
    """A submission claimed for one delivery attempt, with its decrypted answers."""

    item: QueueItem
    answers: dict[str, Any]
    previous_state: str


@dataclass(frozen=True)
class QueueStatus:
    counts: dict[str, int]
    oldest_waiting_utc: datetime | None
    last_error_class: str | None
    last_delivered_utc: datetime | None
    healthy: bool = True
    problem: str = ""
    now: datetime = field(default_factory=utc_now)
    damaged: int = 0  # of the rejected: stored answers that cannot be opened
    unconfirmed_needs_staff: int = 0

    @property
    def oldest_waiting_seconds(self) -> float | None:
        if self.oldest_waiting_utc is None:
            return None
        return max(0.0, (self.now - self.oldest_waiting_utc).total_seconds())

    def as_dict(self) -> dict[str, Any]:
        return {
            "counts": dict(self.counts),
            "waiting": sum(self.counts[s] for s in WAITING_STATES),
            "needs_staff": self.counts["rejected"] + self.unconfirmed_needs_staff,
            "unconfirmed_checking": self.counts["unconfirmed"] - self.unconfirmed_needs_staff,
            "unconfirmed_needs_staff": self.unconfirmed_needs_staff,
            "damaged": self.damaged,
            "oldest_waiting_utc": iso(self.oldest_waiting_utc) if self.oldest_waiting_utc else None,
            "oldest_waiting_seconds": (
                round(self.oldest_waiting_seconds, 1) if self.oldest_waiting_seconds is not None else None
            ),
            "last_error_class": self.last_error_class,
            "last_delivered_utc": iso(self.last_delivered_utc) if self.last_delivered_utc else None,
            "healthy": self.healthy,
            "problem": self.problem,
        }


def _maybe(value: str | None) -> datetime | None:
    return parse_iso(value) if value else None


def _item(row: Submission) -> QueueItem:
    return QueueItem(
        id=row.id,
        seq=row.seq,
        reference=row.reference,
        journey_id=row.journey_id,
        journey_version=row.journey_version,
        language=row.language,
        assisted=row.assisted,
        kiosk_id=row.kiosk_id,
        state=row.state,
        attempts=row.attempts,
        created_utc=parse_iso(row.created_utc),
        updated_utc=parse_iso(row.updated_utc),
        next_attempt_utc=_maybe(row.next_attempt_utc),
        last_error_class=row.last_error_class,
        last_http_status=row.last_http_status,
        destination=row.destination,
        remote_id=row.remote_id,
        remote_token=row.remote_token,
        service_notice=row.service_notice,
        delivered_utc=_maybe(row.delivered_utc),
        staff_note=row.staff_note,
        bad_request_count=row.bad_request_count,
        has_payload=row.payload is not None,
        server_reason=row.server_reason,
        unconfirmed_utc=_maybe(row.unconfirmed_utc),
    )


_WRITABLE = frozenset(Submission.__table__.columns.keys())
# Written exactly like the partial index's WHERE (literal states, not bound parameters), so
# SQLite walks that index in seq order.
_WAITING_INDEXED = text("state IN ('queued', 'retrying')")
# Bookings that wait until paid (issue 21): a payment that holds its booking and is not paid.
_HELD_FOR_PAYMENT = select(PaymentRow.submission_id).where(
    PaymentRow.holds_booking.is_(True), PaymentRow.state != "paid")


def _rowcount(result: Any) -> int:
    """How many rows an UPDATE changed (``Session.execute`` types its result as a plain
    ``Result``; for a DML statement it is a ``CursorResult``, which counts)."""
    return int(getattr(result, "rowcount", 0) or 0)


def _is_reference_taken(exc: IntegrityError) -> bool:
    """A new reference that another submission has (one in 29^8): make another. SQLite's
    code says it is a UNIQUE constraint; only its message says which column."""
    return (sqlite_code(exc) == sqlite3.SQLITE_CONSTRAINT_UNIQUE
            and "submission.reference" in str(exc.orig))


class OutboxError(Exception):
    """An outbox action that cannot be done (unknown item, wrong state); plain message."""


F = TypeVar("F", bound=Callable[..., Any])


def _storage_errors(method: F) -> F:
    """Database failures leave an outbox method as a ``StorageError`` with a plain message."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (DBAPIError, SQLAlchemyError) as exc:
            raise classify_sqlite_error(exc) from None

    return wrapper  # type: ignore[return-value]


class Outbox:
    """The public face of the queue. Every method is one short transaction."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def store(self) -> Store:
        return self._store

    # -- storing ------------------------------------------------------------------------
    def _seal(self, submission_id: str, answers: Mapping[str, Any]) -> bytes:
        plain = json.dumps(dict(answers), ensure_ascii=False, sort_keys=True).encode("utf-8")
        return self._store.key.seal(plain, submission_id.encode("ascii"))

    def _open(self, row: Submission) -> dict[str, Any]:
        return self._open_sealed(row.id, row.reference, row.payload)

    def _open_sealed(self, submission_id: str, reference: str, sealed: bytes | None) -> dict[str, Any]:
        if sealed is None:
            raise OutboxError(f"The answers for {reference} were deleted after delivery.")
        try:
            plain = self._store.key.open(sealed, submission_id.encode("ascii"))
            answers = json.loads(plain)
        except (DamagedItem, ValueError) as exc:  # the key passed its check at start: this item is damaged
            raise DamagedItem(f"The stored answers of {reference} are damaged and cannot be read. "
                              "Take the details again with the resident, or choose Will not send.",
                              submission_id=submission_id, reference=reference) from exc
        if not isinstance(answers, dict):
            raise DamagedItem(f"The stored answers of {reference} are damaged and cannot be read. "
                              "Take the details again with the resident, or choose Will not send.",
                              submission_id=submission_id, reference=reference)
        return answers

    @_storage_errors
    def enqueue(self, draft: Draft, now: datetime | None = None) -> Receipt:
        """Store a finished journey durably; the receipt exists only after the commit returned.

        Enqueuing the same draft id again returns the first receipt (``duplicate=True``).
        Raises a ``StorageError`` subclass, with a plain message, when nothing was stored.
        """
        moment = now or utc_now()
        stamp = iso(moment)
        try:
            uuid.UUID(draft.id)
        except ValueError:
            raise OutboxError("A submission id must be a UUID.") from None
        sealed = self._seal(draft.id, draft.answers)
        values: dict[str, Any] = {
            "journey_id": draft.journey_id, "journey_version": str(draft.journey_version),
            "language": draft.language, "assisted": bool(draft.assisted), "kiosk_id": draft.kiosk_id,
            "destination": draft.destination, "payload": sealed,
            "payload_sha256": hashlib.sha256(sealed).hexdigest(),
        }
        for _ in range(5):
            reference = new_reference()
            try:
                with self._store.write() as s:  # BEGIN IMMEDIATE: no other writer in between
                    existing = s.get(Submission, draft.id)
                    if existing is not None:
                        return Receipt(draft.id, existing.reference, parse_iso(existing.created_utc), True)
                    seq = (s.scalar(select(func.max(Submission.seq))) or 0) + 1
                    s.add(Submission(id=draft.id, seq=seq, reference=reference, state="queued",
                                     created_utc=stamp, updated_utc=stamp, next_attempt_utc=stamp,
                                     attempts=0, bad_request_count=0, **values))
                # the block above has committed (synchronous=FULL) when we get here
                return Receipt(draft.id, reference, moment, False)
            except IntegrityError as exc:
                if not _is_reference_taken(exc):
                    raise classify_sqlite_error(exc) from None
        raise OutboxError("Could not make a new reference.")  # 5 collisions in 29^8: never

    # -- reading ------------------------------------------------------------------------
    @_storage_errors
    def status(self, now: datetime | None = None) -> QueueStatus:
        moment = now or utc_now()
        with self._store.read() as s:
            counts = dict.fromkeys(ALL_STATES, 0)
            for state, n in s.execute(select(Submission.state, func.count()).group_by(Submission.state)):
                counts[state] = n
            oldest = s.scalar(
                select(func.min(Submission.created_utc)).where(Submission.state.in_(WAITING_STATES))
            )
            last_error = s.scalar(
                select(Submission.last_error_class)
                .where(Submission.last_error_class.is_not(None))
                .order_by(Submission.updated_utc.desc())
                .limit(1)
            )
            last_delivered = s.scalar(select(func.max(Submission.delivered_utc)))
            damaged = s.scalar(select(func.count()).where(
                Submission.state == "rejected", Submission.last_error_class == DAMAGED)) or 0
            unconfirmed_staff = s.scalar(select(func.count()).where(
                Submission.state == "unconfirmed", Submission.next_attempt_utc.is_(None))) or 0
        return QueueStatus(
            damaged=int(damaged),
            unconfirmed_needs_staff=int(unconfirmed_staff),
            counts=counts,
            oldest_waiting_utc=_maybe(oldest),
            last_error_class=last_error,
            last_delivered_utc=_maybe(last_delivered),
            healthy=self._store.healthy,
            problem=self._store.problem,
            now=moment,
        )

    @_storage_errors
    def get(self, submission_id: str) -> QueueItem | None:
        with self._store.read() as s:
            row = s.get(Submission, submission_id)
            return _item(row) if row else None

    @_storage_errors
    def by_reference(self, reference: str) -> QueueItem | None:
        with self._store.read() as s:
            row = s.scalar(select(Submission).where(Submission.reference == normalise(reference)))
            return _item(row) if row else None

    @_storage_errors
    def items(self, states: Iterable[str] = ALL_STATES, limit: int = 500) -> list[QueueItem]:
        with self._store.read() as s:
            rows = s.scalars(
                select(Submission).where(Submission.state.in_(tuple(states))).order_by(Submission.seq).limit(limit)
            )
            return [_item(r) for r in rows]

    @_storage_errors
    def attempts(self, submission_id: str) -> list[tuple[datetime, str, int | None, str | None]]:
        with self._store.read() as s:
            rows = s.execute(
                select(Attempt.at_utc, Attempt.outcome, Attempt.http_status, Attempt.error_class)
                .where(Attempt.submission_id == submission_id)
                .order_by(Attempt.id)
            )
            return [(parse_iso(a), o, h, e) for a, o, h, e in rows]

    @_storage_errors
    def next_due(self, exclude_destinations: Iterable[str] = ()) -> datetime | None:
        """When the earliest waiting item becomes eligible (for the sender's sleep)."""
        excluded = tuple(exclude_destinations)
        with self._store.read() as s:
            q = select(func.min(Submission.next_attempt_utc)).where(
                Submission.state.in_(("queued", "retrying")), Submission.destination.is_not(None),
                Submission.id.not_in(_HELD_FOR_PAYMENT),
            )
            if excluded:
                q = q.where(Submission.destination.not_in(excluded))
            return _maybe(s.scalar(q))

    # -- the sender's side ----------------------------------------------------------------
    @_storage_errors
    def assign_destinations(self, route: Callable[[str], str | None]) -> int:
        """Give waiting items without a destination one, using ``route(journey_id) -> name | None``.

        One statement per journey, not per item: a long offline queue is routed at once."""
        changed = 0
        unrouted = (Submission.destination.is_(None), Submission.state.in_(("queued", "retrying")))
        with self._store.write() as s:
            journeys = s.scalars(select(Submission.journey_id).distinct().where(*unrouted)).all()
            for journey_id in journeys:
                name = route(journey_id)
                if name:
                    result = s.execute(update(Submission)
                                       .where(Submission.journey_id == journey_id, *unrouted)
                                       .values(destination=name)
                                       .execution_options(synchronize_session=False))
                    changed += _rowcount(result)
        return changed

    @_storage_errors
    def recover_interrupted(self, now: datetime | None = None, *, resend: Iterable[str] = ()) -> int:
        """Items left ``sending`` by an attempt that died (a crash, a storage error): the
        report may have reached the council's system. Those for the destinations named in
        ``resend`` (ones that deduplicate by Idempotency-Key: webhooks) go back to
        ``retrying``, due now; every other one becomes ``unconfirmed``, looked up on the
        council's system from now and never posted again by itself (most Open311 servers
        ignore the key, so a second POST would be a second report).

        Call only while holding the sender lock (so no live sender owns them)."""
        stamp = iso(now or utc_now())
        again = set(resend)
        with self._store.write() as s:
            rows = s.scalars(select(Submission).where(Submission.state == "sending")).all()
            for row in rows:
                row.state = "retrying" if row.destination in again else "unconfirmed"
                if row.state == "unconfirmed":
                    row.unconfirmed_utc = stamp
                row.next_attempt_utc, row.lease_owner, row.lease_expires_utc = stamp, None, None
                row.last_error_class, row.updated_utc = "interrupted", stamp
                s.add(Attempt(submission_id=row.id, at_utc=stamp, outcome=row.state, http_status=None,
                              error_class="interrupted", destination=row.destination))
            return len(rows)

    @_storage_errors
    def repeat_failures(self, threshold: int, limit: int = 50) -> list[QueueItem]:
        """Items retried at least ``threshold`` times while other items to the same destination
        were delivered (after this one was saved): the council's system keeps failing on these
        ones, not on everything. They keep their retries; staff are told."""
        delivered = aliased(Submission)
        others_delivered = (
            select(delivered.id)
            .where(delivered.destination == Submission.destination, delivered.state == "delivered",
                   delivered.delivered_utc >= Submission.created_utc)
            .exists()
        )
        with self._store.read() as s:
            rows = s.scalars(
                select(Submission)
                .where(Submission.state == "retrying", Submission.attempts >= threshold, others_delivered)
                .order_by(Submission.seq).limit(limit)
            )
            return [_item(r) for r in rows]

    @_storage_errors
    def claim_next(
        self,
        owner: str,
        lease_seconds: float = 120.0,
        now: datetime | None = None,
        exclude_destinations: Iterable[str] = (),
    ) -> ClaimedItem | None:
        """Atomically take the oldest eligible item and mark it ``sending`` before any network call."""
        batch = self.claim_batch(owner, lease_seconds, now, exclude_destinations, limit=1)
        return batch[0] if batch else None

    @_storage_errors
    def claim_batch(
        self,
        owner: str,
        lease_seconds: float = 120.0,
        now: datetime | None = None,
        exclude_destinations: Iterable[str] = (),
        limit: int = 16,
        on_damaged: Callable[[QueueItem], None] | None = None,
    ) -> list[ClaimedItem]:
        """Take up to ``limit`` eligible items, oldest first, in one transaction (one disk flush).

        Each comes back ``sending``; the sender records each outcome on its own, and gives
        back (``release``) any it did not get to. An item whose answers cannot be opened is
        set aside in the same transaction (``rejected`` with error class ``damaged``, for
        staff) and passed to ``on_damaged``; it never stops the others."""
        moment = now or utc_now()
        stamp = iso(moment)
        excluded = tuple(exclude_destinations)
        lease = iso(moment + timedelta(seconds=lease_seconds))
        due = select(Submission).where(
            _WAITING_INDEXED, Submission.destination.is_not(None),
            or_(Submission.next_attempt_utc.is_(None), Submission.next_attempt_utc <= stamp),
            Submission.id.not_in(_HELD_FOR_PAYMENT))
        if excluded:
            due = due.where(Submission.destination.not_in(excluded))
        claimed: list[ClaimedItem] = []
        damaged: list[QueueItem] = []
        with self._store.write() as s:
            for row in s.scalars(due.order_by(Submission.seq).limit(limit)).all():
                try:
                    answers = self._open(row)
                except (DamagedItem, OutboxError):  # this item's trouble only: set aside, the rest go on
                    row.state, row.last_error_class, row.last_http_status = "rejected", DAMAGED, None
                    row.next_attempt_utc, row.updated_utc = None, stamp
                    s.add(Attempt(submission_id=row.id, at_utc=stamp, outcome="rejected", http_status=None,
                                  error_class=DAMAGED, destination=row.destination))
                    damaged.append(_item(row))
                    continue
                was = row.state
                row.state, row.attempts, row.lease_owner = "sending", row.attempts + 1, owner
                row.lease_expires_utc, row.updated_utc = lease, stamp
                claimed.append(ClaimedItem(_item(row), answers, was))
        if on_damaged is not None:
            for item in damaged:
                on_damaged(item)
        return claimed

    def _finish(
        self, submission_id: str, outcome: str, http_status: int | None, error_class: str | None,
        now: datetime | None, **values: Any,
    ) -> QueueItem:
        """Write one outcome and its attempt-log line in one transaction; return the item after it."""
        stamp = iso(now or utc_now())
        values["updated_utc"] = stamp
        values["last_http_status"] = http_status
        if error_class is not None or outcome == "delivered":
            values["last_error_class"] = error_class
        for key in values:
            if key not in _WRITABLE:
                raise AssertionError(f"not a submission column: {key}")
        with self._store.write() as s:
            row = s.get(Submission, submission_id)
            if row is None:
                raise OutboxError("No such submission.")
            for key, value in values.items():
                setattr(row, key, value)
            s.add(Attempt(submission_id=submission_id, at_utc=stamp, outcome=outcome,
                          http_status=http_status, error_class=error_class, destination=row.destination))
        return _item(row)

    @_storage_errors
    def record_delivered(
        self,
        submission_id: str,
        *,
        remote_id: str | None = None,
        token: str | None = None,
        service_notice: str | None = None,
        http_status: int | None = None,
        now: datetime | None = None,
    ) -> QueueItem:
        """Mark delivered and delete the answers in the same transaction, leaving a tombstone."""
        stamp = iso(now or utc_now())
        item = self._finish(
            submission_id, "delivered", http_status, None, now,
            state="delivered", remote_id=remote_id, remote_token=token, service_notice=service_notice,
            delivered_utc=stamp, payload=None, lease_owner=None, lease_expires_utc=None,
            next_attempt_utc=None, server_reason=None,
        )
        self._purged()
        return item

    @_storage_errors
    def record_retry(
        self,
        submission_id: str,
        *,
        error_class: str,
        next_attempt: datetime,
        http_status: int | None = None,
        bad_request: bool = False,
        server_reason: str | None = None,
        now: datetime | None = None,
    ) -> QueueItem:
        """A transient failure: try again at ``next_attempt`` with the same key."""
        extra: dict[str, Any] = {"server_reason": server_reason}
        if bad_request:
            current = self.get(submission_id)
            extra["bad_request_count"] = (current.bad_request_count if current else 0) + 1
        return self._finish(
            submission_id, "retrying", http_status, error_class, now,
            state="retrying", next_attempt_utc=iso(next_attempt), lease_owner=None,
            lease_expires_utc=None, **extra,
        )

    @_storage_errors
    def record_rejected(
        self, submission_id: str, *, error_class: str, http_status: int | None = None,
        server_reason: str | None = None, now: datetime | None = None,
    ) -> QueueItem:
        """A permanent failure: the item needs staff. Its answers stay encrypted."""
        return self._finish(
            submission_id, "rejected", http_status, error_class, now,
            state="rejected", next_attempt_utc=None, lease_owner=None, lease_expires_utc=None,
            server_reason=server_reason,
        )

    @_storage_errors
    def record_unconfirmed(
        self, submission_id: str, *, error_class: str, next_check: datetime, http_status: int | None = None,
        server_reason: str | None = None, now: datetime | None = None,
    ) -> QueueItem:
        """The council's system may have the report but named no record: keep the answers,
        never claim it for sending again, and look it up from ``next_check``."""
        stamp = iso(now or utc_now())
        return self._finish(
            submission_id, "unconfirmed", http_status, error_class, now,
            state="unconfirmed", next_attempt_utc=iso(next_check), lease_owner=None, lease_expires_utc=None,
            server_reason=server_reason, unconfirmed_utc=stamp,
        )

    @_storage_errors
    def unconfirmed_due(self, now: datetime | None = None) -> list[QueueItem]:
        """Unconfirmed items whose next look-up is due (not those already with staff)."""
        stamp = iso(now or utc_now())
        with self._store.read() as s:
            rows = s.scalars(
                select(Submission).where(
                    Submission.state == "unconfirmed", Submission.next_attempt_utc.is_not(None),
                    Submission.next_attempt_utc <= stamp,
                ).order_by(Submission.seq)
            )
            return [_item(r) for r in rows]

    @_storage_errors
    def record_found(self, submission_id: str, remote_id: str, now: datetime | None = None) -> QueueItem:
        """An unconfirmed item found on the council's system: delivered with that record id
        (answers deleted in the same transaction)."""
        item = self.get(submission_id)
        if item is None or item.state != "unconfirmed":
            raise OutboxError("Only unconfirmed items can be found on the council's system.")
        stamp = iso(now or utc_now())
        return self._finish(
            submission_id, "delivered", None, None, now,
            state="delivered", remote_id=remote_id, delivered_utc=stamp, payload=None,
            next_attempt_utc=None, server_reason=None,
        )

    @_storage_errors
    def record_not_found_yet(self, submission_id: str, next_check: datetime) -> None:
        """Looked for and not found yet: look again at ``next_check`` (no attempt-log line)."""
        with self._store.write() as s:
            s.execute(
                update(Submission)
                .where(Submission.id == submission_id, Submission.state == "unconfirmed")
                .values(next_attempt_utc=iso(next_check))
            )

    @_storage_errors
    def record_not_found(self, submission_id: str, now: datetime | None = None) -> QueueItem:
        """Not found on the council's system in the time allowed: staff choose "send again"
        or "the council has it"."""
        return self._finish(
            submission_id, "needs staff", None, "not_found_on_council_system", now,
            state="unconfirmed", next_attempt_utc=None,
        )

    @_storage_errors
    def confirm_delivered(self, submission_id: str, *, note: str = "Staff: the council has it") -> QueueItem:
        """Staff: an unconfirmed item the council has (checked on its system): delivered,
        answers deleted."""
        item = self.get(submission_id)
        if item is None or item.state != "unconfirmed":
            raise OutboxError("Only unconfirmed items can be marked as received by the council.")
        stamp = iso(utc_now())
        return self._finish(
            submission_id, "delivered", None, None, None,
            state="delivered", delivered_utc=stamp, payload=None, next_attempt_utc=None,
            staff_note=note.strip()[:500], server_reason=None,
        )

    @_storage_errors
    def release(self, claimed: ClaimedItem, *, reason: str, now: datetime | None = None) -> QueueItem:
        """Give a claimed item back untouched (its destination is paused): state and count restored."""
        return self._finish(
            claimed.item.id, "released", None, None, now,
            state=claimed.previous_state, attempts=claimed.item.attempts - 1,
            lease_owner=None, lease_expires_utc=None,
        )

    @_storage_errors
    def pending_tokens(self) -> list[QueueItem]:
        """Delivered items whose service request id is still pending behind a token."""
        with self._store.read() as s:
            rows = s.scalars(
                select(Submission).where(
                    Submission.state == "delivered",
                    Submission.remote_token.is_not(None),
                    Submission.remote_id.is_(None),
                )
            )
            return [_item(r) for r in rows]

    @_storage_errors
    def record_token_resolved(self, submission_id: str, remote_id: str) -> None:
        with self._store.write() as s:
            row = s.get(Submission, submission_id)
            if row is None:
                raise OutboxError("No such submission.")
            row.remote_id = remote_id
            row.updated_utc = iso(utc_now())

    # -- staff actions --------------------------------------------------------------------
    @_storage_errors
    def read_answers(self, submission_id: str, *, by: str = "staff") -> dict[str, Any]:
        """Decrypt an item's answers for staff; the opening itself is logged (no content)."""
        with self._store.write() as s:
            row = s.get(Submission, submission_id)
            if row is None:
                raise OutboxError("No such submission.")
            answers = self._open(row)
            s.add(Attempt(submission_id=row.id, at_utc=iso(utc_now()), outcome=f"opened by {by}",
                          http_status=None, error_class=None, destination=row.destination))
            return answers

    @_storage_errors
    def retry_now(self, submission_id: str) -> QueueItem:
        """Staff: send a retrying, rejected or unconfirmed item at the next chance."""
        item = self.get(submission_id)
        if item is None or item.state not in STAFF_RESEND_STATES:
            raise OutboxError("Only waiting or rejected items can be sent again.")
        if item.state == "rejected" and item.last_error_class == DAMAGED:
            raise OutboxError(f"The stored answers of {item.reference} are damaged, so it cannot be sent "
                              "again. Take the details again with the resident, or choose Will not send.")
        return self._finish(submission_id, "retry requested", None, None, None,
                            state="retrying", next_attempt_utc=iso(utc_now()), bad_request_count=0)

    @_storage_errors
    def retry_destination(self, destination: str, *, only: Iterable[str] | None = None,
                          reason: str = "retry requested", now: datetime | None = None) -> int:
        """Send again at the next chance every retrying or rejected item of ``destination``
        (or only the ids in ``only``), with their 400 counts cleared; damaged items stay set
        aside. One transaction; returns how many items changed."""
        stamp = iso(now or utc_now())
        chosen = select(Submission).where(
            Submission.destination == destination,
            or_(Submission.state == "retrying",
                and_(Submission.state == "rejected",
                     func.coalesce(Submission.last_error_class, "") != DAMAGED)))
        if only is not None:
            wanted = list(only)
            if not wanted:
                return 0
            chosen = chosen.where(Submission.id.in_(wanted))
        with self._store.write() as s:
            rows = s.scalars(chosen).all()
            for row in rows:
                row.state, row.next_attempt_utc, row.bad_request_count, row.updated_utc = (
                    "retrying", stamp, 0, stamp)
                s.add(Attempt(submission_id=row.id, at_utc=stamp, outcome=reason[:32], http_status=None,
                              error_class=None, destination=destination))
        return len(rows)

    @_storage_errors
    def correct_and_resend(self, submission_id: str, answers: Mapping[str, Any]) -> QueueItem:
        """Staff, with the resident present: replace the answers of a rejected item and send again.

        The idempotency key stays the same: the council never stored the rejected version."""
        item = self.get(submission_id)
        if item is None or item.state != "rejected":
            raise OutboxError("Only rejected items can be corrected.")
        sealed = self._seal(submission_id, answers)
        return self._finish(submission_id, "corrected", None, None, None,
                            state="retrying", payload=sealed,
                            payload_sha256=hashlib.sha256(sealed).hexdigest(),
                            next_attempt_utc=iso(utc_now()), bad_request_count=0)

    @_storage_errors
    def withdraw(self, submission_id: str, reason: str) -> QueueItem:
        """Staff: mark "will not send" with a reason; the answers are deleted."""
        item = self.get(submission_id)
        if item is None or item.state not in STAFF_RESEND_STATES:
            raise OutboxError("Only waiting or rejected items can be withdrawn.")
        if not reason.strip():
            raise OutboxError("Enter a reason for not sending it")
        item = self._finish(submission_id, "withdrawn", None, None, None,
                            state="withdrawn", staff_note=reason.strip()[:500], payload=None,
                            next_attempt_utc=None)
        self._purged()
        return item

    def _purged(self) -> None:
        """Answers were deleted: checkpoint the WAL so no file keeps their bytes. The purge
        has committed; a checkpoint that cannot run now is finished by the next one."""
        try:
            self._store.checkpoint()
        except (DBAPIError, SQLAlchemyError, sqlite3.Error):
            pass

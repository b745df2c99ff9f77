"""The durable outbox: what residents submitted, and where each submission is in its delivery.

States: ``queued`` → ``sending`` → ``delivered`` | ``retrying`` | ``rejected`` (needs staff),
plus ``withdrawn`` (staff chose not to send it, with a reason). ``enqueue`` returns a
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

from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from kiosk.references import new_reference, normalise
from offline.errors import classify_sqlite_error
from offline.models import Attempt, Submission
from offline.store import Store, iso, parse_iso, utc_now

_INSERT = (
    "INSERT INTO submission (id, seq, reference, journey_id, journey_version, language, assisted,"
    " kiosk_id, created_utc, updated_utc, state, attempts, bad_request_count, next_attempt_utc,"
    " destination, payload, payload_sha256) VALUES (:id,"
    " (SELECT coalesce(max(seq), 0) + 1 FROM submission), :reference, :journey_id, :journey_version,"
    " :language, :assisted, :kiosk_id, :stamp, :stamp, 'queued', 0, 0, :stamp, :destination, :payload,"
    " :sha) ON CONFLICT(id) DO NOTHING"
)
_EXISTING = "SELECT reference, created_utc FROM submission WHERE id = :id"

WAITING_STATES = ("queued", "sending", "retrying")
ALL_STATES = ("queued", "sending", "retrying", "delivered", "rejected", "withdrawn")


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

    @property
    def oldest_waiting_seconds(self) -> float | None:
        if self.oldest_waiting_utc is None:
            return None
        return max(0.0, (self.now - self.oldest_waiting_utc).total_seconds())

    def as_dict(self) -> dict[str, Any]:
        return {
            "counts": dict(self.counts),
            "waiting": sum(self.counts[s] for s in WAITING_STATES),
            "needs_staff": self.counts["rejected"],
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
    )


_COLUMN_NAMES = (
    "id", "seq", "reference", "journey_id", "journey_version", "language", "assisted", "kiosk_id",
    "created_utc", "updated_utc", "state", "attempts", "next_attempt_utc", "last_error_class",
    "last_http_status", "destination", "remote_id", "remote_token", "service_notice", "delivered_utc",
    "staff_note", "bad_request_count", "payload", "lease_owner",
)
_COLUMNS = ", ".join(_COLUMN_NAMES)
_COLUMN_INDEX = {name: i for i, name in enumerate(_COLUMN_NAMES)}
_WRITABLE = frozenset(_COLUMN_NAMES) | {"lease_expires_utc", "payload_sha256"}
# Written exactly like the partial index's WHERE, so SQLite walks that index in seq order.
_DUE_WHERE = (
    "state IN ('queued', 'retrying') AND destination IS NOT NULL"
    " AND (next_attempt_utc IS NULL OR next_attempt_utc <= ?)"
)


def _item_from(row: Mapping[str, Any]) -> QueueItem:
    """A queue item from a plain SQL row (a mapping of column name to value)."""
    return QueueItem(
        id=row["id"], seq=row["seq"], reference=row["reference"], journey_id=row["journey_id"],
        journey_version=row["journey_version"], language=row["language"], assisted=bool(row["assisted"]),
        kiosk_id=row["kiosk_id"], state=row["state"], attempts=row["attempts"],
        created_utc=parse_iso(row["created_utc"]), updated_utc=parse_iso(row["updated_utc"]),
        next_attempt_utc=_maybe(row["next_attempt_utc"]), last_error_class=row["last_error_class"],
        last_http_status=row["last_http_status"], destination=row["destination"],
        remote_id=row["remote_id"], remote_token=row["remote_token"],
        service_notice=row["service_notice"], delivered_utc=_maybe(row["delivered_utc"]),
        staff_note=row["staff_note"], bad_request_count=row["bad_request_count"],
        has_payload=row["payload"] is not None,
    )


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
        answers: dict[str, Any] = json.loads(self._store.key.open(sealed, submission_id.encode("ascii")))
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
        values = {
            "id": draft.id, "journey_id": draft.journey_id, "journey_version": str(draft.journey_version),
            "language": draft.language, "assisted": bool(draft.assisted), "kiosk_id": draft.kiosk_id,
            "stamp": stamp, "destination": draft.destination, "payload": sealed,
            "sha": hashlib.sha256(sealed).hexdigest(),
        }
        # One statement on the store's DB-API writer, not the ORM: a resident is waiting.
        for _ in range(5):
            values["reference"] = new_reference()
            try:
                with self._store.raw_write() as cur:
                    cur.execute(_INSERT, values)
                    if not cur.rowcount:
                        ref, created = cur.execute(_EXISTING, {"id": draft.id}).fetchone()
                        return Receipt(draft.id, ref, parse_iso(created), True)
                # the block above has committed (synchronous=FULL) when we get here
                return Receipt(draft.id, str(values["reference"]), moment, False)
            except sqlite3.IntegrityError as exc:
                if "reference" not in str(exc):
                    raise classify_sqlite_error(exc) from None
            except sqlite3.Error as exc:
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
        return QueueStatus(
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
                Submission.state.in_(("queued", "retrying")), Submission.destination.is_not(None)
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
        with self._store.raw_write() as cur:
            journeys = [r[0] for r in cur.execute(
                "SELECT DISTINCT journey_id FROM submission"
                " WHERE destination IS NULL AND state IN ('queued', 'retrying')").fetchall()]
            for journey_id in journeys:
                name = route(journey_id)
                if name:
                    cur.execute(
                        "UPDATE submission SET destination = ? WHERE journey_id = ?"
                        " AND destination IS NULL AND state IN ('queued', 'retrying')", (name, journey_id))
                    changed += cur.rowcount
        return changed

    @_storage_errors
    def recover_interrupted(self, now: datetime | None = None) -> int:
        """Items left ``sending`` by a sender that died go back to ``retrying``, due now.

        Call only while holding the sender lock (so no live sender owns them)."""
        stamp = iso(now or utc_now())
        with self._store.write() as s:
            result = s.execute(
                update(Submission)
                .where(Submission.state == "sending")
                .values(state="retrying", next_attempt_utc=stamp, lease_owner=None,
                        lease_expires_utc=None, last_error_class="interrupted", updated_utc=stamp)
            )
            return int(getattr(result, "rowcount", 0) or 0)

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
    ) -> list[ClaimedItem]:
        """Take up to ``limit`` eligible items, oldest first, in one transaction (one disk flush).

        Each comes back ``sending``; the sender records each outcome on its own, and gives
        back (``release``) any it did not get to. Plain SQL on the store's writer connection:
        this runs for every delivery."""
        moment = now or utc_now()
        stamp = iso(moment)
        excluded = tuple(exclude_destinations)
        where = _DUE_WHERE + (f" AND destination NOT IN ({', '.join('?' * len(excluded))})" if excluded else "")
        lease = iso(moment + timedelta(seconds=lease_seconds))
        with self._store.raw_write() as cur:
            rows = cur.execute(f"SELECT {_COLUMNS} FROM submission WHERE {where} ORDER BY seq LIMIT ?",
                               (stamp, *excluded, limit)).fetchall()
            if not rows:
                return []
            cur.executemany(
                "UPDATE submission SET state = 'sending', attempts = attempts + 1, lease_owner = ?,"
                " lease_expires_utc = ?, updated_utc = ? WHERE id = ?",
                [(owner, lease, stamp, row[0]) for row in rows],
            )
        claimed = []
        for row in rows:
            values = dict(zip(_COLUMN_NAMES, row, strict=True))
            previous = values["state"]
            values.update(state="sending", attempts=values["attempts"] + 1, lease_owner=owner, updated_utc=stamp)
            answers = self._open_sealed(values["id"], values["reference"], values["payload"])
            claimed.append(ClaimedItem(_item_from(values), answers, previous))
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
        assignments = ", ".join(f"{key} = :{key}" for key in values)
        with self._store.raw_write() as cur:
            cur.execute(f"UPDATE submission SET {assignments} WHERE id = :_id", {**values, "_id": submission_id})
            if not cur.rowcount:
                raise OutboxError("No such submission.")
            row = cur.execute(f"SELECT {_COLUMNS} FROM submission WHERE id = ?", (submission_id,)).fetchone()
            cur.execute(
                "INSERT INTO attempt (submission_id, at_utc, outcome, http_status, error_class, destination)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (submission_id, stamp, outcome, http_status, error_class, row[_COLUMN_INDEX["destination"]]),
            )
        return _item_from(dict(zip(_COLUMN_NAMES, row, strict=True)))

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
        return self._finish(
            submission_id, "delivered", http_status, None, now,
            state="delivered", remote_id=remote_id, remote_token=token, service_notice=service_notice,
            delivered_utc=stamp, payload=None, lease_owner=None, lease_expires_utc=None,
            next_attempt_utc=None,
        )

    @_storage_errors
    def record_retry(
        self,
        submission_id: str,
        *,
        error_class: str,
        next_attempt: datetime,
        http_status: int | None = None,
        bad_request: bool = False,
        now: datetime | None = None,
    ) -> QueueItem:
        """A transient failure: try again at ``next_attempt`` with the same key."""
        extra: dict[str, Any] = {}
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
        now: datetime | None = None,
    ) -> QueueItem:
        """A permanent failure: the item needs staff. Its answers stay encrypted."""
        return self._finish(
            submission_id, "rejected", http_status, error_class, now,
            state="rejected", next_attempt_utc=None, lease_owner=None, lease_expires_utc=None,
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
        """Staff: send a retrying or rejected item at the next chance."""
        item = self.get(submission_id)
        if item is None or item.state not in ("retrying", "rejected", "queued"):
            raise OutboxError("Only waiting or rejected items can be sent again.")
        return self._finish(submission_id, "retry requested", None, None, None,
                            state="retrying", next_attempt_utc=iso(utc_now()), bad_request_count=0)

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
        if item is None or item.state not in ("retrying", "rejected", "queued"):
            raise OutboxError("Only waiting or rejected items can be withdrawn.")
        if not reason.strip():
            raise OutboxError("Enter a reason for not sending it")
        return self._finish(submission_id, "withdrawn", None, None, None,
                            state="withdrawn", staff_note=reason.strip()[:500], payload=None,
                            next_attempt_utc=None)

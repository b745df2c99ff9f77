"""SQLAlchemy 2 typed models for the kiosk's one SQLite file. No ORM object leaves ``offline/``."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

STATES = ("queued", "sending", "delivered", "retrying", "rejected", "withdrawn", "unconfirmed")


class Base(DeclarativeBase):
    pass


class Submission(Base):
    """One resident's submission. The payload is AEAD ciphertext; it is set to NULL on delivery,
    leaving a tombstone (reference, journey, remote id, times)."""

    __tablename__ = "submission"
    __table_args__ = (
        CheckConstraint(
            "state IN ('queued','sending','delivered','retrying','rejected','withdrawn','unconfirmed')",
            name="ck_submission_state",
        ),
        # Waiting items in seq order: the sender's claim walks this (see outbox._DUE_WHERE).
        Index("ix_submission_waiting", "seq", sqlite_where=text("state IN ('queued', 'retrying')")),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # draft id = idempotency key
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    journey_id: Mapped[str] = mapped_column(String(120))
    journey_version: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    assisted: Mapped[bool] = mapped_column(Boolean, default=False)
    kiosk_id: Mapped[str] = mapped_column(String(120))
    created_utc: Mapped[str] = mapped_column(String(32))
    updated_utc: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    bad_request_count: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_utc: Mapped[str | None] = mapped_column(String(32))
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_utc: Mapped[str | None] = mapped_column(String(32))
    last_error_class: Mapped[str | None] = mapped_column(String(64))
    last_http_status: Mapped[int | None] = mapped_column(Integer)
    staff_note: Mapped[str | None] = mapped_column(Text)
    remote_id: Mapped[str | None] = mapped_column(String(200))
    remote_token: Mapped[str | None] = mapped_column(String(200))
    service_notice: Mapped[str | None] = mapped_column(Text)
    destination: Mapped[str | None] = mapped_column(String(120))
    delivered_utc: Mapped[str | None] = mapped_column(String(32))
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    # the server's own reason for the last failure (one line, personal data taken out)
    server_reason: Mapped[str | None] = mapped_column(Text)
    # when a 2xx named no record: the kiosk looks the report up until unconfirmed_hours pass
    unconfirmed_utc: Mapped[str | None] = mapped_column(String(32))


class Attempt(Base):
    """Append-only log of delivery attempts, for staff and diagnostics. No personal data."""

    __tablename__ = "attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    at_utc: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(32))
    http_status: Mapped[int | None] = mapped_column(Integer)
    error_class: Mapped[str | None] = mapped_column(String(64))
    destination: Mapped[str | None] = mapped_column(String(120))


class KeyValue(Base):
    """Small named facts: key check, staff PIN hash and lockout, sender lease, paused destinations."""

    __tablename__ = "kv"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_utc: Mapped[str] = mapped_column(String(32))


class HelpRequest(Base):
    """A resident pressed Help. Time and screen only; nothing personal."""

    __tablename__ = "help_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_utc: Mapped[str] = mapped_column(String(32))
    updated_utc: Mapped[str] = mapped_column(String(32))
    screen: Mapped[str] = mapped_column(String(120))
    state: Mapped[str] = mapped_column(String(16), default="waiting")  # waiting, on_my_way, done


class StatsEvent(Base):
    """One thing that happened, for daily statistics. Never an answer or a name."""

    __tablename__ = "stats_event"
    __table_args__ = (Index("ix_stats_day_kind", "day", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[str] = mapped_column(String(10))
    at_utc: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(40))
    journey_id: Mapped[str | None] = mapped_column(String(120))
    page: Mapped[str | None] = mapped_column(String(120))
    detail: Mapped[str | None] = mapped_column(String(200))
    session_id: Mapped[str | None] = mapped_column(String(36))
    # a staff practice session's event (migration 0008): left out of the resident figures
    practice: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class LearnerProgress(Base):
    """Tutorial progress under a learner code. Nothing personal."""

    __tablename__ = "learner_progress"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    created_utc: Mapped[str] = mapped_column(String(32))
    updated_utc: Mapped[str] = mapped_column(String(32))
    progress_json: Mapped[str] = mapped_column(Text)


class CatalogueEntry(Base):
    """An Open311 service (and its definition) cached from the last good refresh."""

    __tablename__ = "catalogue_entry"

    destination: Mapped[str] = mapped_column(String(120), primary_key=True)
    service_code: Mapped[str] = mapped_column(String(200), primary_key=True)
    service_json: Mapped[str] = mapped_column(Text)
    definition_json: Mapped[str | None] = mapped_column(Text)
    fetched_utc: Mapped[str] = mapped_column(String(32))
    missed_refreshes: Mapped[int] = mapped_column(Integer, default=0)


PAYMENT_STATES = ("due", "creating", "created", "link_sent", "paid", "failed", "expired", "cancelled")


class Payment(Base):
    """What a booking costs and whether it is paid, kept with the booking (issue 21).

    ``due``: to be created on GOV.UK Pay (or waiting at the counter); ``creating``: the
    marker written before the POST, with ``idempotency_key``, so a crash leaves a trail
    to search by ``reference``; then ``created``, ``link_sent``, ``paid``, ``failed``,
    ``expired``, ``cancelled``. ``holds_booking``: the booking waits until paid."""

    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint(
            "state IN ('due','creating','created','link_sent','paid','failed','expired','cancelled')",
            name="ck_payment_state",
        ),
        CheckConstraint("way IN ('phone','text','counter')", name="ck_payment_way"),
        Index("ix_payment_state", "state"),
    )

    submission_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("submission.id", ondelete="CASCADE"), primary_key=True)
    reference: Mapped[str] = mapped_column(String(16))
    way: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(12), default="due")
    amount_pence: Mapped[int] = mapped_column(Integer)
    holds_booking: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(8), default="en")
    description: Mapped[str] = mapped_column(String(255))
    idempotency_key: Mapped[str | None] = mapped_column(String(36))
    pay_id: Mapped[str | None] = mapped_column(String(64))
    next_url: Mapped[str | None] = mapped_column(Text)
    old_pay_ids: Mapped[str] = mapped_column(Text, default="")  # earlier tries, space-separated
    failure_code: Mapped[str | None] = mapped_column(String(16))
    till_receipt: Mapped[str | None] = mapped_column(String(64))
    created_utc: Mapped[str] = mapped_column(String(32))
    updated_utc: Mapped[str] = mapped_column(String(32))

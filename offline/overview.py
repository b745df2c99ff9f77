"""Queue health per destination, read from the attempt log: last success, last error, reachability.

What staff and fleet monitoring see of delivery without personal data: times, HTTP
statuses and short error classes only. The outbox's ``status()`` gives the counts; this
adds "when did each destination last take something, and what went wrong last".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from offline.models import Attempt
from offline.store import Store, parse_iso

# Attempt outcomes written by the sender (staff actions like "opened by staff" are not attempts).
_SENDER_OUTCOMES = ("delivered", "retrying", "rejected")


@dataclass(frozen=True)
class DestinationHealth:
    """One destination's delivery history in brief."""

    name: str
    last_success_utc: datetime | None
    last_error_utc: datetime | None
    last_error_class: str | None
    last_error_status: int | None

    @property
    def failing(self) -> bool:
        """The last thing that happened was an error."""
        if self.last_error_utc is None:
            return False
        return self.last_success_utc is None or self.last_error_utc > self.last_success_utc


def destination_health(store: Store) -> list[DestinationHealth]:
    """Every destination that has had a delivery attempt, by name."""
    with store.read() as s:
        successes: dict[str, str] = dict(
            s.execute(  # type: ignore[arg-type]  # destination is NOT NULL in this query
                select(Attempt.destination, func.max(Attempt.at_utc))
                .where(Attempt.outcome == "delivered", Attempt.destination.is_not(None))
                .group_by(Attempt.destination)
            ).all()
        )
        last_error_ids = (
            select(func.max(Attempt.id))
            .where(Attempt.outcome.in_(("retrying", "rejected")), Attempt.destination.is_not(None))
            .group_by(Attempt.destination)
        )
        errors: dict[str, tuple[str, str | None, int | None]] = {
            str(d): (at, cls, status)
            for d, at, cls, status in s.execute(
                select(Attempt.destination, Attempt.at_utc, Attempt.error_class, Attempt.http_status)
                .where(Attempt.id.in_(last_error_ids))
            ).all()
        }
    names = sorted(set(successes) | set(errors))
    out = []
    for name in names:
        at, cls, status = errors.get(name, (None, None, None))
        ok = successes.get(name)
        out.append(DestinationHealth(name, parse_iso(ok) if ok else None, parse_iso(at) if at else None,
                                     cls, status))
    return out


def reached_a_server(store: Store) -> bool | None:
    """Whether the latest delivery attempt got an answer from a council server (the kiosk was
    online); ``None`` when nothing has been tried yet (unknown)."""
    with store.read() as s:
        row = s.execute(
            select(Attempt.outcome, Attempt.http_status, Attempt.error_class)
            .where(Attempt.outcome.in_(_SENDER_OUTCOMES))
            .order_by(Attempt.id.desc())
            .limit(1)
        ).first()
    if row is None:
        return None
    outcome, status, error_class = row
    if error_class == "captive_portal":  # a Wi-Fi sign-in page answered, not the council
        return False
    return outcome == "delivered" or status is not None

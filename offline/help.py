"""Help requests: a resident pressed Help; staff see the list and say they are on their way.

A request holds the time and the screen's name only, never anything the resident typed.
The screen name must be a short identifier (letters, digits and ``.:/_-``); anything else,
such as a sentence that might hold what the resident typed, is recorded as ``unknown``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from offline.errors import classify_sqlite_error
from offline.models import HelpRequest
from offline.store import Store, iso, parse_iso, utc_now

HELP_STATES = ("waiting", "on_my_way", "done")
OPEN_STATES = ("waiting", "on_my_way")
_IDENTIFIER = re.compile(r"[A-Za-z0-9.:/_-]+")
SCREEN_MAX = 120


@dataclass(frozen=True)
class HelpRequestInfo:
    """One help request as staff see it."""

    id: int
    created_utc: datetime
    updated_utc: datetime
    screen: str
    state: str


def safe_screen_name(screen: str) -> str:
    """``screen`` when it is a short identifier, else ``unknown``: never free text."""
    screen = screen.strip()
    if len(screen) > SCREEN_MAX or not _IDENTIFIER.fullmatch(screen):
        return "unknown"
    return screen


def _info(row: HelpRequest) -> HelpRequestInfo:
    return HelpRequestInfo(
        id=row.id,
        created_utc=parse_iso(row.created_utc),
        updated_utc=parse_iso(row.updated_utc),
        screen=row.screen,
        state=row.state,
    )


class HelpRequests:
    """Record and list help requests in ``store``."""

    def __init__(self, store: Store, clock: Callable[[], datetime] = utc_now) -> None:
        self._store = store
        self._clock = clock

    def record(self, screen: str) -> HelpRequestInfo:
        """A resident asked for help on ``screen`` (a screen id, for example 'journey:where').

        Raises ``offline.errors.StorageError`` when it could not be stored."""
        now = iso(self._clock())
        try:
            with self._store.write() as s:
                row = HelpRequest(created_utc=now, updated_utc=now,
                                  screen=safe_screen_name(screen), state="waiting")
                s.add(row)
                s.flush()
                return _info(row)
        except SQLAlchemyError as exc:
            raise classify_sqlite_error(exc) from None

    def list_waiting(self) -> list[HelpRequestInfo]:
        """Requests not yet done, oldest first."""
        with self._store.read() as s:
            rows = s.scalars(
                select(HelpRequest)
                .where(HelpRequest.state.in_(OPEN_STATES))
                .order_by(HelpRequest.created_utc, HelpRequest.id)
            ).all()
            return [_info(r) for r in rows]

    def mark(self, request_id: int, state: str) -> HelpRequestInfo:
        """Move a request to ``state`` (waiting, on_my_way or done)."""
        if state not in HELP_STATES:
            raise ValueError(f"a help request's state is one of {', '.join(HELP_STATES)}, not {state!r}")
        with self._store.write() as s:
            row = s.get(HelpRequest, request_id)
            if row is None:
                raise LookupError(f"there is no help request {request_id}")
            row.state = state
            row.updated_utc = iso(self._clock())
            s.flush()
            return _info(row)

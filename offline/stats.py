"""Storing usage statistics (``stats_event``) and reading them back per day. Never an answer or a name.

``Stats`` owns the table: ``record`` adds one event (one short write transaction), ``daily`` aggregates a date range with ``kiosk.stats.aggregate``, ``export_csv``
writes it. ``StatsRecorder`` is what the touchscreen calls: one method per thing that
happened, with the current session's id attached, and it never lets a statistics failure
reach a resident.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from kiosk import stats as k
from kiosk.stats import DailyStats, StatsEventRecord, UnsafeStatistic, safe_token
from offline.errors import StorageError, classify_sqlite_error
from offline.models import StatsEvent
from offline.store import Store, iso, utc_now

log = logging.getLogger(__name__)

def local_day(moment: datetime) -> str:
    """The kiosk's own calendar day for ``moment`` (a council counts by its local day)."""
    return moment.astimezone().date().isoformat()


class Stats:
    """The statistics table of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def record(
        self,
        kind: str,
        journey_id: str | None = None,
        page: str | None = None,
        detail: str | None = None,
        session_id: str | None = None,
        now: datetime | None = None,
        practice: bool = False,
    ) -> None:
        """Add one event (``practice``: of a staff practice session, counted apart). Raises
        ``UnsafeStatistic`` for anything that is not a short code, ``StorageError`` when the
        database cannot take it."""
        if kind not in k.KINDS:
            raise UnsafeStatistic(f"Unknown statistic '{kind}'")
        values = (safe_token(journey_id), safe_token(page), safe_token(detail), safe_token(session_id))
        moment = now or utc_now()
        journey, page_code, detail_code, session = values
        try:
            with self._store.write() as s:
                s.add(StatsEvent(day=local_day(moment), at_utc=iso(moment), kind=kind,
                                 journey_id=journey, page=page_code, detail=detail_code,
                                 session_id=session, practice=True if practice else None))
        except SQLAlchemyError as exc:
            raise classify_sqlite_error(exc) from None

    def events(self, first: date, last: date) -> list[StatsEventRecord]:
        with self._store.read() as s:
            rows = s.execute(
                select(StatsEvent.day, StatsEvent.kind, StatsEvent.journey_id, StatsEvent.page,
                       StatsEvent.detail, StatsEvent.session_id, StatsEvent.practice)
                .where(StatsEvent.day >= first.isoformat(), StatsEvent.day <= last.isoformat())
                .order_by(StatsEvent.id)
            )
            return [StatsEventRecord(*row[:6], practice=bool(row[6])) for row in rows]

    def daily(self, first: date, last: date) -> list[DailyStats]:
        """One ``DailyStats`` for every day from ``first`` to ``last`` (days without events are zeros)."""
        return k.aggregate(self.events(first, last), k.days_between(first, last))

    def sessions_on(self, day: date) -> int:
        """Residents' sessions started on ``day`` (practice sessions are not counted)."""
        with self._store.read() as s:
            n = s.scalar(
                select(func.count()).select_from(StatsEvent)
                .where(StatsEvent.day == day.isoformat(), StatsEvent.kind == k.SESSION_STARTED,
                       StatsEvent.practice.is_not(True))
            )
            return int(n or 0)

    def totals(self) -> list[tuple[str, str, bool, int]]:
        """(kind, journey id or "", practice, count) over everything recorded, for the
        fleet's counters (``sync.metrics``): they only ever grow."""
        with self._store.read() as s:
            rows = s.execute(
                select(StatsEvent.kind, StatsEvent.journey_id, StatsEvent.practice, func.count())
                .where(StatsEvent.kind.in_((k.SESSION_STARTED, k.JOURNEY_STARTED,
                                            k.JOURNEY_COMPLETED, k.HELP_REQUEST)))
                .group_by(StatsEvent.kind, StatsEvent.journey_id, StatsEvent.practice)
            )
            found: dict[tuple[str, str, bool], int] = {}
            for kind, journey, practice, n in rows:
                key = (str(kind), str(journey or ""), bool(practice))
                found[key] = found.get(key, 0) + int(n)
            return [(kind, journey, practice, n) for (kind, journey, practice), n in found.items()]

    def sessions_today(self, now: datetime | None = None) -> int:
        return self.sessions_on(date.fromisoformat(local_day(now or utc_now())))

    def export_csv(self, first: date, last: date, output: Path | None = None) -> str:
        """The CSV of ``daily(first, last)``; also written to ``output`` when given."""
        text = k.to_csv(self.daily(first, last))
        if output is not None:
            Path(output).write_text(text, "utf-8")
        return text


class StatsRecorder:
    """What the touchscreen and tutorial player call as things happen.

    Holds the current session's random id (no link to a person), so per-session things
    (language, text size, read aloud, assisted) are counted once per session. A failure to
    store a statistic is logged (kind only) and never interrupts a resident.
    """

    def __init__(self, stats: Stats) -> None:
        self._stats = stats
        self._session_id: str | None = None
        self._practice = False

    @property
    def session_id(self) -> str | None:
        return self._session_id

    @property
    def practice(self) -> bool:
        """What is recorded now belongs to a staff practice session (counted apart)."""
        return self._practice

    def record_practice(self, on: bool) -> None:
        """A staff practice session started (``on``) or ended: events from now on are
        flagged as practice, or are residents' again."""
        self._practice = on

    def record_time(self, seconds: int, *, open_: bool) -> None:
        """The kiosk was open (``open_``) or closed for ``seconds`` (``kiosk.hours``)."""
        whole = int(seconds)
        if whole > 0:
            self._record(k.OPEN_TIME if open_ else k.CLOSED_TIME, detail=str(whole),
                         practice=False)

    def _record(self, kind: str, journey_id: str | None = None, page: str | None = None,
                detail: str | None = None, *, practice: bool | None = None) -> bool:
        flag = self._practice if practice is None else practice
        try:
            self._stats.record(kind, journey_id, page, detail, self._session_id, practice=flag)
        except (StorageError, UnsafeStatistic) as exc:
            log.warning("statistic %s not recorded: %s", kind, type(exc).__name__)
            return False
        return True

    def record_session_started(self) -> None:
        """A resident started a session (left the welcome screen). Starts a new session id."""
        self._session_id = str(uuid.uuid4())
        self._record(k.SESSION_STARTED)

    def record_session_ended(self) -> None:
        """The session was wiped; later events belong to no session until the next one starts."""
        self._session_id = None

    def record_journey_started(self, journey_id: str) -> None:
        self._record(k.JOURNEY_STARTED, journey_id)

    def record_page_error(self, journey_id: str, page: str, question: str | None = None) -> None:
        """An error message was shown on ``page`` (for ``question`` when known)."""
        self._record(k.PAGE_ERROR, journey_id, page, question)

    def record_journey_completed(self, journey_id: str) -> None:
        self._record(k.JOURNEY_COMPLETED, journey_id)

    def record_journey_abandoned(self, journey_id: str, page: str) -> None:
        """The resident left (or timed out of) ``journey_id`` while on ``page``."""
        self._record(k.JOURNEY_ABANDONED, journey_id, page)

    def record_language(self, lang: str) -> None:
        self._record(k.LANGUAGE, detail=lang)

    def record_text_size(self, pct: int) -> None:
        self._record(k.TEXT_SIZE, detail=str(int(pct)))

    def record_read_aloud(self) -> None:
        self._record(k.READ_ALOUD)

    def record_assisted(self) -> None:
        self._record(k.ASSISTED)

    def record_tutorial_started(self, lesson_id: str) -> None:
        self._record(k.TUTORIAL_STARTED, detail=lesson_id)

    def record_tutorial_completed(self, lesson_id: str) -> None:
        self._record(k.TUTORIAL_COMPLETED, detail=lesson_id)

    def record_help_request(self, screen: str | None = None) -> None:
        self._record(k.HELP_REQUEST, page=screen)

"""Usage statistics without personal data: the event kinds, daily aggregation and CSV.

An event is a kind plus, at most, a journey id, a page id and a short code (a language,
a text size, a lesson id, a question id). ``safe_token`` refuses anything that could be
free text (spaces, ``@``, long strings), so an answer or a name can never be counted.

``aggregate(events)`` turns events into one ``DailyStats`` per day. Things a session
either did or did not do (its languages, text sizes, read aloud, assisted) are counted
once per session, however many times they were switched on.

Practice use (a staff practice session: ``kiosk.flow.Flow.start_practice``) is kept apart:
an event with ``practice`` set counts only in the ``practice_`` figures, never in the
resident ones. The time the kiosk was open and closed (``kiosk.hours``) is counted in
seconds by ``OPEN_TIME`` and ``CLOSED_TIME`` events whose detail is the seconds.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

SESSION_STARTED = "session_started"
JOURNEY_STARTED = "journey_started"
JOURNEY_COMPLETED = "journey_completed"
JOURNEY_ABANDONED = "journey_abandoned"
PAGE_ERROR = "page_error"
LANGUAGE = "language"
TEXT_SIZE = "text_size"
READ_ALOUD = "read_aloud"
ASSISTED = "assisted"
TUTORIAL_STARTED = "tutorial_started"
TUTORIAL_COMPLETED = "tutorial_completed"
HELP_REQUEST = "help_request"
OPEN_TIME = "open_time"  # detail: seconds the kiosk was open (within its opening hours)
CLOSED_TIME = "closed_time"  # detail: seconds it was running but closed

KINDS = (
    SESSION_STARTED, JOURNEY_STARTED, JOURNEY_COMPLETED, JOURNEY_ABANDONED, PAGE_ERROR, LANGUAGE,
    TEXT_SIZE, READ_ALOUD, ASSISTED, TUTORIAL_STARTED, TUTORIAL_COMPLETED, HELP_REQUEST,
    OPEN_TIME, CLOSED_TIME,
)
# Counted once per session (when the event carries a session id).
PER_SESSION_KINDS = frozenset({LANGUAGE, TEXT_SIZE, READ_ALOUD, ASSISTED})

_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,119}$")

CSV_COLUMNS = ("day", "measure", "journey", "page", "detail", "count")


class UnsafeStatistic(ValueError):
    """A value that is not a short code, so it may carry personal data; nothing is recorded."""


def safe_token(value: object | None) -> str | None:
    """``value`` as a short code (letters, digits, ``. _ : / -``), or raise ``UnsafeStatistic``."""
    if value is None:
        return None
    text = str(value)
    if not _TOKEN.match(text):
        raise UnsafeStatistic("A statistic must be a short code, not free text")
    return text


@dataclass(frozen=True)
class StatsEventRecord:
    """One recorded event, as read back from storage."""

    day: str
    kind: str
    journey_id: str | None = None
    page: str | None = None
    detail: str | None = None
    session_id: str | None = None
    practice: bool = False


@dataclass(frozen=True)
class DailyStats:
    """One day's counts. Mappings are keyed by the code counted (journey, page, language ...)."""

    day: str
    sessions: int = 0
    journeys_started: int = 0
    journeys_completed: int = 0
    journeys_abandoned: int = 0
    started_by_journey: Mapping[str, int] = field(default_factory=dict)
    completed_by_journey: Mapping[str, int] = field(default_factory=dict)
    abandoned_at: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (journey, page)
    errors_by_question: Mapping[tuple[str, str, str], int] = field(default_factory=dict)
    languages: Mapping[str, int] = field(default_factory=dict)
    text_sizes: Mapping[str, int] = field(default_factory=dict)
    read_aloud_sessions: int = 0
    assisted_sessions: int = 0
    tutorials_started: Mapping[str, int] = field(default_factory=dict)
    tutorials_completed: Mapping[str, int] = field(default_factory=dict)
    help_requests: int = 0
    practice_sessions: int = 0  # staff practice: never in the resident figures above
    practice_journeys_started: int = 0
    practice_journeys_completed: int = 0
    open_seconds: int = 0
    closed_seconds: int = 0

    @property
    def errors_shown(self) -> int:
        return sum(self.errors_by_question.values())


def days_between(first: date, last: date) -> list[str]:
    """Every day from ``first`` to ``last`` inclusive, as ``YYYY-MM-DD``."""
    if last < first:
        raise ValueError("The end date is before the start date")
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def aggregate(events: Iterable[StatsEventRecord], days: Iterable[str] = ()) -> list[DailyStats]:
    """One ``DailyStats`` per day that has events, plus every day in ``days`` (zeros), in order."""
    buckets: dict[str, list[StatsEventRecord]] = {d: [] for d in days}
    for event in events:
        buckets.setdefault(event.day, []).append(event)
    return [_one_day(day, buckets[day]) for day in sorted(buckets)]


def _one_day(day: str, events: list[StatsEventRecord]) -> DailyStats:
    counts: Counter[str] = Counter()
    started: Counter[str] = Counter()
    completed: Counter[str] = Counter()
    abandoned: Counter[tuple[str, str]] = Counter()
    errors: Counter[tuple[str, str, str]] = Counter()
    languages: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    t_started: Counter[str] = Counter()
    t_completed: Counter[str] = Counter()
    seen: set[tuple[str, str, str]] = set()
    practice: Counter[str] = Counter()
    for e in events:
        if e.kind in (OPEN_TIME, CLOSED_TIME):
            counts[e.kind] += _seconds(e.detail)
            continue
        if e.practice:
            practice[e.kind] += 1
            continue
        if e.kind in PER_SESSION_KINDS and e.session_id:
            key = (e.session_id, e.kind, e.detail or "")
            if key in seen:
                continue
            seen.add(key)
        counts[e.kind] += 1
        journey = e.journey_id or ""
        if e.kind == JOURNEY_STARTED:
            started[journey] += 1
        elif e.kind == JOURNEY_COMPLETED:
            completed[journey] += 1
        elif e.kind == JOURNEY_ABANDONED:
            abandoned[(journey, e.page or "")] += 1
        elif e.kind == PAGE_ERROR:
            errors[(journey, e.page or "", e.detail or "")] += 1
        elif e.kind == LANGUAGE and e.detail:
            languages[e.detail] += 1
        elif e.kind == TEXT_SIZE and e.detail:
            sizes[e.detail] += 1
        elif e.kind == TUTORIAL_STARTED:
            t_started[e.detail or ""] += 1
        elif e.kind == TUTORIAL_COMPLETED:
            t_completed[e.detail or ""] += 1
    return DailyStats(
        day=day,
        sessions=counts[SESSION_STARTED],
        journeys_started=counts[JOURNEY_STARTED],
        journeys_completed=counts[JOURNEY_COMPLETED],
        journeys_abandoned=counts[JOURNEY_ABANDONED],
        started_by_journey=dict(started),
        completed_by_journey=dict(completed),
        abandoned_at=dict(abandoned),
        errors_by_question=dict(errors),
        languages=dict(languages),
        text_sizes=dict(sizes),
        read_aloud_sessions=counts[READ_ALOUD],
        assisted_sessions=counts[ASSISTED],
        tutorials_started=dict(t_started),
        tutorials_completed=dict(t_completed),
        help_requests=counts[HELP_REQUEST],
        practice_sessions=practice[SESSION_STARTED],
        practice_journeys_started=practice[JOURNEY_STARTED],
        practice_journeys_completed=practice[JOURNEY_COMPLETED],
        open_seconds=counts[OPEN_TIME],
        closed_seconds=counts[CLOSED_TIME],
    )


def _seconds(detail: str | None) -> int:
    """An ``OPEN_TIME``/``CLOSED_TIME`` event's seconds (0 for anything that is not a count)."""
    return int(detail) if detail is not None and detail.isascii() and detail.isdigit() else 0


def abandonment_by_page(days: Iterable[DailyStats]) -> list[tuple[str, str, int]]:
    """(journey, page, count) over all ``days``, most abandoned first."""
    total: Counter[tuple[str, str]] = Counter()
    for d in days:
        total.update(d.abandoned_at)
    return [(j, p, n) for (j, p), n in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))]


def csv_rows(days: Iterable[DailyStats]) -> list[tuple[str, str, str, str, str, int]]:
    """Long-format rows (day, measure, journey, page, detail, count): easy to pivot."""
    rows: list[tuple[str, str, str, str, str, int]] = []
    for d in days:
        def add(measure: str, count: int, journey: str = "", page: str = "", detail: str = "",
                day: str = d.day) -> None:
            rows.append((day, measure, journey, page, detail, count))

        add("sessions", d.sessions)
        add("journeys_started", d.journeys_started)
        add("journeys_completed", d.journeys_completed)
        add("journeys_abandoned", d.journeys_abandoned)
        for j, n in sorted(d.started_by_journey.items()):
            add("journey_started", n, journey=j)
        for j, n in sorted(d.completed_by_journey.items()):
            add("journey_completed", n, journey=j)
        for (j, p), n in sorted(d.abandoned_at.items()):
            add("abandoned_at_page", n, journey=j, page=p)
        for (j, p, q), n in sorted(d.errors_by_question.items()):
            add("errors_shown", n, journey=j, page=p, detail=q)
        for lang, n in sorted(d.languages.items()):
            add("language", n, detail=lang)
        for size, n in sorted(d.text_sizes.items(), key=lambda kv: (len(kv[0]), kv[0])):
            add("text_size", n, detail=size)
        add("read_aloud_sessions", d.read_aloud_sessions)
        add("assisted_sessions", d.assisted_sessions)
        for lesson, n in sorted(d.tutorials_started.items()):
            add("tutorial_started", n, detail=lesson)
        for lesson, n in sorted(d.tutorials_completed.items()):
            add("tutorial_completed", n, detail=lesson)
        add("help_requests", d.help_requests)
        add("practice_sessions", d.practice_sessions)
        add("practice_journeys_started", d.practice_journeys_started)
        add("practice_journeys_completed", d.practice_journeys_completed)
        add("open_seconds", d.open_seconds)
        add("closed_seconds", d.closed_seconds)
    return rows


def to_csv(days: Iterable[DailyStats]) -> str:
    """The CSV text of ``csv_rows`` with a header line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(days))
    return out.getvalue()

"""Statistics: events recorded by a real journey run, counted per day, exported as CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from kiosk import stats as k
from kiosk.journeys.engine import DateParts, JourneyRun, LocationInput, PageModel
from kiosk.journeys.gazetteer import load_gazetteer
from kiosk.journeys.schema import load_builtin_journeys
from offline.stats import Stats, StatsRecorder, local_day
from offline.store import Store


def _journey(journey_id: str):  # type: ignore[no-untyped-def]
    return next(j for j in load_builtin_journeys().journeys if j.id == journey_id)


def _run_fly_tipping(recorder: StatsRecorder, *, finish: bool) -> None:
    """One resident's session, reported to the recorder where the touchscreen would report it."""
    recorder.record_session_started()
    recorder.record_language("cy")
    recorder.record_language("cy")  # switched back and forth: one session, counted once
    journey = _journey("report-fly-tipping")
    run = JourneyRun(journey, language="cy", gazetteer=load_gazetteer(None))
    recorder.record_journey_started(journey.id)
    while not run.at_check_answers:
        page = run.page()
        if page.page_id == "waste_type":
            errors = run.continue_()  # Continue with nothing chosen: an error is shown
            assert errors
            for e in errors:
                recorder.record_page_error(journey.id, page.page_id, e.question)
            if not finish:
                recorder.record_journey_abandoned(journey.id, page.page_id)
                recorder.record_session_ended()
                return
            run.answer(("bags",))
        else:
            run.answer(_valid_answer(run, page))
        assert run.continue_() == [], page.page_id
    recorder.record_journey_completed(journey.id)
    recorder.record_session_ended()


def _valid_answer(run: JourneyRun, page: PageModel) -> object:
    kind = page.question_type
    if kind == "location":
        place = run.search_places("High Street")[0]
        return LocationInput(place_id=place.id, postcode="", details="")
    if kind in ("single_choice", "yes_no"):
        return page.options[-1][0] if kind == "single_choice" else "no"
    if kind == "multiple_choice":
        return (page.options[0][0],)
    if kind == "date":
        return DateParts("1", "2", "2025")
    if kind in ("text", "textarea"):
        return "Bags by the gate"
    if kind == "email":
        return "" if page.is_optional else "someone@example.com"
    if kind == "phone":
        return "" if page.is_optional else "01632 960001"
    if kind == "declaration":
        return True
    return page.answer


def test_a_real_journey_run_is_counted_per_day(store: Store) -> None:
    stats = Stats(store)
    recorder = StatsRecorder(stats)
    _run_fly_tipping(recorder, finish=True)
    _run_fly_tipping(recorder, finish=False)
    recorder.record_text_size(150)
    recorder.record_read_aloud()
    recorder.record_tutorial_started("tap")
    recorder.record_tutorial_completed("tap")
    recorder.record_help_request("journey:waste_type")

    today = date.fromisoformat(local_day(datetime.now(UTC)))
    [day] = stats.daily(today, today)
    assert day.sessions == 2
    assert day.journeys_started == 2
    assert day.journeys_completed == 1
    assert day.journeys_abandoned == 1
    assert day.abandoned_at == {("report-fly-tipping", "waste_type"): 1}
    assert day.errors_by_question == {("report-fly-tipping", "waste_type", "waste_type"): 2}
    assert day.languages == {"cy": 2}  # two sessions, each counted once
    assert day.text_sizes == {"150": 1}
    assert day.read_aloud_sessions == 1
    assert day.tutorials_started == {"tap": 1} and day.tutorials_completed == {"tap": 1}
    assert day.help_requests == 1
    assert stats.sessions_today() == 2


def test_days_without_events_are_zero_and_in_order(store: Store) -> None:
    stats = Stats(store)
    stats.record(k.SESSION_STARTED, now=datetime(2026, 3, 2, 12, tzinfo=UTC))
    stats.record(k.SESSION_STARTED, now=datetime(2026, 3, 4, 12, tzinfo=UTC))
    stats.record(k.SESSION_STARTED, now=datetime(2026, 3, 4, 13, tzinfo=UTC))
    stats.record(k.SESSION_STARTED, now=datetime(2026, 3, 9, 13, tzinfo=UTC))  # outside the range
    days = stats.daily(date(2026, 3, 2), date(2026, 3, 4))
    assert [(d.day, d.sessions) for d in days] == [("2026-03-02", 1), ("2026-03-03", 0), ("2026-03-04", 2)]


@pytest.mark.parametrize("value", ["Flat 2, 10 High Street", "jo@example.com", "x" * 121, "=cmd()", ""])
def test_free_text_is_never_recorded(store: Store, value: str) -> None:
    stats = Stats(store)
    with pytest.raises(k.UnsafeStatistic):
        stats.record(k.PAGE_ERROR, "report-fly-tipping", "waste_type", value)
    recorder = StatsRecorder(stats)
    recorder.record_session_started()
    recorder.record_journey_abandoned("report-fly-tipping", value)  # logged, not raised, not stored
    kinds = [e.kind for e in stats.events(date(2000, 1, 1), date(2100, 1, 1))]
    assert kinds == [k.SESSION_STARTED]


def test_unknown_kind_is_refused(store: Store) -> None:
    with pytest.raises(k.UnsafeStatistic):
        Stats(store).record("resident_name")


def test_csv_export_has_one_row_per_measure(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    stats = Stats(store)
    moment = datetime(2026, 5, 6, 10, tzinfo=UTC)
    stats.record(k.SESSION_STARTED, now=moment, session_id="s1")
    stats.record(k.JOURNEY_ABANDONED, "sign-petition", "name", now=moment)
    stats.record(k.PAGE_ERROR, "sign-petition", "name", "full_name", now=moment)
    stats.record(k.PAGE_ERROR, "sign-petition", "name", "full_name", now=moment)
    out = tmp_path / "stats.csv"
    text = stats.export_csv(date(2026, 5, 6), date(2026, 5, 6), out)
    assert out.read_text("utf-8") == text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(k.CSV_COLUMNS)
    by = {(r["measure"], r["journey"], r["page"], r["detail"]): int(r["count"]) for r in rows}
    assert by[("sessions", "", "", "")] == 1
    assert by[("abandoned_at_page", "sign-petition", "name", "")] == 1
    assert by[("errors_shown", "sign-petition", "name", "full_name")] == 2
    assert by[("journeys_completed", "", "", "")] == 0


def test_abandonment_by_page_sums_over_days() -> None:
    events = [
        k.StatsEventRecord("2026-01-01", k.JOURNEY_ABANDONED, "a", "p1"),
        k.StatsEventRecord("2026-01-02", k.JOURNEY_ABANDONED, "a", "p1"),
        k.StatsEventRecord("2026-01-02", k.JOURNEY_ABANDONED, "b", "p2"),
    ]
    assert k.abandonment_by_page(k.aggregate(events)) == [("a", "p1", 2), ("b", "p2", 1)]

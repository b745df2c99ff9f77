"""Help requests in a real store: time and screen only, listed for staff, marked by them."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from offline.help import HelpRequests, safe_screen_name
from offline.store import DB_FILE, Store


def test_a_request_records_the_time_and_screen(store: Store) -> None:
    moment = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    desk = HelpRequests(store, clock=lambda: moment)
    made = desk.record("journey:report-flytip/page:where")
    assert (made.screen, made.state, made.created_utc) == (
        "journey:report-flytip/page:where", "waiting", moment)
    assert [r.id for r in desk.list_waiting()] == [made.id]


def test_staff_mark_requests_and_done_ones_leave_the_list(store: Store) -> None:
    clock_value = [datetime(2025, 3, 1, 10, 0, tzinfo=UTC)]
    desk = HelpRequests(store, clock=lambda: clock_value[0])
    first = desk.record("welcome")
    clock_value[0] += timedelta(minutes=1)
    second = desk.record("check-answers")
    assert [r.id for r in desk.list_waiting()] == [first.id, second.id]
    on_way = desk.mark(first.id, "on_my_way")
    assert on_way.state == "on_my_way" and on_way.updated_utc > on_way.created_utc
    assert [r.state for r in desk.list_waiting()] == ["on_my_way", "waiting"]
    desk.mark(first.id, "done")
    assert [r.id for r in desk.list_waiting()] == [second.id]


def test_unknown_states_and_ids_are_refused(store: Store) -> None:
    desk = HelpRequests(store)
    made = desk.record("welcome")
    with pytest.raises(ValueError, match="waiting, on_my_way, done"):
        desk.mark(made.id, "ignored")
    with pytest.raises(LookupError):
        desk.mark(made.id + 100, "done")


def test_nothing_personal_gets_in_through_the_screen_name(store: Store, data_dir: Path) -> None:
    desk = HelpRequests(store)
    made = desk.record("question: Jane Smith lives at 12 Acacia Avenue")
    assert made.screen == "unknown"
    assert safe_screen_name("") == "unknown"
    assert safe_screen_name("x" * 500) == "unknown"
    assert safe_screen_name(" page:where ") == "page:where"
    with sqlite3.connect(data_dir / DB_FILE) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(help_request)")]
    conn.close()
    assert sorted(columns) == ["created_utc", "id", "screen", "state", "updated_utc"]

"""Storage errors are classified by SQLite's result code, from real failures of a real
SQLite file; anything else is logged as a bug (no message, no values) and still says
"nothing was saved"."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError

from offline.errors import (
    NotStored,
    StorageCorrupt,
    StorageError,
    StorageFull,
    classify_sqlite_error,
    sqlite_code,
)
from offline.outbox import Draft, Outbox
from offline.store import DB_FILE, Store


def _failure(action) -> BaseException:
    try:
        action()
    except (sqlite3.Error, DBAPIError) as exc:
        return exc
    raise AssertionError("the action did not fail")


def _db(tmp_path: Path) -> Path:
    path = tmp_path / "t.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
    conn.close()
    return path


def test_a_read_only_database(tmp_path: Path) -> None:
    path = _db(tmp_path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    exc = _failure(lambda: conn.execute("INSERT INTO t VALUES (1)"))
    conn.close()
    assert sqlite_code(exc) is not None and sqlite_code(exc) & 0xFF == sqlite3.SQLITE_READONLY
    problem = classify_sqlite_error(exc)
    assert isinstance(problem, NotStored) and "cannot write" in str(problem)


def test_a_busy_database(tmp_path: Path) -> None:
    path = _db(tmp_path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        exc = _failure(lambda: other.execute("BEGIN IMMEDIATE"))
    finally:
        other.close()
        holder.close()
    problem = classify_sqlite_error(exc)
    assert isinstance(problem, NotStored) and "busy" in str(problem)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "list.db"
    path.write_bytes(b"eggs, milk, bread\n" * 200)
    conn = sqlite3.connect(path)
    exc = _failure(lambda: conn.execute("SELECT * FROM sqlite_master").fetchall())
    conn.close()
    assert isinstance(classify_sqlite_error(exc), StorageCorrupt)


def test_a_database_that_cannot_be_opened(tmp_path: Path) -> None:
    exc = _failure(lambda: sqlite3.connect(tmp_path / "no-such-folder" / "x.db").execute("SELECT 1"))
    problem = classify_sqlite_error(exc)
    assert isinstance(problem, NotStored) and "cannot open" in str(problem)


def test_the_code_decides_not_the_words(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # a missing table whose name says "disk is full" is a bug, not a full disk
    conn = sqlite3.connect(_db(tmp_path))
    exc = _failure(lambda: conn.execute('SELECT * FROM "disk is full, database is locked"'))
    conn.close()
    with caplog.at_level(logging.ERROR):
        problem = classify_sqlite_error(exc)
    assert not isinstance(problem, StorageFull) and isinstance(problem, NotStored)
    assert "nothing was saved" in str(problem)
    assert "unexpected OperationalError (SQLITE_ERROR) at test_storage_errors.py:" in caplog.text
    assert "disk is full" not in caplog.text  # the message is never logged


def test_an_unknown_error_in_the_outbox_is_a_bug_and_nothing_was_saved(
        store: Store, data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    outbox = Outbox(store)
    secret = "Siân at 12 Heol y Bont"
    outbox.enqueue(Draft(id=str(uuid.uuid4()), journey_id="j", journey_version="1",
                         answers={"name": secret}, destination="d"))
    with sqlite3.connect(data_dir / DB_FILE) as conn:  # a bug: the schema is not what the code expects
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON submission BEGIN "
                     "SELECT RAISE(ABORT, 'Siân at 12 Heol y Bont'); END")
    conn.close()
    with caplog.at_level(logging.ERROR), pytest.raises(StorageError, match="nothing was saved"):
        outbox.enqueue(Draft(id=str(uuid.uuid4()), journey_id="j", journey_version="1",
                             answers={"name": secret}, destination="d"))
    assert "unexpected IntegrityError (SQLITE_CONSTRAINT_TRIGGER) at " in caplog.text
    assert "outbox.py:" in caplog.text
    assert secret not in caplog.text and "INSERT" not in caplog.text
    assert outbox.status().counts["queued"] == 1


def test_errors_through_sqlalchemy_are_classified_by_their_code(store: Store) -> None:
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA query_only=ON")
        exc = _failure(lambda: conn.exec_driver_sql(
            "INSERT INTO kv (key, value, updated_utc) VALUES ('a', 'b', 'c')"))
        conn.exec_driver_sql("PRAGMA query_only=OFF")
    assert isinstance(exc, DBAPIError)
    problem = classify_sqlite_error(exc)
    assert isinstance(problem, NotStored) and "cannot write" in str(problem)

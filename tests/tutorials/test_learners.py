"""Learner progress in the kiosk's real SQLite file: saved, resumed after a restart, nothing personal."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from offline.learners import LearnerStore
from offline.store import DB_FILE, Store, utc_now


def test_progress_survives_closing_and_reopening_the_store(data_dir: Path) -> None:
    store = Store.open(data_dir)
    learners = LearnerStore(store)
    progress = learners.create()
    learners.save(progress.at_step("keyboard", 3).finished("touchscreen", date(2026, 1, 5)))
    store.close()

    reopened = Store.open(data_dir)
    try:
        again = LearnerStore(reopened).load(progress.code)
    finally:
        reopened.close()
    assert again is not None
    assert again.resume_step("keyboard") == 3
    assert again.completed == {"touchscreen": "2026-01-05"}


def test_an_unknown_code_has_no_progress(store: Store) -> None:
    assert LearnerStore(store).load("ABCDEFG") is None


def test_codes_are_different_for_each_learner(store: Store) -> None:
    learners = LearnerStore(store)
    codes = {learners.create().code for _ in range(30)}
    assert len(codes) == 30


def test_old_progress_can_be_forgotten(store: Store) -> None:
    learners = LearnerStore(store)
    progress = learners.create()
    assert learners.forget_unused_since(utc_now() - timedelta(days=1)) == 0
    assert learners.forget_unused_since(utc_now() + timedelta(seconds=1)) == 1
    assert learners.load(progress.code) is None


def test_the_database_file_holds_the_code_and_lesson_ids_only(data_dir: Path, store: Store) -> None:
    learners = LearnerStore(store)
    progress = learners.create()
    learners.save(progress.with_practised("passwords", "make-one"))
    store.checkpoint()
    raw = (data_dir / DB_FILE).read_bytes()
    assert progress.code.encode() in raw
    assert b"passwords/make-one" in raw

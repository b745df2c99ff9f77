"""Learner progress for the digital-skills tutorials, kept in the ``learner_progress`` table.

Rows are keyed by the learner code and hold only ``kiosk.tutorials.progress.Progress`` as
JSON: lesson ids, step numbers and days. No name, no answers. Each call is one short
transaction; no ORM object leaves this module.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from kiosk.tutorials.progress import Progress, new_learner_code
from offline.models import LearnerProgress
from offline.store import Store, iso, utc_now

_MAX_CODE_TRIES = 20


class LearnerStore:
    """Create, load and save learner progress. Satisfies ``kiosk.tutorials.ProgressStore``."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def create(self) -> Progress:
        """A new learner under a fresh code that no other learner on this kiosk has."""
        now = iso(utc_now())
        with self._store.write() as s:
            for _ in range(_MAX_CODE_TRIES):
                code = new_learner_code()
                if s.get(LearnerProgress, code) is None:
                    progress = Progress(code)
                    s.add(LearnerProgress(code=code, created_utc=now, updated_utc=now,
                                          progress_json=progress.to_json()))
                    return progress
        raise RuntimeError("could not find an unused learner code")  # 29**6 codes: a bug

    def load(self, code: str) -> Progress | None:
        with self._store.read() as s:
            text = s.scalar(select(LearnerProgress.progress_json)
                            .where(LearnerProgress.code == code))
        return None if text is None else Progress.from_json(code, text)

    def save(self, progress: Progress) -> None:
        now = iso(utc_now())
        with self._store.write() as s:
            row = s.get(LearnerProgress, progress.code)
            if row is None:
                s.add(LearnerProgress(code=progress.code, created_utc=now, updated_utc=now,
                                      progress_json=progress.to_json()))
            else:
                row.progress_json = progress.to_json()
                row.updated_utc = now

    def forget_unused_since(self, moment: datetime) -> int:
        """Delete progress not touched since ``moment``; returns how many learners went."""
        with self._store.write() as s:
            result = s.execute(delete(LearnerProgress)
                               .where(LearnerProgress.updated_utc < iso(moment)))
        return int(getattr(result, "rowcount", 0) or 0)

    def forget_older_than(self, days: int) -> int:
        return self.forget_unused_since(utc_now() - timedelta(days=days))

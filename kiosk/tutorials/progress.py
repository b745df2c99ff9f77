"""A learner's progress through the lessons, kept under a learner code and nothing else.

A learner code is a short reference (``kiosk.references``) with a check character, so a
mistyped code is caught before it is looked up. Progress holds lesson ids, step numbers
and completion days: nothing personal, no name, no answers typed in practice.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from kiosk.i18n import localise
from kiosk.journeys.messages import MONTH_DISPLAY
from kiosk.references import (
    ALPHABET,
    format_reference,
    is_valid,
    new_reference,
    normalise,
    parse_reference,
)
from kiosk.tutorials.model import TutorialCatalogue

LEARNER_CODE_LENGTH = 6  # plus a check character: 7 characters, shown as ABC-DEF-G
FORMAT_VERSION = 1


def new_learner_code() -> str:
    return new_reference(LEARNER_CODE_LENGTH)


def parse_learner_code(text: str) -> str:
    """The canonical code, or ``kiosk.references.ReferenceError`` with a message for the learner."""
    return parse_reference(text, LEARNER_CODE_LENGTH).canonical


def show_learner_code(code: str) -> str:
    return format_reference(code)


@dataclass(frozen=True)
class Progress:
    """Where a learner has got to. ``completed`` maps lesson id to the ISO day it was finished;
    ``position`` maps a lesson in progress to the step to resume at; ``practised`` holds
    ``lesson/step`` ids of practice tasks done."""

    code: str
    completed: Mapping[str, str] = field(default_factory=dict)
    position: Mapping[str, int] = field(default_factory=dict)
    practised: frozenset[str] = frozenset()

    def is_complete(self, lesson_id: str) -> bool:
        return lesson_id in self.completed

    def resume_step(self, lesson_id: str) -> int:
        return self.position.get(lesson_id, 0)

    def at_step(self, lesson_id: str, step: int) -> Progress:
        return replace(self, position={**self.position, lesson_id: step})

    def with_practised(self, lesson_id: str, step_id: str) -> Progress:
        return replace(self, practised=self.practised | {f"{lesson_id}/{step_id}"})

    def has_practised(self, lesson_id: str, step_id: str) -> bool:
        return f"{lesson_id}/{step_id}" in self.practised

    def finished(self, lesson_id: str, day: date) -> Progress:
        position = {k: v for k, v in self.position.items() if k != lesson_id}
        return replace(self, completed={**self.completed, lesson_id: day.isoformat()},
                       position=position)

    def to_json(self) -> str:
        return json.dumps(
            {
                "v": FORMAT_VERSION,
                "completed": dict(sorted(self.completed.items())),
                "position": dict(sorted(self.position.items())),
                "practised": sorted(self.practised),
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, code: str, text: str) -> Progress:
        raw = json.loads(text)
        if not isinstance(raw, dict) or raw.get("v") != FORMAT_VERSION:
            raise ValueError("learner progress is in a format this kiosk does not know")
        completed = {str(k): str(v) for k, v in dict(raw.get("completed", {})).items()}
        position = {str(k): int(v) for k, v in dict(raw.get("position", {})).items()}
        practised = frozenset(str(p) for p in raw.get("practised", []))
        return cls(code, completed, position, practised)


class ProgressStore(Protocol):
    """Where progress is kept (``offline.learners.LearnerStore`` on a kiosk)."""

    def create(self) -> Progress:
        """A new learner with a fresh code, already saved."""
        ...

    def load(self, code: str) -> Progress | None:
        """The progress for a canonical code, or None if there is none."""
        ...

    def save(self, progress: Progress) -> None: ...


def read_learner_code(text: str) -> tuple[str | None, str]:
    """A typed learner code: (canonical code, "") or (None, id of the message to show)."""
    code = normalise(text)
    if not code:
        return None, "player.code_empty"
    if any(ch not in ALPHABET for ch in code):
        return None, "player.code_characters"
    if len(code) != LEARNER_CODE_LENGTH + 1:
        return None, "player.code_length"
    if not is_valid(code, LEARNER_CODE_LENGTH):
        return None, "player.code_bad"
    return code, ""


def format_day(iso_day: str, language: str) -> str:
    """``2026-03-04`` as ``4 March 2026`` (or ``4 Mawrth 2026``, ``4 مارچ 2026``)."""
    day = date.fromisoformat(iso_day)
    months = MONTH_DISPLAY.get(language, MONTH_DISPLAY["en"])
    return f"{day.day} {months[day.month - 1]} {day.year}"


def completed_lessons(catalogue: TutorialCatalogue, progress: Progress,
                      language: str) -> list[tuple[str, str, str]]:
    """(lesson title, skill area, day finished) for each finished lesson, in lesson order."""
    return [
        (localise(lesson.title, language), localise(catalogue.area_names[lesson.area], language),
         format_day(progress.completed[lesson.id], language))
        for lesson in catalogue.lessons
        if lesson.id in progress.completed
    ]

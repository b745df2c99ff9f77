"""Digital-skills tutorials: lessons as data, practice checks and learner progress (pure Python)."""

from kiosk.tutorials.checks import Verdict
from kiosk.tutorials.loader import LessonError, load_tutorials, missing_translations
from kiosk.tutorials.model import EDS_AREAS, Lesson, Step, Task, TutorialCatalogue
from kiosk.tutorials.progress import (
    Progress,
    ProgressStore,
    new_learner_code,
    parse_learner_code,
    show_learner_code,
)

__all__ = [
    "EDS_AREAS", "Lesson", "LessonError", "Progress", "ProgressStore", "Step", "Task",
    "TutorialCatalogue", "Verdict", "load_tutorials", "missing_translations",
    "new_learner_code", "parse_learner_code", "show_learner_code",
]

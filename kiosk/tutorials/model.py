"""The shape of a digital-skills lesson: frozen dataclasses for lessons, steps and practice tasks.

A lesson is content, not code: it is loaded from a YAML file in ``kiosk/tutorials/data``
(see ``loader.py``). Every word a learner reads is a ``LocalText`` map from language code
to words (see ``kiosk.i18n``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.i18n import LocalText, localise

# The UK Essential Digital Skills framework: Foundation plus its five skill areas.
FOUNDATION = "foundation"
COMMUNICATING = "communicating"
HANDLING_INFORMATION = "handling_information"
TRANSACTING = "transacting"
PROBLEM_SOLVING = "problem_solving"
BEING_SAFE = "being_safe"
EDS_AREAS: tuple[str, ...] = (
    FOUNDATION, COMMUNICATING, HANDLING_INFORMATION, TRANSACTING, PROBLEM_SOLVING, BEING_SAFE,
)

# Practice task kinds. Each has a widget in ui/tutorials and a check in checks.py.
TAP = "tap"
HOLD = "hold"
DRAG = "drag"
SCROLL = "scroll"
SWIPE = "swipe"
TYPE = "type"
PASSWORD = "password"
QUIZ = "quiz"
FORM = "form"
TASK_KINDS: tuple[str, ...] = (TAP, HOLD, DRAG, SCROLL, SWIPE, TYPE, PASSWORD, QUIZ, FORM)

SWIPE_DIRECTIONS: tuple[str, ...] = ("left", "right", "up", "down")


@dataclass(frozen=True)
class Choice:
    """One answer to a quiz question, with the explanation shown after it is chosen."""

    text: LocalText
    correct: bool
    explanation: LocalText


@dataclass(frozen=True)
class Question:
    prompt: LocalText
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class ListItem:
    """A named thing in a list the learner scrolls through, or a picture they swipe to."""

    id: str
    text: LocalText


@dataclass(frozen=True)
class FormField:
    """One question on the practice form. ``kind`` is ``choice``, ``postcode`` or ``text``."""

    id: str
    kind: str
    label: LocalText
    hint: LocalText = field(default_factory=dict)
    options: tuple[ListItem, ...] = ()
    optional: bool = False


@dataclass(frozen=True)
class Task:
    """A practice task. Only the fields its ``kind`` uses are filled in.

    - tap: ``sizes`` (circle diameters in px, one round each)
    - hold: ``seconds`` to hold; ``item`` is what is held
    - drag: ``item`` is dragged onto ``target``
    - scroll: ``items`` to scroll through; ``answer`` is the id to find
    - swipe: ``direction``; ``items`` are the pictures
    - type: ``expected`` text; ``start`` is what is already in the box (a mistake to fix)
    - password: make up a practice password that passes ``checks.password_problems``
    - quiz: ``questions``
    - form: ``fields`` of a practice form that sends nothing
    """

    kind: str
    prompt: LocalText
    sizes: tuple[int, ...] = ()
    seconds: float = 0.0
    item: LocalText = field(default_factory=dict)
    target: LocalText = field(default_factory=dict)
    items: tuple[ListItem, ...] = ()
    answer: str = ""
    direction: str = ""
    expected: LocalText = field(default_factory=dict)
    start: LocalText = field(default_factory=dict)
    questions: tuple[Question, ...] = ()
    fields: tuple[FormField, ...] = ()


@dataclass(frozen=True)
class Step:
    """One screen of a lesson: a short title and text, and perhaps something to practise."""

    id: str
    title: LocalText
    text: LocalText
    task: Task | None = None


@dataclass(frozen=True)
class Lesson:
    id: str
    area: str
    title: LocalText
    outcome: LocalText
    steps: tuple[Step, ...]
    summary: tuple[LocalText, ...]

    @property
    def practice_count(self) -> int:
        return sum(1 for s in self.steps if s.task is not None)


@dataclass(frozen=True)
class TutorialCatalogue:
    """Every lesson, in the order learners see them, plus the player's interface words."""

    lessons: tuple[Lesson, ...]
    strings: dict[str, LocalText]
    area_names: dict[str, LocalText]

    def lesson(self, lesson_id: str) -> Lesson:
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(f"no lesson called {lesson_id!r}")

    def text(self, key: str, language: str, **values: str) -> str:
        """A player's word (the ``lesson`` section of kiosk/locale) in ``language``, values
        filled in."""
        try:
            words = localise(self.strings[key], language)
        except KeyError:
            raise KeyError(f"no tutorial string called {key!r}") from None
        return words.format(**values) if values else words

    def ids(self) -> tuple[str, ...]:
        return tuple(lesson.id for lesson in self.lessons)

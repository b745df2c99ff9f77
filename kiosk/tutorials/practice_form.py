"""The practice form: a lesson's ``form`` task run as a journey by the real journey engine.

A lesson's YAML says what the practice form asks (its ``fields``: the words stay in the
lesson, where a council's content designer edits them). ``practice_journey`` turns those
fields into a ``Journey``, and ``PracticeForm`` runs it with ``JourneyRun``, the engine every
real form uses: the same pages, the same checks (a postcode is a postcode by
``kiosk.journeys.validators``) and the same GOV.UK error messages. Only sending differs:
``send()`` stores nothing, sends nothing and forgets every answer.
"""

from __future__ import annotations

from kiosk.i18n import LocalText
from kiosk.journeys.engine import JourneyRun
from kiosk.journeys.model import (
    POSTCODE,
    SINGLE_CHOICE,
    TEXT,
    Confirmation,
    Journey,
    Option,
    Page,
)
from kiosk.tutorials.model import FORM, FormField, Task, TutorialCatalogue

# A practice field's kind, and the journey question type that asks it.
QUESTION_TYPE_OF_FIELD: dict[str, str] = {
    "choice": SINGLE_CHOICE,
    "postcode": POSTCODE,
    "text": TEXT,
}
# A short text answer is held to what a real form's description takes.
TEXT_MAX_LENGTH = 500
PRACTICE_DESTINATION = "practice"  # never a real destination: nothing is ever queued
# Interface words the real screens use that would not be true of a practice, and the
# tutorials' words (``strings.yaml``) said instead.
PRACTICE_WORDS: dict[str, str] = {"check_declaration": "form.check_declaration"}


def _page(f: FormField) -> Page:
    kind = QUESTION_TYPE_OF_FIELD[f.kind]
    return Page(
        id=f.id,
        type=kind,
        label=f.label,
        hint=f.hint or None,
        required=not f.optional,
        options=tuple(Option(o.id, o.text) for o in f.options),
        max_length=TEXT_MAX_LENGTH if kind == TEXT else None,
        errors=dict(f.errors),
    )


def practice_journey(task: Task, catalogue: TutorialCatalogue, *, title: LocalText | None = None,
                     journey_id: str = "practice-form") -> Journey:
    """The journey a ``form`` task's fields make: one page per field, in order.

    ``title`` is what check-your-answers names the form above its heading (none by
    default: the lesson's step already says what the form is); the send button and the
    "sent" words come from the tutorials' ``strings.yaml``.
    """
    if task.kind != FORM:
        raise ValueError(f"a {task.kind!r} task has no practice form")
    sent = catalogue.strings["form.sent"]
    return Journey(
        id=journey_id,
        version="practice",
        title=title or {},
        description=task.prompt,
        group="learn",
        destination=PRACTICE_DESTINATION,
        pages=tuple(_page(f) for f in task.fields),
        confirmation=Confirmation(title=sent, next_steps={}),
        submit_label=catalogue.strings["form.send"],
        origin="tutorial practice",
    )


class PracticeForm:
    """One learner filling in the practice form.

    ``run`` is the real ``JourneyRun``: the screen renders ``run.page()`` or
    ``run.check_answers()`` and sends back answers, Continue, Back and Change as for any
    journey. ``send()`` is the practice's submit: it keeps nothing and ends at ``sent``.
    """

    def __init__(self, journey: Journey, language: str) -> None:
        self.run = JourneyRun(journey, language)
        self.sent = False

    @property
    def language(self) -> str:
        return self.run.language

    def send(self) -> None:
        """Nothing is stored and nothing is sent: the answers are forgotten."""
        self.run.reset()
        self.sent = True

    def clear(self) -> None:
        """Forget every answer and start again (the step is left)."""
        self.run.reset()
        self.sent = False

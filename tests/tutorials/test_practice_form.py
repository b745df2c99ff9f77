"""The practice form is a journey run by the real journey engine: the same checks and the
same error messages as the real forms, and a Send that keeps nothing."""

from __future__ import annotations

import pytest

from kiosk.journeys.engine import CHECK_ANSWERS, validate_answers
from kiosk.journeys.messages import DEFAULT_MESSAGES
from kiosk.journeys.model import POSTCODE, SINGLE_CHOICE, TEXT, Journey
from kiosk.journeys.schema import load_builtin_journeys
from kiosk.tutorials.loader import load_tutorials
from kiosk.tutorials.model import Task, TutorialCatalogue
from kiosk.tutorials.practice_form import PracticeForm, practice_journey


@pytest.fixture(scope="module")
def catalogue() -> TutorialCatalogue:
    return load_tutorials()


@pytest.fixture(scope="module")
def real() -> dict[str, Journey]:
    return {j.id: j for j in load_builtin_journeys().journeys}


def form_task(catalogue: TutorialCatalogue) -> Task:
    step = next(s for s in catalogue.lesson("online-form").steps if s.id == "practice")
    assert step.task is not None
    return step.task


def practice(catalogue: TutorialCatalogue, language: str = "en") -> PracticeForm:
    return PracticeForm(practice_journey(form_task(catalogue), catalogue), language)


def test_the_lesson_fields_become_journey_pages(catalogue: TutorialCatalogue) -> None:
    journey = practice_journey(form_task(catalogue), catalogue)
    assert [(p.id, p.type, p.required) for p in journey.pages] == [
        ("problem", SINGLE_CHOICE, True), ("postcode", POSTCODE, True), ("details", TEXT, False)]
    assert [o.value for o in journey.page("problem").options] == ["pothole", "pavement", "light"]
    assert journey.page("postcode").label["cy"] == "Beth yw'r cod post lle mae'r broblem?"
    with pytest.raises(ValueError, match="no practice form"):
        practice_journey(Task(kind="quiz", prompt={"en": "?"}), catalogue)


@pytest.mark.parametrize("typed", ["SW1A-1AA", "sw1a 1aa", " SW1A1AA "])
def test_a_postcode_the_real_form_takes_is_taken_in_practice(
        catalogue: TutorialCatalogue, real: dict[str, Journey], typed: str) -> None:
    assert not [e for e in validate_answers(real["apply-blue-badge"], {"postcode": typed})
                if e.question == "postcode"]  # the real form takes it
    form = practice(catalogue)
    form.run.answer("pothole")
    assert form.run.continue_() == []
    form.run.answer(typed)
    assert form.run.continue_() == []
    assert form.run.values["postcode"] == "SW1A 1AA"
    assert form.run.current_page_id == "details"


@pytest.mark.parametrize("language", ["en", "cy", "ur"])
def test_errors_are_the_real_forms_words(catalogue: TutorialCatalogue, real: dict[str, Journey],
                                         language: str) -> None:
    form = practice(catalogue, language)
    # Nothing chosen: what "Report a problem in the street" says for the same question.
    (empty,) = form.run.continue_()
    (real_empty,) = [e for e in validate_answers(real["report-street-problem"], {}, language)
                     if e.question == "problem"]
    assert empty.message == real_empty.message
    form.run.answer("pothole")
    form.run.continue_()
    # A postcode that is not one: the real forms' message.
    form.run.answer("CF10")
    (bad,) = form.run.continue_()
    (real_bad,) = [e for e in validate_answers(real["apply-blue-badge"], {"postcode": "CF10"},
                                               language) if e.question == "postcode"]
    assert bad.message == real_bad.message
    assert form.run.current_page_id == "postcode"
    # Nothing typed: the engine's own words for an empty postcode.
    form.run.answer("  ")
    (blank,) = form.run.continue_()
    assert blank.message == DEFAULT_MESSAGES["postcode_required"][language]


def test_send_keeps_nothing(catalogue: TutorialCatalogue) -> None:
    form = practice(catalogue)
    for answer in ("light", "CF10 1AA", "By the bus stop"):
        form.run.answer(answer)
        assert form.run.continue_() == []
    assert form.run.current_page_id == CHECK_ANSWERS
    rows = form.run.check_answers().rows
    assert [r.answer for r in rows] == ["A street light not working", "CF10 1AA", "By the bus stop"]
    assert form.run.check_answers().submit_label == "Send (practice)"
    form.send()
    assert form.sent
    assert form.run.values == {} and form.run.current_page_id == "problem"
    form.clear()
    assert not form.sent

"""The journey engine driven as the touchscreen drives it, without a window."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from kiosk.journeys.engine import (
    DateParts,
    IncompleteAnswers,
    JourneyRun,
    JourneyStateError,
    LocationInput,
    submission_from_answers,
    validate_answers,
)
from kiosk.journeys.gazetteer import load_gazetteer
from kiosk.journeys.model import Journey
from kiosk.journeys.schema import load_builtin_journeys

TODAY = dt.date(2025, 5, 1)


@pytest.fixture(scope="module")
def journeys() -> dict[str, Journey]:
    result = load_builtin_journeys()
    assert result.problems == ()
    return {j.id: j for j in result.journeys}


@pytest.fixture(scope="module")
def gazetteer():  # type: ignore[no-untyped-def]
    return load_gazetteer()


def _run(journeys: dict[str, Journey], journey_id: str, gazetteer, language: str = "en") -> JourneyRun:  # type: ignore[no-untyped-def]
    return JourneyRun(journeys[journey_id], language, gazetteer=gazetteer, today=lambda: TODAY)


def _give(run: JourneyRun, raw: object) -> None:
    run.answer(raw)
    assert run.continue_() == []


def _fly_tipping_to_check_answers(run: JourneyRun) -> None:
    _give(run, LocationInput(place_id="EB0001", details="by the bins"))
    _give(run, ("bags",))
    _give(run, "car_boot")
    _give(run, "Six black bags, split open")
    _give(run, "no")
    for _ in range(3):  # name, email, phone are optional
        assert run.continue_() == []


def test_first_page_model(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    page = _run(journeys, "report-fly-tipping", gazetteer).page()
    assert page.page_id == "location" and page.question_type == "location"
    assert page.heading == "Where is the rubbish?"
    assert page.progress == (1, 8) and page.progress_text == "Question 1"
    assert page.places_available and not page.can_go_back and page.can_continue
    assert page.errors == () and page.error_message is None
    assert page.continue_label == "Continue"


def test_nothing_is_checked_until_continue_and_typing_is_kept(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    run = _run(journeys, "report-fly-tipping", gazetteer)
    run.answer(LocationInput(postcode="not a postcode", details="corner"))
    assert run.page().errors == ()
    errors = run.continue_()
    assert [(e.question, e.message, e.part) for e in errors] == [
        ("location", "Enter a full UK postcode", "postcode")]
    page = run.page()
    assert page.page_id == "location"
    assert page.answer == LocationInput(postcode="not a postcode", details="corner")
    assert page.error_message == "Enter a full UK postcode"


def test_whole_journey_payload(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    run = _run(journeys, "report-fly-tipping", gazetteer)
    uuid.UUID(run.draft_id, version=4)
    _fly_tipping_to_check_answers(run)
    assert run.at_check_answers
    summary = run.check_answers()
    assert summary.submit_label == "Send your report"
    rows = {r.change_target: r for r in summary.rows}
    assert rows["amount"].answer == "About a car boot full"
    assert rows["email"].answer == "Not provided" and not rows["email"].provided
    assert "when_seen" not in rows  # hidden: they did not see it happen
    payload = run.payload()
    assert payload["draft_id"] == run.draft_id
    assert payload["service_code"] == "FLYTIP"
    assert payload["journey_version"] == "1"
    assert payload["description"] == "Six black bags, split open"
    assert payload["address_string"] == "by the bins, High Street, Example Town Centre, EB1 6FR"
    assert (payload["lat"], payload["long"]) == ("52.482410", "-1.910550")
    assert payload["attributes"] == {"waste_type": ["bags"], "amount": "car_boot", "seen_dumping": "no"}
    assert "email" not in payload


def test_change_from_check_answers_returns_there(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    run = _run(journeys, "report-fly-tipping", gazetteer)
    _fly_tipping_to_check_answers(run)
    run.change("amount")
    page = run.page()
    assert page.page_id == "amount" and page.answer == "car_boot" and page.changing
    _give(run, "van")
    assert run.at_check_answers
    assert {r.change_target: r.answer for r in run.check_answers().rows}["amount"] == "About a small van full"


def test_change_that_reveals_a_question_asks_it_before_returning(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    run = _run(journeys, "report-fly-tipping", gazetteer)
    _fly_tipping_to_check_answers(run)
    run.change("seen_dumping")
    _give(run, "yes")
    assert run.current_page_id == "when_seen"
    run.answer(DateParts("2", "May", "2025"))
    assert [e.message for e in run.continue_()] == ["The date you saw it must be today or in the past"]
    _give(run, DateParts("27", "apr", "2025"))
    assert run.at_check_answers
    assert run.payload()["attributes"]["when_seen"] == "2025-04-27"


def test_back_keeps_answers_and_drops_unsent_typing(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    run = _run(journeys, "report-fly-tipping", gazetteer)
    _give(run, LocationInput(place_id="EB0002"))
    _give(run, ("furniture", "bags"))
    run.answer("lorry")
    assert run.back()
    assert run.page().answer == ("furniture", "bags")
    assert run.back()
    assert run.page().answer == LocationInput(place_id="EB0002")
    assert not run.back()
    _give(run, LocationInput(place_id="EB0002"))
    _give(run, ("furniture", "bags"))
    assert run.page().answer == ""  # "lorry" was never continued
    assert run.values["waste_type"] == ("bags", "furniture")  # option order


def test_info_page_is_shown_when_its_condition_holds(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    run = _run(journeys, "report-fly-tipping", gazetteer)
    _give(run, LocationInput(place_id="EB0002"))
    _give(run, ("hazardous",))
    page = run.page()
    assert page.question_type == "info" and page.heading == "Do not touch it"
    assert page.progress is None and not page.is_question
    assert run.continue_() == []
    assert run.current_page_id == "amount"


def test_language_switch_keeps_answers_and_translates_errors(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    run = _run(journeys, "report-fly-tipping", gazetteer)
    _give(run, LocationInput(place_id="EB0001"))
    _give(run, ("bags",))
    _give(run, "van")
    run.answer("x" * 501)
    assert [e.message for e in run.continue_()] == ["Description must be 500 characters or less"]
    run.set_language("cy")
    page = run.page()
    assert page.error_message == "Rhaid i’r disgrifiad fod yn 500 nod neu lai"
    assert page.heading == "Disgrifiwch y sbwriel" and page.progress_text == "Cwestiwn 4"
    assert page.answer == "x" * 501
    run.back()
    assert run.page().answer == "van"
    assert run.page().options[2] == ("van", "Tua llond fan fach")


def test_optional_marker_and_no_asterisks(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    run = _run(journeys, "report-fly-tipping", gazetteer, "cy")
    _fly_tipping_to_check_answers(run)
    run.change("email")
    page = run.page()
    assert page.is_optional and page.heading == "Beth yw eich cyfeiriad e-bost? (dewisol)"
    run.set_language("en")
    assert run.page().heading == "What is your email address? (optional)"
    run.answer("name@example")
    assert run.continue_()[0].message == (
        "Enter an email address in the correct format, like name@example.com")
    _give(run, " Name@Example.com ")
    assert run.payload()["email"] == "Name@example.com"


def test_reset_wipes_every_answer_and_mints_a_new_draft(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    run = _run(journeys, "report-fly-tipping", gazetteer)
    first_draft = run.draft_id
    _fly_tipping_to_check_answers(run)
    run.reset()
    assert run.values == {} and run.current_page_id == "location"
    assert run.page().answer == LocationInput() and run.draft_id != first_draft
    assert not run.is_complete()
    with pytest.raises(IncompleteAnswers):
        run.submission()


def test_blue_badge_not_eligible_is_a_page_not_an_error(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    run = _run(journeys, "apply-blue-badge", gazetteer)
    _give(run, "none")
    _give(run, "no")
    page = run.page()
    assert page.question_type == "stop" and not page.can_continue and page.can_go_back
    assert page.heading == "You cannot get a Blue Badge"
    assert "parking bay" in page.body
    assert run.continue_() == [] and run.current_page_id == "not_eligible"
    assert run.back() and run.current_page_id == "walking"
    _give(run, "yes")
    assert run.current_page_id == "full_name"


def test_blue_badge_change_to_ineligible_from_check_answers_goes_to_stop_page(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    run = _run(journeys, "apply-blue-badge", gazetteer)
    for raw in ["pip", "Ann Jones", DateParts("13", "Mehefin", "1950"), "12 High Street", "eb16fr",
                "07700 900982"]:
        _give(run, raw)
    run.continue_()  # email is optional
    run.answer(False)
    assert [e.message for e in run.continue_()] == ["Select the box to confirm your answers are true"]
    _give(run, True)
    assert run.at_check_answers
    payload = run.payload()
    assert (payload["first_name"], payload["last_name"]) == ("Ann", "Jones")
    assert payload["address_string"] == "12 High Street, EB1 6FR"
    assert payload["phone"] == "07700900982"
    assert payload["attributes"]["date_of_birth"] == "1950-06-13"
    run.change("benefit")
    _give(run, "none")
    assert run.current_page_id == "walking"
    _give(run, "no")
    assert run.current_page_id == "not_eligible" and not run.is_complete()


def test_yes_no_and_number_messages(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    run = _run(journeys, "book-bulky-waste", gazetteer)
    run.continue_()  # the cost page
    _give(run, ("sofa",))
    for typed, message in [("", "Enter how many items there are"),
                           ("lots", "The number of items must be a number"),
                           ("2.5", "The number of items must be a whole number"),
                           ("11", "The number of items must be 10 or less")]:
        run.answer(typed)
        assert [e.message for e in run.continue_()] == [message]
    _give(run, "3")
    assert run.current_page_id == "house"  # "other items" is hidden


def test_change_is_only_from_check_answers(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    run = _run(journeys, "request-callback", gazetteer)
    with pytest.raises(JourneyStateError):
        run.change("topic")


def test_validate_answers_uses_the_journeys_own_messages(journeys) -> None:  # type: ignore[no-untyped-def]
    journey = journeys["report-fly-tipping"]
    errors = validate_answers(journey, {"waste_type": ["bags"], "amount": "huge", "colour": "red"},
                              "en", today=TODAY)
    messages = {(e.question, e.message) for e in errors}
    assert ("colour", "The journey does not ask a question called ‘colour’") in messages
    # No gazetteer here, so the location is asked for as a postcode.
    assert ("location", "Enter a postcode") in messages
    assert ("amount", "Select one of the answers shown") in messages
    assert ("description", "Enter a description of the rubbish") in messages
    assert ("seen_dumping", "Select yes if you saw who dumped the rubbish") in messages


def test_submission_from_answers_for_queue_add(journeys) -> None:  # type: ignore[no-untyped-def]
    journey = journeys["report-fly-tipping"]
    answers = {
        "location": {"postcode": "eb1 6fr", "details": "Behind the library"},
        "waste_type": ["tyres"], "amount": "single", "description": "Four tyres",
        "seen_dumping": True, "when_seen": "2025-04-30", "phone": "07700 900982",
    }
    assert validate_answers(journey, answers, "cy", today=TODAY) == []
    submission = submission_from_answers(journey, answers, "cy", today=TODAY, draft_id="d-1")
    assert submission.fields["address_string"] == "Behind the library, EB1 6FR"
    assert submission.attributes["seen_dumping"] == "yes"
    assert submission.attributes["when_seen"] == "2025-04-30"
    assert submission.draft_id == "d-1" and submission.language == "cy"
    with pytest.raises(IncompleteAnswers) as caught:
        submission_from_answers(journey, {**answers, "when_seen": "2026-01-01"}, "cy", today=TODAY)
    assert [e.message for e in caught.value.errors] == [
        "Rhaid i’r dyddiad y gwelsoch chi hyn fod heddiw neu yn y gorffennol"]


def test_validate_answers_reports_a_stop_page(journeys) -> None:  # type: ignore[no-untyped-def]
    errors = validate_answers(journeys["sign-petition"], {"petition": "riverside-park-lights", "local": "no"})
    assert [e.question for e in errors] == ["not_local"]
    assert "You cannot sign this petition" in errors[0].message


def test_search_places_type_ahead(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    run = _run(journeys, "report-street-problem", gazetteer)
    assert [p.name for p in run.search_places("stat")] == ["Station Road"]
    no_gazetteer = JourneyRun(journeys["report-street-problem"], "en")
    assert no_gazetteer.search_places("stat") == []


def test_the_question_count_has_no_total_where_answers_add_questions(journeys, gazetteer) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: "6 of 9" after a Yes. A journey with pages shown only for some answers says
    "Question N" as the total goes up and down; every built-in journey has such pages."""
    run = _run(journeys, "report-fly-tipping", gazetteer)
    assert any(p.show_if for p in run.journey.pages)
    seen = []
    for raw in (LocationInput(place_id="EB0001", details="by the bins"), ("bags",), "car_boot"):
        page = run.page()
        seen.append(page.progress_text)
        assert " of " not in page.progress_text
        _give(run, raw)
    assert seen == ["Question 1", "Question 2", "Question 3"]

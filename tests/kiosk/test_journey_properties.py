"""Property-based tests: no sequence of answers, backs and changes breaks a journey."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kiosk.journeys.engine import DateParts, JourneyRun, LocationInput
from kiosk.journeys.gazetteer import load_gazetteer
from kiosk.journeys.model import Page
from kiosk.journeys.schema import load_builtin_journeys
from kiosk.journeys.validators import Invalid, normalise_email, normalise_phone, normalise_postcode

JOURNEYS = load_builtin_journeys().journeys
GAZETTEER = load_gazetteer()
TODAY = dt.date(2025, 5, 1)

POSTCODES = ["EB1 6FR", "eb16fr", " sw1a-1aa ", "SW1A", "", "12345", "M1 1AE"]
EMAILS = ["name@example.com", "name@example", "", "a b@c.com", "x@y.co.uk"]
PHONES = ["07700 900982", "+44 20 7946 0018", "123", "", "(01632) 960 001"]
MONTHS = ["3", "March", "mar", "Mawrth", "13", "", "Smarch", "2"]


def raw_for(page: Page, data: st.DataObject) -> Any:
    kind = page.type
    if kind in ("text", "textarea"):
        return data.draw(st.one_of(st.sampled_from(["Some words", "", "  ", "x" * 2001]),
                                   st.text(max_size=30)))
    if kind == "number":
        return data.draw(st.one_of(st.integers(-5, 15).map(str), st.sampled_from(["2.5", "lots", ""])))
    if kind == "date":
        return DateParts(data.draw(st.sampled_from(["1", "29", "31", "", "x", "13"])),
                         data.draw(st.sampled_from(MONTHS)),
                         data.draw(st.sampled_from(["2024", "2025", "2026", "25", "", "1950"])))
    if kind in ("single_choice", "yes_no"):
        values = [o.value for o in page.options] or ["yes", "no"]
        return data.draw(st.sampled_from(values + ["bogus", ""]))
    if kind == "multiple_choice":
        values = [o.value for o in page.options]
        return tuple(data.draw(st.lists(st.sampled_from(values + ["bogus"]), max_size=3)))
    if kind == "postcode":
        return data.draw(st.sampled_from(POSTCODES))
    if kind == "email":
        return data.draw(st.sampled_from(EMAILS))
    if kind == "phone":
        return data.draw(st.sampled_from(PHONES))
    if kind == "declaration":
        return data.draw(st.booleans())
    if kind == "location":
        return LocationInput(data.draw(st.sampled_from(["EB0001", "EB0040", "nope", ""])),
                             data.draw(st.sampled_from(POSTCODES)),
                             data.draw(st.sampled_from(["", "by the gate", "x" * 300])))
    raise AssertionError(kind)


def required_answers_present(run: JourneyRun) -> bool:
    for page in run.visible_pages():
        if page.type == "stop":
            return False
        if page.is_question and page.required and run.values.get(page.id) is None:
            return False
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey=st.sampled_from(JOURNEYS), data=st.data())
def test_no_sequence_of_actions_breaks_a_journey(journey, data) -> None:  # type: ignore[no-untyped-def]
    run = JourneyRun(journey, "en", gazetteer=GAZETTEER, today=lambda: TODAY)
    draft = run.draft_id
    for _ in range(data.draw(st.integers(5, 60))):
        before = dict(run.values)
        continued = None
        if run.at_check_answers:
            assert required_answers_present(run)
            event("reached check-your-answers")
            run.submission()  # never raises at check-your-answers
            rows = run.check_answers().rows
            assert [r.change_target for r in rows] == [p.id for p in run.visible_pages() if p.is_question]
            action = data.draw(st.sampled_from(["change", "back", "language"]))
            if action == "change":
                event("changed an answer from check-your-answers")
                run.change(data.draw(st.sampled_from([r.change_target for r in rows])))
            elif action == "back":
                assert run.back()
            else:
                run.set_language(data.draw(st.sampled_from(["en", "cy", "ur"])))
        else:
            page = run.page()
            action = data.draw(st.sampled_from(["answer", "answer", "answer", "continue", "back",
                                                "language"]))
            if action == "answer" and page.is_question:
                run.answer(raw_for(run.journey.page(page.page_id), data))
                continued = page.page_id
                errors = run.continue_()
                if errors:
                    assert run.current_page_id == page.page_id
                    assert all(e.message and e.question == page.page_id for e in errors)
            elif action == "continue":
                continued = page.page_id
                run.continue_()
            elif action == "back":
                run.back()
            elif action == "language":
                run.set_language(data.draw(st.sampled_from(["en", "cy", "ur"])))
            if not run.at_check_answers:
                model = run.page()
                assert model.heading and model.language == run.language
        after = run.values
        for key, value in before.items():
            if key != continued:
                assert after.get(key) == value, f"lost the answer to {key}"
        assert run.draft_id == draft
    run.reset()
    assert run.values == {} and run.draft_id != draft


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ABCDEFGHJKLMNPRSTUWXYZ0123456789 -.()abcdefgh", max_size=12))
def test_postcode_normalisation_is_stable(typed: str) -> None:
    try:
        once = normalise_postcode(typed)
    except Invalid as problem:
        assert problem.code in ("postcode_required", "postcode_format")
        return
    assert normalise_postcode(once) == once
    assert normalise_postcode(once.lower().replace(" ", "")) == once
    assert once == once.upper() and once.count(" ") == 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_email_and_phone_never_crash_and_are_stable(typed: str) -> None:
    for parse in (normalise_email, normalise_phone):
        try:
            value = parse(typed)
        except Invalid:
            continue
        assert parse(value) == value


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.sampled_from(["number", "en", "short", "cy"]))
def test_every_real_date_is_accepted_in_every_month_form(day: dt.date, form: str) -> None:
    from kiosk.journeys.messages import MONTH_DISPLAY
    from kiosk.journeys.validators import parse_date

    month = {"number": str(day.month), "en": MONTH_DISPLAY["en"][day.month - 1],
             "short": MONTH_DISPLAY["en"][day.month - 1][:3].lower(),
             "cy": MONTH_DISPLAY["cy"][day.month - 1]}[form]
    assert parse_date(str(day.day), month, str(day.year)) == day

"""The built-in journeys as content: complete, translated, and worded in GOV.UK style."""

from __future__ import annotations

import re

import pytest

from kiosk.journeys.engine import EMPTY_CODE, _message, _Problem
from kiosk.journeys.messages import DEFAULT_MESSAGES, UI_WORDS, lint_message
from kiosk.journeys.model import (
    DATE,
    EMAIL,
    LOCATION,
    MULTIPLE_CHOICE,
    NUMBER,
    PHONE,
    POSTCODE,
    SINGLE_CHOICE,
    TEXT,
    TEXTAREA,
    YES_NO,
    Journey,
    Page,
)
from kiosk.journeys.registry import group_journeys, journey_texts, missing_translations
from kiosk.journeys.schema import load_builtin_journeys

BUILT_IN_IDS = {
    "report-fly-tipping", "report-street-problem", "report-missed-bin", "book-bulky-waste",
    "apply-blue-badge", "sign-petition", "consultation-response", "request-callback",
}
LANGUAGES = ("en", "cy")
# What can go wrong with each kind of answer (the message codes a resident can meet).
CODES_BY_TYPE: dict[str, tuple[str, ...]] = {
    TEXT: ("too_long",), TEXTAREA: ("too_long",),
    NUMBER: ("not_a_number", "not_whole", "too_small", "too_big"),
    DATE: ("missing_day", "missing_month", "missing_year", "year_digits", "not_real",
           "must_be_past", "must_be_future"),
    POSTCODE: ("postcode_format",), EMAIL: ("email_format",), PHONE: ("phone_format",),
    LOCATION: ("postcode_format", "place_unknown", "details_required", "details_too_long",
               "postcode_required", "location_search_required", "place_no_match"),
    SINGLE_CHOICE: ("choice_unknown",), MULTIPLE_CHOICE: ("choice_unknown",),
    YES_NO: ("choice_unknown",),
}


@pytest.fixture(scope="module")
def journeys() -> tuple[Journey, ...]:
    result = load_builtin_journeys()
    assert [str(p) for p in result.problems] == []
    return result.journeys


def _every_message(journey: Journey, language: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for page in journey.pages:
        if not page.is_question:
            continue
        params = (("max", page.max_length or page.max_value or 200), ("min", page.min_value or 1),
                  ("search", "Hihg Stret"))
        codes = set(CODES_BY_TYPE.get(page.type, ())) | set(page.errors)
        if page.required:
            codes.add(EMPTY_CODE.get(page.type, "required"))
        for code in sorted(codes):
            found.append((f"{page.id}.{code}", _message(page, _Problem(code, "", params), language)))
    return found


def test_all_built_ins_load(journeys) -> None:  # type: ignore[no-untyped-def]
    assert {j.id for j in journeys} == BUILT_IN_IDS
    by_id = {j.id: j for j in journeys}
    assert by_id["report-fly-tipping"].destination == "FLYTIP"
    assert by_id["report-street-problem"].destination == "STREET"
    assert by_id["report-missed-bin"].destination == "MISSEDBIN"
    assert by_id["book-bulky-waste"].service_code == "BULKY"
    for journey_id in ("book-bulky-waste", "apply-blue-badge", "sign-petition",
                       "consultation-response", "request-callback"):
        assert by_id[journey_id].destination == "webhook"
    assert any(p.type == "stop" for p in by_id["apply-blue-badge"].pages)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_every_journey_passes_the_lint(journeys, language: str) -> None:  # type: ignore[no-untyped-def]
    problems = []
    count = 0
    for journey in journeys:
        for place, text in _every_message(journey, language):
            count += 1
            problems += [f"{journey.id} {place}: {text!r} {p}" for p in lint_message(text, language)]
    assert count > 150
    assert problems == []


def test_the_lint_catches_what_it_should() -> None:
    assert lint_message("Please enter a valid postcode!", "en") == [
        "uses ‘please’", "uses ‘valid’", "has an exclamation mark"]
    assert lint_message("This field is required", "en") == ["uses ‘this field is required’"]
    assert lint_message("Sorry, you did not enter a date", "en") == ["uses ‘sorry’", "blames the resident"]
    assert lint_message("Cod post annilys, os gwelwch yn dda", "cy") == [
        "uses ‘os gwelwch yn dda’", "uses ‘annilys’"]
    assert lint_message("Enter your postcode", "en") == []
    assert lint_message("Rhowch eich cod post", "cy") == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_default_messages_and_interface_words_pass_the_lint(language: str) -> None:
    for code, words in DEFAULT_MESSAGES.items():
        filled = re.sub(r"\{[a-z_]+\}", "x", words[language])
        assert lint_message(filled, language) == [], code
    for key, words in UI_WORDS.items():
        assert words.get(language), f"{key} has no {language}"


def test_govuk_templates_appear_as_written(journeys) -> None:  # type: ignore[no-untyped-def]
    messages = {m for j in journeys for _, m in _every_message(j, "en")}
    welsh = {m for j in journeys for _, m in _every_message(j, "cy")}
    assert "Enter your postcode" in messages and "Rhowch eich cod post" in welsh
    assert "Description must be 500 characters or less" in messages
    assert "Rhaid i’r disgrifiad fod yn 500 nod neu lai" in welsh
    assert "Rhaid i’ch enw fod yn 70 nod neu lai" in welsh
    assert "Rhaid i nifer yr eitemau fod yn rhif cyfan" in welsh
    assert "Rhaid i’r dyddiad geni fod yn ddyddiad go iawn" in welsh
    assert "Date of birth must be a real date" in messages
    assert "Select yes if you saw who dumped the rubbish" in messages
    assert "Enter an email address in the correct format, like name@example.com" in messages


def test_no_missing_translations_in_english_and_welsh(journeys) -> None:  # type: ignore[no-untyped-def]
    counts = {lang: 0 for lang in LANGUAGES}
    for journey in journeys:
        for lang, places in missing_translations(journey, LANGUAGES).items():
            counts[lang] += len(places)
    print(f"missing translations in built-in journeys: {counts}")
    assert counts == {"en": 0, "cy": 0}


def test_urdu_is_complete_and_a_missing_text_falls_back_to_english(journeys) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from kiosk.journeys.engine import JourneyRun

    total = sum(len(missing_translations(j, ["ur"])["ur"]) for j in journeys)
    texts = sum(len(journey_texts(j)) for j in journeys)
    print(f"Urdu: {total} of {texts} journey texts fall back to English")
    assert total == 0
    journey = next(j for j in journeys if j.id == "request-callback")
    page = JourneyRun(journey, "ur").page()
    assert page.heading == "آپ کس بارے میں بات کرنا چاہتے ہیں؟"
    assert page.options[0] == ("council_tax", "کونسل ٹیکس")
    # A council's own text without Urdu shows in English.
    first = journey.pages[0]
    english_only = dataclasses.replace(first, label={"en": first.label["en"], "cy": first.label["cy"]})
    partly = dataclasses.replace(journey, pages=(english_only, *journey.pages[1:]))
    assert missing_translations(partly, ["ur"])["ur"] == ["pages[0].label"]
    assert JourneyRun(partly, "ur").page().heading == "What do you want to talk about?"


def test_content_rules_for_labels_and_hints(journeys) -> None:  # type: ignore[no-untyped-def]
    for journey in journeys:
        headings: set[str] = set()
        for page in journey.pages:
            for lang in LANGUAGES:
                label = page.label[lang]
                assert "*" not in label, (journey.id, page.id)
                assert (label, lang) not in headings, f"{journey.id}: heading used twice: {label}"
                headings.add((label, lang))  # type: ignore[arg-type]
                if page.hint:
                    hint = page.hint[lang]
                    assert not hint.endswith("."), f"{journey.id} {page.id}: hint ends with a full stop"
                    assert "http" not in hint and "www." not in hint
            if page.is_question and page.required and page.type in (TEXT, TEXTAREA, SINGLE_CHOICE,
                                                                     MULTIPLE_CHOICE, YES_NO, NUMBER):
                assert "required" in page.errors or "required_choice" in page.errors


def _syllables(word: str) -> int:
    groups = re.findall(r"[aeiouy]+", word.lower())
    count = len(groups) - (1 if word.lower().endswith("e") and len(groups) > 1 else 0)
    return max(count, 1)


def test_english_reading_age_is_about_nine(journeys) -> None:  # type: ignore[no-untyped-def]
    """Flesch-Kincaid grade over each journey's English; grade 4 is a reading age of about 9-10."""
    for journey in journeys:
        text = " ".join(words["en"] for _, words in journey_texts(journey))
        sentences = max(1, len(re.findall(r"[.?!]", text)) + len(journey_texts(journey)) // 2)
        words = re.findall(r"[A-Za-z’']+", text)
        syllables = sum(_syllables(w) for w in words)
        grade = 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59
        print(f"{journey.id}: Flesch-Kincaid grade {grade:.1f}")
        assert grade < 7, journey.id


def test_home_screen_groups(journeys) -> None:  # type: ignore[no-untyped-def]
    groups = group_journeys(journeys, "cy")
    assert [g.group for g in groups] == ["report", "request", "have_your_say", "help"]
    assert groups[0].title == "Rhoi gwybod am broblem"
    report_ids = {c.id for c in groups[0].journeys}
    assert report_ids == {"report-fly-tipping", "report-street-problem", "report-missed-bin"}
    titles = [c.title for c in groups[0].journeys]
    assert titles == sorted(titles, key=str.casefold)


def test_every_page_type_is_used_by_some_built_in(journeys) -> None:  # type: ignore[no-untyped-def]
    used = {p.type for j in journeys for p in j.pages}
    assert used >= {TEXT, TEXTAREA, NUMBER, DATE, SINGLE_CHOICE, MULTIPLE_CHOICE, YES_NO, POSTCODE,
                    LOCATION, EMAIL, PHONE, "declaration", "info", "stop"}


def test_every_page_is_reachable(journeys) -> None:  # type: ignore[no-untyped-def]
    """Each conditional page has some earlier answer that shows it (no dead content)."""
    for journey in journeys:
        for page in journey.pages:
            for condition in page.show_if:
                target: Page = journey.page(condition.question)
                assert target.is_question

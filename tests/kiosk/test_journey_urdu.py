"""Urdu (right to left) for every built-in journey: complete, in Urdu script, with placeholders,
numbers, postcodes and email examples kept intact, and a whole journey run in Urdu."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from kiosk.journeys.engine import (
    EMPTY_CODE,
    DateParts,
    JourneyRun,
    LocationInput,
    _message,
    _Problem,
)
from kiosk.journeys.messages import (
    DEFAULT_DATE_NAME,
    DEFAULT_MESSAGES,
    DEFAULT_NAME,
    JOURNEY_WORDS,
    MONTH_DISPLAY,
    UI_WORDS,
    lint_message,
    render_message,
)
from kiosk.journeys.model import Journey
from kiosk.journeys.registry import journey_texts, missing_translations
from kiosk.journeys.schema import load_builtin_journeys

UR = "ur"
LRI, PDI = "\u2066", "\u2069"
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
# Left-to-right tokens that must reach the Urdu text unchanged.
PHONE = re.compile(r"\b0\d{3,4} \d{3} \d{3,4}\b")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b")
EMAIL = re.compile(r"\b[\w.]+@[\w.]+\.\w+\b")
SPACED_NUMBERS = re.compile(r"\b\d+(?: \d+)+\b")  # "0300 123 4567", "27 3 2025"
TODAY = dt.date(2025, 5, 1)


@pytest.fixture(scope="module")
def journeys() -> dict[str, Journey]:
    result = load_builtin_journeys()
    assert result.problems == ()
    return {j.id: j for j in result.journeys}


def _every_urdu_pair(journeys: dict[str, Journey]) -> list[tuple[str, str, str]]:
    """(place, English, Urdu) for every journey text, default message and interface word."""
    pairs = [(f"{j.id} {place}", words["en"], words[UR])
             for j in journeys.values() for place, words in journey_texts(j)]
    pairs += [(f"message {code}", words["en"], words[UR]) for code, words in DEFAULT_MESSAGES.items()]
    pairs += [(f"ui_word {key}", words["en"], words[UR]) for key, words in UI_WORDS.items()]
    # The counted words ("You have 1 character remaining"): Urdu's two CLDR forms, one and other.
    pairs += [(f"ui_word {key}[{i}]", forms["en"][i], forms[UR][i])
              for key, forms in JOURNEY_WORDS.plurals.items() for i in (0, 1)]
    pairs += [("default name", DEFAULT_NAME["en"], DEFAULT_NAME[UR]),
              ("default date name", DEFAULT_DATE_NAME["en"], DEFAULT_DATE_NAME[UR])]
    pairs += list(zip([f"month {m}" for m in MONTH_DISPLAY["en"]], MONTH_DISPLAY["en"],
                      MONTH_DISPLAY[UR], strict=True))
    return pairs


def _fields(template: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name is not None)


def _without_isolates(text: str) -> str:
    return text.replace(LRI, "").replace(PDI, "")


def test_no_journey_text_falls_back_to_english(journeys) -> None:  # type: ignore[no-untyped-def]
    texts = sum(len(journey_texts(j)) for j in journeys.values())
    missing = {j.id: missing_translations(j, [UR])[UR] for j in journeys.values()}
    print(f"Urdu: {texts} journey texts in {len(journeys)} journeys")
    assert texts > 300
    assert {k: v for k, v in missing.items() if v} == {}


def test_every_urdu_text_is_in_urdu_script(journeys) -> None:  # type: ignore[no-untyped-def]
    pairs = _every_urdu_pair(journeys)
    not_urdu = [(place, ur) for place, _, ur in pairs if not ARABIC_SCRIPT.search(ur)]
    same_as_english = [place for place, en, ur in pairs if en == ur]
    assert not_urdu == [] and same_as_english == []
    assert len(pairs) > 380


def test_placeholders_match_english() -> None:
    for code, words in DEFAULT_MESSAGES.items():
        assert _fields(words[UR]) == _fields(words["en"]), code
    for key, words in UI_WORDS.items():
        assert _fields(words[UR]) == _fields(words["en"]), key
    for key, forms in JOURNEY_WORDS.plurals.items():
        assert [_fields(f) for f in forms[UR]] == [_fields(f) for f in forms["en"]], key


def test_left_to_right_tokens_are_kept(journeys) -> None:  # type: ignore[no-untyped-def]
    for place, en, ur in _every_urdu_pair(journeys):
        plain = _without_isolates(ur)
        for pattern in (PHONE, POSTCODE, EMAIL):
            for token in pattern.findall(en):
                assert token in plain, f"{place}: {token!r} is not in {ur!r}"
        # The same numbers as the English ("9am to 5pm" becomes "صبح 9 بجے سے شام 5 بجے تک").
        assert sorted(re.findall(r"\d+", en)) == sorted(re.findall(r"\d+", plain)), place
        # Numbers written with spaces between them are isolated, or they show right to left.
        for numbers in SPACED_NUMBERS.findall(en):
            assert f"{LRI}{numbers}{PDI}" in ur, f"{place}: {numbers!r} is not isolated"
        assert ur.count(LRI) == ur.count(PDI) and not re.search(f"{LRI}[^{PDI}]*{LRI}", ur), place


def test_questions_hints_and_headings_follow_the_content_rules(journeys) -> None:  # type: ignore[no-untyped-def]
    for journey in journeys.values():
        headings: set[str] = set()
        for page in journey.pages:
            label = page.label[UR]
            assert label not in headings, f"{journey.id}: heading used twice: {label}"
            headings.add(label)
            assert "?" not in label and "*" not in label, (journey.id, page.id)
            # An English question is an Urdu question, with the Urdu question mark.
            assert label.endswith("؟") == page.label["en"].endswith("?"), (journey.id, page.id)
            if page.hint:
                assert not page.hint[UR].endswith(("۔", ".")), f"{journey.id} {page.id}: hint"


def _every_message(journey: Journey) -> list[tuple[str, str]]:
    found = []
    for page in journey.pages:
        if not page.is_question:
            continue
        params = (("max", page.max_length or page.max_value or 200), ("min", page.min_value or 1))
        codes = set(page.errors) | {EMPTY_CODE.get(page.type, "required")} | {
            "too_long", "not_a_number", "not_real", "choice_unknown"}
        for code in sorted(codes):
            found.append((f"{page.id}.{code}", _message(page, _Problem(code, "", params), UR)))
    return found


def test_every_urdu_message_passes_the_lint(journeys) -> None:  # type: ignore[no-untyped-def]
    problems, count = [], 0
    for journey in journeys.values():
        for place, text in _every_message(journey):
            count += 1
            problems += [f"{journey.id} {place}: {text!r} {p}" for p in lint_message(text, UR)]
            assert ARABIC_SCRIPT.search(text), (journey.id, place, text)
    for code, words in DEFAULT_MESSAGES.items():
        problems += [f"{code}: {p}" for p in lint_message(re.sub(r"\{\w+\}", "x", words[UR]), UR)]
    assert count > 200
    assert problems == []


def test_the_lint_catches_urdu_mistakes() -> None:
    assert lint_message("براہ کرم اپنا پوسٹ کوڈ درج کریں!", UR) == [
        "uses ‘براہ کرم’", "has an exclamation mark"]
    assert lint_message("معذرت، یہ تاریخ غلط ہے", UR) == ["uses ‘معذرت’", "uses ‘غلط’"]
    assert lint_message("اپنا پوسٹ کوڈ درج کریں！", UR) == ["has an exclamation mark"]
    assert lint_message("Please enter your postcode", UR) == ["uses ‘please’"]  # left in English
    assert lint_message("اپنا پوسٹ کوڈ درج کریں", UR) == []
    assert lint_message("Enter your postcode！", "en") == ["has an exclamation mark"]


def test_question_label_in_a_message_loses_its_urdu_question_mark() -> None:
    assert render_message("required", UR, {}, label="کچرا کہاں ہے؟") == (
        "‘کچرا کہاں ہے’ کے لیے جواب درج کریں")
    assert render_message("required", "en", {}, label="Where is the rubbish?") == (
        "Enter an answer for ‘Where is the rubbish’")


def _errors(run: JourneyRun) -> list[str]:
    return [e.message for e in run.continue_()]


def _give(run: JourneyRun, raw: object) -> None:
    run.answer(raw)
    assert run.continue_() == []


def test_fly_tipping_in_urdu(journeys) -> None:  # type: ignore[no-untyped-def]
    journey = journeys["report-fly-tipping"]
    run = JourneyRun(journey, UR, today=lambda: TODAY)
    page = run.page()
    assert page.heading == "کچرا کہاں ہے؟"
    assert page.progress_text == "سوال 1" and page.continue_label == "جاری رکھیں"

    assert _errors(run) == ["پوسٹ کوڈ درج کریں"]
    run.answer(LocationInput(postcode="SW1A 1ZZZ", details="کونے پر"))
    assert _errors(run) == ["برطانیہ کا پورا پوسٹ کوڈ درج کریں"]
    _give(run, LocationInput(postcode="sw1a1aa", details="بس اسٹاپ کے پاس"))

    assert _errors(run) == ["منتخب کریں کہ کیا پھینکا گیا ہے"]
    assert run.page().error_message == "منتخب کریں کہ کیا پھینکا گیا ہے"
    _give(run, ("bags", "tyres"))
    _give(run, "car_boot")

    run.answer("ب" * 501)
    assert _errors(run) == ["تفصیل میں 500 یا اس سے کم حروف ہونے چاہئیں"]
    _give(run, "کالے تھیلے، فٹ پاتھ پر")

    _give(run, "yes")
    run.answer(DateParts("27", "", "2025"))
    assert _errors(run) == ["دیکھنے کی تاریخ میں مہینہ شامل کریں"]
    run.answer(DateParts("27", "4", "2026"))
    assert _errors(run) == ["دیکھنے کی تاریخ کے لیے آج کی یا اس سے پہلے کی تاریخ درج کریں"]
    _give(run, DateParts("27", "4", "2025"))

    assert run.page().heading == "آپ کا نام کیا ہے؟ (اختیاری)"
    run.answer("ن" * 71)
    assert _errors(run) == ["آپ کے نام میں 70 یا اس سے کم حروف ہونے چاہئیں"]
    _give(run, "")
    run.answer("name.example.com")
    assert _errors(run) == ["ای میل ایڈریس درست طریقے سے درج کریں، جیسے name@example.com"]
    _give(run, "")
    run.answer("12345")
    phone_error = _errors(run)
    assert phone_error == [
        f"برطانیہ کا فون نمبر درج کریں، جیسے {LRI}01632 960 001{PDI} یا {LRI}07700 900 982{PDI}"]
    _give(run, "")

    assert run.at_check_answers
    summary = run.check_answers()
    assert summary.heading == "اپنے جوابات چیک کریں" and summary.submit_label == "اپنی رپورٹ بھیجیں"
    rows = {r.change_target: r for r in summary.rows}
    assert rows["location"].question == "کہاں" and rows["location"].change_label == "تبدیل کریں: کہاں"
    assert rows["location"].answer == "SW1A 1AA\nبس اسٹاپ کے پاس"
    assert rows["waste_type"].answer == "کچرے کے تھیلے\nٹائر"
    assert rows["amount"].answer == "تقریباً ایک گاڑی کی ڈگی جتنا"
    assert rows["seen_dumping"].answer == "ہاں"
    assert rows["when_seen"].answer == "27 اپریل 2025"
    assert rows["email"].answer == "نہیں دیا گیا" and not rows["email"].provided
    for row in summary.rows:
        assert ARABIC_SCRIPT.search(row.question) and ARABIC_SCRIPT.search(row.change_label)

    payload = run.payload()
    assert payload["language"] == UR
    assert payload["address_string"] == "بس اسٹاپ کے پاس, SW1A 1AA"
    confirmation = run.confirmation()
    assert confirmation.title == "آپ کی رپورٹ محفوظ ہو گئی ہے"


def test_switching_to_urdu_keeps_answers_and_changes_the_words(journeys) -> None:  # type: ignore[no-untyped-def]
    run = JourneyRun(journeys["report-missed-bin"], "en", today=lambda: TODAY)
    _give(run, "12 High Street")
    run.set_language(UR)
    assert run.page().heading == "آپ کا پوسٹ کوڈ کیا ہے؟"
    assert run.page().hint == "مثال کے طور پر، EB1 6FR"
    assert _errors(run) == ["اپنا پوسٹ کوڈ درج کریں"]
    assert run.back() and run.page().answer == "12 High Street"
    assert run.page().hint == f"مثال کے طور پر، {LRI}12 High Street{PDI}"


# -- home-screen groups and journeys generated from an Open311 catalogue ----------------------

OPEN311_SERVICE = {"service_code": "FLY", "service_name": "Fly-tipping",
                   "description": "Rubbish dumped in the street", "metadata": "true"}
OPEN311_DEFINITION = {"service_code": "FLY", "attributes": [
    {"variable": True, "code": "kind", "datatype": "singlevaluelist", "required": True,
     "order": 1, "description": "What has been dumped?",
     "values": [{"key": "bags", "name": "Bags"}, {"key": "sofa", "name": "Furniture"}]},
    {"variable": False, "code": "note", "datatype": "string", "required": False, "order": 2,
     "description": "We do not collect garden waste."},
]}
# The council's own words (from its catalogue, in English only) may fall back to English;
# everything the kiosk adds around them must not.
COUNCIL_PLACES = {"title", "description", "pages[1].label", "pages[1].options[0].label",
                  "pages[1].options[1].label", "pages[2].body"}


def test_every_home_group_title_has_urdu() -> None:
    from kiosk.journeys.model import GROUPS
    from kiosk.journeys.registry import GROUP_TITLES, group_journeys

    assert {g: set(t) for g, t in GROUP_TITLES.items() if UR not in t} == {}
    for group, titles in GROUP_TITLES.items():
        assert ARABIC_SCRIPT.search(titles[UR]), group
        assert lint_message(titles[UR], UR) == [], group
    built_in = load_builtin_journeys().journeys
    shown = group_journeys(built_in, UR)
    assert shown and {g.group for g in shown} <= set(GROUPS)
    for group in shown:
        assert group.title == GROUP_TITLES[group.group][UR]


def test_a_generated_open311_journey_asks_in_urdu_around_the_councils_words() -> None:
    from kiosk.journeys.open311 import journey_from_open311

    journey = journey_from_open311("streets", OPEN311_SERVICE, OPEN311_DEFINITION)
    places = [place for place, _ in journey_texts(journey)]
    missing = missing_translations(journey, [UR, "cy"])
    print(f"generated journey: {len(places)} texts, Urdu falls back to English for "
          f"{len(missing[UR])} (the council's own), Welsh for {len(missing['cy'])}")
    assert set(missing[UR]) == COUNCIL_PLACES == set(missing["cy"])
    assert len(places) - len(COUNCIL_PLACES) >= 15
    for place, words in journey_texts(journey):
        if place not in COUNCIL_PLACES:
            assert ARABIC_SCRIPT.search(words[UR]), place
            assert lint_message(words[UR], UR) == [], place
            assert _fields(words[UR]) == _fields(words["en"]), place


def test_a_generated_open311_journey_runs_in_urdu() -> None:
    from kiosk.journeys.open311 import journey_from_open311

    journey = journey_from_open311("streets", OPEN311_SERVICE, OPEN311_DEFINITION)
    run = JourneyRun(journey, UR, today=lambda: TODAY)
    assert run.page().heading == "مسئلہ کہاں ہے؟"
    run.answer(LocationInput(postcode="EB1 6FR", details="بس اسٹاپ کے پاس"))
    assert run.continue_() == []
    assert run.page().heading == "What has been dumped?"  # the council's words, as it sent them
    run.answer("bags")
    assert run.continue_() == []
    assert run.page().heading == "آگے بڑھنے سے پہلے"
    assert run.continue_() == []
    assert run.page().heading == "مسئلے کے بارے میں بتائیں"
    errors = run.continue_()
    assert [e.message for e in errors] == ["مسئلے کی تفصیل لکھیں"]
    run.answer("سڑک پر کچرے کے تھیلے")
    assert run.continue_() == []
    while not run.at_check_answers:
        assert ARABIC_SCRIPT.search(run.page().heading)
        assert run.continue_() == []
    check = run.check_answers()
    assert check.submit_label == "اپنی رپورٹ بھیجیں"
    assert any(row.question == "کہاں" and "EB1 6FR" in row.answer for row in check.rows)
    assert run.confirmation().title == "آپ کی رپورٹ محفوظ ہو گئی ہے"

"""Unit tests for the answer parsers: postcodes, dates, emails, phones, numbers, text."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.journeys.geo import osgb36_to_grid, wgs84_to_osgb36
from kiosk.journeys.messages import character_count
from kiosk.journeys.validators import (
    Invalid,
    clean_text,
    format_phone,
    normalise_email,
    normalise_phone,
    normalise_postcode,
    parse_date,
    parse_month,
    parse_number,
)


@pytest.mark.parametrize("typed", ["SW1A 1AA", "sw1a1aa", " sw1a-1aa ", "Sw1A  1aA.", "(SW1A) 1AA,"])
def test_postcode_any_case_spacing_and_punctuation(typed: str) -> None:
    assert normalise_postcode(typed) == "SW1A 1AA"


@pytest.mark.parametrize("typed,expected", [("m11ae", "M1 1AE"), ("B338TH", "B33 8TH"),
                                            ("cr2 6xh", "CR2 6XH"), ("DN55 1PT", "DN55 1PT"),
                                            ("gir0aa", "GIR 0AA")])
def test_postcode_formats(typed: str, expected: str) -> None:
    assert normalise_postcode(typed) == expected


@pytest.mark.parametrize("typed", ["SW1A", "12345", "SW1A 1A", "SW1A 1AAA", "1W1A 1AA", "SW1A 1CA"])
def test_postcode_not_a_postcode(typed: str) -> None:
    with pytest.raises(Invalid) as caught:
        normalise_postcode(typed)
    assert caught.value.code == "postcode_format"


def test_postcode_empty() -> None:
    with pytest.raises(Invalid) as caught:
        normalise_postcode("  ")
    assert caught.value.code == "postcode_required"


@pytest.mark.parametrize("typed,number", [("3", 3), ("03", 3), ("March", 3), ("mar", 3),
                                          ("Mawrth", 3), ("MAWRTH", 3), ("sept", 9),
                                          ("Rhagfyr", 12), ("13", None), ("Marching", None)])
def test_month_names_and_numbers(typed: str, number: int | None) -> None:
    assert parse_month(typed) == number


def test_date_29_february_only_in_leap_years() -> None:
    assert parse_date("29", "2", "2024") == dt.date(2024, 2, 29)
    with pytest.raises(Invalid) as caught:
        parse_date("29", "Feb", "2023")
    assert caught.value.code == "not_real"


@pytest.mark.parametrize("parts,code,part", [
    (("", "", ""), "date_required", ""),
    (("", "3", "2024"), "missing_day", "day"),
    (("27", "", "2024"), "missing_month", "month"),
    (("27", "3", ""), "missing_year", "year"),
    (("27", "3", "24"), "year_digits", "year"),
    (("32", "1", "2024"), "not_real", ""),
    (("x", "1", "2024"), "not_real", "day"),
    (("1", "Smarch", "2024"), "not_real", "month"),
    (("31", "4", "2024"), "not_real", ""),
])
def test_date_errors_in_govuk_order(parts: tuple[str, str, str], code: str, part: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_date(*parts)
    assert (caught.value.code, caught.value.part) == (code, part)


def test_date_range() -> None:
    today = dt.date(2025, 5, 1)
    assert parse_date("1", "5", "2025", date_range="past", today=today) == today
    with pytest.raises(Invalid) as caught:
        parse_date("2", "May", "2025", date_range="past", today=today)
    assert caught.value.code == "must_be_past"
    with pytest.raises(Invalid) as caught:
        parse_date("30", "Ebrill", "2025", date_range="future", today=today)
    assert caught.value.code == "must_be_future"


def test_date_accepts_stray_spaces_and_dots() -> None:
    assert parse_date(" 7. ", " mar ", "2 025") == dt.date(2025, 3, 7)


@pytest.mark.parametrize("typed,expected", [
    ("name@example.com", "name@example.com"),
    ("  Name.Surname@Example.CO.UK ", "Name.Surname@example.co.uk"),
    ("a+tag@sub.example.org.", "a+tag@sub.example.org"),
])
def test_email_accepted(typed: str, expected: str) -> None:
    assert normalise_email(typed) == expected


@pytest.mark.parametrize("typed", ["name", "name@", "@example.com", "name@example", "na me@example.com",
                                   "name@@example.com", "name..x@example.com", "name@exa_mple.com"])
def test_email_wrong_format(typed: str) -> None:
    with pytest.raises(Invalid) as caught:
        normalise_email(typed)
    assert caught.value.code == "email_format"


@pytest.mark.parametrize("typed,expected", [
    ("07700 900982", "07700900982"),
    ("+44 7700 900982", "07700900982"),
    ("+44 (0)7700-900-982", "07700900982"),
    ("0044 20 7946 0018", "02079460018"),
    ("(01632) 960 001", "01632960001"),
    ("016977 3456", "0169773456"),
])
def test_phone_accepted(typed: str, expected: str) -> None:
    assert normalise_phone(typed) == expected


@pytest.mark.parametrize("typed", ["12345", "077009009821", "7700900982", "+1 202 555 0100",
                                   "0770090098x", "0020 7946 0018", "0800 12345"])
def test_phone_wrong_format(typed: str) -> None:
    with pytest.raises(Invalid) as caught:
        normalise_phone(typed)
    assert caught.value.code == "phone_format"


def test_phone_grouping_for_reading_back() -> None:
    assert format_phone("07700900982") == "07700 900982"
    assert format_phone("02079460018") == "020 7946 0018"
    assert format_phone("03001234567") == "0300 123 4567"


def test_numbers() -> None:
    assert parse_number(" 1,000 ") == 1000
    assert parse_number("2.5") == 2.5
    assert parse_number("3", whole=True, minimum=1, maximum=10) == 3
    for typed, code in [("two", "not_a_number"), ("2.5", "not_whole"), ("0", "too_small"),
                        ("11", "too_big"), ("1e3", "not_a_number")]:
        with pytest.raises(Invalid) as caught:
            parse_number(typed, whole=True, minimum=1, maximum=10)
        assert caught.value.code == code
    with pytest.raises(Invalid) as caught:
        parse_number("11", maximum=10)
    assert caught.value.params == {"max": 10}


def test_text_lengths_and_line_breaks() -> None:
    assert clean_text("  a \n b  ") == "a b"
    assert clean_text("a\r\nb", multiline=True) == "a\nb"
    assert clean_text("x" * 500, multiline=True, max_length=500) == "x" * 500
    with pytest.raises(Invalid) as caught:
        clean_text("x" * 501, multiline=True, max_length=500)
    assert (caught.value.code, caught.value.params) == ("too_long", {"max": 500})
    with pytest.raises(Invalid) as caught:
        clean_text("   \n ")
    assert caught.value.code == "required"


def test_character_count_words() -> None:
    assert character_count(488, 500, "en") == "You have 12 characters remaining"
    assert character_count(499, 500, "en") == "You have 1 character remaining"
    assert character_count(503, 500, "en") == "You have 3 characters too many"
    assert character_count(488, 500, "cy") == "Mae gennych 12 nod ar ôl"


def test_national_grid_matches_the_ordnance_survey_worked_example() -> None:
    # OS "A guide to coordinate systems in Great Britain", Annex C: Airy 1830 projection.
    easting, northing = osgb36_to_grid(52 + 39 / 60 + 27.2531 / 3600, 1 + 43 / 60 + 4.5177 / 3600)
    assert easting == pytest.approx(651409.903, abs=0.01)
    assert northing == pytest.approx(313177.270, abs=0.01)


def test_wgs84_to_osgb36_shift_is_the_known_size() -> None:
    # WGS84 and OSGB36 positions differ by roughly 70 to 130 metres across Great Britain.
    from kiosk.journeys.geo import helmert_wgs84_to_osgb36

    for lat, long in [(51.5, -0.12), (52.48, -1.9), (55.95, -3.19), (50.37, -4.14)]:
        lat2, long2 = helmert_wgs84_to_osgb36(lat, long)
        metres = ((lat2 - lat) * 111_000) ** 2 + ((long2 - long) * 111_000 * 0.62) ** 2
        assert 50 < metres**0.5 < 150


def test_grid_reference_of_a_demo_street_is_in_the_midlands() -> None:
    easting, northing = wgs84_to_osgb36(52.48241, -1.91055)
    assert 400_000 < easting < 410_000 and 280_000 < northing < 292_000

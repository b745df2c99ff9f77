"""Fees on journeys: parsed from YAML, computed in whole pence, shown as pounds."""

from __future__ import annotations

import pytest

from kiosk.fees import fee_pence, format_money, journey_fee_pence
from kiosk.journeys.model import Fee
from kiosk.journeys.schema import JourneyFileError, load_builtin_journeys, parse_journey_text

BASE = """
id: pay-test
version: 1
group: request
destination: webhook
title: {en: Test}
description: {en: Test}
pages:
  - {id: count, type: number, whole_number: true, label: {en: How many?}, errors: {required: {en: Enter how many}}}
confirmation: {title: {en: Done}, next_steps: {en: Wait}}
"""


def test_bulky_waste_costs_by_item_with_a_cap() -> None:
    journey = next(j for j in load_builtin_journeys().journeys if j.id == "book-bulky-waste")
    assert journey_fee_pence(journey, {"item_count": 2}) == 2500
    assert journey_fee_pence(journey, {"item_count": "5"}) == 3500
    assert journey_fee_pence(journey, {"item_count": 10}) == 6000


def test_a_cap_limits_the_amount() -> None:
    fee = Fee(amount=1000, per_item="count", item_amount=750, cap=2000)
    assert fee_pence(fee, {"count": 1}) == 1750
    assert fee_pence(fee, {"count": 9}) == 2000
    assert fee_pence(fee, {}) == 1000


def test_free_journeys_have_no_fee() -> None:
    journey = parse_journey_text(BASE, "t.yaml")
    assert journey.fee is None and journey_fee_pence(journey, {}) is None


def test_fee_parsed_from_yaml() -> None:
    journey = parse_journey_text(BASE + "fee: {amount: 2550, pay_before_sending: false}\n", "t.yaml")
    assert journey.fee == Fee(amount=2550, pay_before_sending=False)


@pytest.mark.parametrize(("fee", "problem"), [
    ("{amount: 25.5}", "whole number of pence"),
    ("{amount: -1}", "whole number of pence"),
    ("{amount: 100, per_item: nowhere, item_amount: 5}", "number question"),
    ("{amount: 100, per_item: count}", "item_amount"),
    ("{amount: 100, colour: red}", "unknown key"),
])
def test_bad_fees_are_refused_in_one_line(fee: str, problem: str) -> None:
    with pytest.raises(JourneyFileError) as caught:
        parse_journey_text(BASE + f"fee: {fee}\n", "t.yaml")
    assert problem in str(caught.value) and "\n" not in str(caught.value)


def test_money_is_shown_in_pounds_and_pence() -> None:
    assert format_money(2550) == "£25.50"
    assert format_money(2500, "cy") == "£25.00"
    assert format_money(5) == "£0.05"
    with pytest.raises(TypeError):
        format_money(25.5)  # type: ignore[arg-type]

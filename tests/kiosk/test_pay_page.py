"""The pay page's choices, words and settings, in English and Welsh."""

from __future__ import annotations

from kiosk.config import PaySettings, parse_settings
from kiosk.journeys.schema import load_builtin_journeys
from kiosk.pay_page import (
    choices,
    fee_sentence,
    holds_booking,
    offered_ways,
    phone_message,
    text_message,
)

WITH_KEY = PaySettings(api_key="api_test_x", return_url="https://council.example/paid")


def _bulky():  # type: ignore[no-untyped-def]
    return next(j for j in load_builtin_journeys().journeys if j.id == "book-bulky-waste")


def test_phone_is_offered_only_online() -> None:
    assert offered_ways(WITH_KEY, online=True) == ("phone", "text", "counter")
    assert offered_ways(WITH_KEY, online=False) == ("text", "counter")
    assert offered_ways(PaySettings(), online=True) == ("counter",)


def test_the_fee_and_choices_are_worded_in_welsh() -> None:
    assert fee_sentence(2550, "en") == "You will need to pay £25.50"
    assert fee_sentence(2550, "cy") == "Bydd angen i chi dalu £25.50"
    labels = [c.label for c in choices(("phone", "counter"), "cy")]
    assert labels == ["Talu nawr ar eich ffôn", "Talu wrth gownter y llyfrgell"]


def test_phone_messages_follow_the_payment() -> None:
    assert "£35.00" in phone_message("created", 3500, "en")
    assert phone_message("paid", 3500, "en") == "You have paid £35.00"
    assert "expired" in phone_message("expired", 3500, "en")
    assert "not taken" in phone_message("failed", 3500, "en")


def test_a_booking_waits_until_paid_unless_configured() -> None:
    journey = _bulky()
    assert holds_booking(journey, PaySettings()) is True
    assert holds_booking(journey, PaySettings(send_before_paid=("book-bulky-waste",))) is False
    assert holds_booking(journey, PaySettings(pay_before_sending=False)) is False


def test_the_text_message_carries_the_reference_and_link() -> None:
    text = text_message(council="Demo Council", pence=3500, reference="KSK-ABC", link="https://p.example/x",
                        language="en")
    assert text == "Demo Council: pay £35.00 for your booking KSK-ABC: https://p.example/x"


def test_pay_settings_are_checked_at_start() -> None:
    import pytest

    from kiosk.config import ConfigError

    with pytest.raises(ConfigError, match="return_url"):
        parse_settings({"pay": {"api_key": "api_test_x"}}, "k.toml")
    with pytest.raises(ConfigError, match="api_key"):
        parse_settings({"pay": {"ways": ["phone"]}}, "k.toml")
    with pytest.raises(ConfigError, match="must be one of"):
        parse_settings({"pay": {"ways": ["card"]}}, "k.toml")
    with pytest.raises(ConfigError, match="true or false"):
        parse_settings({"pay": {"ways": ["counter"], "pay_before_sending": "yes"}}, "k.toml")
    settings = parse_settings({"pay": {"ways": ["counter"]}}, "k.toml")
    assert settings.pay.ways == ("counter",)

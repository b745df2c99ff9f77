"""What a journey costs: the amount in whole pence from its ``fee`` and the answers.

Qt-free and pure: amounts are integers in pence (never floats); ``format_money`` shows
them the UK way ("£25.50") with Babel, in English or Welsh.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from babel.numbers import format_currency

from kiosk.journeys.model import Fee, Journey

# Babel locales for money; other languages show pounds the English way.
_MONEY_LOCALES = {"en": "en_GB", "cy": "cy_GB"}


def _count(answer: Any) -> int:
    if isinstance(answer, bool) or answer is None:
        return 0
    try:
        return max(0, int(float(str(answer).strip())))
    except ValueError:
        return 0


def fee_pence(fee: Fee, answers: Mapping[str, Any]) -> int:
    """The amount to pay in pence for these answers (keyed by page id)."""
    total = fee.amount
    if fee.per_item:
        extra = max(0, _count(answers.get(fee.per_item)) - fee.included)
        total += extra * fee.item_amount
    if fee.cap is not None:
        total = min(total, fee.cap)
    return total


def journey_fee_pence(journey: Journey, answers: Mapping[str, Any]) -> int | None:
    """The amount for a journey, or ``None`` when it is free."""
    return None if journey.fee is None else fee_pence(journey.fee, answers)


def format_money(pence: int, language: str = "en") -> str:
    """``2550`` -> ``"£25.50"``; whole pounds keep their pence (``"£25.00"``)."""
    if isinstance(pence, bool) or not isinstance(pence, int):
        raise TypeError("amounts are whole pence")
    locale = _MONEY_LOCALES.get(language, "en_GB")
    return format_currency(Decimal(pence) / 100, "GBP", locale=locale)

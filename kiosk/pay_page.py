"""The pay page after check-your-answers, in no toolkit (issue 21).

What it offers (``offered_ways``: pay now on the phone only while online with a Pay key),
its words in the resident's language (GOV.UK wording, the ``pay.*`` catalogue section),
whether a booking waits until paid (``holds_booking``), the phone wait's message for each
payment state, and the text message for pay-later links (for the Notify queue).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.config import PaySettings
from kiosk.fees import format_money
from kiosk.i18n import words_for
from kiosk.journeys.model import Journey

PHONE = "phone"
TEXT = "text"
COUNTER = "counter"


@dataclass(frozen=True)
class WayToPay:
    value: str
    label: str
    hint: str


def offered_ways(pay: PaySettings, *, online: bool) -> tuple[str, ...]:
    """The ways the council offers that work now: phone needs a connection and a Pay key,
    a text link needs a key (it is created later, when online); the counter always works."""
    ways = []
    for way in pay.ways:
        if way == PHONE and not (online and pay.api_key):
            continue
        if way == TEXT and not pay.api_key:
            continue
        ways.append(way)
    return tuple(ways)


def holds_booking(journey: Journey, pay: PaySettings) -> bool:
    """Whether the booking waits until paid: the journey's fee says, else the council's list
    and default (default: it waits)."""
    if journey.fee is not None and journey.fee.pay_before_sending is not None:
        return journey.fee.pay_before_sending
    if journey.id in pay.send_before_paid:
        return False
    return pay.pay_before_sending


def fee_sentence(pence: int, language: str) -> str:
    """'You will need to pay £25.50' (before the resident commits, and on the receipt)."""
    return words_for("pay").text("you_will_need_to_pay", language, amount=format_money(pence, language))


def choices(ways: tuple[str, ...], language: str) -> list[WayToPay]:
    words = words_for("pay")
    return [WayToPay(w, words.text(f"way.{w}", language), words.text(f"way.{w}_hint", language)) for w in ways]


def phone_message(state: str, pence: int, language: str) -> str:
    """What the phone-payment screen says for the payment's state (``offline.payments``)."""
    words = words_for("pay")
    amount = format_money(pence, language)
    if state == "paid":
        return words.text("paid", language, amount=amount)
    if state == "expired":
        return words.text("expired", language)
    if state in ("failed", "cancelled"):
        return words.text("failed", language)
    return words.text("scan", language, amount=amount)


def spoken_instruction(language: str) -> str:
    return words_for("pay").text("spoken", language)


def text_message(*, council: str, pence: int, reference: str, link: str, language: str) -> str:
    """The pay-later text (for ``offline.payments.LinkToSend``): council, amount, reference, link."""
    return words_for("pay").text("text_message", language, council=council,
                                 amount=format_money(pence, language), reference=reference, link=link)

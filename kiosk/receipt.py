"""What the confirmation page and the printed receipt say, decided without a window.

``Receipt`` holds the facts of one sent journey in no language: the journey, its
reference, whether it waits to be sent, and when it was sent (from the clock the flow
was given). ``receipt_content`` words them in any language, so a change of language
on the confirmation page draws the same receipt in the new language. ``ui.receipt``
lays the words out (QR code, printing, PDF).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.i18n import is_rtl, localise
from kiosk.references import format_reference

if TYPE_CHECKING:
    from kiosk.journeys.model import Journey

Words = Callable[..., str]  # (message id, **values) -> the words in the shown language

CREATED_FORMAT = "%d/%m/%Y %H:%M"
PRACTICE_REFERENCE = "PRACTICE"
"""The reference of a practice receipt: never one the kiosk makes (references have no
letter I), so it cannot be taken for a real one or looked up."""


@dataclass(frozen=True)
class ReceiptContent:
    """Everything the confirmation page and the receipt say, in the resident's language.

    ``labels`` holds the headings ("Your reference", "What happens next", ...) by key.
    """

    council: str
    journey_title: str
    title: str
    reference: str
    reference_display: str
    status: str
    next_steps: str
    when: str
    contact: str
    created: str
    labels: dict[str, str]
    language: str = "en"
    rtl: bool = False
    fee: str = ""  # "You will need to pay £35.00", or empty when the service is free
    practice: bool = False  # a staff practice session's: nothing was stored or sent


@dataclass(frozen=True)
class Receipt:
    """One sent journey, in no language. ``queued``: not sent yet (no connection).
    ``practice``: finished in a practice session, so nothing was stored or sent."""

    journey: Journey
    reference: str
    queued: bool
    created: dt.datetime
    fee_pence: int | None = None  # what the resident has to pay (kiosk.fees), None: free
    practice: bool = False


def status_id(journey: Journey, queued: bool) -> str:
    """The message id of what happens to the answers now (sending, or kept until online)."""
    if not queued:
        return "status_sending"
    return "status_queued_report" if journey.group == "report" else "status_queued"


def reference_display(reference: str, text_size: int) -> str:
    """The reference in spaced characters; above 100 % text one group to a line, so a
    group is never split (at 200 % "X Y D - W E" then "5 - B 4 R" was shown, and in
    Urdu the first character was cut off)."""
    groups = [" ".join(group) for group in format_reference(reference).split("-")]
    return ("  -  " if text_size == 100 else "  -\n").join(groups)


def receipt_content(receipt: Receipt, *, language: str, text_size: int, council: str,
                    contact: str, words: Words) -> ReceiptContent:
    """``receipt`` in ``language``: ``words`` gives the interface words in that language,
    ``contact`` is the kiosk's own contact line, used when the journey has none."""
    c = receipt.journey.confirmation
    reference = receipt.reference
    fee = ""
    if receipt.fee_pence is not None:
        from kiosk.pay_page import fee_sentence  # Babel's numbers only for a service that costs

        fee = fee_sentence(receipt.fee_pence, language)
    if receipt.practice:
        return _practice_content(receipt, language=language, council=council, words=words)
    return ReceiptContent(
        council=council,
        journey_title=localise(receipt.journey.title, language),
        title=localise(c.title, language),
        reference=reference,
        reference_display=reference_display(reference, text_size),
        status=words(status_id(receipt.journey, receipt.queued)),
        next_steps=localise(c.next_steps, language),
        when=localise(c.when, language),
        contact=localise(c.contact, language) or contact,
        created=receipt.created.strftime(CREATED_FORMAT),
        labels={
            "reference": words("your_reference"),
            "qr": words("reference_qr", reference=format_reference(reference)),
            "next": words("what_happens_next"),
            "contact": words("contact_council"),
            "created": words("receipt_created"),
        },
        language=language,
        rtl=is_rtl(language),
        fee=fee,
    )


def _practice_content(receipt: Receipt, *, language: str, council: str,
                      words: Words) -> ReceiptContent:
    """A practice receipt: it says that nothing was sent, and shows the word "PRACTICE"
    (in the resident's language) where a reference would be."""
    shown = words("practice_reference")
    return ReceiptContent(
        council=council,
        journey_title=localise(receipt.journey.title, language),
        title=words("practice_receipt_title"),
        reference=PRACTICE_REFERENCE,
        reference_display=shown,
        status=words("practice_receipt_status"),
        next_steps=words("practice_receipt_next"),
        when="",
        contact="",
        created=receipt.created.strftime(CREATED_FORMAT),
        labels={
            "reference": words("your_reference"),
            "qr": "",
            "next": words("what_happens_next"),
            "contact": words("contact_council"),
            "created": words("receipt_created"),
        },
        language=language,
        rtl=is_rtl(language),
        practice=True,
    )

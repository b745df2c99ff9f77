"""The shape of a journey: frozen dataclasses for journeys, pages, options and conditions.

A journey is content, not code: it is loaded from a YAML file (``schema.py``) or built
from an Open311 service definition (``open311.py``). Every word a resident reads is a
``LocalText`` map from language code to words (see ``kiosk.i18n``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.i18n import LocalText

# Question types: each page asks one of these.
TEXT = "text"
TEXTAREA = "textarea"
NUMBER = "number"
DATE = "date"
SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
YES_NO = "yes_no"
POSTCODE = "postcode"
LOCATION = "location"
EMAIL = "email"
PHONE = "phone"
DECLARATION = "declaration"
QUESTION_TYPES: tuple[str, ...] = (
    TEXT, TEXTAREA, NUMBER, DATE, SINGLE_CHOICE, MULTIPLE_CHOICE, YES_NO,
    POSTCODE, LOCATION, EMAIL, PHONE, DECLARATION,
)

# Pages that ask nothing: information to read, and a stop page that ends the journey
# (for example "You cannot get a Blue Badge"; GOV.UK: never refuse eligibility by an error).
INFO = "info"
STOP = "stop"
PAGE_TYPES: tuple[str, ...] = QUESTION_TYPES + (INFO, STOP)

# Home-screen groups, in the order the home screen shows them.
GROUPS: tuple[str, ...] = ("report", "request", "have_your_say", "check", "learn", "help")

# Standard Open311 request fields a question may fill instead of an attribute.
# ``name`` is a full name split into ``first_name`` and ``last_name``.
STANDARD_FIELDS: tuple[str, ...] = (
    "description", "address_string", "first_name", "last_name", "name", "email", "phone",
)

# Values a server-set (automated) attribute can be filled from.
AUTOMATED_SOURCES: tuple[str, ...] = (
    "submission_id", "easting", "northing", "lat", "long", "address_string", "journey_version",
)

DATE_ANY = "any"
DATE_PAST = "past"
DATE_FUTURE = "future"


@dataclass(frozen=True)
class Option:
    """One choice: ``value`` is what is sent (an Open311 value key), ``label`` what is shown."""

    value: str
    label: LocalText
    hint: LocalText | None = None


@dataclass(frozen=True)
class Condition:
    """Show a page only when an earlier answer matches.

    ``values`` holds the accepted answers (``equals: X`` is ``values=("X",)``). A
    multiple-choice answer matches when any of its selections is among ``values``.
    """

    question: str
    values: tuple[str, ...]

    def holds(self, answer: Any) -> bool:
        if answer is None:
            return False
        if isinstance(answer, (list, tuple)):
            return any(str(a) in self.values for a in answer)
        if isinstance(answer, bool):
            answer = "yes" if answer else "no"
        return str(answer) in self.values


@dataclass(frozen=True)
class Page:
    """One page of a journey: a question, some information, or a stop page.

    ``label`` is the page heading (for a question it is the question itself).
    ``name`` is the answer's name inside default error messages ("Description must be
    500 characters or less"). ``errors`` overrides error messages by code (see
    ``messages.py``). ``code`` is the key the answer is sent under (defaults to ``id``);
    ``field`` sends it as a standard Open311 field instead.
    """

    id: str
    type: str
    label: LocalText
    hint: LocalText | None = None
    body: LocalText | None = None
    required: bool = True
    options: tuple[Option, ...] = ()
    show_if: tuple[Condition, ...] = ()
    errors: Mapping[str, LocalText] = field(default_factory=dict)
    name: LocalText | None = None
    code: str = ""
    field: str = ""
    max_length: int | None = None
    min_value: float | None = None
    max_value: float | None = None
    whole_number: bool = False
    date_range: str = DATE_ANY
    summary_label: LocalText | None = None

    @property
    def is_question(self) -> bool:
        return self.type in QUESTION_TYPES

    @property
    def answer_code(self) -> str:
        return self.code or self.id


@dataclass(frozen=True)
class Automated:
    """An attribute the kiosk fills without asking (Open311 ``automated: server_set``)."""

    code: str
    source: str


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page says after the submission is saved."""

    title: LocalText
    next_steps: LocalText
    when: LocalText | None = None
    contact: LocalText | None = None


@dataclass(frozen=True)
class Fee:
    """What a journey costs, in whole pence (never a float).

    ``amount`` is charged on every submission. With ``per_item`` set, each item counted
    by that number question beyond the first ``included`` costs ``item_amount`` more;
    ``cap`` is the most it can cost. ``pay_before_sending`` is the journey's own setting
    for whether the booking waits until paid (``None``: the council's default).
    """

    amount: int
    per_item: str = ""
    item_amount: int = 0
    included: int = 0
    cap: int | None = None
    pay_before_sending: bool | None = None


@dataclass(frozen=True)
class Journey:
    """A service journey: pages in order, routing, and confirmation content.

    ``destination`` is the routing hint: an Open311 service code (``FLYTIP``) or
    ``webhook``. ``service_code`` is set for Open311 journeys (the code to POST).
    ``origin`` is the file or catalogue the journey came from, for messages to staff.
    """

    id: str
    version: str
    title: LocalText
    description: LocalText
    group: str
    destination: str
    pages: tuple[Page, ...]
    confirmation: Confirmation
    submit_label: LocalText | None = None
    automated: tuple[Automated, ...] = ()
    service_code: str = ""
    origin: str = ""
    generated: bool = False
    fee: Fee | None = None

    def page(self, page_id: str) -> Page:
        for p in self.pages:
            if p.id == page_id:
                return p
        raise KeyError(f"journey {self.id!r} has no page {page_id!r}")

    @property
    def questions(self) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.is_question)

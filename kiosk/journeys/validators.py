"""Parsers for what residents type: postcodes, dates, emails, phone numbers, numbers, text.

Each parser forgives harmless extras (any case, spaces, hyphens, brackets, stray
punctuation from dictation) and either returns the normalised value or raises
``Invalid`` with a message code from ``messages.py`` (and which part of a date or
location is wrong, so the screen can point at it). They know nothing of languages.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from kiosk.journeys.messages import MONTH_NAMES


class Invalid(Exception):  # noqa: N818 - reads as "raise Invalid(...)"
    """An answer cannot be accepted; ``code`` names the message, ``params`` fill it in."""

    def __init__(self, code: str, part: str = "", params: dict[str, Any] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.part = part
        self.params: dict[str, Any] = dict(params or {})


# --- characters nobody types -------------------------------------------------------------

# Control characters (C0 but line breaks and tabs, DEL, C1), bidirectional embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069: they make text read differently
# from what it holds) and lone surrogates (not text at all: they cannot be stored).
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SPACES = re.compile(r"[\t\x0b\x0c]")


def has_unsafe_characters(text: str) -> bool:
    """True when ``text`` holds a character ``remove_unsafe_characters`` would take out."""
    return _UNSAFE.search(text) is not None


def remove_unsafe_characters(text: str) -> str:
    """``text`` without control characters, bidirectional overrides and lone surrogates.

    Line breaks become ``\\n`` (from ``\\r\\n`` or ``\\r`` too) and tabs a space; NUL, ESC
    and the rest are removed. Every answer passes through this before it is checked,
    so nothing a resident (or an answers file) gives can colour a terminal, hide or
    reorder words in a council's system, or fail to be stored.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _UNSAFE.sub("", _SPACES.sub(" ", text))


def shown(text: str, limit: int = 60) -> str:
    """``text`` safe to print in a one-line message: unsafe characters and line breaks as
    ``\\uXXXX`` escapes, at most ``limit`` characters (then "…")."""
    escaped = re.sub(r"[\n\r\t\u2028\u2029]", lambda m: f"\\u{ord(m.group()):04x}", text)
    escaped = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", escaped)
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"


# --- postcodes --------------------------------------------------------------------------

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][ABD-HJLNP-UW-Z]{2})$")


def normalise_postcode(text: str) -> str:
    """``" sw1a-1aa. "`` → ``"SW1A 1AA"``; raises ``Invalid('postcode_format')``.

    Any case, spacing and punctuation is accepted; the letters and digits must make a
    full UK postcode (outward code, a space, inward code).
    """
    squeezed = re.sub(r"[^A-Za-z0-9]", "", text or "").upper()
    if not squeezed:
        raise Invalid("postcode_required")
    if squeezed == "GIR0AA":
        return "GIR 0AA"
    match = _POSTCODE.match(squeezed)
    if not match:
        raise Invalid("postcode_format")
    return f"{match.group(1)} {match.group(2)}"


# --- dates ------------------------------------------------------------------------------


def _clean_part(text: Any) -> str:
    return re.sub(r"[\s.,/\\-]+", "", str(text if text is not None else "")).strip()


def parse_month(text: str) -> int | None:
    """A month from ``"3"``, ``"03"``, ``"March"``, ``"mar"`` or ``"Mawrth"`` (None if not one)."""
    cleaned = _clean_part(text).lower()
    if cleaned.isdigit():
        number = int(cleaned)
        return number if 1 <= number <= 12 else None
    return MONTH_NAMES.get(cleaned)


def parse_date(
    day: Any,
    month: Any,
    year: Any,
    *,
    date_range: str = "any",
    today: dt.date | None = None,
) -> dt.date:
    """A date from three boxes, checked in GOV.UK order: missing, then impossible, then range.

    Raises ``Invalid`` with ``part`` naming the box to highlight (``day``, ``month``,
    ``year``, or empty for the whole date).
    """
    d, m, y = _clean_part(day), _clean_part(month), _clean_part(year)
    if not (d or m or y):
        raise Invalid("date_required")
    if not d:
        raise Invalid("missing_day", part="day")
    if not m:
        raise Invalid("missing_month", part="month")
    if not y:
        raise Invalid("missing_year", part="year")
    month_number = parse_month(m)
    if not d.isdigit() or month_number is None:
        raise Invalid("not_real", part="day" if not d.isdigit() else "month")
    if not y.isdigit() or len(y) != 4:
        raise Invalid("year_digits", part="year")
    try:
        value = dt.date(int(y), month_number, int(d))
    except ValueError:
        raise Invalid("not_real") from None
    if date_range != "any":
        today = today or dt.date.today()
        if date_range == "past" and value > today:
            raise Invalid("must_be_past")
        if date_range == "future" and value < today:
            raise Invalid("must_be_future")
    return value


# --- email ------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


def normalise_email(text: str) -> str:
    """Trimmed, domain in lower case; raises ``Invalid('email_format')``."""
    cleaned = (text or "").strip().strip(".,;")
    if not cleaned:
        raise Invalid("email_required")
    if len(cleaned) > 254 or ".." in cleaned or not _EMAIL.match(cleaned):
        raise Invalid("email_format")
    local, _, domain = cleaned.rpartition("@")
    if local.startswith(".") or local.endswith(".") or len(local) > 64:
        raise Invalid("email_format")
    return f"{local}@{domain.lower()}"


# --- phone ------------------------------------------------------------------------------


def normalise_phone(text: str) -> str:
    """A UK number in national form without spaces, like ``07700900982``.

    Accepts spaces, hyphens, dots, brackets, ``+44`` or ``0044``, and ``+44 (0)``.
    """
    cleaned = re.sub(r"[\s\-().]", "", text or "")
    if not cleaned:
        raise Invalid("phone_required")
    for prefix in ("+44", "0044"):
        if cleaned.startswith(prefix):
            cleaned = "0" + cleaned[len(prefix):]
            if cleaned.startswith("00"):  # "+44 (0) 7700..." became "007700..."
                cleaned = cleaned[1:]
            break
    if not cleaned.isdigit() or not cleaned.startswith("0") or cleaned[1:2] == "0":
        raise Invalid("phone_format")
    if len(cleaned) not in (10, 11):
        raise Invalid("phone_format")
    if len(cleaned) == 10 and not cleaned.startswith("01"):
        raise Invalid("phone_format")
    return cleaned


def format_phone(number: str) -> str:
    """Group a national number for reading back: ``07700 900982``, ``020 7946 0018``."""
    if len(number) == 11 and number.startswith("02"):
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if len(number) == 11 and number[1] in "389":
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    return f"{number[:5]} {number[5:]}"


# --- numbers and text -------------------------------------------------------------------


NUMBER_MAX_DIGITS = 15  # a float holds 15 significant digits exactly
NUMBER_MAX = 10**NUMBER_MAX_DIGITS - 1


def parse_number(
    text: Any,
    *,
    whole: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
) -> int | float:
    """A number from text; accepts spaces and thousands commas. Whole numbers come back as int.

    More than ``NUMBER_MAX_DIGITS`` digits is too big to be a real answer (and would
    lose its exactness, or become infinity): ``too_big``."""
    if isinstance(text, bool):
        raise Invalid("not_a_number")
    too_big = Invalid("too_big", params={"max": maximum if maximum is not None else NUMBER_MAX})
    if isinstance(text, float) and math.isnan(text):
        raise Invalid("not_a_number")
    if isinstance(text, (int, float)) and abs(text) > NUMBER_MAX:
        raise too_big
    if isinstance(text, float):
        raw = repr(text) if "e" not in repr(text) else f"{text:.20f}".rstrip("0")
    elif isinstance(text, int):
        raw = str(text)
    else:
        raw = re.sub(r"[\s,£]", "", str(text or ""))
    if not raw:
        raise Invalid("required")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", raw):
        raise Invalid("not_a_number")
    if len(raw.lstrip("+-").split(".")[0].lstrip("0")) > NUMBER_MAX_DIGITS:
        raise too_big
    value = float(raw)
    if whole and not value.is_integer():
        raise Invalid("not_whole")
    if minimum is not None and value < minimum:
        raise Invalid("too_small", params={"min": minimum})
    if maximum is not None and value > maximum:
        raise Invalid("too_big", params={"max": maximum})
    if value.is_integer() and "." not in raw:
        return int(raw)
    return int(value) if whole else value


def clean_text(text: Any, *, multiline: bool = False, max_length: int | None = None) -> str:
    """Trimmed text (line breaks kept only in long text), without unsafe characters
    (``remove_unsafe_characters``); raises ``Invalid`` if empty or too long."""
    value = remove_unsafe_characters(str(text if text is not None else ""))
    if not multiline:
        value = " ".join(value.split())
    value = value.strip()
    if not value:
        raise Invalid("required")
    if max_length is not None and len(value) > max_length:
        raise Invalid("too_long", params={"max": max_length})
    return value

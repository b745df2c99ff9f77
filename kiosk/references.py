"""Resident-facing references and learner codes: short, unambiguous, with a check character.

The alphabet leaves out characters people confuse when reading or typing them back
(0 and O, 1 and I and L; S is left out for 5, U for V). Its size is prime (29), and the check character is a
position-weighted sum modulo 29, so any single mistyped character and any swap of
two neighbouring characters is caught.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

ALPHABET = "23456789ABCDEFGHJKMNPQRTVWXYZ"  # 29 symbols, a prime
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_MODULUS = len(ALPHABET)
BODY_LENGTH = 8
GROUP = 3


class ReferenceError(ValueError):
    """A typed-in reference cannot be right; the message is for the resident."""


def _check_char(body: str) -> str:
    total = sum((i + 1) * _VALUE[c] for i, c in enumerate(body))
    return ALPHABET[total % _MODULUS]


def new_reference(length: int = BODY_LENGTH) -> str:
    """A fresh random reference in canonical form (no separators), check character last."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return body + _check_char(body)


def format_reference(ref: str) -> str:
    """Group a canonical reference for display: ``KQ7-R4M-XT9``."""
    return "-".join(ref[i : i + GROUP] for i in range(0, len(ref), GROUP))


def spoken_characters(ref: str) -> list[str]:
    """The reference one character at a time, for reading aloud."""
    return list(normalise(ref))


def normalise(text: str) -> str:
    """Upper-case and drop spaces, hyphens and dots that people type between groups."""
    return "".join(ch for ch in text.upper() if ch not in " -.\t_")


@dataclass(frozen=True)
class ParsedReference:
    canonical: str

    def __str__(self) -> str:
        return format_reference(self.canonical)


def parse_reference(text: str, length: int = BODY_LENGTH) -> ParsedReference:
    """Check a typed reference; raises ``ReferenceError`` with a GOV.UK-style message."""
    ref = normalise(text)
    if not ref:
        raise ReferenceError("Enter your reference")
    bad = sorted({c for c in ref if c not in _VALUE})
    if bad:
        shown = " ".join(bad)
        raise ReferenceError(
            f"Reference must only include the letters and numbers on your receipt (not {shown})"
        )
    if len(ref) != length + 1:
        raise ReferenceError(f"Reference must be {length + 1} characters, like {format_reference('KQ7R4MXT9')}")
    if _check_char(ref[:-1]) != ref[-1]:
        raise ReferenceError("Check your reference: one of the characters is not right")
    return ParsedReference(ref)


def is_valid(text: str, length: int = BODY_LENGTH) -> bool:
    try:
        parse_reference(text, length)
    except ReferenceError:
        return False
    return True

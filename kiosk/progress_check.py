"""The "Check progress" page's rule: is what the resident typed a reference we can look up?

``read_reference(text, language)`` checks the typed words with
``kiosk.references.parse_reference`` and says what is wrong in the resident's language
(``MESSAGES``, from kiosk/locale; its English is the words ``parse_reference`` gives). The lookup itself is ``sync.progress.check_progress``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.i18n import LocalText, localise, words_for
from kiosk.references import (
    ALPHABET,
    BODY_LENGTH,
    ReferenceError,
    format_reference,
    normalise,
    parse_reference,
)

EMPTY = "empty"
CHARACTERS = "characters"
LENGTH = "length"
CHECK_CHARACTER = "check_character"

EXAMPLE = format_reference("KQ7R4MXT9")

# What is wrong, per problem: the ``reference_check`` section of kiosk/locale. The English
# words are parse_reference's own (a test keeps them the same).
MESSAGES: Mapping[str, LocalText] = words_for("reference_check").messages


@dataclass(frozen=True)
class ReferenceCheck:
    """The outcome: ``reference`` in canonical form, or ``error`` to show beside the field."""

    reference: str | None
    error: str = ""
    problem: str = ""  # EMPTY, CHARACTERS, LENGTH or CHECK_CHARACTER when there is an error

    @property
    def ok(self) -> bool:
        return self.reference is not None


def read_reference(text: str, language: str = "en") -> ReferenceCheck:
    """Check a typed reference; the error (if any) is in ``language``, else English."""
    try:
        return ReferenceCheck(parse_reference(text).canonical)
    except ReferenceError:
        pass  # which problem it is, and its words, are worked out below
    ref = normalise(text)
    bad = sorted({c for c in ref if c not in ALPHABET})
    if not ref:
        problem = EMPTY
    elif bad:
        problem = CHARACTERS
    elif len(ref) != BODY_LENGTH + 1:
        problem = LENGTH
    else:
        problem = CHECK_CHARACTER
    words = localise(MESSAGES[problem], language).format(
        shown=" ".join(bad), length=BODY_LENGTH + 1, example=EXAMPLE)
    return ReferenceCheck(None, words, problem)

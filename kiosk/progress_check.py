"""The "Check progress" page's rule: is what the resident typed a reference we can look up?

``read_reference(text, language)`` checks the typed words with
``kiosk.references.parse_reference`` and says what is wrong in the resident's language
(the English words are the ones ``parse_reference`` gives; other languages come from
``MESSAGES``). The lookup itself is ``sync.progress.check_progress``.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.i18n import localise
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

# Words for every problem except English, which is parse_reference's own message.
MESSAGES: dict[str, dict[str, str]] = {
    EMPTY: {"cy": "Rhowch eich cyfeirnod", "ur": "اپنا حوالہ نمبر درج کریں"},
    CHARACTERS: {
        "cy": "Rhaid i’r cyfeirnod gynnwys dim ond y llythrennau a’r rhifau ar eich "
              "derbynneb (nid {shown})",
        "ur": "حوالہ نمبر میں صرف وہی حروف اور نمبر ہونے چاہئیں جو آپ کی رسید پر ہیں "
              "(\u2066{shown}\u2069 نہیں)",  # isolated: "0 1" stays left to right
    },
    LENGTH: {
        "cy": "Rhaid i’r cyfeirnod fod yn {length} nod, fel {example}",
        "ur": "حوالہ نمبر میں {length} حروف ہونے چاہئیں، جیسے {example}",
    },
    CHECK_CHARACTER: {
        "cy": "Gwiriwch eich cyfeirnod: nid yw un o’r nodau’n gywir",
        "ur": "اپنا حوالہ نمبر چیک کریں: اس میں ایک حرف یا نمبر درست نہیں ہے",
    },
}


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
    except ReferenceError as exc:
        english = str(exc)
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
    words = localise({"en": english, **MESSAGES[problem]}, language)
    if language != "en" and words != english:
        words = words.format(shown=" ".join(bad), length=BODY_LENGTH + 1, example=EXAMPLE)
    return ReferenceCheck(None, words, problem)

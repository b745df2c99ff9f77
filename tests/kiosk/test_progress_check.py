"""The "Check progress" page's reference rule, in English, Welsh and Urdu."""

from __future__ import annotations

import pytest

from kiosk.progress_check import CHARACTERS, CHECK_CHARACTER, EMPTY, LENGTH, read_reference
from kiosk.references import ALPHABET, format_reference, new_reference


def test_a_good_reference_in_any_case_and_with_hyphens() -> None:
    ref = new_reference()
    assert read_reference(format_reference(ref).lower()).reference == ref


@pytest.mark.parametrize(("typed", "problem", "english", "welsh", "urdu"), [
    ("", EMPTY, "Enter your reference", "Rhowch eich cyfeirnod", "اپنا حوالہ نمبر درج کریں"),
    # The wrong characters stay left to right inside the Urdu sentence.
    ("AB0-123", CHARACTERS, "(not 0 1)", "(nid 0 1)", "(\u20660 1\u2069 نہیں)"),
    ("KQ7", LENGTH, "must be 9 characters", "fod yn 9 nod", "9 حروف ہونے چاہئیں، جیسے KQ7-R4M-XT9"),
])
def test_each_problem_is_said_in_english_welsh_and_urdu(typed: str, problem: str, english: str,
                                                        welsh: str, urdu: str) -> None:
    en, cy, ur = (read_reference(typed, language) for language in ("en", "cy", "ur"))
    assert en.reference is None and en.problem == cy.problem == ur.problem == problem
    assert english in en.error and welsh in cy.error and urdu in ur.error


def test_one_wrong_character_is_caught() -> None:
    ref = new_reference()
    wrong = ref[:3] + next(c for c in ALPHABET if c != ref[3]) + ref[4:]
    result = read_reference(wrong, "cy")
    assert (result.reference, result.problem) == (None, CHECK_CHARACTER)
    assert result.error == "Gwiriwch eich cyfeirnod: nid yw un o’r nodau’n gywir"
    assert read_reference(wrong, "ur").error == (
        "اپنا حوالہ نمبر چیک کریں: اس میں ایک حرف یا نمبر درست نہیں ہے")
    # A language with no words of its own (German) falls back to English.
    assert read_reference(wrong, "de").error == read_reference(wrong, "en").error

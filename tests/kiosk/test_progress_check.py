"""The "Check progress" page's reference rule, in English and Welsh."""

from __future__ import annotations

import pytest

from kiosk.progress_check import CHARACTERS, CHECK_CHARACTER, EMPTY, LENGTH, read_reference
from kiosk.references import ALPHABET, format_reference, new_reference


def test_a_good_reference_in_any_case_and_with_hyphens() -> None:
    ref = new_reference()
    assert read_reference(format_reference(ref).lower()).reference == ref


@pytest.mark.parametrize(("typed", "problem", "english", "welsh"), [
    ("", EMPTY, "Enter your reference", "Rhowch eich cyfeirnod"),
    ("AB0-123", CHARACTERS, "(not 0 1)", "(nid 0 1)"),
    ("KQ7", LENGTH, "must be 9 characters", "fod yn 9 nod"),
])
def test_each_problem_is_said_in_english_and_welsh(typed: str, problem: str, english: str,
                                                   welsh: str) -> None:
    en, cy = read_reference(typed, "en"), read_reference(typed, "cy")
    assert en.reference is None and en.problem == cy.problem == problem
    assert english in en.error and welsh in cy.error


def test_one_wrong_character_is_caught() -> None:
    ref = new_reference()
    wrong = ref[:3] + next(c for c in ALPHABET if c != ref[3]) + ref[4:]
    result = read_reference(wrong, "cy")
    assert (result.reference, result.problem) == (None, CHECK_CHARACTER)
    assert result.error == "Gwiriwch eich cyfeirnod: nid yw un o’r nodau’n gywir"
    assert read_reference(wrong, "ur").error == read_reference(wrong, "en").error  # English fallback

"""References: unambiguous alphabet, check character, and typed-back validation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.references import (
    ALPHABET,
    ReferenceError,
    format_reference,
    is_valid,
    new_reference,
    parse_reference,
    spoken_characters,
)

references = st.builds(lambda _: new_reference(), st.integers())


def test_alphabet_has_no_look_alikes() -> None:
    for confusable in "0O1ILSU":
        assert confusable not in ALPHABET
    assert len(set(ALPHABET)) == len(ALPHABET) == 29


def test_new_references_are_short_and_valid() -> None:
    seen = {new_reference() for _ in range(2000)}
    assert len(seen) == 2000
    for ref in seen:
        assert len(ref) == 9 and is_valid(ref)


def test_typed_back_with_spaces_hyphens_and_lower_case() -> None:
    ref = new_reference()
    typed = " " + format_reference(ref).lower().replace("-", " - ") + " "
    assert parse_reference(typed).canonical == ref
    assert str(parse_reference(typed)) == format_reference(ref)


@given(references, st.integers(min_value=0, max_value=8), st.sampled_from(ALPHABET))
def test_any_single_mistyped_character_is_caught(ref: str, position: int, replacement: str) -> None:
    if ref[position] == replacement:
        return
    typo = ref[:position] + replacement + ref[position + 1 :]
    assert not is_valid(typo)


@given(references, st.integers(min_value=0, max_value=7))
def test_any_swap_of_neighbours_is_caught(ref: str, position: int) -> None:
    if ref[position] == ref[position + 1]:
        return
    swapped = ref[:position] + ref[position + 1] + ref[position] + ref[position + 2 :]
    assert not is_valid(swapped)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your reference"),
        ("ABC-DEF-GH0", "only include the letters and numbers on your receipt (not 0)"),
        ("ABC", "Reference must be 9 characters"),
    ],
)
def test_messages_are_plain(typed: str, message: str) -> None:
    with pytest.raises(ReferenceError) as info:
        parse_reference(typed)
    assert message in str(info.value)


def test_wrong_check_character_says_so() -> None:
    ref = new_reference()
    wrong = ref[:-1] + next(c for c in ALPHABET if c != ref[-1])
    with pytest.raises(ReferenceError, match="one of the characters is not right"):
        parse_reference(wrong)


def test_spoken_one_character_at_a_time() -> None:
    ref = new_reference()
    assert spoken_characters(format_reference(ref)) == list(ref)

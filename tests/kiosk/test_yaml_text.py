"""The kiosk's YAML read straight from the file: safe loading, and syntax errors that say
where they are (for the council's journey files and lessons)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.journeys.schema import JourneyFileError, parse_journey_text
from kiosk.tutorials.loader import LessonError, load_tutorials
from kiosk.yaml_text import YamlSyntaxError, parse_yaml


def test_yaml_is_parsed_as_yaml() -> None:
    assert parse_yaml("when: 2026-11-29\n1: one\nok: [1, 2.5, true, null]\n") == {
        "when": dt.date(2026, 11, 29), 1: "one", "ok": [1, 2.5, True, None]}


def test_a_syntax_error_names_its_line() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("a: b\nc: [unclosed\n")
    assert caught.value.place.startswith("line 3") and caught.value.problem
    with pytest.raises(JourneyFileError) as journey:
        parse_journey_text("id: x\ntitle: [unclosed\n", "council/broken.yaml")
    assert "line 3" in journey.value.place and "not valid YAML" in journey.value.problem


def test_no_object_of_ours_is_made_from_yaml_tags() -> None:
    with pytest.raises(YamlSyntaxError):
        parse_yaml("!!python/object/apply:os.system ['true']\n")


def test_a_broken_lesson_file_says_which_and_where(tmp_path: Path) -> None:
    (tmp_path / "01-broken.yaml").write_text("id: broken\ntitle: {en: [unclosed\n", "utf-8")
    with pytest.raises(LessonError, match=r"01-broken.yaml: not valid YAML \(line 3"):
        load_tutorials(tmp_path)

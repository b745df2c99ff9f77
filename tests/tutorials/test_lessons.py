"""The lesson files: every lesson loads, is tagged with an EDS area, and is fully in Welsh and
Urdu (the Urdu's own rules: test_urdu.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.tutorials.loader import (
    LessonError,
    data_dir,
    load_tutorials,
    missing_translations,
    texts,
)
from kiosk.tutorials.model import EDS_AREAS, TASK_KINDS

REQUIRED_TOPICS = {
    "touchscreen", "keyboard", "email-address", "passwords", "scams", "online-form",
    "council-online", "video-calls", "wifi-and-data",
}


def test_every_lesson_loads_with_an_eds_area() -> None:
    catalogue = load_tutorials()
    assert REQUIRED_TOPICS <= set(catalogue.ids())
    for lesson in catalogue.lessons:
        assert lesson.area in EDS_AREAS
        assert lesson.steps and lesson.summary


def test_no_translation_is_missing_in_english_welsh_or_urdu() -> None:
    catalogue = load_tutorials()
    assert missing_translations(catalogue, "cy") == []
    assert missing_translations(catalogue, "en") == []
    assert missing_translations(catalogue, "ur") == []
    assert sum(1 for _ in texts(catalogue)) > 300


def test_welsh_is_not_a_copy_of_the_english() -> None:
    copies = [path for path, text in texts(load_tutorials())
              if text["cy"] == text["en"] and "@" not in text["en"] and "." not in text["en"][:-1]]
    # Proper names and network names may be the same in both languages.
    assert len(copies) <= 4, copies


def test_every_practice_kind_is_used() -> None:
    used = {s.task.kind for lesson in load_tutorials().lessons for s in lesson.steps if s.task}
    assert used == set(TASK_KINDS)


def test_the_touchscreen_lesson_teaches_every_gesture_in_order() -> None:
    lesson = load_tutorials().lesson("touchscreen")
    kinds = [s.task.kind for s in lesson.steps if s.task]
    assert kinds == ["tap", "hold", "drag", "scroll", "swipe"]  # drag before scroll and swipe


@pytest.fixture
def lesson_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "lessons"
    shutil.copytree(data_dir(), folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_an_unknown_key_is_named_with_its_file(lesson_copy: Path) -> None:
    _edit(lesson_copy / "03-email-address.yaml", "area: communicating", "area: communicating\ncolour: red")
    with pytest.raises(LessonError, match="03-email-address.yaml: unknown key 'colour'"):
        load_tutorials(lesson_copy)


def test_an_unknown_area_is_refused(lesson_copy: Path) -> None:
    _edit(lesson_copy / "03-email-address.yaml", "area: communicating", "area: fun")
    with pytest.raises(LessonError, match="area must be one of"):
        load_tutorials(lesson_copy)


def test_a_quiz_needs_exactly_one_right_answer(lesson_copy: Path) -> None:
    _edit(lesson_copy / "08-video-calls.yaml", "correct: true", "correct: false")
    with pytest.raises(LessonError, match="exactly one choice must be correct"):
        load_tutorials(lesson_copy)


def test_text_without_english_is_refused(lesson_copy: Path) -> None:
    _edit(lesson_copy / "02-keyboard.yaml", 'title: {en: "Typing on the on-screen keyboard", ',
          "title: {")
    with pytest.raises(LessonError, match="02-keyboard.yaml: title: has no English"):
        load_tutorials(lesson_copy)


def test_a_scroll_target_must_need_scrolling(lesson_copy: Path) -> None:
    _edit(lesson_copy / "01-touchscreen.yaml", "answer: library", "answer: tax")
    with pytest.raises(LessonError, match="needs scrolling"):
        load_tutorials(lesson_copy)


def test_a_missing_welsh_or_urdu_text_is_counted(lesson_copy: Path) -> None:
    _edit(lesson_copy / "02-keyboard.yaml", ', cy: "Teipio ar y bysellfwrdd ar y sgrin"', "")
    _edit(lesson_copy / "02-keyboard.yaml", ', ur: "پتے کی یہ لائن ٹائپ کریں۔"', "")
    catalogue = load_tutorials(lesson_copy)
    assert missing_translations(catalogue, "cy") == ["keyboard.title"]
    assert missing_translations(catalogue, "ur") == ["keyboard.numbers.task.prompt"]

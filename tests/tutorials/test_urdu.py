"""Urdu (right to left) for the digital-skills lessons: every text in Urdu script, in the house
style, with placeholders, numbers, addresses and codes kept; what the learner types still
typeable on the kiosk's Latin keyboard; a typing practice done in Urdu on that keyboard."""

from __future__ import annotations

import re
import string
import unicodedata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.i18n import load_catalogue
from kiosk.journeys.messages import MONTH_DISPLAY, lint_message
from kiosk.tutorials.checks import password_problems
from kiosk.tutorials.loader import missing_translations, texts
from kiosk.tutorials.model import TutorialCatalogue
from kiosk.tutorials.progress import Progress, completed_lessons, format_day
from tests.tutorials.conftest import find_button
from ui.keyboard import ACCENT_ROWS, LETTER_ROWS, SYMBOL_ROWS, OnScreenKeyboard
from ui.tutorials.practice import TypingPractice

# The offscreen platform warns when a top-level window is shown; nothing of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

UR = "ur"
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
LRI, PDI = "\u2066", "\u2069"
# What the learner types and a check compares with (kiosk.tutorials.checks.check_typed).
TYPED = (".expected", ".start")
# Shown as they would be on a real screen, in every language: example addresses to tell
# apart, and the names of Wi-Fi networks.
SHOWN_AS_ON_SCREEN = {
    "email-address.spot.task.questions[0].choices[0].text",
    "email-address.spot.task.questions[0].choices[1].text",
    "email-address.spot.task.questions[0].choices[2].text",
    "email-address.spot.task.questions[1].choices[0].text",
    "email-address.spot.task.questions[1].choices[1].text",
    "council-online.real-site.task.questions[0].choices[1].text",
    "wifi-and-data.free.task.questions[0].choices[0].text",
    "wifi-and-data.free.task.questions[0].choices[1].text",
}
# Left-to-right tokens that must reach the Urdu unchanged.
EMAIL = re.compile(r"[\w.]+@[\w.]+\.\w+")
WEB = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|uk)\b")
CODE = re.compile(r"\b[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]\b")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b")
# Tokens that start with a neutral sign: in a right-to-left line ".gov.uk" shows as
# "gov.uk.", "£1.45" as "1.45£" and "?123" as "123?" unless they are isolated.
NEUTRAL_EDGED = re.compile(r"(?<![\w])\.gov\.uk|£[\d.]*\d|\?123")
# Every character the kiosk's on-screen keyboard can type (letters with shift, numbers,
# symbols, accents, space).
TYPEABLE = set("".join(LETTER_ROWS + SYMBOL_ROWS + ACCENT_ROWS)) | set(
    "".join(LETTER_ROWS + ACCENT_ROWS).upper()) | {" "}


def _fields(template: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name is not None)


def _filled(text: str) -> str:
    return re.sub(r"\{\w+\}", "1", text)


def _first_strong(text: str) -> str:
    return next((unicodedata.bidirectional(c) for c in text
                 if unicodedata.bidirectional(c) in {"L", "R", "AL"}), "")


def test_no_lesson_text_is_missing_in_urdu(catalogue: TutorialCatalogue) -> None:
    assert missing_translations(catalogue, UR) == []


def test_what_the_learner_types_stays_typeable_on_the_kiosk_keyboard(
        catalogue: TutorialCatalogue) -> None:
    typed = [(path, words) for path, words in texts(catalogue) if path.endswith(TYPED)]
    assert len(typed) == 7
    for path, words in typed:
        assert words[UR] == words["en"], path  # the English example: the keyboard is Latin
        for language, text in words.items():
            assert set(text) <= TYPEABLE, (path, language, set(text) - TYPEABLE)


def test_every_other_urdu_text_is_in_urdu_script_and_reads_right_to_left(
        catalogue: TutorialCatalogue) -> None:
    not_urdu = sorted(path for path, words in texts(catalogue)
                      if not ARABIC_SCRIPT.search(words[UR]))
    kept = sorted(SHOWN_AS_ON_SCREEN | {p for p, _ in texts(catalogue) if p.endswith(TYPED)})
    assert not_urdu == kept
    for path in SHOWN_AS_ON_SCREEN:
        words = dict(texts(catalogue))[path]
        assert words[UR] == words["en"], path
    # A label whose first letter is Latin would be laid out left to right.
    starts_latin = [path for path, words in texts(catalogue)
                    if path not in kept and _first_strong(_filled(words[UR])) == "L"]
    assert starts_latin == []


def test_urdu_keeps_placeholders_and_follows_the_house_style(
        catalogue: TutorialCatalogue) -> None:
    problems = []
    for path, words in texts(catalogue):
        en, ur = words["en"], words[UR]
        if _fields(ur) != _fields(en):
            problems.append(f"{path}: placeholders {_fields(ur)}, not {_fields(en)}")
        problems += [f"{path}: {p}" for p in lint_message(_filled(ur), UR)]
        if not ARABIC_SCRIPT.search(ur):
            continue
        # A sentence ends with the Urdu full stop and a question with the Urdu question mark.
        if ur.rstrip().endswith((".", "?")):
            problems.append(f"{path}: ends with {ur.rstrip()[-1]!r}, not '۔' or '؟'")
        if en.endswith(".") != ur.endswith("۔") or en.endswith("?") != ur.endswith("؟"):
            problems.append(f"{path}: ends {ur[-1]!r} where the English ends {en[-1]!r}")
        if ur.count(LRI) != ur.count(PDI) or re.search(f"{LRI}[^{PDI}]*{LRI}", ur):
            problems.append(f"{path}: an isolate is not closed")
    assert problems == []


def test_welsh_keeps_placeholders_and_follows_the_house_style(
        catalogue: TutorialCatalogue) -> None:
    problems = []
    for path, words in texts(catalogue):
        if _fields(words["cy"]) != _fields(words["en"]):
            problems.append(f"{path}: placeholders {_fields(words['cy'])}")
        problems += [f"{path}: {p}" for p in lint_message(_filled(words["cy"]), "cy")]
    assert problems == []


def test_the_lint_sees_urdu_mistakes() -> None:
    assert lint_message("براہ کرم دائرے کو ٹیپ کریں!", UR) == [
        "uses ‘براہ کرم’", "has an exclamation mark"]
    assert lint_message("معذرت، یہ غلط ہے", UR) == ["uses ‘معذرت’", "uses ‘غلط’"]
    assert lint_message("یہ غلطی مٹائیں کا بٹن مٹا دیتا ہے۔", UR) == []  # "mistake" is fine


def test_numbers_addresses_and_codes_reach_the_urdu(catalogue: TutorialCatalogue) -> None:
    for path, words in texts(catalogue):
        en, ur = words["en"], words[UR]
        plain = ur.replace(LRI, "").replace(PDI, "")
        for pattern in (EMAIL, WEB, CODE, POSTCODE):
            for token in pattern.findall(en):
                assert token in plain, f"{path}: {token!r} is not in {ur!r}"
        assert sorted(re.findall(r"\d+", en)) == sorted(re.findall(r"\d+", plain)), path
        for token in NEUTRAL_EDGED.findall(en):
            assert f"{LRI}{token}{PDI}" in ur, f"{path}: {token!r} is not isolated"


def test_the_password_example_is_strong_and_typeable_in_every_language(
        catalogue: TutorialCatalogue) -> None:
    step = next(s for s in catalogue.lesson("passwords").steps if s.id == "three-words")
    examples = {}
    for language, text in step.text.items():
        found = re.search(r'"([^"]+)"', text)
        assert found is not None, language
        examples[language] = found.group(1)
    assert examples == {"en": "kettle moon garden", "cy": "tegell lleuad gardd",
                        "ur": "chai chand bagh"}  # Urdu words, in the keyboard's letters
    for language, example in examples.items():
        assert password_problems(example) == [], language
        assert set(example) <= TYPEABLE, language


def test_urdu_names_the_keys_as_the_urdu_keyboard_shows_them(
        catalogue: TutorialCatalogue) -> None:
    interface = load_catalogue()
    shift, delete = interface.text("key_shift", UR), interface.text("key_delete", UR)
    keyboard = catalogue.lesson("keyboard")
    steps = {s.id: s.text[UR] for s in keyboard.steps}
    for words in (catalogue.text("type.capitals", UR), steps["capitals"],
                  keyboard.summary[1][UR]):
        assert shift in words, words
    for words in (catalogue.text("type.extra", UR, count="2"),
                  catalogue.text("type.different", UR, position="3"), steps["fix"],
                  keyboard.summary[2][UR]):
        assert delete in words, words


def test_certificate_dates_and_rows_in_urdu(catalogue: TutorialCatalogue) -> None:
    assert [format_day(f"2026-{month:02d}-04", UR) for month in range(1, 13)] == [
        f"4 {name} 2026" for name in MONTH_DISPLAY[UR]]  # the journeys' month names
    progress = Progress("ABCDEFG", completed={"touchscreen": "2026-03-04"})
    assert completed_lessons(catalogue, progress, UR) == [
        ("ٹچ اسکرین استعمال کرنا", "بنیادی مہارتیں", "4 مارچ 2026")]


def test_typing_a_capital_in_urdu_on_the_kiosk_keyboard(
        qtbot: QtBot, catalogue: TutorialCatalogue) -> None:
    step = next(s for s in catalogue.lesson("keyboard").steps if s.id == "capitals")
    assert step.task is not None
    practice = TypingPractice(step.task, catalogue, UR)
    qtbot.addWidget(practice)
    practice.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    practice.resize(1000, 600)
    practice.show()
    qtbot.waitExposed(practice)
    attempts: list[tuple[str, str]] = []
    practice.attempted.connect(lambda outcome, words: attempts.append((outcome, words)))
    assert practice.expected == "Cardiff"
    interface = load_catalogue()
    keyboard = OnScreenKeyboard()
    qtbot.addWidget(keyboard)
    keyboard.set_labels({key: interface.text(f"key_{key}", UR)
                         for key in ("shift", "caps", "delete", "space")})
    keyboard.show()
    field = practice.findChild(QLineEdit)
    keyboard.attach(field)

    def tap(name: str) -> None:
        qtbot.mouseClick(find_button(keyboard, name), Qt.MouseButton.LeftButton)

    for ch in "cardiff":
        tap(ch)
    qtbot.mouseClick(find_button(practice, "میری ٹائپنگ چیک کریں"), Qt.MouseButton.LeftButton)
    assert attempts[-1] == (
        "retry", "تقریباً۔ بڑے حروف چیک کریں: بڑے حرف کے لیے شفٹ کا بٹن استعمال کریں۔")
    for _ in range(7):
        tap("مٹائیں")  # the delete key, as the Urdu words call it
    assert field.text() == ""
    tap("شفٹ")
    tap("C")
    for ch in "ardif":
        tap(ch)
    with qtbot.waitSignal(practice.succeeded, timeout=1000):
        tap("f")
    assert field.text() == "Cardiff"
    assert attempts[-1] == ("success", "شاباش۔ یہ بالکل مثال جیسا ہے۔")

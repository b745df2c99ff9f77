"""Urdu and Arabic: a shaping font is installed and Qt joins the letters; RTL helpers."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QApplication

from accessibility.fonts import (
    LRI,
    PDI,
    font_family_for,
    font_problems,
    is_rtl,
    isolate_ltr,
    layout_direction,
    shapes_joined_text,
)

URDU_WORD = "پاکستان"


def test_fontconfig_has_an_urdu_and_an_arabic_font():
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig tools are not installed")
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                              check=True).stdout
    assert "Noto Nastaliq Urdu" in families
    assert "Noto Naskh Arabic" in families


def test_each_language_gets_a_font_that_can_show_it(qapp):
    assert font_family_for("ur") == "Noto Nastaliq Urdu"
    assert font_family_for("ar") == "Noto Naskh Arabic"
    assert font_family_for("en") == QApplication.font().family()
    assert font_family_for("cy") == QApplication.font().family()
    assert font_problems(["en", "cy", "ur", "ar", "pl"]) == []


def test_qt_joins_urdu_letters(qapp):
    family = font_family_for("ur")
    assert shapes_joined_text(family, URDU_WORD)
    assert shapes_joined_text(font_family_for("ar"), "سلام")
    assert not shapes_joined_text("DejaVu Sans", "hello")  # Latin letters stand alone
    font = QFont(family)
    font.setPixelSize(32)
    metrics = QFontMetricsF(font)
    joined = metrics.horizontalAdvance(URDU_WORD)
    isolated = sum(metrics.horizontalAdvance(letter) for letter in URDU_WORD)
    assert 0 < joined < isolated


def test_a_missing_font_is_reported_for_staff(qapp):
    problems = font_problems(["ur", "en"], preferences={"ur": ("No Such Font Family",)})
    assert [p.language for p in problems] == ["ur"]
    assert "fonts-noto-core" in problems[0].problem


def test_direction_follows_the_language():
    assert is_rtl("ur") and is_rtl("ar-SA") and not is_rtl("cy") and not is_rtl("en")
    assert layout_direction("ur") == Qt.LayoutDirection.RightToLeft
    assert layout_direction("pl") == Qt.LayoutDirection.LeftToRight
    assert isolate_ltr("KQ7-4M") == f"{LRI}KQ7-4M{PDI}"
    assert isolate_ltr("") == ""

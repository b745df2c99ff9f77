"""Fonts and direction per language: a shaping font for Urdu and Arabic, right-to-left layout.

Urdu is written in Nastaliq and Arabic in Naskh; both need a font with the joined
(contextual) letter forms, which Qt's HarfBuzz shaper picks. On Debian the package
``fonts-noto-core`` provides Noto Nastaliq Urdu and Noto Naskh Arabic.
``font_family_for(language)`` picks the installed family, and ``font_problems(languages)``
tells staff at start-up if a configured language has no font that can show it.

A QGuiApplication must exist before these functions are called (Qt's font database).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont, QTextLayout

from accessibility.speech import primary_language

RTL_LANGUAGES = frozenset({"ar", "ur", "fa", "ps", "he", "yi", "ckb", "sd", "ug"})

# Families that shape each script properly, best first.
FONT_PREFERENCES: dict[str, tuple[str, ...]] = {
    "ur": ("Noto Nastaliq Urdu", "Noto Naskh Arabic", "Noto Sans Arabic"),
    "ar": ("Noto Naskh Arabic", "Noto Sans Arabic", "Noto Kufi Arabic"),
    "fa": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "ps": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "he": ("Noto Sans Hebrew", "Noto Serif Hebrew", "Noto Rashi Hebrew"),
}

# A word that needs joining in each script (used to check shaping).
SAMPLE_WORDS: dict[str, str] = {"ur": "پاکستان", "ar": "سلام", "fa": "سلام", "ps": "سلام"}

# Left-to-right isolate ... pop directional isolate (Unicode bidi, UAX #9).
LRI, PDI = "\u2066", "\u2069"


def is_rtl(language: str) -> bool:
    """Whether ``language`` is written right to left."""
    return primary_language(language) in RTL_LANGUAGES


def layout_direction(language: str) -> Qt.LayoutDirection:
    """The layout direction for a screen in ``language`` (mirror the layout for RTL)."""
    return Qt.LayoutDirection.RightToLeft if is_rtl(language) else Qt.LayoutDirection.LeftToRight


def isolate_ltr(token: str) -> str:
    """Keep a left-to-right token (reference, postcode, email) intact inside RTL text."""
    return f"{LRI}{token}{PDI}" if token else token


def installed_families() -> frozenset[str]:
    return frozenset(QFontDatabase.families())


def font_family_for(language: str) -> str:
    """The font family to show ``language`` in: a shaping font for Urdu and Arabic,
    otherwise the application's font. Falls back to the application's font (and Qt's
    own font fallback) when none of the preferred families is installed."""
    installed = installed_families()
    for family in FONT_PREFERENCES.get(primary_language(language), ()):
        if family in installed:
            return family
    return QGuiApplication.font().family()


def shapes_joined_text(family: str, text: str, pixel_size: int = 32) -> bool:
    """Whether Qt shapes ``text`` in ``family`` with contextual forms: the glyphs laid out
    differ from the font's stand-alone glyphs for the same characters."""
    font = QFont(family)
    font.setPixelSize(pixel_size)
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    if not line.isValid():
        return False
    shaped = [int(i) for run in line.glyphRuns() for i in run.glyphIndexes()]
    standalone = [int(i) for i in QRawFont.fromFont(font).glyphIndexesForString(text)]
    return bool(shaped) and 0 not in shaped and shaped != standalone


@dataclass(frozen=True)
class FontProblem:
    """A configured language that cannot be shown properly on this machine."""

    language: str
    problem: str


def font_problems(
    languages: Iterable[str], preferences: Mapping[str, tuple[str, ...]] = FONT_PREFERENCES
) -> list[FontProblem]:
    """For each language that needs a shaping font: is one installed, and does it shape?"""
    problems = []
    installed = installed_families()
    for language in languages:
        lang = primary_language(language)
        wanted = preferences.get(lang)
        if not wanted:
            continue
        found = [family for family in wanted if family in installed]
        if not found:
            problems.append(FontProblem(
                lang, f"no font for {lang} is installed (install one of: {', '.join(wanted)}; "
                "on Debian the package fonts-noto-core)"))
        elif lang in SAMPLE_WORDS and not shapes_joined_text(found[0], SAMPLE_WORDS[lang]):
            problems.append(FontProblem(lang, f"{found[0]} does not join {lang} letters"))
    return problems

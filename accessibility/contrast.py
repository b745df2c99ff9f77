"""Colour contrast as WCAG 2.2 defines it, for colours, palettes and rendered widgets.

``contrast_ratio("#0b0c0c", "#ffffff")`` is the WCAG ratio (1 to 21). The kiosk asks
for at least 4.5:1 for text, 7:1 in the high-contrast theme (DESIGN.md).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

RGB = tuple[int, int, int]

MINIMUM_TEXT = 4.5
MINIMUM_TEXT_HIGH_CONTRAST = 7.0


def parse_color(value: str | RGB | QColor) -> RGB:
    """``"#1d70b8"``, ``"#fff"``, ``(29, 112, 184)`` or a QColor -> (r, g, b) from 0 to 255."""
    if isinstance(value, QColor):
        return (value.red(), value.green(), value.blue())
    if isinstance(value, tuple):
        if len(value) != 3 or not all(0 <= int(c) <= 255 for c in value):
            raise ValueError(f"not an RGB colour: {value!r}")
        return (int(value[0]), int(value[1]), int(value[2]))
    text = value.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"not a #rrggbb colour: {value!r}")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str | RGB | QColor) -> float:
    """WCAG relative luminance: 0 for black, 1 for white."""
    r, g, b = parse_color(color)
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(foreground: str | RGB | QColor, background: str | RGB | QColor) -> float:
    """WCAG contrast ratio (L1 + 0.05) / (L2 + 0.05), from 1 to 21; order does not matter."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def minimum_ratio(high_contrast: bool) -> float:
    return MINIMUM_TEXT_HIGH_CONTRAST if high_contrast else MINIMUM_TEXT


@dataclass(frozen=True)
class MeasuredContrast:
    """Text and background colours of a widget and their ratio."""

    text: str  # "#rrggbb"
    background: str
    ratio: float


def widget_contrast(text: QColor, background: QColor) -> MeasuredContrast:
    """The contrast of a widget's text colour against its background colour."""
    return MeasuredContrast(text.name(), background.name(), contrast_ratio(text, background))


def palette_contrast(widget: QWidget) -> MeasuredContrast:
    """Contrast of ``widget``'s text and background as its palette says, after style sheets.

    Qt's style-sheet style writes ``color`` and ``background`` into the widget's palette
    when the widget is polished, so this sees the theme's colours.
    """
    widget.ensurePolished()
    palette = widget.palette()
    return widget_contrast(palette.color(widget.foregroundRole()), effective_background(widget))


def effective_background(widget: QWidget) -> QColor:
    """The colour behind ``widget``'s text: its palette's background where that is opaque;
    where it is transparent (a style sheet's ``background: transparent`` leaves transparent
    black in the palette), what shows through from the widgets under it, blended by alpha.
    A window with nothing under it is taken to be on white."""
    widget.ensurePolished()
    colour = QColor(widget.palette().color(widget.backgroundRole()))
    if colour.alpha() == 255:
        return colour
    parent = widget.parentWidget()
    under = (effective_background(parent) if parent is not None and not widget.isWindow()
             else QColor("#ffffff"))
    alpha = colour.alphaF()
    return QColor.fromRgbF(
        colour.redF() * alpha + under.redF() * (1 - alpha),
        colour.greenF() * alpha + under.greenF() * (1 - alpha),
        colour.blueF() * alpha + under.blueF() * (1 - alpha),
    )


def rendered_contrast(widget: QWidget) -> MeasuredContrast:
    """Contrast measured on the widget as drawn: the commonest colour is the background,
    the pixel that differs most from it is the text (the core of a glyph's stroke)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    counts: Counter[int] = Counter()
    for y in range(image.height()):
        for x in range(image.width()):
            counts[image.pixel(x, y) & 0xFFFFFF] += 1
    if not counts:
        raise ValueError("the widget has no pixels")
    background = _rgb(counts.most_common(1)[0][0])
    text = max((_rgb(pixel) for pixel in counts), key=lambda c: contrast_ratio(c, background))
    return MeasuredContrast(
        QColor(*text).name(), QColor(*background).name(), contrast_ratio(text, background)
    )


def _rgb(pixel: int) -> RGB:
    return ((pixel >> 16) & 0xFF, (pixel >> 8) & 0xFF, pixel & 0xFF)

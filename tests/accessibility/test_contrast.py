"""WCAG contrast: known pairs, and measurement on a widget as drawn."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from accessibility.contrast import (
    contrast_ratio,
    palette_contrast,
    parse_color,
    relative_luminance,
    rendered_contrast,
    widget_contrast,
)


def test_luminance_ends_and_known_ratios():
    assert relative_luminance("#000") == 0.0
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # #767676 on white is the well-known lightest grey that passes AA (4.54:1).
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") < 4.5
    # GOV.UK green button: white on #00703c.
    assert contrast_ratio("#ffffff", "#00703c") == pytest.approx(6.21, abs=0.01)
    assert contrast_ratio("#1d70b8", "#ffffff") == contrast_ratio("#ffffff", "#1d70b8")


def test_colours_in_every_form_agree():
    assert parse_color("#1D70B8") == parse_color((29, 112, 184)) == parse_color(QColor("#1d70b8"))
    assert parse_color("fff") == (255, 255, 255)
    for bad in ("#12345", "red", (1, 2)):
        with pytest.raises(ValueError):
            parse_color(bad)


def test_two_qcolors_give_the_ratio():
    measured = widget_contrast(QColor("#505a5f"), QColor("#ffffff"))
    assert measured.text == "#505a5f" and measured.background == "#ffffff"
    assert measured.ratio == pytest.approx(7.0, abs=0.1)


def test_rendered_and_palette_contrast_agree_on_large_text(qtbot):
    label = QLabel("Heading")
    label.setStyleSheet("background: #ffffff; color: #1d70b8; font-size: 64px; font-weight: bold;")
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    from_palette = palette_contrast(label)
    drawn = rendered_contrast(label)
    assert from_palette.text == "#1d70b8" and from_palette.background == "#ffffff"
    assert drawn.background == "#ffffff"
    assert drawn.ratio == pytest.approx(from_palette.ratio, rel=0.05)


@pytest.mark.parametrize("page", ["#ffffff", "#ffdd00"])
def test_a_transparent_label_is_measured_against_what_shows_through(qtbot, page):
    """``background: transparent`` leaves transparent black in the palette; read naively,
    near-black text on a white page measured 1.07:1. The audit reported every label of
    the kiosk until the background was taken from the widget underneath."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    window = QWidget()
    window.setStyleSheet(f"QWidget {{ background: {page}; color: #0b0c0c; font-size: 48px; }}"
                         "QLabel { background: transparent; }")
    label = QLabel("Heading", window)
    QVBoxLayout(window).addWidget(label)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    measured = palette_contrast(label)
    assert measured.background == page
    assert measured.ratio == pytest.approx(contrast_ratio("#0b0c0c", page))
    assert measured.ratio > 4.5

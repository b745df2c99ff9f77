"""The audit on small purpose-built widget trees: one fault each, and a clean tree."""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from accessibility.audit import (
    Finding,
    audit_widget_tree,
    read_aloud_findings,
    summary,
    write_report,
)

STYLE = """
QWidget { background: #ffffff; color: #0b0c0c; font-size: 24px; }
QPushButton { background: %s; color: #ffffff; padding: 8px 16px; border: none; }
QLineEdit { border: 2px solid #0b0c0c; }
"""
GREEN, BLACK = "#00703c", "#000000"  # white on green is 6.2:1: enough only in the standard theme


class Tree:
    """A small window in the kiosk's style, built up control by control."""

    def __init__(self, qtbot, high_contrast: bool = False) -> None:
        self.qtbot = qtbot
        self.high_contrast = high_contrast
        self.root = QWidget()
        self.root.setStyleSheet(STYLE % (BLACK if high_contrast else GREEN))
        self.layout = QVBoxLayout(self.root)
        qtbot.addWidget(self.root)

    def add(self, widget: QWidget) -> QWidget:
        self.layout.addWidget(widget)
        return widget

    def button(self, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumSize(72, 72)
        return self.add(button)

    def field(self, label_text: str) -> QLineEdit:
        label = self.add(QLabel(label_text))
        field = QLineEdit()
        field.setMinimumHeight(72)
        label.setBuddy(field)
        return self.add(field)

    def audit(self, **kwargs) -> list[Finding]:
        self.root.resize(700, 800)
        self.root.show()
        self.qtbot.waitExposed(self.root)
        kwargs.setdefault("high_contrast", self.high_contrast)
        return audit_widget_tree(self.root, screen="test screen", **kwargs)


def clean_tree(qtbot, high_contrast: bool = False) -> Tree:
    tree = Tree(qtbot, high_contrast)
    heading = tree.add(QLabel("What is your postcode? We use it to find your address."))
    heading.setWordWrap(True)
    tree.field("Postcode")
    tree.button("Continue")
    return tree


def kinds(findings: list[Finding]) -> list[str]:
    return [f.kind for f in findings]


def test_a_clean_tree_has_no_findings(qtbot):
    for high_contrast in (False, True):
        assert clean_tree(qtbot, high_contrast).audit(read_aloud_text="Hello") == []


def test_the_standard_themes_green_button_is_not_enough_for_high_contrast(qtbot):
    findings = clean_tree(qtbot).audit(high_contrast=True)
    assert kinds(findings) == ["low_contrast"]
    assert findings[0].widget == 'QPushButton "Continue"'
    assert "6.2" in findings[0].detail and "7:1" in findings[0].detail


def test_an_icon_only_button_without_a_name_is_reported(qtbot):
    tree = clean_tree(qtbot)
    pixmap = QPixmap(32, 32)
    pixmap.fill()
    icon_button = tree.button("")
    icon_button.setIcon(QIcon(pixmap))
    findings = tree.audit()
    assert kinds(findings) == ["unnamed"]
    assert findings[0].widget == "QPushButton"
    icon_button.setAccessibleName("Help")
    assert tree.audit() == []


def test_a_field_without_a_label_or_name_is_reported(qtbot):
    tree = clean_tree(qtbot)
    field = tree.add(QLineEdit())
    field.setMinimumHeight(72)
    assert kinds(tree.audit()) == ["unnamed"]


def test_a_focusable_custom_widget_without_a_name_is_reported(qtbot):
    from PySide6.QtCore import Qt

    tree = clean_tree(qtbot)
    custom = tree.add(QWidget())
    custom.setMinimumSize(100, 100)
    custom.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    assert kinds(tree.audit()) == ["unnamed"]
    custom.setAccessibleName("Drawing area")
    assert tree.audit() == []


def test_a_name_that_leaves_out_the_visible_label_is_reported(qtbot):
    tree = clean_tree(qtbot)
    tree.button("Continue").setAccessibleName("Next page")
    findings = tree.audit()
    assert kinds(findings) == ["name_mismatch"]
    assert "Continue" in findings[0].detail


def test_marks_beside_the_words_are_not_part_of_the_label(qtbot):
    """A speech user says "Move up", not "triangle Move up" (WCAG 2.5.3 is about words)."""
    tree = clean_tree(qtbot)
    up = tree.button("▲ Move up")
    up.setAccessibleName("Move up")
    tree.button("Next picture ›").setAccessibleName("Next picture")
    tree.button("Email addresses\nCommunicating").setAccessibleName("Email addresses. Communicating")
    assert tree.audit() == []
    up.setAccessibleName("Up")  # a word left out is still found
    assert kinds(tree.audit()) == ["name_mismatch"]


def test_a_button_of_another_script_is_measured_in_the_font_that_draws_it(qtbot):
    """Urdu's name on an English page is drawn in a fallback font, shorter than the page's
    font's line: a button sized for it is not cut off, one a few pixels short is."""
    tree = clean_tree(qtbot)
    urdu = tree.button("اردو")
    urdu.setStyleSheet("font-size: 68px; padding: 0px;")
    assert tree.audit() == []
    urdu.setFixedHeight(urdu.sizeHint().height() - 8)
    assert kinds(tree.audit()) == ["clipped"]


def test_a_small_target_is_reported(qtbot):
    tree = clean_tree(qtbot)
    small = tree.add(QPushButton("X"))
    small.setFixedSize(60, 60)
    small.setAccessibleName("Close X")
    findings = tree.audit()
    assert kinds(findings) == ["small_target"]
    assert "60 x 60 px" in findings[0].detail


@pytest.mark.parametrize(("colour", "standard", "high"), [
    ("#999999", ["low_contrast"], ["low_contrast"]),  # 2.8:1
    ("#666666", [], ["low_contrast"]),                # 5.7:1: enough only in the standard theme
    ("#000000", [], []),
])
def test_low_contrast_text_is_reported(qtbot, colour, standard, high):
    for high_contrast, expected in ((False, standard), (True, high)):
        tree = clean_tree(qtbot, high_contrast)
        faint = tree.add(QLabel("Optional"))
        faint.setStyleSheet(f"color: {colour};")
        assert kinds(tree.audit()) == expected


def test_a_label_cut_off_by_a_fixed_width_is_reported(qtbot):
    tree = clean_tree(qtbot)
    long = tree.add(QLabel("Rhoi gwybod am fin sydd heb ei gasglu"))
    long.setFixedWidth(120)
    findings = tree.audit()
    assert kinds(findings) == ["clipped"]


def test_wrapped_text_in_a_fixed_height_is_reported(qtbot):
    tree = clean_tree(qtbot)
    wrapped = tree.add(QLabel("Tell us if we did not empty your bin on your collection day. " * 3))
    wrapped.setWordWrap(True)
    wrapped.setFixedHeight(40)
    assert kinds(tree.audit()) == ["clipped"]


def test_a_button_too_narrow_for_its_words_is_reported(qtbot):
    tree = clean_tree(qtbot)
    tree.button("Anfon eich adroddiad").setFixedWidth(140)
    assert kinds(tree.audit()) == ["clipped"]


def test_hidden_and_disabled_controls_are_not_reported(qtbot):
    tree = clean_tree(qtbot)
    hidden = tree.add(QPushButton(""))
    hidden.hide()
    disabled = tree.add(QLineEdit())
    disabled.setMinimumHeight(72)
    disabled.setEnabled(False)
    assert tree.audit() == []


def test_empty_read_aloud_text_is_reported(qtbot):
    assert kinds(read_aloud_findings("  \n", screen="welcome")) == ["empty_read_aloud"]
    assert read_aloud_findings("Welcome", screen="welcome") == []
    assert kinds(clean_tree(qtbot).audit(read_aloud_text="")) == ["empty_read_aloud"]


def test_the_report_lists_findings_by_kind_and_screen(qtbot, tmp_path):
    tree = clean_tree(qtbot)
    tree.button("Continue").setAccessibleName("Next page")
    small = tree.add(QPushButton("X"))
    small.setFixedSize(60, 60)
    findings = tree.audit()
    assert summary(findings)["small_target"] == 1 and summary(findings)["unnamed"] == 0

    data = json.loads(write_report(findings, tmp_path / "audit.json").read_text("utf-8"))
    assert data["total"] == len(findings) == 2
    assert data["by_kind"]["name_mismatch"] == 1
    assert {f["kind"] for f in data["findings"]} == {"name_mismatch", "small_target"}

    text = write_report(findings, tmp_path / "out" / "audit.txt").read_text("utf-8")
    assert text.startswith("Accessibility audit: 2 findings")
    assert "test screen" in text and "[small_target]" in text

    empty = write_report([], tmp_path / "empty.txt").read_text("utf-8")
    assert empty.startswith("Accessibility audit: 0 findings")

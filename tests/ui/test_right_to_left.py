"""Urdu on screen: a mirrored page read right to left, shaped letters, and the parts that stay
left to right (the QWERTY keyboard, postcodes, references, "100%"); high-contrast colours.

Checks what is drawn (pixels and positions), found from what residents saw wrong in the
screenshots in docs/accessibility.md.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from accessibility.fonts import SAMPLE_WORDS, shapes_joined_text
from kiosk.i18n import localise
from kiosk.references import format_reference
from tests.ui.helpers import find_by_name, find_starting, tap, tap_name
from ui import theme
from ui.keyboard import Key
from ui.shell import HOME, QUESTION, WELCOME, Shell
from ui.widgets import WrapButton, label, set_label_text


def in_urdu(qtbot, shell: Shell) -> None:
    tap_name(qtbot, shell.welcome, "اردو")
    assert shell.current_screen == HOME


def open_fly_tipping(qtbot, shell: Shell) -> None:
    in_urdu(qtbot, shell)
    tap(qtbot, find_starting(shell.home, shell.tr_text("group_report")))
    journey = next(j for j in shell.journeys if j.id == "report-fly-tipping")
    tap(qtbot, find_starting(shell.services, localise(journey.title, "ur")))
    assert shell.current_screen == QUESTION


def ink(widget: QWidget) -> tuple[int, int]:
    """The first and last columns of ``widget`` where something is drawn on the white page."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
    background = QColor(theme.STANDARD.background)
    columns = [x for x in range(image.width())
               if any(_differs(image.pixelColor(x, y), background)
                      for y in range(0, image.height(), 2))]
    assert columns, "nothing drawn"
    return columns[0], columns[-1]


def _differs(a: QColor, b: QColor) -> bool:
    return a.alpha() > 128 and abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) > 120


def x_in(shell: Shell, widget: QWidget) -> int:
    return widget.mapTo(shell, QPoint(0, 0)).x()


def test_keyboard_keeps_its_qwerty_order_on_a_right_to_left_page(qtbot, shell: Shell) -> None:
    open_fly_tipping(qtbot, shell)
    field = shell.question.field("postcode")
    assert isinstance(field, QLineEdit)
    tap(qtbot, field)
    qtbot.waitUntil(shell.keyboard.isVisible)
    keys = {k.property("char"): k for k in shell.keyboard.findChildren(Key) if k.isVisible()}
    q, p, one, zero = (keys[c] for c in ("q", "p", "1", "0"))
    assert x_in(shell, q) < x_in(shell, p)
    assert x_in(shell, one) < x_in(shell, zero)
    # ... while the page itself is mirrored: the postcode box starts at the right.
    page = shell.question.page.viewport()
    assert field.mapTo(page, QPoint(field.width(), 0)).x() > page.width() * 0.8


def test_a_heading_that_starts_with_the_councils_name_is_read_right_to_left(qtbot,
                                                                            shell: Shell) -> None:
    tap_name(qtbot, shell.top_bar, "Language: English")  # on the welcome screen
    tap_name(qtbot, shell.notice, "اردو")
    assert shell.current_screen == WELCOME
    title = shell.tr_text("welcome_title", council=shell.settings.kiosk.council)
    heading = find_by_name(shell.welcome, title, QLabel)
    first, last = ink(heading)
    # A right-to-left paragraph ends at the label's right; the council's name (Latin
    # letters first) used to make Qt lay the whole line out left to right, at the left.
    assert last > heading.width() - 20
    assert first > 40


def test_an_answer_that_starts_with_a_postcode_lines_up_on_the_right(qtbot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    page.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    page.resize(800, 200)
    answer = label("EB1 6FR\nبس اسٹاپ کے پاس", page)
    answer.setGeometry(0, 0, 800, 100)
    page.show()
    qtbot.waitExposed(page)
    first, last = ink(answer)
    assert last > answer.width() - 20 and first > 400
    assert answer.accessibleName() == "EB1 6FR\nبس اسٹاپ کے پاس"  # no marks in the name
    set_label_text(answer, "EB1 6FR")
    assert ink(answer)[1] > answer.width() - 20
    # The postcode itself stays left to right and whole.
    assert answer.text().endswith("EB1 6FR")


def test_text_size_keeps_its_number_and_percent_together_in_urdu(qtbot, shell: Shell) -> None:
    in_urdu(qtbot, shell)
    text = shell.top_bar.text_size.text()
    assert "\u2066100%\u2069" in text  # isolated: "100%", never "%100" or "100 ... %"


def test_start_edge_bars_move_to_the_right_in_urdu(qtbot, shell: Shell) -> None:
    link = QColor(theme.STANDARD.link)

    def bar_side(tile: WrapButton) -> str:
        image = tile.grab().toImage()
        y = image.height() // 2
        left = image.pixelColor(4, y) == link
        right = image.pixelColor(image.width() - 5, y) == link
        assert left != right
        return "left" if left else "right"

    tap_name(qtbot, shell.welcome, "Touch to start")
    english = [t for t in shell.home.findChildren(WrapButton) if t.isVisible()]
    assert bar_side(english[1]) == "left"  # [0] has the focus ring
    shell.set_language("ur")
    shell.show_home()
    urdu = [t for t in shell.home.findChildren(WrapButton) if t.isVisible()]
    assert bar_side(urdu[1]) == "right"
    # The words leave room for the bar on its side.
    words = urdu[1].lines[0]
    assert words.mapTo(urdu[1], QPoint(words.width(), 0)).x() < urdu[1].width() - 20


def test_a_field_with_an_error_is_indented_from_the_right_in_urdu(qtbot, shell: Shell) -> None:
    open_fly_tipping(qtbot, shell)
    tap_name(qtbot, shell.question, shell.question.model.continue_label)  # type: ignore[union-attr]
    assert shell.question.model is not None and shell.question.model.errors
    field = shell.question.field("postcode")
    assert field is not None
    frame = field.parentWidget()
    assert frame is not None and frame.property("role") == "field-error"
    right_gap = frame.width() - field.mapTo(frame, QPoint(field.width(), 0)).x()
    assert right_gap >= 20  # beside the red bar, which is on the right


def test_urdu_is_shown_in_a_font_that_joins_its_letters(qtbot, shell: Shell) -> None:
    english_family = shell.welcome.findChildren(QLabel)[0].font().family()
    in_urdu(qtbot, shell)
    heading = find_by_name(shell.home, shell.tr_text("home_heading"), QLabel)
    family = heading.font().family()
    assert family == theme.font_family("ur") != ""
    assert family != english_family
    assert shapes_joined_text(family, SAMPLE_WORDS["ur"])
    tap_name(qtbot, shell.top_bar, "دوبارہ شروع کریں")
    assert shell.welcome.findChildren(QLabel)[0].font().family() == english_family


def test_high_contrast_uses_only_its_own_colours() -> None:
    for scale in theme.TEXT_SIZES:
        for rtl in (False, True):
            sheet = theme.stylesheet(scale, high_contrast=True, rtl=rtl)
            used = {c.casefold() for c in re.findall(r"#[0-9a-fA-F]{6}", sheet)}
            allowed = {str(v).casefold() for v in vars(theme.HIGH_CONTRAST).values()}
            assert used <= allowed, used - allowed


def test_welsh_key_words_fit_their_keys_at_every_text_size(qtbot, shell: Shell) -> None:
    tap_name(qtbot, shell.welcome, "Cymraeg")
    tap(qtbot, find_starting(shell.home, shell.tr_text("group_report")))
    journey = next(j for j in shell.journeys if j.id == "report-fly-tipping")
    tap(qtbot, find_starting(shell.services, localise(journey.title, "cy")))
    field = shell.question.field("details")
    assert field is not None
    for size in (100, 150, 200):
        shell.set_text_size(size)
        field = shell.question.field("details")
        assert field is not None
        tap(qtbot, field)
        qtbot.waitUntil(shell.keyboard.isVisible)
        for k in shell.keyboard.findChildren(Key):
            if k.isVisible() and len(k.text()) > 3:
                needed = k.fontMetrics().horizontalAdvance(k.text())
                assert needed <= k.contentsRect().width() - 8, (size, k.text())


def test_the_reference_keeps_each_group_whole_at_large_text(qtbot, shell: Shell) -> None:
    from tests.ui.test_shell import go_to_petition_check

    go_to_petition_check(qtbot, shell)
    tap_name(qtbot, shell.check, "Sign the petition")
    content = shell.confirmation.content
    assert content is not None
    groups = [" ".join(g) for g in format_reference(content.reference).split("-")]
    for size in (100, 150, 200):
        shell.set_text_size(size)
        shown = [lab for lab in shell.confirmation.findChildren(QLabel)
                 if lab.isVisible() and lab.property("role") == "reference"]
        assert len(shown) == 1
        reference = shown[0]
        lines = reference.text().split("\n")
        assert [line.strip(" -") for line in lines] == groups or len(lines) == 1
        widest = max(reference.fontMetrics().horizontalAdvance(line) for line in lines)
        assert widest <= reference.contentsRect().width(), size  # nothing cut off

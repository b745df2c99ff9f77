"""Rows of buttons that go onto another line instead of squeezing their words, and buttons
whose words wrap (ui.widgets.FlowLayout, WordWrapButton)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from ui.widgets import FlowLayout, WordWrapButton

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

WORDS = ("Help", "Darllen yn uchel", "Maint testun 200%", "Cymraeg", "Dechrau eto")


def row(qtbot, width: int, *, rtl: bool = False, flexible: bool = False
        ) -> tuple[QWidget, FlowLayout, list[QPushButton]]:
    host = QWidget()
    qtbot.addWidget(host)
    host.setStyleSheet("QPushButton { font-size: 32px; padding: 12px; }")
    if rtl:
        host.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    layout = FlowLayout(host, spacing=12, flexible_first=flexible)
    layout.setContentsMargins(0, 0, 0, 0)
    buttons = [QPushButton(w, host) for w in WORDS]
    for b in buttons:
        layout.addWidget(b)
    host.resize(width, layout.heightForWidth(width))
    host.show()
    qtbot.waitExposed(host)
    layout.setGeometry(host.rect())
    return host, layout, buttons


def test_everything_on_one_line_when_it_fits(qtbot) -> None:
    host, layout, buttons = row(qtbot, 4000)
    assert len(layout.lines(4000)) == 1
    assert len({b.y() for b in buttons}) == 1
    xs = [b.x() for b in buttons]
    assert xs == sorted(xs)  # in reading order, left to right


def test_a_narrow_row_goes_onto_more_lines_and_squeezes_nobody(qtbot) -> None:
    host, layout, buttons = row(qtbot, 600)
    lines = layout.lines(600)
    assert len(lines) >= 2
    for b in buttons:
        assert b.width() >= b.sizeHint().width(), b.text()  # the words keep their room
        assert b.geometry().right() < 600
    one_line = layout.heightForWidth(4000)
    assert layout.heightForWidth(600) >= len(lines) * buttons[0].sizeHint().height() > one_line


def test_right_to_left_starts_at_the_right(qtbot) -> None:
    host, layout, buttons = row(qtbot, 4000, rtl=True)
    xs = [b.x() for b in buttons]
    assert xs == sorted(xs, reverse=True)
    assert buttons[0].geometry().right() == host.width() - 1


def test_hidden_buttons_take_no_room_and_the_flexible_first_takes_the_rest(qtbot) -> None:
    host, layout, buttons = row(qtbot, 4000, flexible=True)
    first = buttons[0]
    assert first.width() > 4000 - sum(b.sizeHint().width() for b in buttons) - 100
    first.hide()  # the council's name is hidden at large text: nobody else stretches
    layout.setGeometry(host.rect())
    assert [b.width() for b in buttons[1:]] == [b.sizeHint().width() for b in buttons[1:]]


def test_the_last_can_sit_at_the_end_of_its_line(qtbot) -> None:
    host, layout, buttons = row(qtbot, 4000)
    layout.set_last_at_end(True)
    layout.setGeometry(host.rect())
    assert buttons[-1].geometry().right() == host.width() - 1
    assert buttons[-2].geometry().right() < buttons[-1].x() - 100


def test_a_word_wrap_button_breaks_its_words_to_fit_and_joins_them_again(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    host.setStyleSheet("QPushButton { font-size: 32px; padding: 12px; }")
    words = "Hang up, then call the number on the back of your card"
    b = WordWrapButton(words, host)
    host.show()
    one_line = b.sizeHint()
    b.resize(one_line.width() // 2, one_line.height())
    assert "\n" in b.text() and b.words() == words and b.accessibleName() == words
    assert b.sizeHint().height() > one_line.height()  # taller, to show every line
    lines = b.text().split("\n")
    assert all(b.fontMetrics().horizontalAdvance(line) <= b.width() for line in lines)
    b.resize(one_line)
    assert b.text() == words


def test_a_label_is_not_a_button_and_is_laid_out_too(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    layout = FlowLayout(host, flexible_first=True)
    title = QLabel("Example Borough Council", host)
    title.setWordWrap(True)
    layout.addWidget(title)
    layout.addWidget(QPushButton("Help", host))
    host.resize(300, layout.heightForWidth(300))
    host.show()
    layout.setGeometry(host.rect())
    assert title.height() >= title.heightForWidth(title.width())

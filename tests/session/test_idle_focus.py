""""I need more time" gives the resident back their box exactly as it was: the focus, the
text, the cursor where it was, and nothing selected (the next key must not replace it all)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from tests.session.conftest import Kiosk, visible_named
from tests.ui.helpers import finger_tap, go_to_page, open_journey, text_inputs, type_text

CASES = [
    ("apply-blue-badge", "Request or apply", "full_name", "Ann Lee"),
    ("consultation-response", "Have your say", "comments", "More bins"),
]


def _text(box: QLineEdit | QPlainTextEdit) -> str:
    return box.text() if isinstance(box, QLineEdit) else box.toPlainText()


def _selected(box: QLineEdit | QPlainTextEdit) -> str:
    return box.selectedText() if isinstance(box, QLineEdit) else box.textCursor().selectedText()


def _cursor(box: QLineEdit | QPlainTextEdit) -> int:
    return box.cursorPosition() if isinstance(box, QLineEdit) else box.textCursor().position()


@pytest.mark.parametrize(("journey", "group", "page", "typed"), CASES, ids=["line", "long text"])
def test_more_time_gives_the_box_back_as_it_was(
    qtbot, kiosk: Kiosk, journeys, journey: str, group: str, page: str, typed: str
) -> None:
    k = kiosk
    open_journey(qtbot, k.shell, journeys, journey, group)
    go_to_page(qtbot, k.shell, page)
    (box,) = text_inputs(k.shell.question)
    assert isinstance(box, (QLineEdit, QPlainTextEdit))
    finger_tap(qtbot, box)
    qtbot.waitUntil(lambda: k.shell.keyboard.target is box)
    type_text(qtbot, k.shell.keyboard, typed)
    assert _text(box) == typed and _cursor(box) == len(typed)

    k.clock.run()  # the resident stops to think
    qtbot.waitUntil(k.machine.warning.isVisible, timeout=3000)
    k.clock.pause()
    finger_tap(qtbot, visible_named(k.shell, "I need more time"))
    assert not k.machine.warning.isVisible()

    assert box.hasFocus()
    assert _selected(box) == ""
    assert _cursor(box) == len(typed)
    assert k.shell.keyboard.isVisible() and k.shell.keyboard.target is box
    type_text(qtbot, k.shell.keyboard, "s")  # the next key adds to what was typed
    assert _text(box) == typed + "s"

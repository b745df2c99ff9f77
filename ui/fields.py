"""What every resident's text field is: no context menu, no text dragging; date parts
that take only what they hold.

A right click or a long press on a field opened Qt's English Undo/Cut/Copy/Paste menu,
and a finger sliding over selected text dragged it away. ``resident_field`` turns both
off. ``date_part`` makes a day, month or year box take only digits it can hold (day
1-31, month 1-12, both two digits; a year four) and move on to the next box when full.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget

Field = QLineEdit | QPlainTextEdit | QTextEdit

# What each date part can hold. A partial match (the "0" of "05", the "3" of "31") is
# allowed while typing; "32" or "13" is refused as it is typed.
DATE_PARTS: dict[str, tuple[str, int]] = {
    "day": (r"0?[1-9]|[12][0-9]|3[01]", 2),
    "month": (r"0?[1-9]|1[0-2]", 2),
    "year": (r"[0-9]{4}", 4),
}


def resident_field(field: Field) -> Field:
    """No context menu (right click or long press) and no dragging text out or in."""
    field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    field.setAcceptDrops(False)
    if isinstance(field, QLineEdit):
        field.setDragEnabled(False)
    else:
        field.viewport().setAcceptDrops(False)
    return field


def date_part(edit: QLineEdit, part: str, following: QWidget | None = None) -> None:
    """``edit`` takes only what the date ``part`` ("day", "month", "year") can hold, and
    gives the focus to ``following`` once it is full."""
    pattern, length = DATE_PARTS[part]
    edit.setMaxLength(length)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(f"^(?:{pattern})$"), edit))
    if following is not None:
        def move_on(text: str) -> None:
            if len(text) == length and edit.hasFocus():
                following.setFocus(Qt.FocusReason.TabFocusReason)

        edit.textChanged.connect(move_on)

"""Small building blocks shared by the screens: buttons, headings, text and scrolling pages.

Every control made here gets an accessible name that contains its visible label, a
``role`` property the theme styles it by, and no focus-stealing or hover behaviour.
``QPushButton`` already fires ``clicked`` on release and cancels when the finger
slides off, which is what WCAG 2.5.2 asks for.

Right to left (Urdu): Qt mirrors layouts but not contents margins, and a label takes
its paragraph direction from its first strong letter, so "{council} میں خوش آمدید" or
an answer that starts with a postcode would be laid out left to right. ``label`` and
``set_label_text`` start such text with a right-to-left mark when the label is in a
right-to-left page (its accessible name stays as it was), and ``set_start_margins``
puts a margin at the start of the line, whichever side that is.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


def set_role(widget: QWidget, role: str) -> None:
    """Set the theme role of ``widget`` and restyle it."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def button(
    text: str,
    parent: QWidget | None = None,
    *,
    role: str = "secondary",
    name: str | None = None,
) -> QPushButton:
    """A touch button; ``name`` (the accessible name) must contain ``text``."""
    b = QPushButton(text, parent)
    b.setProperty("role", role)
    b.setAccessibleName(name or text)
    b.setAutoDefault(False)
    b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    return b


def rename(widget: QAbstractButton, text: str, name: str | None = None) -> None:
    """Change a button's label and keep its accessible name in step."""
    widget.setText(text)
    widget.setAccessibleName(name or text)


RLM = "\u200f"  # right-to-left mark: makes a paragraph right to left (Unicode UAX #9)
_STRONG_RTL = frozenset({"R", "AL"})
_STRONG_LTR = frozenset({"L"})


def _first_strong(text: str) -> str:
    """The bidi class of the first strong character of ``text`` ("" when none)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _STRONG_RTL or kind in _STRONG_LTR:
            return kind
    return ""


def is_right_to_left(widget: QWidget | None) -> bool:
    return widget is not None and widget.layoutDirection() == Qt.LayoutDirection.RightToLeft


def directed(text: str, right_to_left: bool) -> str:
    """``text`` as a right-to-left paragraph when the page is right to left: a mark goes in
    front only when its first strong letter would otherwise make it left to right."""
    if right_to_left and text and _first_strong(text) not in _STRONG_RTL:
        return RLM + text
    return text


def set_start_margins(layout: QLayout | None, start: int, top: int, end: int, bottom: int,
                      *, rtl: bool) -> None:
    """Margins measured from the start of the line (the right in a right-to-left page)."""
    if layout is not None:
        layout.setContentsMargins(end if rtl else start, top, start if rtl else end, bottom)


def label(text: str = "", parent: QWidget | None = None, *, role: str = "body") -> QLabel:
    """Wrapped text; headings are named for assistive technology by their text."""
    lab = QLabel(directed(text, is_right_to_left(parent)), parent)
    lab.setProperty("role", role)
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setAccessibleName(text)
    return lab


def set_label_text(lab: QLabel, text: str) -> None:
    lab.setText(directed(text, is_right_to_left(lab)))
    lab.setAccessibleName(text)


def clear_layout(layout: QVBoxLayout) -> None:
    """Remove and delete every widget in ``layout`` (widgets made per page)."""
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        if w is not None:
            w.hide()
            w.setParent(None)
            w.deleteLater()
        elif item.layout() is not None:
            sub = item.layout()
            clear_layout(sub)  # type: ignore[arg-type]
            sub.deleteLater()


class ScrollPage(QScrollArea):
    """A page whose content scrolls vertically (never sideways) when it does not fit.

    ``body`` is the vertical layout screens put their content in. The content is kept
    to a readable width and starts at the top.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content = _PageContent(self)
        self.content.setObjectName("PageContent")
        self.body = QVBoxLayout(self.content)
        self.body.setContentsMargins(48, 32, 48, 32)
        self.body.setSpacing(24)
        self.setWidget(self.content)

    def fit(self) -> None:
        """Make the content as tall as its wrapped words need at the current width."""
        layout = self.content.layout()
        if layout is None:
            return
        width = self.viewport().width()
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else 0
        needed = max(needed, layout.totalMinimumSize().height())
        if self.content.minimumHeight() != needed:
            self.content.setMinimumHeight(needed)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit()


class _PageContent(QWidget):
    """The inside of a ``ScrollPage``; asks the page to refit whenever its layout changes.

    ``QScrollArea`` does not grow its widget for word-wrapped text by itself, so without
    this, large text would be squeezed and overlap.
    """

    def __init__(self, page: ScrollPage) -> None:
        super().__init__(page)
        self._page = page

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._page.fit()
        return handled


class WrapButton(QPushButton):
    """A button whose words wrap onto more lines instead of being cut off at large text.

    The words are in child labels (``lines``); the button itself has no text, so its
    accessible name (set to all the words) is what assistive technology reads.
    """

    def __init__(self, lines: list[tuple[str, str]], parent: QWidget | None = None, *,
                 role: str = "tile", name: str | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        box = QVBoxLayout(self)
        # Style-sheet padding does not reach a layout, so the margins are set here
        # (the wider one beside the tile's accent bar, at the start of the line).
        set_start_margins(box, 28, 14, 20, 14, rtl=is_right_to_left(self))
        box.setSpacing(4)
        self.lines: list[QLabel] = []
        for text, line_role in lines:
            lab = label(text, self, role=line_role)
            lab.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            box.addWidget(lab)
            self.lines.append(lab)
        words = " ".join(t for t, _ in lines)
        self.setAccessibleName(name or words)

    def label_text(self) -> str:
        return "\n".join(lab.text() for lab in self.lines)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        layout = self.layout()
        return max(self.minimumHeight(), layout.totalHeightForWidth(width) if layout else 0)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        layout = self.layout()
        hint = layout.sizeHint() if layout else QSize(0, 0)
        return QSize(max(hint.width(), 72), max(hint.height(), self.minimumHeight(), 72))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        layout = self.layout()
        hint = layout.minimumSize() if layout else QSize(0, 0)
        return QSize(72, max(hint.height(), 72))


class _ForwardingLabel(QLabel):
    """A label that passes a tap on its words to the choice beside it."""

    def __init__(self, text: str, target: QAbstractButton, parent: QWidget) -> None:
        super().__init__(text, parent)
        self._target = target

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self.rect().contains(event.position().toPoint()):
            self._target.click()
        super().mouseReleaseEvent(event)


class ChoiceRow(QFrame):
    """A radio button or checkbox with words that wrap; tapping the words ticks it too.

    ``choice`` is the real ``QRadioButton``/``QCheckBox`` (its accessible name is the words).
    """

    def __init__(self, choice: QAbstractButton, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "choice")
        self.choice = choice
        choice.setParent(self)
        choice.setText("")
        choice.setAccessibleName(text)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        row.addWidget(choice, 0, Qt.AlignmentFlag.AlignTop)
        self.words = _ForwardingLabel(directed(text, is_right_to_left(self)), choice, self)
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.words.setProperty("role", "choice-label")
        self.words.setMinimumHeight(72)
        row.addWidget(self.words, 1)
        self.is_checkbox = isinstance(choice, QCheckBox)

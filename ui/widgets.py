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

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleInterface,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAccessibleWidget,
    QApplication,
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


# -- what assistive technology is told beyond names ---------------------------------------
# Qt gives a label the role "static text" and a frame "panel"; a screen reader then cannot
# jump by heading, does not hear the error summary as an alert, and reads "Yes" without
# its question. Widgets say what they are by the ``accessible_role`` property (or, for
# headings, by their theme role h1/h2/h3), and this factory gives them that role.
HEADING = "heading"
ALERT = "alert"
GROUP = "group"
DIALOG = "dialog"
IMAGE = "image"
_ROLES = {
    IMAGE: QAccessible.Role.Graphic,
    DIALOG: QAccessible.Role.Dialog,
    HEADING: QAccessible.Role.Heading,
    ALERT: QAccessible.Role.AlertMessage,
    GROUP: QAccessible.Role.Grouping,
}
_HEADING_THEME_ROLES = frozenset({"h1", "h2", "h3"})


def accessible_role(widget: QObject) -> str:
    """The role ``widget`` is given for assistive technology here ("" for Qt's own)."""
    role = widget.property("accessible_role")
    if role:
        return str(role)
    if isinstance(widget, QLabel) and widget.property("role") in _HEADING_THEME_ROLES:
        return HEADING
    return ""


def set_accessible_role(widget: QWidget, role: str) -> None:
    """Expose ``widget`` as ``role`` (HEADING, ALERT, GROUP, DIALOG or IMAGE); set before it is shown."""
    install_accessible_roles()
    widget.setProperty("accessible_role", role)
    _refresh_role(widget)


def _role_factory(_class_name: str, obj: QObject) -> QAccessibleInterface | None:
    if not isinstance(obj, QWidget) or isinstance(obj, QScrollArea):
        return None
    if not isinstance(obj, (QLabel, QFrame)) and obj.property("accessible_role") != IMAGE:
        return None
    role = _ROLES.get(accessible_role(obj))
    return QAccessibleWidget(obj, role) if role is not None else None


_factory_for: list[object] = []  # the application the factory is installed for


def install_accessible_roles() -> None:
    """Install the factory (once per application: Qt drops a factory installed before
    the application exists, and its factories when the application goes)."""
    app = QApplication.instance()
    if app is not None and (not _factory_for or _factory_for[0] is not app):
        QAccessible.installFactory(_role_factory)
        _factory_for[:] = [app]


def _refresh_role(widget: QWidget) -> None:
    """Drop an interface Qt made for ``widget`` before its role was set (with assistive
    technology on, Qt makes one as the widget is made), so the next one has the role."""
    if not QAccessible.isActive():
        return
    interface = QAccessible.queryAccessibleInterface(widget)
    wanted = _ROLES.get(accessible_role(widget))
    if interface is not None and wanted is not None and interface.role() != wanted:
        QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(interface))


def announce(widget: QWidget, text: str) -> None:
    """Say ``text`` through assistive technology without moving focus (a live region:
    "You chose: …", characters left, a practice's feedback)."""
    if text and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


def label_field(field: QWidget, text: str) -> QLabel:
    """Give ``field`` a labelled-by relation to ``text`` (its question, which the page shows
    as its heading, apart from the field's frame). Qt makes that relation only from a
    QLabel among the field's siblings whose buddy is the field, so a hidden sibling label
    carries the question's words; a field with a visible label beside it uses that
    label's ``setBuddy`` instead."""
    parent = field.parentWidget()
    lab = QLabel(text, parent)
    lab.setObjectName("FieldLabel")
    lab.setBuddy(field)
    lab.hide()
    return lab


def hold_focus(container: QWidget, forward: bool) -> bool:
    """Move focus to the next (or previous) Tab stop inside ``container``, wrapping round,
    so Tab never leaves a modal overlay; False when it has none."""
    start = QApplication.focusWidget()
    if start is None or not container.isAncestorOf(start):
        start = container
    w: QWidget | None = start
    for _ in range(2000):
        assert w is not None
        w = w.nextInFocusChain() if forward else w.previousInFocusChain()
        if w is None or w is start:
            break
        if (container.isAncestorOf(w) and w.isVisible() and w.isEnabled()
                and w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            w.setFocus(Qt.FocusReason.TabFocusReason if forward
                       else Qt.FocusReason.BacktabFocusReason)
            return True
    # its only Tab stop has the focus already: it keeps it
    return start is not container and start.isVisible()


_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class Button(QPushButton):
    """A push button that Enter (and the keypad's Enter) activates as Space does: outside
    a dialog Qt's own button answers only Space, and a keyboard or keypad user presses
    Enter."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in _ENTER_KEYS:
            if not event.isAutoRepeat() and self.isEnabled():
                self.click()
            event.accept()
            return
        super().keyPressEvent(event)


def button(
    text: str,
    parent: QWidget | None = None,
    *,
    role: str = "secondary",
    name: str | None = None,
) -> QPushButton:
    """A touch button; ``name`` (the accessible name) must contain ``text``."""
    b = Button(text, parent)
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
    """Wrapped text; headings are named for assistive technology by their text (and
    have the heading role: roles h1, h2, h3)."""
    install_accessible_roles()
    lab = QLabel(directed(text, is_right_to_left(parent)), parent)
    lab.setProperty("role", role)
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setAccessibleName(text)
    if role in _HEADING_THEME_ROLES:
        _refresh_role(lab)
    return lab


class FittingLabel(QLabel):
    """Wrapped words that are never cut off outside a scrolling page: the label keeps its
    minimum height at what its words need at its width. (A layout sizes a plain wrapped
    label for a guessed width; at 200 % a long Welsh message then lost its last line.)"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def _fit(self) -> None:
        # Measured from the words, not heightForWidth() (which grows with the minimum
        # height it would set: a first, narrow width would stick).
        inside = self.contentsRect()
        width = inside.width() - 2 * self.margin() - max(self.indent(), 0)
        if width <= 0 or not self.text():
            return
        words = self.fontMetrics().boundingRect(
            QRect(0, 0, width, 1_000_000), int(Qt.TextFlag.TextWordWrap), self.text())
        needed = words.height() + 2 * self.margin() + self.height() - inside.height()
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)


def set_label_text(lab: QLabel, text: str) -> None:
    lab.setText(directed(text, is_right_to_left(lab)))
    lab.setAccessibleName(text)


def relayout(root: QWidget | None) -> None:
    """Make every layout under ``root`` measure its controls again; call it once ``root``
    is showing.

    A page that was hidden while the language or text size changed (the tutorial
    player's pages) keeps its old measurements when shown again: a button kept the
    height of the old font, and Urdu's taller letters were cut off. None: nothing."""
    if root is None:
        return
    for layout in root.findChildren(QLayout):
        layout.invalidate()


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget in ``layout`` (widgets made per page)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        w = item.widget()
        sub = item.layout()
        if w is not None:
            w.hide()
            w.setParent(None)
            w.deleteLater()
        elif sub is not None:
            clear_layout(sub)
            sub.deleteLater()
        if sub is None:
            # The item (a QWidgetItem, a spacer) is the caller's once taken, but PySide
            # still counts its wrapper a child of a layout (the outermost one a row was
            # added to): every page left its items and their wrappers behind all day.
            # ``removeItem`` of an item no longer in the layout changes nothing in Qt and
            # gives the wrapper back to Python, which deletes the item with it.
            layout.removeItem(item)


class FlowLayout(QLayout):
    """Controls side by side that go onto another line when the next one does not fit.

    Used wherever buttons sit in a row (the top bar, a page's buttons, the read-aloud
    controls): at 200 % text or in Welsh a row no longer fits across the window, and a
    row layout would squeeze every button until its words were cut off (WCAG 1.4.10
    reflow). Each control keeps the width its words need (never more than the line);
    a line's controls are as tall as its tallest. Lines start at the start edge, the
    right in a right-to-left page.

    ``flexible_first``: the first control (the council's name in the top bar) takes
    what is left of its line and gives way down to its longest word before the other
    controls go onto a new line.
    """

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 24,
                 flexible_first: bool = False) -> None:
        super().__init__(parent)
        self._items: list = []
        self._flexible_first = flexible_first
        self._last_at_end = False
        self.setSpacing(spacing)
        if parent is None:
            self.setContentsMargins(0, 0, 0, 0)

    def set_last_at_end(self, on: bool) -> None:
        """Put the last control at the end of its line (a "Continue" after "Back")."""
        self._last_at_end = on
        self.invalidate()

    # -- QLayout's item list --------------------------------------------------------------
    def addItem(self, item) -> None:  # noqa: N802, ANN001 (Qt override)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802, ANN201 (Qt override)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802, ANN201 (Qt override)
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt override)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt override)
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Everything on one line."""
        shown = self._shown()
        m = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in shown) + self.spacing() * max(len(shown) - 1, 0)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt override)
        """The widest control on a line of its own."""
        size = QSize()
        for i in self._shown():
            size = size.expandedTo(i.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    # -- laying out ----------------------------------------------------------------------
    def _shown(self) -> list:
        return [i for i in self._items if not i.isEmpty()]

    def lines(self, width: int) -> list[list]:
        """The shown items, line by line, at ``width`` (margins included)."""
        m = self.contentsMargins()
        return [[item for item, _ in line]
                for line in self._lines(max(width - m.left() - m.right(), 1))]

    def _lines(self, room: int) -> list[list[tuple]]:
        gap = self.spacing()
        lines: list[list[tuple]] = []
        line: list[tuple] = []
        used = 0
        flexible_item = self._items[0] if self._flexible_first and self._items else None
        for item in self._shown():
            flexible = item is flexible_item  # not whichever comes first when it is hidden
            want = item.minimumSize().width() if flexible else item.sizeHint().width()
            want = min(max(want, item.minimumSize().width()), room)
            if line and used + gap + want > room:
                lines.append(line)
                line, used = [], 0
            used += (gap if line else 0) + want
            line.append((item, want))
        if line:
            lines.append(line)
        if flexible_item is not None and lines and lines[0][0][0] is flexible_item:
            first = lines[0]
            spare = room - sum(w for _, w in first) - gap * (len(first) - 1)
            first[0] = (first[0][0], first[0][1] + max(spare, 0))
        return lines

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        room = max(area.width(), 1)
        parent = self.parentWidget()
        rtl = (parent.layoutDirection() if parent is not None
               else QApplication.layoutDirection()) == Qt.LayoutDirection.RightToLeft
        y = area.top()
        lines = self._lines(room)
        for line in lines:
            height = max(item.heightForWidth(w) if item.hasHeightForWidth()
                         else item.sizeHint().height() for item, w in line)
            x = area.left()
            for item, w in line:
                if self._last_at_end and line is lines[-1] and item is line[-1][0]:
                    x = max(x, area.left() + room - w)
                if place:
                    box = QRect(x, y, w, min(height, item.maximumSize().height()))
                    if rtl:
                        box.moveLeft(area.left() + area.right() - box.right())
                    item.setGeometry(box)
                x += w + self.spacing()
            y += height + self.spacing()
        if lines:
            y -= self.spacing()
        return y - rect.top() + m.bottom()


def flow_row(*widgets: QWidget, spacing: int = 24) -> FlowLayout:
    """``widgets`` in a ``FlowLayout`` (to add to a page's layout)."""
    row = FlowLayout(spacing=spacing)
    for w in widgets:
        row.addWidget(w)
    return row


class ScrollPage(QScrollArea):
    """A page whose content scrolls vertically (never sideways) when it does not fit.

    ``body`` is the vertical layout screens put their content in. The content is kept
    to a readable width and starts at the top.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Our own viewport widget: the first viewport() of Qt's own (a class PySide does not
        # know) made PySide resolve every widget type, 12 ms before the first paint.
        self.setViewport(QWidget(self))
        # Not a Tab stop of its own (it was an unnamed, invisible one on every page): Tab
        # goes from control to control, and the page scrolls to each.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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


class WrapButton(Button):
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


class WordWrapButton(Button):
    """A push button whose words go onto more lines when they do not fit across it.

    A plain ``QPushButton`` keeps its words on one line, so a long answer in a quiz or
    a Welsh label at 200 % is cut off at the edge of the window. This one asks for the
    width of its words on one line, gives way to narrower, and then breaks its words
    between lines (``words()`` is the text as given; the accessible name is that text).
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words = ""
        self.set_words(text)

    def words(self) -> str:
        return self._words

    def set_words(self, text: str) -> None:
        self._words = text
        super().setText(text)
        self.setAccessibleName(text)
        self._rewrap()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override: keeps the words)
        self.set_words(text)

    def _padding(self) -> int:
        """The button's width around its words (style padding, border, focus ring)."""
        shown = self.text()
        return super().sizeHint().width() - self.fontMetrics().size(
            Qt.TextFlag.TextShowMnemonic, shown).width()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().sizeHint()  # as tall as its lines are now
        one_line = self.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, self._words).width()
        return QSize(max(one_line + self._padding(), hint.width()), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        longest = max((self.fontMetrics().horizontalAdvance(w) for w in self._words.split()),
                      default=0)
        return QSize(longest + self._padding(), super().sizeHint().height())

    def _rewrap(self) -> None:
        room = self.width() - self._padding()
        metrics = self.fontMetrics()
        lines: list[str] = []
        for word in self._words.split(" "):
            if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= room:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        wrapped = "\n".join(lines) if room > 0 else self._words
        if wrapped != self.text():
            super().setText(wrapped)
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._rewrap()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._rewrap()


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

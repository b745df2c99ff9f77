"""Practice widgets: one per task kind, measuring what the learner's finger or typing did.

Each widget measures (where a press landed, how long it lasted, which way it moved,
what was typed) and asks ``kiosk.tutorials.checks`` whether that worked. Nothing here
is timed against the learner: they can try as often and as slowly as they like.
Every hard gesture also has a button to tap instead.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import load_catalogue, localise
from kiosk.journeys.engine import JourneyRun
from kiosk.journeys.messages import ui_word
from kiosk.tutorials import checks
from kiosk.tutorials.checks import Verdict
from kiosk.tutorials.model import (
    DRAG,
    FORM,
    HOLD,
    PASSWORD,
    QUIZ,
    SCROLL,
    SWIPE,
    TAP,
    TYPE,
    Task,
    TutorialCatalogue,
)
from kiosk.tutorials.practice_form import PRACTICE_WORDS, PracticeForm, practice_journey
from ui.fields import resident_field
from ui.keyboard import LATIN, mode_for_text
from ui.screens import CheckAnswersScreen, QuestionScreen
from ui.welcome import Screen
from ui.widgets import WordWrapButton, label_field

SUCCESS = "success"
RETRY = "retry"
INFO = "info"


def label(text: str, parent: QWidget, role: str = "") -> QLabel:
    widget = QLabel(text, parent)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    return widget


def button(text: str, parent: QWidget, role: str = "") -> QPushButton:
    """A button at least 72 px each way whose words wrap rather than being cut off."""
    widget = WordWrapButton(text, parent)
    widget.setMinimumSize(72, 72)
    if role:
        widget.setProperty("role", role)
    return widget


class PracticeWidget(QWidget):
    """Base of every practice task.

    Signals:
        attempted: the learner tried. args: outcome (``success``, ``retry`` or ``info``),
            the kind words to show and say.
        succeeded: the task is done (emitted once).
    """

    attempted = Signal(str, str)
    succeeded = Signal()

    def __init__(self, task: Task, catalogue: TutorialCatalogue, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task = task
        self.catalogue = catalogue
        self.language = language
        self.done = False

    def words(self, key: str, **values: str) -> str:
        return self.catalogue.text(key, self.language, **values)

    def local(self, text: object) -> str:
        return localise(text, self.language)  # type: ignore[arg-type]

    def report(self, verdict: Verdict, *, finish: bool | None = None) -> None:
        """Show a check's verdict; ``finish`` (default: ``verdict.ok``) completes the task."""
        self.attempted.emit(SUCCESS if verdict.ok else RETRY,
                            self.words(verdict.message, **verdict.values))
        if (verdict.ok if finish is None else finish) and not self.done:
            self.done = True
            self.succeeded.emit()

    def stop(self) -> None:
        """Stop any timer (the step is leaving)."""

    def set_language(self, language: str) -> bool:
        """Redraw in ``language``, keeping what was done; False when the practice cannot
        (the player then starts it again in the new language)."""
        return False


# -- gestures on a canvas ----------------------------------------------------------------
class _Canvas(QWidget):
    """A drawing area with a plain background, at least 760 x 320 px."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setMinimumSize(760, 320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)

    def colours(self) -> tuple[QColor, QColor, QColor]:
        pal = self.palette()
        return pal.window().color(), pal.windowText().color(), QColor("#1d70b8")

    def frame(self, painter: QPainter) -> None:
        bg, fg, _ = self.colours()
        painter.fillRect(self.rect(), bg)
        painter.setPen(QPen(fg, 2, Qt.PenStyle.DashLine))
        painter.drawRect(self.rect().adjusted(1, 1, -2, -2))

    def card(self, painter: QPainter, rect: QRectF, text: str, fill: QColor) -> None:
        painter.setPen(QPen(QColor("#0b0c0c"), 3))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 12, 12)
        painter.setPen(QColor("#ffffff") if fill.lightness() < 140 else QColor("#0b0c0c"))
        font = QFont(self.font())
        font.setPixelSize(26)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(rect.adjusted(8, 8, -8, -8),
                         Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)


class TapCanvas(_Canvas):
    """Circles to tap, one per round, getting smaller."""

    tapped = Signal(QPointF)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.diameter = 160
        self.centre = QPointF(200, 180)
        self.setAccessibleName("Tap practice")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self.tapped.emit(event.position())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.frame(p)
        _, _, accent = self.colours()
        p.setPen(QPen(QColor("#0b0c0c"), 3))
        p.setBrush(accent)
        r = self.diameter / 2
        p.drawEllipse(self.centre, r, r)
        p.end()


class TapPractice(PracticeWidget):
    """Tap a circle in each of ``task.sizes`` rounds; a tap outside it is a kind miss."""

    def __init__(self, task: Task, catalogue: TutorialCatalogue, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(task, catalogue, language, parent)
        self.round = 0
        self.canvas = TapCanvas(self)
        self.canvas.setAccessibleName(self.local(task.prompt))
        self.canvas.tapped.connect(self._on_tap)
        QVBoxLayout(self).addWidget(self.canvas)
        self._place()

    def _place(self) -> None:
        size = self.task.sizes[min(self.round, len(self.task.sizes) - 1)]
        self.canvas.diameter = size
        # Left, right, middle: the finger has to move between rounds.
        xs = (0.25, 0.75, 0.5)
        w = max(self.canvas.width(), self.canvas.minimumWidth())
        h = max(self.canvas.height(), self.canvas.minimumHeight())
        self.canvas.centre = QPointF(w * xs[self.round % 3], h / 2)
        self.canvas.update()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._place()

    def target_centre(self) -> QPointF:
        return QPointF(self.canvas.centre)

    def _on_tap(self, pos: QPointF) -> None:
        if self.done:
            return
        c = self.canvas.centre
        verdict = checks.check_tap(pos.x(), pos.y(), c.x(), c.y(), self.canvas.diameter)
        if not verdict.ok:
            self.report(verdict)
            return
        self.round += 1
        if self.round >= len(self.task.sizes):
            self.report(verdict)
        else:
            self.report(Verdict(True, "tap.next"), finish=False)
            self._place()


class HoldCanvas(_Canvas):
    """A picture to press and hold. Emits when the finger goes down and comes up."""

    pressed = Signal(QPointF, int)
    released = Signal(QPointF, int)

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.text = text
        self.menu_open = False
        self.menu_text = ""
        self.setAccessibleName(text)

    def photo_rect(self) -> QRectF:
        return QRectF(self.width() / 2 - 170, 20, 340, 190)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self.photo_rect().contains(event.position()):
            self.pressed.emit(event.position(), event.timestamp())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self.released.emit(event.position(), event.timestamp())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.frame(p)
        self.card(p, self.photo_rect(), self.text, QColor("#00703c"))
        if self.menu_open:
            menu = QRectF(self.width() / 2 - 170, 222, 340, 80)
            self.card(p, menu, self.menu_text, QColor("#ffffff"))
        p.end()


class HoldPractice(PracticeWidget):
    """Press and hold the picture for ``task.seconds``; or tap the Menu button instead.

    The hold is measured from the press and release events' own timestamps, and a timer
    opens the menu while the finger is still down, so the learner knows when to let go.
    """

    def __init__(self, task: Task, catalogue: TutorialCatalogue, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(task, catalogue, language, parent)
        self.canvas = HoldCanvas(self.local(task.item), self)
        self.canvas.menu_text = self.words("hold.menu_button") + ": ⋯"
        self.menu_button = button("⋮ " + self.words("hold.menu_button"), self)
        self.menu_button.setAccessibleName(self.words("hold.menu_button"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.canvas)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.menu_button)
        layout.addLayout(row)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(round(task.seconds * 1000))
        self._timer.timeout.connect(self._held_long_enough)
        self._press: tuple[QPointF, int] | None = None
        self.canvas.pressed.connect(self._on_press)
        self.canvas.released.connect(self._on_release)
        self.menu_button.clicked.connect(self._on_menu_button)

    def _open_menu(self) -> None:
        self.canvas.menu_open = True
        self.canvas.update()

    def _on_press(self, pos: QPointF, stamp: int) -> None:
        self._press = (pos, stamp)
        self._timer.start()

    def _held_long_enough(self) -> None:
        if self._press is not None and not self.done:
            self._open_menu()
            self.report(Verdict(True, "hold.done"))

    def _on_release(self, pos: QPointF, stamp: int) -> None:
        self._timer.stop()
        if self._press is None:
            return
        start, started = self._press
        self._press = None
        if self.done:
            return
        moved = math.hypot(pos.x() - start.x(), pos.y() - start.y())
        verdict = checks.check_hold((stamp - started) / 1000, self.task.seconds, moved)
        if verdict.ok:
            self._open_menu()
        self.report(verdict)

    def _on_menu_button(self) -> None:
        self._open_menu()
        self.report(Verdict(True, "hold.alternative"))

    def stop(self) -> None:
        self._timer.stop()
        self._press = None


class DragCanvas(_Canvas):
    """A letter to drag into a postbox. Holds the drag state; the practice decides."""

    dropped = Signal(QPointF, bool)  # the letter's centre, and whether it moved at all
    target_tapped = Signal()

    def __init__(self, item: str, target: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.item = item
        self.target = target
        self.picked = False
        self.posted = False
        self._grab: QPointF | None = None
        self._start = QPointF()
        self.offset = QPointF(0, 0)
        self.setAccessibleName(f"{item} → {target}")

    def home_rect(self) -> QRectF:
        return QRectF(40, self.height() / 2 - 70, 190, 140)

    def item_rect(self) -> QRectF:
        if self.posted:
            return self.target_rect().adjusted(30, 40, -30, -40)
        return self.home_rect().translated(self.offset)

    def target_rect(self) -> QRectF:
        return QRectF(self.width() - 300, self.height() / 2 - 120, 260, 240)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        pos = event.position()
        if not self.posted and self.item_rect().contains(pos):
            self._grab = pos - self.offset
            self._start = pos
        elif self.target_rect().contains(pos):
            self.target_tapped.emit()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._grab is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self.offset = event.position() - self._grab
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._grab is None:
            return
        self._grab = None
        moved = (event.position() - self._start).manhattanLength() > checks.TAP_SLOP
        self.dropped.emit(self.item_rect().center(), moved)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.frame(p)
        self.card(p, self.target_rect(), self.target, QColor("#d4351c"))
        fill = QColor("#ffdd00") if self.picked else QColor("#f3f2f1")
        self.card(p, self.item_rect(), "✉ " + self.item, fill)
        p.end()


class DragPractice(PracticeWidget):
    """Drag the item onto the target; or tap the item, then tap the target."""

    def __init__(self, task: Task, catalogue: TutorialCatalogue, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(task, catalogue, language, parent)
        self.canvas = DragCanvas(self.local(task.item), self.local(task.target), self)
        QVBoxLayout(self).addWidget(self.canvas)
        self.canvas.dropped.connect(self._on_drop)
        self.canvas.target_tapped.connect(self._on_target_tapped)

    def _on_drop(self, centre: QPointF, moved: bool) -> None:
        if self.done:
            return
        if not moved:  # a tap on the letter: the tap alternative
            self.canvas.picked = True
            self.canvas.offset = QPointF(0, 0)
            self.canvas.update()
            self.attempted.emit(INFO, self.words("drag.picked"))
            return
        t = self.canvas.target_rect()
        verdict = checks.check_drag(centre.x(), centre.y(), (t.x(), t.y(), t.width(), t.height()))
        self.canvas.posted = verdict.ok
        self.canvas.offset = QPointF(0, 0)
        self.canvas.update()
        self.report(verdict)

    def _on_target_tapped(self) -> None:
        if self.done or not self.canvas.picked:
            return
        self.canvas.posted = True
        self.canvas.update()
        self.report(Verdict(True, "drag.alternative"))


class _DragToScroll(QObject):
    """Lets a finger dragged on the list scroll it, as on a phone; a drag is not a tap."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.area = area
        self._start_y: float | None = None
        self._start_value = 0
        self.dragging = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._start_y = event.globalPosition().y()
            self._start_value = self.area.verticalScrollBar().value()
            self.dragging = False
        elif (kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent)
              and self._start_y is not None and event.buttons() & Qt.MouseButton.LeftButton):
            dy = event.globalPosition().y() - self._start_y
            if self.dragging or abs(dy) > checks.TAP_SLOP:
                self.dragging = True
                self.area.verticalScrollBar().setValue(round(self._start_value - dy))
                if isinstance(watched, QPushButton):
                    watched.setDown(False)
                return True
        elif kind == QEvent.Type.MouseButtonRelease:
            self._start_y = None
            if self.dragging:
                self.dragging = False
                if isinstance(watched, QPushButton):
                    watched.setDown(False)
                return True  # the finger was scrolling, not tapping
        return False


class ScrollPractice(PracticeWidget):
    """Scroll a list (finger drag, wheel, or the Move buttons) to find and tap one item."""

    VISIBLE_ROWS = 3

    def __init__(self, task: Task, catalogue: TutorialCatalogue, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(task, catalogue, language, parent)
        self.area = QScrollArea(self)
        self.area.setAccessibleName(self.local(task.prompt))
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.area.verticalScrollBar().setAccessibleName(self.words("player.scroll_bar"))
        inner = QWidget(self.area)
        column = QVBoxLayout(inner)
        column.setSpacing(8)
        self._drag = _DragToScroll(self.area)
        self.area.viewport().installEventFilter(self._drag)
        self.items: dict[str, QPushButton] = {}
        for item in task.items:
            b = button(self.local(item.text), inner, "tile")
            b.setMinimumHeight(88)
            b.installEventFilter(self._drag)
            b.clicked.connect(lambda _=False, i=item.id: self._on_pick(i))
            column.addWidget(b)
            self.items[item.id] = b
        self.area.setWidget(inner)
        self._spacing = column.spacing()
        self.row_height = 0
        self._fit_rows()
        self.up = button("▲ " + self.words("scroll.up"), self)
        self.up.setAccessibleName(self.words("scroll.up"))
        self.down = button("▼ " + self.words("scroll.down"), self)
        self.down.setAccessibleName(self.words("scroll.down"))
        self.up.clicked.connect(lambda: self._step(-1))
        self.down.clicked.connect(lambda: self._step(1))
        layout = QVBoxLayout(self)
        layout.addWidget(self.area)
        row = QHBoxLayout()
        row.addWidget(self.up)
        row.addWidget(self.down)
        row.addStretch(1)
        layout.addLayout(row)

    def _fit_rows(self) -> None:
        """Show three whole rows, measured in the font they are shown in (Urdu's letters
        are taller, and at 200 % a Welsh item can take two lines)."""
        for b in self.items.values():  # the list scrolls, so it would squeeze them to this
            b.setMinimumHeight(max(88, b.sizeHint().height()))
        row = max(b.minimumHeight() for b in self.items.values()) + self._spacing
        if row != self.row_height:
            self.row_height = row
            self.area.setFixedHeight(self.VISIBLE_ROWS * row + 8)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._fit_rows()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_rows()  # a narrower list can wrap an item onto two lines

    def _step(self, direction: int) -> None:
        bar = self.area.verticalScrollBar()
        bar.setValue(bar.value() + direction * 2 * self.row_height)

    def is_showing(self, item_id: str) -> bool:
        """Whether the whole of an item is inside the visible part of the list."""
        b = self.items[item_id]
        top = b.mapTo(self.area.viewport(), b.rect().topLeft()).y()
        return top >= 0 and top + b.height() <= self.area.viewport().height()

    def _on_pick(self, item_id: str) -> None:
        if self.done:
            return
        by_id = {i.id: self.local(i.text) for i in self.task.items}
        self.report(checks.check_scroll_pick(item_id, by_id[item_id], self.task.answer,
                                             by_id[self.task.answer]))


class SwipeCanvas(_Canvas):
    swiped = Signal(float, float)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.text = ""
        self.counter = ""
        self._start: QPointF | None = None
        self.drag_x = 0.0

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._start = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._start is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self.drag_x = event.position().x() - self._start.x()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._start is None:
            return
        d = event.position() - self._start
        self._start = None
        self.drag_x = 0.0
        self.update()
        self.swiped.emit(d.x(), d.y())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.frame(p)
        rect = QRectF(self.width() / 2 - 220 + self.drag_x, 30, 440, self.height() - 90)
        self.card(p, rect, self.text, QColor("#1d70b8"))
        p.setPen(self.colours()[1])
        p.drawText(QRectF(0, self.height() - 52, self.width(), 44),
                   Qt.AlignmentFlag.AlignCenter, self.counter)
        p.end()


class SwipePractice(PracticeWidget):
    """Swipe the picture the way ``task.direction`` says; or tap the Next picture button."""

    def __init__(self, task: Task, catalogue: TutorialCatalogue, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(task, catalogue, language, parent)
        self.index = 0
        self.canvas = SwipeCanvas(self)
        self.canvas.setAccessibleName(self.local(task.prompt))
        self.canvas.swiped.connect(self._on_swipe)
        self.next_button = button(self.words("swipe.next_button") + " ›", self)
        self.next_button.setAccessibleName(self.words("swipe.next_button"))
        self.next_button.clicked.connect(self._on_next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.canvas)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.next_button)
        layout.addLayout(row)
        self._show()

    def picture(self) -> str:
        return self.task.items[self.index].id

    def _show(self) -> None:
        self.canvas.text = self.local(self.task.items[self.index].text)
        self.canvas.counter = f"{self.index + 1} / {len(self.task.items)}"
        self.canvas.update()

    def _advance(self) -> None:
        self.index = (self.index + 1) % len(self.task.items)
        self._show()

    def _on_swipe(self, dx: float, dy: float) -> None:
        verdict = checks.check_swipe(dx, dy, self.task.direction)
        if verdict.ok:
            self._advance()
        if not self.done or verdict.ok:
            self.report(verdict)

    def _on_next_button(self) -> None:
        self._advance()
        self.report(Verdict(True, "swipe.alternative"))


# -- typing ------------------------------------------------------------------------------
class TypingPractice(PracticeWidget):
    """Type the example into the box. It counts the moment the text matches; "Check my
    typing" says kindly what is different. The kiosk's on-screen keyboard types into the
    box (the shell attaches it when the box has focus); a hardware keyboard works too."""

    def __init__(self, task: Task, catalogue: TutorialCatalogue, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(task, catalogue, language, parent)
        self.expected = self.local(task.expected)
        layout = QVBoxLayout(self)
        layout.addWidget(label(self.words("type.example"), self, "hint"))
        example = label(self.expected, self, "reference")
        example.setAccessibleName(self.expected)
        layout.addWidget(example)
        self.field = QLineEdit(self)
        resident_field(self.field)
        self.field.setAccessibleName(self.words("type.box"))
        label_field(self.field, self.words("type.box"))
        self.field.setMinimumHeight(72)
        # the example's own letters: Latin for "Cardiff" in an Urdu lesson
        self.field.setProperty("keyboard", mode_for_text(self.expected))
        self.field.setText(self.local(task.start))
        self.field.textChanged.connect(self._on_changed)
        layout.addWidget(self.field)
        self.check = button(self.words("type.check"), self)
        self.check.clicked.connect(self._on_check)
        row = QHBoxLayout()
        row.addWidget(self.check)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    def _on_changed(self, text: str) -> None:
        if not self.done and text == self.expected:
            self.report(checks.check_typed(text, self.expected))

    def _on_check(self) -> None:
        self.report(checks.check_typed(self.field.text(), self.expected))

    def stop(self) -> None:
        self.field.clear()


class PasswordPractice(PracticeWidget):
    """Make up a practice password; the check says what would make it stronger.
    The words are never stored, and the box is emptied when the step is left."""

    def __init__(self, task: Task, catalogue: TutorialCatalogue, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(task, catalogue, language, parent)
        layout = QVBoxLayout(self)
        box_label = label(self.words("password.box"), self, "h2")
        layout.addWidget(box_label)
        self.field = QLineEdit(self)
        resident_field(self.field)
        box_label.setBuddy(self.field)  # its labelled-by relation
        self.field.setAccessibleName(self.words("password.box"))
        self.field.setMinimumHeight(72)
        self.field.setProperty("keyboard", LATIN)  # the check counts capitals, as sites do
        layout.addWidget(self.field)
        self.check = button(self.words("password.check"), self)
        self.check.clicked.connect(self._on_check)
        self.field.returnPressed.connect(self._on_check)
        row = QHBoxLayout()
        row.addWidget(self.check)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    def _on_check(self) -> None:
        self.report(checks.check_password(self.field.text()))

    def stop(self) -> None:
        self.field.clear()


# -- quiz --------------------------------------------------------------------------------
class QuizPractice(PracticeWidget):
    """One question at a time; any wrong answer explains itself and can be tried again."""

    def __init__(self, task: Task, catalogue: TutorialCatalogue, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(task, catalogue, language, parent)
        self.index = 0
        layout = QVBoxLayout(self)
        self.counter = label("", self, "hint")
        self.prompt = label("", self, "h2")
        layout.addWidget(self.counter)
        layout.addWidget(self.prompt)
        self.choices_box = QVBoxLayout()
        layout.addLayout(self.choices_box)
        self.next_button = button(self.words("quiz.next"), self, "primary")
        self.next_button.clicked.connect(self._next)
        row = QHBoxLayout()
        row.addWidget(self.next_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.choice_buttons: list[QPushButton] = []
        self._show()

    def _show(self) -> None:
        q = self.task.questions[self.index]
        self.counter.setText(self.words("quiz.question_of", number=str(self.index + 1),
                                        total=str(len(self.task.questions))))
        self.counter.setVisible(len(self.task.questions) > 1)
        self.prompt.setText(self.local(q.prompt))
        for b in self.choice_buttons:
            b.hide()
            b.deleteLater()
        self.choice_buttons = []
        for i, choice in enumerate(q.choices):
            b = button(self.local(choice.text), self, "tile")
            b.clicked.connect(lambda _=False, n=i: self._on_choice(n))
            self.choices_box.addWidget(b)
            b.show()
            self.choice_buttons.append(b)
        self.next_button.hide()

    def question_text(self) -> str:
        return self.prompt.text()

    def _on_choice(self, n: int) -> None:
        choice = self.task.questions[self.index].choices[n]
        verdict = checks.check_choice(choice.correct)
        explanation = self.local(choice.explanation)
        if verdict.ok:
            for b in self.choice_buttons:
                b.setEnabled(b is self.choice_buttons[n])
            last = self.index == len(self.task.questions) - 1
            self.attempted.emit(SUCCESS, explanation)
            if last and not self.done:
                self.done = True
                self.succeeded.emit()
            elif not last:
                self.next_button.show()
        else:
            self.attempted.emit(RETRY, f"{self.words('quiz.wrong')} {explanation}")

    def _next(self) -> None:
        if self.index < len(self.task.questions) - 1:
            self.index += 1
            self._show()
            self.attempted.emit(INFO, "")


# -- the practice form -------------------------------------------------------------------
class FormPractice(PracticeWidget):
    """A practice twin of a council form, run by the real journey engine and drawn by the
    real question and check-your-answers screens (``ui.screens``): one question a page,
    the same checks and GOV.UK error messages as every real form, and a Send button that
    sends nothing and keeps nothing (``kiosk.tutorials.practice_form``)."""

    def __init__(self, task: Task, catalogue: TutorialCatalogue, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(task, catalogue, language, parent)
        self.form = PracticeForm(practice_journey(task, catalogue), language)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.banner = label(self.words("form.practice_banner"), self, "hint")
        layout.addWidget(self.banner)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages)
        self.question = QuestionScreen(self._interface_words, self.pages)
        self.check = CheckAnswersScreen(self._interface_words, self.pages)
        self.sent_page = QWidget(self.pages)
        sent = QVBoxLayout(self.sent_page)
        self.sent_label = label(self.words("form.sent"), self.sent_page, "lead")
        sent.addWidget(self.sent_label)
        sent.addStretch(1)
        for screen in (self.question, self.check):
            # The lesson's page scrolls; the form's screens are as tall as their words.
            screen.page.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            screen.page.content.installEventFilter(self)
            screen.page.viewport().installEventFilter(self)
            self.pages.addWidget(screen)
        self.pages.addWidget(self.sent_page)
        self.question.continued.connect(self._on_continue)
        self.question.back_requested.connect(self._on_back)
        self.check.change_requested.connect(self._on_change)
        self.check.submitted.connect(self._on_send)
        self.check.back_requested.connect(self._on_back)
        self._render()

    def _interface_words(self, message_id: str, **values: object) -> str:
        """The kiosk's interface words (``kiosk/data/strings.yaml``), as the shell gives them,
        except those a practice says in its own words (``PRACTICE_WORDS``)."""
        if message_id in PRACTICE_WORDS:
            return self.words(PRACTICE_WORDS[message_id])
        return load_catalogue().text(message_id, self.language, **values)

    @property
    def run(self) -> JourneyRun:
        return self.form.run

    def current_screen(self) -> QWidget | None:
        """The question screen, check your answers, or the "sent" page."""
        return self.pages.currentWidget()

    def _render(self) -> None:
        """Draw the run's state: its page, check your answers, or the "sent" page."""
        run = self.form.run
        screen: Screen | None = None
        if self.form.sent:
            self.question.leave()
            self.check.leave()
        elif run.at_check_answers:
            self.question.leave()
            self.check.enter(run.check_answers())
            screen = self.check
        else:
            self.check.leave()
            self.question.enter(run.page())
            screen = self.question
        for other in (self.question, self.check):
            if other is not screen:
                other.setMinimumHeight(0)
        self.pages.setCurrentWidget(screen or self.sent_page)
        if screen is not None:
            self._fit(screen)

    @staticmethod
    def _fit(screen: Screen) -> None:
        screen.page.fit()
        screen.setMinimumHeight(screen.page.content.minimumHeight())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            for screen in (self.question, self.check):
                if screen is self.pages.currentWidget() and watched in (
                        screen.page.content, screen.page.viewport()):
                    self._fit(screen)
        return False

    def set_language(self, language: str) -> bool:
        """The same page in another language: the answers, and what is typed, stay."""
        run = self.form.run
        if not self.form.sent and not run.at_check_answers and run.page().is_question:
            run.answer(self.question.raw_answer())  # kept, not checked (as the shell does)
        self.language = language
        run.set_language(language)
        self.banner.setText(self.words("form.practice_banner"))
        self.sent_label.setText(self.words("form.sent"))
        self._render()
        return True

    def _on_continue(self, raw: object) -> None:
        run = self.form.run
        if raw is not None:
            run.answer(raw)
        errors = run.continue_()
        self._render()
        if errors:
            focus = self.question.first_focus()
            if focus is not None:
                focus.setFocus(Qt.FocusReason.OtherFocusReason)
            self.attempted.emit(RETRY, f"{ui_word('problem', self.language)}. {errors[0].message}")
        else:
            self.attempted.emit(INFO, "")

    def _on_back(self) -> None:
        self.form.run.back()
        self._render()
        self.attempted.emit(INFO, "")

    def _on_change(self, page_id: str) -> None:
        self.form.run.change(page_id)
        self._render()

    def _on_send(self) -> None:
        self.form.send()  # a practice sends nothing and keeps nothing
        self._render()
        self.report(Verdict(True, "form.sent"))

    def stop(self) -> None:
        self.form.clear()
        self.question.leave()
        self.check.leave()


PRACTICE_WIDGETS: dict[str, type[PracticeWidget]] = {
    TAP: TapPractice,
    HOLD: HoldPractice,
    DRAG: DragPractice,
    SCROLL: ScrollPractice,
    SWIPE: SwipePractice,
    TYPE: TypingPractice,
    PASSWORD: PasswordPractice,
    QUIZ: QuizPractice,
    FORM: FormPractice,
}


def practice_for(task: Task, catalogue: TutorialCatalogue, language: str,
                 parent: QWidget | None = None) -> PracticeWidget:
    return PRACTICE_WIDGETS[task.kind](task, catalogue, language, parent)

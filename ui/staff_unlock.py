"""Staff unlock: press and hold the top-left corner, then the staff PIN on a numeric pad.

``CornerHold`` watches the presses given to the window (``ui.window_input``); a press held still in the window's
top-left corner for ``STAFF_HOLD_SECONDS`` opens ``PinPad``. The pad shows dots, never
digits, says nothing aloud, and reports the lockout (five wrong tries lock it for five
minutes, kept by ``offline.staff.StaffPin`` across restarts). ``StaffMenu`` is the small
panel staff reach after the PIN; the staff panel adds its own actions to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.session import (
    PIN_MAX_DIGITS,
    STAFF_HOLD_SECONDS,
    STRINGS,
    lockout_words,
    wrong_pin_words,
)
from ui.widgets import DIALOG, button, hold_focus, label, set_accessible_role, set_label_text

CORNER_PX = 96
_HOLD_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel,
})
KEY_PX = 96  # at least the 72 px touch target


class PinChecker(Protocol):
    """What the pad needs from ``offline.staff.StaffPin``."""

    def check(self, pin: str) -> Any: ...
    def status(self) -> Any: ...


class CornerHold(QObject):
    """Notices a press held in ``window``'s top-left corner for ``hold_ms``.

    Install with ``ui.window_input.watch_window``; it never consumes an event. Moving out of the corner or
    lifting the finger early cancels the hold.

    Signals:
        held: the corner was held long enough.
    """

    held = Signal()

    def __init__(self, window: QWidget, *, hold_ms: int = int(STAFF_HOLD_SECONDS * 1000),
                 corner_px: int = CORNER_PX) -> None:
        super().__init__(window)
        self.window = window
        self.corner_px = corner_px
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hold_ms)
        self._timer.timeout.connect(self.held.emit)

    @property
    def holding(self) -> bool:
        return self._timer.isActive()

    def _in_corner(self, global_pos: QPoint) -> bool:
        local = self.window.mapFromGlobal(global_pos)
        return QRect(0, 0, self.corner_px, self.corner_px).contains(local)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind not in _HOLD_EVENTS or not self.window.isVisible():
            return False
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove) and isinstance(
            event, QMouseEvent
        ):
            inside = self._in_corner(event.globalPosition().toPoint())
            if kind == QEvent.Type.MouseButtonPress and inside:
                self._timer.start()
            elif kind == QEvent.Type.MouseMove and not inside:
                self._timer.stop()
        elif kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate) and isinstance(
            event, QTouchEvent
        ):
            points = event.points()
            inside = len(points) == 1 and self._in_corner(points[0].globalPosition().toPoint())
            if kind == QEvent.Type.TouchBegin and inside:
                self._timer.start()
            elif not inside:
                self._timer.stop()
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd,
                      QEvent.Type.TouchCancel):
            self._timer.stop()
        return False


class PinPad(QFrame):
    """A numeric pad over its host for the staff PIN. Digits show as dots and are never spoken.

    Signals:
        unlocked: the right PIN was entered.
        cancelled: Cancel was tapped.
    """

    unlocked = Signal()
    cancelled = Signal()

    def __init__(self, host: QWidget, checker: PinChecker, language: Callable[[], str] = lambda: "en"
                 ) -> None:
        super().__init__(host)
        self.setObjectName("PinPad")
        self.setProperty("modal_overlay", True)  # holds focus (hold_focus); the audit checks it
        set_accessible_role(self, DIALOG)  # a modal dialog to assistive technology
        self.setAutoFillBackground(True)
        self._host = host
        self._checker = checker
        self._language = language
        self._digits: list[str] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 32, 48, 32)
        outer.setSpacing(16)
        self.heading = label("", self, role="h1")
        self.dots = label("", self, role="reference")
        self.dots.setMinimumHeight(KEY_PX)
        self.message = label("", self, role="inline-error")
        outer.addWidget(self.heading)
        outer.addWidget(self.dots)
        outer.addWidget(self.message)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.keys: dict[str, QPushButton] = {}
        for i, digit in enumerate("123456789"):
            self.keys[digit] = self._key(digit)
            grid.addWidget(self.keys[digit], i // 3, i % 3)
        self.delete = self._key("Delete", role="secondary")
        self.delete.clicked.disconnect()
        self.delete.clicked.connect(self._delete)
        self.keys["0"] = self._key("0")
        self.unlock = self._key("", role="primary")
        self.unlock.clicked.disconnect()
        self.unlock.clicked.connect(self._try)
        grid.addWidget(self.delete, 3, 0)
        grid.addWidget(self.keys["0"], 3, 1)
        grid.addWidget(self.unlock, 3, 2)
        row = QHBoxLayout()
        row.addLayout(grid)
        row.addStretch(1)
        outer.addLayout(row)
        self.cancel = button("", self, role="link")
        self.cancel.clicked.connect(self._cancel)
        outer.addWidget(self.cancel)
        outer.addStretch(1)
        host.installEventFilter(self)
        self.hide()

    def _key(self, text: str, role: str = "key") -> QPushButton:
        b = button(text, self, role=role)
        b.setMinimumSize(KEY_PX, KEY_PX)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.clicked.connect(lambda _=False, t=text: self._press(t))
        return b

    # -- showing ------------------------------------------------------------------------
    def open(self) -> None:
        language = self._language()
        set_label_text(self.heading, STRINGS.text("staff_pin_title", language))
        for b, mid in ((self.unlock, "staff_pin_unlock"), (self.cancel, "staff_pin_cancel")):
            b.setText(STRINGS.text(mid, language))
            b.setAccessibleName(b.text())
        self.delete.setAccessibleName(STRINGS.text("staff_pin_delete", language))
        self._digits.clear()
        self._show_dots()
        status = self._checker.status()
        self._show_status(status, wrong=False)
        self.setGeometry(self._host.rect())
        self.show()
        self.raise_()
        # Focus into the pad (its heading), so a screen reader says what opened.
        self.heading.setFocus(Qt.FocusReason.OtherFocusReason)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt's names)
        """Modal: Tab stays on the pad."""
        if self.isVisible() and hold_focus(self, next):
            return True
        return super().focusNextPrevChild(next)  # hidden: Qt moves the focus off it

    def close_pad(self) -> None:
        self._digits.clear()
        self._show_dots()
        set_label_text(self.message, "")
        self.hide()

    @property
    def entered(self) -> int:
        """How many digits are entered (the digits themselves are not readable from outside)."""
        return len(self._digits)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._host and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self._host.rect())
        return False

    # -- input --------------------------------------------------------------------------
    def _press(self, digit: str) -> None:
        if len(self._digits) < PIN_MAX_DIGITS:
            self._digits.append(digit)
        self._show_dots()

    def _delete(self) -> None:
        if self._digits:
            self._digits.pop()
        self._show_dots()

    def _cancel(self) -> None:
        self.close_pad()
        self.cancelled.emit()

    def _try(self) -> None:
        pin = "".join(self._digits)
        self._digits.clear()
        self._show_dots()
        result = self._checker.check(pin)
        if result.unlocked:
            self.close_pad()
            self.unlocked.emit()
            return
        self._show_status(result, wrong=True)

    def _show_dots(self) -> None:
        n = len(self._digits)
        self.dots.setText("●" * n)
        self.dots.setAccessibleName(
            STRINGS.text("staff_pin_entered", self._language(), n=n, max=PIN_MAX_DIGITS)
        )

    def _show_status(self, result: Any, *, wrong: bool) -> None:
        language = self._language()
        if not result.pin_set:
            text = STRINGS.text("staff_pin_not_set", language)
        elif result.locked:
            text = lockout_words(result.seconds_locked, language)
        elif wrong:
            text = wrong_pin_words(result.tries_left, language)
        else:
            text = ""
        set_label_text(self.message, text)
        usable = result.pin_set and not result.locked
        for b in (*self.keys.values(), self.delete, self.unlock):
            b.setEnabled(usable)


class StaffMenu(QFrame):
    """What staff see after the PIN: their actions, and a way back to the kiosk.

    Signals:
        closed: staff went back to the kiosk.
    """

    closed = Signal()

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("StaffMenu")
        self.setAutoFillBackground(True)
        self._host = host
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 32, 48, 32)
        box.setSpacing(16)
        box.addWidget(label("Staff", self, role="h1"))
        self._actions = QVBoxLayout()
        box.addLayout(self._actions)
        self.back = button("Back to the kiosk", self, role="primary")
        self.back.clicked.connect(self._close)
        box.addWidget(self.back)
        box.addStretch(1)
        self.hide()

    def add_action(self, text: str, action: Callable[[], None]) -> QPushButton:
        b = button(text, self)
        b.clicked.connect(action)
        self._actions.addWidget(b)
        return b

    def open(self) -> None:
        self.setGeometry(self._host.rect())
        self.show()
        self.raise_()

    def _close(self) -> None:
        self.hide()
        self.closed.emit()

"""The idle watcher and its warning: Qt glue around ``kiosk.session.IdleTimer``.

``ActivityFilter`` sees every touch, click, wheel and key the application receives and
says so; ``IdleWatcher`` feeds that to the timer, polls it on a single-shot ``QTimer`` and
re-emits its events as signals; ``IdleWarning`` is the overlay that shows (and, through
the speaker it is given, says) "For your security, we will delete your answers in 2
minutes", with a big "I need more time" button; ``DeletedScreen`` says "We deleted your
answers" afterwards. Every rule (when, how often, what words) is in ``kiosk.session``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import load_catalogue
from kiosk.session import (
    STRINGS,
    Announce,
    CountdownChanged,
    Event,
    Expired,
    IdlePolicy,
    IdleTimer,
    Phase,
    WarningDismissed,
    WarningShown,
    spoken_warning,
    warning_text,
)
from ui.welcome import Screen
from ui.widgets import ALERT, DIALOG, button, hold_focus, label, set_accessible_role, set_label_text
from ui.window_input import unwatch_window, watch_window

_SHARED_WORDS = load_catalogue()  # the words every screen shares (a scroll bar's name, …)

ACTIVITY_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseMove,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
})


class ActivityFilter(QObject):
    """An event filter that notices any touch, click or key given to the window.

    It never consumes an event. ``IdleWatcher.install`` puts it on the window's QWindow
    (``ui.window_input``).

    Signals:
        activity_seen: the resident touched, clicked, scrolled or typed.
    """

    activity_seen = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in ACTIVITY_EVENTS:
            self.activity_seen.emit()
        return False


class IdleWatcher(QObject):
    """Counts idle time for the session and says when to warn, speak and wipe.

    ``clock`` returns monotonic seconds (tests pass a fake one and call ``poll``).

    Signals:
        warning_shown: the warning should open. arg: seconds left.
        countdown_changed: the shown countdown has new words. arg: seconds left.
        announced: say the time left out loud. args: seconds left, first announcement.
        warning_dismissed: the resident asked for more time.
        expired: time ran out, or the resident chose to delete now: wipe.
    """

    warning_shown = Signal(int)
    countdown_changed = Signal(int)
    announced = Signal(int, bool)
    warning_dismissed = Signal()
    expired = Signal()

    def __init__(
        self,
        policy: IdlePolicy,
        *,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.timer = IdleTimer(policy, clock)
        self.activity_filter = ActivityFilter(self)
        self.activity_filter.activity_seen.connect(self.activity)
        self._tick = QTimer(self)
        self._tick.setSingleShot(True)
        self._tick.timeout.connect(self.poll)
        self._running = False
        self._window: QWidget | None = None

    # -- control ------------------------------------------------------------------------
    def install(self, window: QWidget) -> None:
        """Watch the touches, clicks and keys ``window`` (the kiosk window) is given."""
        self.uninstall()
        self._window = window
        watch_window(window, self.activity_filter)

    def uninstall(self) -> None:
        if self._window is not None:
            unwatch_window(self._window, self.activity_filter)
            self._window = None

    def start(self) -> None:
        """Start a fresh session's idle time now."""
        self.timer.restart()
        self._running = True
        self._schedule()

    def stop(self) -> None:
        self._running = False
        self._tick.stop()

    @property
    def running(self) -> bool:
        return self._running

    @property
    def phase(self) -> Phase:
        return self.timer.phase

    # -- inputs -------------------------------------------------------------------------
    def activity(self) -> None:
        if self._running:
            self.timer.activity()

    def extend(self) -> None:
        self._emit(self.timer.extend())
        self._schedule()

    def give_up(self) -> None:
        self._emit(self.timer.give_up())
        self._schedule()

    def poll(self) -> None:
        if not self._running:
            return
        self._emit(self.timer.poll())
        self._schedule()

    # -- inside -------------------------------------------------------------------------
    def _schedule(self) -> None:
        if not self._running or self.timer.phase is Phase.EXPIRED:
            self._tick.stop()
            return
        wait_ms = max(10, int(self.timer.seconds_to_next_event() * 1000) + 5)
        self._tick.start(wait_ms)

    def _emit(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, WarningShown):
                self.warning_shown.emit(event.seconds_left)
            elif isinstance(event, CountdownChanged):
                self.countdown_changed.emit(event.seconds_left)
            elif isinstance(event, Announce):
                self.announced.emit(event.seconds_left, event.first)
            elif isinstance(event, WarningDismissed):
                self.warning_dismissed.emit()
            elif isinstance(event, Expired):
                self._running = False
                self.expired.emit()


class FocusMemory:
    """Where the focus and the text cursor were, to put them back exactly (no selection).

    Hiding the focused "I need more time" button hands the focus on as a Tab would, and a
    box given the focus by Tab selects all its text: the next key would replace it all.
    """

    def __init__(self) -> None:
        self._widget: QWidget | None = None
        self._cursor = 0

    def remember(self, widget: QWidget | None) -> None:
        self._widget = widget
        if isinstance(widget, QLineEdit):
            self._cursor = widget.cursorPosition()
        elif isinstance(widget, QPlainTextEdit):
            self._cursor = widget.textCursor().position()

    def forget(self) -> None:
        self._widget = None

    def restore(self) -> None:
        widget, self._widget = self._widget, None
        if widget is None or not shiboken6.isValid(widget) or not widget.isVisible():
            return
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.deselect()
            widget.setCursorPosition(min(self._cursor, len(widget.text())))
        elif isinstance(widget, QPlainTextEdit):
            cursor = widget.textCursor()
            cursor.setPosition(min(self._cursor, len(widget.toPlainText())),
                               QTextCursor.MoveMode.MoveAnchor)
            widget.setTextCursor(cursor)


class IdleWarning(QFrame):
    """The overlay that covers its host while the idle warning counts down.

    It takes the whole host, so no other control can be reached under it; focus goes to
    the "I need more time" button when it opens. Escape also asks for more time (the DWP
    pattern lets the resident close the warning with the escape key).

    Signals:
        more_time_requested: "I need more time" was tapped (or Escape pressed).
        delete_requested: "Delete your answers now" was tapped.
    """

    more_time_requested = Signal()
    delete_requested = Signal()

    def __init__(self, host: QWidget, language: Callable[[], str] = lambda: "en") -> None:
        super().__init__(host)
        self.setObjectName("IdleWarning")
        self.setProperty("role", "overlay")
        self.setProperty("modal_overlay", True)  # holds focus (hold_focus); the audit checks it
        set_accessible_role(self, DIALOG)  # a modal dialog to assistive technology
        self.setAutoFillBackground(True)
        self._host = host
        self._language = language
        # The panel is centred; when its words do not fit the screen (200 % text in Welsh)
        # it scrolls rather than squeezing them.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop of its own
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.viewport().setAutoFillBackground(False)
        holder = QWidget(self.scroll_area)
        column = QVBoxLayout(holder)
        column.setContentsMargins(48, 48, 48, 48)
        column.addStretch(1)
        self.panel = QFrame(holder)
        self.panel.setProperty("role", "error-summary")
        set_accessible_role(self.panel, ALERT)  # the warning itself: read out as an alert
        body = QVBoxLayout(self.panel)
        body.setContentsMargins(40, 32, 40, 32)
        body.setSpacing(24)
        self.title = label("", self.panel, role="h1")
        self.message = label("", self.panel, role="lead")
        self.safe = label("", self.panel)
        self.more_time = button("", self.panel, role="primary")
        self.more_time.setMinimumHeight(96)
        self.delete_now = button("", self.panel, role="link")
        for w in (self.title, self.message, self.safe):
            body.addWidget(w)
        row = QHBoxLayout()
        row.addWidget(self.more_time, 1)
        body.addLayout(row)
        body.addWidget(self.delete_now)
        column.addWidget(self.panel)
        column.addStretch(1)
        self.scroll_area.setWidget(holder)
        outer.addWidget(self.scroll_area)
        self.more_time.clicked.connect(self.more_time_requested.emit)
        self.delete_now.clicked.connect(self.delete_requested.emit)
        self.seconds_left = 0
        self._before = FocusMemory()
        host.installEventFilter(self)
        self.hide()

    def open(self, seconds_left: int) -> None:
        """Show the warning over the host with ``seconds_left`` to go, focus on the button
        (where the focus was is remembered, for ``close_warning``)."""
        if not self.isVisible():
            focus = QApplication.focusWidget()
            self._before.remember(focus if focus is not None and not self.isAncestorOf(focus)
                                  else None)
        language = self._language()
        self.scroll_area.verticalScrollBar().setAccessibleName(
            _SHARED_WORDS.text("scroll_bar", language))
        set_label_text(self.title, STRINGS.text("idle_title", language))
        set_label_text(self.safe, STRINGS.text("idle_safe", language))
        text = STRINGS.text("idle_more_time", language)
        self.more_time.setText(text)
        self.more_time.setAccessibleName(text)
        text = STRINGS.text("idle_delete_now", language)
        self.delete_now.setText(text)
        self.delete_now.setAccessibleName(text)
        self.set_seconds_left(seconds_left)
        self.setGeometry(self._host.rect())
        self.show()
        self.raise_()
        self.more_time.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_seconds_left(self, seconds_left: int) -> None:
        self.seconds_left = seconds_left
        set_label_text(self.message, warning_text(seconds_left, self._language()))
        self.setAccessibleName(f"{self.title.text()} {self.message.text()}")

    def close_warning(self, *, restore_focus: bool = True) -> None:
        """Hide the warning; the focus, the text cursor and no selection go back to the box
        the resident was typing in (not when the answers are being deleted)."""
        was_visible = self.isVisible()
        self.hide()
        if restore_focus and was_visible:
            self._before.restore()
        else:
            self._before.forget()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._host and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self._host.rect())
        return False

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt's names)
        """Modal: Tab goes round the warning's own buttons, never to the page behind it."""
        if self.isVisible() and hold_focus(self, next):
            return True
        return super().focusNextPrevChild(next)  # hidden: Qt moves the focus off it

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self.more_time_requested.emit()
            return
        super().keyPressEvent(event)


class DeletedScreen(Screen):
    """"We deleted your answers", then the welcome screen (by a tap, or by itself).

    A ``Screen`` of the shell's stack, so it is read aloud and styled like the others.

    Signals:
        done: the resident tapped Start again, or the screen timed out.
    """

    done = Signal()

    def __init__(self, language: Callable[[], str] = lambda: "en", *, return_after_ms: int = 30_000,
                 parent: QWidget | None = None) -> None:
        def tr(message_id: str, **values: Any) -> str:
            words = STRINGS if message_id in STRINGS.messages else _SHARED_WORDS
            return words.text(message_id, language(), **values)

        super().__init__(tr, parent)
        self.setObjectName("DeletedScreen")
        self.start: QPushButton | None = None
        self._return = QTimer(self)
        self._return.setSingleShot(True)
        self._return.setInterval(return_after_ms)
        self._return.timeout.connect(self.done.emit)

    def build(self, _model: object = None) -> None:
        self._title = self._tr("deleted_title")
        self._heading(self._title)
        self._text(self._tr("deleted_body"), role="lead")
        self.start = button(self._tr("deleted_continue"), self.page.content, role="start")
        self.start.clicked.connect(self.done.emit)
        self._button_row(self.start)
        self._return.start()

    def leave(self) -> None:
        self._return.stop()
        self.start = None
        super().leave()

    def first_focus(self) -> QWidget | None:
        return self.start


def speak_warning(speaker: Any, seconds_left: int, first: bool, language: str) -> None:
    """Say the warning through ``speaker`` (anything with ``say(text, language)``)."""
    if speaker is None:
        return
    if first and hasattr(speaker, "stop"):
        speaker.stop()
    speaker.say(spoken_warning(seconds_left, language, first=first), language)

"""Read-aloud mode: each page is read when it opens; touch once to hear, again to choose.

EN 301 549 clause 5.1.3 asks a closed kiosk to bring its own non-visual access. The top
bar's "Read aloud" switches the mode on and off. While it is on:

- each new page is read when it opens (its words, its choices and whether they are
  selected, its buttons); a new page stops the old speech;
- the **first touch** on a control (a button, a choice, a field, a key of the on-screen
  keyboard) speaks it and marks it with a yellow ring; a **second touch** on the same
  control chooses it, as a touch does when the mode is off. A quick double tap therefore
  also chooses. Touching words that are not a control reads them. This is one rule,
  learnable without sight, and nothing happens by accident while a resident explores
  the screen by touch. The rule is shown on the bar and said when the mode starts;
- the :class:`ReadAloudBar` (always just below the top bar) holds Repeat, Stop,
  Slower, Faster, Quieter, Louder and Private listening. Its buttons, and the Read aloud
  switch itself, act on the first touch: they only change the voice, and each says
  what it did;
- what the resident typed (and their answers on "Check your answers") is spoken only
  with private listening (headphones) on; otherwise the kiosk says that the answer is
  not read aloud and how to hear it.

:class:`ReadAloud` is the controller; the shell owns one, tells it when a page opens,
and says which widgets follow the two-touch rule. The speaker is anything with
``say(text, language)`` and ``stop()``; ``speak``, ``repeat``, ``set_rate``,
``set_volume``, ``set_private_listening`` and ``reset`` are used when it has them
(``accessibility.speech.Speaker`` has them all).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent, QWindow
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from accessibility.speech import Voice
from accessibility.spoken import DEFAULT_VOLUME, SpeechPart
from ui import theme
from ui.widgets import ChoiceRow, FlowLayout, button, label, rename, set_label_text

Translate = Callable[..., str]

# Speaking rate, as a multiple of the engine's default; volume from 0 to 1. Volume spans
# 0.1 to 1.0 (20 dB, EN 301 549 8.2.1 asks for at least 18 dB). Both start in the middle
# and go back there for the next resident.
RATES: tuple[float, ...] = (0.6, 0.75, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75)
DEFAULT_RATE_STEP = RATES.index(1.0)
VOLUMES: tuple[float, ...] = (0.1, 0.2, 0.35, 0.5, DEFAULT_VOLUME, 0.85, 1.0)
DEFAULT_VOLUME_STEP = VOLUMES.index(DEFAULT_VOLUME)

_PRESS_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)


def control_for(widget: QWidget | None) -> QWidget | None:
    """The control a touch on ``widget`` would work: a button, a choice (its words count
    too), a text field or a key; None for words, frames and empty space."""
    while widget is not None:
        if isinstance(widget, ChoiceRow):
            return widget.choice
        if isinstance(widget, (QAbstractButton, QLineEdit, QPlainTextEdit)):
            return widget
        widget = widget.parentWidget()
    return None


def speech_available(speaker: Voice | None) -> bool:
    """There is a speaker and its engine works."""
    return speaker is not None and speaker.available


@runtime_checkable
class Readable(Protocol):
    """A screen that can be read aloud (the welcome screen, question pages, notices...)."""

    def spoken_parts(self) -> Sequence[SpeechPart]: ...


class FocusRing(QWidget):
    """The read-aloud mark: a thick yellow ring with a black inner line over a control.

    It is a child of the marked control, so it moves, scrolls and is deleted with it;
    touches pass through it.
    """

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(target.rect())
        target.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize and isinstance(event, QResizeEvent):
            self.setGeometry(0, 0, event.size().width(), event.size().height())
            self.raise_()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        outer = QPen(QColor(theme.STANDARD.focus))
        outer.setWidth(8)
        painter.setPen(outer)
        painter.drawRect(self.rect().adjusted(4, 4, -4, -4))
        inner = QPen(QColor(theme.STANDARD.focus_text))
        inner.setWidth(3)
        painter.setPen(inner)
        painter.drawRect(self.rect().adjusted(9, 9, -10, -10))
        painter.end()


class ReadAloudBar(QFrame):
    """The rule ("Touch something once to hear it ...") and the voice's controls.

    Shown only in read-aloud mode, always just below the top bar. With no speech engine
    it shows only the message that read aloud is not available, and OK.

    Signals:
        repeat_requested, stop_requested, slower_requested, faster_requested,
        quieter_requested, louder_requested: that button was tapped.
        private_listening_requested: Private listening was tapped. arg: the new state.
        dismissed: OK under "not available" was tapped.
    """

    repeat_requested = Signal()
    stop_requested = Signal()
    slower_requested = Signal()
    faster_requested = Signal()
    quieter_requested = Signal()
    louder_requested = Signal()
    private_listening_requested = Signal(bool)
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReadAloudBar")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 8, 16, 8)
        outer.setSpacing(8)
        self.explanation = label("", self, role="bar-title")
        outer.addWidget(self.explanation)
        self._row = FlowLayout(spacing=12)
        outer.addLayout(self._row)
        self.repeat = button("Repeat", self, role="bar")
        self.stop = button("Stop", self, role="bar")
        self.slower = button("Slower", self, role="bar")
        self.faster = button("Faster", self, role="bar")
        self.quieter = button("Quieter", self, role="bar")
        self.louder = button("Louder", self, role="bar")
        self.private = button("Private listening", self, role="bar")
        self.private.setCheckable(True)
        self.ok = button("OK", self, role="bar")
        for b, signal in (
            (self.repeat, self.repeat_requested), (self.stop, self.stop_requested),
            (self.slower, self.slower_requested), (self.faster, self.faster_requested),
            (self.quieter, self.quieter_requested), (self.louder, self.louder_requested),
            (self.ok, self.dismissed),
        ):
            b.clicked.connect(signal.emit)
        self.private.clicked.connect(
            lambda: self.private_listening_requested.emit(self.private.isChecked()))
        for b in (*self.controls, self.ok):
            self._row.addWidget(b)  # hidden ones take no room
        self._words: dict[str, str] = {}
        self._unavailable = False
        self.show_controls()

    @property
    def controls(self) -> tuple[QPushButton, ...]:
        return (self.repeat, self.stop, self.slower, self.faster, self.quieter, self.louder,
                self.private)

    @property
    def unavailable(self) -> bool:
        """The bar shows "not available" instead of the controls."""
        return self._unavailable

    def set_words(self, tr: Translate) -> None:
        """Label everything in the current language (``tr`` is the shell's ``tr_text``)."""
        self._words = {"on": tr("state_on"), "off": tr("state_off"),
                       "private": tr("private_listening")}
        for b, key in ((self.repeat, "read_aloud_repeat"), (self.stop, "read_aloud_stop"),
                       (self.slower, "read_aloud_slower"), (self.faster, "read_aloud_faster"),
                       (self.quieter, "read_aloud_quieter"), (self.louder, "read_aloud_louder"),
                       (self.ok, "ok")):
            rename(b, tr(key))
        if self._unavailable:
            set_label_text(self.explanation, tr("read_aloud_unavailable"))
        else:
            set_label_text(self.explanation, tr("read_aloud_explain"))
        self.set_private(self.private.isChecked())

    def set_private(self, on: bool) -> None:
        """Show whether private listening is on (the button's state and its name)."""
        self.private.setChecked(on)
        words = self._words or {"on": "on", "off": "off", "private": "Private listening"}
        rename(self.private, words["private"],
               f"{words['private']}: {words['on'] if on else words['off']}")

    def show_controls(self, explanation: str = "") -> None:
        self._unavailable = False
        if explanation:
            set_label_text(self.explanation, explanation)
        for b in self.controls:
            b.show()
        self.ok.hide()

    def show_unavailable(self, message: str) -> None:
        self._unavailable = True
        set_label_text(self.explanation, message)
        for b in self.controls:
            b.hide()
        self.ok.show()


def stylesheet(scale: int = 100, high_contrast: bool = False) -> str:
    """The bar's rules, added to ``ui.theme.stylesheet`` by the shell (dark like the top bar)."""
    c = theme.palette(high_contrast)
    border = 3 if high_contrast else 2
    return f"""
QFrame#ReadAloudBar {{ background: {c.bar}; border-top: {border}px solid {c.bar_text}; }}
QFrame#ReadAloudBar QLabel {{ color: {c.bar_text}; background: transparent; }}
"""


class ReadAloud(QObject):
    """The read-aloud mode of one kiosk window: reading pages, two touches, the voice.

    ``host`` is the kiosk window, ``speaker()`` gives the current speaker (or None),
    ``language()`` the language on screen, ``tr`` the interface words,
    ``in_scope(widget)`` whether a touch on ``widget`` follows the two-touch rule.

    Touches are caught on the window's ``QWindow``, before Qt gives focus to what was
    touched: a first touch on a field must not open the keyboard, which would choose it.

    Signals:
        active_changed(bool): the mode was switched on or off.
        marked(QWidget): a first touch marked this control (and spoke it).
    """

    active_changed = Signal(bool)
    marked = Signal(QWidget)

    def __init__(self, host: QWidget, *, speaker: Callable[[], Voice | None],
                 language: Callable[[], str], tr: Translate,
                 in_scope: Callable[[QWidget], bool]) -> None:
        super().__init__(host)
        self._host = host
        self._window: QWindow | None = None
        self._speaker = speaker
        self._language = language
        self._tr = tr
        self._in_scope = in_scope
        self._active = False
        self._mark: QWidget | None = None
        self._ring: FocusRing | None = None
        self._swallowing = False
        self.private_listening = False
        self.rate_step = DEFAULT_RATE_STEP
        self.volume_step = DEFAULT_VOLUME_STEP

    # -- state ---------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self._active

    @property
    def marked_control(self) -> QWidget | None:
        """The control a second touch would choose, if any."""
        mark = self._mark
        return mark if mark is not None and shiboken6.isValid(mark) else None

    @property
    def rate(self) -> float:
        return RATES[self.rate_step]

    @property
    def volume(self) -> float:
        return VOLUMES[self.volume_step]

    def set_active(self, on: bool) -> None:
        """Switch the mode on or off (the shell speaks and records; this only listens)."""
        if on == self._active:
            return
        self._active = on
        if self._window is not None and shiboken6.isValid(self._window):
            self._window.removeEventFilter(self)
        self._window = None
        if on:
            top = self._host.window()
            top.winId()  # the platform window exists once the kiosk is shown; make sure
            self._window = top.windowHandle()
            if self._window is not None:
                self._window.installEventFilter(self)
        self._swallowing = False
        self.clear_mark()
        self.active_changed.emit(on)

    def reset(self) -> None:
        """For the next resident: mode off, default rate and volume, private listening off,
        and the speaker's own ``reset()``."""
        self.set_active(False)
        self.private_listening = False
        self.rate_step = DEFAULT_RATE_STEP
        self.volume_step = DEFAULT_VOLUME_STEP
        speaker = self._speaker()
        if speaker is None:
            return
        speaker.reset()

    # -- speaking ------------------------------------------------------------------------
    def speak(self, parts: Sequence[SpeechPart], *, interrupt: bool = True) -> bool:
        """Say ``parts`` (after stopping what is being said, unless ``interrupt`` is False).

        Private parts are said only with private listening on; otherwise a sentence says
        that the answer is not read aloud. Returns whether anything was queued.
        """
        speaker = self._speaker()
        if speaker is None or not speaker.available:
            return False
        heard: list[SpeechPart] = []
        hidden = 0
        for part in parts:
            if not part.text.strip():
                continue
            if part.private and not self.private_listening:
                hidden += 1
                continue
            heard.append(part)
        if hidden:
            heard.append(SpeechPart(self._tr("private_not_read_many" if hidden > 1
                                             else "private_not_read")))
        if interrupt:
            speaker.stop()
        if not heard:
            return False
        language = self._language()
        return speaker.speak(tuple(heard), language)

    def say(self, text: str, *, interrupt: bool = True) -> bool:
        return self.speak((SpeechPart(text),), interrupt=interrupt)

    def read_page(self, screen: QWidget | None, *, interrupt: bool = True) -> bool:
        """Read ``screen`` (anything with ``spoken_parts()``); True if something was queued."""
        parts = screen.spoken_parts() if isinstance(screen, Readable) else ()
        if not parts:
            if interrupt:
                self.stop()
            return False
        return self.speak(parts, interrupt=interrupt)

    def page_opened(self, screen: QWidget | None) -> None:
        """A new page is showing: forget the mark; in the mode, stop and read the page."""
        self.clear_mark()
        self._swallowing = False
        if self._active:
            self.read_page(screen)

    def describe(self, control: QWidget) -> tuple[SpeechPart, ...]:
        """What a first touch on ``control`` says: its name, whether a choice is selected,
        and what is in a field (private)."""
        name = control.accessibleName()
        if not name and isinstance(control, QAbstractButton):
            name = control.text()
        if isinstance(control, (QRadioButton, QCheckBox)) and control.isChecked():
            return (SpeechPart(f"{name}, {self._tr('choice_selected')}"),)
        typed = ""
        if isinstance(control, QLineEdit):
            typed = control.text()
        elif isinstance(control, QPlainTextEdit):
            typed = control.toPlainText()
        return (SpeechPart(name), SpeechPart(typed, private=True))

    # -- the voice's controls ------------------------------------------------------------
    def repeat(self) -> bool:
        """Say the last thing again; False if the speaker cannot repeat."""
        speaker = self._speaker()
        return speaker is not None and speaker.available and speaker.repeat()

    def stop(self) -> None:
        speaker = self._speaker()
        if speaker is not None:
            speaker.stop()

    def slower(self) -> None:
        self._set_rate_step(self.rate_step - 1, "read_aloud_slower")

    def faster(self) -> None:
        self._set_rate_step(self.rate_step + 1, "read_aloud_faster")

    def quieter(self) -> None:
        self._set_volume_step(self.volume_step - 1, "read_aloud_quieter")

    def louder(self) -> None:
        self._set_volume_step(self.volume_step + 1, "read_aloud_louder")

    def set_private_listening(self, on: bool) -> None:
        """Speak what the resident typed (on: headphones) or not; says which."""
        self.private_listening = on
        speaker = self._speaker()
        if speaker is not None:
            speaker.set_private_listening(on)
        self.say(self._tr("private_listening_on" if on else "private_listening_off"))

    def _set_rate_step(self, step: int, word: str) -> None:
        self.rate_step = max(0, min(len(RATES) - 1, step))
        speaker = self._speaker()
        if speaker is not None:
            speaker.set_rate(self.rate)
        self.say(self._tr(word))  # heard at the new rate

    def _set_volume_step(self, step: int, word: str) -> None:
        self.volume_step = max(0, min(len(VOLUMES) - 1, step))
        speaker = self._speaker()
        if speaker is not None:
            speaker.set_volume(self.volume)
        self.say(self._tr(word))  # heard at the new volume

    # -- the two-touch rule --------------------------------------------------------------
    def clear_mark(self) -> None:
        ring, self._ring, self._mark = self._ring, None, None
        if ring is not None and shiboken6.isValid(ring):
            ring.hide()
            ring.deleteLater()

    def mark(self, control: QWidget) -> None:
        """Mark ``control`` (ring and name), so the next touch on it chooses it."""
        self.clear_mark()
        self._mark = control
        host = control.parentWidget() if isinstance(control.parentWidget(), ChoiceRow) else control
        self._ring = FocusRing(host) if host is not None else None
        self.marked.emit(control)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.MouseButtonRelease:
            if self._swallowing:
                self._swallowing = False
                return True
            return False
        if kind not in _PRESS_EVENTS or not isinstance(event, QMouseEvent):
            return False
        touched = self._host.window().childAt(event.position().toPoint())
        if touched is None or not self._in_scope(touched):
            return False
        control = control_for(touched)
        if control is None:
            if isinstance(touched, QLabel) and touched.text():
                self.clear_mark()
                self.say(touched.accessibleName() or touched.text())
            return False
        if control is self.marked_control:
            self._after_choosing(control)
            return False  # the second touch: it does what a touch does
        self.mark(control)
        self.speak(self.describe(control))
        self._swallowing = True
        return True

    def _after_choosing(self, control: QWidget) -> None:
        """After a choice is ticked or unticked, say its new state."""
        if isinstance(control, (QRadioButton, QCheckBox)):
            QTimer.singleShot(0, control, lambda c=control: self._say_state(c))

    def _say_state(self, control: QWidget) -> None:
        if self._active and control is self.marked_control:
            self.speak(self.describe(control))


__all__ = ["ReadAloud", "ReadAloudBar", "FocusRing", "RATES", "VOLUMES", "control_for",
           "speech_available", "stylesheet"]

"""Lockdown: the kiosk window stays fullscreen and frameless, and no key or close leaves it.

``Lockdown`` is an event filter for the window and its ``QWindow``, which is given every
key before any widget (``ui.window_input``). It refuses the window's close event and
swallows the shortcuts that close windows or quit programs
(Alt+F4, Ctrl+Q, Ctrl+W, Ctrl+F4, Escape at window level) and the ones that reach the
desktop when the compositor passes them on (the Windows/Super key, Alt+Tab, Ctrl+Esc).
Only ``release()``, which the staff menu calls after a PIN, lets the window close.
Keys the compositor keeps for itself never reach Qt: docs/deploy.md says how to run
the kiosk under cage (Linux) or Assigned Access (Windows) so that there are none.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from ui.window_input import unwatch_window, watch_window

_MODS = Qt.KeyboardModifier
_BLOCKED: frozenset[tuple[int, int]] = frozenset({
    (Qt.Key.Key_F4, _MODS.AltModifier.value),
    (Qt.Key.Key_F4, _MODS.ControlModifier.value),
    (Qt.Key.Key_Q, _MODS.ControlModifier.value),
    (Qt.Key.Key_W, _MODS.ControlModifier.value),
    (Qt.Key.Key_Q, _MODS.ControlModifier.value | _MODS.ShiftModifier.value),
    (Qt.Key.Key_W, _MODS.ControlModifier.value | _MODS.ShiftModifier.value),
    (Qt.Key.Key_Tab, _MODS.AltModifier.value),
    (Qt.Key.Key_Escape, _MODS.ControlModifier.value),
    (Qt.Key.Key_Escape, _MODS.AltModifier.value),
})
_ALWAYS_BLOCKED = frozenset({Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Meta,
                             Qt.Key.Key_Menu, Qt.Key.Key_Close, Qt.Key.Key_Exit, Qt.Key.Key_Back})
_RELEVANT_MODS = (_MODS.ControlModifier | _MODS.AltModifier | _MODS.ShiftModifier
                  | _MODS.MetaModifier)


def is_blocked_key(event: QKeyEvent) -> bool:
    """True for a key press that could close the window or reach the desktop."""
    key = event.key()
    if key in _ALWAYS_BLOCKED:
        return True
    mods = (event.modifiers() & _RELEVANT_MODS).value
    if mods & _MODS.MetaModifier.value:
        return True  # Super+anything belongs to the desktop
    return (key, mods) in _BLOCKED


class Lockdown(QObject):
    """Keeps ``window`` fullscreen and open until staff ``release()`` it.

    ``fullscreen`` is False for ``kiosk run --windowed`` (development): the keys and the
    close event are still refused, but the window keeps its frame.
    """

    def __init__(self, window: QWidget, *, fullscreen: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.fullscreen = fullscreen
        self._released = False
        self.refused = 0  # how many close attempts and shortcuts were refused (for tests, logs)

    @property
    def released(self) -> bool:
        return self._released

    def lock(self, *, keys_everywhere: bool = True) -> None:
        """Make the window fullscreen and frameless and start refusing ways out.

        ``keys_everywhere=False`` (before the first paint, when nothing can be typed yet):
        only the window's own close and keys for now; ``refuse_keys_everywhere()`` adds the
        shortcuts typed into any of its widgets."""
        self._released = False
        w = self.window
        if self.fullscreen:
            w.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            w.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
            w.showFullScreen()
        w.installEventFilter(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)
        if keys_everywhere:
            self.refuse_keys_everywhere()

    def refuse_keys_everywhere(self) -> None:
        """Refuse the ways out typed into any widget of the window: its QWindow is given
        every key first."""
        if not self._released:
            watch_window(self.window, self)  # installed once, however often this is called

    def release(self) -> None:
        """Staff only: let the window close (the staff menu calls this after the PIN)."""
        self._released = True
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(True)
        unwatch_window(self.window, self)
        self.window.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if self._released:
            return False
        kind = event.type()
        if kind == QEvent.Type.Close and watched is self.window:
            event.ignore()
            self.refused += 1
            return True
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(event, QKeyEvent):
            if is_blocked_key(event) or self._window_escape(watched, event):
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    self.refused += 1
                return True
        if kind == QEvent.Type.WindowStateChange and watched is self.window and self.fullscreen:
            if not self.window.isFullScreen() and not self.window.isHidden():
                self.window.showFullScreen()  # someone un-maximised it: put it back
        return False

    def _window_escape(self, watched: QObject, event: QKeyEvent) -> bool:
        """Escape on the window itself (nothing inside wanted it) is swallowed."""
        return event.key() == Qt.Key.Key_Escape and watched is self.window

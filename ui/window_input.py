"""The resident's input as the platform gives it to the kiosk window, watched from Python.

Qt hands every touch, click, wheel turn and key to the window's ``QWindow`` before any
widget sees it. An event filter there sees what the resident does and little else. A
filter on the ``QApplication`` would instead pass every event of every object through
Python (paints, layouts, timers, children added), and PySide then made a Python type for
every Qt class it has, about 4 MB, the first time such a filter met Qt's private gesture
manager, which happens as soon as a second scroll area is made.

The idle watcher, the staff corner and the lockdown's keys each watch the window this way
(``watch_window``). Qt makes a new ``QWindow`` when a window's flags change after it was
shown; the filters move to the new one.

Tests that must be seen by these watchers send their input to the window
(``QTest.mouseClick(window.windowHandle(), ...)``), the way the touchscreen does.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget

_KEEPER = "window-input-keeper"


class _Keeper(QObject):
    """Kept on the window: its watchers, put on each new ``QWindow`` the window is given."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName(_KEEPER)
        self.window = window
        self.watchers: list[QObject] = []
        self.handle: QWindow | None = None
        window.installEventFilter(self)

    def attach(self) -> None:
        """Filter the window's current QWindow (none until the window is first shown;
        the next ``WinIdChange`` brings it)."""
        handle = self.window.windowHandle()
        old = self.handle if self.handle is not None and shiboken6.isValid(self.handle) else None
        if handle is old:
            return
        if old is not None:
            for watcher in self.watchers:
                old.removeEventFilter(watcher)
        self.handle = handle
        if handle is not None:
            for watcher in self.watchers:
                handle.installEventFilter(watcher)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.WinIdChange and watched is self.window:
            self.attach()
        return False


def _keeper(window: QWidget, *, make: bool) -> _Keeper | None:
    found = window.findChild(QObject, _KEEPER)
    if isinstance(found, _Keeper):
        return found
    return _Keeper(window) if make else None


def watch_window(window: QWidget, watcher: QObject) -> None:
    """Filter the events ``window``'s QWindow receives through ``watcher`` (its
    ``eventFilter`` is called with the QWindow as the watched object)."""
    keeper = _keeper(window, make=True)
    assert keeper is not None
    if watcher not in keeper.watchers:
        keeper.watchers.append(watcher)
        if keeper.handle is not None and shiboken6.isValid(keeper.handle):
            keeper.handle.installEventFilter(watcher)
    keeper.attach()


def unwatch_window(window: QWidget, watcher: QObject) -> None:
    """Stop ``watch_window``. Safe to call when it was never watching."""
    keeper = _keeper(window, make=False)
    if keeper is None or watcher not in keeper.watchers:
        return
    keeper.watchers.remove(watcher)
    if keeper.handle is not None and shiboken6.isValid(keeper.handle):
        keeper.handle.removeEventFilter(watcher)


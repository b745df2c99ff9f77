"""Start fast: show the welcome screen first, load everything else right after it is painted.

``Deferred(load)`` runs ``load`` once on a worker thread (so the window keeps answering
touches while the database opens and the journeys are read); ``get()`` waits for it when
a resident needs the result before it is ready, so a tap that comes early still works.
``after_first_paint(widget, fn)`` calls ``fn`` once ``widget`` has been painted for the
first time (or after ``fallback_ms`` if it never is, e.g. a window that stays hidden).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

T = TypeVar("T")


class Deferred(Generic[T]):
    """A value loaded once on a worker thread.

    ``start()`` begins loading (again calls do nothing); ``get()`` returns the value,
    starting and waiting for the load if needed, and raises what the load raised.
    ``when_done(context, fn)`` calls ``fn(value, error)`` on ``context``'s thread (the GUI
    thread) once the load has finished, at once if it already has.
    """

    def __init__(self, load: Callable[[], T], *, name: str = "startup") -> None:
        self._load = load
        self._name = name
        self._lock = threading.Lock()
        self._started = False
        self._finished = threading.Event()
        self._value: T | None = None
        self._error: BaseException | None = None
        self._listeners: list[_Relay] = []

    @property
    def started(self) -> bool:
        return self._started

    @property
    def done(self) -> bool:
        return self._finished.is_set()

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._run, name=self._name, daemon=True).start()

    def get(self) -> T:
        self.start()
        self._finished.wait()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]

    def wait(self) -> None:
        """Wait for a started load to finish, whatever its outcome."""
        if self._started:
            self._finished.wait()

    def when_done(self, context: QObject, fn: Callable[[T | None, BaseException | None], None]
                  ) -> None:
        relay = _Relay(context, lambda: fn(self._value, self._error))
        with self._lock:
            if not self._finished.is_set():
                self._listeners.append(relay)
                return
        relay.finished.emit()

    def _run(self) -> None:
        try:
            self._value = self._load()
        except BaseException as exc:  # noqa: BLE001 - handed to get() and when_done()
            self._error = exc
        with self._lock:
            self._finished.set()
            listeners, self._listeners = self._listeners, []
        for relay in listeners:
            relay.finished.emit()


class _Relay(QObject):
    """Made on the GUI thread (owned by a context object); ``finished``, emitted from the
    worker thread, runs ``fn`` back on the GUI thread, once."""

    finished = Signal()

    def __init__(self, context: QObject, fn: Callable[[], None]) -> None:
        super().__init__(context)
        self._fn: Callable[[], None] | None = fn
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def _deliver(self) -> None:
        fn, self._fn = self._fn, None
        self.deleteLater()
        if fn is not None:
            fn()


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, fn: Callable[[], None], fallback_ms: int) -> None:
        super().__init__(widget)
        self._fn: Callable[[], None] | None = fn
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and self._fn is not None:
            # Run after this paint (and the children's, in the same pass) is on screen.
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        fn, self._fn = self._fn, None
        parent = self.parent()
        if isinstance(parent, QWidget):
            parent.removeEventFilter(self)
        if fn is not None:
            fn()


def after_first_paint(widget: QWidget, fn: Callable[[], None], *, fallback_ms: int = 2000) -> None:
    """Call ``fn`` once, on the GUI thread, right after ``widget`` is first painted."""
    _FirstPaint(widget, fn, fallback_ms)

"""Proof that the screen is actually drawing: calls back when the window paints a frame.

``RenderHeartbeat`` watches the window's paint events (an event filter, nothing consumed)
and calls ``on_rendered`` at most once per ``min_interval_ms``. A timer asks the window
to repaint every ``nudge_ms`` so a still screen keeps proving it is alive; if the GUI
thread hangs, neither happens and the fleet metrics show the screen as stale.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class RenderHeartbeat(QObject):
    """Reports paints of ``window`` to ``on_rendered`` (for ``FleetMetrics.note_rendered``).

    Signals: none (a plain callback keeps it free of the receiver's thread).
    """

    def __init__(self, window: QWidget, on_rendered: Callable[[], None], *,
                 nudge_ms: int = 15_000, min_interval_ms: int = 1_000) -> None:
        super().__init__(window)
        self._window = window
        self._on_rendered = on_rendered
        self._min_interval = min_interval_ms / 1000
        self._last = float("-inf")
        window.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setInterval(nudge_ms)
        self._timer.timeout.connect(window.update)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._window.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._window and event.type() == QEvent.Type.Paint:
            now = time.monotonic()
            if now - self._last >= self._min_interval:
                self._last = now
                self._on_rendered()
        return False

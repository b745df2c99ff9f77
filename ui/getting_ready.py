""""Getting ready": the window's state while the kiosk's slow parts load.

``kiosk run`` shows its welcome screen before the database, the journeys and the voice
are loaded (they load on a worker thread after the first paint). Until they are, this
covers the window: it says "Getting ready" and takes every tap, touch and key, so a
resident's early tap is neither acted on half-loaded nor kept and replayed later. It
usually shows for well under a second. ``finish()`` takes it away.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

# What a resident can do to the window; all of it stops here while the kiosk gets ready.
_TAKEN = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
})


class GettingReady(QWidget):
    """Covers ``host`` (the window's overlay host) with "Getting ready" until ``finish()``."""

    def __init__(self, host: QWidget, text: str) -> None:
        super().__init__(host)
        self.setObjectName("GettingReady")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(text)
        self._host = host
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        banner = QFrame(self)
        banner.setObjectName("GettingReadyBanner")
        banner.setStyleSheet("#GettingReadyBanner { background: #0b0c0c; border-radius: 8px; }"
                             " QLabel { color: #ffffff; font-size: 24px; padding: 12px 24px; }")
        inner = QVBoxLayout(banner)
        self.label = QLabel(text, banner)
        inner.addWidget(self.label)
        layout.addWidget(banner, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(48)
        self.refused = 0  # taps, touches and keys taken while getting ready
        host.installEventFilter(self)
        self.setGeometry(host.rect())
        self._focus_before = host.focusWidget()  # given back once ready (keyboard users)
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def showing(self) -> bool:
        return self.isVisible()

    def finish(self) -> None:
        """The kiosk is ready: take the cover away (again calls do nothing)."""
        if self.isHidden():
            return
        self._host.removeEventFilter(self)
        self.hide()
        if self._focus_before is not None:
            self._focus_before.setFocus(Qt.FocusReason.OtherFocusReason)
        self.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() in _TAKEN:
            if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin,
                                QEvent.Type.KeyPress):
                self.refused += 1
            event.accept()
            return True
        return super().event(event)

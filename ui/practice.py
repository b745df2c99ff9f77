"""The practice band: "Practice — nothing will be sent" across the top of every page.

Shown by the shell while the flow is in practice (``kiosk.flow.Flow.practice``): under
the top bar, above every screen, at every text size (its words wrap; the window's style
sheet sizes them) and in the resident's language. Its accessible name is its words, so
assistive technology names it; the shell says them once when practice starts.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from ui.widgets import label, set_label_text

# GOV.UK's yellow with near-black words (contrast 14:1), the same in both themes: it
# must stand apart from everything a resident meets on a real session.
BAND_STYLE = (
    "QFrame#PracticeBand { background: #ffdd00; border-bottom: 4px solid #0b0c0c; }"
    " QFrame#PracticeBand QLabel { color: #0b0c0c; background: #ffdd00; font-weight: bold; }"
)


class PracticeBand(QFrame):
    """The band's frame and its one label (``text``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PracticeBand")
        self.setStyleSheet(BAND_STYLE)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 24, 8)
        self.text = label("", self, role="lead")
        self.text.setObjectName("PracticeBandText")
        row.addWidget(self.text, 1)
        self.hide()

    def set_words(self, words: str) -> None:
        """The band's words (and its name for assistive technology)."""
        set_label_text(self.text, words)
        self.text.setAccessibleName(words)
        self.setAccessibleName(words)

    @property
    def words(self) -> str:
        return self.text.accessibleName()


class PracticeShell(Protocol):
    """What ``connect_practice`` needs of the kiosk window (``ui.shell.Shell``)."""

    @property
    def practice(self) -> bool: ...
    @property
    def practice_changed(self) -> SignalInstance: ...
    def start_practice(self) -> None: ...
    def end_practice(self) -> None: ...


class PracticePanel(Protocol):
    """What ``connect_practice`` needs of the staff panel (``ui.staff.panel.StaffPanel``)."""

    @property
    def practice_requested(self) -> SignalInstance: ...
    def set_practice(self, on: bool) -> None: ...


def connect_practice(shell: PracticeShell, panel: PracticePanel) -> None:
    """The staff panel's "Start practice" and "End practice" drive the shell, and the
    panel shows whether practice is on (it ends at a wipe too)."""

    def requested(on: bool) -> None:
        if on:
            shell.start_practice()
        else:
            shell.end_practice()

    panel.practice_requested.connect(requested)
    shell.practice_changed.connect(panel.set_practice)
    panel.set_practice(shell.practice)

"""The base of every screen, and the welcome screen: all a kiosk needs before its first paint.

``ui.screens`` has the other screens; it imports the journey engine and the receipt,
which the welcome screen does not need, so this module keeps them off the start-up path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from accessibility.spoken import SpeechPart
from ui.widgets import FlowLayout, ScrollPage, button, clear_layout, flow_row, label

Translate = Callable[..., str]


class Screen(QWidget):
    """Base for every screen: a scrolling page rebuilt on each ``enter``."""

    def __init__(self, tr: Translate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.page = ScrollPage(self)
        outer.addWidget(self.page)
        self.body = self.page.body
        self._title = ""
        self._heading_label: QLabel | None = None  # the page's first heading (h1)
        self._spoken: list[SpeechPart] = []
        self._spoken_buttons: list[str] = []

    def enter(self, model: Any) -> None:
        self.leave()
        # The scroll bar is how a page longer than the screen is moved on a touchscreen.
        self.page.verticalScrollBar().setAccessibleName(self._tr("scroll_bar"))
        self.build(model)
        self.refit()

    def refit(self) -> None:
        """Lay the page out for its words at the current text size (after a style change)."""
        # Qt shows widgets added to a visible page only on the next turn of the event
        # loop; show them now so the layout counts them and the page is sized once.
        # Showing a widget shows its children, and polishing it polishes them, so the
        # page's own children are enough. A deeper search would also meet the parts Qt
        # makes inside a text box (viewport, scroll bars): PySide keeps a wrapper for each
        # such find on the page for the life of the page, long after Qt deleted them.
        for w in self.page.content.findChildren(
                QWidget, "", Qt.FindChildOption.FindDirectChildrenOnly):
            if w.isHidden() and not w.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
                w.show()
            w.ensurePolished()
        layout = self.page.content.layout()
        if layout is not None:
            layout.activate()
        self.page.fit()

    def build(self, model: Any) -> None:
        raise NotImplementedError

    def leave(self) -> None:
        """Delete every widget made for the last model (clears every field)."""
        # Let go of the focus first: a focused control that is hidden passes the focus
        # to the next one, and leaving a page of tiles sent a screen reader a focus event
        # for each tile in turn before the next page was there.
        had = QApplication.focusWidget()
        if had is not None and self.isAncestorOf(had):
            had.clearFocus()
        self._heading_label = None
        clear_layout(self.body)
        self._spoken = []
        self._spoken_buttons = []
        self._title = ""

    def title(self) -> str:
        return self._title

    def spoken_parts(self) -> tuple[SpeechPart, ...]:
        """What reading the page aloud says, in order: its words, then its buttons.
        ``private`` parts (what the resident typed) need private listening."""
        buttons = [SpeechPart(name) for name in self._spoken_buttons if name]
        return tuple(p for p in self._page_parts() if p.text) + tuple(buttons)

    def _page_parts(self) -> list[SpeechPart]:
        return list(self._spoken)

    def spoken_text(self) -> str:
        return "\n".join(p.text for p in self.spoken_parts())

    def first_focus(self) -> QWidget | None:
        """Where focus goes when the page opens (None: its heading, ``heading_label``)."""
        return None

    def heading_label(self) -> QLabel | None:
        """The page's heading: focus goes there when the page opens (it is not a Tab stop),
        so a screen reader starts reading the new page at its heading."""
        return self._heading_label

    # -- helpers for subclasses ----------------------------------------------------------
    def _say(self, text: str, *, private: bool = False, characters: bool = False) -> str:
        self._spoken.append(SpeechPart(text, private=private, characters=characters))
        return text

    def _heading(self, text: str, role: str = "h1") -> QLabel:
        lab = label(self._say(text), self.page.content, role=role)
        self.body.addWidget(lab)
        if role == "h1" and self._heading_label is None:
            self._heading_label = lab
        return lab

    def _text(self, text: str, role: str = "body") -> QLabel | None:
        if not text:
            return None
        lab = label(self._say(text), self.page.content, role=role)
        self.body.addWidget(lab)
        return lab

    def _button_row(self, *buttons: QPushButton) -> None:
        for b in buttons:
            self._spoken_buttons.append(b.accessibleName())
        self.body.addLayout(flow_row(*buttons))


# --- welcome, home, services, language -------------------------------------------------


@dataclass(frozen=True)
class WelcomeModel:
    council: str
    languages: tuple[tuple[str, str], ...]  # (code, name in itself)


class WelcomeScreen(Screen):
    """The attract screen: the council, each language named in itself, and "Touch to start".

    It makes no sound of its own.

    Signals:
        started: "Touch to start" was tapped.
        language_chosen: a language was tapped. arg: the language code.
    """

    started = Signal()
    language_chosen = Signal(str)

    def build(self, model: WelcomeModel) -> None:
        self._title = self._tr("welcome_title", council=model.council)
        self.body.addSpacing(24)
        self._heading(self._title)
        self._text(self._tr("welcome_lead"), role="lead")
        self._start = button(self._tr("touch_to_start"), self.page.content, role="start")
        self._start.clicked.connect(self.started.emit)
        self._button_row(self._start)
        if len(model.languages) > 1:
            self._heading(self._tr("choose_language"), role="h2")
            row = FlowLayout()
            for code, name in model.languages:
                b = button(name, self.page.content, role="language")
                b.setProperty("language", code)
                b.clicked.connect(lambda _=False, c=code: self.language_chosen.emit(c))
                row.addWidget(b)
            self.body.addLayout(row)
        self.body.addStretch(1)

    def first_focus(self) -> QWidget | None:
        return self._start


def defer(receiver: QWidget, fn: Callable[[], None]) -> None:
    """Run ``fn`` once control returns to the event loop, unless ``receiver`` is gone."""
    QTimer.singleShot(0, receiver, fn)

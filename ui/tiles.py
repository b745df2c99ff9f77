"""Tiles: the home screen's groups and a group's services, large and two to a row.

Apart from ``ui.screens`` (which imports the journey engine and the receipt), so the
home screen is made right after the first paint without them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton

from kiosk.journeys.messages import ui_word
from ui.welcome import Screen
from ui.widgets import WrapButton, button


@dataclass(frozen=True)
class Tile:
    key: str
    title: str
    hint: str


@dataclass(frozen=True)
class TilesModel:
    heading: str
    tiles: tuple[Tile, ...]
    lead: str = ""
    empty_text: str = ""
    can_go_back: bool = False


class TilesScreen(Screen):
    """Large tiles in two columns: the home screen's groups, or a group's services.

    Signals:
        chosen: a tile was tapped. arg: the tile's key (a group or a journey id).
        back_requested: Back was tapped.
    """

    chosen = Signal(str)
    back_requested = Signal()

    def build(self, model: TilesModel) -> None:
        self._title = model.heading
        if model.can_go_back:
            back = button(ui_word("back", self._lang()), self.page.content, role="link")
            back.clicked.connect(self.back_requested.emit)
            self._button_row(back)
        self._heading(model.heading)
        self._text(model.lead, role="lead")
        grid = QGridLayout()
        grid.setSpacing(24)
        self._tiles: list[QPushButton] = []
        for i, tile in enumerate(model.tiles):
            lines = [(tile.title, "tile-title")] + ([(tile.hint, "tile-hint")] if tile.hint else [])
            b = WrapButton(lines, self.page.content, role="tile",
                           name=f"{tile.title}. {tile.hint}" if tile.hint else tile.title)
            b.setMinimumHeight(120)
            b.clicked.connect(lambda _=False, k=tile.key: self.chosen.emit(k))
            self._say(tile.title)
            grid.addWidget(b, i // 2, i % 2)
            self._tiles.append(b)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        if not model.tiles and model.empty_text:
            self._text(model.empty_text)
        self.body.addStretch(1)

    def _lang(self) -> str:
        return self._tr("language_code")

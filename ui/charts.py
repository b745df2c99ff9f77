"""Bar charts drawn with QPainter (QtCharts is not in PySide6-Essentials), readable without sight.

``BarChart`` draws grouped vertical bars (one group per category, one bar per series);
``HorizontalBarChart`` draws one labelled bar per row, for long labels such as page
names. Each series has a colour and a fill pattern, so the bars can be told apart
without colour; each bar is labelled with its number. The accessible name is the
chart's title and the accessible description states every number, so a screen
reader user gets the same facts as someone looking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

# GOV.UK blue, green and red-orange (each >= 4.5:1 on white), told apart by pattern too.
SERIES_COLOURS = ("#1d70b8", "#00703c", "#d4351c", "#4c2c92", "#505a5f")
SERIES_PATTERNS = (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.BDiagPattern,
                   Qt.BrushStyle.Dense4Pattern, Qt.BrushStyle.CrossPattern, Qt.BrushStyle.FDiagPattern)
TEXT = QColor("#0b0c0c")


@dataclass(frozen=True)
class Series:
    """One named row of numbers, one per category."""

    name: str
    values: tuple[int, ...]


def _brush(index: int) -> QBrush:
    colour = QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])
    return QBrush(colour, SERIES_PATTERNS[index % len(SERIES_PATTERNS)])


def _nice_max(value: int) -> int:
    """A round number at or above ``value`` for the top of the scale."""
    if value <= 5:
        return 5
    for step in (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return step
    return value


class _Chart(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self.setAccessibleName(title)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable, so its description is read
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    @property
    def title(self) -> str:
        return self._title

    def summary(self) -> str:
        raise NotImplementedError

    def _refresh(self) -> None:
        self.setAccessibleDescription(self.summary())
        self.setToolTip("")
        self.updateGeometry()
        self.update()

    def _pad(self) -> int:
        return max(8, QFontMetrics(self.font()).height() // 2)


class BarChart(_Chart):
    """Grouped vertical bars: ``categories`` along the bottom, one bar per series in each."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._categories: tuple[str, ...] = ()
        self._series: tuple[Series, ...] = ()
        self._refresh()

    def set_data(self, categories: Sequence[str], series: Sequence[Series]) -> None:
        for s in series:
            if len(s.values) != len(categories):
                raise ValueError(f"series '{s.name}' has {len(s.values)} values for {len(categories)} categories")
        self._categories = tuple(categories)
        self._series = tuple(series)
        self._refresh()

    @property
    def categories(self) -> tuple[str, ...]:
        return self._categories

    @property
    def series(self) -> tuple[Series, ...]:
        return self._series

    def summary(self) -> str:
        if not self._categories or not self._series:
            return f"{self._title}: no data"
        parts = []
        for i, category in enumerate(self._categories):
            numbers = ", ".join(f"{s.name} {s.values[i]}" for s in self._series)
            parts.append(f"{category}: {numbers}")
        return f"{self._title}. " + "; ".join(parts) + "."

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        fm = QFontMetrics(self.font())
        label_w = max((fm.horizontalAdvance(c) for c in self._categories), default=40)
        groups = max(1, len(self._categories))
        width = groups * max(label_w + 16, 24 * max(1, len(self._series)) + 16) + 80
        return QSize(min(width, 1200), fm.height() * 4 + 240)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = self.minimumSizeHint()
        return QSize(max(hint.width(), 800), max(hint.height(), 380))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        pad = self._pad()
        line = fm.height()
        # legend, one swatch per series
        x = pad
        y = pad
        for i, s in enumerate(self._series):
            p.setPen(QPen(TEXT, 1))
            p.setBrush(_brush(i))
            p.drawRect(QRectF(x, y + line * 0.15, line * 0.8, line * 0.8))
            p.drawText(QRectF(x + line, y, fm.horizontalAdvance(s.name) + 4, line),
                       Qt.AlignmentFlag.AlignVCenter, s.name)
            x += line + fm.horizontalAdvance(s.name) + 2 * pad
        top = y + line + pad + line  # room for the number above the tallest bar
        bottom = self.height() - pad - line - pad
        left = pad + fm.horizontalAdvance("0000") + pad
        right = self.width() - pad
        if not self._categories or bottom <= top:
            p.setPen(TEXT)
            p.drawText(QRectF(left, top, right - left, max(line, bottom - top)),
                       Qt.AlignmentFlag.AlignCenter, "No data yet")
            p.end()
            return
        peak = _nice_max(max((v for s in self._series for v in s.values), default=0))
        # scale: 0, half and top
        p.setPen(QPen(QColor("#b1b4b6"), 1))
        for frac in (0.0, 0.5, 1.0):
            gy = bottom - (bottom - top) * frac
            p.drawLine(int(left), int(gy), int(right), int(gy))
            p.setPen(TEXT)
            p.drawText(QRectF(pad, gy - line / 2, left - 2 * pad, line),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(round(peak * frac)))
            p.setPen(QPen(QColor("#b1b4b6"), 1))
        group_w = (right - left) / len(self._categories)
        n = max(1, len(self._series))
        bar_w = max(4.0, min(60.0, (group_w - pad) / n))
        for ci, category in enumerate(self._categories):
            gx = left + ci * group_w + (group_w - bar_w * n) / 2
            for si, s in enumerate(self._series):
                value = s.values[ci]
                h = (bottom - top) * value / peak
                rect = QRectF(gx + si * bar_w, bottom - h, bar_w - 2, h)
                p.setPen(QPen(QColor(SERIES_COLOURS[si % len(SERIES_COLOURS)]), 2))
                p.setBrush(_brush(si))
                if value:
                    p.drawRect(rect)
                p.setPen(TEXT)
                p.drawText(QRectF(rect.left() - 10, bottom - h - line, bar_w + 18, line),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, str(value))
            p.setPen(TEXT)
            p.drawText(QRectF(left + ci * group_w, bottom + pad / 2, group_w, line),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                       fm.elidedText(category, Qt.TextElideMode.ElideRight, int(group_w)))
        p.setPen(QPen(TEXT, 2))
        p.drawLine(int(left), int(bottom), int(right), int(bottom))
        p.end()


class HorizontalBarChart(_Chart):
    """One bar per row with its label on the left and its number at the end."""

    def __init__(self, title: str, parent: QWidget | None = None, *, empty_text: str = "No data yet") -> None:
        super().__init__(title, parent)
        self._rows: tuple[tuple[str, int], ...] = ()
        self._empty = empty_text
        self._refresh()

    def set_rows(self, rows: Sequence[tuple[str, int]]) -> None:
        self._rows = tuple((str(label), int(value)) for label, value in rows)
        self._refresh()

    @property
    def rows(self) -> tuple[tuple[str, int], ...]:
        return self._rows

    def summary(self) -> str:
        if not self._rows:
            return f"{self._title}: {self._empty.lower()}"
        return f"{self._title}. " + "; ".join(f"{label}: {value}" for label, value in self._rows) + "."

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() + 2 * self._pad()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        rows = max(1, len(self._rows))
        return QSize(400, rows * self._row_height() + 2 * self._pad())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(800, self.minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        fm = QFontMetrics(self.font())
        pad = self._pad()
        row_h = self._row_height()
        p.setPen(TEXT)
        if not self._rows:
            p.drawText(QRectF(pad, pad, self.width() - 2 * pad, row_h),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._empty)
            p.end()
            return
        label_w = min(max(fm.horizontalAdvance(label) for label, _ in self._rows) + pad,
                      int(self.width() * 0.5))
        number_w = fm.horizontalAdvance(str(max(v for _, v in self._rows))) + 2 * pad
        bar_left = pad + label_w + pad
        bar_max = max(10, self.width() - bar_left - number_w - pad)
        peak = max(1, max(v for _, v in self._rows))
        for i, (label, value) in enumerate(self._rows):
            y = pad + i * row_h
            p.setPen(TEXT)
            p.drawText(QRectF(pad, y, label_w, row_h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       fm.elidedText(label, Qt.TextElideMode.ElideMiddle, label_w))
            w = bar_max * value / peak
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(_brush(2))
            p.drawRect(QRectF(bar_left, y + pad / 2, w, row_h - pad))
            p.setPen(TEXT)
            p.drawText(QRectF(bar_left + w + pad / 2, y, number_w, row_h),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, str(value))
        p.end()

"""The learner code drawn as a QR code, and the certificate of achievement as a PDF.

The certificate is made in memory (``QPdfWriter`` on a ``QBuffer``) and handed to
whoever prints it; the name typed for it goes into the PDF and nowhere else.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QPageLayout,
    QPageSize,
    QPainter,
    QPaintEvent,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.receipt import qr_matrix
from ui.widgets import IMAGE, set_accessible_role


class QrCodeWidget(QWidget):
    """Draws a QR code, black on white whatever the theme, so phone cameras can read it."""

    def __init__(self, parent: QWidget | None = None, size: int = 240) -> None:
        super().__init__(parent)
        self._matrix: list[list[bool]] = []
        self.setFixedSize(QSize(size, size))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        set_accessible_role(self, IMAGE)  # an image to assistive technology, not a filler

    def set_text(self, text: str) -> None:
        self._matrix = qr_matrix(text) if text else []
        self.update()

    @property
    def matrix(self) -> list[list[bool]]:
        return self._matrix

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#ffffff"))
        if self._matrix:
            n = len(self._matrix)
            cell = min(self.width(), self.height()) / n
            for y, row in enumerate(self._matrix):
                for x, dark in enumerate(row):
                    if dark:
                        p.fillRect(QRectF(x * cell, y * cell, cell + 0.5, cell + 0.5),
                                   Qt.GlobalColor.black)
        p.end()


@dataclass(frozen=True)
class CertificateLine:
    lesson: str
    area: str
    finished: str  # a date as the learner reads it


@dataclass(frozen=True)
class CertificateWords:
    heading: str
    awarded: str
    name: str
    lesson: str
    area: str
    date: str
    next_steps: str
    council: str = ""
    rtl: bool = False  # Urdu and other right-to-left languages: the page runs right to left


def certificate_html(words: CertificateWords, lines: list[CertificateLine]) -> str:
    """The certificate as HTML (Qt's rich text). Right to left, the table's columns are
    written in reverse: Qt's tables always run left to right, so the lesson, the first
    column, is then on the right, where a right-to-left reader starts."""
    e = html.escape
    side, way = ("right", "rtl") if words.rtl else ("left", "ltr")

    def row(cells: tuple[str, str, str], tag: str) -> str:
        ordered = reversed(cells) if words.rtl else cells
        return "<tr>" + "".join(f"<{tag} align='{side}' dir='{way}'>{e(c)}</{tag}>"
                                for c in ordered) + "</tr>"

    rows = "".join(row((line.lesson, line.area, line.finished), "td") for line in lines)
    council = (f"<p dir='{way}' style='font-size:14pt'>{e(words.council)}</p>"
               if words.council else "")
    return f"""
<html dir="{way}"><body dir="{way}" style="font-family: sans-serif">
<h1 dir="{way}" style="font-size:30pt; text-align:center">{e(words.heading)}</h1>
<p dir="{way}" style="font-size:16pt; text-align:center">{e(words.awarded)}</p>
<p dir="{way}" style="font-size:26pt; text-align:center; font-weight:bold">{e(words.name)}</p>
<table width="100%" cellpadding="8" border="1" cellspacing="0" style="font-size:13pt">
{row((words.lesson, words.area, words.date), "th")}
{rows}
</table>
<p dir="{way}" style="font-size:13pt">{e(words.next_steps)}</p>
{council}
</body></html>"""


def certificate_pdf(words: CertificateWords, lines: list[CertificateLine]) -> bytes:
    """An A4 PDF of the certificate, made in memory."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(18, 18, 18, 18)))
    writer.setResolution(300)
    writer.setTitle(words.heading)
    writer.setCreator("council-kiosk")
    doc = QTextDocument()
    doc.setHtml(certificate_html(words, lines))
    doc.print_(writer)
    del writer  # finishes the PDF
    buffer.close()
    return bytes(data.data())

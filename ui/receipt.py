"""The resident's record of what they sent: a QR code, a printable receipt and a PDF.

``kiosk.receipt.ReceiptContent`` holds the same words the confirmation page shows
(``kiosk.receipt`` decides them); ``receipt_document`` lays them out in a
``QTextDocument``; ``write_pdf`` saves it with ``QPdfWriter`` and ``print_receipt`` sends
it to the kiosk's default printer (Qt print support). The QR code is painted from
``qrcode``'s module matrix, without PIL.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter, QTextDocument

from kiosk.receipt import ReceiptContent

QR_URL = "kiosk://reference-qr.png"

__all__ = ["ReceiptContent", "default_printer_available", "print_html", "print_receipt",
           "qr_image", "qr_matrix", "receipt_document", "receipt_html", "write_pdf"]


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR modules for ``text`` (with a quiet zone), True for dark."""
    import qrcode  # only needed once a resident reaches a confirmation page

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_image(text: str, module_px: int = 8) -> QImage:
    """A black-on-white QR code image for ``text``."""
    matrix = qr_matrix(text)
    size = len(matrix) * module_px
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    black = QColor("#000000")
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(x * module_px, y * module_px, module_px, module_px, black)
    painter.end()
    return image


def receipt_html(content: ReceiptContent) -> str:
    """The receipt as simple HTML for ``QTextDocument`` (every value escaped)."""
    e = html.escape
    lab = content.labels
    direction = "rtl" if content.rtl else "ltr"

    def para(text: str) -> str:
        return "".join(f"<p>{e(line)}</p>" for line in text.splitlines() if line.strip())

    parts = [
        f'<div dir="{direction}" style="font-family: DejaVu Sans; font-size: 12pt; color: #0b0c0c;">',
        f"<p>{e(content.council)}</p>",
        f"<h1>{e(content.title)}</h1>",
        f"<p>{e(content.journey_title)}</p>",
        f"<h2>{e(lab.get('reference', 'Your reference'))}</h2>",
        f'<p style="font-size: 24pt; font-weight: bold; letter-spacing: 4px;">'
        f"{e(content.reference_display)}</p>",
        "" if content.practice else f'<p><img src="{QR_URL}" width="160" height="160"></p>',
        para(content.status),
        para(content.fee) if content.fee else "",
        f"<h2>{e(lab.get('next', 'What happens next'))}</h2>",
        para(content.next_steps),
        para(content.when),
    ]
    if content.contact:
        parts += [f"<h2>{e(lab.get('contact', 'Contact the council'))}</h2>", para(content.contact)]
    parts += [f"<p>{e(lab.get('created', 'Sent from this kiosk'))}: {e(content.created)}</p>", "</div>"]
    return "\n".join(parts)


def receipt_document(content: ReceiptContent) -> QTextDocument:
    """The receipt laid out for printing; the caller owns (and deletes) the document."""
    doc = QTextDocument()
    doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(QR_URL), qr_image(content.reference))
    doc.setHtml(receipt_html(content))
    return doc


def write_pdf(content: ReceiptContent, path: Path) -> Path:
    """Save the receipt as an A4 PDF at ``path``."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(300)
    writer.setTitle(content.title)
    doc = receipt_document(content)
    doc.print_(writer)
    return path


def default_printer_available() -> bool:
    """True when the system has a default printer the receipt can go to."""
    from PySide6.QtPrintSupport import QPrinterInfo

    return not QPrinterInfo.defaultPrinter().isNull()


def print_document(doc: QTextDocument) -> bool:
    """Send ``doc`` to the default printer; False when there is none."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return False
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    doc.print_(printer)
    return True


def print_html(html: str) -> bool:
    """Send a page of HTML (a tutorial certificate) to the default printer; False when
    there is none."""
    doc = QTextDocument()
    doc.setHtml(html)
    return print_document(doc)


def print_receipt(content: ReceiptContent) -> bool:
    """Send the receipt to the default printer; False when there is none."""
    return print_document(receipt_document(content))

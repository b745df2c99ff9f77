"""The tutorial player driven as a learner would: start, take a lesson by touch, leave,
come back after a restart with the code, print a certificate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.tutorials.model import TutorialCatalogue
from offline.learners import LearnerStore
from offline.store import Store
from tests.tutorials.conftest import RecordingSpeaker, find_button
from ui.tutorials.player import TutorialPlayer

# The offscreen platform warns when a top-level window is shown; nothing of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make_player(qtbot: QtBot, catalogue: TutorialCatalogue, learners: LearnerStore,
                language: str = "en", speaker: RecordingSpeaker | None = None,
                print_html: Callable[[str], bool] | None = None) -> TutorialPlayer:
    player = TutorialPlayer(catalogue, learners, language, speaker,
                            today=lambda: date(2026, 3, 4), council="Example Borough Council",
                            print_html=print_html)
    qtbot.addWidget(player)
    player.resize(1280, 800)
    player.show()
    qtbot.waitExposed(player)
    return player


def tap(qtbot: QtBot, player: TutorialPlayer, name: str) -> None:
    qtbot.mouseClick(find_button(player, name), Qt.MouseButton.LeftButton)


def take_the_email_lesson(qtbot: QtBot, player: TutorialPlayer) -> None:
    tap(qtbot, player, "Email addresses")
    tap(qtbot, player, "Continue")  # what
    tap(qtbot, player, "Continue")  # parts
    tap(qtbot, player, "jo.bloggs@example.com")
    tap(qtbot, player, "Next question")
    tap(qtbot, player, "www.example.gov.uk")
    tap(qtbot, player, "Continue")
    field = next(e for e in player.findChildren(QLineEdit) if e.accessibleName() == "Your typing")
    qtbot.keyClicks(field, "jo.bloggs@example.co.uk")
    tap(qtbot, player, "Continue")
    with qtbot.waitSignal(player.finished, timeout=1000) as finished:
        tap(qtbot, player, "Continue")  # the last step
    assert finished.args == ["email-address"]


def test_start_take_a_lesson_leave_and_resume_after_a_restart(
        qtbot: QtBot, catalogue: TutorialCatalogue, data_dir: Path) -> None:
    store = Store.open(data_dir)
    player = make_player(qtbot, catalogue, LearnerStore(store))
    tap(qtbot, player, "Start learning")
    code = player.progress.code if player.progress else ""
    assert player.code_value.text().replace("-", "") == code and len(code) == 7
    assert player.qr.matrix  # the code is also a QR code
    tap(qtbot, player, "Continue")
    take_the_email_lesson(qtbot, player)
    assert player.summary_practised.text() == "You did 2 of 2 practice tasks."
    tap(qtbot, player, "All lessons")
    tap(qtbot, player, "Using a touchscreen")
    tap(qtbot, player, "Continue")  # into the tap step: the learner stops here
    with qtbot.waitSignal(player.left, timeout=1000):
        tap(qtbot, player, "All lessons")
        tap(qtbot, player, "Leave lessons")
    assert player.progress is None and player.stack.currentWidget() is player.start_page
    store.close()

    # Days later: a new kiosk process opens the same data folder.
    store = Store.open(data_dir)
    try:
        player2 = make_player(qtbot, catalogue, LearnerStore(store))
        tap(qtbot, player2, "I have a learner code")
        field = next(e for e in player2.findChildren(QLineEdit)
                     if e.accessibleName() == "Enter your learner code")
        qtbot.keyClicks(field, f"{code[:3].lower()} {code[3:6].lower()} {code[6].lower()}")
        tap(qtbot, player2, "Carry on learning")
        assert player2.stack.currentWidget() is player2.lessons_page
        assert player2.lessons_count.text() == "1 of 9 lessons done"
        tap(qtbot, player2, "Using a touchscreen")
        assert player2.step_title.text() == "Tap"  # resumes where the learner stopped
    finally:
        store.close()


def test_a_wrong_or_unknown_code_says_what_to_do(qtbot: QtBot, catalogue: TutorialCatalogue,
                                                 learners: LearnerStore) -> None:
    player = make_player(qtbot, catalogue, learners)
    tap(qtbot, player, "I have a learner code")
    field = next(e for e in player.findChildren(QLineEdit)
                 if e.accessibleName() == "Enter your learner code")
    tap(qtbot, player, "Carry on learning")
    assert player.code_error.text() == "Enter your learner code"
    qtbot.keyClicks(field, "ABC")
    tap(qtbot, player, "Carry on learning")
    assert player.code_error.text() == "Learner code must be 7 characters, like KQ7-R4M-X"
    unknown = learners.create().code
    learners.create()
    field.clear()
    wrong_check = unknown[:-1] + ("2" if unknown[-1] != "2" else "3")
    qtbot.keyClicks(field, wrong_check)
    tap(qtbot, player, "Carry on learning")
    assert player.code_error.text().startswith("Check your learner code")
    assert player.stack.currentWidget() is player.code_entry_page


def test_skipping_practice_still_finishes_and_the_summary_says_so(
        qtbot: QtBot, catalogue: TutorialCatalogue, learners: LearnerStore) -> None:
    player = make_player(qtbot, catalogue, learners)
    tap(qtbot, player, "Start learning")
    tap(qtbot, player, "Continue")
    tap(qtbot, player, "Video calling basics")
    tap(qtbot, player, "Continue")
    tap(qtbot, player, "Continue")
    assert find_button(player, "Skip this practice") is player.step_continue
    tap(qtbot, player, "Skip this practice")
    with qtbot.waitSignal(player.finished, timeout=1000):
        tap(qtbot, player, "Continue")
    assert player.summary_practised.text() == (
        "You did 0 of 1 practice tasks. You can come back to try the ones you skipped.")


def test_certificate_pdf_has_the_lessons_and_the_name_is_not_kept(
        qtbot: QtBot, catalogue: TutorialCatalogue, data_dir: Path, store: Store) -> None:
    learners = LearnerStore(store)
    player = make_player(qtbot, catalogue, learners)
    tap(qtbot, player, "Start learning")
    tap(qtbot, player, "Continue")
    tap(qtbot, player, "Print a certificate")
    assert not player.print_button.isEnabled()  # nothing finished yet
    tap(qtbot, player, "Back")
    take_the_email_lesson(qtbot, player)
    tap(qtbot, player, "All lessons")
    tap(qtbot, player, "Print a certificate")
    name = next(e for e in player.findChildren(QLineEdit)
                if e.accessibleName() == "Name on the certificate (optional)")
    qtbot.keyClicks(name, "Gwenllian Zyxwv")
    with qtbot.waitSignal(player.certificate_ready, timeout=5000) as made:
        tap(qtbot, player, "Print certificate")
    pdf = made.args[0]
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert name.text() == ""
    assert player.certificate_message.text().startswith("This kiosk has no printer")
    store.checkpoint()
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert b"Zyxwv" not in path.read_bytes(), path


def test_certificate_html_lists_lessons_in_welsh() -> None:
    from ui.tutorials.certificate import CertificateLine, CertificateWords, certificate_html

    words = CertificateWords("Tystysgrif cyflawniad", "gan", "<Siân>", "Gwers", "Maes", "Dyddiad",
                             "learnmyway.com")
    html = certificate_html(words, [CertificateLine("Cyfeiriadau e-bost", "Cyfathrebu",
                                                    "4 Mawrth 2026")])
    assert "&lt;Siân&gt;" in html and "Cyfeiriadau e-bost" in html and "4 Mawrth 2026" in html


def _cell_lefts(html: str) -> dict[str, float]:
    """Where each table cell's text starts on the laid-out certificate (x, in points)."""
    from PySide6.QtGui import QTextDocument, QTextTable

    doc = QTextDocument()
    doc.setHtml(html)
    doc.setTextWidth(800)
    table = next(f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable))
    layout = doc.documentLayout()
    lefts = {}
    for r in range(table.rows()):
        for c in range(table.columns()):
            block = table.cellAt(r, c).firstCursorPosition().block()
            line = block.layout().lineAt(0)
            lefts[block.text()] = layout.blockBoundingRect(block).x() + line.naturalTextRect().x()
    return lefts


def test_an_urdu_certificate_runs_right_to_left(qapp) -> None:  # type: ignore[no-untyped-def]
    from ui.tutorials.certificate import CertificateLine, CertificateWords, certificate_html

    line = CertificateLine("ای میل", "رابطہ", "4 مارچ 2026")
    words = CertificateWords("سرٹیفکیٹ", "کو", "نام", "سبق", "شعبہ", "تاریخ", "اگلا", rtl=True)
    urdu = _cell_lefts(certificate_html(words, [line]))
    assert urdu["سبق"] > urdu["شعبہ"] > urdu["تاریخ"]  # the first column is on the right
    assert urdu["ای میل"] > urdu["رابطہ"] > urdu["4 مارچ 2026"]
    english = _cell_lefts(certificate_html(
        CertificateWords("Certificate", "to", "Name", "Lesson", "Area", "Date", "next"),
        [CertificateLine("Email", "Talking", "4 March 2026")]))
    assert english["Lesson"] < english["Area"] < english["Date"]


def test_welsh_lessons_and_speech(qtbot: QtBot, catalogue: TutorialCatalogue,
                                  learners: LearnerStore, speaker: RecordingSpeaker) -> None:
    player = make_player(qtbot, catalogue, learners, "cy", speaker)
    tap(qtbot, player, "Dechrau dysgu")
    assert speaker.said[-1][1] == "cy" and "Eich cod dysgwr yw" in speaker.said[-1][0]
    tap(qtbot, player, "Parhau")
    tap(qtbot, player, "Defnyddio sgrin gyffwrdd")
    assert speaker.said[-1][0].startswith("Mae cyffyrddiad ysgafn yn ddigon.")
    tap(qtbot, player, "Parhau")
    practice = player.practice
    assert practice is not None
    qtbot.mouseClick(practice.canvas, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert player.feedback.text().startswith("↻ Bron iawn")
    assert speaker.said[-1] == ("Bron iawn. Tapiwch y tu mewn i'r cylch. "
                                "Mae cyffyrddiad ysgafn yn ddigon.", "cy")
    count = len(speaker.said)
    tap(qtbot, player, "Darllen yn uchel")
    assert len(speaker.said) == count + 1 and speaker.said[-1][0].startswith("Tapio.")
    player.set_language("en")
    assert player.step_title.text() == "Tap"


def test_leave_clears_everything(qtbot: QtBot, catalogue: TutorialCatalogue,
                                 learners: LearnerStore, speaker: RecordingSpeaker) -> None:
    player = make_player(qtbot, catalogue, learners, speaker=speaker)
    tap(qtbot, player, "Start learning")
    tap(qtbot, player, "Continue")
    tap(qtbot, player, "Strong passwords and keeping them safe")
    tap(qtbot, player, "Continue")
    tap(qtbot, player, "Continue")
    field = next(e for e in player.findChildren(QLineEdit)
                 if e.accessibleName() == "Practice password")
    qtbot.keyClicks(field, "kettle moon garden")
    stops = speaker.stops
    player.leave()
    assert field.text() == ""
    assert player.progress is None and player.practice is None
    assert player.code_value.text() == "" and not player.qr.matrix
    assert speaker.stops > stops
    assert all(not e.text() for e in player.findChildren(QLineEdit))


def test_a_certificate_goes_to_the_printer_when_there_is_one(
        qtbot: QtBot, catalogue: TutorialCatalogue, learners: LearnerStore, tmp_path: Path) -> None:
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrinter

    printed = tmp_path / "printed.pdf"

    def print_to_file(html: str) -> bool:  # Qt's own printing, to a PDF file instead of paper
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        doc = QTextDocument()
        doc.setHtml(html)
        doc.print_(printer)
        return True

    player = make_player(qtbot, catalogue, learners, print_html=print_to_file)
    tap(qtbot, player, "Start learning")
    tap(qtbot, player, "Continue")
    take_the_email_lesson(qtbot, player)
    tap(qtbot, player, "All lessons")
    tap(qtbot, player, "Print a certificate")
    tap(qtbot, player, "Print certificate")
    assert printed.read_bytes().startswith(b"%PDF-")
    assert player.certificate_message.text() == (
        "Your certificate is printing. Collect it from the printer.")


def test_the_start_page_says_what_it_is_when_the_lessons_open(
        qtbot: QtBot, catalogue: TutorialCatalogue, learners: LearnerStore,
        speaker: RecordingSpeaker) -> None:
    """A learner who cannot read the screen hears where they are, as on every other page."""
    player = make_player(qtbot, catalogue, learners, "cy", speaker)
    assert speaker.said == [] and player.spoken_text() == ""
    player.enter("cy")
    title, intro = player.words("player.title"), player.words("player.intro")
    assert speaker.said == [(f"{title}. {intro}", "cy")]
    assert player.spoken_text() == f"{title}. {intro}"
    tap(qtbot, player, "Dechrau dysgu")
    assert "Eich cod dysgwr yw" in player.spoken_text()

"""The shell: top bar in the same place everywhere, touch sizes, names, submit once, failures, RTL."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPushButton, QWidget

from offline.errors import StorageFull
from offline.outbox import Outbox
from tests.ui.conftest import open_window
from tests.ui.helpers import find_by_name, find_starting, shown_texts, tap, tap_name, type_text
from ui.app import outbox_submitter
from ui.receipt import qr_matrix, write_pdf
from ui.shell import CHECK, CONFIRMATION, HOME, NOTICE, QUESTION, WELCOME, Shell

BAR = ("Help", "Text size 100%", "Language: English", "Start again")


def go_to_petition_check(qtbot, shell: Shell) -> None:
    """Sign the petition up to check your answers."""
    tap_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell.home, "Have your say."))
    tap(qtbot, find_starting(shell.services, "Sign a petition"))
    tap_name(qtbot, shell.question, "Keep Southgate Library open on Saturdays")
    tap_name(qtbot, shell.question, "Continue")
    tap_name(qtbot, shell.question, "Yes")
    tap_name(qtbot, shell.question, "Continue")
    box = find_by_name(shell.question, shell.question.model.label, QLineEdit)  # type: ignore[union-attr]
    tap(qtbot, box)
    type_text(qtbot, shell.keyboard, "Ann Lee")
    tap_name(qtbot, shell.question, "Continue")
    tap(qtbot, shell.question.field())
    type_text(qtbot, shell.keyboard, "EB1 4BD")
    tap_name(qtbot, shell.question, "Continue")
    tap_name(qtbot, shell.question, "Continue")  # email is optional
    (declaration,) = [w for w in shell.question.findChildren(QAbstractButton)
                      if w.isVisible() and w.isCheckable()]
    tap(qtbot, declaration)
    tap_name(qtbot, shell.question, "Continue")
    assert shell.current_screen == CHECK


def bar_positions(shell: Shell) -> dict[str, QPoint]:
    return {name: find_by_name(shell.top_bar, name).mapTo(shell, QPoint(0, 0)) for name in BAR}


def test_top_bar_is_in_the_same_place_on_every_screen(qtbot, shell: Shell) -> None:
    first = bar_positions(shell)
    tap_name(qtbot, shell, "Touch to start")
    assert shell.current_screen == HOME
    assert bar_positions(shell) == first
    tap(qtbot, find_starting(shell.home, "Report a problem."))
    tap(qtbot, find_starting(shell.services, "Report fly-tipping"))
    assert shell.current_screen == QUESTION
    assert bar_positions(shell) == first
    tap_name(qtbot, shell.question, "Street or place name", QLineEdit)
    qtbot.waitUntil(shell.keyboard.isVisible)
    assert bar_positions(shell) == first


def test_every_control_is_big_enough_and_named_with_its_label(qtbot, shell: Shell) -> None:
    def check(root: QWidget) -> None:
        for b in root.findChildren(QPushButton):
            if not b.isVisible():
                continue
            assert b.width() >= 72 and b.height() >= 72, (b.accessibleName(), b.size())
            assert b.accessibleName(), b.text()
            assert b.text() in b.accessibleName() or not b.text()
        for e in root.findChildren(QLineEdit):
            if e.isVisible():
                assert e.height() >= 72 and e.accessibleName()

    check(shell)
    tap_name(qtbot, shell, "Touch to start")
    check(shell)
    tap(qtbot, find_starting(shell.home, "Report a problem."))
    tap(qtbot, find_starting(shell.services, "Report fly-tipping"))
    tap_name(qtbot, shell.question, "Postcode", QLineEdit)
    qtbot.waitUntil(shell.keyboard.isVisible)
    check(shell)


def test_body_text_is_at_least_24px(qtbot, shell: Shell) -> None:
    tap_name(qtbot, shell, "Touch to start")
    for size in (100, 150, 200):
        shell.set_text_size(size)
        lead = find_starting(shell.home, "Report a problem.")
        for lab in lead.findChildren(QWidget):
            assert lab.font().pixelSize() >= 24 * size / 100


def test_double_tap_on_send_stores_one_submission(qtbot, shell: Shell, outbox: Outbox) -> None:
    go_to_petition_check(qtbot, shell)
    send = find_by_name(shell.check, "Sign the petition")
    with qtbot.waitSignal(shell.submission_stored):
        tap(qtbot, send)
        tap(qtbot, send)
    assert shell.current_screen == CONFIRMATION
    assert len(outbox.items()) == 1


def test_send_button_ignores_a_second_tap_before_the_page_changes(qtbot, shell: Shell,
                                                                   outbox: Outbox) -> None:
    go_to_petition_check(qtbot, shell)
    fired: list[bool] = []
    shell.check.submitted.connect(lambda: fired.append(True))
    send = shell.check.send_button
    assert send is not None
    send.click()
    send.click()  # the same button, still on screen for a moment on a slow kiosk
    assert fired == [True]
    assert len(outbox.items()) == 1


def test_nothing_saved_shows_a_friendly_page_not_a_dialog(qtbot, outbox: Outbox, journeys) -> None:
    def full_disk(submission: object) -> object:
        raise StorageFull("The kiosk's disk is full or cannot be written to, so nothing was saved.")

    window = open_window(qtbot, journeys, full_disk)
    go_to_petition_check(qtbot, window)
    tap_name(qtbot, window.check, "Sign the petition")
    assert window.current_screen == NOTICE
    texts = shown_texts(window.notice)
    assert "Your answers were not saved" in texts
    assert any("Nothing was saved" in t for t in texts)
    assert any("member of staff" in t for t in texts)
    with qtbot.waitSignal(window.help_requested):
        tap_name(qtbot, window.notice, "Ask a member of staff")
    tap_name(qtbot, window.notice, "Go back to your answers")
    assert window.current_screen == CHECK
    assert outbox.items() == []


def test_start_again_wipes_what_was_typed(qtbot, shell: Shell) -> None:
    tap_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell.home, "Report a problem."))
    tap(qtbot, find_starting(shell.services, "Report a missed bin"))
    tap(qtbot, shell.question.field())
    type_text(qtbot, shell.keyboard, "12 Secret Road")
    with qtbot.waitSignal(shell.session_ended):
        tap_name(qtbot, shell.top_bar, "Start again")
    assert shell.current_screen == WELCOME
    assert shell.run is None
    leftovers = [w for w in shell.findChildren(QLineEdit) if "Secret" in w.text()]
    assert leftovers == []
    assert shell.keyboard.target is None


def test_text_size_keeps_what_was_typed_and_grows_the_text(qtbot, shell: Shell) -> None:
    tap_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell.home, "Report a problem."))
    tap(qtbot, find_starting(shell.services, "Report a missed bin"))
    tap(qtbot, shell.question.field())
    type_text(qtbot, shell.keyboard, "7 Mill Lane")
    tap_name(qtbot, shell.top_bar, "Text size 100%")
    assert shell.text_size == 150
    assert shell.question.field().text() == "7 Mill Lane"  # type: ignore[union-attr]
    find_by_name(shell.top_bar, "Text size 150%")


def test_language_choice_relabels_and_keeps_answers(qtbot, shell: Shell) -> None:
    tap_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell.home, "Report a problem."))
    tap(qtbot, find_starting(shell.services, "Report a missed bin"))
    tap(qtbot, shell.question.field())
    type_text(qtbot, shell.keyboard, "7 Mill Lane")
    tap_name(qtbot, shell.top_bar, "Language: English")
    tap_name(qtbot, shell.notice, "Cymraeg")
    assert shell.current_screen == QUESTION
    assert shell.question.field().text() == "7 Mill Lane"  # type: ignore[union-attr]
    find_by_name(shell, "Parhau")
    find_by_name(shell.top_bar, "Dechrau eto")


def test_urdu_turns_the_layout_right_to_left(qtbot, shell: Shell) -> None:
    tap_name(qtbot, shell, "اردو")
    assert shell.layoutDirection().name == "RightToLeft"
    help_button = find_by_name(shell.top_bar, "مدد")
    start_again = find_by_name(shell.top_bar, "دوبارہ شروع کریں")
    qtbot.waitUntil(lambda: help_button.mapTo(shell, QPoint(0, 0)).x()
                    > start_again.mapTo(shell, QPoint(0, 0)).x())
    tap_name(qtbot, shell.top_bar, "دوبارہ شروع کریں")
    assert shell.layoutDirection().name == "LeftToRight"


def test_help_asks_for_staff(qtbot, shell: Shell) -> None:
    with qtbot.waitSignal(shell.help_requested):
        tap_name(qtbot, shell.top_bar, "Help")
    assert any("member of staff" in t for t in shown_texts(shell))


def test_welcome_names_each_language_in_itself(shell: Shell) -> None:
    for name in ("English", "Cymraeg", "اردو"):
        find_by_name(shell.welcome, name)
    find_by_name(shell.welcome, "Touch to start")


def test_receipt_pdf_and_qr(qtbot, shell: Shell, outbox: Outbox, tmp_path: Path) -> None:
    go_to_petition_check(qtbot, shell)
    tap_name(qtbot, shell.check, "Sign the petition")
    content = shell.confirmation.content
    assert content is not None
    find_by_name(shell.confirmation, f"QR code of your reference {content.labels['qr'].split()[-1]}")
    pdf = write_pdf(content, tmp_path / "receipt.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    matrix = qr_matrix(content.reference)
    assert len(matrix) >= 21 and any(any(row) for row in matrix)


@pytest.mark.parametrize("connected,expected", [(False, "when the connection is back"),
                                                 (True, "being sent to the council now")])
def test_confirmation_is_honest_about_sending(qtbot, outbox: Outbox, journeys, connected: bool,
                                              expected: str) -> None:
    window = open_window(qtbot, journeys, outbox_submitter(outbox), connected=lambda: connected)
    go_to_petition_check(qtbot, window)
    tap_name(qtbot, window.check, "Sign the petition")
    assert any(expected in t for t in shown_texts(window.confirmation))

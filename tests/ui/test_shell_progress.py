"""Check progress on the touchscreen: a reference typed on the on-screen keyboard, looked up
in a real outbox and at a real local Open311 server, off the GUI thread."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from kiosk.references import ALPHABET, format_reference
from offline.outbox import Draft, Outbox
from sync.progress import MESSAGES, STATUS_MESSAGES, WAITING, check_progress
from sync.sender import Sender
from tests.sync.conftest import make_settings, open311_destination
from tests.sync.servers import FakeOpen311, Fault
from tests.ui.conftest import open_window
from tests.ui.helpers import find_by_name, find_starting, shown_texts, tap, tap_name, type_text
from ui.app import outbox_submitter
from ui.shell import PROGRESS, Shell

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def queue_report(outbox: Outbox) -> tuple[str, str]:
    """A fly-tipping report in the outbox; returns (submission id, reference)."""
    draft = Draft(id=Draft.new_id(), journey_id="report-fly-tipping", journey_version="2",
                  answers={"description": "Mattress by the gate", "lat": 51.501, "long": -0.1416},
                  language="en", assisted=False, kiosk_id="central-library-1", destination=None)
    return draft.id, outbox.enqueue(draft).reference


def progress_shell(qtbot: QtBot, outbox: Outbox, journeys, settings: Settings) -> Shell:
    return open_window(qtbot, journeys, outbox_submitter(outbox),
                       check_progress=lambda ref: check_progress(settings, outbox, ref))


def ask(qtbot: QtBot, shell: Shell, typed: str) -> None:
    """From the welcome screen: Check progress, type ``typed`` on the kiosk keyboard, Check."""
    tap_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell, "Check progress"))
    assert shell.current_screen == PROGRESS
    tap(qtbot, find_by_name(shell, "Your reference", QLineEdit))
    qtbot.waitUntil(shell.keyboard.isVisible)
    type_text(qtbot, shell.keyboard, typed)
    tap_name(qtbot, shell, "Check")


def answer_shown(shell: Shell, words: str) -> bool:
    return words in shown_texts(shell)


@pytest.fixture
def open311() -> Iterator[FakeOpen311]:
    server = FakeOpen311().start()
    yield server
    server.stop()


def test_a_queued_report_says_it_is_still_on_the_kiosk(qtbot: QtBot, outbox: Outbox, journeys) -> None:
    _, reference = queue_report(outbox)
    shell = progress_shell(qtbot, outbox, journeys, make_settings())
    ask(qtbot, shell, reference.lower())
    qtbot.waitUntil(lambda: answer_shown(shell, MESSAGES[WAITING]["en"]))
    assert f"Reference {format_reference(reference)}" in shown_texts(shell)
    tap_name(qtbot, shell, "Check another reference")
    assert find_by_name(shell, "Your reference", QLineEdit).text() == ""  # type: ignore[attr-defined]


def test_a_mistyped_reference_shows_the_error_summary(qtbot: QtBot, outbox: Outbox, journeys) -> None:
    _, reference = queue_report(outbox)
    wrong = reference[:-1] + next(c for c in ALPHABET if c != reference[-1])
    shell = progress_shell(qtbot, outbox, journeys, make_settings())
    ask(qtbot, shell, wrong)
    message = "Check your reference: one of the characters is not right"
    summary = find_by_name(shell, "There is a problem")
    assert summary.hasFocus()
    assert shown_texts(shell).count(message) == 2  # in the summary and beside the field
    assert find_by_name(shell, f"Error: {message}") is not None
    assert find_by_name(shell, "Your reference", QLineEdit).text() == wrong  # type: ignore[attr-defined]
    assert shell.windowTitle().startswith("Error: Check progress")


def test_a_delivered_report_shows_the_councils_status_without_blocking(
        qtbot: QtBot, outbox: Outbox, journeys, open311: FakeOpen311) -> None:
    settings = make_settings(open311_destination(open311))
    sid, reference = queue_report(outbox)
    sender = Sender(settings, outbox, hints={"report-fly-tipping": "FLYTIP"}.get,
                    rng=random.Random(7))
    try:
        sender.run_once()
    finally:
        sender.stop()
        sender.lock.release()
        sender.close()
    record = open311.record_for_key(sid)
    assert record is not None
    record.status, record.status_notes = "fixed", "<p>Cleared on Tuesday</p>"
    open311.fail_next(Fault(delay=0.3, path="requests/"))  # a slow council server

    shell = progress_shell(qtbot, outbox, journeys, settings)
    ask(qtbot, shell, reference)
    # The tap returned while the council had not answered: the page says it is checking.
    assert "Checking…" in shown_texts(shell)
    qtbot.waitUntil(lambda: answer_shown(shell, STATUS_MESSAGES["fixed"]["en"]), timeout=5000)
    texts = shown_texts(shell)
    assert "Cleared on Tuesday" in texts and "What the council says" in texts
    assert f"The council’s reference is {record.id}." in texts
    assert open311.gets  # it really asked the council


def test_start_again_while_checking_drops_the_answer(
        qtbot: QtBot, outbox: Outbox, journeys, open311: FakeOpen311) -> None:
    settings = make_settings(open311_destination(open311))
    sid, reference = queue_report(outbox)
    sender = Sender(settings, outbox, hints={"report-fly-tipping": "FLYTIP"}.get,
                    rng=random.Random(7))
    try:
        sender.run_once()
    finally:
        sender.stop()
        sender.lock.release()
        sender.close()
    open311.fail_next(Fault(delay=0.3, path="requests/"))
    shell = progress_shell(qtbot, outbox, journeys, settings)
    lookup = shell._progress_lookup  # noqa: SLF001 - to wait for the dropped answer
    assert lookup is not None
    ask(qtbot, shell, reference)
    with qtbot.assertNotEmitted(lookup.answered, wait=600):
        tap_name(qtbot, shell, "Start again")
    assert shell.current_screen == "welcome"

"""The audit's walk in a staff practice session: the practice band is on every screen of the
walk (welcome, home, every page of a journey, the confirmation, the languages page, help,
read aloud, the tutorials, the idle warning), in each language and text size, and what the
walk "sends" never reaches the outbox."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.config import load_settings
from kiosk.i18n import load_catalogue
from kiosk.journeys.schema import load_builtin_journeys
from kiosk.tutorials.loader import load_tutorials
from offline.learners import LearnerStore
from offline.outbox import Draft, Outbox
from tests.ui.conftest import open_window
from ui.app import outbox_submitter
from ui.audit_walk import practice_band_shown, walk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_the_band_is_on_every_screen_of_a_practice_walk(qapp: QApplication,
                                                       outbox: Outbox) -> None:
    journeys = [j for j in load_builtin_journeys().journeys
                if j.id in ("sign-petition", "report-missed-bin")]
    stored: list[str] = []

    def submit(submission):  # what kiosk audit stores; practice must never call it
        stored.append(submission.journey_id)
        return outbox.enqueue(Draft(
            id=submission.draft_id, journey_id=submission.journey_id,
            journey_version=submission.journey_version, answers=submission.as_dict(),
            language=submission.language, kiosk_id="audit"))

    report = walk(load_settings(None), journeys, load_catalogue(), languages=("en", "cy"),
                  sizes=(100, 200), themes=(False,), tutorials=load_tutorials(),
                  learners=LearnerStore(outbox.store), submit=submit, practice=True)
    print(f"\n{report.summary_line()}; practice band on all {report.screens} screens")
    assert report.practice_band_missing == ()
    assert report.screens >= 4 * 30 and any("confirmation" in s for s in report.states)
    assert any(s.startswith("tutorial") for s in report.states)
    assert "idle warning" in report.states and "choose a language" in report.states
    assert stored == [] and sum(outbox.status().counts.values()) == 0


def test_the_check_sees_a_missing_band(qtbot, outbox: Outbox, journeys) -> None:
    shell = open_window(qtbot, journeys, outbox_submitter(outbox))
    assert not practice_band_shown(shell)  # a resident's session has none
    shell.start_practice()
    assert practice_band_shown(shell)
    shell.set_language("cy")
    assert practice_band_shown(shell)
    shell.practice_band.set_words("Practice")  # Welsh shown, English words: not the band
    assert not practice_band_shown(shell)
    shell.reset_session()
    assert not practice_band_shown(shell)

"""The accessibility audit's walk: every screen of every built-in journey, check progress,
the tutorials and the idle warning, in English, Welsh and Urdu, at 100, 150 and 200 %, in
both themes, on real widgets. The target is zero findings, and the walk can find some."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.config import load_settings
from kiosk.i18n import Catalogue, load_catalogue
from kiosk.journeys.gazetteer import load_gazetteer
from kiosk.journeys.model import STOP
from kiosk.journeys.schema import load_builtin_journeys
from kiosk.tutorials.loader import load_tutorials
from offline.learners import LearnerStore
from offline.outbox import Draft, Outbox
from offline.store import Store
from sync.progress import check_progress
from ui.audit_walk import AuditReport, plan_journey, walk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def walked(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[AuditReport, Outbox]]:
    """One whole walk, as ``kiosk audit`` runs it: what it sends goes into a real outbox,
    and check progress looks it up there."""
    settings = load_settings(None)
    store = Store.open(tmp_path_factory.mktemp("audit-data"))
    outbox = Outbox(store)

    def submit(submission):
        return outbox.enqueue(Draft(
            id=submission.draft_id, journey_id=submission.journey_id,
            journey_version=submission.journey_version, answers=submission.as_dict(),
            language=submission.language, assisted=False, kiosk_id="audit", destination=None))

    report = walk(
        settings, load_builtin_journeys().journeys, load_catalogue(),
        languages=("en", "cy", "ur"), sizes=(100, 150, 200), themes=(False, True),
        gazetteer=load_gazetteer(None), tutorials=load_tutorials(),
        learners=LearnerStore(store), submit=submit,
        check_progress=lambda reference: check_progress(settings, outbox, reference),
    )
    yield report, outbox
    store.close()


def test_every_screen_in_every_language_size_and_theme_has_no_findings(walked) -> None:
    report, _ = walked
    assert report.languages == ("en", "cy", "ur") and report.sizes == (100, 150, 200)
    assert report.themes == (False, True)
    listed = "\n".join(f"{f.kind} {f.screen} {f.widget}: {f.detail}" for f in report.findings[:30])
    assert report.findings == (), f"{len(report.findings)} findings, the first:\n{listed}"


def test_the_walk_shows_every_page_of_every_built_in_journey(walked) -> None:
    report, _ = walked
    states = set(report.states)
    for journey in load_builtin_journeys().journeys:
        for page in journey.pages:
            assert f"{journey.id}: {page.id}" in states, (journey.id, page.id)
        assert f"{journey.id}: check your answers" in states
        assert f"{journey.id}: nothing was saved" in states
        confirmations = {s for s in states if s.startswith(f"{journey.id}: confirmation")}
        assert confirmations, journey.id
    # a failed Continue on every question page that has a wrong answer to give
    assert sum(s.endswith("after a failed Continue") for s in states) >= 40


def test_the_walk_covers_the_screens_around_the_journeys(walked) -> None:
    report, outbox = walked
    states = set(report.states)
    for expected in ("welcome", "home", "choose a language", "home, read aloud on",
                     "home, help on its way", "check progress, a reference that is not right",
                     "check progress, the answer", "tutorials: your learner code",
                     "tutorials: lessons", "tutorials: certificate", "idle warning",
                     "we deleted your answers", "out of service"):
        assert expected in states, expected
    lessons = load_tutorials().lessons
    for lesson in lessons:
        for number in range(1, len(lesson.steps) + 1):
            assert f"tutorial {lesson.id}: step {number}" in states
    # every screen in every combination: 18 combinations of the same states
    assert report.screens >= 18 * len(states) * 0.9
    assert outbox.status().counts["queued"] > 0  # the confirmations came from a real outbox


def test_plans_reach_every_conditional_and_stop_page() -> None:
    for journey in load_builtin_journeys().journeys:
        paths = plan_journey(journey, gazetteer=load_gazetteer(None))
        shown = {step.page_id for path in paths for step in path.steps}
        assert shown == {p.id for p in journey.pages}, journey.id
        assert not paths[0].ends_at_stop  # the first path reaches check your answers
        for path in paths:
            assert path.ends_at_stop == (journey.page(path.steps[-1].page_id).type == STOP)


def test_the_walk_reports_words_that_do_not_fit(qapp: QApplication, tmp_path: Path) -> None:
    """A translation too long for its button (a content designer's slip) is found, on the
    screen it is on, in the language it is in."""
    strings = load_catalogue()
    long_words = "Cyffyrddwch yma gyda'ch bys i ddechrau defnyddio'r ciosg hwn " * 3
    messages = dict(strings.messages)
    messages["touch_to_start"] = {**messages["touch_to_start"], "cy": long_words}
    journeys = load_builtin_journeys().journeys
    one = [j for j in journeys if j.id == "report-missed-bin"]
    report = walk(load_settings(None), one, Catalogue(messages), languages=("en", "cy"),
                  sizes=(100,), themes=(False,))
    assert report.findings, "a button too narrow for its words must be reported"
    assert {f.kind for f in report.findings} == {"clipped"}
    assert {f.screen for f in report.findings} == {"welcome [cy, 100 %, standard]"}
    assert all("Cyffyrddwch yma" in f.widget for f in report.findings)
    assert report.summary_line().endswith(f": {len(report.findings)} finding"
                                          + ("" if len(report.findings) == 1 else "s"))


def test_the_walk_reports_a_control_without_a_name(qapp: QApplication) -> None:
    """A journey option whose label is empty in one language gives an unnamed control."""
    journeys = load_builtin_journeys().journeys
    journey = next(j for j in journeys if j.id == "report-missed-bin")
    page = next(p for p in journey.pages if p.options)
    options = (replace(page.options[0], label={**page.options[0].label, "cy": " "}),
               *page.options[1:])
    broken = replace(journey, pages=tuple(replace(p, options=options) if p is page else p
                                          for p in journey.pages))
    report = walk(load_settings(None), [broken], load_catalogue(), languages=("cy",),
                  sizes=(100,), themes=(False,))
    assert report.findings, "an unnamed tick box must be reported"
    assert {(f.kind, f.widget) for f in report.findings} == {  # the name check and the
        ("unnamed", "QCheckBox"), ("unnamed_tab_stop", "QCheckBox")}  # Tab-stop check
    assert {f.screen for f in report.findings} == {
        f"report-missed-bin: {page.id} [cy, 100 %, standard]",
        f"report-missed-bin: {page.id}, after a failed Continue [cy, 100 %, standard]"}

"""Staff practice in the Qt-free flow: on until the wipe, nothing sent, counted apart."""

from __future__ import annotations

import datetime as dt

from kiosk import flow as f
from kiosk.flow import Flow, FlowState
from kiosk.i18n import load_catalogue
from kiosk.receipt import PRACTICE_REFERENCE, receipt_content
from kiosk.references import ALPHABET
from offline.stats import Stats, StatsRecorder
from offline.store import Store
from tests.kiosk import test_flow
from tests.kiosk.test_flow import _flow, _to_petition_check

journeys = test_flow.journeys  # the fixture, shared

WORDS = load_catalogue()


def _finish_petition(flow: Flow) -> None:
    _to_petition_check(flow)
    receipt = flow.practice_sent() if flow.practice else flow.sent("XYDWE5B4R", queued=False)
    assert receipt is not None


def test_practice_lasts_until_the_wipe_and_ends_from_the_staff_corner(journeys) -> None:
    flow = _flow(journeys)
    flow.start()
    flow.tile("report")
    flow.tile("report-missed-bin")
    flow.start_practice()  # what was on the kiosk is wiped first
    assert flow.practice and flow.state == FlowState(f.WELCOME) and flow.run is None
    _to_petition_check(flow)
    assert flow.practice
    flow.start_again()
    assert not flow.practice and flow.screen == f.WELCOME
    flow.start_practice()
    flow.start()
    flow.wipe()  # the idle wipe
    assert not flow.practice
    flow.start_practice()
    flow.end_practice()
    assert not flow.practice and flow.state == FlowState(f.WELCOME)


def test_a_practice_receipt_has_no_real_reference_and_says_nothing_was_sent(journeys) -> None:
    flow = _flow(journeys)
    assert flow.practice_sent() is None  # not in practice: nothing to do
    flow.start_practice()
    _to_petition_check(flow)
    receipt = flow.practice_sent()
    assert receipt is not None and receipt.practice and receipt.reference == PRACTICE_REFERENCE
    assert flow.screen == f.CONFIRMATION and flow.run is None
    assert "I" in PRACTICE_REFERENCE and "I" not in ALPHABET  # never a reference the kiosk makes
    for language, reference, nothing in (
            ("en", "PRACTICE", "nothing was sent to the council"),
            ("cy", "YMARFER", "chafodd dim byd ei anfon at y cyngor")):
        content = receipt_content(receipt, language=language, text_size=100, council="C",
                                  contact="Call us", words=lambda key, lang=language, **v:
                                  WORDS.text(key, lang, **v))
        assert content.practice and content.reference_display == reference
        assert nothing in content.status and content.contact == "" and content.labels["qr"] == ""


def test_practice_is_counted_apart_from_residents(journeys, store: Store) -> None:
    stats = Stats(store)
    recorder = StatsRecorder(stats)
    flow = _flow(journeys, usage=recorder)
    _finish_petition(flow)  # a resident
    flow.wipe()
    flow.start_practice()
    assert recorder.practice
    _finish_petition(flow)  # staff practising, twice
    flow.home()
    flow.tile("have_your_say")
    flow.tile("sign-petition")
    flow.back()  # given up: practice too
    flow.wipe()
    assert not recorder.practice
    flow.start_practice()
    _finish_petition(flow)
    flow.end_practice()
    today = dt.date.today()
    [day] = stats.daily(today, today)
    assert (day.sessions, day.journeys_started, day.journeys_completed) == (1, 1, 1)
    assert day.completed_by_journey == {"sign-petition": 1} and day.journeys_abandoned == 0
    assert day.languages == {"en": 1}
    assert (day.practice_sessions, day.practice_journeys_started,
            day.practice_journeys_completed) == (2, 3, 2)
    assert stats.sessions_on(today) == 1  # the fleet's sessions today: residents only
    csv = stats.export_csv(today, today)
    assert f"{today},practice_sessions,,,,2" in csv and f"{today},sessions,,,,1" in csv

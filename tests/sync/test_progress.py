"""Check progress: a reference looked up on the kiosk and at a real local council server."""

from __future__ import annotations

import time

import pytest

from offline.catalogue import CatalogueCache
from offline.outbox import Outbox
from sync.catalogue import refresh_catalogues
from sync.http import Transport
from sync.progress import (
    MESSAGES,
    NEEDS_STAFF,
    NOT_FOUND,
    OFFLINE,
    REFERENCE_PENDING,
    SENT_NO_REFERENCE,
    STATUS,
    STATUS_MESSAGES,
    WAITING,
    check_progress,
)
from tests.sync.conftest import Enqueue, make_settings, open311_destination
from tests.sync.servers import FakeOpen311, Fault


def reference(outbox: Outbox, sid: str) -> str:
    item = outbox.get(sid)
    assert item is not None
    return item.reference


def test_a_waiting_report_says_it_is_saved_here(open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue) -> None:
    sid = enqueue()
    result = check_progress(make_settings(open311_destination(open311)), outbox, reference(outbox, sid).lower())
    assert result.kind == WAITING and result.message("cy") == MESSAGES[WAITING]["cy"]
    assert open311.gets == []  # nothing to ask the council yet


def test_an_unknown_reference(outbox: Outbox) -> None:
    result = check_progress(make_settings(), outbox, "ZZZZ-ZZZZ")
    assert result.kind == NOT_FOUND and "Check the reference" in result.message("en")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_delivered_report_shows_the_councils_status_and_notes(
        fmt: str, open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    settings = make_settings(open311_destination(open311, fmt))
    sid = enqueue()
    make_sender(settings).run_once()
    record = open311.record_for_key(sid)
    assert record is not None
    record.status, record.status_notes = "fixed", "<p>Cleared on   Tuesday &amp; bins emptied</p>"
    result = check_progress(settings, outbox, reference(outbox, sid))
    assert (result.kind, result.status, result.council_reference) == (STATUS, "fixed", record.id)
    assert result.status_notes == "Cleared on Tuesday & bins emptied"
    assert result.message("en") == STATUS_MESSAGES["fixed"]["en"]
    assert result.message("cy") == STATUS_MESSAGES["fixed"]["cy"]


def test_offline_it_says_it_cannot_check_now(open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
                                             make_sender) -> None:
    settings = make_settings(open311_destination(open311))
    sid = enqueue()
    make_sender(settings).run_once()
    open311.fail_next(Fault(drop=True, path="requests/"))
    result = check_progress(settings, outbox, reference(outbox, sid))
    assert result.kind == OFFLINE and result.message("en") == "We cannot check right now. Try again later."


def test_needs_staff_token_pending_and_blackbox(open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
                                                make_sender) -> None:
    settings = make_settings(open311_destination(open311))
    refresh_catalogues(settings, CatalogueCache(outbox.store), Transport())  # NOTE is blackbox
    open311.token_polls_needed = 99
    rejected = enqueue(journey_id="streets.GONE")
    batch = enqueue(journey_id="book-bulky-waste", answers={"description": "Sofa"})
    blackbox = enqueue(journey_id="tell-us", answers={"description": "Thanks"})
    make_sender(settings).run_once()
    assert check_progress(settings, outbox, reference(outbox, rejected)).kind == NEEDS_STAFF
    pending = check_progress(settings, outbox, reference(outbox, batch))
    assert pending.kind == REFERENCE_PENDING and pending.service_notice
    assert check_progress(settings, outbox, reference(outbox, blackbox)).kind == SENT_NO_REFERENCE


def test_every_message_has_english_and_welsh_in_house_style() -> None:
    for table in (MESSAGES, STATUS_MESSAGES):
        for kind, texts in table.items():
            assert set(texts) >= {"en", "cy"}, kind
            for text in texts.values():
                lowered = text.lower()
                assert not any(w in lowered for w in ("please", "sorry", "invalid")), (kind, text)


def test_an_unconfirmed_report_is_waiting_then_needs_staff(open311: FakeOpen311, outbox: Outbox,
                                                           enqueue: Enqueue, make_sender) -> None:
    sid = enqueue()
    open311.fail_next(Fault(status=200, body=b"[{}]", content_type="application/json"))
    make_sender(make_settings(open311_destination(open311))).run_once()
    assert check_progress(make_settings(), outbox, reference(outbox, sid)).kind == WAITING
    time.sleep(0.05)  # past the next look-up (test backoff is at most 0.02 s)
    make_sender(make_settings(open311_destination(open311), unconfirmed_hours=0)).run_once()
    assert check_progress(make_settings(), outbox, reference(outbox, sid)).kind == NEEDS_STAFF

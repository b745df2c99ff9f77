"""Delivering to a real local Open311 server: both formats, Unicode, attributes, tokens, blackbox."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl

import pytest

from offline.catalogue import CatalogueCache
from offline.outbox import Outbox
from sync.catalogue import refresh_catalogues
from sync.http import Transport
from tests.sync.conftest import Enqueue, make_settings, open311_destination
from tests.sync.servers import FakeOpen311, Fault


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_queue_is_delivered_and_the_remote_id_kept(fmt: str, open311: FakeOpen311, outbox: Outbox,
                                                     enqueue: Enqueue, make_sender) -> None:
    ids = [enqueue() for _ in range(3)]
    report = make_sender(make_settings(open311_destination(open311, fmt))).run_once()
    assert (report.delivered, report.failed) == (3, False)
    for sid in ids:
        item = outbox.get(sid)
        record = open311.record_for_key(sid)
        assert item is not None and record is not None
        assert (item.state, item.remote_id) == ("delivered", record.id)
        assert item.service_notice == "We aim to clear it in 2 working days"
        assert not item.has_payload
    assert len(open311.records) == 3


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unicode_arrives_intact_and_the_form_is_utf8(fmt: str, open311: FakeOpen311, enqueue: Enqueue,
                                                      outbox: Outbox, make_sender) -> None:
    sid = enqueue(answers={"description": "Café – £5 ✓", "address_string": "Heol y Frenhines, Caerdydd"})
    make_sender(make_settings(open311_destination(open311, fmt))).run_once()
    fields = dict(open311.record_for_key(sid).fields)  # type: ignore[union-attr]
    reference = outbox.get(sid).reference  # type: ignore[union-attr]
    # no catalogue, so no id attribute: the short marker to find it again follows the text
    assert fields["description"] == f"Café – £5 ✓\n\n[Kiosk ref {reference}]"
    assert fields["address_string"] == "Heol y Frenhines, Caerdydd"
    assert fields["service_code"] == "FLYTIP" and fields["jurisdiction_id"] == "example.gov.uk"
    (body,) = open311.posts_for_key(sid)
    assert b"Caf%C3%A9%20%E2%80%93%20%C2%A35%20%E2%9C%93" in body


def test_the_api_key_is_in_the_body_and_never_in_the_url(open311: FakeOpen311, enqueue: Enqueue,
                                                        make_sender) -> None:
    sid = enqueue()
    make_sender(make_settings(open311_destination(open311))).run_once()
    (body,) = open311.posts_for_key(sid)
    assert ("api_key", open311.api_key) in parse_qsl(body.decode())
    assert all(open311.api_key not in path for path in open311.gets)


@pytest.mark.parametrize(("style", "expected"), [
    ("brackets", [("attribute[WASTE][]", "bags"), ("attribute[WASTE][]", "sofa")]),
    ("repeat", [("attribute[WASTE]", "bags"), ("attribute[WASTE]", "sofa")]),
])
def test_multi_value_attributes_in_either_style(style: str, expected: list[tuple[str, str]],
                                                open311: FakeOpen311, enqueue: Enqueue, make_sender) -> None:
    sid = enqueue()
    make_sender(make_settings(open311_destination(open311, multi_value_style=style))).run_once()
    fields = open311.record_for_key(sid).fields  # type: ignore[union-attr]
    assert [f for f in fields if f[0].startswith("attribute[WASTE]")] == expected
    assert ("lat", "51.501") in fields and ("long", "-0.1416") in fields


def test_our_id_fills_the_server_set_attribute_from_the_cached_definition(
        open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    settings = make_settings(open311_destination(open311, "xml"))
    with Transport() as transport:
        assert all(r.ok for r in refresh_catalogues(settings, CatalogueCache(outbox.store), transport))
    sid = enqueue(journey_id="streets.FLYTIP", answers={"description": "Bags", "WASTE": ["bags"]})
    make_sender(settings).run_once()
    fields = dict(open311.record_for_key(sid).fields)  # type: ignore[union-attr]
    assert fields["attribute[kiosk_submission_id]"] == sid
    assert fields["service_code"] == "FLYTIP"


def test_every_attempt_repeats_the_same_key_and_bytes(open311: FakeOpen311, enqueue: Enqueue, make_sender,
                                                      outbox: Outbox) -> None:
    sid = enqueue()
    open311.fail_next(Fault(status=503), Fault(status=503))
    sender = make_sender(make_settings(open311_destination(open311)))
    for _ in range(20):
        if outbox.get(sid).state == "delivered":  # type: ignore[union-attr]
            break
        sender.drain()
        time.sleep(0.03)  # the item's own backoff (at most 0.02 s here)
    bodies = open311.posts_for_key(sid)
    assert len(bodies) == 3 and len(set(bodies)) == 1
    assert outbox.get(sid).state == "delivered"  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_token_is_accepted_then_resolved_without_a_second_post(
        fmt: str, open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    open311.token_polls_needed = 2
    sid = enqueue(journey_id="book-bulky-waste", answers={"description": "A sofa", "address_string": "1 High St"})
    sender = make_sender(make_settings(open311_destination(open311, fmt), first_retry_seconds=0.01,
                                       max_retry_seconds=0.01))
    first = sender.run_once()
    item = outbox.get(sid)
    assert item is not None and item.state == "delivered"
    assert item.remote_token == f"T-{open311.record_for_key(sid).id}"  # type: ignore[union-attr]
    for _ in range(50):
        if outbox.get(sid).remote_id:  # type: ignore[union-attr]
            break
        time.sleep(0.02)
        sender.run_once()
    item = outbox.get(sid)
    assert item is not None and item.remote_id == open311.record_for_key(sid).id  # type: ignore[union-attr]
    assert len(open311.posts_for_key(sid)) == 1 and first.delivered == 1
    assert outbox.pending_tokens() == []


def test_a_blackbox_service_is_delivered_without_an_id(open311: FakeOpen311, outbox: Outbox,
                                                       enqueue: Enqueue, make_sender) -> None:
    sid = enqueue(journey_id="tell-us", answers={"description": "Thanks for the new benches"})
    settings = make_settings(open311_destination(open311, "xml"))
    # the service list says NOTE is blackbox: only then is an answer naming no record delivery
    refresh_catalogues(settings, CatalogueCache(outbox.store), Transport())
    report = make_sender(settings).run_once()
    item = outbox.get(sid)
    assert report.delivered == 1 and item is not None
    assert (item.state, item.remote_id, item.remote_token) == ("delivered", None, None)

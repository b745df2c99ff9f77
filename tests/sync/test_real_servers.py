"""Against servers that answer as real council servers do (issue 16): most ignore
``Idempotency-Key``, some answer 2xx without naming the record, use another XML root,
serve only ``application/xml``, trickle their answers or send far too much.

For each: nothing lost (answers kept until a record id is known), nothing POSTed twice,
and the sender ends within its deadlines (small ones here; no timing is asserted).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from offline.catalogue import CatalogueCache
from offline.outbox import Outbox
from sync.catalogue import refresh_catalogues
from sync.http import Transport
from sync.sender import DrainReport, Sender
from tests.sync.conftest import Enqueue, make_settings, open311_destination
from tests.sync.servers import FakeOpen311, Fault

JSON = "application/json"
XML = "text/xml"
# generous: a pass that hangs never ends; one that works ends in a few seconds
ENDS_WITHIN = 60.0


def ends(sender: Sender) -> DrainReport:
    """Run one pass on a thread and insist it ends."""
    result: list[DrainReport] = []
    thread = threading.Thread(target=lambda: result.append(sender.drain()), daemon=True)
    thread.start()
    thread.join(ENDS_WITHIN)
    assert not thread.is_alive(), "the sender did not end within its deadlines"
    return result[0]


@pytest.fixture
def ignoring(open311: FakeOpen311) -> FakeOpen311:
    open311.honour_keys = False  # like most Open311 servers
    return open311


def one_record(server: FakeOpen311, sid: str) -> None:
    assert len(server.records_for_key(sid)) == 1
    assert len(server.posts_for_key(sid)) == 1


UNNAMED_2XX = [
    pytest.param(200, b"[{}]", JSON, id="empty-record"),
    pytest.param(200, b'[{"service_request_id": null}]', JSON, id="null-id"),
    pytest.param(200, b"<service_requests><request></request></service_requests>", XML, id="empty-xml-request"),
    pytest.param(200, b'[{"code":"403","description":"Invalid api_key"}]', JSON, id="error-array-with-200"),
    pytest.param(200, b"{not json", JSON, id="unreadable"),
    pytest.param(200, b'{"hello": "world"}', JSON, id="unknown-shape"),
    pytest.param(201, b"", JSON, id="empty-201"),
    pytest.param(200, b"[]", JSON, id="empty-list"),
]


@pytest.mark.parametrize(("status", "body", "ctype"), UNNAMED_2XX)
def test_a_2xx_naming_no_record_is_looked_up_not_posted_again(
        status: int, body: bytes, ctype: str, ignoring: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
        make_sender: Callable[..., Sender]) -> None:
    sid = enqueue()
    ignoring.fail_next(Fault(status=status, body=body, content_type=ctype, commit=True))
    sender = make_sender(make_settings(open311_destination(ignoring)))
    report = ends(sender)
    assert (report.unconfirmed, report.found, report.delivered) == (1, 1, 0)
    item = outbox.get(sid)
    record = ignoring.record_for_key(sid)
    assert item is not None and record is not None
    assert (item.state, item.remote_id) == ("delivered", record.id)  # found by our marker
    for _ in range(3):
        ends(sender)
    one_record(ignoring, sid)


@pytest.mark.parametrize(("status", "body", "ctype"), UNNAMED_2XX[:4])
def test_what_is_not_found_keeps_its_answers_and_goes_to_staff(
        status: int, body: bytes, ctype: str, ignoring: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
        make_sender: Callable[..., Sender]) -> None:
    sid = enqueue()
    ignoring.fail_next(Fault(status=status, body=body, content_type=ctype))  # nothing stored
    sender = make_sender(make_settings(open311_destination(ignoring), unconfirmed_hours=0))
    report = ends(sender)
    assert report.failed and report.not_found == 1
    item = outbox.get(sid)
    assert item is not None and item.state == "unconfirmed" and item.needs_staff and item.has_payload
    status_now = outbox.status()
    assert status_now.counts["unconfirmed"] == 1 and status_now.as_dict()["needs_staff"] == 1
    for _ in range(3):
        ends(sender)
    assert len(ignoring.posts_for_key(sid)) == 1  # never posted again by itself
    assert ignoring.records_for_key(sid) == []
    # staff: "send again"
    outbox.retry_now(sid)
    ends(sender)
    item = outbox.get(sid)
    assert item is not None and item.state == "delivered" and item.remote_id
    assert len(ignoring.records_for_key(sid)) == 1 and len(ignoring.posts_for_key(sid)) == 2  # staff's choice


def test_staff_can_say_the_council_has_it(ignoring: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
                                         make_sender: Callable[..., Sender]) -> None:
    sid = enqueue()
    ignoring.search_status = 404  # a server that cannot be searched
    ignoring.fail_next(Fault(status=200, body=b"[{}]", content_type=JSON, commit=True))
    ends(make_sender(make_settings(open311_destination(ignoring), unconfirmed_hours=0)))
    assert outbox.get(sid).needs_staff  # type: ignore[union-attr]
    outbox.confirm_delivered(sid)
    item = outbox.get(sid)
    assert item is not None and (item.state, item.has_payload) == ("delivered", False)
    one_record(ignoring, sid)


def test_the_error_array_sent_with_200_keeps_the_servers_reason(
        ignoring: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender: Callable[..., Sender]) -> None:
    sid = enqueue()
    ignoring.fail_next(Fault(status=200, body=b'[{"code":"403","description":"Invalid api_key"}]',
                             content_type=JSON))
    ends(make_sender(make_settings(open311_destination(ignoring))))
    item = outbox.get(sid)
    assert item is not None and item.state == "unconfirmed" and not item.needs_staff  # still looking
    assert item.server_reason == "Invalid api_key (code 403)"


@pytest.mark.parametrize(("status", "body", "expected"), [
    (400, b'{"detail": ["Invalid API key"]}', "Invalid API key"),
    (400, b'{"code": "400", "detail": "Missing location"}', "Missing location (code 400)"),
    (422, b'{"description": "The email jo.bloggs@example.com is not valid"}', "The email […] is not valid"),
    (400, b"<errors><error><code>400</code><description>Name Ann Other not allowed</description>"
          b"</error></errors>", "Name […] not allowed (code 400)"),
    (500, b'{"errors": [{"message": "CRM down"}, {"message": "try later"}]}', "CRM down; try later"),
    (404, b'{"error": "Service not found"}', "Service not found"),
])
def test_the_servers_own_reason_is_kept_without_personal_data(
        status: int, body: bytes, expected: str, open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
        make_sender: Callable[..., Sender]) -> None:
    sid = enqueue(answers={"description": "Bags by the gate", "lat": 51.5, "long": -0.14,
                           "email": "jo.bloggs@example.com", "name": "Ann Other"})
    open311.fail_next(Fault(status=status, body=body, content_type=JSON if body[:1] != b"<" else XML))
    ends(make_sender(make_settings(open311_destination(open311))))
    item = outbox.get(sid)
    assert item is not None and item.state in ("retrying", "rejected") and item.has_payload
    assert item.server_reason == expected


def test_a_requests_root_with_201_is_delivered_once_each(
        ignoring: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender: Callable[..., Sender]) -> None:
    ignoring.requests_root = "requests"
    ids = [enqueue() for _ in range(3)]
    sender = make_sender(make_settings(open311_destination(ignoring, "xml")))
    ignoring.fail_next(*[Fault(status=201, body=f"<requests><request><service_request_id>{n}"
                                                f"</service_request_id></request></requests>".encode(),
                               content_type=XML, commit=True) for n in ("A1", "A2", "A3")])
    for _ in range(3):
        ends(sender)
    assert [outbox.get(sid).remote_id for sid in ids] == ["A1", "A2", "A3"]  # type: ignore[union-attr]
    assert len(ignoring.records) == 3 and len(ignoring.posts) == 3


def test_an_application_xml_only_server_is_served(
        open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender: Callable[..., Sender]) -> None:
    open311.accept_only = "application/xml"
    settings = make_settings(open311_destination(open311, "xml"))
    results = refresh_catalogues(settings, CatalogueCache(outbox.store), Transport())
    assert all(r.ok for r in results), [r.message for r in results]
    sid = enqueue()
    report = ends(make_sender(settings))
    assert report.delivered == 1 and outbox.get(sid).state == "delivered"  # type: ignore[union-attr]


@pytest.mark.parametrize("fault", [
    pytest.param(Fault(status=200, body=b'[{"service_request_id": "x"}]', content_type=JSON, trickle=0.3,
                       commit=True), id="trickled-body"),
    pytest.param(Fault(status=200, body=b'[{"service_request_id": "x"}]', content_type=JSON, trickle=0.1,
                       trickle_head=True, commit=True), id="trickled-head"),
    pytest.param(Fault(status=200, size=200_000_000, content_type=JSON, commit=True), id="200MB-declared"),
    pytest.param(Fault(status=200, size=200_000_000, content_type=JSON, commit=True, declare_length=False),
                 id="200MB-streamed"),
])
def test_a_trickled_or_huge_answer_ends_the_attempt_and_is_looked_up(
        fault: Fault, ignoring: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
        make_sender: Callable[..., Sender]) -> None:
    first, second = enqueue(), enqueue()
    ignoring.fail_next(fault)
    sender = make_sender(make_settings(open311_destination(ignoring), request_deadline_seconds=2.0,
                                       max_answer_bytes=1_000_000))
    report = ends(sender)
    assert report.unconfirmed == 1 and report.delivered == 1 and report.found == 1
    assert set(report.error_classes) <= {"deadline", "too_large"}
    for sid in (first, second):
        item = outbox.get(sid)
        assert item is not None and item.state == "delivered"
        assert item.remote_id == ignoring.record_for_key(sid).id  # type: ignore[union-attr]
        one_record(ignoring, sid)


def test_a_trickled_catalogue_or_a_too_large_one_is_refused_in_plain_words(
        open311: FakeOpen311, outbox: Outbox) -> None:
    settings = make_settings(open311_destination(open311), request_deadline_seconds=2.0)
    open311.fail_next(Fault(status=200, body=b"[]" * 50, content_type=JSON, trickle=0.2, path="services"))
    (result,) = refresh_catalogues(settings, CatalogueCache(outbox.store),
                                   Transport(2.0, 0.5, deadline=2.0))
    assert not result.ok and "deadline" in result.message
    open311.fail_next(Fault(status=200, size=5_000_000, content_type=JSON, path="services"))
    (result,) = refresh_catalogues(settings, CatalogueCache(outbox.store),
                                   Transport(2.0, 0.5, deadline=5.0, max_bytes=1_000_000))
    assert not result.ok and "too_large" in result.message


def test_a_trickled_token_never_blocks_the_other_items(
        ignoring: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender: Callable[..., Sender]) -> None:
    ignoring.token_polls_needed = 1
    booked = enqueue(journey_id="book-bulky-waste", answers={"description": "A sofa", "address_string": "1 High St"})
    sender = make_sender(make_settings(open311_destination(ignoring), request_deadline_seconds=2.0))
    ignoring.fail_next(*[Fault(status=200, body=b'[{"service_request_id": "9"}]', content_type=JSON,
                               trickle=0.3, path="tokens") for _ in range(2)])
    first = ends(sender)
    assert first.delivered == 1 and first.tokens_resolved == 0  # the trickled token answer was cut off
    later = enqueue()
    second = ends(sender)
    assert second.delivered == 1 and outbox.get(later).state == "delivered"  # type: ignore[union-attr]
    one_record(ignoring, booked)
    for _ in range(20):
        report = ends(sender)
        if report.tokens_resolved:
            break
    item = outbox.get(booked)
    assert item is not None and item.remote_id == ignoring.record_for_key(booked).id  # type: ignore[union-attr]
    one_record(ignoring, booked)


def test_a_service_with_an_id_attribute_is_found_by_it(
        ignoring: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender: Callable[..., Sender]) -> None:
    ignoring.echo_attributes = True
    settings = make_settings(open311_destination(ignoring))
    refresh_catalogues(settings, CatalogueCache(outbox.store), Transport())
    sid = enqueue(answers={"description": "Bags", "lat": 51.5, "long": -0.14, "WASTE": ["bags"]})
    ignoring.fail_next(Fault(status=200, body=b"[{}]", content_type=JSON, commit=True))
    report = ends(make_sender(settings))
    record = ignoring.record_for_key(sid)
    assert record is not None
    fields: dict[str, Any] = dict(record.fields)
    assert fields["attribute[kiosk_submission_id]"] == sid and "Kiosk ref" not in fields["description"]
    assert report.found == 1 and outbox.get(sid).remote_id == record.id  # type: ignore[union-attr]


@pytest.mark.parametrize("fault", [Fault(drop=True, commit=True), Fault(delay=0.8, commit=True)],
                         ids=["dropped-after-commit", "timeout-after-commit"])
def test_no_answer_after_sending_is_looked_up_not_posted_again(
        fault: Fault, ignoring: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
        make_sender: Callable[..., Sender]) -> None:
    sid = enqueue()
    ignoring.fail_next(fault)
    report = ends(make_sender(make_settings(open311_destination(ignoring))))
    assert (report.unconfirmed, report.found) == (1, 1)
    assert outbox.get(sid).remote_id == ignoring.record_for_key(sid).id  # type: ignore[union-attr]
    one_record(ignoring, sid)


def test_a_drop_before_anything_was_stored_is_kept_for_staff(
        ignoring: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender: Callable[..., Sender]) -> None:
    sid = enqueue()
    ignoring.fail_next(Fault(drop=True))
    sender = make_sender(make_settings(open311_destination(ignoring), unconfirmed_hours=0))
    ends(sender)
    ends(sender)
    item = outbox.get(sid)
    assert item is not None and item.needs_staff and item.has_payload
    assert len(ignoring.posts_for_key(sid)) == 1 and ignoring.records_for_key(sid) == []

"""Every failure class against a real local server: what is retried, what needs staff, what pauses."""

from __future__ import annotations

import dataclasses
import time
from datetime import timedelta

import pytest

from offline.outbox import Outbox
from offline.store import utc_now
from sync.http import UnsafeEndpoint, check_endpoint
from sync.pauses import Pauses
from tests.sync.conftest import Enqueue, make_settings, open311_destination, webhook_destination
from tests.sync.servers import PORTAL_HTML, PROXY_502, FakeOpen311, FakeWebhook, Fault


def state(outbox: Outbox, sid: str) -> tuple[str, str | None]:
    item = outbox.get(sid)
    assert item is not None
    return item.state, item.last_error_class


def drain_until_settled(sender, outbox: Outbox, sid: str, passes: int = 40) -> None:  # type: ignore[no-untyped-def]
    for _ in range(passes):
        sender.drain()
        if state(outbox, sid)[0] in ("delivered", "rejected"):
            return
        time.sleep(0.025)  # longer than the test backoff ceiling (0.02 s)


@pytest.mark.parametrize(("fault", "error_class"), [
    (Fault(status=503, body=b"down", content_type="text/plain"), "http_503"),
    (Fault(status=502, body=PROXY_502), "http_502"),
    (Fault(status=500), "http_500"),
    (Fault(status=200, body=PORTAL_HTML), "captive_portal"),
])
def test_transient_failures_retry_with_the_same_key_then_deliver_once(
        fault: Fault, error_class: str, open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
        make_sender) -> None:
    sid = enqueue()
    open311.fail_next(fault)
    sender = make_sender(make_settings(open311_destination(open311)))
    report = sender.drain()
    assert report.failed and report.error_classes == {error_class: 1}
    assert state(outbox, sid) == ("retrying", error_class)
    assert outbox.get(sid).has_payload  # type: ignore[union-attr]
    drain_until_settled(sender, outbox, sid)
    item = outbox.get(sid)
    assert item is not None and item.state == "delivered"
    assert len([r for r in open311.records.values() if r.key == sid]) == 1
    assert item.remote_id == open311.record_for_key(sid).id  # type: ignore[union-attr]
    assert len(set(open311.posts_for_key(sid))) == 1  # same bytes every attempt


def test_a_refused_connection_is_retried(outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    server = FakeOpen311().start()
    destination = open311_destination(server)
    server.stop()  # nothing listens on that port now
    sid = enqueue()
    report = make_sender(make_settings(destination)).run_once()
    assert report.failed and state(outbox, sid) == ("retrying", "connection_refused")


def test_429_honours_retry_after(open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    sid = enqueue()
    open311.fail_next(Fault(status=429, retry_after="120"))
    before = utc_now()
    make_sender(make_settings(open311_destination(open311))).drain()
    item = outbox.get(sid)
    assert item is not None and (item.state, item.last_error_class, item.last_http_status) == (
        "retrying", "http_429", 429)
    assert item.next_attempt_utc is not None and item.next_attempt_utc >= before + timedelta(seconds=119)


def test_400_is_retried_a_bounded_number_of_times_then_needs_staff(
        open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    sid = enqueue()
    open311.fail_next(*[Fault(status=400, body=b"<errors><error><code>400</code>"
                              b"<description>CRM down</description></error></errors>",
                              content_type="text/xml")] * 5)
    sender = make_sender(make_settings(open311_destination(open311), bad_request_attempts=2))
    drain_until_settled(sender, outbox, sid)
    assert state(outbox, sid) == ("rejected", "http_400")
    assert len(open311.posts_for_key(sid)) == 3  # the first, then two retries
    assert outbox.get(sid).has_payload  # type: ignore[union-attr] # kept for staff


def test_400_that_clears_up_is_delivered(open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
                                         make_sender) -> None:
    sid = enqueue()
    open311.fail_next(Fault(status=400), Fault(status=400))
    sender = make_sender(make_settings(open311_destination(open311), bad_request_attempts=3))
    drain_until_settled(sender, outbox, sid)
    assert state(outbox, sid)[0] == "delivered"
    outcomes = [o for _at, o, _h, _e in outbox.attempts(sid)]
    assert outcomes == ["retrying", "retrying", "delivered"]


def test_404_for_a_service_needs_staff(open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
                                       make_sender) -> None:
    sid = enqueue(journey_id="streets.GONE")
    report = make_sender(make_settings(open311_destination(open311))).run_once()
    assert report.rejected == 1 and state(outbox, sid) == ("rejected", "http_404")


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_pause_the_destination_without_touching_items(
        status: int, open311: FakeOpen311, webhook: FakeWebhook, outbox: Outbox, enqueue: Enqueue,
        make_sender) -> None:
    ids = [enqueue() for _ in range(3)]
    petition = enqueue(journey_id="sign-petition", answers={"name": "A Resident"})
    open311.fail_next(Fault(status=status))
    streets = open311_destination(open311)
    settings = make_settings(streets, webhook_destination(webhook))
    report = make_sender(settings).run_once()
    assert report.paused == ["streets"] and report.delivered == 1  # the webhook still delivers
    assert len(open311.posts) == 1  # one POST, then the whole destination waits
    for sid in ids:
        item = outbox.get(sid)
        assert item is not None and (item.state, item.attempts) == ("queued", 0)
    assert state(outbox, petition)[0] == "delivered"
    (alert,) = Pauses(outbox.store).alerts(settings)
    assert "streets" in alert and f"HTTP {status}" in alert and open311.api_key not in alert
    # a second run still waits: nothing is sent while paused
    make_sender(settings).run_once()
    assert len(open311.posts) == 1
    # staff fix the key: the pause lifts by itself and everything is delivered
    fixed = make_settings(dataclasses.replace(streets, api_key=open311.api_key + "-new"),
                          webhook_destination(webhook))
    open311.api_key = open311.api_key + "-new"
    report = make_sender(fixed).run_once()
    assert report.delivered == 3 and Pauses(outbox.store).alerts(fixed) == []


def test_a_cross_host_redirect_is_refused(open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
                                          make_sender) -> None:
    sid = enqueue()
    open311.fail_next(Fault(status=307, location="http://localhost:1/elsewhere/requests.json"))
    make_sender(make_settings(open311_destination(open311))).drain()
    assert state(outbox, sid) == ("retrying", "redirect_refused")


def test_a_same_host_307_is_followed_with_the_same_body(open311: FakeOpen311, outbox: Outbox,
                                                        enqueue: Enqueue, make_sender) -> None:
    sid = enqueue()
    open311.fail_next(Fault(status=307, location=f"{open311.base_url}/requests.json"))
    make_sender(make_settings(open311_destination(open311))).drain()
    assert state(outbox, sid)[0] == "delivered"
    first, second = open311.posts_for_key(sid)
    assert first == second


def test_plain_http_is_refused_off_loopback(open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
                                           make_sender) -> None:
    with pytest.raises(UnsafeEndpoint):
        check_endpoint("http://council.example.gov.uk/open311/v2/requests.json")
    for ok in ("https://council.example.gov.uk/x", "http://127.0.0.5:8/x", "http://[::1]:8/x",
               "http://localhost/x"):
        check_endpoint(ok)
    sid = enqueue()
    plain = open311_destination(open311, base_url="http://council.example.gov.uk/open311/v2")
    settings = make_settings(plain)
    report = make_sender(settings).run_once()
    assert report.paused == ["streets"] and state(outbox, sid) == ("queued", None)
    assert "not https" in Pauses(outbox.store).alerts(settings)[0]


def test_without_a_destination_items_wait_and_are_routed_later(
        open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    sid = enqueue()
    report = make_sender(make_settings()).run_once()
    item = outbox.get(sid)
    assert report.attempted == 0 and item is not None and (item.state, item.destination) == ("queued", None)
    report = make_sender(make_settings(open311_destination(open311))).run_once()
    assert report.delivered == 1 and outbox.get(sid).destination == "streets"  # type: ignore[union-attr]


def test_one_failing_item_does_not_hold_up_the_rest(open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
                                                    make_sender) -> None:
    first, second = enqueue(), enqueue()
    open311.fail_next(Fault(status=503))
    report = make_sender(make_settings(open311_destination(open311))).drain()
    assert (report.delivered, report.retrying) == (1, 1)
    assert state(outbox, first) == ("retrying", "http_503") and state(outbox, second)[0] == "delivered"

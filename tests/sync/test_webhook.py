"""The signed webhook against a real local receiver that checks the signature."""

from __future__ import annotations

import time

from offline.outbox import Outbox
from sync.webhook import sign, verify
from tests.sync.conftest import Enqueue, make_settings, webhook_destination
from tests.sync.servers import FakeWebhook, Fault


def test_a_petition_arrives_signed_with_everything_the_council_needs(
        webhook: FakeWebhook, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    sid = enqueue(journey_id="sign-petition", answers={"name": "Siân Ŵyn", "comment": "Café – £5 ✓"},
                  language="cy")
    report = make_sender(make_settings(webhook_destination(webhook))).run_once()
    assert report.delivered == 1 and webhook.attempts == [(sid, True)]
    document = webhook.received[sid]
    item = outbox.get(sid)
    assert item is not None and item.state == "delivered"
    assert document == {
        "submission_id": sid, "reference": item.reference, "journey_id": "sign-petition",
        "journey_version": "2", "answers": {"name": "Siân Ŵyn", "comment": "Café – £5 ✓"},
        "language": "cy", "assisted": False, "kiosk_id": "central-library-1",
        "submitted_utc": document["submitted_utc"],
    }
    assert document["submitted_utc"].endswith("Z")


def test_409_already_have_it_counts_as_delivered(webhook: FakeWebhook, outbox: Outbox, enqueue: Enqueue,
                                                 make_sender) -> None:
    sid = enqueue(journey_id="sign-petition", answers={"name": "A"})
    webhook.received[sid] = {"from": "an earlier attempt whose answer was lost"}
    make_sender(make_settings(webhook_destination(webhook))).run_once()
    item = outbox.get(sid)
    assert item is not None and (item.state, item.last_http_status) == ("delivered", 409)


def test_a_wrong_secret_is_refused_by_the_council_and_pauses_the_webhook(
        webhook: FakeWebhook, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    sid = enqueue(journey_id="sign-petition", answers={"name": "A"})
    report = make_sender(make_settings(webhook_destination(webhook, secret="not-the-secret"))).run_once()
    assert report.paused == ["forms"] and webhook.attempts == [(sid, False)]
    assert outbox.get(sid).state == "queued"  # type: ignore[union-attr]


def test_a_webhook_outage_is_retried(webhook: FakeWebhook, outbox: Outbox, enqueue: Enqueue,
                                     make_sender) -> None:
    sid = enqueue(journey_id="sign-petition", answers={"name": "A"})
    webhook.faults.append(Fault(status=503))
    sender = make_sender(make_settings(webhook_destination(webhook)))
    sender.drain()
    assert outbox.get(sid).last_error_class == "http_503"  # type: ignore[union-attr]
    time.sleep(0.03)
    sender.drain()
    assert outbox.get(sid).state == "delivered" and len(webhook.received) == 1  # type: ignore[union-attr]


def test_the_signature_recipe() -> None:
    body = '{"a":"Café"}'.encode()
    header = sign("s3cret", body, 1_700_000_000)
    assert verify("s3cret", body, header, now=1_700_000_100)
    assert not verify("s3cret", body + b" ", header, now=1_700_000_100)
    assert not verify("other", body, header, now=1_700_000_100)
    assert not verify("s3cret", body, header, now=1_700_000_000 + 301)  # too old: a replay
    assert not verify("s3cret", body, "v1=abc", now=1_700_000_000)

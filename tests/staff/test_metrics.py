"""Fleet metrics scraped over HTTP, the signed heartbeat, and the stuck-queue alert raised once."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kiosk.config import Settings
from offline.outbox import Outbox
from offline.stats import Stats, StatsRecorder
from offline.store import utc_now
from sync.metrics import FleetMetrics, Heartbeat, QueueAlert
from sync.webhook import verify
from tests.staff.conftest import Enqueue, settings_for
from tests.sync.servers import FakeWebhook, Fault
from tests.sync.test_one_item import damage


def scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        assert response.status == 200
        text = response.read().decode("utf-8")
    samples = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples


@pytest.fixture
def metrics(outbox: Outbox, settings: Settings) -> Iterator[FleetMetrics]:
    m = FleetMetrics(outbox, settings, version="9.8.7", sessions_today=Stats(outbox.store).sessions_today)
    yield m
    m.stop()


def test_the_endpoint_answers_with_the_real_queue(
    metrics: FleetMetrics, outbox: Outbox, enqueue: Enqueue, hook: FakeWebhook, make_sender, settings
) -> None:
    for _ in range(3):
        enqueue()
    damage(outbox.store.data_dir, enqueue())  # one byte changed: set aside, counted apart
    hook.faults.append(Fault(status=503))
    make_sender(settings).run_once()  # the first attempt fails (503), the other two arrive
    recorder = StatsRecorder(Stats(outbox.store))
    recorder.record_session_started()
    recorder.record_session_started()
    port = metrics.serve(0)
    samples = scrape(port)
    assert samples[("kiosk_queue_items", (("state", "delivered"),))] == 2
    assert samples[("kiosk_queue_items", (("state", "retrying"),))] == 1
    assert samples[("kiosk_queue_items", (("state", "queued"),))] == 0
    assert samples[("kiosk_queue_damaged_items", ())] == 1
    assert samples[("kiosk_queue_items", (("state", "rejected"),))] == 1
    assert samples[("kiosk_sessions_today", ())] == 2
    assert samples[("kiosk_build_info", (("kiosk_id", "central-library-1"), ("version", "9.8.7")))] == 1
    assert samples[("kiosk_online", ())] == 1
    assert samples[("kiosk_destination_paused", (("destination", "forms"),))] == 0
    assert samples[("kiosk_queue_oldest_waiting_seconds", ())] >= 0
    last = samples[("kiosk_last_delivery_timestamp_seconds", ())]
    assert abs(last - time.time()) < 600
    # nothing has painted yet: rendering is unknown, so not reported
    assert ("kiosk_screen_rendering", ()) not in samples


def test_rendering_is_reported_from_the_ui_heartbeat(metrics: FleetMetrics) -> None:
    port = metrics.serve(0)
    metrics.note_rendered()
    assert scrape(port)[("kiosk_screen_rendering", ())] == 1
    metrics.note_rendered(at=time.time() - 3600)  # the screen froze an hour ago
    samples = scrape(port)
    assert samples[("kiosk_screen_rendering", ())] == 0
    assert samples[("kiosk_screen_last_render_timestamp_seconds", ())] == pytest.approx(time.time() - 3600, abs=60)


def test_a_paused_destination_is_reported(
    metrics: FleetMetrics, enqueue: Enqueue, hook: FakeWebhook, make_sender, settings
) -> None:
    enqueue()
    hook.faults.append(Fault(status=401))
    make_sender(settings).run_once()
    port = metrics.serve(0)
    assert scrape(port)[("kiosk_destination_paused", (("destination", "forms"),))] == 1


def test_port_zero_in_settings_means_no_endpoint(metrics: FleetMetrics) -> None:
    assert metrics.settings.kiosk.metrics_port == 0
    assert metrics.serve_from_settings() is None


def test_the_alert_is_raised_once_while_online_then_reminds_daily(
    outbox: Outbox, enqueue: Enqueue, hook: FakeWebhook, make_sender
) -> None:
    settings = settings_for(hook, oldest_waiting_alert_hours=2)
    raised: list[QueueAlert] = []
    metrics = FleetMetrics(outbox, settings, version="1", sessions_today=lambda: 0, on_alert=raised.append)
    now = utc_now()
    enqueue(now=now - timedelta(hours=3))
    hook.faults.append(Fault(status=500))
    make_sender(settings).run_once()  # the council's system answered (500): the kiosk is online
    assert outbox.status().counts["retrying"] == 1

    first = metrics.check_alert(now)
    assert first is not None and not first.reminder
    assert "1 submission is waiting" in first.message and "3 hours" in first.message
    assert metrics.check_alert(now + timedelta(minutes=1)) is None
    # a restarted kiosk remembers it already raised the alert
    again = FleetMetrics(outbox, settings, version="1", sessions_today=lambda: 0, on_alert=raised.append)
    assert again.check_alert(now + timedelta(hours=1)) is None
    assert raised == [first]
    reminder = again.check_alert(now + timedelta(hours=25))
    assert reminder is not None and reminder.reminder
    assert len(raised) == 2


def test_the_alert_re_arms_when_the_queue_clears(
    outbox: Outbox, enqueue: Enqueue, hook: FakeWebhook, make_sender
) -> None:
    settings = settings_for(hook, oldest_waiting_alert_hours=1)
    metrics = FleetMetrics(outbox, settings, version="1", sessions_today=lambda: 0)
    enqueue(now=utc_now() - timedelta(hours=2))
    hook.faults.append(Fault(status=500))
    sender = make_sender(settings)
    sender.run_once()
    assert metrics.check_alert() is not None
    assert metrics.alert_active()
    sender.run_once()  # delivered now
    assert metrics.check_alert() is None and not metrics.alert_active()
    enqueue(now=utc_now() - timedelta(hours=2))
    hook.faults.append(Fault(status=500))
    sender.run_once()
    assert metrics.check_alert() is not None


def test_no_alert_while_offline(outbox: Outbox, enqueue: Enqueue, hook: FakeWebhook, make_sender) -> None:
    settings = settings_for(hook, oldest_waiting_alert_hours=1)
    hook.stop()  # nothing listens: connection refused, the kiosk is offline
    metrics = FleetMetrics(outbox, settings, version="1", sessions_today=lambda: 0)
    enqueue(now=utc_now() - timedelta(hours=5))
    make_sender(settings).run_once()
    assert outbox.status().counts["retrying"] == 1
    assert metrics.online() is False
    assert metrics.check_alert() is None and not metrics.alert_active()


def test_the_heartbeat_is_signed_and_carries_no_answers(
    metrics: FleetMetrics, enqueue: Enqueue, hook: FakeWebhook, settings: Settings
) -> None:
    enqueue(answers={"full_name": "Ada Lovelace", "postcode": "EB1 6FR"})
    metrics.note_rendered()
    beat = Heartbeat(settings.destinations[0])
    try:
        assert beat.send(metrics.heartbeat_document())
    finally:
        beat.close()
    [(key, signature_ok)] = hook.attempts
    assert key and signature_ok  # the receiver verified the signature
    [doc] = hook.received.values()
    assert doc["type"] == "heartbeat" and doc["kiosk_id"] == "central-library-1"
    assert doc["queue"]["counts"]["queued"] == 1 and doc["screen_rendering"] is True
    text = json.dumps(doc)
    assert "Ada" not in text and "EB1" not in text
    body = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()
    assert not verify("wrong-secret", body, "t=1,v1=00")


def test_the_watch_thread_raises_the_alert_and_sends_it(
    outbox: Outbox, enqueue: Enqueue, hook: FakeWebhook, make_sender
) -> None:
    settings = settings_for(hook, oldest_waiting_alert_hours=1)
    beat = Heartbeat(settings.destinations[0])
    metrics = FleetMetrics(outbox, settings, version="1", sessions_today=lambda: 0,
                           on_alert=lambda a: beat.send_alert(a, settings.kiosk.id))
    enqueue(now=utc_now() - timedelta(hours=2))
    hook.faults.append(Fault(status=500))
    make_sender(settings).run_once()
    received_before = len(hook.received)
    metrics.watch(interval_seconds=0.05, heartbeat=beat)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(
                d.get("type") == "alert" for d in _all_documents(hook)):
            time.sleep(0.02)
    finally:
        metrics.stop()
        beat.close()
    alerts = [d for d in _all_documents(hook) if d.get("type") == "alert"]
    assert len(alerts) == 1, received_before
    assert "waiting to be sent" in alerts[0]["message"]


def _all_documents(hook: FakeWebhook) -> list[dict]:
    return list(hook.received.values())

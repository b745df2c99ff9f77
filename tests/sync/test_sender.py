"""The sender's run: one per data folder, a thread that wakes on new submissions, the command line,
and routing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import main
from kiosk.config import Destination
from offline.outbox import Outbox
from sync.routing import Router, route_id, route_journey, service_code_for
from sync.sender import SenderBusy, SenderLock
from tests.sync.conftest import Enqueue, make_settings, open311_destination, webhook_destination
from tests.sync.servers import FakeOpen311, FakeWebhook, Fault
from tests.sync.test_catalogue_fetch import write_config


def test_only_one_sender_per_data_folder(data_dir: Path, outbox: Outbox, make_sender) -> None:
    other = SenderLock(data_dir)
    assert other.acquire()
    try:
        with pytest.raises(SenderBusy):
            make_sender(make_settings()).run_once()
    finally:
        other.release()
    assert make_sender(make_settings()).run_once().attempted == 0


def test_the_thread_delivers_what_is_queued_and_wakes_for_new_submissions(
        open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    settings = make_settings(open311_destination(open311), poll_seconds=3600)  # only wake() starts a pass
    passes: list[int] = []
    delivered = threading.Event()

    def on_pass(report) -> None:  # type: ignore[no-untyped-def]
        passes.append(report.delivered)
        if report.delivered:
            delivered.set()

    first = enqueue()
    sender = make_sender(settings)
    sender.on_pass = on_pass
    sender.start()
    assert delivered.wait(10) and outbox.get(first).state == "delivered"  # type: ignore[union-attr]
    delivered.clear()
    second = enqueue()
    sender.wake()
    assert delivered.wait(10) and outbox.get(second).state == "delivered"  # type: ignore[union-attr]
    assert sender.stop(10) and not sender.running
    assert not sender.lock.held


def test_the_thread_waits_for_the_lock_then_recovers_interrupted_items(
        open311: FakeOpen311, data_dir: Path, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    sid = enqueue(destination="streets")
    claimed = outbox.claim_next("a sender that died")  # left 'sending', as after a crash
    assert claimed is not None
    held = SenderLock(data_dir)
    assert held.acquire()
    done = threading.Event()
    sender = make_sender(make_settings(open311_destination(open311), poll_seconds=0.05))
    sender.on_pass = lambda report: done.set()
    sender.start()
    assert not done.wait(0.3)  # the other sender still holds the folder
    assert outbox.get(sid).state == "sending"  # type: ignore[union-attr]
    held.release()
    assert done.wait(10)
    sender.stop()
    # it may have reached the council: looked up there (not found: it never arrived), not
    # posted again by itself; the answers are kept
    item = outbox.get(sid)
    assert item is not None and (item.state, item.has_payload) == ("unconfirmed", True)
    assert [(o, e) for _a, o, _h, e in outbox.attempts(sid)] == [("unconfirmed", "interrupted")]
    assert open311.posts_for_key(sid) == [] and any("requests" in g for g in open311.gets)


def test_kiosk_sync_once_exit_status_says_whether_anything_failed(
        tmp_path: Path, data_dir: Path, outbox: Outbox, enqueue: Enqueue,
        capsys: pytest.CaptureFixture[str]) -> None:
    server = FakeOpen311().start()
    try:
        config = write_config(tmp_path / "kiosk.toml", server)
        enqueue(journey_id="streets.FLYTIP")
        assert main.main(["sync", "--once", "--config", str(config)]) == 0
        assert "Delivered 1, will retry 0, needs staff 0" in capsys.readouterr().out
        enqueue(journey_id="streets.FLYTIP")
        server.fail_next(Fault(status=503))
        assert main.main(["sync", "--once", "--config", str(config)]) == 1
        assert "will retry 1" in capsys.readouterr().out
        server.api_key = "changed-at-the-council"
        assert main.main(["sync", "--once", "--config", str(config)]) == 1
        out, err = capsys.readouterr()
        assert "paused: streets" in out and "HTTP 403" in err and "changed-at-the-council" not in out + err
    finally:
        server.stop()


def test_routing_rules() -> None:
    streets = Destination(name="streets", kind="open311", base_url="https://x.example/v2", services=("FLYTIP",))
    everything = Destination(name="all", kind="open311", base_url="https://y.example/v2", services=("*",))
    forms = Destination(name="forms", kind="webhook", url="https://z.example/k", secret="s",
                        journeys=("sign-petition",))
    settings = make_settings(streets, everything, forms)
    assert route_id(settings, "streets.POT") == "streets"  # DEST.CODE goes to DEST
    assert route_id(settings, "nowhere.POT", "POT") == "all"
    assert route_id(settings, "report-fly-tipping", "FLYTIP") == "streets"
    assert route_id(settings, "report-pothole", "POT") == "all"
    assert route_id(settings, "sign-petition", "webhook") == "forms"
    assert route_id(settings, "respond-to-consultation", "webhook") is None  # stays queued
    assert route_id(make_settings(), "report-fly-tipping", "FLYTIP") is None
    assert service_code_for("streets.007", None) == "007"
    assert service_code_for("report-fly-tipping", "FLYTIP") == "FLYTIP"
    assert service_code_for("sign-petition", "webhook") is None

    class Journey:
        id = "report-fly-tipping"
        destination = "FLYTIP"
        service_code = ""

    assert route_journey(settings, Journey()) == "streets"
    router = Router(settings, journeys=lambda i: Journey() if i == Journey.id else None)
    assert router("report-fly-tipping") == "streets" and router.service_code("report-fly-tipping") == "FLYTIP"


def test_the_built_in_journeys_route_to_a_catch_all_destination(open311: FakeOpen311,
                                                                webhook: FakeWebhook) -> None:
    from sync.routing import journey_lookup

    settings = make_settings(open311_destination(open311), webhook_destination(webhook))
    journeys = journey_lookup(settings)
    fly = journeys("report-fly-tipping")
    assert fly is not None and route_journey(settings, fly) == "streets"
    petition = journeys("sign-petition")
    assert petition is not None and route_journey(settings, petition) == "forms"

"""Destination trouble is the destination's, against real local servers: the same 4xx for
different items in a row (a bad key answered with 400, a wrong address answered with 404)
pauses the destination once with the server's reason, and no item is rejected for it.
Correcting the settings, or "retry all for this destination", sends them again: nothing
lost, nothing POSTed twice."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import main
from offline.outbox import Outbox
from sync.pauses import Pauses
from tests.sync.conftest import Enqueue, make_settings, open311_destination
from tests.sync.servers import API_KEY, FakeOpen311, Fault
from tests.sync.test_catalogue_fetch import write_config

BAD_KEY = Fault(status=400, body=b'{"detail": ["Invalid API key"]}', content_type="application/json")


def refuses_bad_keys_with_400(server: FakeOpen311) -> None:
    """A server that answers a wrong api_key with 400 and {"detail": [...]} (not 403)."""
    server.fail_when(lambda form: form.get("api_key") != server.api_key, BAD_KEY)


def records_for(server: FakeOpen311, sid: str) -> int:
    return len([r for r in server.records.values() if r.key == sid])


def test_a_400_for_a_bad_key_pauses_the_destination_and_rejects_nothing(
        open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    refuses_bad_keys_with_400(open311)
    ids = [enqueue() for _ in range(5)]
    wrong = open311_destination(open311, api_key="an-old-key")
    settings = make_settings(wrong, bad_request_attempts=1, pause_after_same_refusal=3)
    report = make_sender(settings).run_once()
    assert report.paused == ["streets"] and (report.rejected, report.retrying, report.delivered) == (0, 0, 0)
    assert len(open311.posts) == 3  # three different items, then the destination waits
    for sid in ids:
        item = outbox.get(sid)
        assert item is not None and item.state in ("queued", "retrying") and item.bad_request_count == 0
        assert item.has_payload
    (alert,) = Pauses(outbox.store).alerts(settings)
    assert "HTTP 400" in alert and "\u201cInvalid API key\u201d" in alert and "an-old-key" not in alert
    # told once: a second pass sends nothing and the alert is the same one line
    assert make_sender(settings).run_once().attempted == 0 and len(open311.posts) == 3
    assert Pauses(outbox.store).alerts(settings) == [alert]
    # staff correct the key: the pause lifts by itself and each is delivered once
    fixed = make_settings(dataclasses.replace(wrong, api_key=API_KEY), bad_request_attempts=1)
    report = make_sender(fixed).run_once()
    assert report.delivered == 5 and Pauses(outbox.store).alerts(fixed) == []
    assert all(records_for(open311, sid) == 1 for sid in ids)


def test_the_same_404_for_different_items_pauses_instead_of_rejecting(
        open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    ids = [enqueue() for _ in range(4)]
    gone = Fault(status=404, body=b"Not Found", content_type="text/plain")
    open311.fail_when(lambda form: True, gone)  # e.g. the council moved its endpoint
    settings = make_settings(open311_destination(open311))
    report = make_sender(settings).run_once()
    assert report.paused == ["streets"] and report.rejected == 0
    assert [outbox.get(sid).state for sid in ids].count("rejected") == 0  # type: ignore[union-attr]
    assert "HTTP 404" in Pauses(outbox.store).alerts(settings)[0]


def test_different_refusals_stay_each_items_own(open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue,
                                                make_sender) -> None:
    first, second = enqueue(), enqueue(answers={"description": "x", "lat": 51.5, "long": -0.1})
    open311.fail_next(Fault(status=422, body=b'[{"code": 422, "description": "lat out of area"}]',
                            content_type="application/json"),
                      Fault(status=422, body=b'[{"code": 422, "description": "WASTE is required"}]',
                            content_type="application/json"))
    report = make_sender(make_settings(open311_destination(open311), pause_after_same_refusal=2)).run_once()
    assert report.paused == [] and report.rejected == 2
    assert {outbox.get(first).state, outbox.get(second).state} == {"rejected"}  # type: ignore[union-attr]


def test_kiosk_queue_retry_destination_sends_them_again(
        tmp_path: Path, data_dir: Path, outbox: Outbox, enqueue: Enqueue,
        capsys: pytest.CaptureFixture[str]) -> None:
    server = FakeOpen311().start()
    try:
        config = write_config(tmp_path / "kiosk.toml", server)
        # the council's gateway refuses everything with the same 400 for a while
        server.fail_when(lambda form: True, BAD_KEY)
        ids = [enqueue(journey_id="streets.FLYTIP") for _ in range(4)]
        assert main.main(["sync", "--once", "--config", str(config)]) == 1
        out, err = capsys.readouterr()
        assert "paused: streets" in out and "Invalid API key" in err
        assert main.main(["sync", "--once", "--config", str(config)]) == 1
        assert len(server.posts) == 3
        server.rules.clear()  # the council mends its side; the kiosk's settings did not change
        assert main.main(["queue", "retry", "--destination", "nowhere", "--config", str(config)]) == 1
        assert "There is no destination called 'nowhere'" in capsys.readouterr().err
        assert main.main(["queue", "retry", "--destination", "streets", "--config", str(config)]) == 0
        out = capsys.readouterr().out
        assert "for 'streets' will be sent again" in out and "no longer paused" in out
        assert main.main(["sync", "--once", "--config", str(config)]) == 0
        assert "Delivered 4" in capsys.readouterr().out
        assert all(outbox.get(sid).state == "delivered" for sid in ids)  # type: ignore[union-attr]
        assert all(records_for(server, sid) == 1 for sid in ids)
    finally:
        server.stop()

"""One item's trouble is that item's, against a real local server: a damaged row is set aside
and the rest are sent; a storage error in the middle of a pass gives back what was not
attempted; an item the council's system always fails on is flagged to staff. For each:
nothing lost, nothing POSTed twice."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

import main
from offline.outbox import DAMAGED, Outbox
from offline.store import DB_FILE
from tests.sync.conftest import Enqueue, make_settings, open311_destination, webhook_destination
from tests.sync.servers import FakeOpen311, FakeWebhook, Fault
from tests.sync.test_catalogue_fetch import write_config


def damage(data_dir: Path, submission_id: str) -> None:
    """Change one byte of an item's sealed answers, in the real database file."""
    with sqlite3.connect(data_dir / DB_FILE) as db:
        (payload,) = db.execute("SELECT payload FROM submission WHERE id = ?", (submission_id,)).fetchone()
        changed = bytearray(payload)
        changed[len(changed) // 2] ^= 0x01
        db.execute("UPDATE submission SET payload = ? WHERE id = ?", (bytes(changed), submission_id))


def records_for(server: FakeOpen311, sid: str) -> int:
    return len([r for r in server.records.values() if r.key == sid])


def test_a_damaged_item_is_set_aside_and_the_rest_are_sent(
        open311: FakeOpen311, data_dir: Path, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    ids = [enqueue() for _ in range(4)]
    damage(data_dir, ids[1])
    report = make_sender(make_settings(open311_destination(open311))).run_once()
    assert (report.delivered, report.damaged) == (3, 1) and report.failed
    assert "set aside as damaged 1" in report.summary()
    bad = outbox.get(ids[1])
    assert bad is not None and (bad.state, bad.last_error_class, bad.attempts) == ("rejected", DAMAGED, 0)
    assert bad.has_payload  # kept as it is: nothing is deleted
    assert open311.posts_for_key(ids[1]) == []
    for sid in ids[:1] + ids[2:]:
        assert outbox.get(sid).state == "delivered"  # type: ignore[union-attr]
        assert len(open311.posts_for_key(sid)) == 1 and records_for(open311, sid) == 1
    # a second pass leaves it alone; staff get a plain line, not "wrong key"
    assert make_sender(make_settings(open311_destination(open311))).run_once().attempted == 0
    assert outbox.status().damaged == 1
    with pytest.raises(Exception, match="damaged and cannot be read"):
        outbox.read_answers(ids[1])
    with pytest.raises(Exception, match="damaged"):
        outbox.retry_now(ids[1])
    assert [o for _a, o, _h, e in outbox.attempts(ids[1])] == ["rejected"]


def test_kiosk_sync_once_sends_the_rest_and_queue_status_names_the_damaged(
        tmp_path: Path, data_dir: Path, outbox: Outbox, enqueue: Enqueue,
        capsys: pytest.CaptureFixture[str]) -> None:
    server = FakeOpen311().start()
    try:
        config = write_config(tmp_path / "kiosk.toml", server)
        ids = [enqueue(journey_id="streets.FLYTIP") for _ in range(3)]
        damage(data_dir, ids[0])
        assert main.main(["sync", "--once", "--config", str(config)]) == 1
        out, err = capsys.readouterr()
        assert "Delivered 2" in out and "set aside as damaged 1" in out
        assert "device key" not in out + err
        assert main.main(["queue", "status", "--config", str(config)]) == 0
        assert "1 damaged: its stored answers cannot be read" in capsys.readouterr().out
    finally:
        server.stop()


def test_a_storage_error_mid_pass_gives_back_what_was_not_attempted(
        open311: FakeOpen311, data_dir: Path, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    ids = [enqueue() for _ in range(4)]
    # A real SQLite failure: the second delivery cannot be written ("disk I/O error").
    with sqlite3.connect(data_dir / DB_FILE) as db:
        db.execute("CREATE TRIGGER fail_second BEFORE INSERT ON attempt WHEN NEW.outcome = 'delivered'"
                   " AND (SELECT count(*) FROM attempt WHERE outcome = 'delivered') >= 1"
                   " BEGIN SELECT RAISE(FAIL, 'disk I/O error'); END")
    sender = make_sender(make_settings(open311_destination(open311)))
    from offline.errors import StorageError

    with pytest.raises(StorageError):
        sender.drain()
    states = [outbox.get(sid).state for sid in ids]  # type: ignore[union-attr]
    assert states == ["delivered", "sending", "queued", "queued"]  # the pass gave back the last two
    assert [outbox.get(sid).attempts for sid in ids[2:]] == [0, 0]  # type: ignore[union-attr]
    assert open311.posts_for_key(ids[2]) == [] and open311.posts_for_key(ids[3]) == []
    with sqlite3.connect(data_dir / DB_FILE) as db:
        db.execute("DROP TRIGGER fail_second")
    report = sender.drain()  # the same running sender recovers the one left 'sending'
    # the one in flight when the store failed had arrived: it is looked up and found on the
    # council's system, not posted again; the two given back are sent
    assert (report.delivered, report.found) == (2, 1)
    for sid in ids:
        item = outbox.get(sid)
        assert item is not None and item.state == "delivered" and records_for(open311, sid) == 1
        assert item.remote_id == open311.record_for_key(sid).id  # type: ignore[union-attr]
    assert [len(open311.posts_for_key(sid)) for sid in ids] == [1, 1, 1, 1]


def test_the_running_sender_recovers_items_a_crashed_attempt_left_sending(
        open311: FakeOpen311, webhook: FakeWebhook, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    """Left 'sending' by an attempt that died, the report may or may not have arrived. To an
    Open311 server (most ignore Idempotency-Key) it is unconfirmed and looked up, never
    posted again by itself; to the webhook, which deduplicates by the key, it is sent again."""
    open311.honour_keys = False
    sender = make_sender(make_settings(open311_destination(open311), webhook_destination(webhook)))
    sender.drain()  # the sender is running
    sid = enqueue(destination="streets")
    form = enqueue(journey_id="sign-petition", answers={"name": "A. Resident"}, destination="forms")
    assert len(outbox.claim_batch("an attempt that died", limit=2)) == 2  # left 'sending'
    report = sender.drain()
    assert report.delivered == 1 and len(webhook.received) == 1  # the webhook's, sent again
    assert outbox.get(form).state == "delivered"  # type: ignore[union-attr]
    item = outbox.get(sid)
    assert item is not None and (item.state, item.last_error_class) == ("unconfirmed", "interrupted")
    assert item.has_payload and not item.needs_staff  # answers kept; still being looked up
    assert open311.posts_for_key(sid) == []  # it never arrived, and it was not posted blindly
    outbox.retry_now(sid)  # staff: "Send again"
    assert sender.drain().delivered == 1
    assert outbox.get(sid).state == "delivered" and records_for(open311, sid) == 1  # type: ignore[union-attr]


def test_an_item_that_always_gets_500_is_flagged_to_staff_and_keeps_its_retries(
        open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    stuck = enqueue(answers={"description": "By the canal", "lat": 51.5, "long": -0.14, "WASTE": ["bags"]})
    cannot_place = Fault(status=500, body=b"cannot place this report", content_type="text/plain")
    open311.fail_when(lambda form: form.get("description", "").startswith("By the canal"), cannot_place)
    sender = make_sender(make_settings(open311_destination(open311), flag_after_failures=3))
    others: list[str] = []
    for _ in range(4):
        others.append(enqueue())
        report = sender.drain()
        time.sleep(0.025)  # past the test backoff ceiling
    item = outbox.get(stuck)
    assert item is not None and (item.state, item.attempts, item.last_error_class) == ("retrying", 4, "http_500")
    assert [i.id for i in outbox.repeat_failures(3)] == [stuck]
    assert report.repeat_failures == 1 and "keeps failing on 1" in report.summary()
    assert all(outbox.get(o).state == "delivered" for o in others)  # type: ignore[union-attr]
    assert len(open311.posts_for_key(stuck)) == 4 and records_for(open311, stuck) == 0
    open311.rules.clear()  # the council mends its system: the item is still retried, delivered once
    sender.drain()
    assert outbox.get(stuck).state == "delivered" and records_for(open311, stuck) == 1  # type: ignore[union-attr]
    assert outbox.repeat_failures(3) == []


def test_failures_everywhere_are_not_flagged_as_one_items_problem(
        open311: FakeOpen311, outbox: Outbox, enqueue: Enqueue, make_sender) -> None:
    sid = enqueue()
    open311.fail_next(*[Fault(status=503)] * 5)
    sender = make_sender(make_settings(open311_destination(open311), flag_after_failures=2))
    for _ in range(4):
        sender.drain()
        time.sleep(0.025)
    assert outbox.get(sid).attempts >= 2  # type: ignore[union-attr]
    assert outbox.repeat_failures(2) == []  # nothing else was delivered: the whole system is down

"""The outbox: durable enqueue, one row per draft, the states, and a tombstone on delivery."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from offline.errors import DeviceKeyError
from offline.outbox import Draft, Outbox, OutboxError
from offline.store import Store, utc_now

SECRET = "Marigold-Quokka-7781"
EMAIL = "quokka.marigold@example.org"


def draft(**changes: object) -> Draft:
    values: dict[str, object] = dict(
        id=Draft.new_id(),
        journey_id="report-fly-tipping",
        journey_version="3",
        answers={"description": f"Bags by {SECRET}", "email": EMAIL, "postcode": "SW1A 1AA"},
        language="cy",
        assisted=True,
        kiosk_id="central-library-1",
        destination="streets",
    )
    values.update(changes)
    return Draft(**values)  # type: ignore[arg-type]


def test_enqueue_returns_a_receipt_for_a_stored_row(outbox: Outbox) -> None:
    d = draft()
    receipt = outbox.enqueue(d)
    assert receipt.submission_id == d.id and not receipt.duplicate
    item = outbox.by_reference(receipt.reference)
    assert item is not None
    assert (item.state, item.journey_id, item.journey_version, item.language, item.assisted, item.kiosk_id) == (
        "queued", "report-fly-tipping", "3", "cy", True, "central-library-1")
    assert item.created_utc.tzinfo is not None and item.attempts == 0 and item.has_payload


def test_the_same_draft_twice_is_one_row(outbox: Outbox) -> None:
    d = draft()
    first = outbox.enqueue(d)
    second = outbox.enqueue(d)
    assert second.duplicate and second.reference == first.reference
    assert outbox.status().counts["queued"] == 1


def test_a_new_store_sees_what_was_committed(data_dir: Path) -> None:
    store = Store.open(data_dir)
    receipt = Outbox(store).enqueue(draft())
    store.close()
    reopened = Store.open(data_dir)
    try:
        assert Outbox(reopened).by_reference(receipt.reference) is not None
    finally:
        reopened.close()


def test_status_counts_oldest_and_last_error(outbox: Outbox) -> None:
    assert outbox.status().as_dict()["oldest_waiting_seconds"] is None
    t0 = utc_now() - timedelta(minutes=10)
    outbox.enqueue(draft(), now=t0)
    second = outbox.enqueue(draft())
    claimed = outbox.claim_next("test")
    assert claimed is not None
    outbox.record_retry(claimed.item.id, error_class="timeout", next_attempt=utc_now() + timedelta(seconds=30))
    status = outbox.status()
    assert status.counts["retrying"] == 1 and status.counts["queued"] == 1
    assert status.last_error_class == "timeout"
    assert status.oldest_waiting_seconds is not None and status.oldest_waiting_seconds >= 599
    assert outbox.by_reference(second.reference).state == "queued"  # type: ignore[union-attr]


def test_claim_takes_the_oldest_due_item_and_backoff_is_per_item(outbox: Outbox) -> None:
    a = outbox.enqueue(draft())
    b = outbox.enqueue(draft())
    first = outbox.claim_next("sender")
    assert first is not None and first.item.reference == a.reference and first.item.state == "sending"
    assert first.answers["email"] == EMAIL
    outbox.record_retry(first.item.id, error_class="http_503", http_status=503,
                        next_attempt=utc_now() + timedelta(hours=1))
    second = outbox.claim_next("sender")
    assert second is not None and second.item.reference == b.reference  # a does not hold b up
    assert outbox.claim_next("sender") is None
    later = outbox.claim_next("sender", now=utc_now() + timedelta(hours=2))
    assert later is not None and later.item.reference == a.reference and later.item.attempts == 2


def test_unrouted_items_wait_until_a_destination_exists(outbox: Outbox) -> None:
    outbox.enqueue(draft(destination=None))
    assert outbox.claim_next("sender") is None
    assert outbox.assign_destinations(lambda journey_id: "streets" if journey_id.startswith("report") else None) == 1
    assert outbox.claim_next("sender") is not None


def test_paused_destinations_are_skipped_and_release_restores(outbox: Outbox) -> None:
    outbox.enqueue(draft(destination="forms"))
    assert outbox.claim_next("sender", exclude_destinations=["forms"]) is None
    claimed = outbox.claim_next("sender")
    assert claimed is not None
    restored = outbox.release(claimed, reason="destination paused")
    assert restored.state == "queued" and restored.attempts == 0


def test_delivery_deletes_the_answers_and_keeps_a_tombstone(outbox: Outbox) -> None:
    receipt = outbox.enqueue(draft())
    claimed = outbox.claim_next("sender")
    assert claimed is not None
    done = outbox.record_delivered(claimed.item.id, remote_id="638344", service_notice="Within 5 days",
                                   http_status=201)
    assert (done.state, done.remote_id, done.has_payload) == ("delivered", "638344", False)
    assert done.reference == receipt.reference and done.delivered_utc is not None
    with pytest.raises(OutboxError, match="deleted after delivery"):
        outbox.read_answers(done.id)
    assert [a[1] for a in outbox.attempts(done.id)] == ["delivered"]


def test_interrupted_sends_come_back(outbox: Outbox) -> None:
    """Left 'sending' by a sender that died: to a webhook (which deduplicates by
    Idempotency-Key) it is sent again; to anything else it is unconfirmed, to be looked up."""
    outbox.enqueue(draft())
    claimed = outbox.claim_next("dead-sender")
    assert claimed is not None
    assert outbox.recover_interrupted(resend=[claimed.item.destination or ""]) == 1
    again = outbox.claim_next("new-sender")
    assert again is not None and again.item.id == claimed.item.id and again.item.attempts == 2
    assert outbox.recover_interrupted(resend=["another-webhook"]) == 1
    item = outbox.get(claimed.item.id)
    assert item is not None and (item.state, item.last_error_class, item.has_payload) == (
        "unconfirmed", "interrupted", True)
    assert not item.needs_staff and item.next_attempt_utc is not None  # looked up, not with staff yet
    assert outbox.claim_next("new-sender") is None  # never claimed for sending again by itself
    assert [i.id for i in outbox.unconfirmed_due()] == [claimed.item.id]


def test_staff_actions(outbox: Outbox) -> None:
    outbox.enqueue(draft())
    claimed = outbox.claim_next("sender")
    assert claimed is not None
    rejected = outbox.record_rejected(claimed.item.id, error_class="http_404", http_status=404)
    assert rejected.state == "rejected" and outbox.status().counts["rejected"] == 1
    assert outbox.read_answers(rejected.id, by="staff")["postcode"] == "SW1A 1AA"
    assert "opened by staff" in [a[1] for a in outbox.attempts(rejected.id)]
    fixed = outbox.correct_and_resend(rejected.id, {"description": "fixed", "postcode": "CF10 1EP"})
    assert fixed.state == "retrying"
    again = outbox.claim_next("sender")
    assert again is not None and again.answers["postcode"] == "CF10 1EP"
    outbox.record_rejected(again.item.id, error_class="http_400", http_status=400)
    with pytest.raises(OutboxError, match="Enter a reason"):
        outbox.withdraw(again.item.id, "  ")
    gone = outbox.withdraw(again.item.id, "Resident asked us not to send it")
    assert gone.state == "withdrawn" and not gone.has_payload
    with pytest.raises(OutboxError):
        outbox.retry_now(gone.id)


def test_ids_must_be_uuids(outbox: Outbox) -> None:
    with pytest.raises(OutboxError):
        outbox.enqueue(draft(id="not-a-uuid"))


def _files_contain(folder: Path, needle: str) -> list[str]:
    hits = []
    for path in folder.iterdir():
        if path.is_file():
            data = path.read_bytes()
            for encoded in (needle.encode("utf-8"), needle.encode("utf-16-le")):
                if encoded in data:
                    hits.append(path.name)
    return hits


def test_answers_are_not_in_the_database_or_wal_in_clear_text(data_dir: Path) -> None:
    store = Store.open(data_dir)
    outbox = Outbox(store)
    for _ in range(20):
        outbox.enqueue(draft())
    assert (data_dir / "kiosk.db-wal").exists()
    assert _files_contain(data_dir, SECRET) == []
    assert _files_contain(data_dir, EMAIL) == []
    # the test can fail: an unencrypted copy would be found
    (data_dir / "plain.txt").write_text(SECRET)
    assert _files_contain(data_dir, SECRET) == ["plain.txt"]
    store.close()


def test_the_device_key_is_private(data_dir: Path, store: Store) -> None:
    mode = (data_dir / "device.key").stat().st_mode & 0o777
    assert mode == 0o600


def test_a_missing_device_key_is_a_clear_error(data_dir: Path) -> None:
    Store.open(data_dir).close()
    (data_dir / "device.key").unlink()
    with pytest.raises(DeviceKeyError, match="device key .* is missing"):
        Store.open(data_dir)
    assert not (data_dir / "device.key").exists()  # a new key was not silently made


def test_a_wrong_device_key_is_a_clear_error(data_dir: Path) -> None:
    Store.open(data_dir).close()
    (data_dir / "device.key").write_bytes(b"\x01" * 32)
    with pytest.raises(DeviceKeyError, match="does not match this database"):
        Store.open(data_dir)


def test_a_batch_claim_takes_due_items_in_order_and_release_gives_them_back(outbox: Outbox) -> None:
    refs = [outbox.enqueue(draft()).reference for _ in range(5)]
    outbox.enqueue(draft(destination="paused-one"))
    batch = outbox.claim_batch("sender", limit=3, exclude_destinations=["paused-one"])
    assert [c.item.reference for c in batch] == refs[:3]
    assert all(c.item.state == "sending" and c.item.attempts == 1 for c in batch)
    outbox.release(batch[2], reason="not attempted")
    rest = outbox.claim_batch("sender", limit=10, exclude_destinations=["paused-one"])
    assert [c.item.reference for c in rest] == [refs[2], refs[3], refs[4]]
    assert rest[0].item.attempts == 1  # the release did not count as an attempt
    assert outbox.status().counts["sending"] == 5 and outbox.status().counts["queued"] == 1


def test_routing_a_long_unrouted_queue(outbox: Outbox) -> None:
    for _ in range(30):
        outbox.enqueue(draft(destination=None))
    outbox.enqueue(draft(destination=None, journey_id="sign-petition"))
    routed = outbox.assign_destinations(lambda j: "streets" if j == "report-fly-tipping" else None)
    assert routed == 30
    assert len(outbox.claim_batch("sender", limit=100)) == 30

"""Payments kept with the booking: created once, followed to paid, failed or expired,
offered again, paid at the counter; a held booking is sent only once paid. Real SQLite,
a real local GOV.UK Pay server, and a real process killed with SIGKILL mid-payment."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from offline.outbox import Draft, Outbox
from offline.payments import PaymentError, Payments
from offline.store import Store
from sync.pay import PayClient
from sync.payments import PayWorker
from tests.conftest import ROOT
from tests.sync.pay_server import API_KEY, FakePay

RETURN_URL = "https://council.example/paid"


@pytest.fixture
def pay() -> Iterator[FakePay]:
    server = FakePay().start()
    yield server
    server.stop()


def _booking(outbox: Outbox, payments: Payments, way: str = "phone", holds: bool = True) -> tuple[str, str]:
    draft = Draft(id=Draft.new_id(), journey_id="book-bulky-waste", journey_version="1",
                  answers={"item_count": 5, "phone": "07700 900123"}, kiosk_id="test-kiosk",
                  destination="waste")
    receipt = outbox.enqueue(draft)
    payments.open(draft.id, receipt.reference, amount_pence=3500, way=way, description="Bulky waste collection",
                  language="cy", holds_booking=holds)
    return draft.id, receipt.reference


def _worker(store: Store, pay: FakePay, key: str = API_KEY) -> PayWorker:
    return PayWorker(Payments(store), PayClient(pay.url, key, timeout=(5, 10)), RETURN_URL)


def test_pay_now_then_the_booking_is_released(data_dir: Path, pay: FakePay) -> None:
    store = Store.open(data_dir)
    outbox, payments = Outbox(store), Payments(store)
    sid, ref = _booking(outbox, payments)
    assert outbox.claim_next("t") is None  # held until paid
    item = _worker(store, pay).create(sid)
    assert item.state == "created" and item.next_url and item.pay_id in pay.payments
    assert pay.payments[item.pay_id]["reference"] == ref and pay.payments[item.pay_id]["amount"] == 3500
    assert _worker(store, pay).check(sid).state == "created"
    pay.settle(item.pay_id, "success")
    assert _worker(store, pay).check(sid).state == "paid"
    claimed = outbox.claim_next("t")
    assert claimed is not None and claimed.item.reference == ref


def test_a_booking_can_be_sent_before_it_is_paid(data_dir: Path) -> None:
    store = Store.open(data_dir)
    outbox, payments = Outbox(store), Payments(store)
    _booking(outbox, payments, way="counter", holds=False)
    assert outbox.claim_next("t") is not None


def test_failed_and_expired_are_offered_again_once_each(data_dir: Path, pay: FakePay) -> None:
    store = Store.open(data_dir)
    outbox, payments = Outbox(store), Payments(store)
    worker = _worker(store, pay)
    sid, ref = _booking(outbox, payments)
    first = worker.create(sid)
    pay.expire(first.pay_id or "")
    assert worker.check(sid).state == "expired" and payments.get(sid).failure_code == "P0020"  # type: ignore[union-attr]
    payments.offer_again(sid, "phone")
    second = worker.create(sid)
    assert second.pay_id != first.pay_id and second.old_pay_ids == (first.pay_id,)
    pay.fail(second.pay_id or "")
    assert worker.run_once() == 1 and payments.get(sid).state == "failed"  # type: ignore[union-attr]
    assert [p.reference for p in payments.waiting_for_payment()] == [ref]  # staff see it
    assert len(pay.payments) == 2


def test_pay_later_by_text_makes_a_link_to_send(data_dir: Path, pay: FakePay) -> None:
    store = Store.open(data_dir)
    outbox, payments = Outbox(store), Payments(store)
    sid, ref = _booking(outbox, payments, way="text")
    assert payments.links_to_send() == []
    assert _worker(store, pay).run_once() == 1
    [link] = payments.links_to_send()
    assert (link.reference, link.amount_pence, link.language) == (ref, 3500, "cy")
    assert link.next_url.startswith(pay.url)
    payments.mark_link_sent(sid)
    assert payments.links_to_send() == [] and payments.get(sid).state == "link_sent"  # type: ignore[union-attr]
    assert _worker(store, pay).run_once() == 0  # nothing new, nothing created twice
    assert len(pay.payments) == 1


def test_paid_at_the_counter_with_the_till_receipt(data_dir: Path) -> None:
    store = Store.open(data_dir)
    outbox, payments = Outbox(store), Payments(store)
    sid, ref = _booking(outbox, payments, way="counter")
    assert [(p.reference, p.amount_pence) for p in payments.waiting_for_payment()] == [(ref, 3500)]
    with pytest.raises(PaymentError, match="till receipt"):
        payments.record_counter_payment(ref, "  ")
    with pytest.raises(PaymentError, match="no payment waiting"):
        payments.record_counter_payment("KSK-NONE", "T123")
    paid = payments.record_counter_payment(ref, "T-0042")
    assert paid.state == "paid" and paid.till_receipt == "T-0042"
    assert payments.waiting_for_payment() == []
    assert outbox.claim_next("t") is not None


def test_a_bad_key_leaves_the_payment_due(data_dir: Path, pay: FakePay) -> None:
    store = Store.open(data_dir)
    outbox, payments = Outbox(store), Payments(store)
    sid, _ = _booking(outbox, payments, way="text")
    assert _worker(store, pay, "api_test_wrong").run_once() == 0
    assert payments.get(sid).state == "creating" and pay.payments == {}  # type: ignore[union-attr]
    assert _worker(store, pay).run_once() == 1  # searched, found nothing, created once
    assert len(pay.payments) == 1


def test_amounts_are_whole_pence(data_dir: Path) -> None:
    store = Store.open(data_dir)
    with pytest.raises(PaymentError, match="whole number of pence"):
        Payments(store).open("x", "KSK-1", amount_pence=25.5, way="phone", description="d")  # type: ignore[arg-type]


_CHILD = """
import sys
from offline.payments import Payments
from offline.store import Store
from sync.pay import PayClient
from sync.payments import PayWorker
store = Store.open(sys.argv[1])
PayWorker(Payments(store), PayClient(sys.argv[2], sys.argv[3], timeout=(5, 60)), sys.argv[4]).create(sys.argv[5])
print("recorded", flush=True)
"""


@pytest.mark.slow
def test_sigkill_between_creating_and_recording_makes_one_payment(data_dir: Path, pay: FakePay) -> None:
    store = Store.open(data_dir)
    outbox, payments = Outbox(store), Payments(store)
    sid, ref = _booking(outbox, payments)
    store.close()
    pay.honour_keys = False  # as if Pay forgot the key: only the search by reference can save us
    pay.delay = 30.0  # Pay has made the payment; its answer never reaches the kiosk
    env = dict(os.environ, PYTHONPATH=str(ROOT), KIOSK_DATA_DIR=str(data_dir))
    errors = data_dir.parent / "child-stderr.txt"
    with errors.open("wb") as err:
        child = subprocess.Popen([sys.executable, "-c", _CHILD, str(data_dir), pay.url, API_KEY, RETURN_URL, sid],
                                 env=env, cwd=str(ROOT), stdout=subprocess.DEVNULL, stderr=err)
    try:
        while not pay.payments:  # wait for the POST to land
            assert child.poll() is None, errors.read_text(errors="replace")
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
    finally:
        child.wait()
    pay.delay = 0.0
    store = Store.open(data_dir)
    payments = Payments(store)
    assert payments.get(sid).state == "creating"  # type: ignore[union-attr]  # the marker survived
    item = _worker(store, pay).create(sid)
    assert item.state == "created" and len(pay.payments) == 1
    assert item.pay_id == next(iter(pay.payments)) and pay.payments[item.pay_id]["reference"] == ref
    assert _worker(store, pay).run_once() == 0 and len(pay.payments) == 1


def test_kiosk_sync_once_creates_pay_later_payments(tmp_path: Path, data_dir: Path, pay: FakePay,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import main
    from tests.sync.servers import FakeOpen311
    from tests.sync.test_catalogue_fetch import write_config

    council = FakeOpen311().start()
    try:
        config = write_config(tmp_path / "kiosk.toml", council)
        config.write_text(config.read_text("utf-8") + f"""
[pay]
api_key = "{API_KEY}"
base_url = "{pay.url}"
return_url = "https://council.example/paid"
""", "utf-8")
        store = Store.open(data_dir)
        sid, ref = _booking(Outbox(store), Payments(store), way="text")
        store.close()
        main.main(["sync", "--once", "--config", str(config)])
        assert "Payments changed: 1" in capsys.readouterr().out
        [made] = pay.payments.values()
        assert made["reference"] == ref and made["amount"] == 3500
        store = Store.open(data_dir)
        assert [link.reference for link in Payments(store).links_to_send()] == [ref]
    finally:
        council.stop()

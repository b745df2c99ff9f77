"""``kiosk payments waiting`` and ``kiosk payments paid``: the counter's side, on a real store."""

from __future__ import annotations

from pathlib import Path

import pytest

import main
from offline.outbox import Draft, Outbox
from offline.payments import Payments
from offline.store import Store


def test_staff_list_and_record_a_counter_payment(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(data_dir)
    draft = Draft(id=Draft.new_id(), journey_id="book-bulky-waste", journey_version="1",
                  answers={"item_count": 4}, kiosk_id="k")
    receipt = Outbox(store).enqueue(draft)
    Payments(store).open(draft.id, receipt.reference, amount_pence=3000, way="counter", description="Bulky waste")
    store.close()
    assert main.main(["payments", "waiting"]) == 0
    out = capsys.readouterr().out
    assert receipt.reference in out and "£30.00" in out and "counter" in out
    assert main.main(["payments", "paid", receipt.reference.lower(), "--till", " "]) == 1
    assert "till receipt" in capsys.readouterr().err
    assert main.main(["payments", "paid", receipt.reference, "--till", "T-77"]) == 0
    assert "T-77" in capsys.readouterr().out
    assert main.main(["payments", "waiting"]) == 0
    assert capsys.readouterr().out.strip() == "Nothing is waiting for payment."

"""The staff PIN in a real store: hashed, checked, locked after five wrong tries across restarts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.session import LOCKOUT_SECONDS, LOCKOUT_TRIES
from offline.staff import PIN_HASH_KEY, PinFormatError, StaffPin
from offline.store import DB_FILE, Store


class FakeUtcClock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_the_pin_is_stored_hashed_with_a_salt(store: Store, data_dir: Path) -> None:
    pin = StaffPin(store)
    assert not pin.is_set()
    pin.set_pin("73914682")
    record = store.get_value(PIN_HASH_KEY)
    assert record is not None and record.startswith("scrypt$")
    assert "73914682" not in record
    first_salt = record.split("$")[4]
    pin.set_pin("73914682")
    assert store.get_value(PIN_HASH_KEY).split("$")[4] != first_salt  # type: ignore[union-attr]
    store.checkpoint()
    for path in data_dir.iterdir():
        if path.is_file():
            assert b"73914682" not in path.read_bytes(), path.name


def test_right_and_wrong_pins(store: Store) -> None:
    pin = StaffPin(store)
    pin.set_pin("2580")
    assert pin.check("2580").unlocked
    wrong = pin.check("2581")
    assert not wrong.unlocked and not wrong.locked and wrong.tries_left == LOCKOUT_TRIES - 1
    assert not pin.check("25800").unlocked
    assert not pin.check("").unlocked
    assert pin.check("2580").unlocked
    assert pin.status().tries_left == LOCKOUT_TRIES  # the right PIN clears the count


@pytest.mark.parametrize("bad", ["123", "123456789", "12a4", " 1234"])
def test_set_pin_refuses_a_pin_that_is_not_4_to_8_digits(store: Store, bad: str) -> None:
    with pytest.raises(PinFormatError):
        StaffPin(store).set_pin(bad)
    assert not StaffPin(store).is_set()


def test_no_pin_set_never_unlocks(store: Store) -> None:
    result = StaffPin(store).check("0000")
    assert not result.unlocked and not result.pin_set


def test_five_wrong_tries_lock_for_five_minutes_and_survive_a_restart(data_dir: Path) -> None:
    clock = FakeUtcClock()
    store = Store.open(data_dir)
    StaffPin(store, clock).set_pin("2580")
    for n in range(LOCKOUT_TRIES - 1):
        assert StaffPin(store, clock).check("1111").tries_left == LOCKOUT_TRIES - 1 - n
    locked = StaffPin(store, clock).check("1111")
    assert locked.locked and locked.seconds_locked == LOCKOUT_SECONDS
    store.close()

    store = Store.open(data_dir)  # the app was closed and opened again
    pin = StaffPin(store, clock)
    clock.now += timedelta(minutes=2)
    status = pin.status()
    assert status.locked and status.seconds_locked == pytest.approx(180)
    assert not pin.check("2580").unlocked  # even the right PIN waits
    clock.now += timedelta(minutes=3, seconds=1)
    assert not pin.status().locked
    assert pin.check("2580").unlocked
    store.close()


def test_four_wrong_tries_then_a_restart_still_count(data_dir: Path) -> None:
    store = Store.open(data_dir)
    StaffPin(store).set_pin("2580")
    for _ in range(4):
        StaffPin(store).check("9999")
    store.close()
    store = Store.open(data_dir)
    assert StaffPin(store).check("9999").locked
    store.close()


def test_a_clock_set_back_does_not_stretch_the_lockout(store: Store) -> None:
    clock = FakeUtcClock()
    pin = StaffPin(store, clock)
    pin.set_pin("2580")
    for _ in range(LOCKOUT_TRIES):
        pin.check("0000")
    clock.now -= timedelta(days=365)
    assert pin.status().seconds_locked <= LOCKOUT_SECONDS


def test_a_damaged_hash_record_never_unlocks(store: Store, data_dir: Path) -> None:
    pin = StaffPin(store)
    pin.set_pin("2580")
    with sqlite3.connect(data_dir / DB_FILE) as conn:
        conn.execute("UPDATE kv SET value = 'scrypt$x$y' WHERE key = ?", (PIN_HASH_KEY,))
    conn.close()
    assert not pin.check("2580").unlocked

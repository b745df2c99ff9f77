"""The staff PIN in a real store: hashed, checked, locked after five wrong tries across
restarts, each lockout in a row twice as long; old hashes and old PINs still work."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.session import LOCKOUT_MAX_SECONDS, LOCKOUT_SECONDS, LOCKOUT_TRIES, lockout_seconds
from offline.staff import (
    EARLIER_SCRYPT_COST,
    KIOSK_SCRYPT_COST,
    PIN_HASH_KEY,
    PinFormatError,
    StaffPin,
)
from offline.store import DB_FILE, Store
from tests.session.conftest import FAST_TEST_SCRYPT_COST

FAST = FAST_TEST_SCRYPT_COST


class FakeUtcClock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def fast(store: Store, clock: FakeUtcClock | None = None) -> StaffPin:
    if clock is None:
        return StaffPin(store, scrypt_cost=FAST)
    return StaffPin(store, clock, scrypt_cost=FAST)


def _costs(store: Store) -> tuple[int, int, int]:
    record = store.get_value(PIN_HASH_KEY)
    assert record is not None
    _, n, r, p, _, _ = record.split("$")
    return int(n), int(r), int(p)


def test_the_kiosks_own_cost_hashes_and_checks(store: Store) -> None:
    # the one test that runs the real parameters (about 150 ms a check, see offline/staff.py)
    pin = StaffPin(store)
    pin.set_pin("739146")
    assert _costs(store) == (KIOSK_SCRYPT_COST.n, KIOSK_SCRYPT_COST.r, KIOSK_SCRYPT_COST.p)
    assert KIOSK_SCRYPT_COST.n >= 2**15 and KIOSK_SCRYPT_COST.r >= 8
    assert pin.check("739146").unlocked
    assert not pin.check("739147").unlocked


def test_the_pin_is_stored_hashed_with_a_salt(store: Store, data_dir: Path) -> None:
    pin = fast(store)
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
    pin = fast(store)
    pin.set_pin("258036")
    right = pin.check("258036")
    assert right.unlocked and not right.weak
    wrong = pin.check("258037")
    assert not wrong.unlocked and not wrong.locked and wrong.tries_left == LOCKOUT_TRIES - 1
    assert not pin.check("2580360").unlocked
    assert not pin.check("").unlocked
    assert pin.check("258036").unlocked
    assert pin.status().tries_left == LOCKOUT_TRIES  # the right PIN clears the count


@pytest.mark.parametrize("bad", ["1234", "12345", "1234567890123", "12a456", " 123456", "١٢٣٤٥٦"])
def test_a_new_pin_must_be_6_to_12_digits(store: Store, bad: str) -> None:
    with pytest.raises(PinFormatError, match="PIN must"):
        fast(store).set_pin(bad)
    assert not fast(store).is_set()


def _earlier_record(pin: str) -> str:
    """A hash as the kiosk made it before December 2026 (scrypt n=2**14, r=8, p=1)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32,
                            maxmem=64 * 1024 * 1024)
    return f"scrypt${2**14}$8$1${salt.hex()}${digest.hex()}"


def test_an_earlier_hash_still_unlocks_and_is_upgraded_at_the_next_right_pin(store: Store) -> None:
    assert (EARLIER_SCRYPT_COST.n, EARLIER_SCRYPT_COST.r, EARLIER_SCRYPT_COST.p) == (2**14, 8, 1)
    store.set_value(PIN_HASH_KEY, _earlier_record("2580"))  # a 4-digit PIN from before, too
    cheaper = StaffPin(store, scrypt_cost=EARLIER_SCRYPT_COST)
    assert not cheaper.check("2581").unlocked
    assert _costs(store) == (2**14, 8, 1)  # a wrong PIN upgrades nothing
    pin = StaffPin(store)  # the kiosk's own cost
    opened = pin.check("2580")
    assert opened.unlocked and opened.weak  # it still works, and should be changed
    assert _costs(store) == (KIOSK_SCRYPT_COST.n, KIOSK_SCRYPT_COST.r, KIOSK_SCRYPT_COST.p)
    assert StaffPin(store).check("2580").unlocked  # the upgraded hash works


def test_a_dearer_hash_is_not_made_cheaper(store: Store) -> None:
    StaffPin(store, scrypt_cost=EARLIER_SCRYPT_COST).set_pin("258036")
    assert fast(store).check("258036").unlocked
    assert _costs(store) == (2**14, 8, 1)


def test_no_pin_set_never_unlocks(store: Store) -> None:
    result = fast(store).check("000000")
    assert not result.unlocked and not result.pin_set


def _lock(pin: StaffPin) -> float:
    for _ in range(LOCKOUT_TRIES - 1):
        assert not pin.check("111111").locked
    locked = pin.check("111111")
    assert locked.locked
    return locked.seconds_locked


def test_five_wrong_tries_lock_for_five_minutes_and_survive_a_restart(data_dir: Path) -> None:
    clock = FakeUtcClock()
    store = Store.open(data_dir)
    fast(store, clock).set_pin("258036")
    for n in range(LOCKOUT_TRIES - 1):
        assert fast(store, clock).check("111111").tries_left == LOCKOUT_TRIES - 1 - n
    locked = fast(store, clock).check("111111")
    assert locked.locked and locked.seconds_locked == LOCKOUT_SECONDS
    store.close()

    store = Store.open(data_dir)  # the app was closed and opened again
    pin = fast(store, clock)
    clock.now += timedelta(minutes=2)
    status = pin.status()
    assert status.locked and status.seconds_locked == pytest.approx(180)
    assert not pin.check("258036").unlocked  # even the right PIN waits
    clock.now += timedelta(minutes=3, seconds=1)
    assert not pin.status().locked
    assert pin.check("258036").unlocked
    store.close()


def test_each_lockout_in_a_row_is_twice_as_long_even_across_restarts(data_dir: Path) -> None:
    clock = FakeUtcClock()
    store = Store.open(data_dir)
    fast(store, clock).set_pin("258036")
    lengths = []
    for _ in range(4):
        lengths.append(_lock(fast(store, clock)))
        store.close()
        store = Store.open(data_dir)  # a restart resets nothing
        clock.now += timedelta(seconds=lengths[-1] - 1)
        assert fast(store, clock).status().locked  # still locked a second before the end
        clock.now += timedelta(seconds=2)
    assert lengths == [300, 600, 1200, 2400]
    assert fast(store, clock).check("258036").unlocked  # the right PIN ends the doubling
    assert _lock(fast(store, clock)) == LOCKOUT_SECONDS
    store.close()


def test_the_doubling_stops_at_a_day() -> None:
    assert [lockout_seconds(n) for n in (1, 2, 3)] == [300, 600, 1200]
    assert lockout_seconds(9) == 300 * 2**8 < LOCKOUT_MAX_SECONDS
    assert lockout_seconds(10) == LOCKOUT_MAX_SECONDS == 24 * 60 * 60
    assert lockout_seconds(10_000) == LOCKOUT_MAX_SECONDS


def test_setting_a_new_pin_ends_the_doubling(store: Store) -> None:
    clock = FakeUtcClock()
    pin = fast(store, clock)
    pin.set_pin("258036")
    _lock(pin)
    clock.now += timedelta(minutes=6)
    assert _lock(pin) == 600
    pin.set_pin("369258")
    assert _lock(pin) == LOCKOUT_SECONDS


def test_four_wrong_tries_then_a_restart_still_count(data_dir: Path) -> None:
    store = Store.open(data_dir)
    fast(store).set_pin("258036")
    for _ in range(4):
        fast(store).check("999999")
    store.close()
    store = Store.open(data_dir)
    assert fast(store).check("999999").locked
    store.close()


def test_a_clock_set_back_does_not_stretch_the_lockout(store: Store) -> None:
    clock = FakeUtcClock()
    pin = fast(store, clock)
    pin.set_pin("258036")
    _lock(pin)
    clock.now -= timedelta(days=365)
    assert pin.status().seconds_locked <= LOCKOUT_SECONDS
    clock.now += timedelta(days=365, minutes=6)
    _lock(pin)
    clock.now -= timedelta(days=365)
    assert pin.status().seconds_locked <= 2 * LOCKOUT_SECONDS


@pytest.mark.parametrize("damage", ["scrypt$x$y", f"scrypt${2**30}$8$1$00$00", "bcrypt$1$2$3$4$5"])
def test_a_damaged_hash_record_never_unlocks(store: Store, data_dir: Path, damage: str) -> None:
    pin = fast(store)
    pin.set_pin("258036")
    with sqlite3.connect(data_dir / DB_FILE) as conn:
        conn.execute("UPDATE kv SET value = ? WHERE key = ?", (damage, PIN_HASH_KEY))
    conn.close()
    assert not pin.check("258036").unlocked

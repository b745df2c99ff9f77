"""``kiosk staff set-pin`` run as a real process, reading the PIN from standard input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from offline.staff import StaffPin
from offline.store import Store

ROOT = Path(__file__).resolve().parents[2]


def run_set_pin(data_dir: Path, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir)}
    env.pop("KIOSK_CONFIG", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "staff", "set-pin"],
        input=stdin, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
    )


def test_set_pin_from_stdin_stores_a_hash_that_unlocks(data_dir: Path) -> None:
    done = run_set_pin(data_dir, "480516\n")
    assert done.returncode == 0, done.stderr
    assert "480516" not in done.stdout + done.stderr
    store = Store.open(data_dir)
    try:
        pin = StaffPin(store)
        assert pin.check("480516").unlocked
        assert not pin.check("480517").unlocked
    finally:
        store.close()


def test_a_pin_that_is_not_6_to_12_digits_is_refused_with_one_line(data_dir: Path) -> None:
    for bad in ("12\n", "2580\n", "12345abc\n", "1234567890123\n", "\n"):
        done = run_set_pin(data_dir, bad)
        assert done.returncode == 1
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "digits" in lines[0] and "not changed" in lines[0]
    store = Store.open(data_dir)
    try:
        assert not StaffPin(store).is_set()
    finally:
        store.close()


def test_setting_the_pin_again_clears_a_lockout(data_dir: Path) -> None:
    assert run_set_pin(data_dir, "258036\n").returncode == 0
    store = Store.open(data_dir)
    for _ in range(5):
        StaffPin(store).check("000000")
    assert StaffPin(store).status().locked
    store.close()
    assert run_set_pin(data_dir, "135791\n").returncode == 0
    store = Store.open(data_dir)
    try:
        assert StaffPin(store).check("135791").unlocked
    finally:
        store.close()

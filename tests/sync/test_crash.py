"""Crash safety: ``kiosk sync`` killed with SIGKILL at random points, over and over, against a
server that honours Idempotency-Key. Nothing confirmed is lost; nothing is recorded twice."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from offline.outbox import Draft, Outbox
from offline.store import Store
from tests.conftest import ROOT
from tests.sync.servers import FakeOpen311
from tests.sync.test_catalogue_fetch import write_config

BUDGET_SECONDS = 22.0


def _enqueue(outbox: Outbox, n: int, rng: random.Random) -> list[str]:
    ids = []
    for i in range(n):
        draft = Draft(id=Draft.new_id(), journey_id="streets.FLYTIP", journey_version="1",
                      answers={"description": f"Bags by the bins, report {i} – £5 ✓",
                               "lat": 51.5 + rng.random() / 100, "long": -0.14, "WASTE": ["bags"]},
                      kiosk_id="test-kiosk")
        outbox.enqueue(draft)  # confirmed: the receipt exists only after the commit
        ids.append(draft.id)
    return ids


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing_and_duplicates_nothing(tmp_path: Path, data_dir: Path) -> None:
    rng = random.Random(int(os.environ.get("KIOSK_CRASH_SEED", "5311")))
    server = FakeOpen311().start()
    server.delay = 0.06  # each POST commits, then takes a moment to answer: kills land on both sides
    config = write_config(tmp_path / "kiosk.toml", server)
    env = dict(os.environ, KIOSK_DATA_DIR=str(data_dir), KIOSK_CONFIG=str(config), KIOSK_LOG_LEVEL="ERROR")
    store = Store.open(data_dir)
    outbox = Outbox(store)
    confirmed = _enqueue(outbox, 30, rng)
    kills = 0
    started = time.monotonic()
    try:
        while time.monotonic() - started < BUDGET_SECONDS * 0.75:
            proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "sync", "--once"], cwd=ROOT, env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                proc.wait(timeout=rng.uniform(0.2, 1.5))
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                kills += 1
            confirmed += _enqueue(outbox, rng.randint(1, 4), rng)  # residents keep submitting
            if kills >= 12 and all(outbox.get(s).state == "delivered" for s in confirmed):  # type: ignore[union-attr]
                break
        # then let it finish undisturbed
        for _ in range(10):
            if all(outbox.get(s).state == "delivered" for s in confirmed):  # type: ignore[union-attr]
                break
            subprocess.run([sys.executable, str(ROOT / "main.py"), "sync", "--once"], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60, check=False)
            time.sleep(0.05)
        assert kills >= 5, f"only {kills} kills landed; the test proved little"
        items = {s: outbox.get(s) for s in confirmed}
        assert all(i is not None and i.state == "delivered" for i in items.values()), "a confirmed item was lost"
        keys = [r.key for r in server.records.values()]
        assert len(keys) == len(set(keys)) == len(confirmed), "the server recorded a duplicate"
        assert set(keys) == set(confirmed)
        for sid, item in items.items():
            assert item is not None and item.remote_id == server.by_key[sid]
            assert len(set(server.posts_for_key(sid))) == 1  # every retry sent the same bytes
        retried = sum(1 for s in confirmed if len(server.posts_for_key(s)) > 1)
        print(f"\ncrash test: {kills} kills, {len(confirmed)} submissions, {retried} re-sent after a kill, "
              f"{len(server.posts)} POSTs, 0 lost, 0 duplicates")
    finally:
        store.close()
        server.stop()

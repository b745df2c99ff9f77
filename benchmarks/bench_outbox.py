"""Durable enqueue (encryption included) against a raw sqlite3 WAL + synchronous=FULL commit.

Both write rows of the same size, one transaction each, to files in the same folder,
in the same run. Target: the outbox at most 2x the raw commit.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from offline.outbox import Draft, Outbox
from offline.store import Store

N = int(os.environ.get("BENCH_OUTBOX_N", "500"))
ANSWERS = {
    "description": "Six black bags and a mattress dumped by the bus stop on Station Road. " * 6,
    "postcode": "SW1A 1AA",
    "email": "resident@example.org",
    "phone": "07700 900123",
    "what": "household-waste",
}


def _raw(folder: Path, size: int) -> list[float]:
    conn = sqlite3.connect(folder / "raw.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, seq INTEGER, body BLOB)")
    times = []
    for i in range(N):
        body = os.urandom(size)
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES (?, ?, ?)", (str(uuid.uuid4()), i, body))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - t0)
    conn.close()
    return times


def _outbox(folder: Path) -> tuple[list[float], int]:
    store = Store.open(folder / "kiosk")
    outbox = Outbox(store)
    times = []
    for _ in range(N):
        draft = Draft(id=str(uuid.uuid4()), journey_id="report-fly-tipping", journey_version="1",
                      answers=ANSWERS, kiosk_id="bench", destination="streets")
        t0 = time.perf_counter()
        outbox.enqueue(draft)
        times.append(time.perf_counter() - t0)
    with store.read() as s:
        size = s.connection().exec_driver_sql("SELECT avg(length(payload)) FROM submission").scalar()
    store.close()
    return times, int(size)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        outbox_times, size = _outbox(folder)
        raw_times = _raw(folder, size)
    raw_ms = statistics.median(raw_times) * 1000
    ours_ms = statistics.median(outbox_times) * 1000
    print(f"rows: {N}, payload {size} bytes (encrypted)")
    print(f"raw sqlite3 WAL+FULL commit: median {raw_ms:.3f} ms")
    print(f"Outbox.enqueue (JSON + AES-GCM + indexed table, WAL+FULL): median {ours_ms:.3f} ms")
    print(f"ratio: {ours_ms / raw_ms:.2f}x (target at most 2x)")


if __name__ == "__main__":
    main()

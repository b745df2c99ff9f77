"""Unconfirmed answers and huge answers (issue 16).

1. A drain of N items (default 1,000) to a loopback Open311 server that ignores
   ``Idempotency-Key`` and answers every 10th POST ``200 [{}]`` (stored, but naming no
   record). Those items become ``unconfirmed`` and are found again by one search per
   service. Reported: time, requests per item (POSTs and GETs the server saw), and that
   every item is delivered with the server's record id and none was posted twice. The
   server runs in this process (to count what it receives), so it shares our GIL: the
   figure is for comparing runs, not an absolute rate.
2. Peak memory while a 200 MB answer is refused: the server (in its own process) answers
   every POST with 200 MB generated as it is sent; the sender reads up to
   ``sync.max_answer_bytes`` and stops. RSS is sampled every 5 ms; target: the peak under
   20 MB above the idle figure (measured after a warm-up pass to the same server).

``python -m benchmarks unconfirmed`` (BENCH_UNCONFIRMED_N), or
``python -m benchmarks.bench_unconfirmed --n 1000``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from kiosk.config import Destination, KioskSettings, Settings, SyncSettings
from offline.outbox import Draft, Outbox
from offline.store import Store
from sync.sender import Sender
from tests.sync.servers import API_KEY, FakeOpen311

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = {"description": "Six black bags by the bus stop on Station Road", "lat": 51.501, "long": -0.1416,
           "WASTE": ["bags"]}
HUGE = 200_000_000
TARGET_MIB = 20.0


def _rss_kib() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except OSError:  # not Linux: the peak so far is the best we have
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _settings(base_url: str, **sync: float) -> Settings:
    streets = Destination(name="streets", kind="open311", base_url=base_url, api_key=API_KEY,
                          services=("*",))
    return Settings(kiosk=KioskSettings(id="bench-kiosk"),
                    sync=SyncSettings(first_retry_seconds=0.01, max_retry_seconds=0.02, **sync),
                    destinations=(streets,))


def _fill(outbox: Outbox, n: int) -> list[str]:
    ids = []
    for _ in range(n):
        draft = Draft(id=str(uuid.uuid4()), journey_id="streets.FLYTIP", journey_version="1", answers=ANSWERS,
                      kiosk_id="bench-kiosk", destination="streets")
        outbox.enqueue(draft)
        ids.append(draft.id)
    return ids


def drain_with_unconfirmed(n: int) -> None:
    server = FakeOpen311().start()
    server.honour_keys = False
    server.unconfirmed_every = 10
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp))
        try:
            outbox = Outbox(store)
            ids = _fill(outbox, n)
            sender = Sender(_settings(server.base_url), outbox)
            started = time.perf_counter()
            report = sender.run_once()
            elapsed = time.perf_counter() - started
            requests = len(server.posts) + len(server.gets)
            items = [outbox.get(sid) for sid in ids]
            delivered = sum(1 for i in items if i is not None and i.state == "delivered"
                            and i.remote_id == server.record_for_key(i.id).id)  # type: ignore[union-attr]
            twice = sum(1 for sid in ids if len(server.records_for_key(sid)) != 1)
        finally:
            store.close()
            server.stop()
    print(f"drain of {n}: {elapsed:.2f} s ({elapsed / n * 1000:.2f} ms an item); "
          f"unconfirmed {report.unconfirmed}, found again {report.found}")
    print(f"requests per item: {requests / n:.3f} ({len(server.posts)} POST, {len(server.gets)} GET)")
    print(f"delivered with the server's record id: {delivered}/{n}; posted twice or missing: {twice} "
          f"({'ok' if delivered == n and twice == 0 else 'NOT MET'})")


class _Peak(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, _rss_kib())
            self.done.wait(0.005)
        self.peak = max(self.peak, _rss_kib())


def memory_while_refusing(size: int = HUGE) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "tests.sync.servers", "0", "--huge", str(size), "--ignore-keys"],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        base_url = f"http://127.0.0.1:{int(proc.stdout.readline())}/open311/v2"
        with tempfile.TemporaryDirectory() as tmp:
            store = Store.open(Path(tmp))
            try:
                outbox = Outbox(store)
                sender = Sender(_settings(base_url, request_deadline_seconds=60.0), outbox)
                _fill(outbox, 1)
                sender.run_once()  # warm-up: the same code paths, loaded and run once
                time.sleep(0.2)
                idle = _rss_kib()
                (sid,) = _fill(outbox, 1)
                sampler = _Peak()
                sampler.start()
                started = time.perf_counter()
                report = sender.run_once()
                elapsed = time.perf_counter() - started
                sampler.done.set()
                sampler.join()
                item = outbox.get(sid)
            finally:
                store.close()
    finally:
        proc.terminate()
        proc.wait(10)
    above = (sampler.peak - idle) / 1024
    print(f"{size // 1_000_000} MB answer refused in {elapsed:.2f} s ({', '.join(report.error_classes)}); "
          f"item {item.state if item else '?'} (found again on the server, posted once)")
    print(f"memory: idle {idle / 1024:.1f} MiB, peak {sampler.peak / 1024:.1f} MiB, "
          f"{above:.1f} MiB above idle (target under {TARGET_MIB:.0f}: {'met' if above < TARGET_MIB else 'NOT MET'})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_UNCONFIRMED_N", "1000")))
    args, _ = parser.parse_known_args()
    drain_with_unconfirmed(args.n)
    memory_while_refusing()


if __name__ == "__main__":
    main()

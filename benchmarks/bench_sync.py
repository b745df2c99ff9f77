"""Draining the outbox to a loopback Open311 server, against a bare ``requests.Session`` loop.

Both post the same form bodies to the same server (the fake Open311 of the tests, run
in its own process so it does not share our GIL), in the same run. The sender also
claims each item and records its outcome (two SQLite commits with synchronous=FULL,
plus decrypting the answers). Target: the sender at least 0.8x the bare loop's rate,
with memory flat over the drain (RSS sampled at start, middle and end).

``python -m benchmarks sync`` (BENCH_SYNC_N, default 10000), or
``python -m benchmarks.bench_sync --n 2000``.
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

import requests

from kiosk.config import Destination, KioskSettings, Settings, SyncSettings
from offline.outbox import Draft, Outbox
from offline.store import Store
from sync.open311 import encode_form, request_fields
from sync.sender import Sender

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "test-key-7d1f"
ANSWERS = {
    "description": "Six black bags and a mattress dumped by the bus stop on Station Road – £5 ✓",
    "lat": 51.501, "long": -0.1416, "email": "resident@example.org", "WASTE": ["bags", "sofa"],
}


def _rss_kib() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


class _Sampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, int]] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.samples.append((time.perf_counter(), _rss_kib()))
            self.done.wait(0.2)
        self.samples.append((time.perf_counter(), _rss_kib()))

    def at(self, fraction: float) -> int:
        start, end = self.samples[0][0], self.samples[-1][0]
        wanted = start + fraction * (end - start)
        return min(self.samples, key=lambda s: abs(s[0] - wanted))[1]


def _server() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.sync.servers", "0"], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    port = int(proc.stdout.readline())
    return proc, f"http://127.0.0.1:{port}/open311/v2"


def _bare(base_url: str, destination: Destination, n: int) -> float:
    session = requests.Session()
    url = f"{base_url}/requests.json"
    started = time.perf_counter()
    for _ in range(n):
        key = str(uuid.uuid4())
        body = encode_form(request_fields(destination, "FLYTIP", ANSWERS, key))
        r = session.post(url, data=body, headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Idempotency-Key": key})
        r.raise_for_status()
    elapsed = time.perf_counter() - started
    session.close()
    return n / elapsed


def run(n: int) -> dict[str, float]:
    proc, base_url = _server()
    try:
        destination = Destination(name="streets", kind="open311", base_url=base_url, api_key=API_KEY,
                                  format="json", services=("*",))
        settings = Settings(kiosk=KioskSettings(id="bench"), sync=SyncSettings(), destinations=(destination,))
        with tempfile.TemporaryDirectory() as tmp:
            store = Store.open(Path(tmp) / "data")
            outbox = Outbox(store)
            t0 = time.perf_counter()
            for _ in range(n):
                outbox.enqueue(Draft(id=Draft.new_id(), journey_id="streets.FLYTIP", journey_version="1",
                                     answers=ANSWERS, kiosk_id="bench"))
            print(f"queued {n} items in {time.perf_counter() - t0:.1f} s", flush=True)
            _bare(base_url, destination, min(200, n))  # warm both sides up
            bare_rate = _bare(base_url, destination, n)
            sender = Sender(settings, outbox)
            sampler = _Sampler()
            sampler.start()
            started = time.perf_counter()
            report = sender.run_once()
            elapsed = time.perf_counter() - started
            sampler.done.set()
            sampler.join()
            store.close()
        assert report.delivered == n, report.summary()
        sender_rate = n / elapsed
        figures = {
            "bare_per_s": bare_rate, "sender_per_s": sender_rate, "ratio": sender_rate / bare_rate,
            "rss_start_mib": sampler.at(0.0) / 1024, "rss_mid_mib": sampler.at(0.5) / 1024,
            "rss_end_mib": sampler.at(1.0) / 1024,
        }
    finally:
        proc.terminate()
        proc.wait()
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_SYNC_N", "10000")))
    args = parser.parse_args(argv if argv is not None else [])
    f = run(args.n)
    print(f"bare requests.Session loop: {f['bare_per_s']:.0f} posts/s")
    print(f"sender (claim, POST, record): {f['sender_per_s']:.0f} deliveries/s")
    print(f"ratio sender/bare: {f['ratio']:.2f}x (target >= 0.8x)")
    print(f"RSS during the drain: start {f['rss_start_mib']:.1f} MiB, middle {f['rss_mid_mib']:.1f} MiB, "
          f"end {f['rss_end_mib']:.1f} MiB")


if __name__ == "__main__":
    main(sys.argv[1:])

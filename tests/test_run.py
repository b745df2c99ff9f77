"""``kiosk run`` as a council runs it: every part composed in one process.

The real command runs in a subprocess (offscreen): it must deliver what was queued
before it started, serve the fleet metrics on localhost (with the screen really
rendering), send a signed heartbeat, and stop cleanly on SIGTERM, as a service manager
stops it.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.sync.servers import FakeWebhook
from tests.test_cli import FLY_TIPPING, ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def scrape(port: int) -> str | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as answer:
            return str(answer.read().decode())
    except OSError:
        return None


def metric(text: str, name: str) -> float | None:
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    return None


def wait_for(check, timeout: float = 60.0):  # type: ignore[no-untyped-def]
    """Poll ``check`` (a real process on the other side) until it answers truthy."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("gave up waiting")


def test_kiosk_run_composes_every_part_and_stops_cleanly(tmp_path: Path) -> None:
    hook = FakeWebhook().start()
    port = free_port()
    config = tmp_path / "kiosk.toml"
    config.write_text(f"""
[kiosk]
id = "test-library-1"
council = "Example Borough Council"
languages = ["en", "cy"]
metrics_port = {port}
heartbeat_destination = "forms"
heartbeat_seconds = 30

[[destinations]]
name = "forms"
kind = "webhook"
url = "{hook.url}"
secret = "{hook.secret}"
journeys = ["*"]
""")
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_CONFIG"}
    env.update(KIOSK_DATA_DIR=str(tmp_path / "data"), KIOSK_CONFIG=str(config),
               QT_QPA_PLATFORM="offscreen")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(FLY_TIPPING))
    added = subprocess.run([sys.executable, "main.py", "queue", "add", "--journey",
                            "report-fly-tipping", "--answers", str(answers)],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr

    process = subprocess.Popen([sys.executable, "main.py", "run", "--windowed"], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        text = wait_for(lambda: (t := scrape(port)) and metric(t, "kiosk_screen_rendering") == 1
                        and metric(t, 'kiosk_queue_items{state="delivered"}') == 1 and t)
        assert metric(text, "kiosk_store_healthy") == 1
        assert metric(text, "kiosk_sessions_today") == 0
        kinds = wait_for(lambda: {d.get("type", "submission") for d in hook.received.values()}
                         >= {"heartbeat", "submission"} or None)
        assert kinds
        assert all(ok for _key, ok in hook.attempts)  # every message signed
        delivered = [d for d in hook.received.values() if d.get("type") != "heartbeat"]
        assert len(delivered) == 1
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
        hook.stop()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "sofa" not in err and "bus stop" not in err  # nothing a resident typed is logged
    assert scrape(port) is None  # the metrics server stopped with the kiosk

"""``kiosk stats export`` as a council would run it: a real process over a real data folder."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from kiosk import stats as k
from offline.stats import Stats
from offline.store import Store

ROOT = Path(__file__).resolve().parents[2]


def kiosk(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_DATA_DIR": str(data)}
    env.pop("KIOSK_CONFIG", None)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, env=env, timeout=60, cwd=ROOT)


def test_export_writes_the_days_asked_for(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = Store.open(data)
    stats = Stats(store)
    for day, n in ((3, 2), (4, 1), (9, 5)):
        for _ in range(n):
            stats.record(k.SESSION_STARTED, now=datetime(2026, 3, day, 12, tzinfo=UTC))
    stats.record(k.JOURNEY_ABANDONED, "sign-petition", "postcode", now=datetime(2026, 3, 4, 12, tzinfo=UTC))
    store.close()
    out = tmp_path / "march.csv"
    result = kiosk(data, "stats", "export", "--from", "2026-03-03", "--to", "2026-03-05", "--output", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    sessions = {r["day"]: int(r["count"]) for r in rows if r["measure"] == "sessions"}
    assert sessions == {"2026-03-03": 2, "2026-03-04": 1, "2026-03-05": 0}
    assert [(r["day"], r["journey"], r["page"], r["count"]) for r in rows if r["measure"] == "abandoned_at_page"] \
        == [("2026-03-04", "sign-petition", "postcode", "1")]
    printed = kiosk(data, "stats", "export", "--from", "2026-03-09", "--to", "2026-03-09")
    assert printed.returncode == 0
    assert "2026-03-09,sessions,,,,5" in printed.stdout.splitlines()


def test_bad_dates_are_one_line_and_non_zero(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for args, message in (
        (("--from", "3/3/2026", "--to", "2026-03-05"), "--from must be a date like 2026-03-01, not '3/3/2026'"),
        (("--from", "2026-03-06", "--to", "2026-03-05"), "--from (2026-03-06) is after --to (2026-03-05)"),
    ):
        result = kiosk(data, "stats", "export", *args)
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [f"kiosk: {message}"]

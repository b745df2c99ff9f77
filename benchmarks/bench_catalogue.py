"""Catalogue refresh: 300 Open311 services, each with a definition, from a loopback server.

``kiosk catalogue refresh`` fetches ``services`` and every definition, normalises and
caches them, and the kiosk then builds a journey per service. The baseline fetches the
same 301 documents with a bare ``requests.Session`` loop from the same server in the same
run (no parsing, no cache, no journeys). Target: the whole refresh under 2 s.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import requests

SERVICES = 300


def _server():  # type: ignore[no-untyped-def]
    from tests.sync.servers import DEFAULT_DEFINITIONS, FakeOpen311

    fake = FakeOpen311()
    template = DEFAULT_DEFINITIONS["FLYTIP"]
    fake.services = [{"service_code": f"S{n:03d}", "service_name": f"Service {n}",
                      "description": f"Problem number {n}", "metadata": True,
                      "type": "realtime", "keywords": "", "group": f"Group {n % 12}"}
                     for n in range(SERVICES)]
    fake.definitions = {s["service_code"]: {**json.loads(json.dumps(template)),
                                            "service_code": s["service_code"]}
                        for s in fake.services}
    return fake.start()


def _bare(base_url: str, codes: list[str], fmt: str) -> float:
    started = time.perf_counter()
    with requests.Session() as session:
        session.get(f"{base_url}/services.{fmt}", timeout=10).raise_for_status()
        for code in codes:
            session.get(f"{base_url}/services/{code}.{fmt}", timeout=10).raise_for_status()
    return time.perf_counter() - started


def _kiosk(base_url: str, fmt: str) -> tuple[float, float, int]:
    from kiosk.config import Destination, KioskSettings, Settings
    from kiosk.journeys.registry import CatalogueService, build_registry
    from kiosk.journeys.schema import load_builtin_journeys
    from offline.catalogue import CatalogueCache
    from offline.store import Store
    from sync.catalogue import refresh_catalogues

    settings = Settings(kiosk=KioskSettings(id="bench"), destinations=(Destination(
        name="streets", kind="open311", base_url=base_url, api_key="k",
        jurisdiction_id="example.gov.uk", format=fmt, services=("*",)),))
    builtin = load_builtin_journeys()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder))
        try:
            cache = CatalogueCache(store)
            started = time.perf_counter()
            (result,) = refresh_catalogues(settings, cache)
            fetched = time.perf_counter()
            assert result.ok, result.message
            services = [CatalogueService(d, s, definition) for d, s, definition in cache.services()]
            registry = build_registry(builtin.journeys, services, builtin.problems)
            built = time.perf_counter()
            count = sum(1 for j in registry.journeys if j.id.startswith("streets."))
        finally:
            store.close()
    return fetched - started, built - started, count


def main() -> int:
    fake = _server()
    try:
        codes = [s["service_code"] for s in fake.services]
        for fmt in ("json", "xml"):
            bare = min(_bare(fake.base_url, codes, fmt) for _ in range(3))
            runs = [_kiosk(fake.base_url, fmt) for _ in range(3)]
            fetch, total, count = min(runs, key=lambda r: r[1])
            assert count == SERVICES, count
            print(f"catalogue {fmt}: {SERVICES} services refreshed and {count} journeys built in "
                  f"{total:.2f} s (fetch and cache {fetch:.2f} s); bare requests loop {bare:.2f} s; "
                  f"ratio {total / bare:.2f}x  (target: under 2 s)")
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

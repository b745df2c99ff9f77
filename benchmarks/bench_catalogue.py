"""Catalogue refresh: 300 Open311 services, each with a definition, from a loopback server.

``kiosk catalogue refresh`` fetches ``services`` and every definition, normalises and
caches them, and the kiosk then builds a journey per service. The baseline fetches the
same 301 documents with a bare ``requests.Session`` loop from the same server in the same
run (no parsing, no cache, no journeys). Target: the whole refresh under 2 s.

Then a huge catalogue: 10,000 services, each with a 2,000-value list and long texts,
capped as a refresh caps them and cached; the journey list (cache read, journeys built,
home-screen groups) is timed. Target: under 2 s.
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


HUGE_SERVICES = 10_000
HUGE_VALUES = 2_000


def _huge() -> tuple[float, float, int]:
    """(seconds to read the cache and build the journey list, of which building, journeys)."""
    from kiosk.journeys.registry import CatalogueService, build_registry
    from kiosk.journeys.schema import load_builtin_journeys
    from offline.catalogue import CatalogueCache
    from offline.store import Store
    from sync.catalogue import capped

    values = [{"key": f"v{i}", "name": f"Choice number {i}"} for i in range(HUGE_VALUES)]
    services, definitions, notices = [], {}, []  # type: ignore[var-annotated]
    for n in range(HUGE_SERVICES):
        code = f"S{n:05d}"
        services.append({"service_code": code, "service_name": f"Service {n}", "description": "Words " * 100,
                         "metadata": True, "type": "realtime", "keywords": [], "group": f"Group {n % 12}"})
        definitions[code] = capped(code, {"service_code": code, "attributes": [
            {"variable": True, "code": "WHICH", "datatype": "singlevaluelist", "required": True, "order": 1,
             "description": "Which one is it? " * 100, "datatype_description": "", "values": values},
            {"variable": True, "code": "more", "datatype": "text", "required": False, "order": 2,
             "description": "Tell us more", "datatype_description": "", "values": []},
        ]}, notices)
    builtin = load_builtin_journeys()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder))
        try:
            cache = CatalogueCache(store)
            cache.save_refresh("streets", services, definitions)
            started, cpu = time.perf_counter(), time.process_time()
            entries = [CatalogueService(d, s, definition) for d, s, definition in cache.services()]
            read = time.perf_counter()
            registry = build_registry(builtin.journeys, entries, builtin.problems)
            groups = registry.by_group("en")
            done, cpu_done = time.perf_counter(), time.process_time()
        finally:
            store.close()
    assert sum(len(g.journeys) for g in groups) >= HUGE_SERVICES
    return done - started, done - read, cpu_done - cpu, len(registry.journeys)


def main() -> int:
    total, build, cpu, count = min((_huge() for _ in range(2)), key=lambda r: r[0])
    print(f"huge catalogue: {HUGE_SERVICES} services with {HUGE_VALUES}-value lists (capped): journey list "
          f"of {count} in {total:.2f} s (cache read {total - build:.2f} s, build {build:.2f} s; "
          f"CPU {cpu:.2f} s)  (target: under 2 s)")
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

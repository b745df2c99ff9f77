"""The offline catalogue cache: saved refreshes, services kept through a few misses, survives reopening."""

from __future__ import annotations

from pathlib import Path

from offline.catalogue import MISSES_BEFORE_DROP, CatalogueCache
from offline.store import Store


def service(code: str, name: str = "") -> dict[str, object]:
    return {"service_code": code, "service_name": name or f"Service {code}", "description": "",
            "metadata": code == "A", "type": "realtime", "keywords": [], "group": "Streets"}


DEFINITION = {"service_code": "A", "attributes": [{"code": "where", "variable": True, "datatype": "string",
                                                   "required": True, "order": 1, "values": []}]}


def test_a_refresh_is_stored_and_read_back(store: Store) -> None:
    cache = CatalogueCache(store)
    summary = cache.save_refresh("streets", [service("A"), service("007")], {"A": DEFINITION, "007": None})
    assert (summary.added, summary.total) == (2, 2)
    assert cache.services() == [("streets", service("007"), None), ("streets", service("A"), DEFINITION)]
    assert cache.service("streets", "A") == (service("A"), DEFINITION)
    assert cache.service("streets", "nope") is None
    assert cache.last_refresh("streets") is not None


def test_a_missing_service_is_kept_until_missing_three_times(store: Store) -> None:
    cache = CatalogueCache(store)
    cache.save_refresh("streets", [service("A"), service("B")], {"A": DEFINITION})
    for n in range(1, MISSES_BEFORE_DROP):
        summary = cache.save_refresh("streets", [service("A")], {"A": DEFINITION})
        assert (summary.missing, summary.dropped) == (1, 0), n
        assert [s["service_code"] for _d, s, _def in cache.services()] == ["A", "B"]
    summary = cache.save_refresh("streets", [service("A")], {"A": DEFINITION})
    assert (summary.missing, summary.dropped) == (0, 1)
    assert [s["service_code"] for _d, s, _def in cache.services()] == ["A"]


def test_a_service_that_comes_back_starts_counting_again(store: Store) -> None:
    cache = CatalogueCache(store)
    cache.save_refresh("streets", [service("A"), service("B")], {})
    cache.save_refresh("streets", [service("A")], {})
    cache.save_refresh("streets", [service("A"), service("B", "Renamed")], {})
    cache.save_refresh("streets", [service("A")], {})
    cache.save_refresh("streets", [service("A")], {})
    assert cache.service("streets", "B") == (service("B", "Renamed"), None)


def test_destinations_are_kept_apart_and_survive_reopening(data_dir: Path) -> None:
    store = Store.open(data_dir)
    cache = CatalogueCache(store)
    cache.save_refresh("streets", [service("A")], {"A": DEFINITION})
    cache.save_refresh("bins", [service("A", "Bins A")], {})
    store.close()
    reopened = Store.open(data_dir)
    try:
        cache = CatalogueCache(reopened)
        assert [d for d, _s, _def in cache.services()] == ["bins", "streets"]
        assert cache.services("bins") == [("bins", service("A", "Bins A"), None)]
        assert cache.forget("bins") == 1 and cache.services("bins") == []
    finally:
        reopened.close()

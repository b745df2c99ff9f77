"""The offline cache of each Open311 destination's services and their definitions.

A refresh is saved in one transaction, and only a complete, well-formed refresh is
saved at all (the fetcher in ``sync/catalogue.py`` decides that), so the cache always
holds the last good catalogue. A service missing from a refresh is kept, and dropped
only when it has been missing from ``MISSES_BEFORE_DROP`` refreshes in a row (open311.md
§5 A13): a council's server that forgets a category for an hour does not remove it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from kiosk.bulk import bulk
from offline.errors import classify_sqlite_error
from offline.models import CatalogueEntry
from offline.store import Store, iso, parse_iso, utc_now

MISSES_BEFORE_DROP = 3
NOTICES_KEY = "catalogue.notices"


@dataclass(frozen=True)
class RefreshSummary:
    """What one saved refresh changed, for the command's one line."""

    destination: str
    total: int
    added: int
    updated: int
    missing: int  # absent this time, kept for now
    dropped: int  # absent MISSES_BEFORE_DROP times in a row, removed


class CatalogueCache:
    """Read and replace cached catalogues. Service and definition dicts are the normalised
    shapes of ``sync/open311.py`` (plain JSON values)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def save_refresh(
        self,
        destination: str,
        services: Iterable[Mapping[str, Any]],
        definitions: Mapping[str, Mapping[str, Any] | None],
        now: datetime | None = None,
    ) -> RefreshSummary:
        """Store one complete refresh of ``destination``'s catalogue."""
        stamp = iso(now or utc_now())
        fresh = {str(s["service_code"]): s for s in services}
        added = updated = missing = dropped = 0
        try:
            with self._store.write() as s:
                rows = {r.service_code: r for r in s.scalars(
                    select(CatalogueEntry).where(CatalogueEntry.destination == destination))}
                for code, service in fresh.items():
                    definition = definitions.get(code)
                    service_json = json.dumps(service, ensure_ascii=False, sort_keys=True)
                    definition_json = (json.dumps(definition, ensure_ascii=False, sort_keys=True)
                                       if definition is not None else None)
                    row = rows.get(code)
                    if row is None:
                        s.add(CatalogueEntry(destination=destination, service_code=code,
                                             service_json=service_json, definition_json=definition_json,
                                             fetched_utc=stamp, missed_refreshes=0))
                        added += 1
                        continue
                    if row.service_json != service_json or row.definition_json != definition_json:
                        updated += 1
                    row.service_json = service_json
                    row.definition_json = definition_json
                    row.fetched_utc = stamp
                    row.missed_refreshes = 0
                for code, row in rows.items():
                    if code in fresh:
                        continue
                    row.missed_refreshes += 1
                    if row.missed_refreshes >= MISSES_BEFORE_DROP:
                        s.delete(row)
                        dropped += 1
                    else:
                        missing += 1
        except (DBAPIError, SQLAlchemyError) as exc:
            raise classify_sqlite_error(exc) from None
        return RefreshSummary(destination, len(fresh) + missing, added, updated, missing, dropped)

    def services(self, destination: str | None = None) -> list[tuple[str, dict[str, Any], dict[str, Any] | None]]:
        """Every cached service as (destination, service, definition or None), in a stable order."""
        entry = CatalogueEntry
        q = (select(entry.destination, entry.service_json, entry.definition_json)
             .order_by(entry.destination, entry.service_code))
        if destination is not None:
            q = q.where(entry.destination == destination)
        with self._store.read() as s, bulk():  # 10,000 services: plain rows, no collector passes
            return [(d, json.loads(service), json.loads(definition) if definition else None)
                    for d, service, definition in s.execute(q)]

    def service(self, destination: str, service_code: str) -> tuple[dict[str, Any], dict[str, Any] | None] | None:
        with self._store.read() as s:
            row = s.get(CatalogueEntry, (destination, service_code))
            if row is None:
                return None
            return (json.loads(row.service_json),
                    json.loads(row.definition_json) if row.definition_json else None)

    def last_refresh(self, destination: str) -> datetime | None:
        with self._store.read() as s:
            value = s.scalar(select(func.max(CatalogueEntry.fetched_utc))
                             .where(CatalogueEntry.destination == destination))
            return parse_iso(value) if value else None

    def set_notices(self, destination: str, lines: Iterable[str]) -> None:
        """Keep the last refresh's plain notices for staff (services left out, journeys not offered)."""
        kept = [str(line)[:300] for line in lines][:50]
        self._store.set_value(f"{NOTICES_KEY}.{destination}", json.dumps(kept) if kept else None)

    def notices(self, destination: str) -> list[str]:
        """The notices of ``destination``'s last refresh ([] if none)."""
        raw = self._store.get_value(f"{NOTICES_KEY}.{destination}")
        try:
            lines = json.loads(raw) if raw else []
        except ValueError:
            return []
        return [str(line) for line in lines] if isinstance(lines, list) else []

    def forget(self, destination: str) -> int:
        """Remove a destination's whole catalogue (it left the configuration)."""
        with self._store.write() as s:
            result = s.execute(delete(CatalogueEntry).where(CatalogueEntry.destination == destination))
            return int(getattr(result, "rowcount", 0) or 0)

"""Fetching each Open311 destination's catalogue (services and definitions) into the offline cache.

A refresh is all or nothing per destination: if the service list or any definition is
unreachable, malformed or missing, the last good cache stays and the result says why in
one line. Offline, the cache serves (``offline/catalogue.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.config import Destination, Settings
from offline.catalogue import CatalogueCache, RefreshSummary
from sync.http import Transport, TransportFailure, UnsafeEndpoint
from sync.open311 import Open311Client, Open311FormatError


class CatalogueError(Exception):
    """A refresh that cannot be saved; the message is one plain line."""


@dataclass(frozen=True)
class RefreshResult:
    destination: str
    ok: bool
    message: str
    summary: RefreshSummary | None = None


def fetch_catalogue(destination: Destination, transport: Transport
                    ) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any] | None]]:
    """The service list and, for each service with ``metadata`` true, its definition."""
    client = Open311Client(destination, transport)
    name = destination.name
    try:
        services = client.services()
    except TransportFailure as exc:
        raise CatalogueError(f"{name}: the service list could not be fetched ({exc.error_class})") from None
    except Open311FormatError as exc:
        raise CatalogueError(f"{name}: the service list is not usable ({exc})") from None
    definitions: dict[str, dict[str, Any] | None] = {}
    for service in services:
        code = service["service_code"]
        if not service["metadata"]:
            definitions[code] = None
            continue
        try:
            definitions[code] = client.definition(code)
        except TransportFailure as exc:
            raise CatalogueError(
                f"{name}: the definition of service {code} could not be fetched ({exc.error_class})") from None
        except Open311FormatError as exc:
            raise CatalogueError(f"{name}: the definition of service {code} is not usable ({exc})") from None
    return services, definitions


def refresh_catalogues(settings: Settings, cache: CatalogueCache,
                       transport: Transport | None = None) -> list[RefreshResult]:
    """Refresh every Open311 destination; one result (and one line) each."""
    own = transport is None
    transport = transport or Transport(settings.sync.connect_timeout_seconds, settings.sync.read_timeout_seconds,
                                       deadline=settings.sync.request_deadline_seconds,
                                       max_bytes=settings.sync.max_catalogue_bytes)
    results = []
    try:
        for destination in settings.destinations:
            if destination.kind != "open311":
                continue
            try:
                services, definitions = fetch_catalogue(destination, transport)
            except (CatalogueError, UnsafeEndpoint) as exc:
                results.append(RefreshResult(destination.name, False,
                                             f"{exc}; the last good catalogue is kept"))
                continue
            summary = cache.save_refresh(destination.name, services, definitions)
            line = f"{destination.name}: {len(services)} services fetched"
            if summary.added or summary.updated:
                line += f" ({summary.added} new, {summary.updated} changed)"
            if summary.missing:
                line += f"; {summary.missing} missing this time, kept for now"
            if summary.dropped:
                line += f"; {summary.dropped} removed after {3} refreshes without them"
            results.append(RefreshResult(destination.name, True, line, summary))
    finally:
        if own:
            transport.close()
    return results

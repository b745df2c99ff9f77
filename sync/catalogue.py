"""Fetching each Open311 destination's catalogue (services and definitions) into the offline cache.

The service list is all or nothing: if it is unreachable or malformed, the last good
cache stays and the result says why in one line. Each definition is fetched on its own:
one that cannot be fetched or read leaves that service out of this refresh (its last good
version stays cached) with a notice, and the rest are saved. Value lists and texts are
capped before they are cached, so a huge definition cannot slow every command. Built-in
journeys that stand in for a council service are checked against it: what the service
does not define goes into ``description``, and a journey whose service the council does
not have is reported and not offered. Offline, the cache serves (``offline/catalogue.py``).
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
    notices: tuple[str, ...] = ()  # plain lines for staff: services left out, journeys not offered


def capped(code: str, definition: dict[str, Any], notices: list[str]) -> dict[str, Any]:
    """A normalised definition with value lists and texts cut to what the kiosk offers."""
    from kiosk.journeys.open311 import MAX_TEXT, MAX_VALUES

    attributes = []
    for attr in definition.get("attributes", []):
        values = attr.get("values") or []
        if len(values) > MAX_VALUES:
            notices.append(f"service {code}: the question {attr.get('code')!r} has {len(values)} choices; "
                           f"only the first {MAX_VALUES} are offered")
            attr = {**attr, "values": values[:MAX_VALUES]}
        for key in ("description", "datatype_description"):
            if isinstance(attr.get(key), str) and len(attr[key]) > MAX_TEXT * 2:
                attr = {**attr, key: attr[key][: MAX_TEXT * 2]}  # room for markup plain() removes
        attributes.append(attr)
    return {**definition, "attributes": attributes}


def fetch_catalogue(destination: Destination, transport: Transport
                    ) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any] | None], list[str]]:
    """The service list and, for each service with ``metadata`` true, its definition; plus
    notices. A service whose definition cannot be fetched or read is left out (noticed)."""
    client = Open311Client(destination, transport)
    name = destination.name
    try:
        services = client.services()
    except TransportFailure as exc:
        raise CatalogueError(f"{name}: the service list could not be fetched ({exc.error_class})") from None
    except Open311FormatError as exc:
        raise CatalogueError(f"{name}: the service list is not usable ({exc})") from None
    definitions: dict[str, dict[str, Any] | None] = {}
    notices: list[str] = []
    loaded = []
    from kiosk.journeys.open311 import MAX_TEXT

    for service in services:
        code = service["service_code"]
        if len(service["description"]) > MAX_TEXT * 2:
            service = {**service, "description": service["description"][: MAX_TEXT * 2]}
        if not service["metadata"]:
            definitions[code] = None
            loaded.append(service)
            continue
        try:
            definitions[code] = capped(code, client.definition(code), notices)
        except TransportFailure as exc:
            notices.append(f"service {code} is left out this time: its definition could not be fetched "
                           f"({exc.error_class})")
            continue
        except Open311FormatError as exc:
            notices.append(f"service {code} is left out this time: its definition is not usable ({exc})")
            continue
        loaded.append(service)
    return loaded, definitions, notices


def stand_in_notices(settings: Settings, destination: Destination, cache: CatalogueCache) -> list[str]:
    """How the built-in journeys routed to ``destination`` fit its (cached) catalogue."""
    from kiosk.journeys.registry import stand_in
    from kiosk.journeys.schema import load_builtin_journeys
    from sync.routing import route_journey

    cached = {s["service_code"]: (s, d) for _dest, s, d in cache.services(destination.name)}
    lines = []
    for journey in load_builtin_journeys().journeys:
        if journey.destination == "webhook" or route_journey(settings, journey) != destination.name:
            continue
        code = journey.destination
        if code not in cached:
            lines.append(f"{journey.id}: the council has no service {code}, so this journey is not offered")
            continue
        fit = stand_in(journey, *cached[code])
        if not fit.fits:
            lines.append(f"{journey.id}: it does not ask {', '.join(fit.missing)}, which {code} requires, "
                         f"so the council's own {code} journey is offered instead")
        elif fit.extra:
            lines.append(f"{journey.id}: {', '.join(fit.extra)} are not attributes of {code}; "
                         "those answers are sent in the description")
    return lines


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
                services, definitions, notices = fetch_catalogue(destination, transport)
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
            notices += stand_in_notices(settings, destination, cache)
            cache.set_notices(destination.name, notices)
            results.append(RefreshResult(destination.name, True, line, summary,
                                         tuple(f"{destination.name}: {n}" for n in notices)))
    finally:
        if own:
            transport.close()
    return results

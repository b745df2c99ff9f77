"""Which configured destination a journey's submissions go to, and the Open311 service code.

- ``DEST.CODE`` (a journey built from a catalogue) → the Open311 destination ``DEST``;
- a journey listed in a webhook destination's ``journeys`` (or ``"*"``) → that webhook;
- a built-in journey whose hint is a service code matched by an Open311 destination's
  ``services`` (``"*"``, the code, or the journey id) → that destination;
- otherwise None: the submission stays queued, and is routed once the configuration
  gains a destination (the sender re-routes at the start of each pass).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.config import Settings
from kiosk.journeys.registry import CatalogueService, build_registry
from kiosk.journeys.schema import load_builtin_journeys

log = logging.getLogger(__name__)

HintLookup = Callable[[str], "str | None"]


def journey_hint(journey: Any) -> str | None:
    """A journey object's routing hint: its destination (a service code or "webhook"),
    else its service code."""
    for name in ("destination", "service_code"):
        value = getattr(journey, name, None)
        if value:
            return str(value)
    return None


def route_id(settings: Settings, journey_id: str, hint: str | None = None) -> str | None:
    """The destination name for a journey id (and its hint), or None."""
    head, dot, _code = journey_id.partition(".")
    if dot:
        d = settings.destination(head)
        if d is not None and d.kind == "open311":
            return d.name
    for d in settings.destinations:
        if d.kind == "webhook" and (journey_id in d.journeys or "*" in d.journeys):
            return d.name
    if hint is None or hint == "webhook":
        return None
    for d in settings.destinations:
        if d.kind == "open311" and ("*" in d.services or hint in d.services or journey_id in d.services):
            return d.name
    return None


def route_journey(settings: Settings, journey: Any) -> str | None:
    """The destination for a journey object (``.id`` and a hint), or None to stay queued."""
    return route_id(settings, str(journey.id), journey_hint(journey))


def route_journey_id(settings: Settings, journey_id: str) -> str | None:
    """The destination for a journey id alone (hints from the built-in journeys)."""
    journey = journey_lookup(settings)(journey_id)
    return route_id(settings, journey_id, journey_hint(journey) if journey is not None else None)


def service_code_for(journey_id: str, hint: str | None, journey: Any = None) -> str | None:
    """The Open311 service code to POST: ``CODE`` of ``DEST.CODE``, else the journey's
    ``service_code``, else its hint (unless that is "webhook")."""
    _head, dot, code = journey_id.partition(".")
    if dot and code:
        return code
    if getattr(journey, "service_code", None):
        return str(journey.service_code)
    if hint and hint != "webhook":
        return hint
    return None


class Router:
    """Routes journey ids with the settings and a hint lookup (journey id → hint)."""

    def __init__(self, settings: Settings, hints: HintLookup | None = None,
                 journeys: Callable[[str], Any] | None = None) -> None:
        self.settings = settings
        self.journeys = journeys or (lambda _id: None)
        self.hints = hints or hints_from(self.journeys)

    def __call__(self, journey_id: str) -> str | None:
        return route_id(self.settings, journey_id, self.hints(journey_id))

    def service_code(self, journey_id: str) -> str | None:
        return service_code_for(journey_id, self.hints(journey_id), self.journeys(journey_id))


def journey_lookup(settings: Settings, cache: Any = None) -> Callable[[str], Any]:
    """Journey id → journey object (or None), from ``kiosk.journeys``: the built-in journeys
    plus those generated from the cached Open311 catalogue. Loading problems are logged, and
    delivery of what is queued goes on without hints."""
    try:
        result = load_builtin_journeys()
        entries = [CatalogueService(d, s, defn) for d, s, defn in cache.services()] if cache else []
        registry = build_registry(result.journeys, entries, result.problems)
    except Exception:  # a broken journey file must not stop delivery of what is queued
        log.exception("journeys could not be loaded for routing")
        return lambda _id: None

    def lookup(journey_id: str) -> Any:
        try:
            return registry.get(journey_id)
        except KeyError:
            return None

    return lookup


def hints_from(journeys: Callable[[str], Any]) -> HintLookup:
    def hint(journey_id: str) -> str | None:
        journey = journeys(journey_id)
        return journey_hint(journey) if journey is not None else None

    return hint


def submission_id_codes_of(journey: Any) -> list[str]:
    """Attribute codes a journey fills with the submission id (``automated`` source)."""
    return [a.code for a in getattr(journey, "automated", ()) if getattr(a, "source", "") == "submission_id"]

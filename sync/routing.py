"""Which configured destination a journey's submissions go to, and the Open311 service code.

- ``DEST.CODE`` (a journey built from a catalogue) → the Open311 destination ``DEST``;
- a journey listed in a webhook destination's ``journeys`` (or ``"*"``) → that webhook;
- a built-in journey whose hint is a service code matched by an Open311 destination's
  ``services`` (``"*"``, the code, or the journey id) → that destination;
- otherwise None: the submission stays queued, and is routed once the configuration
  gains a destination (the sender re-routes at the start of each pass).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.config import Settings

HintLookup = Callable[[str], "str | None"]


def journey_hint(journey: Any) -> str | None:
    """A journey object's routing hint: its service code, else its destination hint."""
    for name in ("service_code", "destination"):
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


def service_code_for(journey_id: str, hint: str | None) -> str | None:
    """The Open311 service code to POST: ``CODE`` of ``DEST.CODE``, else the built-in's hint."""
    _head, dot, code = journey_id.partition(".")
    if dot and code:
        return code
    if hint and hint != "webhook":
        return hint
    return None


class Router:
    """Routes journey ids with the settings and a hint lookup (journey id → hint)."""

    def __init__(self, settings: Settings, hints: HintLookup | None = None) -> None:
        self.settings = settings
        self.hints = hints or (lambda _id: None)

    def __call__(self, journey_id: str) -> str | None:
        return route_id(self.settings, journey_id, self.hints(journey_id))

    def service_code(self, journey_id: str) -> str | None:
        return service_code_for(journey_id, self.hints(journey_id))


def registry_hints(settings: Settings, cache: Any = None) -> HintLookup:
    """A hint lookup backed by the journey registry of ``kiosk.journeys`` when it is present."""
    try:
        from kiosk.journeys import load_registry  # type: ignore[attr-defined]
    except ImportError:
        return lambda _id: None
    try:
        registry = load_registry(settings, cache=cache)
    except Exception:  # a broken journey file must not stop delivery of what is queued
        import logging

        logging.getLogger(__name__).exception("journeys could not be loaded for routing")
        return lambda _id: None

    def lookup(journey_id: str) -> str | None:
        journey = registry.get(journey_id)
        return journey_hint(journey) if journey is not None else None

    return lookup

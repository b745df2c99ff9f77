"""All the journeys a kiosk offers: built-ins, a council's own files and Open311 services.

``build_registry`` merges them. A curated journey overrides the one generated from an
Open311 service with the same code (its ``destination``), so a council can give a
service better wording and Welsh; the generated id (``streets.FLYTIP``) still finds
the curated journey. A service that cannot become a journey is reported and skipped.
``group_journeys`` arranges journeys for the home screen; ``missing_translations``
counts words not yet translated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.i18n import LocalText, localise, words_for
from kiosk.journeys.model import GROUPS, Journey
from kiosk.journeys.open311 import CatalogueError, journey_from_open311, text_of
from kiosk.journeys.schema import LoadProblem

GROUP_TITLES: Mapping[str, LocalText] = words_for("group").messages  # kiosk/locale


@dataclass(frozen=True)
class CatalogueService:
    """One Open311 service as the offline cache holds it (already parsed)."""

    destination: str
    service: Mapping[str, Any]
    definition: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class JourneyCard:
    """A journey's button on the home screen."""

    id: str
    title: str
    description: str


@dataclass(frozen=True)
class HomeGroup:
    """One section of the home screen: its heading and its journeys."""

    group: str
    title: str
    journeys: tuple[JourneyCard, ...]


def group_journeys(journeys: Iterable[Journey], language: str) -> list[HomeGroup]:
    """Journeys by home-screen group, in ``GROUPS`` order, titles in ``language``.

    Empty groups are left out; inside a group journeys are in alphabetical order.
    """
    by_group: dict[str, list[JourneyCard]] = {g: [] for g in GROUPS}
    for journey in journeys:
        card = JourneyCard(journey.id, localise(journey.title, language),
                           localise(journey.description, language))
        by_group.setdefault(journey.group, []).append(card)
    return [
        HomeGroup(g, localise(GROUP_TITLES.get(g, {"en": g}), language),
                  tuple(sorted(cards, key=lambda c: c.title.casefold())))
        for g, cards in by_group.items() if cards
    ]


@dataclass(frozen=True)
class JourneyRegistry:
    """Every journey on offer, the problems met loading them, and generated-id aliases."""

    journeys: tuple[Journey, ...]
    problems: tuple[LoadProblem, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)

    def get(self, journey_id: str) -> Journey:
        """The journey with this id (or the curated journey that replaces it)."""
        wanted = self.aliases.get(journey_id, journey_id)
        for journey in self.journeys:
            if journey.id == wanted:
                return journey
        raise KeyError(f"there is no journey called {journey_id!r}")

    def __contains__(self, journey_id: object) -> bool:
        return isinstance(journey_id, str) and any(
            j.id == self.aliases.get(journey_id, journey_id) for j in self.journeys)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(j.id for j in self.journeys)

    def by_group(self, language: str) -> list[HomeGroup]:
        return group_journeys(self.journeys, language)


def build_registry(
    curated: Iterable[Journey],
    catalogue: Iterable[CatalogueService] = (),
    problems: Iterable[LoadProblem] = (),
) -> JourneyRegistry:
    """Merge curated journeys (built-in and the council's files) with catalogue services."""
    journeys = list(curated)
    found = list(problems)
    curated_by_code = {j.destination: j.id for j in journeys if j.destination != "webhook"}
    curated_by_code.update({j.service_code: j.id for j in journeys if j.service_code})
    ids = {j.id for j in journeys}
    aliases: dict[str, str] = {}
    for entry in catalogue:
        code = text_of(entry.service.get("service_code")) if isinstance(entry.service, Mapping) else ""
        where = f"catalogue {entry.destination}"
        try:
            journey = journey_from_open311(entry.destination, entry.service, entry.definition)
        except (CatalogueError, TypeError, AttributeError) as exc:
            found.append(LoadProblem(where, f"service {code or '?'}", str(exc)))
            continue
        if journey.service_code in curated_by_code:
            aliases[journey.id] = curated_by_code[journey.service_code]
            continue
        if journey.id in ids:
            found.append(LoadProblem(where, f"service {code}", f"the service {code!r} is listed twice"))
            continue
        ids.add(journey.id)
        journeys.append(journey)
    return JourneyRegistry(tuple(journeys), tuple(found), aliases)


def _texts(journey: Journey) -> list[tuple[str, LocalText]]:
    """Every piece of words in a journey, with where it is."""
    out: list[tuple[str, LocalText]] = [("title", journey.title), ("description", journey.description)]
    if journey.submit_label:
        out.append(("submit_label", journey.submit_label))
    for i, page in enumerate(journey.pages):
        place = f"pages[{i}]"
        for key in ("label", "hint", "body", "name", "summary_label"):
            value = getattr(page, key)
            if value:
                out.append((f"{place}.{key}", value))
        for j, option in enumerate(page.options):
            out.append((f"{place}.options[{j}].label", option.label))
            if option.hint:
                out.append((f"{place}.options[{j}].hint", option.hint))
        for code, words in page.errors.items():
            out.append((f"{place}.errors.{code}", words))
    c = journey.confirmation
    for key in ("title", "next_steps", "when", "contact"):
        value = getattr(c, key)
        if value:
            out.append((f"confirmation.{key}", value))
    return out


def journey_texts(journey: Journey) -> list[tuple[str, LocalText]]:
    """Every piece of words in a journey as (place, words per language), for checks and lints."""
    return _texts(journey)


def missing_translations(journey: Journey, languages: Iterable[str]) -> dict[str, list[str]]:
    """For each language, the places in the journey that fall back to English."""
    langs = list(languages)
    missing: dict[str, list[str]] = {lang: [] for lang in langs}
    for place, words in _texts(journey):
        for lang in langs:
            if not words.get(lang):
                missing[lang].append(place)
    return missing

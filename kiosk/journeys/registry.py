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

from kiosk.bulk import bulk
from kiosk.i18n import LocalText, localise, words_for
from kiosk.journeys.model import GROUPS, LOCATION, MULTIPLE_CHOICE, Journey, Page
from kiosk.journeys.open311 import (
    CatalogueError,
    _automated_source,
    _items,
    journey_from_open311,
    text_of,
    truth,
)
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
    """Every journey on offer, the problems met loading them, and generated-id aliases.

    ``withheld`` journeys are not offered (a built-in journey whose service the council's
    catalogue lacks, or cannot be asked by it) but are still found by ``get``, so what was
    queued for them is still routed and sent."""

    journeys: tuple[Journey, ...]
    problems: tuple[LoadProblem, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
    withheld: tuple[Journey, ...] = ()

    def get(self, journey_id: str) -> Journey:
        """The journey with this id (or the curated journey that replaces it)."""
        wanted = self.aliases.get(journey_id, journey_id)
        for journey in self.journeys + self.withheld:
            if journey.id == wanted:
                return journey
        raise KeyError(f"there is no journey called {journey_id!r}")

    def __contains__(self, journey_id: object) -> bool:
        return isinstance(journey_id, str) and any(
            j.id == self.aliases.get(journey_id, journey_id) for j in self.journeys + self.withheld)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(j.id for j in self.journeys)

    def by_group(self, language: str) -> list[HomeGroup]:
        return group_journeys(self.journeys, language)


@dataclass(frozen=True)
class StandIn:
    """How a curated journey fits the council's service it stands in for.

    ``extra``: its questions the service does not define (sent in ``description``);
    ``missing``: required questions of the service it does not ask (it cannot stand in)."""

    journey_id: str
    service_code: str
    extra: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def fits(self) -> bool:
        return not self.missing


def _defined(service: Mapping[str, Any], definition: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    """The attributes a service defines, by code."""
    if not definition or not isinstance(definition, Mapping) or not truth(service.get("metadata"), default=True):
        return {}
    out: dict[str, Mapping[str, Any]] = {}
    for attr in _items(definition.get("attributes"), "attribute"):
        if isinstance(attr, Mapping) and text_of(attr.get("code")):
            out.setdefault(text_of(attr.get("code")), attr)
    return out


def _asked(journey: Journey) -> list[Page]:
    """The journey's questions sent as attributes (not standard fields), in page order."""
    return [p for p in journey.pages if p.is_question and not p.field and p.type != LOCATION]


def stand_in(journey: Journey, service: Mapping[str, Any], definition: Mapping[str, Any] | None) -> StandIn:
    """How ``journey`` fits the council's ``service`` (and its definition)."""
    defined = _defined(service, definition)
    codes = {p.answer_code for p in _asked(journey)}
    extra = tuple(p.answer_code for p in _asked(journey) if p.answer_code not in defined)
    missing = tuple(
        code for code, attr in defined.items()
        if code not in codes and truth(attr.get("required")) and truth(attr.get("variable"), default=True)
        and _automated_source(code, text_of(attr.get("automated")).lower(), True) is None
        and text_of(attr.get("automated")).lower() != "hidden_field"
    )
    return StandIn(journey.id, text_of(service.get("service_code")), extra, missing)


def _answer_text(page: Page, value: Any) -> str:
    """An answer in plain English words, as staff at the council would read it."""
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    words = []
    for v in values:
        label = next((o.label for o in page.options if o.value == str(v)), None)
        words.append(localise(label, "en") if label else str(v))
    return ", ".join(words) if page.type == MULTIPLE_CHOICE or len(words) > 1 else (words[0] if words else "")


def fit_answers(journey: Journey, answers: Mapping[str, Any], service: Mapping[str, Any],
                definition: Mapping[str, Any] | None) -> dict[str, Any]:
    """A curated journey's payload made to fit the council's service: attributes the service
    defines stay attributes; the rest of the answers go into ``description`` as plain
    labelled lines (as FixMyStreet does), after what the resident wrote."""
    attributes = answers.get("attributes")
    if not isinstance(attributes, Mapping):
        return dict(answers)
    defined = _defined(service, definition)
    pages = {p.answer_code: p for p in _asked(journey)}
    kept: dict[str, Any] = {}
    lines: list[str] = []
    for code, value in attributes.items():
        if code in defined:
            kept[code] = value
        elif code in pages and value not in (None, "", [], ()):
            page = pages[code]
            label = localise(page.label, "en").strip()
            text = _answer_text(page, value)
            lines.append(f"{label} {text}" if label.endswith("?") else f"{label}: {text}")
        # an automated value the service does not define is not sent at all
    out = dict(answers)
    out["attributes"] = kept
    if lines:
        written = str(answers.get("description") or "").strip()
        out["description"] = "\n\n".join(part for part in (written, "\n".join(lines)) if part)
    return out


def build_registry(
    curated: Iterable[Journey],
    catalogue: Iterable[CatalogueService] = (),
    problems: Iterable[LoadProblem] = (),
) -> JourneyRegistry:
    """Merge curated journeys (built-in and the council's files) with catalogue services.

    A curated journey with a service code stands in for the council's service of that code
    when it asks every required question of it; otherwise the council's own journey is
    offered instead. When there is a catalogue and it has no service with a curated
    journey's code, that journey is not offered. Both are said in ``problems``."""
    with bulk():  # thousands of services: no collector passes while they are built
        return _build(list(curated), list(catalogue), list(problems))


def _build(journeys: list[Journey], entries: list[CatalogueService], found: list[LoadProblem]) -> JourneyRegistry:
    """``build_registry``'s work."""
    curated_by_code = {j.destination: j.id for j in journeys if j.destination != "webhook"}
    curated_by_code.update({j.service_code: j.id for j in journeys if j.service_code})
    stands_in = {j.destination for j in journeys if j.destination != "webhook"}
    ids = {j.id for j in journeys}
    aliases: dict[str, str] = {}
    withheld: dict[str, str] = {}  # curated journey id → why it is not offered
    codes_seen: set[str] = set()
    for entry in entries:
        code = text_of(entry.service.get("service_code")) if isinstance(entry.service, Mapping) else ""
        where = f"catalogue {entry.destination}"
        notices: list[str] = []
        try:
            journey = journey_from_open311(entry.destination, entry.service, entry.definition, notices)
        except (CatalogueError, TypeError, AttributeError) as exc:
            found.append(LoadProblem(where, f"service {code or '?'}", str(exc)))
            continue
        found.extend(LoadProblem(where, f"service {code}", n) for n in notices)
        codes_seen.add(journey.service_code)
        if journey.service_code in curated_by_code:
            stand = curated_by_code[journey.service_code]
            fit = stand_in(next(j for j in journeys if j.id == stand), entry.service, entry.definition)
            if fit.fits:
                aliases[journey.id] = stand
                continue
            withheld[stand] = (f"it does not ask {', '.join(fit.missing)}, which the council's service "
                               f"{journey.service_code} requires, so the council's own journey is offered")
        if journey.id in ids:
            found.append(LoadProblem(where, f"service {code}", f"the service {code!r} is listed twice"))
            continue
        ids.add(journey.id)
        journeys.append(journey)
    if entries:
        for j in journeys:
            if j.destination in stands_in and not j.generated and j.destination not in codes_seen:
                withheld.setdefault(j.id, f"the council's catalogue has no service {j.destination}, "
                                          "so it is not offered")
    for journey_id, why in withheld.items():
        found.append(LoadProblem(f"journey {journey_id}", "", why))
    offered = tuple(j for j in journeys if j.id not in withheld)
    kept = tuple(j for j in journeys if j.id in withheld)
    return JourneyRegistry(offered, tuple(found), aliases, kept)


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

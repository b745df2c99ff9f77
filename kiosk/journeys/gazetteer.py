"""The council's gazetteer of streets and places, with a type-ahead search.

A gazetteer is an optional CSV file with the columns ``id, name, locality, postcode,
lat, long`` (and optionally ``kind``: street, park, building ...). The kiosk ships a
demo one for "Example Borough" (``data/gazetteer-demo.csv``); a council points
``kiosk.gazetteer`` at its own. ``Gazetteer.search`` is what the location page calls
as the resident types.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kiosk.journeys.validators import Invalid, normalise_postcode

DEMO_GAZETTEER = "gazetteer-demo.csv"
REQUIRED_COLUMNS = ("id", "name", "locality", "postcode", "lat", "long")


class GazetteerError(ValueError):
    """A gazetteer file cannot be used; the message names the file, the row and the problem."""


@dataclass(frozen=True)
class Place:
    """A street or place residents can pick. ``label`` is how it is shown and sent."""

    id: str
    name: str
    locality: str
    postcode: str
    lat: float
    long: float
    kind: str = "street"

    @property
    def label(self) -> str:
        return ", ".join(part for part in (self.name, self.locality, self.postcode) if part)


# The United Kingdom, roughly (what a gazetteer's places and given coordinates must be in).
UK_LAT = (49.0, 61.0)
UK_LONG = (-9.0, 2.5)
# How far beyond its outermost places a gazetteer's area reaches, in degrees (about 2 km).
AREA_MARGIN = 0.02


def covers_uk(lat: float, long: float) -> bool:
    """True for a point in the United Kingdom (roughly; False for NaN and infinity)."""
    return UK_LAT[0] <= lat <= UK_LAT[1] and UK_LONG[0] <= long <= UK_LONG[1]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))


@dataclass(frozen=True)
class Gazetteer:
    """Places by id, searched by what a resident has typed so far."""

    places: tuple[Place, ...]
    source: str = ""

    def get(self, place_id: str) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)

    def covers(self, lat: float, long: float) -> bool:
        """True when the point is in the gazetteer's area: inside the box round its places,
        widened by ``AREA_MARGIN`` (about 2 km) on each side."""
        if not self.places:
            return covers_uk(lat, long)
        lats = [p.lat for p in self.places]
        longs = [p.long for p in self.places]
        return (min(lats) - AREA_MARGIN <= lat <= max(lats) + AREA_MARGIN
                and min(longs) - AREA_MARGIN * 1.6 <= long <= max(longs) + AREA_MARGIN * 1.6)

    def nearest(self, lat: float, long: float) -> Place | None:
        """The place closest to the point (by a flat-earth distance, plenty at this scale)."""
        return min(self.places, default=None,
                   key=lambda p: (p.lat - lat) ** 2 + ((p.long - long) * 0.62) ** 2)

    def find(self, address: str) -> Place | None:
        """The place an address names as the kiosk shows and sends it (its label, like
        "High Street, Example Town Centre, EB1 6FR", or without the postcode), any case
        and spacing; None when no place or more than one fits."""
        wanted = _words(address)
        found = [p for p in self.places
                 if wanted in (_words(p.label), _words(f"{p.name}, {p.locality}"))]
        return found[0] if len(found) == 1 else None

    def by_postcode(self, postcode: str) -> Place | None:
        """The first place with this postcode (any spacing or case), for a rough position."""
        try:
            wanted = normalise_postcode(postcode)
        except Invalid:
            return None
        return next((p for p in self.places if p.postcode == wanted), None)

    def search(self, typed: str, limit: int = 8) -> list[Place]:
        """Places matching what has been typed, best first.

        Every typed word must start a word of the place's name, locality or postcode
        ("high st" finds "High Street"); places whose name starts with the text come
        first, then alphabetical. Fewer than 2 characters finds nothing.
        """
        query = _words(typed)
        if sum(len(w) for w in query) < 2:
            return []
        scored: list[tuple[int, str, Place]] = []
        for place in self.places:
            name_words = _words(place.name)
            words = name_words + _words(place.locality) + _words(place.postcode)
            if not all(any(w.startswith(q) for w in words) for q in query):
                continue
            joined = " ".join(name_words)
            typed_joined = " ".join(query)
            if joined.startswith(typed_joined):
                rank = 0
            elif all(any(w.startswith(q) for w in name_words) for q in query):
                rank = 1
            else:
                rank = 2
            scored.append((rank, place.label.lower(), place))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [place for _, _, place in scored[:limit]]


def parse_gazetteer(text: str, source: str) -> Gazetteer:
    """Read gazetteer CSV text; raises ``GazetteerError`` naming the row and the problem."""
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise GazetteerError(f"{source}: missing column(s) {', '.join(missing)}")
    places: list[Place] = []
    seen: set[str] = set()
    for row_number, row in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        where = f"{source}, row {row_number}"
        if not row["id"] or not row["name"]:
            raise GazetteerError(f"{where}: 'id' and 'name' must not be empty")
        if row["id"] in seen:
            raise GazetteerError(f"{where}: the id {row['id']!r} is used twice")
        seen.add(row["id"])
        try:
            lat, long = float(row["lat"]), float(row["long"])
        except ValueError:
            raise GazetteerError(f"{where}: 'lat' and 'long' must be numbers") from None
        if not covers_uk(lat, long):
            raise GazetteerError(f"{where}: 'lat' and 'long' must be in the United Kingdom")
        postcode = ""
        if row["postcode"]:
            try:
                postcode = normalise_postcode(row["postcode"])
            except Invalid:
                raise GazetteerError(f"{where}: {row['postcode']!r} is not a UK postcode") from None
        places.append(
            Place(row["id"], row["name"], row["locality"], postcode, lat, long,
                  row.get("kind") or "street")
        )
    return Gazetteer(tuple(places), source)


def load_gazetteer(path: str | os.PathLike[str] | None = None) -> Gazetteer:
    """Load the council's gazetteer from ``path``, or the demo one when ``path`` is empty."""
    if not path:
        text = resources.files("kiosk.journeys").joinpath("data", DEMO_GAZETTEER).read_text("utf-8")
        return parse_gazetteer(text, f"kiosk/journeys/data/{DEMO_GAZETTEER}")
    try:
        text = Path(path).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{path}: cannot be read ({type(exc).__name__})") from None
    return parse_gazetteer(text, str(path))

"""Paused destinations and the staff alerts they raise, kept as a fact in the store.

A 401/403 (or an endpoint the kiosk refuses, such as plain http) pauses the whole
destination without touching any item. The pause remembers a fingerprint of the
destination's configuration; when staff change the key or the address, the pause lifts
by itself. Staff can also resume a destination by hand.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from kiosk.config import Destination, Settings
from offline.store import Store, iso, utc_now

PAUSES_KEY = "sync.paused"

_REASONS = {
    "http_401": "the council system did not accept the kiosk's API key or secret (HTTP 401)",
    "http_403": "the council system refused the kiosk's API key (HTTP 403)",
    "unsafe_endpoint": "its address is not https, so the kiosk will not send residents' details to it",
}


def fingerprint(destination: Destination) -> str:
    """A short hash of the settings that a pause depends on (never the key itself)."""
    material = "\x1f".join((destination.kind, destination.base_url, destination.url,
                            destination.api_key, destination.secret, destination.jurisdiction_id))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Pause:
    destination: str
    reason: str  # an error class: http_401, http_403, unsafe_endpoint
    since_utc: str
    fingerprint: str
    detail: str = ""  # the server's own reason, short, never an answer or a key

    @property
    def message(self) -> str:
        """The staff alert, one plain line."""
        why = _REASONS.get(self.reason)
        if why is None and self.reason.startswith("http_4"):
            why = (f"the council system gave the same refusal (HTTP {self.reason[5:]}) for several "
                   "different submissions in a row, so its settings on this kiosk are probably wrong")
        said = f" The council's system said: \u201c{self.detail}\u201d." if self.detail else ""
        return (f"Sending to '{self.destination}' is paused: {why or self.reason}.{said} Nothing is lost; "
                "submissions wait on this kiosk. Check the configuration, then retry all for this "
                "destination.")


class Pauses:
    """Read and change paused destinations. Only the sender (one per data folder) pauses."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _load(self) -> dict[str, dict[str, Any]]:
        raw = self._store.get_value(PAUSES_KEY)
        if not raw:
            return {}
        try:
            data = json.loads(raw)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def _save(self, data: dict[str, dict[str, Any]]) -> None:
        self._store.set_value(PAUSES_KEY, json.dumps(data, sort_keys=True) if data else None)

    def pause(self, destination: Destination, reason: str, detail: str = "") -> Pause:
        pause = Pause(destination.name, reason, iso(utc_now()), fingerprint(destination), detail[:200])
        data = self._load()
        data[destination.name] = asdict(pause)
        self._save(data)
        return pause

    def resume(self, name: str) -> bool:
        data = self._load()
        if data.pop(name, None) is None:
            return False
        self._save(data)
        return True

    def all(self) -> dict[str, Pause]:
        out = {}
        for name, fields in self._load().items():
            try:
                out[name] = Pause(**fields)
            except TypeError:
                continue
        return out

    def active(self, settings: Settings) -> dict[str, Pause]:
        """Pauses still in force; those whose destination's settings changed are lifted."""
        pauses = self.all()
        lifted = [name for name, p in pauses.items()
                  if (d := settings.destination(name)) is None or fingerprint(d) != p.fingerprint]
        if lifted:
            data = self._load()
            for name in lifted:
                data.pop(name, None)
                pauses.pop(name, None)
            self._save(data)
        return pauses

    def alerts(self, settings: Settings) -> list[str]:
        """Plain lines for the staff panel, one per paused destination."""
        return [p.message for p in self.active(settings).values()]


def retry_all(store: Store, name: str) -> tuple[int, bool]:
    """Staff's "Retry all for this destination": lift its pause and send again, at the next
    chance, every item of it that waits or needs staff (damaged items stay set aside).
    Returns (how many items, whether a pause was lifted)."""
    from offline.outbox import Outbox

    resumed = Pauses(store).resume(name)
    count = Outbox(store).retry_destination(name, reason="retry all requested")
    return count, resumed


def retry_all_message(name: str, count: int, resumed: bool) -> str:
    """The one plain line staff read after "Retry all for this destination"."""
    items = f"{count} submission{'' if count == 1 else 's'}"
    line = f"{items} for '{name}' will be sent again at the next chance."
    if resumed:
        line += f" Sending to '{name}' is no longer paused."
    return line

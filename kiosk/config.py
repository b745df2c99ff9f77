"""The kiosk's configuration: one TOML file loaded into frozen, typed settings.

Every setting is declared once, with its type, default and a description. Loading
rejects unknown keys, wrong types and out-of-range values with one line that names
the file, the key and what was expected (``ConfigError``).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

DEMO_CONFIG_NAME = "demo.toml"
SUPPORTED_LANGUAGES = ("en", "cy", "ur", "pl")
LOOPBACK_NAMES = ("localhost",)
# A destination's name starts the ids of the journeys made from its services
# ("streets.FLYTIP"): letters, digits, "-" and "_", so the id splits back at the dot.
DESTINATION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
# Control characters and bidirectional overrides (text that reads differently from
# what it holds): no setting needs them, a council name or URL must not have them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


class ConfigError(Exception):
    """A configuration file cannot be used; the message is one plain line."""


def setting(default: Any, description: str, **limits: Any) -> Any:
    """Declare a setting with its default, its description and optional limits."""
    meta = {"description": description, **limits}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class KioskSettings:
    id: str = setting("demo-kiosk-1", "A name for this kiosk, unique in the council's fleet.")
    council: str = setting("Example Borough Council", "The council's name, shown to residents.")
    languages: tuple[str, ...] = setting(
        ("en", "cy"), "Languages offered, first is the default.", choices=SUPPORTED_LANGUAGES
    )
    idle_timeout_seconds: int = setting(
        120, "Seconds without a touch before the idle warning.", min=20, max=3600
    )
    idle_warning_seconds: int = setting(
        120, "How long the idle warning counts down before the answers are deleted.", min=20, max=600
    )
    contact: str = setting(
        "Call 0300 123 4567, Monday to Friday, 9am to 5pm",
        "How residents contact the council, shown on confirmation pages.",
    )
    gazetteer: str = setting("", "Optional path to a gazetteer CSV of streets and places.")
    metrics_port: int = setting(0, "Localhost port for Prometheus metrics, 0 for none.", min=0, max=65535)
    heartbeat_destination: str = setting(
        "", "Name of a webhook destination that receives a signed heartbeat, or empty for none."
    )
    heartbeat_seconds: int = setting(300, "Seconds between heartbeats.", min=30, max=86400)
    oldest_waiting_alert_hours: float = setting(
        4.0, "Alert staff once when the oldest waiting item is older than this.", min=0.1, max=720
    )


@dataclass(frozen=True)
class SyncSettings:
    first_retry_seconds: float = setting(5.0, "Backoff starts here and doubles with jitter.", min=0.01, max=3600)
    max_retry_seconds: float = setting(900.0, "Backoff never waits longer than this.", min=0.01, max=86400)
    bad_request_attempts: int = setting(
        3, "How many times a 400 answer is retried before it needs staff.", min=1, max=100
    )
    connect_timeout_seconds: float = setting(10.0, "Connection timeout for each request.", min=0.1, max=60)
    read_timeout_seconds: float = setting(30.0, "Read timeout for each request.", min=0.1, max=600)
    poll_seconds: float = setting(30.0, "How often the sender looks for due items when idle.", min=0.05, max=3600)
    flag_after_failures: int = setting(
        5, "After this many failed tries of one item, while others to the same council system are "
           "delivered, staff are told (the item keeps its retries).", min=1, max=1000
    )
    pause_after_same_refusal: int = setting(
        3, "The same 4xx refusal for this many different items in a row pauses that council system.",
        min=2, max=100
    )
    request_deadline_seconds: float = setting(
        60.0, "Total time for one exchange with a council system: connecting, sending and the whole answer.",
        min=0.5, max=3600,
    )
    max_answer_bytes: int = setting(
        4_000_000, "Largest answer read to a report, a token or a search; a larger one is refused.",
        min=1000, max=1_000_000_000,
    )
    max_catalogue_bytes: int = setting(
        32_000_000, "Largest service list or service definition read at a catalogue refresh.",
        min=1000, max=1_000_000_000,
    )
    unconfirmed_hours: float = setting(
        6.0, "How long the kiosk looks on the council's system for a report it did not confirm, "
        "before staff choose.", min=0, max=720,
    )


@dataclass(frozen=True)
class Destination:
    name: str = setting("", "A short name for this destination, used in journey ids: letters, digits, '-' and '_'.")
    kind: str = setting("", "Either 'open311' or 'webhook'.", choices=("open311", "webhook"))
    base_url: str = setting("", "Open311: the endpoint's base URL (ends before /services.json); https (plain http only to this computer).", url=True)
    api_key: str = setting("", "Open311: the API key, sent in the POST body.")
    jurisdiction_id: str = setting("", "Open311: the jurisdiction id, when the server needs one.")
    format: str = setting("json", "Open311: 'json' or 'xml'.", choices=("json", "xml"))
    services: tuple[str, ...] = setting(("*",), "Open311: journey ids or service codes routed here.")
    multi_value_style: str = setting(
        "brackets",
        "Open311: how multi-value attributes are sent: 'brackets' (attribute[C][]) or 'repeat' (attribute[C]).",
        choices=("brackets", "repeat"),
    )
    url: str = setting("", "Webhook: the URL that receives signed JSON; https (plain http only to this computer).", url=True)
    secret: str = setting("", "Webhook: the shared secret for the HMAC-SHA256 signature.")
    journeys: tuple[str, ...] = setting((), "Webhook: journey ids routed here.")


PAY_WAYS = ("phone", "text", "counter")


@dataclass(frozen=True)
class PaySettings:
    api_key: str = setting("", "GOV.UK Pay: the API key (a secret, never logged); empty: no payments online.")
    base_url: str = setting("https://publicapi.payments.service.gov.uk", "GOV.UK Pay: the API's base URL; https (plain http only to this computer).", url=True)
    return_url: str = setting("", "GOV.UK Pay: where the phone goes after paying (the council's page); https.", url=True)
    ways: tuple[str, ...] = setting(PAY_WAYS, "Ways to pay offered: 'phone', 'text', 'counter'.", choices=PAY_WAYS)
    pay_before_sending: bool = setting(True, "Send a booking to the council only once it is paid (a journey's fee can say otherwise).")
    send_before_paid: tuple[str, ...] = setting((), "Journey ids whose bookings are sent before they are paid.")


@dataclass(frozen=True)
class Settings:
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    sync: SyncSettings = field(default_factory=SyncSettings)
    pay: PaySettings = field(default_factory=PaySettings)
    destinations: tuple[Destination, ...] = ()
    source: str = "built-in demo configuration"

    def destination(self, name: str) -> Destination | None:
        return next((d for d in self.destinations if d.name == name), None)


def _type_name(tp: Any) -> str:
    return {str: "text", int: "a whole number", float: "a number", bool: "true or false"}.get(
        tp, "a list of text"
    )


def _coerce(where: str, key: str, raw: Any, f: dataclasses.Field[Any]) -> Any:
    tp = f.type
    limits = f.metadata
    if tp in ("str", str):
        if not isinstance(raw, str):
            raise ConfigError(f"{where}: '{key}' must be text, not {raw!r}")
        _check_text(where, key, raw)
        value: Any = raw
        if limits.get("url") and raw:
            _check_url(where, key, raw)
    elif tp in ("bool", bool):
        if not isinstance(raw, bool):
            raise ConfigError(f"{where}: '{key}' must be true or false, not {raw!r}")
        value = raw
    elif tp in ("int", int):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ConfigError(f"{where}: '{key}' must be a whole number, not {raw!r}")
        value = raw
    elif tp in ("float", float):
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise ConfigError(f"{where}: '{key}' must be a number, not {raw!r}")
        if isinstance(raw, float) and not math.isfinite(raw):
            raise ConfigError(f"{where}: '{key}' must be a number (not nan or inf), not {raw}")
        value = float(raw)
    else:  # tuple[str, ...]
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise ConfigError(f"{where}: '{key}' must be a list of text, like [\"a\", \"b\"]")
        for item in raw:
            _check_text(where, key, item)
        value = tuple(raw)
    if "min" in limits and value < limits["min"]:
        raise ConfigError(f"{where}: '{key}' must be at least {limits['min']}, not {value}")
    if "max" in limits and value > limits["max"]:
        raise ConfigError(f"{where}: '{key}' must be at most {limits['max']}, not {value}")
    if "choices" in limits:
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if item not in limits["choices"]:
                allowed = ", ".join(repr(c) for c in limits["choices"])
                raise ConfigError(f"{where}: '{key}' must be one of {allowed}, not {item!r}")
    return value


def _check_text(where: str, key: str, text: str) -> None:
    found = _CONTROL.search(text)
    if found:
        raise ConfigError(f"{where}: '{key}' must not hold control characters, line breaks or "
                          f"bidirectional overrides (it holds U+{ord(found.group()):04X})")


def is_loopback_host(host: str) -> bool:
    """True for this computer: ``localhost``, 127.0.0.0/8 and ``::1``."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a council endpoint (None when it can): it must be
    ``https://HOST[:PORT]/...`` (plain ``http`` only to this computer), with a real host
    and port, and no spaces. The URL itself is never repeated (it may hold a key)."""
    if any(c.isspace() for c in url) or _CONTROL.search(url):
        return "must not hold spaces or line breaks"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ("must be a web address like https://council.example.gov.uk/open311 "
                "(a port, if any, from 1 to 65535)")
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        shown = f"{scheme}:" if scheme and scheme.isascii() and scheme.isalnum() else "no scheme"
        return f"must start with https:// (plain http:// only to this computer), not {shown}"
    host = parts.hostname or ""
    if not parts.netloc or not host:
        return f"must name a host after {scheme}://, like https://council.example.gov.uk/open311"
    if not (_is_ip(host) or (len(host) <= 253 and _HOST.fullmatch(host))):
        return "must name a real host (letters, digits, dots and hyphens; no hyphen at either end)"
    if port == 0:
        return "must have a port from 1 to 65535 after the host, or none"
    if scheme == "http" and not is_loopback_host(host):
        return "must start with https:// (plain http:// only to this computer: localhost, 127.0.0.1 or ::1)"
    return None


_HOST = re.compile(r"([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _check_url(where: str, key: str, url: str) -> None:
    problem = url_problem(url)
    if problem:
        raise ConfigError(f"{where}: '{key}' {problem}")


def _build(cls: type[Any], table: Mapping[str, Any], where: str, prefix: str) -> Any:
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: '{prefix.rstrip('.')}' must be a table")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for key, raw in table.items():
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise ConfigError(f"{where}: unknown key '{prefix}{key}' (expected one of: {known})")
        values[key] = _coerce(where, prefix + key, raw, fields[key])
    return cls(**values)


def _check_destination(d: Destination, where: str, index: int) -> None:
    key = f"destinations[{index}]"
    if not d.name:
        raise ConfigError(f"{where}: '{key}.name' is missing")
    if not DESTINATION_NAME.fullmatch(d.name):
        raise ConfigError(f"{where}: '{key}.name' must be letters, digits, '-' or '_' (up to 40; "
                          f"it starts journey ids like NAME.SERVICE), not {d.name!r}")
    if d.kind == "open311" and not d.base_url:
        raise ConfigError(f"{where}: '{key}.base_url' is missing for the Open311 destination '{d.name}'")
    if d.kind == "webhook":
        if not d.url:
            raise ConfigError(f"{where}: '{key}.url' is missing for the webhook destination '{d.name}'")
        if not d.secret:
            raise ConfigError(f"{where}: '{key}.secret' is missing for the webhook destination '{d.name}'")
    if not d.kind:
        raise ConfigError(f"{where}: '{key}.kind' is missing (expected 'open311' or 'webhook')")


def parse_settings(data: Mapping[str, Any], where: str) -> Settings:
    """Build settings from an already-parsed TOML document."""
    allowed = {"kiosk", "sync", "destinations", "pay"}
    for key in data:
        if key not in allowed:
            raise ConfigError(f"{where}: unknown table '{key}' (expected kiosk, sync, pay or destinations)")
    kiosk = _build(KioskSettings, data.get("kiosk", {}), where, "kiosk.")
    sync = _build(SyncSettings, data.get("sync", {}), where, "sync.")
    if sync.first_retry_seconds > sync.max_retry_seconds:
        raise ConfigError(f"{where}: 'sync.first_retry_seconds' must not be more than 'sync.max_retry_seconds'")
    raw_destinations = data.get("destinations", [])
    if not isinstance(raw_destinations, list):
        raise ConfigError(f"{where}: 'destinations' must be written as [[destinations]] tables")
    destinations = []
    for i, table in enumerate(raw_destinations):
        d = _build(Destination, table, where, f"destinations[{i}].")
        _check_destination(d, where, i)
        destinations.append(d)
    beat = kiosk.heartbeat_destination
    if beat and not any(d.name == beat and d.kind == "webhook" for d in destinations):
        raise ConfigError(f"{where}: 'kiosk.heartbeat_destination' must name a webhook destination, not {beat!r}")
    names = [d.name for d in destinations]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"{where}: two destinations are called '{name}'; names must be different")
    pay = _build(PaySettings, data.get("pay", {}), where, "pay.")
    if pay.api_key and not pay.return_url:
        raise ConfigError(f"{where}: 'pay.return_url' is missing (GOV.UK Pay needs the page the phone returns to)")
    if ("phone" in pay.ways or "text" in pay.ways) and not pay.api_key and "pay" in data:
        raise ConfigError(f"{where}: 'pay.api_key' is missing for paying by phone or text "
                          "(or set pay.ways = [\"counter\"])")
    return Settings(kiosk=kiosk, sync=sync, destinations=tuple(destinations), pay=pay, source=where)


def load_settings(path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Load from ``path``, else ``KIOSK_CONFIG``, else the built-in demo configuration."""
    env = os.environ if env is None else env
    chosen = path or env.get("KIOSK_CONFIG") or None
    if chosen is None:
        text = resources.files("kiosk.data").joinpath(DEMO_CONFIG_NAME).read_text("utf-8")
        where = "built-in demo configuration"
    else:
        where = str(chosen)
        try:
            text = Path(chosen).read_text("utf-8")
        except FileNotFoundError:
            raise ConfigError(f"{where}: the configuration file does not exist") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{where}: the configuration file cannot be read ({type(exc).__name__})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML ({exc})") from None
    return parse_settings(data, where)


def describe_settings() -> list[tuple[str, str, str]]:
    """Every setting as (key, default, description), for the README and ``--help``."""
    rows: list[tuple[str, str, str]] = []
    for prefix, cls in (("kiosk.", KioskSettings), ("sync.", SyncSettings), ("pay.", PaySettings),
                        ("destinations[].", Destination)):
        for f in dataclasses.fields(cls):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[operator]
            rows.append((prefix + f.name, repr(default), f.metadata.get("description", "")))
    return rows


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where the kiosk keeps its database and key: ``KIOSK_DATA_DIR`` or the user data folder."""
    env = os.environ if env is None else env
    chosen = env.get("KIOSK_DATA_DIR")
    if chosen:
        return Path(chosen)
    return Path(platformdirs.user_data_dir("council-kiosk", appauthor=False))

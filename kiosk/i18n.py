"""One translation mechanism for everything: text kept as a map from language code to words.

Journeys, tutorials and interface strings all store their words as ``{"en": ..., "cy": ...}``.
``localise`` picks the resident's language and falls back to English; ``Catalogue`` holds
the interface strings (``kiosk/data/strings.yaml``) and counts what is untranslated.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar", "ur", "fa", "he", "ps"})

# Each language named in itself, for the welcome screen and the language button.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "cy": "Cymraeg",
    "ur": "اردو",
    "pl": "Polski",
}

LocalText = Mapping[str, str]


def is_rtl(language: str) -> bool:
    return language in RTL_LANGUAGES


def localise(text: LocalText | str | None, language: str) -> str:
    """The words in ``language``, else English, else any language we have."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if text.get(language):
        return text[language]
    if text.get(DEFAULT_LANGUAGE):
        return text[DEFAULT_LANGUAGE]
    return next((v for v in text.values() if v), "")


def missing_languages(text: LocalText | str | None, languages: Iterable[str]) -> list[str]:
    if text is None or isinstance(text, str):
        return [lang for lang in languages if lang != DEFAULT_LANGUAGE]
    return [lang for lang in languages if not text.get(lang)]


@dataclass(frozen=True)
class Catalogue:
    """Interface strings by message id, each a map of language to words."""

    messages: Mapping[str, LocalText]

    def text(self, message_id: str, language: str, **values: Any) -> str:
        try:
            entry = self.messages[message_id]
        except KeyError:
            raise KeyError(f"no interface string called {message_id!r}") from None
        words = localise(entry, language)
        return words.format(**values) if values else words

    def untranslated(self, language: str) -> list[str]:
        return sorted(k for k, v in self.messages.items() if not v.get(language))


_cache_folder: list[Path] = []  # where parsed catalogues are kept (set by ``keep_parsed_in``)


def keep_parsed_in(folder: Path | None) -> None:
    """Keep each catalogue, once parsed, as JSON in ``folder`` (the kiosk's data folder)
    and read that at the next start: the welcome screen is then painted without loading
    a YAML parser. The copy holds the YAML it came from, so new words (an upgrade)
    replace it; a copy that cannot be read or written is simply not used."""
    _cache_folder[:] = [folder] if folder is not None else []


def _parse(text: str) -> Any:
    import yaml  # only when there is no good parsed copy

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when built with it
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader


def _parsed_copy(name: str, text: str) -> Any:
    if not _cache_folder:
        return None
    try:
        kept = json.loads((_cache_folder[0] / f"{name}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("source") != text:
        return None
    return kept.get("parsed")


def _keep_parsed(name: str, text: str, parsed: Any) -> None:
    if not _cache_folder:
        return
    path = _cache_folder[0] / f"{name}.json"
    part = path.with_suffix(".part")
    try:
        path.parent.mkdir(exist_ok=True)  # in a data folder that is already there
        part.write_text(json.dumps({"source": text, "parsed": parsed}, ensure_ascii=False),
                        "utf-8")
        os.replace(part, path)
    except OSError as exc:  # a full disk: the next start parses the YAML again
        log.info("parsed %s not kept: %s", name, type(exc).__name__)


def _all_text(raw: Any) -> bool:
    return isinstance(raw, dict) and all(
        isinstance(k, str) and isinstance(v, dict)
        and all(isinstance(lang, str) and isinstance(words, str) for lang, words in v.items())
        for k, v in raw.items())


@functools.cache
def load_catalogue(name: str = "strings.yaml") -> Catalogue:
    """The interface words in ``kiosk/data/name``, read once per process (the shell, the
    idle warning and the deleted screen share them)."""
    text = resources.files("kiosk.data").joinpath(name).read_text("utf-8")
    raw = _parsed_copy(name, text)
    if raw is None:
        raw = _parse(text) or {}
        if _all_text(raw):  # JSON keeps exactly this
            _keep_parsed(name, text, raw)
    if not isinstance(raw, dict):
        raise ValueError(f"kiosk/data/{name}: expected a mapping of message ids")
    messages: dict[str, LocalText] = {}
    for key, value in raw.items():
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ValueError(f"kiosk/data/{name}: '{key}' must map language codes to text")
        messages[str(key)] = dict(value)
    return Catalogue(MappingProxyType(messages))  # shared, so read-only

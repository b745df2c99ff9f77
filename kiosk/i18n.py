"""One translation mechanism for everything: text kept as a map from language code to words.

Journeys, tutorials and interface strings all store their words as ``{"en": ..., "cy": ...}``.
``localise`` picks the resident's language and falls back to English; ``Catalogue`` holds
the interface strings (``kiosk/data/strings.yaml``) and counts what is untranslated.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from kiosk.yaml_text import parse_yaml

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


@functools.cache
def load_catalogue(name: str = "strings.yaml") -> Catalogue:
    """The interface words in ``kiosk/data/name``, read once per process (the shell, the
    idle warning and the deleted screen share them)."""
    text = resources.files("kiosk.data").joinpath(name).read_text("utf-8")
    raw = parse_yaml(text) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"kiosk/data/{name}: expected a mapping of message ids")
    messages: dict[str, LocalText] = {}
    for key, value in raw.items():
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ValueError(f"kiosk/data/{name}: '{key}' must map language codes to text")
        messages[str(key)] = dict(value)
    return Catalogue(MappingProxyType(messages))  # shared, so read-only

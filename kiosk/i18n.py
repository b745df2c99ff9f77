"""The kiosk's words: one gettext domain (``kiosk``) of PO catalogues, read with Babel.

``kiosk/locale/kiosk.pot`` holds every word a resident meets, in English: each message has a
context ``section.key`` (the key the code asks for, for example ``session.idle_title``), the
English words as ``msgid`` and, where the words depend on a number, an ``msgid_plural``.
``kiosk/locale/<language>/LC_MESSAGES/kiosk.po`` holds one language, in the same format
translators' tools (Poedit, Weblate, Virtaal) open. Plurals follow the CLDR rules through
Babel: Welsh has six forms (zero, one, two, few, many, other), Polish four, Urdu and
English two. A word with no translation, a fuzzy one, or one whose English has changed
since it was translated is shown in English.

Journeys and tutorials keep their words in their own YAML as ``{"en": ..., "cy": ...}``;
``localise`` picks the resident's language from such a map and falls back to English, and
``kiosk translations`` (``kiosk/translations.py``) round-trips those texts through PO files.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Any

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.plural import to_gettext

DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar", "ur", "fa", "he", "ps"})
DOMAIN = "kiosk"
MACHINE_DRAFTED = "machine-drafted, needs review"
"""The translator comment on words a machine drafted and no translator has checked yet."""

# Each language named in itself, for the welcome screen and the language button.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "cy": "Cymraeg",
    "ur": "اردو",
    "pl": "Polski",
}

# The CLDR plural categories in their canonical order: gettext's msgstr[i] follows it,
# keeping the categories a language uses (Babel's ``to_gettext`` numbers them the same way).
CLDR_PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")

LocalText = Mapping[str, str]
Forms = tuple[str, ...]


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


# -- CLDR plural rules ----------------------------------------------------------------------
@functools.cache
def plural_categories(language: str) -> tuple[str, ...]:
    """The CLDR plural categories ``language`` uses, in msgstr order (``cy``: all six)."""
    tags = Locale.parse(language).plural_form.tags | {"other"}
    return tuple(tag for tag in CLDR_PLURAL_ORDER if tag in tags)


def plural_index(language: str, n: int) -> int:
    """Which msgstr[i] a number takes in ``language`` (CLDR: Welsh 2 -> "two" -> 2)."""
    return plural_categories(language).index(Locale.parse(language).plural_form(n))


def plural_forms_header(language: str) -> str:
    """The PO header ``Plural-Forms`` for ``language``, from CLDR."""
    return to_gettext(Locale.parse(language).plural_form)


@dataclass(frozen=True)
class Catalogue:
    """One section's words by key: ``messages`` maps a key to words per language;
    ``plurals`` maps a key to its plural forms per language (CLDR order)."""

    messages: Mapping[str, LocalText]
    plurals: Mapping[str, Mapping[str, Forms]] = field(default_factory=dict)

    def text(self, message_id: str, language: str, **values: Any) -> str:
        try:
            entry = self.messages[message_id]
        except KeyError:
            raise KeyError(f"no interface string called {message_id!r}") from None
        words = localise(entry, language)
        return words.format(**values) if values else words

    def plural(self, message_id: str, n: int, language: str, **values: Any) -> str:
        """The words for ``n`` of something in ``language`` (else English), ``{n}`` filled in."""
        try:
            forms = self.plurals[message_id]
        except KeyError:
            raise KeyError(f"no plural interface string called {message_id!r}") from None
        chosen = language if forms.get(language) else DEFAULT_LANGUAGE
        return forms[chosen][plural_index(chosen, n)].format(n=n, **values)

    def untranslated(self, language: str) -> list[str]:
        missing = [k for k, v in self.messages.items() if not v.get(language)]
        missing += [k for k, v in self.plurals.items() if not v.get(language)]
        return sorted(missing)


# -- the PO catalogues ----------------------------------------------------------------------
@dataclass(frozen=True)
class Words:
    """Every message of the ``kiosk`` domain: English from the template, the rest per language.

    Keys are ``section.key`` (the PO files' msgctxt). ``needs_review`` lists, per language, the
    messages still marked ``machine-drafted, needs review``."""

    english: Mapping[str, Forms]
    translations: Mapping[str, Mapping[str, Forms]]
    needs_review: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def languages(self) -> tuple[str, ...]:
        return (DEFAULT_LANGUAGE, *sorted(self.translations))

    def section(self, name: str) -> Catalogue:
        """The words whose context starts ``name.``, keyed by the rest of the context."""
        prefix = f"{name}."
        messages: dict[str, LocalText] = {}
        plurals: dict[str, Mapping[str, Forms]] = {}
        for context, english in self.english.items():
            if not context.startswith(prefix):
                continue
            key = context[len(prefix):]
            found = {lang: words[context] for lang, words in self.translations.items()
                     if context in words}
            if len(english) == 1:
                messages[key] = MappingProxyType(
                    {DEFAULT_LANGUAGE: english[0], **{k: v[0] for k, v in found.items()}})
            else:
                plurals[key] = MappingProxyType({DEFAULT_LANGUAGE: english, **found})
        if not messages and not plurals:
            raise KeyError(f"no words in section {name!r} of kiosk/locale/{DOMAIN}.pot")
        return Catalogue(MappingProxyType(messages), MappingProxyType(plurals))

    def untranslated(self, language: str) -> list[str]:
        have = self.translations.get(language, {})
        return sorted(c for c in self.english if c not in have)


def locale_dir() -> Traversable:
    return resources.files("kiosk").joinpath("locale")


def _read_catalog(path: Traversable, language: str | None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def _forms(value: str | Iterable[str | None] | None) -> Forms:
    """A message's id or string as a tuple: one item, or one per plural form."""
    if value is None or isinstance(value, str):
        return (value or "",)
    return tuple(form or "" for form in value)


def _english(template: Catalog, where: str) -> dict[str, Forms]:
    english: dict[str, Forms] = {}
    for message in template:
        if not message.id:
            continue  # the header
        if not message.context:
            raise ValueError(f"{where}: the message {message.id!r} has no msgctxt (section.key)")
        english[message.context] = _forms(message.id)
    return english


def read_words(folder: Traversable | None = None) -> Words:
    """The template and every language's catalogue under ``folder`` (default: the kiosk's)."""
    folder = folder or locale_dir()
    english = _english(_read_catalog(folder.joinpath(f"{DOMAIN}.pot"), None), f"{DOMAIN}.pot")
    translations: dict[str, Mapping[str, Forms]] = {}
    review: dict[str, frozenset[str]] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        po = entry.joinpath("LC_MESSAGES", f"{DOMAIN}.po")
        if not entry.is_dir() or not po.is_file():
            continue
        language = entry.name
        catalog = _read_catalog(po, language)
        count = len(plural_categories(language))
        words: dict[str, Forms] = {}
        drafted: set[str] = set()
        for message in catalog:
            if not message.id or message.fuzzy or message.context not in english:
                continue
            source = english[message.context]
            if _forms(message.id) != source:
                continue  # the English has changed since: shown in English until re-translated
            forms = _forms(message.string)
            if len(source) == 2 and len(forms) != count:
                raise ValueError(f"{language}/LC_MESSAGES/{DOMAIN}.po: {message.context} has "
                                 f"{len(forms)} plural forms; {language} has {count} in CLDR")
            if all(form.strip() for form in forms):
                words[message.context] = forms
                if any(MACHINE_DRAFTED in c for c in message.user_comments):
                    drafted.add(message.context)
        translations[language] = MappingProxyType(words)
        review[language] = frozenset(drafted)
    return Words(MappingProxyType(english), MappingProxyType(translations),
                 MappingProxyType(review))


@functools.cache
def load_words() -> Words:
    """The kiosk's catalogues, read once per process (every screen shares them)."""
    return read_words()


def words_for(section: str) -> Catalogue:
    """One section of the kiosk's catalogues (``session``, ``journey``, ``progress`` ...)."""
    return load_words().section(section)


def load_catalogue() -> Catalogue:
    """The screens' interface words (the ``interface`` section)."""
    return words_for("interface")

"""Validation messages and journey interface words, in GOV.UK style, per language.

Every message has a code (``required``, ``too_long``, ``not_real`` ...). A page may
override any code with its own words (``errors:`` in the journey file); otherwise the
default below is used, with ``{name}``, ``{max}``, ``{min}`` and ``{label}`` filled in.
Wording follows the GOV.UK templates: instructions for empty answers ("Enter ..."),
descriptions for other problems ("... must be 500 characters or less"). Never "please",
"sorry", "invalid" or "this field is required" (``lint_message`` checks that).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kiosk.i18n import LocalText, load_words, localise, words_for

# The words live in the kiosk's PO catalogues (kiosk/locale): the ``journey_message`` section
# holds the default messages by code, ``journey_word`` the words the engine adds around journey
# content, ``journey_name`` the names used when a page has none, ``month`` the month names.
# ``{name}`` is the page's ``name`` (else the default name). In Welsh the name follows
# "Rhaid i" with its mutation (``{i_name_cy}``). In Urdu the name is written in the oblique
# case ("آپ کے جواب"): every Urdu template puts a postposition after it ("{name} میں").
DEFAULT_MESSAGES: Mapping[str, LocalText] = words_for("journey_message").messages
_NAMES = words_for("journey_name").messages
DEFAULT_NAME: LocalText = _NAMES["default"]
DEFAULT_DATE_NAME: LocalText = _NAMES["date"]
JOURNEY_WORDS = words_for("journey_word")
UI_WORDS: Mapping[str, LocalText] = JOURNEY_WORDS.messages

# Month names people type, in English and Welsh, full and short (lower case).
MONTH_NAMES: dict[str, int] = {}
for _i, (_en, _cy) in enumerate(
    [
        ("january", "ionawr"), ("february", "chwefror"), ("march", "mawrth"),
        ("april", "ebrill"), ("may", "mai"), ("june", "mehefin"),
        ("july", "gorffennaf"), ("august", "awst"), ("september", "medi"),
        ("october", "hydref"), ("november", "tachwedd"), ("december", "rhagfyr"),
    ],
    start=1,
):
    MONTH_NAMES[_en] = _i
    MONTH_NAMES[_en[:3]] = _i
    MONTH_NAMES[_cy] = _i
MONTH_NAMES["sept"] = 9
# Month names as shown on check-your-answers, in every language that has all twelve.
_MONTHS = words_for("month").messages
MONTH_DISPLAY: Mapping[str, tuple[str, ...]] = {
    language: tuple(_MONTHS[month][language] for month in (
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december"))
    for language in load_words().languages
    if all(words.get(language) for words in _MONTHS.values())
}


def ui_word(key: str, language: str, **values: object) -> str:
    """An interface word in ``language`` (English when missing), with values filled in."""
    words = localise(UI_WORDS[key], language)
    return words.format(**values) if values else words


def character_count(length: int, limit: int, language: str) -> str:
    """The live count under a long-text box: "You have 12 characters remaining"."""
    left = limit - length
    if left >= 0:
        return JOURNEY_WORDS.plural("chars_left", left, language)
    return JOURNEY_WORDS.plural("chars_over", -left, language)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isupper() and text[1:2].islower() else text


def render_message(
    code: str,
    language: str,
    overrides: Mapping[str, LocalText],
    *,
    label: str = "",
    name: LocalText | None = None,
    default_name: Mapping[str, str] = DEFAULT_NAME,
    **values: object,
) -> str:
    """One error message in ``language``: the page's own words if it has them, else the default."""
    if code in overrides:
        template = localise(overrides[code], language)
    else:
        template = localise(DEFAULT_MESSAGES[code], language)
    chosen_name = name or default_name
    name_en = localise(chosen_name, "en")
    name_lang = localise(chosen_name, language)
    # In Welsh the name follows "Rhaid i", written with its article ("y disgrifiad").
    fill = {
        "name": name_lang[:1].upper() + name_lang[1:] if name_lang else name_en,
        "i_name_cy": welsh_i(_lower_first(localise(chosen_name, "cy"))),
        "label": label.rstrip("?؟").strip(),  # Urdu asks with "؟"
        **{k: _number(v) for k, v in values.items()},
    }
    return template.format(**fill)


def welsh_i(name: str) -> str:
    """"i" ("to") joined to a Welsh noun phrase: "i’r disgrifiad", "i’ch enw", "i nifer ..."."""
    for article, joined in (("yr ", "i’r "), ("y ", "i’r "), ("eich ", "i’ch "), ("ei ", "i’w ")):
        if name.startswith(article):
            return joined + name[len(article):]
    return "i " + name


def _number(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Words and marks a message to a resident must never contain.
BANNED = {
    "en": ["please", "sorry", "invalid", "valid", "this field is required", "oops",
           "forbidden", "illegal", "you forgot", "prohibited", "error occurred",
           "select an option", "fill in the field", "answer the question"],
    "cy": ["os gwelwch yn dda", "os gwelwch chi'n dda", "os gwelwch chi’n dda", "mae'n ddrwg",
           "mae’n ddrwg", "ddrwg gennym", "annilys", "dilys", "mae angen y maes hwn"],
    # please, sorry / we regret, invalid / wrong, this field is required.
    "ur": ["براہ کرم", "برائے مہربانی", "مہربانی", "معذرت", "معاف کیجیے", "افسوس", "غلط",
           "ناجائز", "غیر درست", "یہ خانہ ضروری ہے", "یہ خانہ لازمی ہے"],
}


def lint_message(text: str, language: str) -> list[str]:
    """Reasons a resident-facing message breaks the house rules (empty when it is fine)."""
    problems: list[str] = []
    lowered = text.lower()
    for word in BANNED.get(language, []) + (BANNED["en"] if language != "en" else []):
        if re.search(r"(?<![\w])" + re.escape(word) + r"(?![\w])", lowered):
            problems.append(f"uses ‘{word}’")
    if "!" in text or "！" in text:
        problems.append("has an exclamation mark")
    if "*" in text:
        problems.append("has an asterisk")
    if re.search(r"\byou (did not|didn't|didn’t|failed)\b", lowered):
        problems.append("blames the resident")
    if not text.strip():
        problems.append("is empty")
    if "{" in text or "}" in text:
        problems.append("has an unfilled placeholder")
    return problems

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

from kiosk.i18n import LocalText, localise

# Default messages by code. ``{name}`` is the page's ``name`` (else the default name).
DEFAULT_MESSAGES: dict[str, dict[str, str]] = {
    "required": {
        "en": "Enter an answer for ‘{label}’",
        "cy": "Rhowch ateb ar gyfer ‘{label}’",
        "ur": "‘{label}’ کے لیے جواب درج کریں",
    },
    "required_choice": {
        "en": "Select an answer for ‘{label}’",
        "cy": "Dewiswch ateb ar gyfer ‘{label}’",
        "ur": "‘{label}’ کے لیے جواب منتخب کریں",
    },
    "too_long": {
        "en": "{name} must be {max} characters or less",
        "cy": "Rhaid {i_name_cy} fod yn {max} nod neu lai",
        "ur": "{name} میں {max} یا اس سے کم حروف ہونے چاہئیں",
    },
    "not_a_number": {
        "en": "{name} must be a number",
        "cy": "Rhaid {i_name_cy} fod yn rhif",
        "ur": "{name} کے لیے نمبر درج کریں",
    },
    "not_whole": {
        "en": "{name} must be a whole number",
        "cy": "Rhaid {i_name_cy} fod yn rhif cyfan",
        "ur": "{name} کے لیے پورا نمبر درج کریں",
    },
    "too_small": {
        "en": "{name} must be {min} or more",
        "cy": "Rhaid {i_name_cy} fod yn {min} neu fwy",
        "ur": "{name} کے لیے {min} یا اس سے زیادہ درج کریں",
    },
    "too_big": {
        "en": "{name} must be {max} or less",
        "cy": "Rhaid {i_name_cy} fod yn {max} neu lai",
        "ur": "{name} کے لیے {max} یا اس سے کم درج کریں",
    },
    "date_required": {
        "en": "Enter the date",
        "cy": "Rhowch y dyddiad",
        "ur": "تاریخ درج کریں",
    },
    "missing_day": {
        "en": "{name} must include a day",
        "cy": "Rhaid {i_name_cy} gynnwys diwrnod",
        "ur": "{name} میں دن شامل کریں",
    },
    "missing_month": {
        "en": "{name} must include a month",
        "cy": "Rhaid {i_name_cy} gynnwys mis",
        "ur": "{name} میں مہینہ شامل کریں",
    },
    "missing_year": {
        "en": "{name} must include a year",
        "cy": "Rhaid {i_name_cy} gynnwys blwyddyn",
        "ur": "{name} میں سال شامل کریں",
    },
    "year_digits": {
        "en": "Year must include 4 numbers",
        "cy": "Rhaid i’r flwyddyn gynnwys 4 rhif",
        "ur": "سال میں 4 ہندسے ہونے چاہئیں",
    },
    "not_real": {
        "en": "{name} must be a real date",
        "cy": "Rhaid {i_name_cy} fod yn ddyddiad go iawn",
        "ur": "{name} کے لیے کیلنڈر کی اصل تاریخ درج کریں",
    },
    "must_be_past": {
        "en": "{name} must be today or in the past",
        "cy": "Rhaid {i_name_cy} fod heddiw neu yn y gorffennol",
        "ur": "{name} کے لیے آج کی یا اس سے پہلے کی تاریخ درج کریں",
    },
    "must_be_future": {
        "en": "{name} must be today or in the future",
        "cy": "Rhaid {i_name_cy} fod heddiw neu yn y dyfodol",
        "ur": "{name} کے لیے آج کی یا اس کے بعد کی تاریخ درج کریں",
    },
    "postcode_required": {
        "en": "Enter a postcode",
        "cy": "Rhowch god post",
        "ur": "پوسٹ کوڈ درج کریں",
    },
    "postcode_format": {
        "en": "Enter a full UK postcode",
        "cy": "Rhowch god post llawn yn y DU",
        "ur": "برطانیہ کا پورا پوسٹ کوڈ درج کریں",
    },
    "email_required": {
        "en": "Enter your email address",
        "cy": "Rhowch eich cyfeiriad e-bost",
        "ur": "اپنا ای میل ایڈریس درج کریں",
    },
    "email_format": {
        "en": "Enter an email address in the correct format, like name@example.com",
        "cy": "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
        "ur": "ای میل ایڈریس درست طریقے سے درج کریں، جیسے name@example.com",
    },
    "phone_required": {
        "en": "Enter your phone number",
        "cy": "Rhowch eich rhif ffôn",
        "ur": "اپنا فون نمبر درج کریں",
    },
    "phone_format": {
        "en": "Enter a UK phone number, like 01632 960 001 or 07700 900 982",
        "cy": "Rhowch rif ffôn yn y DU, fel 01632 960 001 neu 07700 900 982",
        # \u2066 ... \u2069 keep each number left to right inside the Urdu sentence.
        "ur": "برطانیہ کا فون نمبر درج کریں، جیسے \u206601632 960 001\u2069"
              " یا \u206607700 900 982\u2069",
    },
    "location_required": {
        "en": "Select a street or place from the list, or enter a postcode",
        "cy": "Dewiswch stryd neu le o’r rhestr, neu rhowch god post",
        "ur": "فہرست سے کوئی گلی یا جگہ منتخب کریں، یا پوسٹ کوڈ درج کریں",
    },
    "place_unknown": {
        "en": "Select a street or place from the list",
        "cy": "Dewiswch stryd neu le o’r rhestr",
        "ur": "فہرست سے کوئی گلی یا جگہ منتخب کریں",
    },
    "details_required": {
        "en": "Describe where it is, like ‘outside number 12’ or ‘by the bus stop’",
        "cy": "Disgrifiwch ble mae e, fel ‘y tu allan i rif 12’ neu ‘wrth yr arhosfan bws’",
        "ur": "بتائیں کہ یہ کہاں ہے، جیسے ‘مکان نمبر 12 کے باہر’ یا ‘بس اسٹاپ کے پاس’",
    },
    "details_too_long": {
        "en": "Where it is must be {max} characters or less",
        "cy": "Rhaid i’r disgrifiad o ble mae e fod yn {max} nod neu lai",
        "ur": "یہ کہاں ہے، اس کی تفصیل میں {max} یا اس سے کم حروف ہونے چاہئیں",
    },
    "choice_unknown": {
        "en": "Select one of the answers shown",
        "cy": "Dewiswch un o’r atebion a ddangosir",
        "ur": "دکھائے گئے جوابات میں سے ایک منتخب کریں",
    },
    "declaration_required": {
        "en": "Select the box to confirm your answers are true",
        "cy": "Dewiswch y blwch i gadarnhau bod eich atebion yn wir",
        "ur": "یہ تصدیق کرنے کے لیے خانہ منتخب کریں کہ آپ کے جوابات سچ ہیں",
    },
    "not_eligible": {
        "en": "These answers end the journey at ‘{label}’",
        "cy": "Mae’r atebion hyn yn gorffen y daith yn ‘{label}’",
        "ur": "ان جوابات کی وجہ سے یہ عمل ‘{label}’ پر ختم ہو جاتا ہے",
    },
    "unknown_question": {
        "en": "The journey does not ask a question called ‘{label}’",
        "cy": "Nid yw’r daith yn gofyn cwestiwn o’r enw ‘{label}’",
        "ur": "اس عمل میں ‘{label}’ نام کا کوئی سوال نہیں ہے",
    },
}

# The name of an answer inside default messages, when a page gives none.
# In Urdu the name is written in the oblique case ("آپ کے جواب"): every Urdu template puts
# a postposition after it ("{name} میں", "{name} کے لیے").
DEFAULT_NAME = {"en": "Your answer", "cy": "eich ateb", "ur": "آپ کے جواب"}
DEFAULT_DATE_NAME = {"en": "The date", "cy": "y dyddiad", "ur": "تاریخ"}

# Words the engine adds around journey content.
UI_WORDS: dict[str, dict[str, str]] = {
    "optional": {"en": "(optional)", "cy": "(dewisol)", "ur": "(اختیاری)"},
    "progress": {
        "en": "Question {n} of {total}",
        "cy": "Cwestiwn {n} o {total}",
        "ur": "{total} میں سے سوال {n}",
    },
    "yes": {"en": "Yes", "cy": "Ie", "ur": "ہاں"},
    "no": {"en": "No", "cy": "Na", "ur": "نہیں"},
    "not_provided": {"en": "Not provided", "cy": "Heb ei ddarparu", "ur": "نہیں دیا گیا"},
    "change": {"en": "Change", "cy": "Newid", "ur": "تبدیل کریں"},
    "change_named": {"en": "Change {label}", "cy": "Newid {label}", "ur": "تبدیل کریں: {label}"},
    "check_answers": {
        "en": "Check your answers",
        "cy": "Gwiriwch eich atebion",
        "ur": "اپنے جوابات چیک کریں",
    },
    "submit": {"en": "Send", "cy": "Anfon", "ur": "بھیجیں"},
    "continue": {"en": "Continue", "cy": "Parhau", "ur": "جاری رکھیں"},
    "back": {"en": "Back", "cy": "Yn ôl", "ur": "واپس"},
    "problem": {"en": "There is a problem", "cy": "Mae problem wedi codi", "ur": "ایک مسئلہ ہے"},
    "error_prefix": {"en": "Error:", "cy": "Gwall:", "ur": "خرابی:"},
    "chars_left": {
        "en": "You have {n} characters remaining",
        "cy": "Mae gennych {n} nod ar ôl",
        "ur": "آپ کے پاس {n} حروف باقی ہیں",
    },
    "char_left": {
        "en": "You have 1 character remaining",
        "cy": "Mae gennych 1 nod ar ôl",
        "ur": "آپ کے پاس 1 حرف باقی ہے",
    },
    "chars_over": {
        "en": "You have {n} characters too many",
        "cy": "Mae gennych {n} nod yn ormod",
        "ur": "آپ نے {n} حروف زیادہ لکھے ہیں",
    },
    "char_over": {
        "en": "You have 1 character too many",
        "cy": "Mae gennych 1 nod yn ormod",
        "ur": "آپ نے 1 حرف زیادہ لکھا ہے",
    },
    "day": {"en": "Day", "cy": "Diwrnod", "ur": "دن"},
    "month": {"en": "Month", "cy": "Mis", "ur": "مہینہ"},
    "year": {"en": "Year", "cy": "Blwyddyn", "ur": "سال"},
    "postcode": {"en": "Postcode", "cy": "Cod post", "ur": "پوسٹ کوڈ"},
    "where": {
        "en": "Describe where it is",
        "cy": "Disgrifiwch ble mae e",
        "ur": "بتائیں کہ یہ کہاں ہے",
    },
}

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
# Month names as shown on check-your-answers.
MONTH_DISPLAY: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "cy": ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
           "Medi", "Hydref", "Tachwedd", "Rhagfyr"),
    "ur": ("جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر", "اکتوبر",
           "نومبر", "دسمبر"),
}


def ui_word(key: str, language: str, **values: object) -> str:
    """An interface word in ``language`` (English when missing), with values filled in."""
    words = localise(UI_WORDS[key], language)
    return words.format(**values) if values else words


def character_count(length: int, limit: int, language: str) -> str:
    """The live count under a long-text box: "You have 12 characters remaining"."""
    left = limit - length
    if left == 1:
        return ui_word("char_left", language)
    if left == -1:
        return ui_word("char_over", language)
    if left >= 0:
        return ui_word("chars_left", language, n=left)
    return ui_word("chars_over", language, n=-left)


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

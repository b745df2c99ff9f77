"""The kiosk's words as gettext PO catalogues (``kiosk.i18n``): CLDR plurals, the fallback to
English, and the files kept in step with the template."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk.i18n import (
    DOMAIN,
    load_words,
    locale_dir,
    plural_categories,
    plural_forms_header,
    plural_index,
    read_words,
    words_for,
)
from kiosk.progress_check import (
    CHARACTERS,
    CHECK_CHARACTER,
    EMPTY,
    LENGTH,
    MESSAGES,
    read_reference,
)
from kiosk.references import ReferenceError, parse_reference
from kiosk.session import spoken_time_words, time_words, wrong_pin_words

LOCALE = Path(str(locale_dir()))
TEMPLATE = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgctxt "t.hello"
msgid "Hello"
msgstr ""

msgctxt "t.bye"
msgid "Goodbye"
msgstr ""

msgctxt "t.apples"
msgid "{n} apple"
msgid_plural "{n} apples"
msgstr[0] ""
msgstr[1] ""
"""


def test_the_plural_rules_are_cldr_s() -> None:
    assert plural_categories("cy") == ("zero", "one", "two", "few", "many", "other")
    assert plural_categories("pl") == ("one", "few", "many", "other")
    assert plural_categories("ur") == ("one", "other")
    assert plural_categories("en") == ("one", "other")
    assert [plural_index("cy", n) for n in (0, 1, 2, 3, 4, 6, 11)] == [0, 1, 2, 3, 5, 4, 5]
    assert [plural_index("pl", n) for n in (1, 2, 5, 12, 22, 25, 101)] == [0, 1, 2, 2, 1, 2, 2]


def test_every_catalogue_declares_its_cldr_plural_forms() -> None:
    languages = [p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()]
    assert {"cy", "ur"} <= set(languages)
    for language in languages:
        with (LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
            catalog = read_po(handle, locale=language)
        assert catalog.plural_forms == plural_forms_header(language), language
        assert catalog.num_plurals == len(plural_categories(language)), language


def test_each_catalogue_has_only_the_template_s_messages_with_its_english() -> None:
    with (LOCALE / f"{DOMAIN}.pot").open("rb") as handle:
        template = {(m.context, m.id if isinstance(m.id, str) else tuple(m.id))
                    for m in read_po(handle) if m.id}
    assert len(template) > 200
    for po in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"):
        with po.open("rb") as handle:
            found = {(m.context, m.id if isinstance(m.id, str) else tuple(m.id))
                     for m in read_po(handle) if m.id}
        assert found - template == set(), po  # nothing stale or unknown
        assert template - found == set(), po  # every message is there, translated or not


def test_counts_follow_each_language_s_plural_rule() -> None:
    assert [time_words(60 * n, "cy") for n in (2, 3, 6)] == ["2 funud", "3 munud", "6 munud"]
    assert time_words(60, "cy") == "1 munud" and time_words(60, "en") == "1 minute"
    assert [time_words(s, "en") for s in (1, 2, 59)] == ["1 second", "2 seconds", "59 seconds"]
    assert spoken_time_words(121, "en") == "2 minutes and 1 second"
    assert spoken_time_words(121, "cy") == "2 funud a 1 eiliad"
    assert wrong_pin_words(1) == "That PIN is not right. 1 try left before the pad locks."
    assert wrong_pin_words(3) == "That PIN is not right. 3 tries left before the pad locks."
    words = words_for("journey_word")
    assert words.plural("chars_left", 1, "ur") == "آپ کے پاس 1 حرف باقی ہے"
    assert words.plural("chars_left", 2, "ur") == "آپ کے پاس 2 حروف باقی ہیں"


def test_the_reference_check_s_english_is_parse_reference_s() -> None:
    typed = {EMPTY: "", CHARACTERS: "AB0-123", LENGTH: "KQ7", CHECK_CHARACTER: "KQ7-R4M-XT8"}
    for problem, text in typed.items():
        with pytest.raises(ReferenceError) as raised:
            parse_reference(text)
        check = read_reference(text, "en")
        assert (check.problem, check.error) == (problem, str(raised.value))
    assert set(MESSAGES) == set(typed)


def _folder(tmp_path: Path, po: str) -> Path:
    (tmp_path / f"{DOMAIN}.pot").write_text(TEMPLATE, "utf-8")
    (tmp_path / "cy" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "cy" / "LC_MESSAGES" / f"{DOMAIN}.po").write_text(po, "utf-8")
    return tmp_path


def test_missing_fuzzy_and_out_of_date_words_are_shown_in_english(tmp_path: Path) -> None:
    po = TEMPLATE.replace('"Content-Type', '"Plural-Forms: ' + plural_forms_header("cy")
                          + '\\n"\n"Content-Type')
    po = po.replace('msgid "Hello"\nmsgstr ""', '#, fuzzy\nmsgid "Hello"\nmsgstr "Helo"')
    po = po.replace('msgid "Goodbye"', 'msgid "Bye"').replace(  # English changed since
        'msgid "Bye"\nmsgstr ""', 'msgid "Bye"\nmsgstr "Hwyl"')
    po = po.replace('msgstr[0] ""\nmsgstr[1] ""', "\n".join(
        f'msgstr[{i}] "{{n}} afal{i}"' for i in range(6)))
    words = read_words(_folder(tmp_path, po)).section("t")
    assert words.text("hello", "cy") == "Hello"
    assert words.text("bye", "cy") == "Goodbye"
    assert words.untranslated("cy") == ["bye", "hello"]
    assert [words.plural("apples", n, "cy") for n in (0, 1, 2, 3, 6, 7)] == [
        "0 afal0", "1 afal1", "2 afal2", "3 afal3", "6 afal4", "7 afal5"]
    assert words.plural("apples", 2, "pl") == "2 apples"  # no Polish catalogue here


def test_a_catalogue_with_the_wrong_number_of_plural_forms_is_refused(tmp_path: Path) -> None:
    po = TEMPLATE.replace('msgstr[0] ""\nmsgstr[1] ""', 'msgstr[0] "un"\nmsgstr[1] "llawer"')
    po = po.replace('"Content-Type', '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n"Content-Type')
    with pytest.raises(ValueError, match="t.apples has 2 plural forms; cy has 6 in CLDR"):
        read_words(_folder(tmp_path, po))


def test_the_words_are_read_once() -> None:
    assert load_words() is load_words()
    assert words_for("interface").text("touch_to_start", "cy") == "Cyffyrddwch i ddechrau"

"""The words, journeys and lessons, parsed once and kept as JSON in the data folder for the
next start (``kiosk.parsed``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import i18n, parsed
from kiosk.journeys import load_builtin_journeys
from kiosk.journeys.schema import JourneyFileError, parse_journey_text
from kiosk.tutorials import load_tutorials

ROOT = Path(__file__).resolve().parents[2]
STRINGS = "kiosk_data_strings.yaml.json"


@pytest.fixture
def cache(tmp_path):
    """A new start, keeping its parsed copies in tmp_path/cache."""
    i18n.load_catalogue.cache_clear()
    parsed.keep_parsed_in(tmp_path / "cache")
    yield tmp_path / "cache"
    parsed.keep_parsed_in(None)
    i18n.load_catalogue.cache_clear()


def test_the_first_start_keeps_a_copy_the_next_reads(cache):
    first = i18n.load_catalogue()
    assert (cache / STRINGS).is_file()
    i18n.load_catalogue.cache_clear()
    second = i18n.load_catalogue()
    assert dict(second.messages) == dict(first.messages)
    assert second.text("touch_to_start", "cy") == first.text("touch_to_start", "cy")


def test_the_copy_is_what_is_read(cache):
    i18n.load_catalogue()
    kept = json.loads((cache / STRINGS).read_text("utf-8"))
    kept["parsed"]["touch_to_start"]["en"] = "Read from the copy"
    (cache / STRINGS).write_text(json.dumps(kept), "utf-8")
    i18n.load_catalogue.cache_clear()
    assert i18n.load_catalogue().text("touch_to_start", "en") == "Read from the copy"


def test_new_words_replace_the_copy(cache):
    i18n.load_catalogue()
    kept = json.loads((cache / STRINGS).read_text("utf-8"))
    kept["source"] = "touch_to_start: {en: Old words}\n"  # an older kiosk's YAML
    kept["parsed"]["touch_to_start"] = {"en": "Old words"}
    (cache / STRINGS).write_text(json.dumps(kept), "utf-8")
    i18n.load_catalogue.cache_clear()
    assert i18n.load_catalogue().text("touch_to_start", "en") == "Touch to start"
    kept = json.loads((cache / STRINGS).read_text("utf-8"))
    assert kept["parsed"]["touch_to_start"]["en"] == "Touch to start"


@pytest.mark.parametrize("damage", ["{not json", "[]", '{"source": 1}', '{"source": "x"}'])
def test_a_damaged_copy_is_not_used(cache, damage):
    cache.mkdir()
    (cache / STRINGS).write_text(damage, "utf-8")
    assert i18n.load_catalogue().text("touch_to_start", "en") == "Touch to start"
    assert json.loads((cache / STRINGS).read_text("utf-8"))["parsed"]  # written again, whole


def test_no_data_folder_yet_means_no_copy(tmp_path):
    i18n.load_catalogue.cache_clear()
    parsed.keep_parsed_in(tmp_path / "not-made-yet" / "cache")
    try:
        assert i18n.load_catalogue().text("touch_to_start", "en") == "Touch to start"
        assert not (tmp_path / "not-made-yet").exists()  # the store makes it, with its mode
    finally:
        parsed.keep_parsed_in(None)
        i18n.load_catalogue.cache_clear()


def test_journeys_and_lessons_are_kept_and_read_back_the_same(cache):
    journeys, lessons = load_builtin_journeys(), load_tutorials()
    kept = sorted(p.name for p in cache.iterdir())
    assert len([k for k in kept if "journeys_data" in k]) == len(journeys.journeys) > 5
    assert len([k for k in kept if "tutorials_data" in k]) == len(lessons.lessons) + 1
    assert load_builtin_journeys() == journeys  # read from the copies
    assert load_tutorials() == lessons


def test_what_json_cannot_hold_exactly_is_not_kept(cache, tmp_path):
    cache.mkdir()
    assert parsed.load_yaml("when: 2026-11-29\n", "a-date") == {
        "when": __import__("datetime").date(2026, 11, 29)}
    assert parsed.load_yaml("1: one\n", "a-numbered-key") == {1: "one"}
    assert parsed.load_yaml("ok: [1, 2.5, true, null]\n", "plain") == {"ok": [1, 2.5, True, None]}
    assert sorted(p.name for p in cache.iterdir()) == ["plain.json"]


def test_a_syntax_error_names_its_line_and_keeps_nothing(cache):
    cache.mkdir()
    with pytest.raises(JourneyFileError) as caught:
        parse_journey_text("id: x\ntitle: [unclosed\n", "council/broken.yaml")
    assert "line 3" in caught.value.place and "not valid YAML" in caught.value.problem
    assert list(cache.iterdir()) == []


def test_a_read_only_cache_still_parses(cache):
    cache.mkdir()
    cache.chmod(0o500)
    try:
        assert parsed.load_yaml("a: b\n", "read-only") == {"a": "b"}
    finally:
        cache.chmod(0o700)
    assert [p.name for p in cache.iterdir()] in ([], ["read-only.json"])  # root may write


def test_with_good_copies_no_yaml_parser_is_loaded(tmp_path):
    code = (
        "import sys\nfrom pathlib import Path\nfrom kiosk import i18n, parsed\n"
        "from kiosk.journeys import load_builtin_journeys\n"
        "from kiosk.tutorials import load_tutorials\n"
        f"parsed.keep_parsed_in(Path({str(tmp_path / 'cache')!r}))\n"
        "i18n.load_catalogue()\nload_builtin_journeys()\nload_tutorials()\n"
        "print('yaml' in sys.modules)\n"
    )
    (tmp_path / "cache").mkdir()
    runs = [subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                           text=True, check=True, timeout=60).stdout.strip() for _ in range(2)]
    assert runs == ["True", "False"]  # parsed at the first start, read at the second

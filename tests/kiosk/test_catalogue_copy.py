"""The interface words, parsed once and kept as JSON in the data folder for the next start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import i18n

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh(tmp_path):
    """load_catalogue as at a new start, keeping its parsed copy in tmp_path/cache."""
    i18n.load_catalogue.cache_clear()
    i18n.keep_parsed_in(tmp_path / "cache")
    yield tmp_path / "cache" / "strings.yaml.json"
    i18n.keep_parsed_in(None)
    i18n.load_catalogue.cache_clear()


def test_the_first_start_keeps_a_copy_the_next_reads(fresh):
    first = i18n.load_catalogue()
    assert fresh.is_file()
    i18n.load_catalogue.cache_clear()
    second = i18n.load_catalogue()
    assert dict(second.messages) == dict(first.messages)
    assert second.text("touch_to_start", "cy") == first.text("touch_to_start", "cy")


def test_new_words_replace_the_copy(fresh):
    i18n.load_catalogue()
    kept = json.loads(fresh.read_text("utf-8"))
    kept["source"] = "touch_to_start: {en: Old words}\n"  # an older kiosk's YAML
    kept["parsed"]["touch_to_start"] = {"en": "Old words"}
    fresh.write_text(json.dumps(kept), "utf-8")
    i18n.load_catalogue.cache_clear()
    assert i18n.load_catalogue().text("touch_to_start", "en") == "Touch to start"
    assert json.loads(fresh.read_text("utf-8"))["parsed"]["touch_to_start"]["en"] == "Touch to start"


@pytest.mark.parametrize("damage", ["{not json", "[]", '{"source": 1}'])
def test_a_damaged_copy_is_not_used(fresh, damage):
    fresh.parent.mkdir()
    fresh.write_text(damage, "utf-8")
    assert i18n.load_catalogue().text("touch_to_start", "en") == "Touch to start"
    assert json.loads(fresh.read_text("utf-8"))["parsed"]  # written again, whole


def test_no_data_folder_yet_means_no_copy(tmp_path):
    i18n.load_catalogue.cache_clear()
    i18n.keep_parsed_in(tmp_path / "not-made-yet" / "cache")
    try:
        assert i18n.load_catalogue().text("touch_to_start", "en") == "Touch to start"
        assert not (tmp_path / "not-made-yet").exists()  # the store makes it, with its mode
    finally:
        i18n.keep_parsed_in(None)
        i18n.load_catalogue.cache_clear()


def test_with_a_good_copy_no_yaml_parser_is_loaded(tmp_path):
    code = (
        "import sys\nfrom pathlib import Path\nfrom kiosk import i18n\n"
        f"i18n.keep_parsed_in(Path({str(tmp_path / 'cache')!r}))\n"
        "i18n.load_catalogue()\nprint('yaml' in sys.modules)\n"
    )
    (tmp_path / "cache").mkdir()
    runs = [subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                           text=True, check=True, timeout=60).stdout.strip() for _ in range(2)]
    assert runs == ["True", "False"]  # parsed at the first start, read at the second

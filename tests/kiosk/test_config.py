"""Configuration: the demo loads, every kind of mistake is one line naming file, key and expectation."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, data_dir, describe_settings, load_settings

GOOD = """
[kiosk]
id = "central-library-1"
council = "Example Borough Council"
languages = ["en", "cy"]
idle_timeout_seconds = 120

[sync]
first_retry_seconds = 5
max_retry_seconds = 900

[[destinations]]
name = "streets"
kind = "open311"
base_url = "http://127.0.0.1:8311/open311/v2"
api_key = "abc"
jurisdiction_id = "example.gov.uk"
format = "json"
services = ["*"]

[[destinations]]
name = "forms"
kind = "webhook"
url = "http://127.0.0.1:8400/kiosk"
secret = "s3cret"
journeys = ["sign-petition", "consultation-response"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, "utf-8")
    return path


def test_demo_configuration_needs_nothing() -> None:
    settings = load_settings(env={})
    assert settings.kiosk.council == "Example Borough Council"
    assert settings.destinations == ()
    assert "en" in settings.kiosk.languages and "cy" in settings.kiosk.languages


def test_design_md_example_loads(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, GOOD))
    assert settings.kiosk.id == "central-library-1"
    assert settings.sync.first_retry_seconds == 5.0
    streets = settings.destination("streets")
    assert streets is not None and streets.kind == "open311" and streets.services == ("*",)
    forms = settings.destination("forms")
    assert forms is not None and forms.journeys == ("sign-petition", "consultation-response")


def test_config_comes_from_the_environment(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    assert load_settings(env={"KIOSK_CONFIG": str(path)}).kiosk.id == "central-library-1"
    assert data_dir({"KIOSK_DATA_DIR": str(tmp_path)}) == tmp_path
    assert data_dir({}).name == "council-kiosk"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[kiosk]\ncolour = 'red'\n", "unknown key 'kiosk.colour'"),
        ("[kiosk]\nidle_timeout_seconds = 'soon'\n", "'kiosk.idle_timeout_seconds' must be a whole number"),
        ("[kiosk]\nidle_timeout_seconds = 5\n", "'kiosk.idle_timeout_seconds' must be at least 20"),
        ("[kiosk]\nlanguages = ['en', 'xx']\n", "'kiosk.languages' must be one of"),
        ("[sync]\nmax_retry_seconds = -1\n", "'sync.max_retry_seconds' must be at least"),
        ("[sync]\nfirst_retry_seconds = 100\nmax_retry_seconds = 10\n", "must not be more than"),
        ("[[destinations]]\nname = 'x'\nkind = 'ftp'\n", "'destinations[0].kind' must be one of"),
        ("[[destinations]]\nname = 'x'\nkind = 'webhook'\nurl = 'http://127.0.0.1/'\n",
         "'destinations[0].secret' is missing"),
        ("[[destinations]]\nname = 'x'\nkind = 'open311'\nbase_url = 'http://a'\n"
         "[[destinations]]\nname = 'x'\nkind = 'open311'\nbase_url = 'http://b'\n", "two destinations are called 'x'"),
        ("[printer]\nname = 'x'\n", "unknown table 'printer'"),
        ("[kiosk\n", "not valid TOML"),
    ],
)
def test_mistakes_name_the_file_the_key_and_what_is_expected(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert expected in message
    assert "\n" not in message


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


def test_every_setting_has_a_description() -> None:
    rows = describe_settings()
    assert rows and all(description for _key, _default, description in rows)


def test_heartbeat_must_name_a_webhook(tmp_path: Path) -> None:
    text = GOOD.replace('idle_timeout_seconds = 120', 'idle_timeout_seconds = 120\nheartbeat_destination = "streets"')
    with pytest.raises(ConfigError, match="'kiosk.heartbeat_destination' must name a webhook destination"):
        load_settings(write(tmp_path, text))
    ok = GOOD.replace('idle_timeout_seconds = 120', 'idle_timeout_seconds = 120\nheartbeat_destination = "forms"')
    assert load_settings(write(tmp_path, ok)).kiosk.heartbeat_destination == "forms"

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
        ("[[destinations]]\nname = 'x'\nkind = 'open311'\nbase_url = 'https://a'\n"
         "[[destinations]]\nname = 'x'\nkind = 'open311'\nbase_url = 'https://b'\n", "two destinations are called 'x'"),
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[sync]\npoll_seconds = nan\n", "'sync.poll_seconds' must be a number (not nan or inf)"),
        ("[sync]\nmax_retry_seconds = inf\n", "'sync.max_retry_seconds' must be a number (not nan or inf)"),
        ("[kiosk]\noldest_waiting_alert_hours = -nan\n", "'kiosk.oldest_waiting_alert_hours' must be a number"),
        ("[kiosk]\ncouncil = \"Example\\u202eBorough\"\n", "'kiosk.council' must not hold control characters"),
        ("[kiosk]\nid = \"kiosk\\u0000one\"\n", "'kiosk.id' must not hold control characters"),
        ("[[destinations]]\nname = 'a.b'\nkind = 'open311'\nbase_url = 'https://a'\n",
         "'destinations[0].name' must be letters, digits, '-' or '_'"),
        ("[[destinations]]\nname = 'a b'\nkind = 'open311'\nbase_url = 'https://a'\n",
         "'destinations[0].name' must be letters, digits, '-' or '_'"),
    ],
)
def test_numbers_texts_and_names_that_would_fail_later(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert message.startswith(str(path)) and expected in message and "\n" not in message


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://council.example.gov.uk/open311", "must start with https://"),
        ("ftp://council.example.gov.uk/", "not ftp:"),
        ("file:///etc/passwd", "not file:"),
        ("javascript:alert(1)", "not javascript:"),
        ("https://", "must name a host"),
        ("https:///open311", "must name a host"),
        ("https://council example.gov.uk/", "must not hold spaces"),
        ("https://council.example.gov.uk/\\nx", "line breaks"),
        ("https://council.example.gov.uk:99999/", "a port, if any, from 1 to 65535"),
        ("https://council.example.gov.uk:0/", "must have a port from 1 to 65535"),
        ("https://-council-/", "must name a real host"),
        ("council.example.gov.uk/open311", "not no scheme"),
    ],
)
@pytest.mark.parametrize("kind", ["open311", "webhook"])
def test_urls_must_be_https_with_a_host_and_a_port(tmp_path: Path, url: str, expected: str, kind: str) -> None:
    key = "base_url" if kind == "open311" else "url"
    path = write(tmp_path, f"[[destinations]]\nname = 'x'\nkind = '{kind}'\nsecret = 's'\n{key} = \"{url}\"\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert message.startswith(f"{path}: 'destinations[0].{key}' ") and expected in message
    assert "\n" not in message
    assert "example" not in url or url not in message  # never repeated: a URL may hold a key


@pytest.mark.parametrize("url", ["https://council.example.gov.uk/open311/v2", "http://127.0.0.1:8311/x",
                                 "http://127.0.0.9/x", "http://localhost:8000/", "http://[::1]:80/x",
                                 "https://COUNCIL.example.gov.uk:8443/x"])
def test_https_anywhere_and_plain_http_to_this_computer_are_fine(tmp_path: Path, url: str) -> None:
    settings = load_settings(write(tmp_path, f"[[destinations]]\nname = 'x_1-b'\nkind = 'open311'\n"
                                              f"base_url = \"{url}\"\n"))
    assert settings.destinations[0].base_url == url

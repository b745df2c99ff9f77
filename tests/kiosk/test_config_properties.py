"""Generated bad configurations, through the real loader and the real command: each is
refused at start in one line naming the file and the key, and nothing is created."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main
from kiosk.config import ConfigError, KioskSettings, SyncSettings, load_settings

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FLOATS = [("kiosk", f.name) for f in dataclasses.fields(KioskSettings) if f.type in ("float", float)] + [
    ("sync", f.name) for f in dataclasses.fields(SyncSettings) if f.type in ("float", float)]
TEXTS = [("kiosk", f.name) for f in dataclasses.fields(KioskSettings)
         if f.type in ("str", str) and f.name != "heartbeat_destination"]
UNSAFE = [chr(c) for c in (*range(0x00, 0x20), 0x7F, 0x85, 0x9B, *range(0x202A, 0x202F),
                           *range(0x2066, 0x206A), 0x2028, 0x2029)]


def toml(value: str) -> str:
    """``value`` as a TOML basic string, everything but printable ASCII escaped."""
    def one(c: str) -> str:
        if c in '"\\':
            return "\\" + c
        if " " <= c <= "~":
            return c
        return f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}"
    return '"' + "".join(one(c) for c in value) + '"'


@contextlib.contextmanager
def config_file(text: str) -> Iterator[tuple[Path, Path]]:
    """(configuration file, a data folder that must stay uncreated)."""
    with tempfile.TemporaryDirectory(prefix="kiosk-config-") as folder:
        path = Path(folder) / "kiosk.toml"
        path.write_text(text, "utf-8")
        yield path, Path(folder) / "data"


def assert_refused(text: str, key: str) -> None:
    """The loader and ``kiosk queue status --config`` both refuse ``text`` in one line
    that names the file and ``key``; no data folder is made."""
    with config_file(text) as (path, data):
        try:
            load_settings(path)
        except ConfigError as exc:
            message = str(exc)
        else:
            raise AssertionError(f"accepted: {text!r}")
        assert message.startswith(f"{path}: ") and f"'{key}'" in message, message
        assert len(message.splitlines()) == 1, message
        saved = os.environ.get("KIOSK_DATA_DIR")
        os.environ["KIOSK_DATA_DIR"] = str(data)
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main.main(["queue", "status", "--config", str(path)])
        finally:
            if saved is None:
                os.environ.pop("KIOSK_DATA_DIR", None)
            else:
                os.environ["KIOSK_DATA_DIR"] = saved
        assert code == 1 and out.getvalue() == ""
        assert err.getvalue() == f"kiosk: {message}\n"
        assert not data.exists()


@FAST
@given(st.sampled_from(FLOATS), st.sampled_from(["nan", "+nan", "-nan", "inf", "+inf", "-inf"]))
def test_nan_and_infinity_are_refused_for_every_number(where: tuple[str, str], value: str) -> None:
    table, key = where
    assert_refused(f"[{table}]\n{key} = {value}\n", f"{table}.{key}")


def destination(kind: str, url_key: str, url: str, name: str = "streets") -> str:
    return (f"[[destinations]]\nname = {toml(name)}\nkind = '{kind}'\nsecret = 's'\n"
            f"{url_key} = {toml(url)}\n")


kinds = st.sampled_from([("open311", "base_url"), ("webhook", "url")])
hosts = st.from_regex(r"[a-z][a-z0-9]{0,8}(\.[a-z][a-z0-9]{0,8}){0,2}\.(gov\.uk|org|com)", fullmatch=True)
paths = st.from_regex(r"(/[a-z0-9]{1,6}){0,3}/?", fullmatch=True)


@st.composite
def bad_urls(draw: st.DrawFn) -> str:
    host, path = draw(hosts), draw(paths)
    how = draw(st.sampled_from(["scheme", "plain", "space", "port", "no_host", "control"]))
    if how == "scheme":
        scheme = draw(st.sampled_from(["ftp", "file", "javascript", "gopher", "data", "ws", "mailto"]))
        return f"{scheme}://{host}{path}"
    if how == "plain":  # plain http off this computer
        return f"http://{host}{path}"
    if how == "space":
        url = f"https://{host}{path}"
        at = draw(st.integers(0, len(url)))
        return url[:at] + draw(st.sampled_from([" ", "\t", "\n", "\r\n", "\u00a0", "\u3000"])) + url[at:]
    if how == "port":
        port = draw(st.one_of(st.integers(65536, 10**9), st.just(0),
                              st.sampled_from(["x", "-1", "80a", "٣"])))
        return f"https://{host}:{port}{path}"
    if how == "no_host":
        return draw(st.sampled_from(["https://", "https:///x", "https://:443/x", "http://", "https:"])) + path
    url = f"https://{host}{path}"
    at = draw(st.integers(0, len(url)))
    return url[:at] + draw(st.sampled_from(UNSAFE)) + url[at:]


@FAST
@given(kinds, bad_urls())
def test_urls_other_than_https_with_a_host_and_a_port_are_refused(kind: tuple[str, str], url: str) -> None:
    assert_refused(destination(kind[0], kind[1], url), f"destinations[0].{kind[1]}")


@FAST
@given(kinds, st.sampled_from(["127.0.0.1", "127.1.2.3", "localhost", "[::1]"]),
       st.one_of(st.none(), st.integers(1, 65535)), paths)
def test_plain_http_to_this_computer_is_accepted(kind: tuple[str, str], host: str, port: int | None,
                                                 path: str) -> None:
    url = f"http://{host}{'' if port is None else f':{port}'}{path}"
    with config_file(destination(kind[0], kind[1], url)) as (config, _data):
        assert getattr(load_settings(config).destinations[0], kind[1]) == url


good_names = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,15}", fullmatch=True)
not_in_a_name = st.characters(codec="utf-8").filter(
    lambda c: not (c.isascii() and (c.isalnum() or c in "-_")))


@st.composite
def bad_names(draw: st.DrawFn) -> str:
    name = draw(good_names)
    how = draw(st.sampled_from(["dot", "character", "start", "long"]))
    if how == "long":
        return name + "x" * (41 - len(name))
    if how == "start":
        return draw(st.sampled_from("-_")) + name
    at = draw(st.integers(0, len(name)))
    bad = "." if how == "dot" else draw(not_in_a_name)
    return name[:at] + bad + name[at:]


@FAST
@given(kinds, bad_names())
def test_destination_names_that_would_break_journey_ids_are_refused(kind: tuple[str, str],
                                                                    name: str) -> None:
    text = destination(kind[0], kind[1], "https://council.example.gov.uk/x", name=name)
    assert_refused(text, "destinations[0].name")


@FAST
@given(st.sampled_from(TEXTS), st.text(max_size=10), st.sampled_from(UNSAFE))
def test_control_characters_in_any_text_setting_are_refused(where: tuple[str, str], text: str,
                                                            bad: str) -> None:
    table, key = where
    assert_refused(f"[{table}]\n{key} = {toml(text + bad + text)}\n", f"{table}.{key}")

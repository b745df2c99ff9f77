"""Fetching Open311 catalogues from a real local server, with the quirks real servers have."""

from __future__ import annotations

from pathlib import Path

import pytest

import main
from offline.catalogue import CatalogueCache
from offline.outbox import Outbox
from sync.catalogue import refresh_catalogues
from sync.http import Transport
from sync.open311 import Open311FormatError, parse_definition, parse_services
from tests.sync.conftest import make_settings, open311_destination
from tests.sync.servers import API_KEY, PORTAL_HTML, FakeOpen311, Fault


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_services_and_definitions_are_cached_normalised(fmt: str, open311: FakeOpen311, outbox: Outbox) -> None:
    cache = CatalogueCache(outbox.store)
    (result,) = refresh_catalogues(make_settings(open311_destination(open311, fmt)), cache)
    assert result.ok, result.message
    cached = {s["service_code"]: (s, d) for _dest, s, d in cache.services("streets")}
    assert sorted(cached) == ["001", "BULKY", "FLYTIP", "NOTE"]
    flytip, definition = cached["FLYTIP"]
    assert flytip == {"service_code": "FLYTIP", "service_name": "Fly-tipping", "description": "Rubbish dumped",
                      "metadata": True, "type": "realtime", "keywords": ["rubbish", "dumping"],
                      "group": "Street cleaning"}
    assert definition is not None
    assert [a["code"] for a in definition["attributes"]] == ["size", "WASTE", "kiosk_submission_id"]
    size, waste, our_id = definition["attributes"]
    assert size["values"] == [{"key": "1", "name": "Small"}] and size["required"] is False
    assert waste["datatype"] == "multivaluelist" and waste["required"] is True and waste["order"] == 2
    assert our_id["automated"] == "server_set" and our_id["variable"] is False
    assert cached["001"][1] is None  # metadata false: no definition asked for
    assert "services/001" not in open311.gets and "services/FLYTIP" in open311.gets


def test_xml_quirks_single_elements_strings_and_empty_attributes() -> None:
    services = parse_services(b"<services><service><service_code>007</service_code>"
                              b"<metadata>TRUE</metadata><type>batch</type><keywords/></service></services>")
    assert services == [{"service_code": "007", "service_name": "007", "description": "", "metadata": True,
                         "type": "batch", "keywords": [], "group": ""}]
    definition = parse_definition(
        b"<service_definition><service_code>007</service_code><attributes><attribute>"
        b"<variable>false</variable><code>0042</code><datatype>colour</datatype><required>True</required>"
        b"<values><value><key>01</key><name>One</name></value></values></attribute></attributes>"
        b"</service_definition>", "007")
    (attr,) = definition["attributes"]
    assert (attr["code"], attr["datatype"], attr["required"], attr["variable"]) == ("0042", "string", True, False)
    assert attr["values"] == [{"key": "01", "name": "One"}] and attr["order"] > 1000
    empty = parse_definition(b"<service_definition><service_code>7</service_code><attributes/>"
                             b"</service_definition>", "7")
    assert empty == {"service_code": "7", "attributes": []}
    assert parse_definition(b'{"service_code": "7"}', "7") == {"service_code": "7", "attributes": []}


def test_json_quirks_numbers_stay_text_and_lists_of_one() -> None:
    services = parse_services(b'[{"service_code": 42, "service_name": "Bins", "metadata": "false",'
                              b' "keywords": ["a", "b"]}]')
    assert services[0]["service_code"] == "42" and services[0]["metadata"] is False
    assert services[0]["keywords"] == ["a", "b"]
    definition = parse_definition(b'{"service_code": 42, "attributes": {"attribute": {"code": 7, "order": "2",'
                                  b' "values": {"value": {"key": 1.50, "name": "x"}}}}}', "42")
    (attr,) = definition["attributes"]
    assert (attr["code"], attr["order"], attr["values"]) == ("7", 2, [{"key": "1.50", "name": "x"}])


@pytest.mark.parametrize("body", [b"", b"<html><body>Sign in to Wi-Fi</body></html>", b"[{\"name\": \"x\"}]",
                                  b"<errors><error><code>500</code></error></errors>", b"{oops"])
def test_malformed_service_lists_are_refused(body: bytes) -> None:
    with pytest.raises(Open311FormatError):
        parse_services(body)


def test_xml_with_entities_is_refused() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaa">]>'
            b"<services><service><service_code>&a;</service_code></service></services>")
    with pytest.raises(Open311FormatError):
        parse_services(bomb)


@pytest.mark.parametrize(("fault", "why"), [
    (Fault(status=200, body=PORTAL_HTML, path="services"), "web page"),
    (Fault(drop=True, path="services"), "connection_reset"),
])
def test_a_bad_or_partial_refresh_keeps_the_last_good_cache(fault: Fault, why: str, open311: FakeOpen311,
                                                             outbox: Outbox) -> None:
    cache = CatalogueCache(outbox.store)
    settings = make_settings(open311_destination(open311))
    with Transport() as transport:
        assert refresh_catalogues(settings, cache, transport)[0].ok
        before = cache.services()
        open311.services.pop(1)  # the server would now drop service 001...
        open311.fail_next(fault)  # ...but this refresh fails part way
        (result,) = refresh_catalogues(settings, cache, transport)
    assert not result.ok and why in result.message and "last good catalogue is kept" in result.message
    assert cache.services() == before


def write_config(path: Path, server: FakeOpen311, fmt: str = "json") -> Path:
    path.write_text(f"""
[kiosk]
id = "test-kiosk"

[sync]
first_retry_seconds = 0.01
max_retry_seconds = 0.02
read_timeout_seconds = 2

[[destinations]]
name = "streets"
kind = "open311"
base_url = "{server.base_url}"
api_key = "{API_KEY}"
format = "{fmt}"
""", "utf-8")
    return path


def test_the_command_refreshes_then_the_cache_serves_offline(tmp_path: Path, data_dir: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    server = FakeOpen311().start()
    config = write_config(tmp_path / "kiosk.toml", server, "xml")
    try:
        assert main.main(["catalogue", "refresh", "--config", str(config)]) == 0
        assert "streets: 4 services fetched (4 new, 0 changed)" in capsys.readouterr().out
    finally:
        server.stop()
    assert main.main(["catalogue", "refresh", "--config", str(config)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "connection_refused" in err[0] and "last good catalogue is kept" in err[0]
    from offline.store import Store

    store = Store.open(data_dir)
    try:
        assert len(CatalogueCache(store).services("streets")) == 4
    finally:
        store.close()

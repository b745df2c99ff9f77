"""Built-in journeys fitted to the council's catalogue, and catalogues with trouble in one
service, against a real local server that refuses attributes its services do not define.
For each: nothing lost, nothing POSTed twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

import main
from kiosk.journeys.engine import submission_from_answers
from kiosk.journeys.open311 import MAX_VALUES, journey_from_open311
from kiosk.journeys.registry import CatalogueService, build_registry
from kiosk.journeys.schema import load_builtin_journeys
from offline.catalogue import CatalogueCache
from offline.outbox import Draft, Outbox
from sync.catalogue import refresh_catalogues
from sync.routing import journey_lookup
from sync.sender import Sender
from tests.sync.conftest import make_settings, open311_destination
from tests.sync.servers import FakeOpen311, Fault
from tests.sync.test_catalogue_fetch import write_config

FLY_TIPPING = {
    "location": {"postcode": "sw1a 1aa", "details": "by the bus stop"},
    "waste_type": ["bags", "furniture"],
    "amount": "car_boot",
    "description": "Six bags and a sofa",
    "seen_dumping": "no",
}


def council_catalogue(server: FakeOpen311) -> None:
    """FLYTIP defines only what was dumped (as waste_type) and our id; MISSEDBIN has no
    definition; there is no STREET service."""
    server.services = [
        {"service_code": "FLYTIP", "service_name": "Fly-tipping", "description": "Rubbish dumped",
         "metadata": True, "type": "realtime", "keywords": "", "group": "Street cleaning"},
        {"service_code": "MISSEDBIN", "service_name": "Missed bin", "description": "Not emptied",
         "metadata": False, "type": "realtime", "keywords": "", "group": "Bins"},
    ]
    server.definitions = {"FLYTIP": {"service_code": "FLYTIP", "attributes": [
        {"variable": True, "code": "waste_type", "datatype": "multivaluelist", "required": False,
         "order": 1, "description": "What was dumped?", "datatype_description": "",
         "values": [{"key": "bags", "name": "Bags"}, {"key": "furniture", "name": "Furniture"}]},
        {"variable": False, "code": "kiosk_submission_id", "datatype": "string", "required": True,
         "order": 2, "description": "", "datatype_description": "", "automated": "server_set"},
    ]}}
    server.strict_attributes = True


def test_a_built_in_journey_sends_only_what_the_service_defines_and_the_rest_in_description(
        open311: FakeOpen311, outbox: Outbox) -> None:
    council_catalogue(open311)
    settings = make_settings(open311_destination(open311))
    cache = CatalogueCache(outbox.store)
    (result,) = refresh_catalogues(settings, cache)
    assert result.ok
    assert ("streets: report-fly-tipping: amount, seen_dumping, when_seen are not attributes of FLYTIP; "
            "those answers are sent in the description") in result.notices
    assert ("streets: report-street-problem: the council has no service STREET, so this journey "
            "is not offered") in result.notices
    assert cache.notices("streets") and "STREET" in " ".join(cache.notices("streets"))
    journeys = journey_lookup(settings, cache)
    journey = journeys("report-fly-tipping")
    submission = submission_from_answers(journey, FLY_TIPPING)
    draft = Draft(id=submission.draft_id, journey_id=journey.id, journey_version=journey.version,
                  answers=submission.as_dict(), kiosk_id="k")
    outbox.enqueue(draft)
    report = Sender(settings, outbox, journeys=journeys, catalogue=cache).run_once()
    assert report.delivered == 1, report.summary()
    (body,) = open311.posts_for_key(draft.id)
    form = parse_qsl(body.decode("utf-8"))
    names = {k for k, _v in form}
    assert "attribute[waste_type][]" in names and "attribute[kiosk_submission_id]" in names
    assert not {n for n in names if n.startswith("attribute[")} - {
        "attribute[waste_type][]", "attribute[kiosk_submission_id]"}
    description = dict(form)["description"]
    assert description == ("Six bags and a sofa\n\nHow much is there? About a car boot full\n"
                           "Did you see who dumped it? No")
    assert len(open311.records) == 1


def test_built_in_journeys_the_catalogue_lacks_are_not_offered(open311: FakeOpen311, outbox: Outbox) -> None:
    council_catalogue(open311)
    cache = CatalogueCache(outbox.store)
    refresh_catalogues(make_settings(open311_destination(open311)), cache)
    builtins = load_builtin_journeys()
    registry = build_registry(builtins.journeys,
                              [CatalogueService(d, s, defn) for d, s, defn in cache.services()])
    assert "report-street-problem" not in registry.ids  # not offered...
    assert registry.get("report-street-problem").destination == "STREET"  # ...but what was queued still routes
    assert "report-fly-tipping" in registry.ids and registry.get("streets.FLYTIP").id == "report-fly-tipping"
    assert registry.get("streets.MISSEDBIN").id == "report-missed-bin"


def test_a_built_in_journey_that_cannot_ask_a_required_attribute_gives_way_to_the_councils_own(
        open311: FakeOpen311, outbox: Outbox) -> None:
    cache = CatalogueCache(outbox.store)
    refresh_catalogues(make_settings(open311_destination(open311)), cache)  # FLYTIP requires WASTE
    registry = build_registry(load_builtin_journeys().journeys,
                              [CatalogueService(d, s, defn) for d, s, defn in cache.services()])
    assert "report-fly-tipping" not in registry.ids and "streets.FLYTIP" in registry.ids
    assert registry.get("streets.FLYTIP").page("WASTE").required
    assert any("does not ask WASTE" in p.problem for p in registry.problems)


def test_one_definition_that_fails_leaves_that_service_out_and_the_rest_load(
        tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = FakeOpen311().start()
    try:
        server.services.append({"service_code": "GRAFFITI", "service_name": "Graffiti", "metadata": True,
                                "type": "realtime", "description": "", "keywords": "", "group": ""})
        server.definitions["GRAFFITI"] = {"service_code": "GRAFFITI", "attributes": []}
        config = write_config(tmp_path / "kiosk.toml", server)
        server.fail_next(Fault(status=500, path="services/FLYTIP"))
        server.raw["services/GRAFFITI"] = (200, b"<html><body>Sign in</body></html>", "text/html")
        assert main.main(["catalogue", "refresh", "--config", str(config)]) == 0
        out, err = capsys.readouterr()
        assert "streets: 3 services fetched (3 new, 0 changed)" in out
        assert ("Notice: streets: service FLYTIP is left out this time: its definition is not usable "
                "(the definition of FLYTIP answered HTTP 500)") in err
        assert "Notice: streets: service GRAFFITI is left out this time: its definition is not usable" in err
        del server.raw["services/GRAFFITI"]
        assert main.main(["catalogue", "refresh", "--config", str(config)]) == 0  # the next one mends it
        assert "5 services fetched (2 new, 0 changed)" in capsys.readouterr().out
    finally:
        server.stop()


def test_colliding_duplicate_and_bracketed_codes_are_refused_or_reported_and_lists_capped() -> None:
    notices: list[str] = []
    definition: dict[str, Any] = {"service_code": "X", "attributes": [
        {"code": "description", "variable": True, "required": False, "datatype": "string", "order": 1},
        {"code": "a[b]", "variable": True, "required": False, "datatype": "string", "order": 2},
        {"code": "size", "variable": True, "required": False, "datatype": "string", "order": 3,
         "description": "How big?"},
        {"code": "size", "variable": True, "required": False, "datatype": "string", "order": 4},
        {"code": "where", "variable": True, "required": True, "datatype": "singlevaluelist", "order": 5,
         "description": "<b>Which</b> ward?" + " long" * 500,
         "values": [{"key": f"w{i}", "name": f"Ward {i}"} for i in range(MAX_VALUES * 3)]},
    ]}
    journey = journey_from_open311("streets", {"service_code": "X", "service_name": "X"}, definition, notices)
    asked = [p.answer_code for p in journey.pages if p.is_question and not p.field and p.type != "location"]
    assert asked == ["size", "where"]
    assert notices == [
        "a question is left out: its code 'description' is also a standard Open311 field",
        "a question is left out: its code 'a[b]' has characters that cannot be sent as attribute[a[b]]",
        "the attribute code 'size' is listed twice; the first is used",
        f"the question 'where' has {MAX_VALUES * 3} choices; only the first {MAX_VALUES} are offered",
    ]
    where = journey.page("where")
    assert len(where.options) == MAX_VALUES and where.label["en"].startswith("Which ward?")
    assert len(where.label["en"]) <= 600
    required = json.loads(json.dumps(definition))
    required["attributes"][0]["required"] = True
    with pytest.raises(ValueError, match="a required question cannot be asked"):
        journey_from_open311("streets", {"service_code": "X"}, required)

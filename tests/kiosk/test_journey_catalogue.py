"""Journey files with mistakes, Open311 catalogue journeys, the registry and the gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.journeys.engine import JourneyRun, LocationInput
from kiosk.journeys.gazetteer import GazetteerError, load_gazetteer, parse_gazetteer
from kiosk.journeys.open311 import journey_from_open311
from kiosk.journeys.registry import CatalogueService, build_registry
from kiosk.journeys.schema import (
    JourneyFileError,
    load_builtin_journeys,
    load_journeys,
    parse_journey,
    parse_journey_text,
)

BUILT_IN = Path(__file__).parents[2] / "kiosk" / "journeys" / "data" / "report-fly-tipping.yaml"


def _minimal(**changes: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "id": "test-journey", "version": 1, "group": "report", "destination": "webhook",
        "title": {"en": "Test"}, "description": {"en": "A test"},
        "pages": [{"id": "what", "type": "text", "label": {"en": "What?"},
                   "errors": {"required": {"en": "Enter what"}}}],
        "confirmation": {"title": {"en": "Saved"}, "next_steps": {"en": "We will look"}},
    }
    doc.update(changes)
    return doc


@pytest.mark.parametrize("changes,place,problem", [
    ({"group": "games"}, "group", "'games' is not a home-screen group"),
    ({"pages": []}, "pages", "must be a list with at least one page"),
    ({"pages": [{"id": "a", "type": "slider", "label": "A"}]}, "pages[0].type", "'slider' is not a page type"),
    ({"pages": [{"id": "a", "type": "text", "label": {"en": "Name *"}}]}, "pages[0].label.en", "asterisks"),
    ({"pages": [{"id": "a", "type": "text", "label": {"cy": "Enw"}}]}, "pages[0].label", "needs English"),
    ({"pages": [{"id": "a", "type": "text", "label": "A"}]}, "pages[0].errors", "its own 'required' message"),
    ({"pages": [{"id": "a", "type": "single_choice", "label": "A", "required": False}]}, "pages[0]",
     "'options' is missing"),
    ({"pages": [{"id": "a", "type": "yes_no", "label": "A", "required": False},
                {"id": "b", "type": "info", "label": "B", "show_if": {"question": "a", "equals": "maybe"}}]},
     "pages[1].show_if", "'maybe' is not an answer to 'a'"),
    ({"pages": [{"id": "b", "type": "info", "label": "B", "show_if": {"question": "later", "equals": "x"}}]},
     "pages[0].show_if.question", "not a question on an earlier page"),
    ({"pages": [{"id": "a", "type": "text", "label": "A", "colour": "red"}]}, "pages[0]", "unknown key 'colour'"),
    ({"pages": [{"id": "a", "type": "number", "label": "A", "required": False, "min": 5, "max": 1}]},
     "pages[0]", "'min' must not be more than 'max'"),
    ({"confirmation": {"title": "Saved"}}, "confirmation", "'next_steps' is missing"),
])
def test_schema_problems_name_the_place(changes: dict[str, object], place: str, problem: str) -> None:
    with pytest.raises(JourneyFileError) as caught:
        parse_journey(_minimal(**changes), "council/test.yaml")
    assert caught.value.file == "council/test.yaml"
    assert caught.value.place == place
    assert problem in caught.value.problem


def test_yaml_syntax_error_names_the_line() -> None:
    with pytest.raises(JourneyFileError) as caught:
        parse_journey_text("id: x\npages: [\n  - a: b\n", "bad.yaml")
    assert caught.value.place.startswith("line ")
    assert "not valid YAML" in caught.value.problem


def test_a_bad_file_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(BUILT_IN.read_text("utf-8"), "utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(BUILT_IN.read_text("utf-8").replace("type: multiple_choice", "type: checkboxes"), "utf-8")
    missing = tmp_path / "missing.yaml"
    result = load_journeys([broken, good, missing])
    assert [j.id for j in result.journeys] == ["report-fly-tipping"]
    assert [(p.file, p.place) for p in result.problems] == [
        (str(broken), "pages[1].type"), (str(missing), "")]
    assert "'checkboxes' is not a page type" in str(result.problems[0])


SERVICE = {"service_code": ["001"], "service_name": "Abandoned <b>vehicle</b>",
           "description": "A car left on the street", "metadata": "true", "type": "realtime",
           "keywords": "car, vehicle", "group": "street"}
DEFINITION = {
    "service_code": "001",
    "attributes": [
        {"variable": "true", "code": "colour", "datatype": "string", "required": "false",
         "datatype_description": "", "order": "3", "description": "What colour is it?"},
        {"variable": True, "code": 7, "datatype": "singlevaluelist", "required": True, "order": 1,
         "description": "What type of vehicle?",
         "values": {"value": [{"key": 1, "name": "Car"}, {"key": "02", "name": "Van"}]}},
        {"variable": False, "code": "notice", "datatype": "string", "required": False, "order": 2,
         "description": "We cannot remove taxed cars &amp; vans."},
        {"variable": False, "code": "easting", "datatype": "number", "required": True,
         "automated": "server_set", "order": 10},
        {"variable": False, "code": "northing", "datatype": "number", "required": True,
         "automated": "server_set", "order": 11},
        {"variable": False, "code": "kiosk_submission_id", "datatype": "string", "required": True,
         "automated": "server_set", "order": 12},
        {"variable": True, "code": "seen", "datatype": "datetime", "required": False, "order": 4,
         "description": "When did you first see it?"},
        {"variable": True, "code": "features", "datatype": "multivaluelist", "required": False,
         "order": 5, "description": "What can you see?", "values": [{"key": "flat", "name": "Flat tyres"}]},
        {"variable": True, "code": "count", "datatype": "number", "required": False,
         "description": "How many?"},
        {"variable": True, "code": "notes", "datatype": "mystery", "required": False, "order": 6,
         "description": "Anything else?"},
        {"variable": True, "code": "empty_list", "datatype": "singlevaluelist", "required": False,
         "order": 7, "description": "Pick one", "values": []},
    ],
}


def test_open311_service_becomes_a_journey() -> None:
    journey = journey_from_open311("streets", SERVICE, DEFINITION)
    assert journey.id == "streets.001" and journey.service_code == "001" and journey.generated
    assert journey.title == {"en": "Abandoned vehicle"}
    ids = [p.id for p in journey.pages]
    assert ids == ["location", "7", "notice", "colour", "seen", "features", "notes", "empty_list",
                   "count", "description", "name", "email", "phone"]
    pages = {p.id: p for p in journey.pages}
    assert pages["7"].type == "single_choice" and pages["7"].required
    assert [(o.value, o.label["en"]) for o in pages["7"].options] == [("1", "Car"), ("02", "Van")]
    assert pages["notice"].type == "info" and pages["notice"].body == {"en": "We cannot remove taxed cars & vans."}
    assert pages["colour"].type == "text" and not pages["colour"].required
    assert pages["seen"].type == "date" and pages["features"].type == "multiple_choice"
    assert pages["notes"].type == "text" and pages["empty_list"].type == "text"
    assert pages["count"].type == "number"
    assert {(a.code, a.source) for a in journey.automated} == {
        ("easting", "easting"), ("northing", "northing"), ("kiosk_submission_id", "submission_id")}


def test_open311_journey_payload_sends_keys_and_server_set_values() -> None:
    journey = journey_from_open311("streets", SERVICE, DEFINITION)
    run = JourneyRun(journey, "cy", gazetteer=load_gazetteer())
    assert run.page().heading == "Ble mae’r broblem?"
    run.answer(LocationInput(place_id="EB0003"))
    assert run.continue_() == []
    assert run.page().options == (("1", "Car"), ("02", "Van"))
    run.answer("02")
    run.continue_()
    while not run.at_check_answers:
        if run.current_page_id == "description":
            run.answer("Blue van, no wheels")
        assert run.continue_() == []
    payload = run.payload()
    attributes = payload["attributes"]
    assert attributes["7"] == "02"
    assert attributes["kiosk_submission_id"] == run.draft_id
    assert 400_000 < int(attributes["easting"]) < 410_000
    assert 280_000 < int(attributes["northing"]) < 292_000
    assert "notice" not in attributes and "colour" not in attributes
    assert payload["description"] == "Blue van, no wheels"


@pytest.mark.parametrize("definition", [None, {}, {"service_code": "001"}, {"attributes": ""},
                                        {"attributes": None}, {"attributes": {"attribute": []}}])
def test_open311_empty_or_missing_attributes(definition: object) -> None:
    journey = journey_from_open311("streets", {"service_code": 1, "service_name": "Graffiti",
                                               "metadata": False}, definition)  # type: ignore[arg-type]
    assert journey.id == "streets.1"
    assert [p.id for p in journey.pages] == ["location", "description", "name", "email", "phone"]


def test_registry_merges_overrides_and_reports_bad_services() -> None:
    builtins = load_builtin_journeys().journeys
    catalogue = [
        CatalogueService("streets", {"service_code": "FLYTIP", "service_name": "Fly tipping", "metadata": False}),
        CatalogueService("streets", {"service_code": "POTHOLE", "service_name": "Pothole", "metadata": True},
                         {"service_code": "POTHOLE", "attributes": {"attribute": {
                             "code": "depth", "datatype": "number", "variable": "true",
                             "required": "true", "description": "How deep is it?"}}}),
        CatalogueService("streets", {"service_name": "No code"}),
        CatalogueService("streets", {"service_code": "X", "metadata": True}, {"service_code": "Y"}),
        CatalogueService("streets", {"service_code": "POTHOLE", "service_name": "Again"}),
    ]
    registry = build_registry(builtins, catalogue)
    assert registry.get("streets.FLYTIP").id == "report-fly-tipping"
    assert "streets.FLYTIP" in registry and "streets.POTHOLE" in registry
    pothole = registry.get("streets.POTHOLE")
    assert pothole.page("depth").required and pothole.page("depth").type == "number"
    # the catalogue has no MISSEDBIN and no STREET: those built-in journeys are not offered
    assert len(registry.journeys) == len(builtins) - 2 + 1
    assert "report-missed-bin" not in registry.ids and registry.get("report-missed-bin").id == "report-missed-bin"
    assert [(p.place, p.problem) for p in registry.problems] == [
        ("service ?", "the service has no service_code"),
        ("service X", "the definition is for service 'Y', not 'X'"),
        ("service POTHOLE", "the service 'POTHOLE' is listed twice"),
        ("", "the council's catalogue has no service MISSEDBIN, so it is not offered"),
        ("", "the council's catalogue has no service STREET, so it is not offered"),
    ]
    groups = {g.group: [c.id for c in g.journeys] for g in registry.by_group("en")}
    assert "streets.POTHOLE" in groups["report"]
    with pytest.raises(KeyError):
        registry.get("streets.NOPE")


def test_gazetteer_demo_and_search() -> None:
    gazetteer = load_gazetteer()
    assert 35 <= len(gazetteer.places) <= 50
    assert [p.name for p in gazetteer.search("high")][:1] == ["High Street"]
    assert [p.name for p in gazetteer.search("MARY'S")] == ["St Mary's Road"]
    assert {p.name for p in gazetteer.search("road north")} == {"Victoria Road", "Queen's Road"}
    assert gazetteer.search("h") == [] and gazetteer.search("zzz") == []
    assert len(gazetteer.search("ro", limit=3)) == 3
    assert gazetteer.search("heol")[0].name == "Heol y Bont"
    first = gazetteer.places[0]
    assert gazetteer.by_postcode(first.postcode.lower().replace(" ", "")) == first


def test_gazetteer_problems_name_the_row() -> None:
    with pytest.raises(GazetteerError, match="missing column"):
        parse_gazetteer("id,name\n1,A\n", "g.csv")
    with pytest.raises(GazetteerError, match=r"g.csv, row 3: 'lat' and 'long' must be numbers"):
        parse_gazetteer("id,name,locality,postcode,lat,long\n1,A,B,,52.1,-1\n2,C,D,,x,y\n", "g.csv")
    with pytest.raises(GazetteerError, match="is not a UK postcode"):
        parse_gazetteer("id,name,locality,postcode,lat,long\n1,A,B,NOPE,52.1,-1\n", "g.csv")

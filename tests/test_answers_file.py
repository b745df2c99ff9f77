"""``kiosk queue add`` and ``kiosk journeys`` through the real command: every example
answers file is accepted, every bad one is refused in one line with nothing stored, and
unsafe characters never reach the queue."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main
from kiosk.journeys.answers import example_answers, unsafe_texts
from kiosk.journeys.model import (
    DATE,
    DECLARATION,
    LOCATION,
    MULTIPLE_CHOICE,
    SINGLE_CHOICE,
    YES_NO,
    Journey,
)
from kiosk.journeys.schema import load_builtin_journeys
from kiosk.journeys.validators import has_unsafe_characters, remove_unsafe_characters
from offline.outbox import Outbox
from offline.store import Store

ROOT = Path(__file__).resolve().parent.parent
JOURNEYS: dict[str, Journey] = {j.id: j for j in load_builtin_journeys().journeys}
IDS = sorted(JOURNEYS)
LANGUAGES = ("en", "cy", "ur")  # the demo configuration's
UNSAFE = ["\x00", "\x1b", "\x07", "\x08", "\x7f", "\x85", "\x9b", "\u202a", "\u202b",
          "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
FAST = settings(max_examples=12, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@contextlib.contextmanager
def kiosk_data() -> Iterator[Path]:
    """A fresh data folder as KIOSK_DATA_DIR, the demo configuration."""
    saved = {k: os.environ.get(k) for k in ("KIOSK_DATA_DIR", "KIOSK_CONFIG")}
    with tempfile.TemporaryDirectory(prefix="kiosk-answers-") as folder:
        os.environ["KIOSK_DATA_DIR"] = str(Path(folder) / "data")
        os.environ.pop("KIOSK_CONFIG", None)
        try:
            yield Path(folder)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def kiosk(*args: str) -> tuple[int, str, str]:
    """The real command, in this process: (exit status, standard output, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main.main(list(args))
    return code, out.getvalue(), err.getvalue()


EXAMPLES = {jid: example_answers(journey) for jid, journey in JOURNEYS.items()}


def queued(folder: Path) -> list[dict[str, Any]]:
    """Every item's answers in the queue of ``folder`` (none when there is no database)."""
    data = folder / "data"
    if not (data / "kiosk.db").exists():
        return []
    store = Store.open(data)
    try:
        outbox = Outbox(store)
        return [outbox.read_answers(item.id) for item in outbox.items()]
    finally:
        store.close()


def add(folder: Path, journey_id: str, content: bytes, *extra: str) -> tuple[int, str, str]:
    path = folder / "answers.json"
    path.write_bytes(content)
    return kiosk("queue", "add", "--journey", journey_id, "--answers", str(path), *extra)


def assert_refused(result: tuple[int, str, str], expected: Sequence[str], folder: Path) -> None:
    code, out, err = result
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("kiosk: ") and "Traceback" not in err
    assert not has_unsafe_characters(err), err
    for words in expected:
        assert words in lines[0], (words, lines[0])
    assert queued(folder) == []


def encoded(answers: dict[str, Any], ascii_only: bool = False) -> bytes:
    return json.dumps(answers, ensure_ascii=ascii_only).encode("utf-8")


# -- every journey's example is accepted, and so is each way of giving a location ------------


@pytest.mark.parametrize("journey_id", IDS)
def test_every_built_in_journeys_example_is_accepted_by_queue_add(journey_id: str) -> None:
    with kiosk_data() as folder:
        code, out, err = kiosk("journeys", "show", journey_id, "--example")
        assert code == 0 and err == ""
        example = json.loads(out)
        assert example == example_answers(JOURNEYS[journey_id])
        code, out, err = add(folder, journey_id, out.encode("utf-8"))
        assert code == 0, err
        assert len(out.split()) == 1 and [a["journey_id"] for a in queued(folder)] == [journey_id]


def test_journeys_list_and_show_describe_the_questions() -> None:
    with kiosk_data():
        code, out, _ = kiosk("journeys", "list")
        assert code == 0
        assert [line.split()[0] for line in out.splitlines()] == IDS
        assert any(line.split(None, 1) == ["report-fly-tipping", "Report fly-tipping"]
                   for line in out.splitlines())
        code, out, _ = kiosk("journeys", "show", "report-fly-tipping")
        assert code == 0
        assert "waste_type: multiple_choice, required. What has been dumped?" in out
        assert "values: bags, furniture, electrical" in out
        assert "when_seen: date, required" in out and "asked only when seen_dumping is yes" in out
        assert "kiosk journeys show report-fly-tipping --example" in out


def test_an_unknown_journey_is_one_line_saying_how_to_list_them() -> None:
    with kiosk_data() as folder:
        for args in (("journeys", "show", "report-dragons"),):
            assert_refused(kiosk(*args), ["There is no journey called 'report-dragons'",
                                         "kiosk journeys list"], folder)
        result = add(folder, "report\x1b[2Jdragons", b"{}")
        assert_refused(result, ["There is no journey called 'report\\u001b[2Jdragons'"], folder)
        assert len(result[2]) < 200  # not every id there is


FLY_TIPPING = {"waste_type": ["bags"], "amount": "single", "description": "Six bags",
               "seen_dumping": "no"}


@pytest.mark.parametrize(("location", "address", "lat_long"), [
    ({"location": "EB0001"}, "High Street, Example Town Centre, EB1 6FR", ("52.482410", "-1.910550")),
    ({"location": {"place_id": "EB0002", "details": "by the fountain"}},
     "by the fountain, Market Square, Example Town Centre, EB1 9EQ", ("52.481320", "-1.893810")),
    ({"location": {"postcode": "eb1 6fr", "details": "by the bins"}}, "by the bins, EB1 6FR",
     ("52.482410", "-1.910550")),
    ({"address_string": "high street, example town centre"},
     "High Street, Example Town Centre, EB1 6FR", ("52.482410", "-1.910550")),
    ({"address_string": "Behind the library", "lat": 52.4801, "long": "-1.9012"},
     "Behind the library", ("52.480100", "-1.901200")),
    ({"location": {"lat": 52.4801, "long": -1.9012, "details": "in the alley"}},
     "in the alley, New Road, Example Town Centre, EB1 1HW", ("52.480100", "-1.901200")),
])
def test_a_location_as_the_screens_give_it_or_as_open311_fields(
        location: dict[str, Any], address: str, lat_long: tuple[str, str]) -> None:
    with kiosk_data() as folder:
        code, _out, err = add(folder, "report-fly-tipping", encoded({**location, **FLY_TIPPING}))
        assert code == 0, err
        [stored] = queued(folder)
        assert stored["address_string"] == address
        assert (stored.get("lat"), stored.get("long")) == lat_long


def test_a_service_that_needs_coordinates_gets_them_from_the_command_line() -> None:
    """An Open311 service with server-set easting and northing: lat/long given in the file
    become the grid reference sent."""
    from offline.catalogue import CatalogueCache

    with kiosk_data() as folder:
        store = Store.open(folder / "data")
        service = {"service_code": "POTHOLE", "service_name": "Pothole", "description": "",
                   "metadata": True, "type": "realtime", "keywords": [], "group": "Streets"}
        definition = {"service_code": "POTHOLE", "attributes": [
            {"code": "easting", "variable": False, "datatype": "number", "required": True,
             "order": 1, "values": [], "automated": "server_set"},
            {"code": "northing", "variable": False, "datatype": "number", "required": True,
             "order": 2, "values": [], "automated": "server_set"}]}
        CatalogueCache(store).save_refresh("streets", [service], {"POTHOLE": definition})
        store.close()
        answers = {"address_string": "Outside the school", "lat": 52.4824, "long": -1.9105,
                   "description": "A deep pothole"}
        code, _out, err = add(folder, "streets.POTHOLE", encoded(answers))
        assert code == 0, err
        [stored] = queued(folder)
        assert stored["attributes"]["easting"].isdigit() and stored["attributes"]["northing"].isdigit()
        assert (stored["lat"], stored["long"]) == ("52.482400", "-1.910500")


@pytest.mark.parametrize(("location", "expected"), [
    ({"location": {"lat": 55.9, "long": -3.2}}, "location: lat and long must be in the area of the gazetteer"),
    ({"location": {"lat": 40.0, "long": -3.2}}, "location: lat and long must be in the United Kingdom"),
    ({"location": {"lat": 52.48}}, "location: lat and long must be given together"),
    ({"location": {"lat": "north", "long": -1.9}}, "location: 'lat' must be a number"),
    ({"address_string": "Somewhere else"}, "location: address_string 'Somewhere else' must name a place"),
    ({"location": "EB9999"}, "location: the place_id 'EB9999' is not in the gazetteer"),
    ({"location": {"place_id": "EB0001", "postcode": "EB1 6FR"}}, "give the location one way"),
    ({"location": "EB0001", "lat": 52.48, "long": -1.91}, "location: give the location once"),
    ({"location": {"colour": "red"}}, "location: a location has only place_id, postcode"),
])
def test_a_location_that_cannot_be_checked_is_refused(location: dict[str, Any], expected: str) -> None:
    with kiosk_data() as folder:
        result = add(folder, "report-fly-tipping", encoded({**location, **FLY_TIPPING}))
        assert_refused(result, [expected], folder)


def test_an_address_for_a_journey_without_a_location_question_says_what_it_asks() -> None:
    with kiosk_data() as folder:
        example = example_answers(JOURNEYS["report-missed-bin"])
        result = add(folder, "report-missed-bin", encoded({**example, "address_string": "x"}))
        assert_refused(result, ["address_string: this journey has no location question",
                                "it asks for the address as:"], folder)


# -- generated bad answers files --------------------------------------------------------------

journeys = st.sampled_from(IDS)


@st.composite
def a_question(draw: st.DrawFn, types: Sequence[str] | None = None,
               not_types: Sequence[str] = ()) -> tuple[str, dict[str, Any], str]:
    """(journey id, its example answers, one of the questions the example answers)."""
    candidates = [(jid, q) for jid in IDS for q in EXAMPLES[jid]
                  if (types is None or JOURNEYS[jid].page(q).type in types)
                  and JOURNEYS[jid].page(q).type not in not_types]
    journey_id, question = draw(st.sampled_from(candidates))
    return journey_id, EXAMPLES[journey_id], question


MARK = "\u2603MARK\u2603"


def with_raw(answers: dict[str, Any], question: str, raw: bytes) -> bytes:
    """The answers as JSON with ``raw`` bytes written as the answer to ``question``."""
    return encoded({**answers, question: MARK}).replace(
        json.dumps(MARK, ensure_ascii=False).encode("utf-8"), raw)


@FAST
@given(a_question(), st.integers(0xD800, 0xDFFF), st.text(max_size=5), st.booleans())
def test_a_lone_surrogate_is_refused(case: tuple[str, dict[str, Any], str], code: int,
                                     around: str, in_key: bool) -> None:
    journey_id, answers, question = case
    with kiosk_data() as folder:
        text = around + chr(code) + around
        bad = {**answers, text: "x"} if in_key else {**answers, question: text}
        expected = "lone surrogate" if in_key else f"'{question}' holds a lone surrogate"
        assert_refused(add(folder, journey_id, encoded(bad, ascii_only=True)), [expected], folder)


@FAST
@given(a_question(), st.sampled_from([b"\xff", b"\xfe\xff", b"\xc3(", b"caf\xe9", b"\x80",
                                      b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf"]))
def test_a_file_that_is_not_utf8_is_refused(case: tuple[str, dict[str, Any], str], raw: bytes) -> None:
    journey_id, answers, question = case
    with kiosk_data() as folder:
        content = with_raw(answers, question, b'"' + raw + b'"')
        assert_refused(add(folder, journey_id, content), ["the answers file is not UTF-8 text"], folder)


@FAST
@given(a_question(), st.one_of(
    st.integers(31, 5000).map(lambda n: "9" * n),
    st.integers(31, 5000).map(lambda n: "-" + "1" * n),
    st.integers(309, 400).map(lambda n: "1" * n + ".5"),
    st.integers(309, 10_000).map(lambda n: f"1e{n}"),
    st.integers(309, 10_000).map(lambda n: f"-2.5E+{n}"),
))
def test_a_number_too_big_to_be_real_is_refused(case: tuple[str, dict[str, Any], str],
                                                number: str) -> None:
    journey_id, answers, question = case
    with kiosk_data() as folder:
        content = with_raw(answers, question, number.encode())
        assert_refused(add(folder, journey_id, content),
                       [f"'{question}' is a number too big to be real"], folder)


@FAST
@given(a_question(), st.sampled_from(["NaN", "Infinity", "-Infinity"]))
def test_nan_and_infinity_are_refused(case: tuple[str, dict[str, Any], str], constant: str) -> None:
    journey_id, answers, question = case
    with kiosk_data() as folder:
        content = with_raw(answers, question, constant.encode())
        assert_refused(add(folder, journey_id, content),
                       [f"{constant} is not a number an answer can have"], folder)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6)


@FAST
@given(a_question(not_types=(MULTIPLE_CHOICE, DATE, LOCATION)),
       st.one_of(st.lists(json_values, max_size=3), st.dictionaries(st.text(max_size=5), json_values,
                                                                    max_size=3)))
def test_an_object_or_list_where_one_value_is_expected_is_refused(
        case: tuple[str, dict[str, Any], str], value: Any) -> None:
    journey_id, answers, question = case
    with kiosk_data() as folder:
        result = add(folder, journey_id, encoded({**answers, question: value}))
        assert_refused(result, [f"The answers were not queued: {question}: must be "], folder)


@FAST
@given(a_question(types=(MULTIPLE_CHOICE, DATE, LOCATION)), st.integers(1, 4),
       st.sampled_from(["list", "object"]))
def test_nesting_deeper_than_the_question_allows_is_refused(
        case: tuple[str, dict[str, Any], str], depth: int, how: str) -> None:
    journey_id, answers, question = case
    kind = JOURNEYS[journey_id].page(question).type
    value: Any = "x"
    for _ in range(depth):
        value = [value] if how == "list" else {"day" if kind == DATE else "details": value}
    value = {"day": value} if kind == DATE else {"details": value} if kind == LOCATION else [value]
    with kiosk_data() as folder:
        result = add(folder, journey_id, encoded({**answers, question: value}))
        assert_refused(result, [f"The answers were not queued: {question}: "], folder)


@FAST
@given(a_question(), st.integers(8, 20_000), st.sampled_from("[{"))
def test_a_file_nested_too_deeply_to_read_is_refused(case: tuple[str, dict[str, Any], str],
                                                    depth: int, bracket: str) -> None:
    journey_id, answers, question = case
    opening = bracket if bracket == "[" else '{"a":'
    closing = "]" if bracket == "[" else "}"
    with kiosk_data() as folder:
        content = with_raw(answers, question, (opening * depth + "1" + closing * depth).encode())
        assert_refused(add(folder, journey_id, content), ["nested too deeply"], folder)


@FAST
@given(a_question(not_types=(YES_NO, DECLARATION)), st.booleans())
def test_true_or_false_for_a_question_that_is_not_yes_no_is_refused(
        case: tuple[str, dict[str, Any], str], value: bool) -> None:
    journey_id, answers, question = case
    with kiosk_data() as folder:
        result = add(folder, journey_id, encoded({**answers, question: value}))
        assert_refused(result, [f"{question}: true/false is only for yes/no questions"], folder)


@FAST
@given(a_question())
def test_an_answer_given_twice_is_refused(case: tuple[str, dict[str, Any], str]) -> None:
    journey_id, answers, question = case
    with kiosk_data() as folder:
        content = encoded(answers)[:-1] + b", " + json.dumps(question).encode() + b": null}"
        assert_refused(add(folder, journey_id, content), [f"'{question}' is given twice"], folder)


@FAST
@given(journeys, st.one_of(st.sampled_from(["", "xx", "../../etc", "EN", "en ", "cy\x00", "pl"]),
                           st.text(max_size=12)).filter(lambda t: t not in LANGUAGES))
def test_a_language_the_kiosk_does_not_offer_is_refused(journey_id: str, language: str) -> None:
    with kiosk_data() as folder:
        result = add(folder, journey_id, encoded(EXAMPLES[journey_id]), f"--language={language}")
        assert_refused(result, ["--language must be one of the kiosk's languages (en, cy, ur)"], folder)


@FAST
@given(a_question(types=(SINGLE_CHOICE,)), st.text(min_size=1, max_size=10))
def test_a_choice_that_is_not_offered_is_refused_in_the_journeys_words(
        case: tuple[str, dict[str, Any], str], choice: str) -> None:
    journey_id, answers, question = case
    page = JOURNEYS[journey_id].page(question)
    if remove_unsafe_characters(choice) in {o.value for o in page.options}:
        return
    with kiosk_data() as folder:
        result = add(folder, journey_id, encoded({**answers, question: choice}))
        assert_refused(result, [f"The answers were not queued: {question}: "], folder)


@FAST
@given(journeys, st.text(min_size=1, max_size=20))
def test_a_question_the_journey_does_not_ask_is_named_safely(journey_id: str, key: str) -> None:
    answers = example_answers(JOURNEYS[journey_id])
    asked = {p.id for p in JOURNEYS[journey_id].pages} | {"address_string", "lat", "long"}
    if key in asked or any("\ud800" <= c <= "\udfff" for c in key):
        return
    with kiosk_data() as folder:
        result = add(folder, journey_id, encoded({**answers, key: "x"}))
        assert_refused(result, ["The journey does not ask a question called"], folder)


# -- unsafe characters are removed from every text --------------------------------------------


@st.composite
def sprinkled(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with unsafe characters put into each of its texts."""
    if isinstance(value, str):
        chars = list(value)
        for _ in range(draw(st.integers(1, 3))):
            chars.insert(draw(st.integers(0, len(chars))), draw(st.sampled_from(UNSAFE)))
        return "".join(chars)
    if isinstance(value, list):
        return [draw(sprinkled(v)) for v in value]
    if isinstance(value, dict):
        return {k: draw(sprinkled(v)) for k, v in value.items()}
    return value


@settings(FAST, max_examples=8)
@given(st.data())
def test_control_characters_and_bidi_overrides_never_reach_the_queue(data: st.DataObject) -> None:
    journey_id = data.draw(journeys)
    example = example_answers(JOURNEYS[journey_id])
    answers = {k: data.draw(sprinkled(v)) for k, v in example.items()}
    assert unsafe_texts(answers) != []
    with kiosk_data() as folder:
        code, out, err = add(folder, journey_id, encoded(answers))
        assert code == 0, err
        [stored] = queued(folder)
        assert unsafe_texts(stored) == []
        assert add(folder, journey_id, encoded(example))[0] == 0
        [_, again] = queued(folder)
        assert without_ids(stored) == without_ids(again)  # exactly the words without the marks


def without_ids(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers without what differs between two submissions: the draft id."""
    text = json.dumps(answers, sort_keys=True).replace(answers["draft_id"], "ID")
    return dict(json.loads(text))


# -- a few through a real process -------------------------------------------------------------


def run(*args: str, data_dir: Path, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_CONFIG"}
    env.update(KIOSK_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    if config is not None:
        env["KIOSK_CONFIG"] = str(config)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, env=env, timeout=120, cwd=ROOT)


@pytest.mark.parametrize(("content", "expected"), [
    (b'{"description": "\\ud800"}', "'description' holds a lone surrogate"),
    (b'{"description": "caf\xe9"}', "the answers file is not UTF-8 text (byte 0xe9 at position 20)"),
    (b'{"description": ' + b"7" * 5000 + b"}", "too big to be real (5,000 digits; at most 30)"),
    (b'{"description": {"x": [1, 2]}}', "description: must be one text, not an object"),
])
def test_bad_files_through_a_real_process(tmp_path: Path, content: bytes, expected: str) -> None:
    answers = tmp_path / "a.json"
    answers.write_bytes(content)
    done = run("queue", "add", "--journey", "report-fly-tipping", "--answers", str(answers),
               data_dir=tmp_path / "d")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], done.stderr


def test_journeys_commands_through_a_real_process(tmp_path: Path) -> None:
    done = run("journeys", "show", "sign-petition", "--example", data_dir=tmp_path / "d")
    assert done.returncode == 0, done.stderr
    answers = tmp_path / "a.json"
    answers.write_text(done.stdout, "utf-8")
    added = run("queue", "add", "--journey", "sign-petition", "--answers", str(answers),
                "--language", "cy", data_dir=tmp_path / "d")
    assert added.returncode == 0, added.stderr
    missing = run("journeys", "show", "sign-petitions", data_dir=tmp_path / "d")
    assert missing.returncode == 1 and missing.stderr.strip() == (
        "kiosk: There is no journey called 'sign-petitions'. To see the journeys: kiosk journeys list")


def test_the_readmes_example_answers_file_is_accepted() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("### The answers file"):]
    example = section[section.index("```json") + len("```json"):section.index("```\n", section.index("```json") + 7)]
    with kiosk_data() as folder:
        code, _out, err = add(folder, "report-fly-tipping", example.encode("utf-8"))
        assert code == 0, err
        [stored] = queued(folder)
        assert stored["address_string"] == "by the bins, High Street, Example Town Centre, EB1 6FR"
        assert stored["attributes"]["when_seen"] == "2025-04-27"


def test_words_from_a_councils_server_are_listed_without_their_escape_codes() -> None:
    from offline.catalogue import CatalogueCache

    with kiosk_data() as folder:
        store = Store.open(folder / "data")
        service = {"service_code": "GRAF", "service_name": "Graffiti\x1b[2J\u202e", "description": "",
                   "metadata": False, "type": "realtime", "keywords": [], "group": "Streets"}
        CatalogueCache(store).save_refresh("streets", [service], {"GRAF": None})
        store.close()
        for args in (("journeys", "list"), ("journeys", "show", "streets.GRAF")):
            code, out, _err = kiosk(*args)
            assert code == 0 and "Graffiti" in out and not has_unsafe_characters(out), out

"""The fleet's Prometheus rules and Grafana dashboard, checked with the real tools and against
the metrics the kiosk really exports.

``promtool check rules`` and ``promtool test rules`` (Debian's ``prometheus`` package, in the
Makefile's APT_PACKAGES) run on deploy/prometheus; the dashboard's queries are checked as
PromQL by promtool too. Every metric name in the rules and the dashboard is looked for in a
real scrape of ``sync.metrics.FleetMetrics`` over HTTP, with every metric present."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from kiosk.config import Settings
from offline.outbox import Outbox
from offline.stats import Stats, StatsRecorder
from sync.metrics import METRIC_NAMES, FleetMetrics
from tests.conftest import ROOT
from tests.staff.conftest import Enqueue, enqueue, hook, make_sender, settings  # noqa: F401

RULES = ROOT / "deploy" / "prometheus" / "kiosk-rules.yml"
RULE_TESTS = ROOT / "deploy" / "prometheus" / "kiosk-rules.test.yml"
DASHBOARD = ROOT / "deploy" / "grafana" / "kiosk-fleet.json"
PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None, reason="promtool is not installed (Debian package 'prometheus': "
                             "apt-get install prometheus, or make test as root)")
# Names Prometheus itself makes for every scrape; the kiosk does not export them.
PROMETHEUS_OWN = frozenset({"up"})
ALERTS = ("KioskDown", "KioskQueueGrowing", "KioskOldestWaitingTooLong", "KioskItemsNeedStaff",
          "KioskDestinationPaused", "KioskUnconfirmedOutcomes", "KioskScreenNotRendering",
          "KioskClockOff")

_KEYWORDS = frozenset({"and", "or", "unless", "offset", "bool", "by", "without", "on",
                       "ignoring", "group_left", "group_right", "inf", "nan"})


def promql_metric_names(expr: str) -> set[str]:
    """The metric names an expression reads: what is left once strings, label matchers,
    ranges, grouping label lists, function names and keywords are taken out."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    text = re.sub(r"(?<![A-Za-z0-9_:])\d+(?:\.\d+)?(?:ms|[smhdwy])?", " ", text)  # 5, 1h, 0.5
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        rest = text[match.end():].lstrip()
        word = match.group()
        if rest.startswith("(") or word.lower() in _KEYWORDS:
            continue
        names.add(word)
    return names


def rule_expressions() -> dict[str, str]:
    document = yaml.safe_load(RULES.read_text("utf-8"))
    return {rule["alert"]: rule["expr"] for group in document["groups"] for rule in group["rules"]}


def dashboard_expressions() -> list[str]:
    """Every query of the dashboard (and of its template variables), Grafana's variables
    filled in as Grafana would."""
    document = json.loads(DASHBOARD.read_text("utf-8"))
    found = [t["expr"] for p in document["panels"] for t in p.get("targets", [])]
    # A variable's label_values(METRIC, LABEL) is Grafana's, not PromQL: it reads METRIC.
    found += [re.sub(r"^label_values\((\w+),\s*\w+\)$", r"\1", v["definition"])
              for v in document["templating"]["list"] if v.get("definition")]
    return [e.replace("$kiosk", ".*").replace("$__range", "7d") for e in found]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert PROMTOOL is not None
    return subprocess.run([PROMTOOL, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


# -- promtool ------------------------------------------------------------------------------
@needs_promtool
def test_promtool_checks_the_rules() -> None:
    result = _run("check", "rules", RULES.name, cwd=RULES.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(ALERTS)} rules found" in result.stdout


@needs_promtool
def test_the_rules_unit_tests_pass() -> None:
    result = _run("test", "rules", RULE_TESTS.name, cwd=RULE_TESTS.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


@needs_promtool
def test_the_unit_tests_fail_when_a_rule_is_wrong(tmp_path: Path) -> None:
    """The rule tests can fail: with the clock allowed ten times the offset, KioskClockOff's
    test finds no alert where it expects one."""
    shutil.copy(RULE_TESTS, tmp_path / RULE_TESTS.name)
    (tmp_path / RULES.name).write_text(RULES.read_text("utf-8").replace("> 120", "> 1200"))
    result = _run("test", "rules", RULE_TESTS.name, cwd=tmp_path)
    assert result.returncode != 0 and "KioskClockOff" in result.stdout + result.stderr


@needs_promtool
def test_the_dashboard_queries_are_valid_promql(tmp_path: Path) -> None:
    queries = dashboard_expressions()
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:query_{n}", "expr": q} for n, q in enumerate(queries)]}]}
    path = tmp_path / "dashboard-queries.yml"
    path.write_text(yaml.safe_dump(rules), "utf-8")
    result = _run("check", "rules", path.name, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(queries)} rules found" in result.stdout


def test_the_rules_cover_every_situation_the_fleet_needs() -> None:
    exprs = rule_expressions()
    assert tuple(exprs) == ALERTS
    document = yaml.safe_load(RULES.read_text("utf-8"))
    for rule in document["groups"][0]["rules"]:
        assert rule["labels"]["severity"] in ("page", "warn")
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]
    tested = set(re.findall(r"alertname: (\w+)", RULE_TESTS.read_text("utf-8")))
    assert tested == set(ALERTS)  # each rule has a unit test


# -- the names, against a real scrape --------------------------------------------------------
@pytest.fixture
def scraped(outbox: Outbox, settings: Settings, enqueue: Enqueue, make_sender  # noqa: F811
            ) -> Iterator[set[str]]:
    """Every sample name of a real scrape with every metric present: a delivery, a waiting
    item, a destination, a painted frame, opening hours, sessions and journeys counted."""
    enqueue()
    make_sender(settings).run_once()  # delivered to the real webhook receiver
    enqueue()
    stats = Stats(outbox.store)
    recorder = StatsRecorder(stats)
    recorder.record_session_started()
    recorder.record_journey_started("sign-petition")
    recorder.record_journey_completed("sign-petition")
    recorder.record_help_request("home")
    recorder.record_practice(True)
    recorder.record_session_started()
    metrics = FleetMetrics(outbox, settings, version="1.2.3", sessions_today=stats.sessions_today,
                           totals=stats.totals, online=lambda: True)
    metrics.open_now = lambda: True
    metrics.note_rendered()
    port = metrics.serve(0)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
            text = answer.read().decode("utf-8")
    finally:
        metrics.stop()
    yield {s.name for family in text_string_to_metric_families(text) for s in family.samples}


def test_every_name_the_kiosk_can_export_is_in_a_real_scrape(scraped: set[str]) -> None:
    assert scraped == METRIC_NAMES


def test_every_metric_in_the_rules_and_dashboard_is_exported(scraped: set[str]) -> None:
    in_rules = set().union(*(promql_metric_names(e) for e in rule_expressions().values()))
    in_dashboard = set().union(*(promql_metric_names(e) for e in dashboard_expressions()))
    print(f"\nrules read {len(in_rules)} metrics, the dashboard {len(in_dashboard)}; "
          f"a scrape has {len(scraped)}")
    assert in_rules - scraped - PROMETHEUS_OWN == set()
    assert in_dashboard - scraped - PROMETHEUS_OWN == set()
    assert {"kiosk_queue_items", "kiosk_deliveries_total", "kiosk_sessions_total",
            "kiosk_journeys_completed_total", "kiosk_help_requests_total"} <= in_dashboard
    assert "up" in in_rules and "kiosk_clock_time_seconds" in in_rules


def test_the_name_check_sees_a_misspelt_metric() -> None:
    assert promql_metric_names(
        'sum by (kiosk, state) (kiosk_queue_itemz{state=~"queued|x"}) > on(kiosk) '
        'max_over_time(up{job="kiosk"}[1d]) unless rate(kiosk_deliveries_total[5m]) offset 1h'
    ) == {"kiosk_queue_itemz", "up", "kiosk_deliveries_total"}

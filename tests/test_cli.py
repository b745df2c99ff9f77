"""The command line as a council's script sees it: exit codes, one-line errors, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def kiosk(*args: str, data_dir: Path, config: Path | None = None, stdin: str | None = None,
          ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_CONFIG",)}
    env["KIOSK_DATA_DIR"] = str(data_dir)
    env["QT_QPA_PLATFORM"] = "offscreen"
    if config is not None:
        env["KIOSK_CONFIG"] = str(config)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, env=env, input=stdin, timeout=120, cwd=ROOT)


def test_queue_status_json_on_an_empty_data_folder(tmp_path: Path) -> None:
    run = kiosk("queue", "status", "--json", data_dir=tmp_path / "fresh")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["counts"]["queued"] == 0 and data["waiting"] == 0 and data["healthy"] is True
    assert data["oldest_waiting_seconds"] is None


def test_queue_status_in_words(tmp_path: Path) -> None:
    run = kiosk("queue", "status", data_dir=tmp_path / "fresh")
    assert run.returncode == 0, run.stderr
    assert "Waiting to send: 0" in run.stdout and "Needs staff: 0" in run.stdout


def test_a_bad_configuration_is_one_line_and_non_zero(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[kiosk]\nidle_timeout_seconds = 'soon'\n")
    run = kiosk("queue", "status", data_dir=tmp_path / "d", config=config)
    assert run.returncode != 0
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "idle_timeout_seconds" in lines[0] and str(config) in lines[0]
    assert "Traceback" not in run.stderr


def test_a_corrupt_database_is_one_line_and_non_zero(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "kiosk.db").write_bytes(b"garbage" * 1000)
    run = kiosk("queue", "status", data_dir=folder)
    assert run.returncode != 0
    assert len(run.stderr.strip().splitlines()) == 1 and "not a kiosk database" in run.stderr


def test_a_missing_device_key_is_one_line_and_non_zero(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    assert kiosk("queue", "status", data_dir=folder).returncode == 0
    (folder / "device.key").unlink()
    run = kiosk("queue", "status", data_dir=folder)
    assert run.returncode != 0
    assert len(run.stderr.strip().splitlines()) == 1 and "device key" in run.stderr


FLY_TIPPING = {
    "location": {"postcode": "sw1a 1aa", "details": "by the bus stop"},
    "waste_type": ["bags", "furniture"],
    "amount": "car_boot",
    "description": "Six bags and a sofa",
    "seen_dumping": "no",
}


def test_queue_add_then_status_shows_one_queued_item(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(FLY_TIPPING))
    folder = tmp_path / "d"
    run = kiosk("queue", "add", "--journey", "report-fly-tipping", "--answers", str(answers), data_dir=folder)
    assert run.returncode == 0, run.stderr
    reference = run.stdout.strip()
    from kiosk.references import is_valid

    assert is_valid(reference)
    status = json.loads(kiosk("queue", "status", "--json", data_dir=folder).stdout)
    assert status["counts"]["queued"] == 1


def test_queue_add_rejects_bad_answers_with_the_journeys_own_messages(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    bad = dict(FLY_TIPPING, location={"postcode": "not a postcode"}, description="")
    answers.write_text(json.dumps(bad))
    folder = tmp_path / "d"
    run = kiosk("queue", "add", "--journey", "report-fly-tipping", "--answers", str(answers), data_dir=folder)
    assert run.returncode != 0
    assert "Enter a description" in run.stderr
    assert "postcode" in run.stderr.lower()
    assert "Traceback" not in run.stderr
    status = json.loads(kiosk("queue", "status", "--json", data_dir=folder).stdout)
    assert status["counts"]["queued"] == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [("{not json", "not valid JSON"), ("[1, 2]", "must be a JSON object")],
)
def test_queue_add_bad_files_are_one_line(tmp_path: Path, content: str, expected: str) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(content)
    run = kiosk("queue", "add", "--journey", "report-fly-tipping", "--answers", str(answers),
                data_dir=tmp_path / "d")
    assert run.returncode != 0 and expected in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_queue_add_unknown_journey(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text("{}")
    run = kiosk("queue", "add", "--journey", "report-dragons", "--answers", str(answers), data_dir=tmp_path / "d")
    assert run.returncode != 0 and "There is no journey called 'report-dragons'" in run.stderr


# -- kiosk audit ------------------------------------------------------------------------------
def test_audit_writes_its_report_and_exits_0_with_no_findings(tmp_path: Path) -> None:
    out = tmp_path / "report"
    run = kiosk("audit", "--languages", "cy", "--sizes", "200", "--themes", "high-contrast",
                "--output", str(out), data_dir=tmp_path / "d")
    assert run.returncode == 0, run.stderr
    assert "checked in 1 language, 1 text size, 1 theme: 0 findings" in run.stdout
    data = json.loads((out / "accessibility-audit.json").read_text("utf-8"))
    assert data["total"] == 0 and data["findings"] == [] and set(data["by_kind"]) >= {
        "unnamed", "small_target", "low_contrast", "clipped", "empty_read_aloud"}
    assert "0 findings" in data["checked"]
    text = (out / "accessibility-audit.txt").read_text("utf-8")
    assert text.startswith("Accessibility audit: 0 findings")


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--sizes", "120", "--sizes must be a comma-separated list of 100, 150, 200"),
    ("--themes", "dark", "--themes must be a comma-separated list of standard, high-contrast"),
    ("--languages", "fr", "--languages must be a comma-separated list of en, cy, ur"),
])
def test_audit_bad_options_are_one_line(tmp_path: Path, option: str, value: str,
                                        expected: str) -> None:
    run = kiosk("audit", option, value, "--output", str(tmp_path / "r"), data_dir=tmp_path / "d")
    assert run.returncode != 0
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], run.stderr
    assert not (tmp_path / "r").exists()


def test_audit_exits_1_and_lists_what_it_found(tmp_path: Path, qapp, monkeypatch, capsys) -> None:
    """In-process, with a Welsh word too long for its button: exit status 1, the finding in
    the report, one line on standard error."""
    import main
    from kiosk import i18n

    real = i18n.load_catalogue()
    messages = dict(real.messages)
    messages["touch_to_start"] = {**messages["touch_to_start"], "cy": "Cyffyrddwch " * 30}
    monkeypatch.setattr(main, "load_catalogue", lambda: i18n.Catalogue(messages))
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    out = tmp_path / "report"
    code = main.main(["audit", "--languages", "cy", "--sizes", "100", "--themes", "standard",
                      "--output", str(out)])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("kiosk: ") and "accessibility findings; see" in err[-1]
    data = json.loads((out / "accessibility-audit.json").read_text("utf-8"))
    assert data["total"] >= 1 and data["by_kind"]["clipped"] == data["total"]
    assert all(f["screen"].startswith("welcome [cy") for f in data["findings"])

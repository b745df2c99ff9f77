"""The running kiosk read from outside through AT-SPI, the interface Orca uses on Linux.

A private D-Bus session (dbus-run-session), the AT-SPI bus launcher, an X server of its
own (Xvfb, the window given the X focus with xdotool) and the kiosk with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1; the reader
(``atspi_reader.py``) walks the first pages of a journey by AT-SPI actions alone with
the system's python3 and pyatspi. Skipped, saying what is missing, where it cannot start
(Linux only: AT-SPI is the Linux interface; Windows has UI Automation instead).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READER = Path(__file__).with_name("atspi_reader.py")
BUS_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SYSTEM_PYTHON = Path("/usr/bin/python3")


def _missing() -> str:
    if not sys.platform.startswith("linux"):
        return "AT-SPI is Linux's accessibility interface"
    for tool, package in (("dbus-run-session", "dbus"), ("Xvfb", "xvfb"), ("xdotool", "xdotool")):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install {package})"
    if not BUS_LAUNCHER.exists():
        return "at-spi2-core is not installed (apt-get install at-spi2-core)"
    if not SYSTEM_PYTHON.exists() or subprocess.run(
            [str(SYSTEM_PYTHON), "-c", "import pyatspi"], capture_output=True).returncode:
        return "pyatspi is not installed (apt-get install python3-pyatspi)"
    return ""


SCRIPT = r"""
Xvfb :$DISPLAY_NO -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 & XVFB=$!
$BUS_LAUNCHER --launch-immediately >/dev/null 2>&1 & BUS=$!
sleep 1
DISPLAY=:$DISPLAY_NO QT_QPA_PLATFORM=xcb QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 \
  "$KIOSK_PYTHON" "$ROOT/main.py" run --windowed >"$KIOSK_DATA_DIR/kiosk.log" 2>&1 & KIOSK=$!
# No window manager activates the window: give it the X focus, as a kiosk's one window has.
DISPLAY=:$DISPLAY_NO xdotool search --sync --name "Council" windowfocus >/dev/null 2>&1 &
"$SYSTEM_PYTHON" "$READER"; STATUS=$?
kill $KIOSK $BUS $XVFB 2>/dev/null
exit $STATUS
"""


def test_a_screen_reader_finds_headings_an_alert_and_the_focus(tmp_path: Path) -> None:
    missing = _missing()
    if missing:
        pytest.skip(f"cannot read the kiosk through AT-SPI here: {missing}")
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path), "ROOT": str(ROOT),
           "PYTHONPATH": str(ROOT), "KIOSK_PYTHON": sys.executable,
           "SYSTEM_PYTHON": str(SYSTEM_PYTHON), "READER": str(READER),
           "BUS_LAUNCHER": str(BUS_LAUNCHER), "DISPLAY_NO": str(90 + os.getpid() % 400)}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(["dbus-run-session", "--", "bash", "-c", SCRIPT], env=env,
                          capture_output=True, text=True, timeout=240)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, (done.stdout, done.stderr[-2000:],
                   (tmp_path / "kiosk.log").read_text(errors="replace")[-2000:])
    seen = json.loads(lines[-1])
    assert "error" not in seen, seen
    assert "Welcome to Example Borough Council" in seen["welcome_headings"]
    assert seen["question_headings"], seen
    assert seen["window_name"].startswith("Question 1: ")
    assert seen["alert"]["name"] == "There is a problem"
    assert seen["focus_after_error"]["role"] == "alert"
    assert seen["window_name_2"].startswith("Question 2: ")
    assert seen["focus_after_continue"]["role"] == "heading"
    assert seen["focus_after_continue"]["name"] in seen["window_name_2"]

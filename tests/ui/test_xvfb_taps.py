"""End to end on a real X server: Xvfb at 1280x800, real pointer events through XTest
(``xdotool``), a finger's press and release on the same point, and Continue tapped while
the on-screen keyboard is open moves on. Skipped where Xvfb or xdotool is not installed
(``make test`` installs both)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
needs = [name for name in ("Xvfb", "xdotool") if shutil.which(name) is None]
pytestmark = pytest.mark.skipif(bool(needs), reason=f"needs {' and '.join(needs)} (apt-get install xvfb xdotool)")


@pytest.fixture
def display() -> object:
    number = 90 + os.getpid() % 50
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    socket = Path(f"/tmp/.X11-unix/X{number}")
    for _ in range(100):
        if socket.exists():
            break
        time.sleep(0.05)
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def test_continue_tapped_with_the_keyboard_open_on_a_real_x_server(display: str, tmp_path: Path) -> None:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT),
           "KIOSK_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, str(ROOT / "tests/ui/xdotool_taps.py"), "1280x800"],
                          env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["pages"] == ["benefit", "full_name", result["pages"][2]]
    assert result["keyboard_up"] and result["typed"] == "Ann"
    assert result["pages"][2] != "full_name", "Continue, tapped with the keyboard open, was lost"

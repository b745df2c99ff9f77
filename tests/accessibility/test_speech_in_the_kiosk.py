"""The kiosk's one voice in the real window and in the real `kiosk run`.

``kiosk run`` makes its :class:`Speaker` on the loading thread (making it waits for the
engine), so the GUI thread never waits for speech; Read aloud, a lesson and the idle
warning then share it. The real espeak-ng engine throughout; the sound is timed silently.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from accessibility.speech import SilentOutput, Speaker
from kiosk.journeys.schema import load_builtin_journeys
from kiosk.tutorials.loader import load_tutorials
from offline.learners import LearnerStore
from offline.outbox import Outbox
from offline.store import Store
from tests.accessibility.conftest import EventLog
from tests.ui.conftest import open_window
from tests.ui.helpers import find_starting, shown_texts, tap
from tests.ui.test_read_aloud import said, touch_name
from ui.app import outbox_submitter
from ui.shell import SERVICES, TUTORIALS
from ui.wipe import Wiper

ROOT = Path(__file__).resolve().parents[2]
UNAVAILABLE = "Read aloud is not available on this kiosk. Ask a member of staff for help."

# The offscreen platform warns when a top-level window is shown; nothing of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def journeys():  # type: ignore[no-untyped-def]
    return load_builtin_journeys().journeys


@pytest.fixture
def voice(tmp_path: Path) -> Iterator[tuple[Speaker, EventLog]]:
    speaker = Speaker(output=SilentOutput(time_scale=0.1), temp_dir=tmp_path)
    events = EventLog()
    speaker.add_listener(events)
    yield speaker, events
    speaker.shutdown()


@pytest.fixture
def kiosk(qtbot, store: Store, outbox: Outbox, journeys, voice) -> Iterator[tuple]:  # type: ignore[no-untyped-def, type-arg]
    speaker, events = voice
    shell = open_window(qtbot, journeys, outbox_submitter(outbox, kiosk_id="t"),
                        speaker=speaker, tutorials=load_tutorials, learners=LearnerStore(store))
    yield shell, speaker, events


# -- the real `kiosk run` ---------------------------------------------------------------

PROBE = """
import json, sys, threading
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
import accessibility.speech
import main
from accessibility.qt_speech import SpeechSignals

# No loudspeaker in a test: the sound takes a tenth of its time, silently.
accessibility.speech.find_audio_output = lambda: accessibility.speech.SilentOutput(0.1)
seen = {}
real_attach = main._attach_loaded_parts
real_start_speech = main._start_speech


def start_speech():
    seen["made_on_gui_thread"] = threading.current_thread() is threading.main_thread()
    return real_start_speech()


def tap(root, starts):
    w = next(w for w in root.findChildren(QWidget)
             if w.isVisible() and w.accessibleName().startswith(starts))
    QTest.mouseClick(w, Qt.MouseButton.LeftButton, pos=w.rect().center())
    return w


def finish(code):
    if "done" not in seen:
        seen["done"] = code
        print(json.dumps(seen), flush=True)
        app.exit(code)


def attach(ctx, shell, machine, parts, assisted):
    real_attach(ctx, shell, machine, parts, assisted)
    QTimer.singleShot(0, lambda: resident(shell, machine))


def resident(shell, machine):
    try:
        seen["engines"] = sorted(t.name for t in threading.enumerate()
                                 if t.name.startswith("speech-engine"))
        tap(shell, "Touch to start")
        heard = []

        def started(text):
            heard.append(text)
            if any("What do you want to do?" in t for t in heard):
                seen["heard"] = heard
                finish(0)

        signals = SpeechSignals(shell._speaker, shell)  # kept alive by the window
        signals.started.connect(started)
        button = tap(shell.top_bar, "Read aloud: off")
        seen["on"] = button.isChecked()
    except Exception as exc:
        seen["error"] = repr(exc)
        finish(4)


main._attach_loaded_parts = attach
main._start_speech = start_speech
QTimer.singleShot(30_000, lambda: finish(3))
sys.exit(main.main(["run", "--windowed"]))
"""


def test_kiosk_run_makes_its_voice_off_the_gui_thread_and_read_aloud_reads_the_page(
        tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(tmp_path / "data"),
               KIOSK_LOG_LEVEL="ERROR")
    env.pop("KIOSK_CONFIG", None)
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=90)
    assert run.returncode == 0, (run.stdout[-2000:], run.stderr[-2000:])
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["made_on_gui_thread"] is False
    assert seen["engines"] == ["speech-engine-espeak"]  # one engine host for the process
    assert seen["on"] is True
    assert "Read aloud is on" in seen["heard"][0]
    assert "Traceback" not in run.stderr


# -- the voice in the window ------------------------------------------------------------


def test_a_lesson_speaks_through_the_same_voice(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    shell, speaker, events = kiosk
    touch_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell, "Learn digital skills"))
    assert shell.current_screen == TUTORIALS
    events.wait_for("started")  # lessons are heard without read-aloud mode
    title = shell.player.spoken_text().split(".")[0]  # type: ignore[union-attr]
    assert title and title in said(events)[0]


def test_stopping_and_wiping_reset_the_voice_for_the_next_resident(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    shell, speaker, events = kiosk
    touch_name(qtbot, shell, "Touch to start")
    speaker.set_rate(1.5)
    speaker.set_volume(0.3)
    speaker.set_private_listening(True)
    assert speaker.say("Your report is saved.", "en")
    events.wait_for("started")
    Wiper(shell, speaker=speaker).wipe()  # what the wipe between residents does
    assert (speaker.rate, speaker.volume, speaker.private_listening) == (
        1.0, speaker.default_volume, False)
    assert not speaker.repeat()  # the next resident does not hear the last one's words


def test_without_an_engine_read_aloud_says_it_is_not_available(
        qtbot, outbox: Outbox, journeys, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.WARNING, logger="accessibility.speech"):
        broken = Speaker(driver="no_such_driver", output=SilentOutput(), temp_dir=tmp_path)
        try:
            shell = open_window(qtbot, journeys, outbox_submitter(outbox, kiosk_id="t"),
                                speaker=broken)
            touch_name(qtbot, shell, "Touch to start")
            for _ in range(2):  # the same answer each time, without trying again
                touch_name(qtbot, shell.top_bar, "Read aloud: off")
                assert not shell.read_aloud_on
                assert UNAVAILABLE in shown_texts(shell.read_aloud_bar)
                touch_name(qtbot, shell.read_aloud_bar, "OK")
                assert not shell.read_aloud_bar.isVisible()
            assert not broken.available
            assert "no_such_driver" in (broken.unavailable_reason or "")
            tap(qtbot, find_starting(shell.home, "Report a problem."))
            assert shell.current_screen == SERVICES  # the kiosk carries on
        finally:
            broken.shutdown()
    warnings = [r for r in caplog.records if "Speech is not available" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].exc_info is None  # said once, no traceback


STUCK = """
import sys, time
from accessibility.speech import SilentOutput, Speaker
began = time.monotonic()
voice = Speaker(output=SilentOutput(), start_timeout=0.000001)  # no engine starts so soon
print(voice.available, round(time.monotonic() - began, 3), voice.say("Hello.", "en"))
print(voice.unavailable_reason)
"""


def test_an_engine_that_does_not_start_in_time_leaves_speech_unavailable() -> None:
    # In a process of its own: the engine that started too late must not share this one.
    began = time.monotonic()
    run = subprocess.run([sys.executable, "-c", STUCK], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    first, reason = run.stdout.splitlines()[:2]
    available, waited, spoke = first.split()
    assert (available, spoke) == ("False", "False") and float(waited) < 1.0
    assert "did not start within" in reason and "Traceback" not in run.stderr
    assert time.monotonic() - began < 30

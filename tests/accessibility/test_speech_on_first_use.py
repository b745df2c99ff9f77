"""The speech engine starts the first time something is to be said, not with the kiosk.

Most residents never turn Read aloud on, so ``kiosk run`` gives the window a
``LazySpeaker``: pyttsx3 and espeak-ng (about 4 MB and a thread) load when Read aloud is
turned on, a lesson speaks, or the idle warning is said. Stopping and wiping never start
them. The real espeak-ng engine throughout; the sound is timed silently.
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
from PySide6.QtWidgets import QPushButton

from accessibility.qt_speech import QtSpeaker
from accessibility.speech import LazySpeaker, SilentOutput
from kiosk.journeys.schema import load_builtin_journeys
from kiosk.tutorials.loader import load_tutorials
from offline.learners import LearnerStore
from offline.outbox import Outbox
from offline.store import Store
from tests.accessibility.conftest import EventLog
from tests.ui.conftest import open_window
from tests.ui.helpers import find_by_name, find_starting, shown_texts, tap
from tests.ui.test_read_aloud import said, touch, touch_name, wait_said
from ui.app import outbox_submitter
from ui.shell import HOME, SERVICES, TUTORIALS
from ui.wipe import Wiper

ROOT = Path(__file__).resolve().parents[2]
UNAVAILABLE = "Read aloud is not available on this kiosk. Ask a member of staff for help."

# The offscreen platform warns when a top-level window is shown; nothing of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def journeys():  # type: ignore[no-untyped-def]
    return load_builtin_journeys().journeys


@pytest.fixture
def lazy(tmp_path: Path) -> Iterator[tuple[LazySpeaker, EventLog]]:
    speaker = LazySpeaker(output=SilentOutput(time_scale=0.1), temp_dir=tmp_path)
    events = EventLog()
    speaker.add_listener(events)  # before the engine starts: handed on when it does
    yield speaker, events
    speaker.shutdown()


@pytest.fixture
def kiosk(qtbot, store: Store, outbox: Outbox, journeys, lazy) -> Iterator[tuple]:  # type: ignore[no-untyped-def, type-arg]
    speaker, events = lazy
    voice = QtSpeaker(speaker)
    shell = open_window(qtbot, journeys, outbox_submitter(outbox, kiosk_id="t"), speaker=voice,
                        tutorials=load_tutorials, learners=LearnerStore(store))
    yield shell, voice, speaker, events
    voice.close()


# -- the real `kiosk run` ---------------------------------------------------------------

PROBE = """
import json, sys, threading
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
import accessibility.speech
import main

# No loudspeaker in a test: the sound takes a tenth of its time, silently.
accessibility.speech.find_audio_output = lambda: accessibility.speech.SilentOutput(0.1)
seen = {}
real_attach = main._attach_loaded_parts


def tap(root, starts):
    w = next(w for w in root.findChildren(QWidget)
             if w.isVisible() and w.accessibleName().startswith(starts))
    QTest.mouseClick(w, Qt.MouseButton.LeftButton, pos=w.rect().center())
    return w


def engine():
    threads = sorted(t.name for t in threading.enumerate() if t.name.startswith("speech-engine"))
    return {"pyttsx3": "pyttsx3" in sys.modules, "threads": threads}


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
        tap(shell, "Touch to start")
        tap(shell.home, "Report a problem")
        seen["screen"] = shell.current_screen
        seen["tapped"] = engine()
        tap(shell.top_bar, "Start again")
        machine.wipe("timeout")
        seen["wiped"] = engine()
        tap(shell, "Touch to start")
        heard = []

        def started(text):
            heard.append(text)
            if any("What do you want to do?" in t for t in heard):
                seen["heard"] = heard
                seen["spoken"] = engine()
                finish(0)

        shell._speaker.started.connect(started)
        button = tap(shell.top_bar, "Read aloud: off")
        seen["on"] = button.isChecked()
    except Exception as exc:
        seen["error"] = repr(exc)
        finish(4)


main._attach_loaded_parts = attach
QTimer.singleShot(30_000, lambda: finish(3))
sys.exit(main.main(["run", "--windowed"]))
"""


def test_a_started_kiosk_loads_no_speech_engine_until_read_aloud_is_turned_on(
        tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(tmp_path / "data"),
               KIOSK_LOG_LEVEL="ERROR")
    env.pop("KIOSK_CONFIG", None)
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=90)
    assert run.returncode == 0, (run.stdout[-2000:], run.stderr[-2000:])
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["screen"] == SERVICES
    # Started, two taps, then "Start again" and a time-out's wipe: no engine, no thread.
    assert seen["tapped"] == {"pyttsx3": False, "threads": []}
    assert seen["wiped"] == {"pyttsx3": False, "threads": []}
    # Read aloud on: the engine starts and the page is read.
    assert seen["on"] is True
    assert seen["spoken"] == {"pyttsx3": True, "threads": ["speech-engine-espeak"]}
    assert "Read aloud is on" in seen["heard"][0]
    assert "Traceback" not in run.stderr


# -- the lazy voice in the window -------------------------------------------------------


def test_turning_read_aloud_on_starts_the_engine_and_reads_the_page(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    shell, _voice, speaker, events = kiosk
    touch_name(qtbot, shell, "Touch to start")
    assert shell.current_screen == HOME
    assert not speaker.engine_started

    button = find_by_name(shell.top_bar, "Read aloud: off", QPushButton)
    touch(qtbot, button)
    assert speaker.engine_started and speaker.available
    assert isinstance(button, QPushButton) and button.isChecked() and shell.read_aloud_on
    assert "Touch something once to hear it." in wait_said(qtbot, events, "Read aloud is on")
    assert "Report a problem" in wait_said(qtbot, events, "What do you want to do?")

    # Later uses reuse the same engine: off, on again, and it is heard again.
    touch(qtbot, button)
    wait_said(qtbot, events, "Read aloud is off")
    before = len(said(events))
    touch(qtbot, button)
    wait_said(qtbot, events, "Read aloud is on", after=before)
    assert speaker.engine_started


def test_stopping_and_wiping_before_the_first_use_do_not_start_the_engine(
        qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    shell, voice, speaker, events = kiosk
    touch_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell.home, "Report a problem"))
    assert shell.current_screen == SERVICES
    touch_name(qtbot, shell.top_bar, "Start again")  # the shell's own reset
    Wiper(shell, speaker=voice).wipe()  # what the wipe between residents does
    for call in (voice.stop, voice.reset, voice.repeat, lambda: voice.set_rate(1.5),
                 lambda: voice.set_volume(0.3), lambda: voice.set_private_listening(True),
                 lambda: voice.say("   ", "en")):
        call()
    assert (voice.rate, voice.volume, voice.private_listening) == (1.5, 0.3, True)
    assert not speaker.speaking
    assert not speaker.engine_started and events.kinds() == []

    # What was set before is what the engine starts with.
    assert voice.say("Your report is saved.", "en")
    assert speaker.engine_started
    assert (speaker.rate, speaker.volume, speaker.private_listening) == (1.5, 0.3, True)
    events.wait_for("finished")  # the listener added before the start hears it
    voice.reset()
    assert (speaker.rate, speaker.volume, speaker.private_listening) == (1.0,
                                                                         speaker.default_volume,
                                                                         False)


def test_a_lesson_that_speaks_starts_the_engine(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    shell, _voice, speaker, events = kiosk
    touch_name(qtbot, shell, "Touch to start")
    assert not speaker.engine_started
    tap(qtbot, find_starting(shell, "Learn digital skills"))
    assert shell.current_screen == TUTORIALS
    assert speaker.engine_started  # lessons are heard without read-aloud mode
    events.wait_for("started")
    title = shell.player.spoken_text().split(".")[0]  # type: ignore[union-attr]
    assert title and title in said(events)[0]


def test_without_an_engine_read_aloud_says_it_is_not_available(
        qtbot, outbox: Outbox, journeys, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    broken = LazySpeaker(driver="no_such_driver", output=SilentOutput(), temp_dir=tmp_path)
    voice = QtSpeaker(broken)
    try:
        shell = open_window(qtbot, journeys, outbox_submitter(outbox, kiosk_id="t"),
                            speaker=voice)
        touch_name(qtbot, shell, "Touch to start")
        assert not broken.engine_started
        with caplog.at_level(logging.WARNING, logger="accessibility.speech"):
            for _ in range(2):  # the same answer each time, without trying again
                touch_name(qtbot, shell.top_bar, "Read aloud: off")
                assert not shell.read_aloud_on
                assert UNAVAILABLE in shown_texts(shell.read_aloud_bar)
                touch_name(qtbot, shell.read_aloud_bar, "OK")
                assert not shell.read_aloud_bar.isVisible()
        assert broken.engine_started and not broken.available
        assert "no_such_driver" in (voice.unavailable_reason or "")
        warnings = [r for r in caplog.records if "Speech is not available" in r.getMessage()]
        assert len(warnings) == 1 and warnings[0].exc_info is None  # said once, no traceback
        tap(qtbot, find_starting(shell.home, "Report a problem."))
        assert shell.current_screen == SERVICES  # the kiosk carries on
    finally:
        voice.close()
        broken.shutdown()


STUCK = """
import sys, time
from accessibility.speech import LazySpeaker, SilentOutput
voice = LazySpeaker(output=SilentOutput(), start_timeout=0.000001)  # no engine starts so soon
began = time.monotonic()
available = voice.available
print(available, round(time.monotonic() - began, 3), voice.say("Hello.", "en"))
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

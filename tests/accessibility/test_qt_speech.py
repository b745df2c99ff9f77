"""The speaker's Qt signals: they arrive on the GUI thread, stop interrupts, no engine."""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread

from accessibility.qt_speech import SpeechSignals
from accessibility.speech import SilentOutput, Speaker
from tests.accessibility.test_speech import LONG


def test_started_and_finished_arrive_on_the_gui_thread(qtbot, speaker):
    qt = SpeechSignals(speaker)
    threads: list[QThread] = []
    qt.started.connect(lambda text: threads.append(QThread.currentThread()))
    with qtbot.waitSignal(qt.started, timeout=10_000) as started:
        assert speaker.say("Beth yw eich cod post?", "cy")
    assert started.args == ["Beth yw eich cod post?"]
    with qtbot.waitSignal(qt.finished, timeout=10_000):
        pass
    assert threads == [qt.thread()]
    assert qt.thread() is QObject().thread()  # the test's (GUI) thread
    qt.close()


def test_stop_interrupts_and_finished_is_not_emitted(qtbot, speaker):
    qt = SpeechSignals(speaker)
    with qtbot.waitSignal(qt.started, timeout=10_000):
        speaker.say(LONG, "en")
    with qtbot.assertNotEmitted(qt.finished), qtbot.waitSignal(qt.interrupted, timeout=10_000):
        speaker.stop()
    qt.close()


def test_after_close_no_signals_are_emitted(qtbot, speaker, events):
    qt = SpeechSignals(speaker)
    qt.close()
    # The speaker's own events arrive; the queued Qt signals must not follow them.
    with qtbot.assertNotEmitted(qt.started, wait=200), qtbot.assertNotEmitted(qt.finished):
        speaker.say("Hello.", "en")
        events.wait_for("finished")


def test_deleting_the_qt_speaker_disconnects_it(qtbot, speaker, events, caplog):
    parent = QObject()
    SpeechSignals(speaker, parent)
    parent.deleteLater()
    with qtbot.waitSignal(parent.destroyed, timeout=5_000):
        pass
    speaker.say("Hello.", "en")  # must not reach a deleted object (that would log an error)
    events.wait_for("finished")
    assert events.kinds() == ["synthesis_started", "started", "finished"]
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_without_an_engine_nothing_is_emitted_and_the_reason_is_given(qtbot, tmp_path):
    broken = Speaker(driver="no_such_driver", output=SilentOutput(), temp_dir=tmp_path)
    qt = SpeechSignals(broken)
    try:
        assert not broken.available
        assert broken.unavailable_reason and "not available" in broken.unavailable_reason
        with qtbot.assertNotEmitted(qt.started, wait=100):
            assert not broken.say("Hello", "en")
            broken.repeat()
            broken.stop()
            broken.reset()
    finally:
        qt.close()
        broken.shutdown()

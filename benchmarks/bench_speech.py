"""Speech benchmark: does speech stall the interface, and how soon does a page start speaking?

    QT_QPA_PLATFORM=offscreen python -m benchmarks.bench_speech

1. Event-loop stalls. A 1 ms precise QTimer records the gaps between its ticks for a few
   seconds, once with no speech (the baseline) and once while the real espeak-ng speaker
   reads built-in pages in English and Welsh, with a page turn (``stop()`` then
   ``say()``) every 400 ms, as a resident tapping through a journey would. The figure is
   the longest gap beyond the 1 ms interval. Target: at most 16 ms (one frame).
   A second run turns the page every 25 ms, so the engine is synthesising nearly all the
   time (the worst case for the GIL).
2. Start latency, over page turns: from ``say()`` on the GUI thread to the engine's
   started-utterance callback (synthesis begins), and to ``SpeechSignals.started`` being
   delivered on the GUI thread (the sound begins). Target: at most 150 ms.

3. Making the speaker: the engine starting (``kiosk run`` does it on its loading thread,
   not the GUI thread). A figure, without a target.

The sound goes where the kiosk sends it on this platform (``find_audio_output``), or is
timed silently on a machine without a player (the engine's work is the same either way).
"""

from __future__ import annotations

import statistics
import sys
import threading
import time

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from accessibility.qt_speech import SpeechSignals
from accessibility.speech import Speaker, SpeechEvent, find_audio_output
from kiosk.journeys.schema import load_builtin_journeys

STALL_SECONDS = 4.0
PAGE_TURN_MS = 400
LATENCY_TURNS = 40


def page_texts() -> list[tuple[str, str]]:
    """(text, language) for each built-in page: title, question and hint, in en and cy."""
    texts = []
    for journey in load_builtin_journeys().journeys:
        for page in journey.pages:
            for language in ("en", "cy"):
                pieces = [journey.title.get(language) or ""]
                for words in (page.label, page.hint, page.body):
                    if words:
                        pieces.append(words.get(language) or "")
                text = " ".join(p for p in pieces if p)
                if text:
                    texts.append((text, language))
    return texts


def run_for(app: QApplication, seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def measure_gaps(app: QApplication, seconds: float, on_page_turn,  # type: ignore[no-untyped-def]
                 every_ms: int = PAGE_TURN_MS) -> list[float]:
    """Gaps (ms) between ticks of a 1 ms timer while ``on_page_turn`` runs every ``every_ms``."""
    ticks: list[float] = []
    tick = QTimer()
    tick.setTimerType(Qt.TimerType.PreciseTimer)
    tick.setInterval(1)
    tick.timeout.connect(lambda: ticks.append(time.perf_counter()))
    turn = QTimer()
    turn.setInterval(every_ms)
    turn.timeout.connect(on_page_turn)
    tick.start()
    turn.start()
    run_for(app, seconds)
    tick.stop()
    turn.stop()
    return [(b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False)]


def stalls(app: QApplication, speaker: Speaker, signals: SpeechSignals,
           texts: list[tuple[str, str]]) -> dict[str, float]:
    baseline = measure_gaps(app, STALL_SECONDS, lambda: None)
    pages = iter(texts * 10)

    def turn_page() -> None:
        text, language = next(pages)
        speaker.stop()
        speaker.say(text, language)

    heard: list[str] = []
    signals.started.connect(heard.append)
    turn_page()
    speaking = measure_gaps(app, STALL_SECONDS, turn_page)
    speaker.stop()
    # Worst case: a page turn every 25 ms keeps the engine synthesising nearly all the time.
    hurried = measure_gaps(app, STALL_SECONDS, turn_page, every_ms=25)
    speaker.stop()
    signals.started.disconnect(heard.append)

    def p99(gaps: list[float]) -> float:
        return statistics.quantiles(gaps, n=100)[98]

    return {
        "baseline_max_stall_ms": max(baseline) - 1.0,
        "speech_max_stall_ms": max(speaking) - 1.0,
        "hurried_max_stall_ms": max(hurried) - 1.0,
        "baseline_p99_gap_ms": p99(baseline),
        "speech_p99_gap_ms": p99(speaking),
        "hurried_p99_gap_ms": p99(hurried),
        "pages_started_while_measuring": float(len(heard)),  # both speech runs
        "speech_ticks_per_s": len(speaking) / STALL_SECONDS,
        "baseline_ticks_per_s": len(baseline) / STALL_SECONDS,
    }


def latency(app: QApplication, speaker: Speaker, signals: SpeechSignals,
            texts: list[tuple[str, str]]) -> dict[str, float]:
    engine_started: list[float] = []
    lock = threading.Lock()

    def on_event(event: SpeechEvent) -> None:  # on the speech threads
        if event.kind == "synthesis_started":
            with lock:
                engine_started.append(time.perf_counter())

    speaker.add_listener(on_event)
    to_engine: list[float] = []
    to_sound: list[float] = []
    for text, language in texts[:LATENCY_TURNS]:
        loop = QEventLoop()
        heard: list[float] = []

        def started(_text: str, heard: list[float] = heard, loop: QEventLoop = loop) -> None:
            heard.append(time.perf_counter())
            loop.quit()

        signals.started.connect(started)
        speaker.stop()
        said = time.perf_counter()
        speaker.say(text, language)
        QTimer.singleShot(5000, loop.quit)
        loop.exec()
        signals.started.disconnect(started)
        if not heard:
            raise RuntimeError("speech did not start within 5 s")
        with lock:
            engine_at = min(t for t in engine_started if t >= said)
        to_engine.append((engine_at - said) * 1000)
        to_sound.append((heard[0] - said) * 1000)
    speaker.stop()
    speaker.remove_listener(on_event)
    return {
        "say_to_engine_start_p50_ms": statistics.median(to_engine),
        "say_to_engine_start_max_ms": max(to_engine),
        "say_to_started_signal_p50_ms": statistics.median(to_sound),
        "say_to_started_signal_p95_ms": statistics.quantiles(to_sound, n=20)[18],
        "say_to_started_signal_max_ms": max(to_sound),
    }


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    began = time.perf_counter()
    raw = Speaker(output=find_audio_output())
    made_ms = (time.perf_counter() - began) * 1000
    if not raw.available:
        print(f"speech: {raw.unavailable_reason}")
        return 1
    signals = SpeechSignals(raw)
    texts = page_texts()
    print(f"speech output: {raw.output.name}; {len(texts)} page texts (en, cy)")
    results = {**stalls(app, raw, signals, texts), **latency(app, raw, signals, texts),
               "speaker_made_ms": made_ms}
    signals.close()
    raw.shutdown()
    targets = {"speech_max_stall_ms": 16.0, "hurried_max_stall_ms": 16.0, "say_to_engine_start_max_ms": 150.0,
               "say_to_started_signal_p95_ms": 150.0, "say_to_started_signal_max_ms": 150.0}
    for key, value in results.items():
        target = f"  (target <= {targets[key]:g})" if key in targets else ""
        print(f"speech {key:<30} {value:8.2f}{target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

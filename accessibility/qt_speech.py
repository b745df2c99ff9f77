"""Qt face of the speaker: the same calls, plus signals delivered on the GUI thread.

The speaker reports events on its own thread; :class:`QtSpeaker` re-emits them through
queued connections, so slots always run on the thread that owns the ``QtSpeaker``
(the GUI thread) and a screen can update its "Reading aloud" indicator safely.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from accessibility.speech import Speaker, SpeechEvent, VoiceInfo
from accessibility.spoken import SpeechPart


class QtSpeaker(QObject):
    """Wraps the :class:`Speaker`; every call returns at once.

    Signals:
        started(str): the resident starts to hear this text.
        finished(): the utterance was said to the end.
        interrupted(): ``stop()`` (or a new page) cut the utterance short.
    """

    started = Signal(str)
    finished = Signal()
    interrupted = Signal()

    # Emitted on the speech thread, delivered (queued) to the public signals above.
    _started_elsewhere = Signal(str)
    _finished_elsewhere = Signal()
    _interrupted_elsewhere = Signal()

    def __init__(self, speaker: Speaker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.speaker = speaker
        queued = Qt.ConnectionType.QueuedConnection
        self._started_elsewhere.connect(self.started, queued)
        self._finished_elsewhere.connect(self.finished, queued)
        self._interrupted_elsewhere.connect(self.interrupted, queued)
        speaker.add_listener(self._on_event)
        self.destroyed.connect(self._forget_speaker_listener())

    # -- the speaker's calls -----------------------------------------------------------

    @property
    def available(self) -> bool:
        return self.speaker.available

    @property
    def unavailable_reason(self) -> str | None:
        return self.speaker.unavailable_reason

    @property
    def private_listening(self) -> bool:
        return self.speaker.private_listening

    @property
    def rate(self) -> float:
        return self.speaker.rate

    @property
    def volume(self) -> float:
        return self.speaker.volume

    @property
    def voices(self) -> tuple[VoiceInfo, ...]:
        return self.speaker.voices

    def voice_for(self, language: str) -> str | None:
        return self.speaker.voice_for(language)

    def say(self, text: str, language: str, *, private: bool = False) -> bool:
        return self.speaker.say(text, language, private=private)

    def say_characters(self, text: str, language: str, *, private: bool = False) -> bool:
        return self.speaker.say_characters(text, language, private=private)

    def speak(self, parts: Sequence[SpeechPart], language: str) -> bool:
        return self.speaker.speak(parts, language)

    def repeat(self) -> bool:
        return self.speaker.repeat()

    def stop(self) -> None:
        self.speaker.stop()

    def set_rate(self, multiplier: float) -> None:
        self.speaker.set_rate(multiplier)

    def set_volume(self, volume: float) -> None:
        self.speaker.set_volume(volume)

    def set_private_listening(self, on: bool) -> None:
        self.speaker.set_private_listening(on)

    def reset(self) -> None:
        self.speaker.reset()

    def save_to_file(self, text: str, language: str, path: Path | str) -> Path:
        return self.speaker.save_to_file(text, language, path)

    def close(self) -> None:
        """Stop listening to the speaker (the speaker itself lives on)."""
        self.speaker.remove_listener(self._on_event)

    # -- internals ---------------------------------------------------------------------

    def _on_event(self, event: SpeechEvent) -> None:
        # Runs on the speech thread: only emit the relay signals, which Qt queues.
        if event.kind == "started":
            self._started_elsewhere.emit(event.text)
        elif event.kind == "finished":
            self._finished_elsewhere.emit()
        elif event.kind == "interrupted":
            self._interrupted_elsewhere.emit()

    def _forget_speaker_listener(self) -> Callable[[], None]:
        # A plain closure (not a bound method of this QObject), so it can run while the
        # QObject is being destroyed and the listener is never called on a dead object.
        speaker, listener = self.speaker, self._on_event

        def forget() -> None:
            speaker.remove_listener(listener)

        return forget

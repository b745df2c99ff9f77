"""The speaker's events as Qt signals, delivered on the GUI thread.

The :class:`~accessibility.speech.Speaker` itself is what the window speaks through (its
calls return at once from any thread). It reports events on its own thread;
:class:`SpeechSignals` re-emits them through queued connections, so slots always run on
the thread that owns the ``SpeechSignals`` (the GUI thread) and a screen can update a
"Reading aloud" indicator safely.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from accessibility.speech import Speaker, SpeechEvent


class SpeechSignals(QObject):
    """Signals for one :class:`Speaker`'s events.

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

    def close(self) -> None:
        """Stop listening to the speaker (the speaker itself lives on)."""
        self.speaker.remove_listener(self._on_event)

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

"""A real espeak-ng speaker (silent output: the test machine has no loudspeaker) and its events."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from accessibility.speech import SilentOutput, Speaker, SpeechEvent

WAIT_S = 10.0  # an upper bound for things that happen in milliseconds; never a measurement


@dataclass
class EventLog:
    """Every speech event, with a way to wait for one of a kind."""

    events: list[SpeechEvent] = field(default_factory=list)
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def __call__(self, event: SpeechEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def kinds(self) -> list[str]:
        with self._changed:
            return [event.kind for event in self.events]

    def wait_for(self, kind: str, count: int = 1) -> list[SpeechEvent]:
        """Wait until ``count`` events of ``kind`` have arrived; return them."""
        with self._changed:
            arrived = self._changed.wait_for(
                lambda: sum(e.kind == kind for e in self.events) >= count, timeout=WAIT_S
            )
            assert arrived, f"no {kind!r} event (saw {[e.kind for e in self.events]})"
            return [e for e in self.events if e.kind == kind]


@pytest.fixture
def speaker(tmp_path) -> Iterator[Speaker]:
    # A tenth of real time: the order of events is real, the suite stays quick.
    s = Speaker(output=SilentOutput(time_scale=0.1), temp_dir=tmp_path)
    assert s.available, s.unavailable_reason
    yield s
    s.shutdown()


@pytest.fixture
def events(speaker: Speaker) -> EventLog:
    log = EventLog()
    speaker.add_listener(log)
    return log

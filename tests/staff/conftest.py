"""Fixtures for the staff and operations tests: a real webhook receiver, settings pointing at
it, a way to queue submissions (at a chosen time) and a sender that delivers them."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest

from kiosk.config import Destination, KioskSettings, Settings, SyncSettings
from offline.outbox import Draft, Outbox
from sync.sender import Sender
from tests.sync.servers import FakeWebhook

FAST_SYNC = SyncSettings(first_retry_seconds=0.01, max_retry_seconds=0.02, bad_request_attempts=1,
                         connect_timeout_seconds=2.0, read_timeout_seconds=2.0, poll_seconds=0.05)


@pytest.fixture
def hook() -> Iterator[FakeWebhook]:
    receiver = FakeWebhook().start()
    yield receiver
    receiver.stop()


def settings_for(hook: FakeWebhook, **kiosk: Any) -> Settings:
    forms = Destination(name="forms", kind="webhook", url=hook.url, secret=hook.secret,
                        journeys=("sign-petition",))
    return Settings(kiosk=KioskSettings(id="central-library-1", **kiosk), sync=FAST_SYNC,
                    destinations=(forms,))


@pytest.fixture
def settings(hook: FakeWebhook) -> Settings:
    return settings_for(hook)


Enqueue = Callable[..., str]


@pytest.fixture
def enqueue(outbox: Outbox) -> Enqueue:
    """Queue a petition signature for the 'forms' webhook; returns the submission id."""

    def add(answers: dict[str, Any] | None = None, now: datetime | None = None,
            journey_id: str = "sign-petition") -> str:
        draft = Draft(id=Draft.new_id(), journey_id=journey_id, journey_version="1",
                      answers=answers if answers is not None else {"full_name": "Ada Lovelace",
                                                                   "postcode": "EB1 6FR"},
                      kiosk_id="central-library-1", destination="forms")
        outbox.enqueue(draft, now=now)
        return draft.id

    return add


@pytest.fixture
def make_sender(outbox: Outbox) -> Iterator[Callable[[Settings], Sender]]:
    made: list[Sender] = []

    def build(settings: Settings) -> Sender:
        sender = Sender(settings, outbox, rng=random.Random(3))
        made.append(sender)
        return sender

    yield build
    for sender in made:
        sender.stop()
        sender.lock.release()
        sender.close()


@pytest.fixture(scope="session")
def journeys():  # type: ignore[no-untyped-def]
    """The built-in journeys (as the touchscreen tests load them)."""
    from kiosk.journeys.schema import load_builtin_journeys

    result = load_builtin_journeys()
    assert not result.problems
    return result.journeys

"""Fixtures for the sync tests: real local servers, settings that point at them, and a sender."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kiosk.config import Destination, KioskSettings, Settings, SyncSettings
from offline.outbox import Draft, Outbox
from sync.sender import Sender
from tests.sync.servers import API_KEY, FakeOpen311, FakeWebhook

HINTS = {"report-fly-tipping": "FLYTIP", "report-pothole": "001", "book-bulky-waste": "BULKY",
         "tell-us": "NOTE", "sign-petition": "webhook"}


def fast_sync(**changes: Any) -> SyncSettings:
    values: dict[str, Any] = dict(first_retry_seconds=0.01, max_retry_seconds=0.02, bad_request_attempts=2,
                                  connect_timeout_seconds=2.0, read_timeout_seconds=0.5, poll_seconds=0.05)
    values.update(changes)
    return SyncSettings(**values)


def open311_destination(server: FakeOpen311, fmt: str = "json", **changes: Any) -> Destination:
    values: dict[str, Any] = dict(name="streets", kind="open311", base_url=server.base_url, api_key=API_KEY,
                                  jurisdiction_id="example.gov.uk", format=fmt, services=("*",))
    values.update(changes)
    return Destination(**values)


def webhook_destination(hook: FakeWebhook, **changes: Any) -> Destination:
    values: dict[str, Any] = dict(name="forms", kind="webhook", url=hook.url, secret=hook.secret,
                                  journeys=("sign-petition",))
    values.update(changes)
    return Destination(**values)


def make_settings(*destinations: Destination, **sync: Any) -> Settings:
    return Settings(kiosk=KioskSettings(id="central-library-1"), sync=fast_sync(**sync),
                    destinations=tuple(destinations))


@pytest.fixture
def open311() -> Iterator[FakeOpen311]:
    server = FakeOpen311().start()
    yield server
    server.stop()


@pytest.fixture
def webhook() -> Iterator[FakeWebhook]:
    hook = FakeWebhook().start()
    yield hook
    hook.stop()


Enqueue = Callable[..., str]


@pytest.fixture
def enqueue(outbox: Outbox) -> Enqueue:
    """Queue answers for a journey; returns the submission id (the idempotency key)."""

    def add(journey_id: str = "report-fly-tipping", answers: dict[str, Any] | None = None,
            destination: str | None = None, language: str = "en") -> str:
        draft = Draft(id=Draft.new_id(), journey_id=journey_id, journey_version="2",
                      answers=answers if answers is not None else
                      {"description": "Café – £5 ✓", "lat": 51.501, "long": -0.1416, "WASTE": ["bags", "sofa"]},
                      language=language, assisted=False, kiosk_id="central-library-1", destination=destination)
        outbox.enqueue(draft)
        return draft.id

    return add


@pytest.fixture
def make_sender(outbox: Outbox) -> Iterator[Callable[[Settings], Sender]]:
    made: list[Sender] = []

    def build(settings: Settings) -> Sender:
        sender = Sender(settings, outbox, hints=HINTS.get, rng=random.Random(7))
        made.append(sender)
        return sender

    yield build
    for sender in made:
        sender.stop()
        sender.lock.release()
        sender.close()

"""A real kiosk window over a real outbox in a temporary folder, shown offscreen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from kiosk.config import KioskSettings, Settings
from kiosk.i18n import load_catalogue
from kiosk.journeys.gazetteer import load_gazetteer
from kiosk.journeys.schema import load_builtin_journeys
from offline.outbox import Outbox
from ui.app import build_window, outbox_submitter
from ui.shell import Shell

TODAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="session")
def journeys():
    result = load_builtin_journeys()
    assert not result.problems
    return result.journeys


def open_window(qtbot, journeys, submit, **extra: Any) -> Shell:
    """A shown, active kiosk window with the built-in journeys and the demo gazetteer."""
    settings = Settings(kiosk=KioskSettings(languages=("en", "cy", "ur")))
    options: dict[str, Any] = {"today": lambda: TODAY, "can_print": lambda: False, **extra}
    window = build_window(
        settings=settings, journeys=journeys, strings=load_catalogue(), submit=submit,
        gazetteer=load_gazetteer(None), **options,
    )
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture
def shell(qtbot, outbox: Outbox, journeys) -> Iterator[Shell]:
    yield open_window(qtbot, journeys, outbox_submitter(outbox, kiosk_id="test-kiosk"))

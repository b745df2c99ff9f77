"""Fixtures for the tutorial tests: the real lessons, a real learner store, a speaker that
records what it was asked to say (the edge of the world: the real one is tested in
tests/accessibility), and helpers to find controls by their accessible names."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from kiosk.tutorials.loader import load_tutorials
from kiosk.tutorials.model import TutorialCatalogue
from offline.learners import LearnerStore
from offline.store import Store


@pytest.fixture(scope="session")
def catalogue() -> TutorialCatalogue:
    return load_tutorials()


@pytest.fixture
def learners(store: Store) -> LearnerStore:
    return LearnerStore(store)


class RecordingSpeaker:
    """Keeps what it was asked to say, in order."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []
        self.stops = 0

    def say(self, text: str, language: str) -> None:
        self.said.append((text, language))

    def stop(self) -> None:
        self.stops += 1


@pytest.fixture
def speaker() -> RecordingSpeaker:
    return RecordingSpeaker()


def find_button(root: QWidget, name: str) -> QPushButton:
    """The one visible button whose accessible name is ``name`` (a lesson tile's name goes
    on with its area and status: "Email addresses. Communicating")."""
    found = [b for b in root.findChildren(QPushButton)
             if b.isVisible() and (b.accessibleName() == name
                                   or b.accessibleName().startswith(f"{name}. "))]
    assert len(found) == 1, f"{len(found)} visible buttons called {name!r}"
    return found[0]


@pytest.fixture
def app_style(qapp: QApplication) -> Iterator[None]:
    """The kiosk's own style sheet, as the shell sets it."""
    from ui.theme import stylesheet

    before = qapp.styleSheet()
    qapp.setStyleSheet(stylesheet(100))
    yield
    qapp.setStyleSheet(before)

"""A real kiosk window with the shared-machine parts installed, over a real store."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from accessibility.speech import QuietVoice
from kiosk.config import KioskSettings, Settings
from kiosk.i18n import load_catalogue
from kiosk.journeys.gazetteer import load_gazetteer
from kiosk.journeys.schema import load_builtin_journeys
from kiosk.session import IdlePolicy, session_temp_dir
from offline.help import HelpRequests
from offline.outbox import Outbox
from offline.staff import ScryptCost, StaffPin
from offline.store import Store
from ui.app import build_window, outbox_submitter
from ui.shared_machine import SharedMachine, install_shared_machine
from ui.shell import Shell

STAFF_PIN = "258036"
# scrypt as cheap as it goes, so that unlock tests stay fast (the kiosk uses KIOSK_SCRYPT_COST)
FAST_TEST_SCRYPT_COST = ScryptCost(n=2**4, r=1, p=1)


@dataclass
class HeardSpeaker(QuietVoice):
    """The edge of the world: what would have gone to the loudspeaker, kept in a list
    (a ``QuietVoice`` whose ``say`` keeps its words)."""

    said: list[tuple[str, str]] = field(default_factory=list)
    queue: list[str] = field(default_factory=list)
    stops: int = 0
    resets: int = 0
    rate: int = 170
    volume: float = 0.8

    def say(self, text: str, language: str) -> bool:
        self.said.append((text, language))
        self.queue.append(text)
        return True

    def stop(self) -> None:
        self.stops += 1
        self.queue.clear()

    def reset(self) -> None:
        self.resets += 1
        self.queue.clear()
        self.rate, self.volume = 170, 0.8


class PausableClock:
    """Monotonic time that stands still while ``paused`` (so a slow machine cannot make a
    journey time out half way), then runs on from where it stopped."""

    def __init__(self) -> None:
        self._base = 1000.0
        self._since: float | None = None

    def __call__(self) -> float:
        if self._since is None:
            return self._base
        return self._base + time.monotonic() - self._since

    @property
    def paused(self) -> bool:
        return self._since is None

    def pause(self) -> None:
        self._base = self()
        self._since = None

    def run(self) -> None:
        if self._since is None:
            self._since = time.monotonic()

    def advance(self, seconds: float) -> None:
        self._base += seconds


@dataclass
class Kiosk:
    shell: Shell
    machine: SharedMachine
    speaker: HeardSpeaker
    store: Store
    outbox: Outbox
    temp_dir: Path
    data_dir: Path
    clock: PausableClock


@pytest.fixture(scope="session")
def journeys():
    result = load_builtin_journeys()
    assert not result.problems
    return result.journeys


def make_kiosk(qtbot, store: Store, data_dir: Path, journeys, policy: IdlePolicy,
               hold_ms: int = 300, paused: bool = False) -> Kiosk:
    clock = PausableClock()
    if not paused:
        clock.run()
    outbox = Outbox(store)
    settings = Settings(kiosk=KioskSettings(languages=("en", "cy")))
    speaker = HeardSpeaker()
    shell = build_window(
        settings=settings, journeys=journeys, strings=load_catalogue(),
        submit=outbox_submitter(outbox, kiosk_id=settings.kiosk.id), speaker=speaker,
        gazetteer=load_gazetteer(None), today=lambda: dt.date(2026, 1, 15), can_print=lambda: False,
    )
    qtbot.addWidget(shell)
    shell.resize(1280, 900)
    shell.show()
    qtbot.waitExposed(shell)
    temp_dir = session_temp_dir(data_dir)
    pin = StaffPin(store, scrypt_cost=FAST_TEST_SCRYPT_COST)
    if not pin.is_set():
        pin.set_pin(STAFF_PIN)
    machine = install_shared_machine(
        shell, policy=policy, speaker=speaker, temp_dir=temp_dir,
        help_requests=HelpRequests(store), staff_pin=pin, fullscreen=False, hold_ms=hold_ms,
        clock=clock,
    )
    return Kiosk(shell, machine, speaker, store, outbox, temp_dir, data_dir, clock)


@pytest.fixture
def kiosk(qtbot, store: Store, data_dir: Path, journeys) -> Iterator[Kiosk]:
    """Idle for 0.4 s, then a 1.2 s warning spoken every 0.4 s; the clock starts paused
    (``kiosk.clock.run()`` lets the idle time pass)."""
    k = make_kiosk(qtbot, store, data_dir, journeys,
                   IdlePolicy(idle_seconds=0.4, warning_seconds=1.2, speak_every_seconds=0.4),
                   paused=True)
    yield k
    k.machine.uninstall()


def visible_named(root: QWidget, name: str) -> QWidget:
    found = [w for w in root.findChildren(QWidget) if w.isVisible() and w.accessibleName() == name]
    if not found:
        names = sorted({w.accessibleName() for w in root.findChildren(QWidget)
                        if w.isVisible() and w.accessibleName()})
        raise AssertionError(f"nothing visible is called {name!r}; visible: {names}")
    return found[0]


def visible_starting(root: QWidget, prefix: str) -> QWidget:
    for w in root.findChildren(QWidget):
        if w.isVisible() and w.accessibleName().startswith(prefix):
            return w
    raise AssertionError(f"nothing visible starts {prefix!r}")


def tap(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def tap_named(qtbot, root: QWidget, name: str) -> None:
    tap(qtbot, visible_named(root, name))

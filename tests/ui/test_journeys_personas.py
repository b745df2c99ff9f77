"""Issue 6: three residents each do every built-in journey, start to confirmation.

- One who reads only Welsh: chooses Cymraeg on the welcome screen and finds every
  control by its Welsh name; no English interface word is shown on the way.
- One who needs 200 % text: sets it from the top bar, and can only tap what is on
  screen (scrolled into view, not under the keyboard, found under the finger).
- One who is blind, with headphones: read aloud and private listening on; every
  control (keys too) is touched to hear it and again to choose it; each page's heading
  is heard as the page opens and the reference is spelt out.

The answers are ``tests/ui/test_journeys.SCRIPTS``; each run ends with exactly one stored
submission in a real outbox.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.exceptions import TimeoutError as QtTimeoutError

from accessibility.speech import SilentOutput, Speaker, spoken_characters
from kiosk.i18n import Catalogue, load_catalogue, localise
from kiosk.journeys.messages import ui_word
from kiosk.journeys.model import Journey
from offline.outbox import Outbox
from tests.accessibility.conftest import EventLog
from tests.ui.conftest import open_window
from tests.ui.helpers import BASE, find_by_name, find_starting, tap, visible_names
from tests.ui.test_journeys import SCRIPTS, Script, page_id
from ui.app import outbox_submitter
from ui.keyboard import Key
from ui.shell import CHECK, CONFIRMATION, HOME, QUESTION, SERVICES, Shell

IDS = [s.journey for s in SCRIPTS]


@cache
def catalogue() -> Catalogue:
    return load_catalogue()


def word(message_id: str, language: str, **values: Any) -> str:
    """An interface word from the ``interface`` section of kiosk/locale."""
    return catalogue().text(message_id, language, **values)


def option_label(journey: Journey, page: str, value: str, language: str) -> str:
    """``test_journeys.option_label`` in ``language``."""
    p = journey.page(page)
    if p.type == "declaration":
        return localise(p.body or p.label, language)
    for o in p.options:
        if o.value == value:
            return localise(o.label, language)
    return ui_word(value, language)  # a yes/no page without its own options


# -- the residents' hands ---------------------------------------------------------------


def shown_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` that is on screen, in window coordinates (cut by the page's
    window and every other parent)."""
    window = widget.window()
    shown = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    outer = widget.parentWidget()
    while outer is not None:
        shown &= QRect(outer.mapTo(window, QPoint(0, 0)), outer.size())
        outer = outer.parentWidget()
    return shown


def window_point(widget: QWidget) -> tuple[Any, QPoint]:
    """Where a finger goes: the middle of what shows of ``widget``."""
    shown = shown_rect(widget)
    assert not shown.isEmpty(), f"{widget.accessibleName()!r} is not on screen"
    return widget.window().windowHandle(), shown.center()


def press_through_window(widget: QWidget) -> None:
    handle, at = window_point(widget)
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def release_through_window(widget: QWidget) -> None:
    handle, at = window_point(widget)
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    """The scroll area ``widget`` is in (a text box's own scrolling does not count)."""
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QAbstractScrollArea):
        area = area.parentWidget()
    return area


def drag_into_view(widget: QWidget) -> None:
    """Move the page as a finger dragging it would, until all of ``widget`` shows (or, if
    it is taller than the page's window, its top). ``QScrollArea.ensureWidgetVisible`` is
    not enough: for a text box it shows only the box's cursor line."""
    area = scroll_area_of(widget)
    if not isinstance(area, QScrollArea) or area.widget() is None:
        return
    top = widget.mapTo(area.widget(), QPoint(0, 0)).y()
    bottom = top + widget.height()
    bar, height = area.verticalScrollBar(), area.viewport().height()
    if top < bar.value() or widget.height() > height:
        bar.setValue(top)
    elif bottom > bar.value() + height:
        bar.setValue(bottom - height)


class Resident:
    """Taps as ``tests.ui.helpers.tap`` does, in ``language``. Subclasses change how a
    control is reached (``tap``, ``hold``) and what is checked on each new page
    (``arrived``)."""

    language = "en"

    def __init__(self, qtbot, shell: Shell) -> None:
        self.qtbot = qtbot
        self.shell = shell

    def tap(self, widget: QWidget) -> None:
        tap(self.qtbot, widget)

    def hold(self, key: Key) -> None:
        """Hold a key until its accents come up, then let go."""
        with self.qtbot.waitSignal(key.long_pressed, timeout=3000):
            self.qtbot.mousePress(key, Qt.MouseButton.LeftButton, pos=key.rect().center())
        self.qtbot.mouseRelease(key, Qt.MouseButton.LeftButton, pos=key.rect().center())

    def begin(self) -> None:
        """From the welcome screen to the home page."""
        self.tap(find_by_name(self.shell, word("touch_to_start", self.language)))

    def settle_in(self) -> None:
        """What the resident sets up on the home page before choosing a journey."""

    def arrived(self, heading: str) -> None:
        """A new page with ``heading`` has just opened."""
        assert heading in [lab.text() for lab in self.shell.findChildren(QLabel)
                           if lab.isVisible()], heading

    # -- the on-screen keyboard ---------------------------------------------------------
    def key(self, name: str) -> Key | None:
        keys = [k for k in self.shell.keyboard.findChildren(Key)
                if k.isVisible() and k.accessibleName() == name]
        return keys[0] if keys else None

    def press_key(self, name: str) -> None:
        key = self.key(name)
        if key is None:
            raise AssertionError(f"no key {name!r}; showing: {visible_names(self.shell.keyboard)}")
        self.tap(key)

    def type_text(self, text: str) -> None:
        """``tests.ui.helpers.type_text`` with the special keys named in ``language``."""
        lang = self.language
        space, shift = word("key_space", lang), word("key_shift", lang)
        letters, symbols = word("key_letters", lang), word("key_symbols", lang)
        for ch in text:
            if ch == " ":
                self.press_key(space)
                continue
            if self.key(ch) is not None:
                self.press_key(ch)
                continue
            if self.key(letters) is not None and self.key(ch.lower()) is None:
                self.press_key(letters)
                if self.key(ch) is not None:
                    self.press_key(ch)
                    continue
            base = BASE.get(ch.lower())
            if base is not None:
                if ch.isupper():
                    self.press_key(shift)
                held = self.key(base.upper() if ch.isupper() else base)
                assert held is not None
                self.hold(held)
                self.press_key(ch)
                continue
            if ch.isalpha():
                self.press_key(shift)
                self.press_key(ch)
                continue
            self.press_key(symbols)
            self.press_key(ch)
            self.press_key(letters)


class WelshReader(Resident):
    """Reads only Welsh: starts with "Cymraeg" and finds everything by its Welsh name."""

    language = "cy"

    # English words of the top bar and page buttons. "Help" is "Help" in Welsh too (as
    # on GOV.UK's Welsh pages), so it is only a leftover if Welsh ever uses another word.
    ENGLISH = ("Continue", "Back", "Start again",
               *(("Help",) if word("help", "cy") != "Help" else ()))

    def begin(self) -> None:
        self.tap(find_by_name(self.shell.welcome, "Cymraeg"))

    def arrived(self, heading: str) -> None:
        super().arrived(heading)
        shown: set[str] = set()
        for w in self.shell.findChildren(QWidget):
            if not w.isVisible():
                continue
            shown.add(w.accessibleName())
            if isinstance(w, (QLabel, QAbstractButton)):
                shown.add(w.text())
        english = sorted(shown.intersection(self.ENGLISH))
        assert not english, (heading, english)


class LargeTextReader(Resident):
    """Needs 200 % text, and can only tap what is on the screen."""

    def settle_in(self) -> None:
        bar = self.shell.top_bar.text_size
        for _ in range(3):  # 100 -> 150 -> 200
            if bar.accessibleName() == "Text size 200%":
                break
            self.tap(bar)
        assert bar.accessibleName() == "Text size 200%" and self.shell.text_size == 200

    def tap(self, widget: QWidget) -> None:
        self.bring_into_view(widget)
        press_through_window(widget)
        release_through_window(widget)

    def hold(self, key: Key) -> None:
        self.bring_into_view(key)
        with self.qtbot.waitSignal(key.long_pressed, timeout=3000):
            press_through_window(key)
        release_through_window(key)

    def bring_into_view(self, widget: QWidget) -> None:
        """Scroll ``widget`` into view as a finger would; if the keyboard leaves too little
        room, put the keyboard away with its own key first. Then it must be wholly on
        screen, clear of the keyboard, and what a finger on its middle touches."""
        keyboard = self.shell.keyboard
        drag_into_view(widget)
        if self.hidden_part(widget) and keyboard.isVisible() and not keyboard.isAncestorOf(widget):
            self.tap(find_by_name(keyboard, word("key_hide_name", self.language)))
            assert not keyboard.isVisible()
        if self.hidden_part(widget):
            # A page that has just changed (keyboard away, new words) is laid out again
            # before a finger can reach it: wait for that, then look again.
            try:
                self.qtbot.waitUntil(
                    lambda: (drag_into_view(widget), not self.hidden_part(widget))[1], timeout=1000)
            except QtTimeoutError:
                pass  # the assertion below says what is in the way
        problem = self.hidden_part(widget)
        assert not problem, f"{widget.accessibleName()!r}: {problem}"

    def hidden_part(self, widget: QWidget) -> str:
        """Why ``widget`` cannot be tapped as a whole (empty when it can)."""
        window = widget.window()
        own = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        outer: QWidget | None = widget.parentWidget()
        while outer is not None:
            seen = QRect(outer.mapTo(window, QPoint(0, 0)), outer.size())
            if not seen.contains(own):
                return f"cut off at {own} by {type(outer).__name__} {seen}"
            outer = outer.parentWidget()
        keyboard = self.shell.keyboard
        if keyboard.isVisible() and not keyboard.isAncestorOf(widget):
            under = QRect(keyboard.mapTo(window, QPoint(0, 0)), keyboard.size())
            if under.intersects(own):
                return f"under the keyboard {under} at {own}"
        hit = window.childAt(own.center())
        if hit is not widget and not widget.isAncestorOf(hit):
            return f"a finger on it touches {type(hit).__name__} {hit and hit.accessibleName()!r}"
        return ""


class BlindListener(Resident):
    """Blind, with headphones: read aloud and private listening on; touches everything
    once to hear it and again to choose it; listens to each page as it opens."""

    def __init__(self, qtbot, shell: Shell, speaker: Speaker, events: EventLog) -> None:
        super().__init__(qtbot, shell)
        self.speaker = speaker
        self.events = events
        self.before_last_choice = 0

    def said(self) -> list[str]:
        return [e.text for e in list(self.events.events) if e.kind == "started"]

    def heard(self, fragment: str, after: int) -> str:
        """Wait until an utterance (the ``after``-th or later) containing ``fragment`` starts."""
        self.qtbot.waitUntil(lambda: any(fragment in t for t in self.said()[after:]),
                             timeout=10_000)
        return next(t for t in self.said()[after:] if fragment in t)

    def touch(self, widget: QWidget) -> None:
        """One touch, through the window (``tests/ui/test_read_aloud.touch``)."""
        drag_into_view(widget)
        press_through_window(widget)
        release_through_window(widget)

    def state(self, widget: QWidget) -> tuple[object, ...]:
        """What a choosing touch on ``widget`` could change."""
        shell = self.shell
        model = shell.question.model if shell.current_screen == QUESTION else None
        target = shell.keyboard.target
        typed = target.text() if isinstance(target, QLineEdit) else (
            target.toPlainText() if isinstance(target, QPlainTextEdit) else None)
        checked = widget.isChecked() if isinstance(widget, QAbstractButton) else None
        return (shell.current_screen, model, checked, target, typed, shell.keyboard.isVisible(),
                shell.keyboard.layout_name)

    def tap(self, widget: QWidget) -> None:
        """Touch to hear (unless it was just chosen: a key then types again at one touch),
        then touch again to choose."""
        mode = self.shell.read_aloud_mode
        if mode.marked_control is not widget:
            before, state = len(self.said()), self.state(widget)
            self.touch(widget)
            assert mode.marked_control is widget, widget.accessibleName()
            assert self.state(widget) == state, f"a first touch chose {widget.accessibleName()!r}"
            if isinstance(widget, Key):
                assert self.heard(widget.accessibleName(), after=before).startswith(
                    widget.accessibleName())
        self.before_last_choice = len(self.said())
        self.touch(widget)

    def hold(self, key: Key) -> None:
        if self.shell.read_aloud_mode.marked_control is not key:
            self.touch(key)
        with self.qtbot.waitSignal(key.long_pressed, timeout=3000):
            press_through_window(key)
        release_through_window(key)

    def begin(self) -> None:
        bar = self.shell.top_bar
        before = len(self.said())
        self.touch(find_by_name(bar, "Read aloud: off"))  # acts at once
        assert self.shell.read_aloud_on
        self.heard("Read aloud is on", after=before)
        self.touch(find_by_name(self.shell.read_aloud_bar, "Private listening: off"))
        assert self.speaker.private_listening
        self.heard("Private listening is on", after=before)
        super().begin()

    def arrived(self, heading: str) -> None:
        super().arrived(heading)
        page = self.heard(heading, after=self.before_last_choice)
        if self.shell.current_screen == CHECK:
            # With private listening (headphones) the answers are read out too.
            answers = [p.text for p in self.shell.check.spoken_parts() if p.private]
            assert answers and all(a in page for a in answers), (answers, page)


# -- one journey, start to finish -------------------------------------------------------


def answer(resident: Resident, journey: Journey, page: str, action: tuple[Any, ...]) -> None:
    """``test_journeys.do`` by ``resident``, with every name in the resident's language."""
    kind, lang = action[0], resident.language
    shell = resident.shell
    screen = shell.question
    if kind == "none":
        return
    if kind == "type":
        (box,) = [w for w in screen.findChildren(QWidget)
                  if isinstance(w, (QLineEdit, QPlainTextEdit)) and w.isVisible()]
        resident.tap(box)
        resident.qtbot.waitUntil(lambda: shell.keyboard.isVisible() and shell.keyboard.target is box)
        resident.type_text(action[1])
    elif kind == "choose":
        for value in action[1:]:
            resident.tap(find_by_name(screen, option_label(journey, page, value, lang)))
    elif kind == "date":
        for part, text in zip(("day", "month", "year"), action[1:], strict=True):
            resident.tap(find_by_name(screen, ui_word(part, lang), QLineEdit))
            type_into = shell.keyboard.target
            assert type_into is not None and type_into.accessibleName() == ui_word(part, lang)
            resident.type_text(text)
    elif kind in ("place", "postcode"):
        if kind == "place":
            _, typed, place, details = action
            resident.tap(find_by_name(screen, word("street_search", lang), QLineEdit))
            resident.type_text(typed)
            resident.tap(find_by_name(screen, place))
        else:
            _, postcode, details = action
            resident.tap(find_by_name(screen, ui_word("postcode", lang), QLineEdit))
            resident.type_text(postcode)
        resident.tap(find_by_name(screen, ui_word("where", lang), QLineEdit))
        resident.type_text(details)
    else:  # pragma: no cover - a typo in a script
        raise AssertionError(kind)


def do_journey(resident: Resident, outbox: Outbox, journey: Journey, script: Script) -> str:
    """Welcome to confirmation; returns the stored submission's reference."""
    shell, lang = resident.shell, resident.language
    resident.begin()
    assert shell.current_screen == HOME
    resident.arrived(word("home_heading", lang))
    resident.settle_in()

    group = word(f"group_{journey.group}", lang)
    resident.tap(find_starting(shell.home, group + "."))
    assert shell.current_screen == SERVICES
    resident.arrived(group)
    resident.tap(find_starting(shell.services, localise(journey.title, lang) + "."))

    for _ in range(40):
        if shell.current_screen == CHECK:
            break
        current = page_id(shell)
        resident.arrived(shell.question.model.heading)  # type: ignore[union-attr]
        answer(resident, journey, current, script.answers[current])
        resident.tap(find_by_name(shell.question, ui_word("continue", lang)))
        if shell.current_screen == QUESTION:
            assert page_id(shell) != current, shell.question.model.errors  # type: ignore[union-attr]
    assert shell.current_screen == CHECK
    resident.arrived(ui_word("check_answers", lang))

    assert outbox.items() == []
    send = localise(journey.submit_label, lang) or ui_word("submit", lang)
    resident.tap(find_by_name(shell.check, send))
    assert shell.current_screen == CONFIRMATION
    content = shell.confirmation.content
    assert content is not None
    resident.arrived(content.title)
    (item,) = outbox.items()
    assert item.journey_id == journey.id and content.reference == item.reference
    return item.reference


def journey_of(journeys, script: Script) -> Journey:
    return next(j for j in journeys if j.id == script.journey)


# -- the three residents ----------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_a_resident_who_reads_only_welsh(qtbot, shell: Shell, outbox: Outbox, journeys,
                                         script: Script) -> None:
    resident = WelshReader(qtbot, shell)
    do_journey(resident, outbox, journey_of(journeys, script), script)
    (item,) = outbox.items()
    assert item.language == "cy"


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_a_resident_who_needs_200_percent_text(qtbot, shell: Shell, outbox: Outbox, journeys,
                                               script: Script) -> None:
    resident = LargeTextReader(qtbot, shell)
    do_journey(resident, outbox, journey_of(journeys, script), script)
    assert shell.text_size == 200


@pytest.fixture
def talking(qtbot, outbox: Outbox, journeys, tmp_path) -> Iterator[tuple[Shell, Speaker, EventLog]]:
    # Real espeak-ng; the silent output takes a tenth of the sound's real time.
    speaker = Speaker(output=SilentOutput(time_scale=0.1), temp_dir=tmp_path)
    assert speaker.available, speaker.unavailable_reason
    events = EventLog()
    speaker.add_listener(events)
    shell = open_window(qtbot, journeys, outbox_submitter(outbox, kiosk_id="t"), speaker=speaker)
    yield shell, speaker, events
    speaker.shutdown()


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_a_blind_resident_with_headphones(qtbot, talking, outbox: Outbox, journeys,
                                          script: Script) -> None:
    shell, speaker, events = talking
    resident = BlindListener(qtbot, shell, speaker, events)
    reference = do_journey(resident, outbox, journey_of(journeys, script), script)
    assert shell.read_aloud_on and speaker.private_listening
    resident.heard(spoken_characters(reference), after=resident.before_last_choice)


def test_a_200_percent_resident_who_put_the_keyboard_away_gets_it_back(
        qtbot, shell: Shell, journeys) -> None:
    resident = LargeTextReader(qtbot, shell)
    resident.begin()
    resident.settle_in()
    resident.tap(find_starting(shell.home, "Have your say."))
    resident.tap(find_starting(shell.services, "Sign a petition."))
    (script,) = [s for s in SCRIPTS if s.journey == "sign-petition"]
    journey = journey_of(journeys, script)
    for page in ("petition", "local"):
        answer(resident, journey, page, script.answers[page])
        resident.tap(find_by_name(shell.question, "Continue"))
    assert page_id(shell) == "full_name"
    box = find_by_name(shell.question, shell.question.model.label, QLineEdit)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: shell.keyboard.isVisible() and shell.keyboard.target is box)
    resident.tap(find_by_name(shell.keyboard, "Hide keyboard"))  # to see the whole page
    assert not shell.keyboard.isVisible()
    resident.tap(box)  # to type again
    qtbot.waitUntil(lambda: shell.keyboard.isVisible() and shell.keyboard.target is box,
                    timeout=2000)

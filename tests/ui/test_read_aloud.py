"""Read-aloud mode on the real touchscreen with the real espeak-ng voice (silent output).

Pages are read when they open, a new page interrupts, a first touch speaks and a second
chooses, typed answers need private listening, the reference is spelt out, and the next
resident gets the defaults back. What was said is read from the speaker's own events.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from accessibility.speech import DEFAULT_VOLUME, SilentOutput, Speaker, spoken_characters
from offline.outbox import Outbox
from tests.accessibility.conftest import EventLog
from tests.ui.conftest import open_window
from tests.ui.helpers import find_by_name, find_starting, shown_texts, tap, type_text
from tests.ui.helpers import touch as touch_through_window
from tests.ui.test_shell import go_to_petition_check
from ui.app import outbox_submitter
from ui.shell import CONFIRMATION, HOME, QUESTION, SERVICES, Shell
from ui.widgets import ScrollPage

PETITION = "Keep Southgate Library open on Saturdays"
EXPLAIN = "Touch something once to hear it. Touch it again to choose it."


@pytest.fixture
def voice(tmp_path) -> Iterator[tuple[Speaker, EventLog]]:
    # Real espeak-ng; the silent output takes a tenth of the sound's real time.
    speaker = Speaker(output=SilentOutput(time_scale=0.1), temp_dir=tmp_path)
    assert speaker.available, speaker.unavailable_reason
    events = EventLog()
    speaker.add_listener(events)
    yield speaker, events
    speaker.shutdown()


@pytest.fixture
def talking(qtbot, outbox: Outbox, journeys, voice) -> Iterator[tuple[Shell, Speaker, EventLog]]:
    speaker, events = voice
    shell = open_window(qtbot, journeys, outbox_submitter(outbox, kiosk_id="t"), speaker=speaker)
    yield shell, speaker, events


def touch(qtbot, widget: QWidget) -> None:
    """Touch ``widget`` the way the touchscreen does: through the window, so Qt finds what
    is under the finger (``tap`` sends the event to the widget itself)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    if isinstance(parent, ScrollPage):
        parent.ensureWidgetVisible(widget)
    touch_through_window(widget)


def touch_name(qtbot, root: QWidget, name: str, kind: type[QWidget] = QWidget) -> None:
    touch(qtbot, find_by_name(root, name, kind))


def said(events: EventLog) -> list[str]:
    """The text of every utterance the resident started to hear, in order."""
    return [e.text for e in list(events.events) if e.kind == "started"]


def wait_said(qtbot, events: EventLog, fragment: str, after: int = 0) -> str:
    """Wait until an utterance (the ``after``-th or later) containing ``fragment`` starts."""
    def heard() -> bool:
        return any(fragment in text for text in said(events)[after:])

    qtbot.waitUntil(heard, timeout=10_000)
    return next(text for text in said(events)[after:] if fragment in text)


def switch_on(qtbot, shell: Shell, events: EventLog) -> None:
    touch_name(qtbot, shell.top_bar, "Read aloud: off")
    assert shell.read_aloud_on
    wait_said(qtbot, events, "Read aloud is on")


def test_read_aloud_mode_explains_itself_and_reads_each_page_as_it_opens(qtbot, talking) -> None:
    shell, speaker, events = talking
    touch_name(qtbot, shell, "Touch to start")
    assert shell.current_screen == HOME and said(events) == []  # off: nothing is said
    button = find_by_name(shell.top_bar, "Read aloud: off", QPushButton)
    assert isinstance(button, QPushButton) and not button.isChecked()
    assert not shell.read_aloud_bar.isVisible()

    touch(qtbot, button)
    assert button.isChecked() and button.accessibleName() == "Read aloud: on"
    assert shell.read_aloud_bar.isVisible() and EXPLAIN in shown_texts(shell.read_aloud_bar)
    intro = wait_said(qtbot, events, "Read aloud is on")
    assert EXPLAIN in intro
    page = wait_said(qtbot, events, "What do you want to do?")
    assert "Report a problem" in page

    for name in ("Repeat", "Stop", "Slower", "Faster", "Quieter", "Louder",
                 "Private listening: off"):
        control = find_by_name(shell.read_aloud_bar, name, QPushButton)
        assert control.width() >= 72 and control.height() >= 72, (name, control.size())
        assert isinstance(control, QPushButton) and control.text() in control.accessibleName()

    # A second tap on Read aloud switches the mode off; taps choose at once again.
    touch(qtbot, button)
    assert not shell.read_aloud_on and not button.isChecked()
    assert button.accessibleName() == "Read aloud: off" and not shell.read_aloud_bar.isVisible()
    wait_said(qtbot, events, "Read aloud is off")
    touch(qtbot, find_starting(shell.home, "Have your say."))
    assert shell.current_screen == SERVICES


def test_first_touch_speaks_and_second_touch_chooses(qtbot, talking) -> None:
    shell, speaker, events = talking
    touch_name(qtbot, shell, "Touch to start")
    switch_on(qtbot, shell, events)

    tile = find_starting(shell.home, "Have your say.")
    before = len(said(events))
    touch(qtbot, tile)
    assert shell.current_screen == HOME  # heard, not chosen
    assert shell.read_aloud_mode.marked_control is tile
    assert wait_said(qtbot, events, "Have your say", after=before).startswith("Have your say")
    touch(qtbot, tile)
    assert shell.current_screen == SERVICES
    assert shell.read_aloud_mode.marked_control is None  # a new page forgets the mark

    sign = find_starting(shell.services, "Sign a petition")
    touch(qtbot, sign)
    touch(qtbot, sign)
    assert shell.current_screen == QUESTION
    wait_said(qtbot, events, shell.question.model.heading)  # type: ignore[union-attr]

    choice = find_by_name(shell.question, PETITION, QRadioButton)
    assert isinstance(choice, QRadioButton)
    before = len(said(events))
    touch(qtbot, choice)
    assert not choice.isChecked()
    assert wait_said(qtbot, events, PETITION, after=before).startswith(PETITION)
    before = len(said(events))
    touch(qtbot, choice)
    assert choice.isChecked()
    wait_said(qtbot, events, f"{PETITION}, selected", after=before)

    # The top bar's buttons follow the same rule: one touch on Help only says "Help".
    help_button = find_by_name(shell.top_bar, "Help")
    touch(qtbot, help_button)
    assert not shell.help_banner.isVisible()
    touch(qtbot, help_button)
    assert shell.help_banner.isVisible()


def test_a_new_page_stops_the_old_speech(qtbot, talking) -> None:
    shell, speaker, events = talking
    touch_name(qtbot, shell, "Touch to start")
    switch_on(qtbot, shell, events)
    wait_said(qtbot, events, "What do you want to do?")
    speaker.output.time_scale = 1.0  # type: ignore[attr-defined]  # long enough to cut short
    touch_name(qtbot, shell.read_aloud_bar, "Repeat")
    start = len(said(events))
    wait_said(qtbot, events, "What do you want to do?", after=start)
    assert speaker.speaking
    tile = find_starting(shell.home, "Report a problem.")
    touch(qtbot, tile)  # heard: the home page reading stops
    events.wait_for("interrupted")
    touch(qtbot, tile)
    assert shell.current_screen == SERVICES
    wait_said(qtbot, events, "Report fly-tipping", after=start)
    touch_name(qtbot, shell.read_aloud_bar, "Stop")
    events.wait_for("interrupted", count=2)


def test_the_error_summary_is_read_after_a_failed_continue(qtbot, talking) -> None:
    shell, speaker, events = talking
    touch_name(qtbot, shell, "Touch to start")
    touch(qtbot, find_starting(shell.home, "Have your say."))
    touch(qtbot, find_starting(shell.services, "Sign a petition"))
    switch_on(qtbot, shell, events)
    before = len(said(events))
    go_on = find_by_name(shell.question, "Continue")
    touch(qtbot, go_on)
    touch(qtbot, go_on)
    assert shell.question.model.errors  # type: ignore[union-attr]
    page = wait_said(qtbot, events, "There is a problem", after=before)
    assert page.startswith("There is a problem")
    assert shell.question.model.errors[0].message in page  # type: ignore[union-attr]


def test_typed_answers_are_spoken_only_with_private_listening(qtbot, talking) -> None:
    shell, speaker, events = talking
    touch_name(qtbot, shell, "Touch to start")
    touch(qtbot, find_starting(shell.home, "Have your say."))
    touch(qtbot, find_starting(shell.services, "Sign a petition"))
    touch_name(qtbot, shell.question, PETITION)
    touch_name(qtbot, shell.question, "Continue")
    touch_name(qtbot, shell.question, "Yes")
    touch_name(qtbot, shell.question, "Continue")
    model = shell.question.model
    assert model is not None
    box = find_by_name(shell.question, model.label, QLineEdit)
    touch(qtbot, box)
    type_text(qtbot, shell.keyboard, "Ann Lee")

    switch_on(qtbot, shell, events)
    page = wait_said(qtbot, events, model.heading)
    assert "Ann Lee" not in page and "Your answer is not read aloud" in page
    before = len(said(events))
    touch(qtbot, box)  # first touch: its name, not what is in it
    heard = wait_said(qtbot, events, model.label, after=before)
    assert "Ann Lee" not in heard
    assert "Turn on private listening to hear it" in heard
    assert shell.keyboard.target is box  # the keyboard stays with the field it was on

    touch_name(qtbot, shell.read_aloud_bar, "Private listening: off")
    assert speaker.private_listening
    assert find_by_name(shell.read_aloud_bar, "Private listening: on").isVisible()
    wait_said(qtbot, events, "Private listening is on")
    touch(qtbot, find_by_name(shell.question, "Continue"))  # mark something else first
    before = len(said(events))
    touch(qtbot, box)
    assert model.label in wait_said(qtbot, events, "Ann Lee", after=before)
    assert shell.read_aloud_mode.marked_control is box


def test_the_reference_is_spelt_out_on_the_confirmation_page(qtbot, talking) -> None:
    shell, speaker, events = talking
    go_to_petition_check(qtbot, shell)
    with qtbot.waitSignal(shell.submission_stored) as stored:
        touch(qtbot, shell.check.send_button)  # type: ignore[arg-type]
    assert shell.current_screen == CONFIRMATION
    reference = stored.args[0].reference
    switch_on(qtbot, shell, events)
    page = wait_said(qtbot, events, "Your reference")
    assert spoken_characters(reference) in page


def test_the_next_resident_gets_the_defaults_back(qtbot, talking) -> None:
    shell, speaker, events = talking
    touch_name(qtbot, shell, "Touch to start")
    switch_on(qtbot, shell, events)
    touch_name(qtbot, shell.read_aloud_bar, "Slower")
    touch_name(qtbot, shell.read_aloud_bar, "Slower")
    touch_name(qtbot, shell.read_aloud_bar, "Louder")
    touch_name(qtbot, shell.read_aloud_bar, "Private listening: off")
    assert speaker.rate < 1.0 and speaker.volume > DEFAULT_VOLUME and speaker.private_listening
    wait_said(qtbot, events, "Private listening is on")

    start_again = find_by_name(shell.top_bar, "Start again")
    touch(qtbot, start_again)  # heard
    assert shell.read_aloud_on
    touch(qtbot, start_again)  # chosen
    assert not shell.read_aloud_on and not shell.read_aloud_bar.isVisible()
    assert (speaker.rate, speaker.volume, speaker.private_listening) == (1.0, DEFAULT_VOLUME, False)
    assert find_by_name(shell.top_bar, "Read aloud: off").isVisible()
    touch_name(qtbot, shell, "Touch to start")  # one touch chooses again
    assert shell.current_screen == HOME
    switch_on(qtbot, shell, events)
    assert find_by_name(shell.read_aloud_bar, "Private listening: off").isVisible()


def test_the_same_in_welsh(qtbot, talking) -> None:
    shell, speaker, events = talking
    touch_name(qtbot, shell, "Cymraeg")
    touch_name(qtbot, shell.top_bar, "Darllen yn uchel: i ffwrdd")
    assert shell.read_aloud_on
    intro = wait_said(qtbot, events, "Mae darllen yn uchel ymlaen")
    assert "Cyffyrddwch â rhywbeth unwaith" in intro
    voice = next(e.voice for e in list(events.events) if e.kind == "started")
    assert voice == speaker.voice_for("cy")


def test_without_a_speech_engine_the_kiosk_says_so(qtbot, outbox: Outbox, journeys, tmp_path) -> None:
    broken = Speaker(driver="no_such_driver", output=SilentOutput(), temp_dir=tmp_path)
    try:
        for speaker in (None, broken):
            shell = open_window(qtbot, journeys, outbox_submitter(outbox, kiosk_id="t"),
                                speaker=speaker)
            touch_name(qtbot, shell, "Touch to start")
            touch_name(qtbot, shell.top_bar, "Read aloud: off")
            assert not shell.read_aloud_on
            message = ("Read aloud is not available on this kiosk. "
                       "Ask a member of staff for help.")
            assert message in shown_texts(shell.read_aloud_bar)
            touch_name(qtbot, shell.read_aloud_bar, "OK")
            assert not shell.read_aloud_bar.isVisible()
            touch(qtbot, find_starting(shell.home, "Report a problem."))
            assert shell.current_screen == SERVICES  # the kiosk carries on, one touch each
            shell.set_language("ur")
            touch(qtbot, shell.top_bar.read_aloud)
            (words,) = [w.text() for w in shell.read_aloud_bar.findChildren(QLabel)
                        if w.isVisible()]
            assert words == shell.tr_text("read_aloud_unavailable") and words != message
    finally:
        broken.shutdown()


def test_keys_are_heard_first_and_typed_on_the_second_touch(qtbot, talking) -> None:
    shell, speaker, events = talking
    tap(qtbot, find_by_name(shell, "Touch to start"))
    tap(qtbot, find_starting(shell.home, "Have your say."))
    tap(qtbot, find_starting(shell.services, "Sign a petition"))
    tap(qtbot, find_by_name(shell.question, PETITION))
    tap(qtbot, find_by_name(shell.question, "Continue"))
    tap(qtbot, find_by_name(shell.question, "Yes"))
    tap(qtbot, find_by_name(shell.question, "Continue"))
    switch_on(qtbot, shell, events)
    box = find_by_name(shell.question, shell.question.model.label, QLineEdit)  # type: ignore[union-attr]
    assert isinstance(box, QLineEdit)
    touch(qtbot, box)
    touch(qtbot, box)  # the second touch chooses the box: the keyboard comes up
    qtbot.waitUntil(lambda: shell.keyboard.isVisible() and shell.keyboard.target is box)
    key = find_by_name(shell.keyboard, "a")
    before = len(said(events))
    touch(qtbot, key)
    assert wait_said(qtbot, events, "a", after=before) == "a."
    assert box.text() == ""
    touch(qtbot, key)
    touch(qtbot, key)  # once chosen, each touch types it again
    assert box.text() == "aa"


def waiting_for_the_voice(qtbot, outbox: Outbox, journeys) -> tuple[Shell, QWidget]:
    """A window told its voice is coming (as kiosk run does), on the home screen, and its
    Read aloud button."""
    shell = open_window(qtbot, journeys, outbox_submitter(outbox, kiosk_id="t"))
    shell.expect_speaker()
    touch_name(qtbot, shell, "Touch to start")
    return shell, find_by_name(shell.top_bar, "Read aloud: off", QPushButton)


def test_read_aloud_tapped_before_the_voice_has_come_is_switched_on_when_it_comes(
        qtbot, outbox: Outbox, journeys, voice) -> None:
    # kiosk run gives the window its voice with the parts it loads after the first paint;
    # a resident quick enough to tap Read aloud before then is not told it is unavailable.
    speaker, events = voice
    shell, button = waiting_for_the_voice(qtbot, outbox, journeys)
    touch(qtbot, button)
    assert button.isChecked()  # the wish shows at once, and stays through a text size change
    touch_name(qtbot, shell.top_bar, "Text size 100%")
    assert button.isChecked() and button.accessibleName() == "Read aloud: on"
    assert not shell.read_aloud_bar.isVisible() and not shell.read_aloud_on
    shell.set_speaker(speaker)
    assert shell.read_aloud_on and button.accessibleName() == "Read aloud: on"
    assert EXPLAIN in shown_texts(shell.read_aloud_bar)
    wait_said(qtbot, events, "Read aloud is on")
    wait_said(qtbot, events, "What do you want to do?")


def test_a_second_tap_or_start_again_before_the_voice_comes_takes_the_wish_back(
        qtbot, outbox: Outbox, journeys, voice) -> None:
    speaker, events = voice
    shell, button = waiting_for_the_voice(qtbot, outbox, journeys)
    touch(qtbot, button)
    touch(qtbot, button)  # changed their mind
    assert not button.isChecked()
    touch(qtbot, button)
    touch_name(qtbot, shell.top_bar, "Start again")  # or the session ends
    assert not button.isChecked()
    shell.set_speaker(speaker)
    assert not shell.read_aloud_on and not shell.read_aloud_bar.isVisible()
    qtbot.wait(300)
    assert said(events) == []

"""The tutorials inside the kiosk: from the welcome screen to a practice by touch, the code
typed on the on-screen keyboard, and "Start again" forgetting the learner."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.tutorials.loader import load_tutorials
from offline.learners import LearnerStore
from offline.outbox import Outbox
from offline.store import Store
from tests.ui.conftest import open_window
from tests.ui.helpers import find_by_name, find_starting, shown_texts, tap, tap_name, type_text
from ui.app import outbox_submitter
from ui.shell import HOME, TUTORIALS, WELCOME, Shell
from ui.tutorials.player import TutorialPlayer
from ui.tutorials.practice import TapPractice

# The offscreen platform warns when a top-level window is shown; nothing of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def learning_shell(qtbot: QtBot, store: Store, outbox: Outbox, journeys) -> Shell:
    loads: list[int] = []

    def tutorials():  # a loader: the catalogue is read when a learner first needs it
        loads.append(1)
        return load_tutorials()

    shell = open_window(qtbot, journeys, outbox_submitter(outbox), tutorials=tutorials,
                        learners=LearnerStore(store))
    shell.tutorial_loads = loads  # type: ignore[attr-defined]
    return shell


def open_lessons(qtbot: QtBot, shell: Shell) -> TutorialPlayer:
    tap_name(qtbot, shell, "Touch to start")
    assert shell.current_screen == HOME
    with qtbot.waitSignal(shell.group_opened) as opened:
        tap(qtbot, find_starting(shell, "Learn digital skills"))
    assert opened.args == ["learn"]
    assert shell.current_screen == TUTORIALS
    player = shell.player
    assert isinstance(player, TutorialPlayer) and shell.stack.currentWidget() is player
    return player


def test_learn_tile_opens_the_player_and_a_tap_practice_is_done_by_touch(
        qtbot: QtBot, learning_shell: Shell, store: Store) -> None:
    shell = learning_shell
    assert shell.player is None and shell.tutorial_loads == []  # nothing loaded at start
    player = open_lessons(qtbot, shell)
    assert shell.tutorial_loads == [1]
    tap_name(qtbot, shell, "Start learning")
    code = player.progress.code if player.progress else ""
    assert len(code) == 7
    tap_name(qtbot, shell, "Continue")
    tap(qtbot, find_starting(shell, "Using a touchscreen. "))
    tap_name(qtbot, shell, "Continue")  # past the introduction, to "Tap"
    assert player.step_title.text() == "Tap"
    practice = player.practice
    assert isinstance(practice, TapPractice)
    assert find_by_name(shell, "Skip this practice") is player.step_continue
    for n in range(len(practice.task.sizes)):
        centre = practice.target_centre()
        point = QPoint(round(centre.x()), round(centre.y()))
        if n == len(practice.task.sizes) - 1:
            with qtbot.waitSignal(practice.succeeded, timeout=2000):
                qtbot.mouseClick(practice.canvas, Qt.MouseButton.LeftButton, pos=point)
        else:
            qtbot.mouseClick(practice.canvas, Qt.MouseButton.LeftButton, pos=point)
    assert find_by_name(shell, "Continue") is player.step_continue
    assert any(t.startswith("✓") for t in shown_texts(shell))
    saved = LearnerStore(store).load(code)
    assert saved is not None and saved.has_practised("touchscreen", "tap")

    # Start again forgets the learner on screen; the welcome screen shows.
    with qtbot.waitSignal(shell.session_ended):
        tap_name(qtbot, shell, "Start again")
    assert shell.current_screen == WELCOME
    assert player.progress is None and player.lesson is None
    assert player.stack.currentWidget() is player.start_page
    assert player.code_value.text() == "" and player.practice is None

    # The learner comes back and types the code on the kiosk's own keyboard.
    open_lessons(qtbot, shell)
    tap_name(qtbot, shell, "I have a learner code")
    field = find_by_name(shell, "Enter your learner code", QLineEdit)
    qtbot.waitUntil(lambda: shell.keyboard.isVisible() and shell.keyboard.target is field)
    type_text(qtbot, shell.keyboard, code)
    assert isinstance(field, QLineEdit) and field.text() == code
    tap_name(qtbot, shell, "Carry on learning")
    assert player.stack.currentWidget() is player.lessons_page
    assert player.progress is not None and player.progress.code == code


def test_leave_lessons_goes_home_and_language_follows_the_shell(
        qtbot: QtBot, learning_shell: Shell) -> None:
    shell = learning_shell
    player = open_lessons(qtbot, shell)
    tap_name(qtbot, shell, "Start learning")
    tap_name(qtbot, shell, "Continue")
    assert player.stack.currentWidget() is player.lessons_page
    # Choosing Cymraeg keeps the learner's place and shows the lessons in Welsh.
    tap(qtbot, find_starting(shell, "Language"))
    tap_name(qtbot, shell, "Cymraeg")
    assert shell.current_screen == TUTORIALS and player.progress is not None
    assert player.stack.currentWidget() is player.lessons_page
    assert player.lessons_leave.text() == player.catalogue.text("player.leave", "cy")
    tap(qtbot, player.lessons_leave)
    assert shell.current_screen == HOME and player.progress is None


def test_lessons_started_and_finished_are_counted(qtbot: QtBot, store: Store, outbox: Outbox,
                                                  journeys) -> None:
    from datetime import UTC, date, datetime

    from offline.stats import Stats, StatsRecorder, local_day

    stats = Stats(store)
    shell = open_window(qtbot, journeys, outbox_submitter(outbox), tutorials=load_tutorials,
                        learners=LearnerStore(store), usage=StatsRecorder(stats))
    player = open_lessons(qtbot, shell)
    tap_name(qtbot, shell, "Start learning")
    tap_name(qtbot, shell, "Continue")
    tap(qtbot, find_starting(shell, "Video calling basics. "))
    tap_name(qtbot, shell, "Continue")
    tap_name(qtbot, shell, "Continue")
    tap_name(qtbot, shell, "Skip this practice")
    with qtbot.waitSignal(player.finished, timeout=1000):
        tap_name(qtbot, shell, "Continue")
    today = date.fromisoformat(local_day(datetime.now(UTC)))
    (day,) = stats.daily(today, today)
    assert dict(day.tutorials_started) == {"video-calls": 1}
    assert dict(day.tutorials_completed) == {"video-calls": 1}


def test_the_keyboard_never_covers_a_practice_field(qtbot: QtBot, learning_shell: Shell) -> None:
    shell = learning_shell
    player = open_lessons(qtbot, shell)
    tap_name(qtbot, shell, "Start learning")
    tap_name(qtbot, shell, "Continue")
    player.open_lesson("keyboard")
    player.show_step(2)  # capitals: a practice field below a long explanation
    box = next(e for e in player.findChildren(QLineEdit) if e.isVisible())
    shell.resize(1280, 720)  # a short screen, so the page must scroll
    tap(qtbot, box)
    qtbot.waitUntil(lambda: shell.keyboard.isVisible() and shell.keyboard.target is box)

    def field_shown_above_keyboard() -> bool:
        top_left = box.mapTo(shell, QPoint(0, 0))
        keyboard_top = shell.keyboard.mapTo(shell, QPoint(0, 0)).y()
        return (not box.visibleRegion().isEmpty()
                and top_left.y() + box.height() <= keyboard_top)

    qtbot.waitUntil(field_shown_above_keyboard)


def test_the_practice_form_on_the_kiosk_sends_nothing_and_leaves_no_trace(
        qtbot: QtBot, learning_shell: Shell, outbox: Outbox) -> None:
    from ui.screens import QuestionScreen
    from ui.tutorials.practice import FormPractice

    shell = learning_shell
    player = open_lessons(qtbot, shell)
    tap_name(qtbot, shell, "Start learning")
    tap_name(qtbot, shell, "Continue")
    tap(qtbot, find_starting(shell, "Filling in an online form. "))
    for _ in range(2):
        tap_name(qtbot, shell, "Continue")
    practice = player.practice
    assert isinstance(practice, FormPractice)
    assert isinstance(practice.current_screen(), QuestionScreen)
    tap(qtbot, find_starting(practice, "A broken pavement"))
    tap(qtbot, find_by_name(practice, "Continue"))
    box = practice.question.field()
    assert isinstance(box, QLineEdit)
    shell.resize(1280, 720)  # a short screen: the lesson's page must scroll for the keyboard
    tap(qtbot, box)
    qtbot.waitUntil(lambda: shell.keyboard.isVisible() and shell.keyboard.target is box)
    qtbot.waitUntil(lambda: not box.visibleRegion().isEmpty() and box.mapTo(shell, QPoint(0, box.height())).y()
                    <= shell.keyboard.mapTo(shell, QPoint(0, 0)).y())  # the keyboard covers nothing
    type_text(qtbot, shell.keyboard, "SW1A-1AA")
    tap(qtbot, find_by_name(practice, "Continue"))
    assert practice.run.values["postcode"] == "SW1A 1AA"
    tap(qtbot, find_by_name(practice, "Continue"))  # the optional description, left empty
    assert practice.current_screen() is practice.check
    assert any("SW1A 1AA" in t for t in shown_texts(shell))
    with qtbot.waitSignal(practice.succeeded, timeout=1000):
        tap(qtbot, find_by_name(practice, "Send (practice)"))
    assert outbox.items() == [] and not any(outbox.status().counts.values())  # nothing in it
    assert not any("SW1A" in t for t in shown_texts(shell))
    assert find_by_name(shell, "Continue") is player.step_continue  # the practice counts

    # Halfway through again, then "Start again": nothing typed survives.
    tap_name(qtbot, shell, "Back")
    tap_name(qtbot, shell, "Continue")
    practice = player.practice
    assert isinstance(practice, FormPractice)
    practice.question.continued.emit("pothole")
    practice.question.continued.emit("CF10 1AA")
    with qtbot.waitSignal(shell.session_ended):
        tap_name(qtbot, shell, "Start again")
    assert player.practice is None and practice.run.values == {}
    assert not any("CF10 1AA" in t for t in shown_texts(shell))
    assert not any(isinstance(e, QLineEdit) and "CF10" in e.text() for e in shell.findChildren(QLineEdit))


def test_the_practice_form_changes_language_keeping_its_answers(
        qtbot: QtBot, learning_shell: Shell) -> None:
    from ui.tutorials.practice import FormPractice

    shell = learning_shell
    player = open_lessons(qtbot, shell)
    tap_name(qtbot, shell, "Start learning")
    tap_name(qtbot, shell, "Continue")
    player.open_lesson("online-form")
    player.show_step(2)
    practice = player.practice
    assert isinstance(practice, FormPractice)
    practice.question.continued.emit("light")
    box = practice.question.field()
    assert isinstance(box, QLineEdit)
    qtbot.keyClicks(box, "cf10 1aa")  # typed, not yet checked
    tap(qtbot, find_starting(shell, "Language"))
    tap_name(qtbot, shell, "Cymraeg")
    assert shell.current_screen == TUTORIALS and player.practice is practice  # the same run
    assert practice.run.values == {"problem": "light"}
    box = practice.question.field()
    assert isinstance(box, QLineEdit) and box.text() == "cf10 1aa"
    assert "Beth yw'r cod post lle mae'r broblem?" in practice.question.spoken_text()
    tap(qtbot, find_by_name(practice, "Parhau"))
    assert practice.run.values["postcode"] == "CF10 1AA"
    tap(qtbot, find_by_name(practice, "Yn ôl"))
    tap(qtbot, find_by_name(practice, "Yn ôl"))
    tap(qtbot, find_by_name(practice, "Parhau"))  # nothing lost on the way back
    assert practice.run.current_page_id == "postcode"

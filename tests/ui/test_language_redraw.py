"""A change of language (or text size) draws the screen shown again, in the new language,
on every kind of screen: the screens are drawn from the flow's state (``kiosk.flow``),
not left holding the words they were made with."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.i18n import load_catalogue, localise
from kiosk.journeys.messages import ui_word
from kiosk.progress_check import read_reference
from kiosk.session import STRINGS
from kiosk.tutorials.loader import load_tutorials
from offline.errors import StorageFull
from offline.learners import LearnerStore
from offline.outbox import Outbox
from offline.store import Store
from sync.progress import check_progress
from tests.sync.conftest import make_settings
from tests.ui.conftest import open_window
from tests.ui.helpers import find_by_name, find_starting, shown_texts, tap, tap_name, visible_names
from tests.ui.test_shell import go_to_petition_check
from ui.app import outbox_submitter
from ui.idle import DeletedScreen
from ui.shell import Shell

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

WORDS = load_catalogue()
LANGUAGE_BUTTON = {"en": "Language: English", "cy": "Iaith: Cymraeg"}
NAMES = {"en": "English", "cy": "Cymraeg", "ur": "اردو"}
TUTORIAL_START = {"en": "Start learning", "cy": "Dechrau dysgu", "ur": "سیکھنا شروع کریں"}

Words = Callable[[Shell, str], list[str]]  # what a screen must show in a language


def _petition(shell: Shell):  # type: ignore[no-untyped-def]
    return next(j for j in shell.journeys if j.id == "sign-petition")


def _to_welcome(qtbot: QtBot, shell: Shell) -> None:
    return None


def _to_home(qtbot: QtBot, shell: Shell) -> None:
    tap_name(qtbot, shell, "Touch to start")


def _to_services(qtbot: QtBot, shell: Shell) -> None:
    _to_home(qtbot, shell)
    tap(qtbot, find_starting(shell.home, "Report a problem."))


def _to_question(qtbot: QtBot, shell: Shell) -> None:
    _to_services(qtbot, shell)
    tap(qtbot, find_starting(shell.services, "Report a missed bin"))


def _to_confirmation(qtbot: QtBot, shell: Shell) -> None:
    go_to_petition_check(qtbot, shell)
    tap_name(qtbot, shell.check, "Sign the petition")


def _to_progress(qtbot: QtBot, shell: Shell) -> None:
    _to_home(qtbot, shell)
    tap(qtbot, find_starting(shell, "Check progress"))


def _to_tutorials(qtbot: QtBot, shell: Shell) -> None:
    _to_home(qtbot, shell)
    tap(qtbot, find_starting(shell, "Learn digital skills"))


def _to_deleted(qtbot: QtBot, shell: Shell) -> None:
    _to_question(qtbot, shell)
    shell.add_screen("deleted", DeletedScreen(lambda: shell.language, parent=shell.stack))
    shell.reset_session()  # as the wipe does, then the page that says so
    shell.show_screen("deleted")


def _to_languages(qtbot: QtBot, shell: Shell) -> None:
    _to_home(qtbot, shell)
    tap_name(qtbot, shell.top_bar, "Language: English")


SCREENS: dict[str, tuple[Callable[[QtBot, Shell], None], str, Words]] = {
    "welcome": (_to_welcome, "welcome",
                lambda s, lang: [WORDS.text("touch_to_start", lang)]),
    "home": (_to_home, "home", lambda s, lang: [WORDS.text("home_heading", lang)]),
    "services": (_to_services, "services", lambda s, lang: [WORDS.text("group_report", lang)]),
    "question": (_to_question, "question", lambda s, lang: [
        localise(next(j for j in s.journeys if j.id == "report-missed-bin").page("house").label,
                 lang)]),
    "check": (go_to_petition_check, "check", lambda s, lang: [ui_word("check_answers", lang)]),
    "confirmation": (_to_confirmation, "confirmation", lambda s, lang: [
        localise(_petition(s).confirmation.title, lang),
        localise(_petition(s).confirmation.next_steps, lang),
        WORDS.text("what_happens_next", lang), WORDS.text("status_queued", lang),
        WORDS.text("finish", lang)]),
    "progress": (_to_progress, "progress", lambda s, lang: [WORDS.text("group_check", lang)]),
    "tutorials": (_to_tutorials, "tutorials", lambda s, lang: [TUTORIAL_START[lang]]),
    "deleted": (_to_deleted, "deleted", lambda s, lang: [STRINGS.text("deleted_title", lang)]),
    "languages": (_to_languages, "notice", lambda s, lang: [WORDS.text("choose_language", lang)]),
}


def _shown(shell: Shell) -> set[str]:
    page = shell.stack.currentWidget()
    assert isinstance(page, QWidget)
    return set(shown_texts(page)) | set(visible_names(page))


def _choose_language(qtbot: QtBot, shell: Shell, old: str, new: str) -> None:
    """As a resident does it: the top bar's Language, then the language."""
    tap_name(qtbot, shell.top_bar, LANGUAGE_BUTTON[old])
    tap_name(qtbot, shell.notice, NAMES[new])


@pytest.fixture
def full_shell(qtbot: QtBot, store: Store, outbox: Outbox, journeys) -> Shell:
    """A kiosk with every kind of screen: tutorials and the progress check too."""
    settings = make_settings()
    return open_window(qtbot, journeys, outbox_submitter(outbox), tutorials=load_tutorials,
                       learners=LearnerStore(store),
                       check_progress=lambda ref: check_progress(settings, outbox, ref))


@pytest.mark.parametrize("kind", list(SCREENS))
def test_a_language_change_draws_the_screen_again_in_the_new_language(
        qtbot: QtBot, full_shell: Shell, kind: str) -> None:
    shell = full_shell
    reach, key, words = SCREENS[kind]
    reach(qtbot, shell)
    assert shell.current_screen == key
    english = words(shell, "en")
    assert set(english) <= _shown(shell), (kind, english)

    if kind == "languages":  # the languages page itself, in another language
        shell.set_language("cy")
    else:
        _choose_language(qtbot, shell, "en", "cy")
    assert shell.current_screen == key and shell.language == "cy"
    welsh = words(shell, "cy")
    shown = _shown(shell)
    assert set(welsh) <= shown, (kind, welsh, sorted(shown))
    assert not (set(english) - set(welsh)) & shown, (kind, sorted(shown))

    # Text size: drawn again, still in Welsh.
    tap_name(qtbot, shell.top_bar, WORDS.text("text_size", "cy", size=100))
    assert shell.current_screen == key and shell.text_size == 150
    assert set(welsh) <= _shown(shell), kind

    shell.set_language("ur")  # as the audit walk does it
    assert shell.current_screen == key
    urdu = words(shell, "ur")
    shown = _shown(shell)
    assert set(urdu) <= shown, (kind, urdu, sorted(shown))
    assert not (set(welsh) - set(urdu)) & shown, kind


def test_the_confirmation_page_keeps_its_reference_and_date_in_a_new_language(
        qtbot: QtBot, outbox: Outbox, journeys) -> None:
    shell = open_window(qtbot, journeys, outbox_submitter(outbox))
    _to_confirmation(qtbot, shell)
    before = shell.confirmation.content
    assert before is not None
    _choose_language(qtbot, shell, "en", "cy")
    after = shell.confirmation.content
    assert after is not None and after.language == "cy"
    assert (after.reference, after.created) == (before.reference, before.created)
    assert after.title != before.title and after.labels["next"] != before.labels["next"]
    shell.set_text_size(200)  # the reference one group to a line, still in Welsh
    content = shell.confirmation.content
    assert content is not None and content.language == "cy" and "\n" in content.reference_display


def test_not_saved_is_drawn_again_in_the_new_language(qtbot: QtBot, journeys) -> None:
    def full_disk(submission: object) -> object:
        raise StorageFull("The kiosk's disk is full or cannot be written to, so nothing was saved.")

    shell = open_window(qtbot, journeys, full_disk)
    go_to_petition_check(qtbot, shell)
    tap_name(qtbot, shell.check, "Sign the petition")
    assert WORDS.text("not_saved_heading", "en") in _shown(shell)
    _choose_language(qtbot, shell, "en", "cy")
    assert shell.current_screen == "notice"
    assert WORDS.text("not_saved_heading", "cy") in _shown(shell)
    tap_name(qtbot, shell.notice, WORDS.text("back_to_answers", "cy"))
    assert shell.current_screen == "check"
    assert ui_word("check_answers", "cy") in _shown(shell)


def test_a_typed_progress_reference_error_follows_the_language(
        qtbot: QtBot, full_shell: Shell) -> None:
    shell = full_shell
    _to_progress(qtbot, shell)
    field = find_by_name(shell, "Your reference", QLineEdit)
    assert isinstance(field, QLineEdit)
    field.setText("12")
    tap_name(qtbot, shell, "Check")
    english, welsh = read_reference("12", "en").error, read_reference("12", "cy").error
    assert english != welsh and english in _shown(shell)
    _choose_language(qtbot, shell, "en", "cy")
    assert shell.current_screen == "progress"
    shown = _shown(shell)
    assert welsh in shown and english not in shown


def test_under_the_staff_panel_the_screen_it_covers_is_kept(qtbot: QtBot, outbox: Outbox,
                                                             journeys) -> None:
    shell = open_window(qtbot, journeys, outbox_submitter(outbox))
    _to_question(qtbot, shell)
    shell.staff_opened()  # as the staff unlock does (the panel is drawn over the window)
    shell.set_language("cy")
    assert shell.current_screen == "question" and shell.run is not None
    assert SCREENS["question"][2](shell, "cy")[0] in _shown(shell)
    shell.staff_closed()
    assert shell.flow.screen == "question"
    shell.staff_opened()
    shell.reset_session()  # staff walked away: the session times out
    assert shell.current_screen == "welcome" and shell.flow.screen == "welcome"

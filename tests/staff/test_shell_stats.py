"""Statistics counted from journeys run on the real touchscreen: the shell reports what
happened to a ``StatsRecorder`` over a real store, and the staff panel's charts show it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from accessibility.speech import QuietVoice
from kiosk.i18n import localise
from offline.outbox import Outbox
from offline.stats import Stats, StatsRecorder, local_day
from tests.ui.conftest import open_window
from tests.ui.helpers import find_by_name, find_starting, tap, tap_name, text_inputs, type_text
from tests.ui.test_journeys import option_label
from ui.app import outbox_submitter
from ui.shell import CHECK, CONFIRMATION, QUESTION, Shell


def _today() -> date:
    return date.fromisoformat(local_day(datetime.now(UTC)))


def _choose(qtbot, shell: Shell, journey, page: str, value: str) -> None:  # type: ignore[no-untyped-def]
    tap(qtbot, find_by_name(shell.question, option_label(journey, page, value)))
    tap_name(qtbot, shell.question, "Continue")


def _type(qtbot, shell: Shell, text: str) -> None:
    (box,) = text_inputs(shell.question)
    tap(qtbot, box)
    qtbot.waitUntil(lambda: shell.keyboard.isVisible() and shell.keyboard.target is box)
    type_text(qtbot, shell.keyboard, text)
    tap_name(qtbot, shell.question, "Continue")


def test_sessions_on_the_touchscreen_are_counted(qtbot, outbox: Outbox, journeys) -> None:
    stats = Stats(outbox.store)
    shell = open_window(qtbot, journeys, outbox_submitter(outbox, kiosk_id="t"),
                        usage=StatsRecorder(stats), speaker=QuietVoice())  # speech is tested elsewhere
    petition = next(j for j in journeys if j.id == "sign-petition")
    title = localise(petition.title, "en")

    # A resident gives up on the first page after seeing an error.
    tap_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell.home, "Have your say."))
    tap(qtbot, find_starting(shell.services, title + "."))
    first_page = shell.question.model.page_id  # type: ignore[union-attr]
    tap_name(qtbot, shell.question, "Continue")
    assert shell.question.model.errors  # type: ignore[union-attr]
    tap_name(qtbot, shell.top_bar, "Start again")

    # The next resident makes the text bigger, has the page read aloud and signs.
    tap_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell.top_bar, "Text size"))
    tap(qtbot, find_starting(shell.home, "Have your say."))
    tap(qtbot, find_starting(shell.services, title + "."))
    tap_name(qtbot, shell.top_bar, "Read aloud: off")  # read-aloud mode on: counted once
    tap_name(qtbot, shell.top_bar, "Read aloud: on")  # and off again: taps choose at once
    for _ in range(12):
        if shell.current_screen != QUESTION:
            break
        model = shell.question.model
        assert model is not None
        if model.page_id == "full_name":
            _type(qtbot, shell, "Rhys ap Gruffydd")
        elif model.page_id == "postcode":
            _type(qtbot, shell, "EB1 9EQ")
        elif model.page_id == "email":
            tap_name(qtbot, shell.question, "Continue")
        elif model.page_id == "petition":
            _choose(qtbot, shell, petition, "petition", "keep-southgate-library")
        else:
            _choose(qtbot, shell, petition, model.page_id, "yes")
    assert shell.current_screen == CHECK
    tap_name(qtbot, shell.check, localise(petition.submit_label, "en"))
    assert shell.current_screen == CONFIRMATION

    [day] = stats.daily(_today(), _today())
    assert day.sessions == 2
    assert day.journeys_started == 2 and day.journeys_completed == 1 and day.journeys_abandoned == 1
    assert day.abandoned_at == {("sign-petition", first_page): 1}
    assert day.errors_by_question == {("sign-petition", first_page, first_page): 1}
    assert day.languages == {"en": 2}
    assert day.text_sizes == {"150": 1}
    assert day.read_aloud_sessions == 1
    # nothing a resident typed is in the statistics
    events = stats.events(_today(), _today())
    assert not any("Rhys" in str(e) or "EB1" in str(e) for e in events)

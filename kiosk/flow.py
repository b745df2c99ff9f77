"""The kiosk's screen flow: which screen is shown, and where each thing a resident does leads.

Decided here, without a window, and unit-tested as the journey engine is; ``ui.shell``
draws the flow's state and sends it what the resident did. The state
(``FlowState``) holds everything a screen is drawn from apart from the words, so a
change of language or text size draws the current screen again from it, in the new
language (the confirmation page too).

The resident's actions are the methods of ``Flow``:

=====================  ============================  =====================================
from                   action                        to
=====================  ============================  =====================================
welcome                ``start(language)``           home
home                   ``tile(group)``               services; the tutorials (learn) or
                                                     progress (check) when the group has
                                                     no journeys; help: staff are asked
services               ``tile(journey id)``          question (the journey's first page)
services               ``tile(ASK_STAFF)``           services (staff are asked)
services, progress     ``back()``                    home
question               ``continue_(raw)``            question (the next page, or the same
                                                     with its errors), check
question, check        ``back()``                    the page before; from the first page
                                                     the services it came from (abandoned)
check                  ``change(page id)``           question
check                  ``sent(reference, queued)``   confirmation (a ``Receipt``)
check                  ``not_saved()``               not-saved
not-saved              ``retry()``                   check
confirmation, ...      ``home()``                    home
progress               ``progress_checked(typed)``   progress: asking again (refused), or
                                                     checking, then ``progress_answered``
                                                     / ``progress_failed``
any                    ``open_languages()``          languages, over the screen
languages              ``choose_language(code)``,    the screen under it, drawn in the
                       ``back()``                    language now chosen
any                    ``start_again()``, ``wipe()`` welcome (everything of the resident
                                                     forgotten); out of service stays
any                    ``show(key)``                 a screen added by another part (the
                                                     "We deleted your answers" page)
deleted, ...           ``welcome()``                 welcome
any                    ``staff_unlocked()``          staff, over the screen
staff                  ``staff_closed()``            the screen under it
staff                  ``start_practice()``          welcome, in practice (the session
                                                     before it wiped)
check, in practice     ``practice_sent()``           confirmation (a practice receipt:
                                                     nothing stored or sent)
staff                  ``end_practice()``            welcome (wiped, practice over)
any, closed            ``close(opens)``,             closed ("This kiosk is closed"), and
                       ``open_()``                   welcome again when it opens
=====================  ============================  =====================================

**Practice** (staff training, or showing a resident how it works): ``practice`` is on from
``start_practice`` until the next wipe (Start again, Finish, the idle wipe) or
``end_practice`` from the staff corner. While it is on every page carries the practice
band (the shell draws it), a finished journey is never stored (``practice_sent`` instead of
``sent``: the receipt says so and has no real reference) and the usage statistics are told
(``Usage.record_practice``), so practice is counted apart from residents.

What is counted for the usage statistics (``Usage``; counts only, never answers) is
decided here too: sessions, languages and text sizes chosen, journeys started,
finished and given up (with the page given up on), and errors by page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from kiosk.progress_check import read_reference
from kiosk.receipt import PRACTICE_REFERENCE, Receipt

if TYPE_CHECKING:
    from kiosk.journeys.engine import JourneyRun
    from kiosk.journeys.gazetteer import Gazetteer
    from kiosk.journeys.model import Journey

# The journeys (``kiosk.journeys``, and ``kiosk.navigation`` which reads them) are
# imported when a resident first leaves the welcome screen: a kiosk's first paint
# does not wait for them (tests/ui/test_start_light.py).

# Screens (the shell's own screens have these keys too).
WELCOME = "welcome"
HOME = "home"
SERVICES = "services"
QUESTION = "question"
CHECK = "check"
CONFIRMATION = "confirmation"
NOT_SAVED = "not-saved"
OUT_OF_SERVICE = "out-of-service"
LANGUAGES = "languages"
TUTORIALS = "tutorials"
PROGRESS = "progress"
STAFF = "staff"
DELETED = "deleted"  # added by ui.shared_machine; shown with ``show(DELETED)``
CLOSED = "closed"  # outside the opening hours (kiosk.hours): "This kiosk is closed"

ASK_STAFF = "ask-staff-now"  # the first tile under "Get help from staff"
CHECK_GROUP = "check"  # the home tile "Check progress"
CHECK_ANSWERS_PAGE = "check_answers"  # the page counted when a resident stops there

# Phases of the progress page.
ASK = "ask"
CHECKING = "checking"
ANSWER = "answer"
FAILED = "failed"

# Screens that are over another one, which they go back to.
_OVER = (LANGUAGES, STAFF)
DEFAULT_TEXT_SIZE = 100  # kiosk.navigation.TEXT_SIZES[0]


class Usage(Protocol):
    """The usage statistics (``offline.stats.StatsRecorder``): counts only."""

    def record_session_started(self) -> None: ...
    def record_session_ended(self) -> None: ...
    def record_language(self, language: str, /) -> None: ...
    def record_text_size(self, size: int, /) -> None: ...
    def record_journey_started(self, journey_id: str, /) -> None: ...
    def record_journey_completed(self, journey_id: str, /) -> None: ...
    def record_journey_abandoned(self, journey_id: str, page: str, /) -> None: ...
    def record_page_error(self, journey_id: str, page: str, question: str | None, /) -> None: ...
    def record_practice(self, on: bool, /) -> None: ...


@dataclass(frozen=True)
class Progress:
    """The progress page: asking for a reference (``typed`` is what was refused, if
    anything), checking ``reference``, or its ``answer`` (a ``sync.progress`` answer,
    worded in any language by its ``message(language)``) or a failed check."""

    phase: str = ASK
    typed: str = ""
    reference: str = ""
    answer: object = None

    def error(self, language: str) -> str:
        """Why ``typed`` is not a reference, in ``language`` ("" when nothing was refused)."""
        return read_reference(self.typed, language).error if self.typed else ""


@dataclass(frozen=True)
class FlowState:
    """Which screen is shown, and what it is drawn from besides the words.

    ``group``: the home tile whose services are listed (a journey given up on its first
    page goes back to it). ``receipt``: what the confirmation page says. ``progress``:
    the progress page. ``model``: what a screen added by another part is entered with.
    ``under``: the screen the languages page or the staff panel covers.
    The journey in progress is ``Flow.run`` (the journey engine)."""

    screen: str
    group: str = ""
    receipt: Receipt | None = None
    progress: Progress | None = None
    model: object = None
    under: FlowState | None = None


def _nothing() -> None:
    return None


def _no_group(_group: str) -> None:
    return None


class Flow:
    """The screen flow of one kiosk window, and the resident's choices: language, text
    size and contrast (all back to the kiosk's defaults at the wipe).

    ``journeys`` and ``gazetteer`` are loaders (called when a resident first needs them).
    ``tutorials_available()``: the tutorials are installed (the "learn" tile opens them).
    ``progress_check``: the "check" tile opens the progress page. ``help_requested()``
    and ``group_opened(group)`` are told when a tile asks for staff or has no journeys.
    ``clock`` dates the receipt; ``today`` is the journeys' date rules' clock.
    """

    def __init__(
        self,
        *,
        languages: Sequence[str],
        journeys: Callable[[], Sequence[Journey]],
        gazetteer: Callable[[], Gazetteer | None] = lambda: None,
        tutorials_available: Callable[[], bool] = lambda: False,
        progress_check: bool = False,
        help_requested: Callable[[], None] = _nothing,
        group_opened: Callable[[str], None] = _no_group,
        usage: Usage | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self.languages: tuple[str, ...] = tuple(languages) or ("en",)
        self._journeys = journeys
        self._gazetteer = gazetteer
        self._tutorials_available = tutorials_available
        self.progress_check = progress_check
        self._help_requested = help_requested
        self._group_opened = group_opened
        self._usage = usage
        self._today = today
        self._clock = clock
        self.language = self.languages[0]
        self.text_size = DEFAULT_TEXT_SIZE
        self.high_contrast = False
        self.out_of_service = False
        self.practice = False
        self.closed_until: dt.datetime | None = None  # closed (kiosk.hours): when it opens
        self._closed = False
        self.run: JourneyRun | None = None
        self.state = FlowState(WELCOME)

    def set_usage(self, usage: Usage | None) -> None:
        """Count what residents do from now on (given once the kiosk's parts are loaded)."""
        self._usage = usage

    # -- what is shown ---------------------------------------------------------------------
    @property
    def screen(self) -> str:
        """The screen shown (``STAFF`` while the staff panel covers the window)."""
        return self.state.screen

    @property
    def drawn(self) -> FlowState:
        """The state of the page drawn in the window: under the staff panel, the screen it
        covers (the panel is drawn over the window, not in it)."""
        state = self.state
        while state.screen == STAFF and state.under is not None:
            state = state.under
        return state

    def services(self) -> list[Journey]:
        """The journeys the services screen lists, in order of their title now."""
        from kiosk import navigation

        return navigation.services_in(self._journeys(), self.drawn.group, self.language)

    @property
    def offers_ask_staff(self) -> bool:
        """The services screen starts with "Ask a member of staff now" (the help group)."""
        from kiosk import navigation

        return self.drawn.group == navigation.HELP_GROUP

    # -- the resident's choices --------------------------------------------------------------
    def set_language(self, language: str) -> None:
        """Show everything in ``language`` from now on; answers stay. A change is counted
        unless it is made on the welcome screen (starting a session counts it)."""
        changed = language != self.language
        self.language = language
        if self.run is not None:
            self.run.set_language(language)
        if changed and self.drawn.screen != WELCOME and self._usage is not None:
            self._usage.record_language(language)

    def set_text_size(self, size: int) -> None:
        if size != self.text_size and self._usage is not None:
            self._usage.record_text_size(size)
        self.text_size = size

    def next_text_size(self) -> None:
        """The top bar's Text size: 100, 150, 200 % and round again."""
        from kiosk import navigation

        self.set_text_size(navigation.next_text_size(self.text_size))

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on

    def keep_answer(self, raw: object) -> None:
        """Keep what is in the question page's fields now (before the page is drawn again,
        or left for the languages page), without checking it."""
        run = self.run
        if self.state.screen == QUESTION and run is not None and not run.at_check_answers:
            if run.journey.page(run.current_page_id).is_question:
                run.answer(raw)

    # -- moving between screens --------------------------------------------------------------
    def welcome(self) -> None:
        """The welcome screen (or "This kiosk is not working" once the kiosk is out of
        service, "This kiosk is closed" outside its opening hours)."""
        if self.out_of_service:
            self.state = FlowState(OUT_OF_SERVICE)
        elif self._closed and not self.practice:  # staff may practise before opening
            self.state = FlowState(CLOSED, model=self.closed_until)
        else:
            self.state = FlowState(WELCOME)

    @property
    def is_closed(self) -> bool:
        """Outside the opening hours (``close``): "This kiosk is closed" is shown."""
        return self._closed

    # -- practice --------------------------------------------------------------------------
    def start_practice(self) -> None:
        """Staff started a practice session: whatever was on the kiosk is wiped, then the
        welcome screen, with the practice band, and nothing sent until practice ends."""
        self.wipe()
        self.practice = True
        if self._usage is not None:
            self._usage.record_practice(True)
        self.welcome()

    def end_practice(self) -> None:
        """Staff ended practice (the staff corner): wiped, and back to a resident's kiosk."""
        self.wipe()

    def practice_sent(self) -> Receipt | None:
        """A journey finished in practice: the practice receipt (no reference, nothing
        stored, nothing sent), and the journey's answers forgotten."""
        if not self.practice:
            return None
        return self.sent(PRACTICE_REFERENCE, queued=False)

    # -- opening hours ---------------------------------------------------------------------
    def close(self, opens: dt.datetime | None) -> None:
        """The opening hours ended: the session is wiped (practice too) and "This kiosk is
        closed" is shown, with when it opens (``None``: no opening known)."""
        if self.out_of_service:
            return
        if self.state.screen != WELCOME or self.run is not None or self.practice:
            self.wipe()
        self._closed = True
        self.closed_until = opens
        self.welcome()

    def open_(self) -> None:
        """The opening hours started: the welcome screen."""
        was = self._closed
        self._closed = False
        self.closed_until = None
        if was:
            self.welcome()

    def start(self, language: str | None = None) -> None:
        """The resident left the welcome screen (in ``language``, when they chose one)."""
        if language is not None:
            self.language = language
        if self._usage is not None:
            self._usage.record_session_started()
            self._usage.record_language(self.language)
        self.home()

    def home(self) -> None:
        """The home screen's tiles (the journey in progress, if any, is let go)."""
        self.run = None
        self.state = FlowState(HOME)

    def tile(self, key: str) -> None:
        """A tile was tapped: a group on the home screen, a journey on the services screen."""
        if self.state.screen == SERVICES:
            self.open_journey(key)
        else:
            self.open_group(key)

    def open_group(self, group: str) -> None:
        """A home tile: the group's services (or what the group opens when it has none)."""
        from kiosk import navigation

        found = navigation.services_in(self._journeys(), group, self.language)
        if not found and group == navigation.HELP_GROUP:
            self._help_requested()
            return
        if not found:
            self._group_opened(group)
            if group == navigation.LEARN_GROUP and self._tutorials_available():
                self.state = FlowState(TUTORIALS)
                return
            if group == CHECK_GROUP and self.progress_check:
                self.open_progress()
                return
        self.state = FlowState(SERVICES, group=group)

    def open_journey(self, journey_id: str) -> None:
        """A services tile: the journey's first page (or staff asked, for ASK_STAFF)."""
        from kiosk.journeys.engine import JourneyRun

        if journey_id == ASK_STAFF:
            self._help_requested()
            return
        journey = next(j for j in self._journeys() if j.id == journey_id)
        self.run = JourneyRun(journey, self.language, gazetteer=self._gazetteer(),
                              today=self._today)
        if self._usage is not None:
            self._usage.record_journey_started(journey.id)
        self._show_run()

    def _show_run(self) -> None:
        run = self.run
        if run is None:
            self.home()
            return
        self.state = FlowState(CHECK if run.at_check_answers else QUESTION, group=self.state.group)

    def continue_(self, raw: object) -> None:
        """Continue on a question page, with what is in its fields (None on other pages)."""
        run = self.run
        if run is None or self.state.screen != QUESTION:
            return
        page = run.journey.page(run.current_page_id)
        if page.is_question:
            run.answer(raw)
        errors = run.continue_()
        if self._usage is not None:
            for error in errors:
                self._usage.record_page_error(run.journey.id, page.id, error.question)
        self._show_run()

    def change(self, page_id: str) -> None:
        """Change an answer from check your answers."""
        if self.run is not None:
            self.run.change(page_id)
            self._show_run()

    def back(self) -> None:
        """Back: the page before, or the screen this one was reached from."""
        state = self.state
        if state.screen in _OVER:
            self.state = state.under or FlowState(HOME)
            return
        if state.screen in (QUESTION, CHECK):
            run = self.run
            if run is not None and run.back():
                self._show_run()
                return
            if run is not None:
                self._abandon(run)
            self.run = None
            if state.group:
                self.open_group(state.group)
            else:
                self.home()
            return
        self.home()

    def _abandon(self, run: JourneyRun) -> None:
        """The resident left ``run`` unfinished: count the page they stopped on (its id only)."""
        if self._usage is None:
            return
        page = CHECK_ANSWERS_PAGE if run.at_check_answers else run.current_page_id
        self._usage.record_journey_abandoned(run.journey.id, page)

    def sent(self, reference: str, *, queued: bool) -> Receipt | None:
        """The journey was stored as ``reference`` (``queued``: to be sent when the kiosk is
        online): the confirmation page, and the journey's answers forgotten."""
        run = self.run
        if run is None:
            return None
        receipt = Receipt(run.journey, reference, queued, self._clock(), self.fee_due(),
                          practice=self.practice)
        if self._usage is not None:
            self._usage.record_journey_completed(run.journey.id)
        run.reset()
        self.run = None
        self.state = FlowState(CONFIRMATION, group=self.state.group, receipt=receipt)
        return receipt

    def fee_due(self) -> int | None:
        """What the journey under way costs for its answers so far, in pence (None: free),
        for "You will need to pay £25.50" before sending and on check your answers."""
        run = self.run
        if run is None or run.journey.fee is None:
            return None
        from kiosk.fees import journey_fee_pence

        return journey_fee_pence(run.journey, run.values)

    def not_saved(self) -> None:
        """Storing the answers failed: "Your answers were not saved" (the answers stay)."""
        self.state = FlowState(NOT_SAVED, group=self.state.group)

    def retry(self) -> None:
        """"Go back to your answers" after a failed save."""
        if self.run is not None and self.run.at_check_answers:
            self._show_run()
        else:
            self.home()

    def open_languages(self) -> None:
        """The languages page, over the screen shown (opened again, it keeps what it covers)."""
        if self.state.screen != LANGUAGES:
            self.state = FlowState(LANGUAGES, under=self.state)

    def choose_language(self, language: str) -> None:
        """A language on the languages page: the screen it covers, in that language."""
        self.set_language(language)
        self.back()

    def show(self, key: str, model: object = None) -> None:
        """A screen another part added (``DELETED``), entered with ``model``."""
        self.state = FlowState(key, model=model)

    def staff_unlocked(self) -> None:
        """Staff entered their PIN: the staff panel covers the screen."""
        if self.state.screen != STAFF:
            self.state = FlowState(STAFF, under=self.state)

    def staff_closed(self) -> None:
        """Staff went back to the kiosk: the screen the panel covered."""
        if self.state.screen == STAFF:
            self.state = self.state.under or FlowState(WELCOME)

    def stop_service(self) -> None:
        """The kiosk cannot store anything (a broken database): "This kiosk is not
        working", from now on, whatever is tapped (practice ends)."""
        self.out_of_service = True
        self.practice = False
        self.state = FlowState(OUT_OF_SERVICE)

    def start_again(self) -> None:
        """Start again (and Finish): the same as the wipe."""
        self.wipe()

    def wipe(self) -> None:
        """Forget everything of the resident (a journey given up is counted) and show the
        welcome screen in the kiosk's first language at the default text size."""
        run = self.run
        if run is not None:
            self._abandon(run)
            run.reset()
        self.run = None
        self.language = self.languages[0]
        self.text_size = DEFAULT_TEXT_SIZE
        self.high_contrast = False
        ended_practice = self.practice
        self.practice = False
        self.welcome()
        if self._usage is not None:
            self._usage.record_session_ended()
            if ended_practice:
                self._usage.record_practice(False)

    # -- check progress ----------------------------------------------------------------------
    def open_progress(self) -> None:
        """The progress page, asking for a reference."""
        self.state = FlowState(PROGRESS, progress=Progress())

    def progress_checked(self, typed: str) -> str | None:
        """The resident asked to check ``typed``: the reference to look up, or None when it
        is not one (the page asks again and says why)."""
        checked = read_reference(typed, self.language)
        if checked.reference is None:
            self.state = FlowState(PROGRESS, progress=Progress(ASK, typed=typed))
            return None
        self.state = FlowState(PROGRESS, progress=Progress(CHECKING, reference=checked.reference))
        return checked.reference

    def progress_answered(self, answer: object) -> None:
        """The council's answer came (shown if the resident is still waiting for it)."""
        self._progress_came(ANSWER, answer)

    def progress_failed(self) -> None:
        self._progress_came(FAILED, None)

    def _progress_came(self, phase: str, answer: object) -> None:
        def answered(state: FlowState) -> FlowState | None:
            if state.screen in _OVER and state.under is not None:
                under = answered(state.under)
                return None if under is None else dataclasses.replace(state, under=under)
            progress = state.progress
            if state.screen != PROGRESS or progress is None or progress.phase != CHECKING:
                return None
            return dataclasses.replace(
                state, progress=dataclasses.replace(progress, phase=phase, answer=answer))

        new = answered(self.state)
        if new is not None:
            self.state = new


__all__ = [
    "ANSWER", "ASK", "ASK_STAFF", "CHECK", "CLOSED", "CHECKING", "CHECK_ANSWERS_PAGE", "CHECK_GROUP",
    "CONFIRMATION", "DELETED", "FAILED", "Flow", "FlowState", "HOME", "LANGUAGES", "NOT_SAVED",
    "OUT_OF_SERVICE", "PROGRESS", "Progress", "QUESTION", "SERVICES", "STAFF", "TUTORIALS",
    "Usage", "WELCOME",
]

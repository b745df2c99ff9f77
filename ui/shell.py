"""The kiosk's window: a top bar that never moves, a stack of screens, and the keyboard.

The shell draws the state of the kiosk's screen flow (``kiosk.flow.Flow``) and sends it
what residents do on the screens; it decides nothing itself: the flow says which screen
is shown and where Back, Start again, a language or a tile leads, the journey engine
(``kiosk.journeys.engine.JourneyRun``) which page comes next and what an error says,
``kiosk.receipt`` what the confirmation page says. A change of language, text size or
contrast draws the current screen again from the flow's state.

Other parts plug in here: ``add_screen``/``show_screen`` for new screens (tutorials,
staff panel), ``overlay_host`` for overlays (idle warning), ``reset_session`` to wipe
everything, and the signals below.

"Read aloud" in the top bar switches read-aloud mode (``ui.read_aloud``): each page is
read when it opens, a first touch speaks a control and a second chooses it, and a bar
under the top bar holds Repeat, Stop, rate, volume and private listening.

The "Learn digital skills" tile opens the tutorial player (``ui.tutorials``) and "Check
progress" opens the progress page (``ui.progress``) when the shell is given their parts.
Journeys, the gazetteer, the tutorials and the learner store may be given as callables
that load them: the welcome screen needs none of them, so they load when first needed.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from accessibility.speech import Voice
from kiosk import flow
from kiosk.config import Settings
from kiosk.flow import ASK_STAFF, CHECK_GROUP, Flow, FlowState
from kiosk.i18n import LANGUAGE_NAMES, Catalogue, is_rtl, localise
from kiosk.references import format_reference
from offline.errors import StorageError
from ui import theme
from ui.read_aloud import ReadAloud, ReadAloudBar, speech_available
from ui.read_aloud import stylesheet as read_aloud_stylesheet
from ui.welcome import Screen, WelcomeModel, WelcomeScreen, defer
from ui.widgets import (
    FlowLayout,
    button,
    label,
    rename,
    set_label_text,
    set_start_margins,
)

if TYPE_CHECKING:
    from kiosk.journeys.engine import JourneyRun
    from kiosk.journeys.gazetteer import Gazetteer
    from kiosk.journeys.model import Journey
    from ui.keyboard import AfterRelease, OnScreenKeyboard
    from ui.progress import ProgressLookup, ProgressPage, ProgressScreen
    from ui.screens import CheckAnswersScreen, ConfirmationScreen, NoticeScreen, QuestionScreen
    from ui.tiles import TilesModel, TilesScreen

# Only the top bar and the welcome screen are made before the window is first painted;
# the other screens and the keyboard are made (and their modules imported) when first
# shown, so a kiosk starts as fast as a window with a few words in it.

log = logging.getLogger(__name__)

# The screens' widgets, by key (the flow's screens of the same name are drawn on them;
# the languages page, "Your answers were not saved" and "not working" on NOTICE).
WELCOME = flow.WELCOME
HOME = flow.HOME
SERVICES = flow.SERVICES
QUESTION = flow.QUESTION
CHECK = flow.CHECK
CONFIRMATION = flow.CONFIRMATION
NOTICE = "notice"
TUTORIALS = flow.TUTORIALS
PROGRESS = flow.PROGRESS


class ReceiptLike(Protocol):
    @property
    def reference(self) -> str: ...


SubmitFn = Callable[[Any], ReceiptLike]


def _resolve(source: Any) -> Any:
    """``source`` itself, or what it returns when it is a loader (a callable)."""
    return source() if callable(source) else source


def _printer_available() -> bool:
    from ui.receipt import default_printer_available

    return default_printer_available()


def _print_html_if(can_print: Callable[[], bool]) -> Callable[[str], bool]:
    """Print a page of HTML when a printer is there (the tutorial certificate)."""

    def print_html_if(html: str) -> bool:
        from ui.receipt import print_html

        return can_print() and bool(print_html(html))

    return print_html_if


CONTRAST_SIGN = "\u25d0"  # ◐, the usual sign for contrast


class TopBar(QFrame):
    """Help, Read aloud, Text size, High contrast, Language and Start again, always in the
    same place.

    Signals:
        help_requested, read_aloud_requested, text_size_requested, contrast_requested,
        language_requested, start_again_requested: the button of that name was tapped.
    """

    help_requested = Signal()
    read_aloud_requested = Signal()
    text_size_requested = Signal()
    contrast_requested = Signal()
    language_requested = Signal()
    start_again_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TopBar")
        row = FlowLayout(self, spacing=12, flexible_first=True)
        row.setContentsMargins(16, 8, 16, 8)
        self.council = label("", self, role="bar-title")
        row.addWidget(self.council)
        self.help = button("Help", self, role="bar")
        self.read_aloud = button("Read aloud", self, role="bar")
        self.read_aloud.setCheckable(True)  # on while read-aloud mode is on
        self.text_size = button("Text size", self, role="bar")
        # The display control beside text size: on (checked) while high contrast is on.
        self.contrast = button("High contrast", self, role="bar")
        self.contrast.setCheckable(True)
        self.language = button("Language", self, role="bar")
        self.start_again = button("Start again", self, role="bar")
        for b, sig in (
            (self.help, self.help_requested),
            (self.read_aloud, self.read_aloud_requested),
            (self.text_size, self.text_size_requested),
            (self.contrast, self.contrast_requested),
            (self.language, self.language_requested),
            (self.start_again, self.start_again_requested),
        ):
            b.clicked.connect(sig.emit)
            row.addWidget(b)


class Shell(QWidget):
    """The kiosk window.

    Attributes:
        stack: the screens, one showing at a time.
        keyboard: the on-screen keyboard, shown under the page while a field is in use.
        language, text_size, high_contrast: the resident's current choices.

    Signals:
        help_requested: the resident asked for a member of staff (Help, or the help tile).
        session_started: a resident left the welcome screen.
        session_ended: everything of the last resident was wiped (Start again, Finish).
        screen_changed: a screen was shown. arg: its key.
        submission_stored: a journey was stored. arg: the receipt.
        group_opened: a home tile with no journeys was tapped (e.g. "learn"). arg: group.
        practice_changed: a staff practice session started (True) or ended (False).
    """

    help_requested = Signal()
    session_started = Signal()
    session_ended = Signal()
    screen_changed = Signal(str)
    submission_stored = Signal(object)
    group_opened = Signal(str)
    practice_changed = Signal(bool)

    def __init__(
        self,
        *,
        settings: Settings,
        journeys: Sequence[Journey] | Callable[[], Sequence[Journey]],
        submit: SubmitFn,
        speaker: Voice | None = None,
        strings: Catalogue,
        gazetteer: Gazetteer | Callable[[], Gazetteer | None] | None = None,
        connected: Callable[[], bool] = lambda: False,
        can_print: Callable[[], bool] | None = None,
        usage: Any = None,
        today: Callable[[], dt.date] = dt.date.today,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        tutorials: Any = None,
        learners: Any = None,
        check_progress: Callable[[str], Any] | None = None,
        frameless: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``tutorials``: a ``kiosk.tutorials.TutorialCatalogue`` or a callable that loads
        one; ``learners``: a ``kiosk.tutorials.ProgressStore`` (or a callable giving one).
        ``check_progress(reference)``: ``sync.progress.check_progress`` bound to the outbox;
        it runs on a worker thread. Without them those home tiles list nothing.
        ``can_print()``: whether a printer is there (default: ask Qt's print support).
        ``clock``: the date and time on the receipt. ``today``: the journeys' date rules.
        ``frameless``: the fullscreen kiosk window (no frame, above other windows), as the
        lockdown makes it."""
        super().__init__(parent)
        if frameless:  # a kiosk's window: set before its widgets exist (later, 10 ms of relayout)
            self.setWindowFlags(self.windowFlags() | Qt.WindowType.FramelessWindowHint
                                | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("Shell")
        self.settings = settings
        # A JourneyRegistry (kiosk.journeys.registry), a plain sequence of journeys, or a
        # callable that loads either (resolved when a resident first needs them).
        self._journeys_source = journeys
        self._journeys: tuple[Journey, ...] | None = None
        self._submit = submit
        self._speaker = speaker
        self._speaker_coming = False  # a voice is on its way (see expect_speaker)
        self._read_aloud_wanted = False  # Read aloud tapped before the voice came
        self._strings = strings
        self._gazetteer_source = gazetteer
        self._tutorials_source = tutorials
        self._learners_source = learners
        self.player: QWidget | None = None  # the tutorial player, made on first use
        self._check_progress = check_progress
        self._lookup: ProgressLookup | None = None  # made with the first check
        self._connected = connected
        self._can_print = can_print or _printer_available
        # Usage statistics (offline.stats.StatsRecorder or None): counts only, never answers.
        self._usage = usage
        self._today = today
        # Which screen is shown and where each action leads (kiosk.flow), with the
        # resident's language, text size and contrast.
        self.flow = Flow(
            languages=tuple(settings.kiosk.languages), journeys=lambda: self.journeys,
            gazetteer=lambda: _resolve(self._gazetteer_source),
            tutorials_available=self._make_player, progress_check=check_progress is not None,
            help_requested=self.request_help, group_opened=self.group_opened.emit,
            usage=usage, today=today, clock=clock,
        )
        self.languages = self.flow.languages
        self._drawn: FlowState | None = None  # the state last drawn
        self._help_shown = False
        self._families: dict[str, str] = {}  # language -> font family for its script

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        # The window is the screen: never let page content set the window's minimum size.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.top_bar = TopBar(self)
        outer.addWidget(self.top_bar)
        from ui.practice import PracticeBand

        self.practice_band = PracticeBand(self)  # shown while staff practise (kiosk.flow)
        outer.addWidget(self.practice_band)
        self.read_aloud_bar = ReadAloudBar(self)
        self.read_aloud_bar.hide()
        outer.addWidget(self.read_aloud_bar)
        self.help_banner = QFrame(self)
        self.help_banner.setProperty("role", "notice")
        hb = QHBoxLayout(self.help_banner)
        hb.setContentsMargins(24, 8, 16, 8)
        self._help_text = label("", self.help_banner, role="lead")
        hb.addWidget(self._help_text, 1)
        self._help_close = button("OK", self.help_banner)
        self._help_close.clicked.connect(self._hide_help)
        hb.addWidget(self._help_close)
        self.help_banner.hide()
        outer.addWidget(self.help_banner)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack, 1)
        self._outer = outer
        self._keyboard: OnScreenKeyboard | None = None  # made when a field is first used
        self._after_release: AfterRelease | None = None  # hides it once a press is lifted

        self.screens: dict[str, QWidget] = {}
        self.welcome = WelcomeScreen(self.tr_text, self.stack)
        self.add_screen(WELCOME, self.welcome)
        self._makers: dict[str, Callable[[], QWidget]] = {
            HOME: self._make_home, SERVICES: self._make_services, QUESTION: self._make_question,
            CHECK: self._make_check, CONFIRMATION: self._make_confirmation,
            NOTICE: self._make_notice, PROGRESS: self._make_progress,
        }
        self._current = ""

        self.top_bar.help_requested.connect(self.request_help)
        self.top_bar.read_aloud_requested.connect(self.toggle_read_aloud)
        self.read_aloud_mode = ReadAloud(
            self, speaker=lambda: self._speaker, language=lambda: self.language,
            tr=self.tr_text, in_scope=self._follows_two_touches,
        )
        bar = self.read_aloud_bar
        mode = self.read_aloud_mode
        bar.repeat_requested.connect(self._repeat)
        bar.stop_requested.connect(mode.stop)
        bar.slower_requested.connect(mode.slower)
        bar.faster_requested.connect(mode.faster)
        bar.quieter_requested.connect(mode.quieter)
        bar.louder_requested.connect(mode.louder)
        bar.private_listening_requested.connect(self._set_private_listening)
        bar.dismissed.connect(self._dismiss_read_aloud_bar)
        self.top_bar.text_size_requested.connect(self.next_text_size)
        self.top_bar.contrast_requested.connect(self.toggle_high_contrast)
        self.top_bar.language_requested.connect(self._show_languages)
        self.top_bar.start_again_requested.connect(self.reset_session)
        self.welcome.started.connect(self._start)
        self.welcome.language_chosen.connect(self._start_in)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

        self._apply_theme()
        self._retranslate_bar()
        self.show_welcome()

    # -- screens, made when first shown --------------------------------------------------
    def _screen(self, key: str) -> QWidget:
        """The screen ``key``: one added with ``add_screen``, or one of the shell's own, made
        (and its signals connected) the first time it is needed."""
        screen = self.screens.get(key)
        if screen is None:
            screen = self._makers[key]()
            self.add_screen(key, screen)
        return screen

    def prepare(self, *keys: str) -> None:
        """Make the screens ``keys`` now (without showing them), so the first tap that
        needs one does not wait for it to be made."""
        for key in keys:
            self._screen(key)

    def _make_home(self) -> QWidget:
        from ui.tiles import TilesScreen

        home = TilesScreen(self.tr_text, self.stack)
        home.chosen.connect(self._open_group)
        return home

    def _make_services(self) -> QWidget:
        from ui.tiles import TilesScreen

        services = TilesScreen(self.tr_text, self.stack)
        services.chosen.connect(self._open_journey)
        services.back_requested.connect(self._back)
        return services

    def _make_question(self) -> QWidget:
        from ui.screens import QuestionScreen

        question = QuestionScreen(self.tr_text, self.stack)
        question.continued.connect(self._on_continue)
        question.back_requested.connect(self._back)
        question.places_searched.connect(self._on_places_searched)
        question.start_again_requested.connect(self.reset_session)
        return question

    def _make_check(self) -> QWidget:
        from ui.screens import CheckAnswersScreen

        check = CheckAnswersScreen(self.tr_text, self.stack)
        check.change_requested.connect(self._on_change)
        check.submitted.connect(self._on_submit)
        check.back_requested.connect(self._back)
        return check

    def _make_confirmation(self) -> QWidget:
        from ui.screens import ConfirmationScreen

        confirmation = ConfirmationScreen(self.tr_text, self.stack, can_print=self._can_print)
        confirmation.print_requested.connect(self._print)
        confirmation.home_requested.connect(self.show_home)
        confirmation.finished.connect(self.reset_session)
        return confirmation

    def _make_notice(self) -> QWidget:
        from ui.screens import NoticeScreen

        notice = NoticeScreen(self.tr_text, self.stack)
        notice.acted.connect(self._on_notice)
        return notice

    def _make_progress(self) -> QWidget:
        from ui.progress import ProgressScreen

        progress = ProgressScreen(self.tr_text, self.stack)
        progress.checked.connect(self._on_progress_checked)
        progress.back_requested.connect(self._back)
        progress.another_requested.connect(self._open_progress)
        return progress

    @property
    def home(self) -> TilesScreen:
        return self._screen(HOME)  # type: ignore[return-value]

    @property
    def services(self) -> TilesScreen:
        return self._screen(SERVICES)  # type: ignore[return-value]

    @property
    def question(self) -> QuestionScreen:
        return self._screen(QUESTION)  # type: ignore[return-value]

    @property
    def check(self) -> CheckAnswersScreen:
        return self._screen(CHECK)  # type: ignore[return-value]

    @property
    def confirmation(self) -> ConfirmationScreen:
        return self._screen(CONFIRMATION)  # type: ignore[return-value]

    @property
    def notice(self) -> NoticeScreen:
        return self._screen(NOTICE)  # type: ignore[return-value]

    @property
    def progress(self) -> ProgressScreen:
        return self._screen(PROGRESS)  # type: ignore[return-value]

    @property
    def keyboard(self) -> OnScreenKeyboard:
        """The on-screen keyboard, under the page (made the first time a field needs it)."""
        if self._keyboard is None:
            from ui.keyboard import OnScreenKeyboard

            keyboard = OnScreenKeyboard(self)
            keyboard.hide()
            keyboard.hide_requested.connect(self._put_keyboard_away)
            self._outer.addWidget(keyboard)
            keyboard.set_scale(self.text_size)
            keyboard.set_labels(self._keyboard_labels())
            keyboard.set_language(self.language)
            keyboard.ensurePolished()
            self._keyboard = keyboard
        return self._keyboard

    @property
    def _progress_lookup(self) -> ProgressLookup | None:
        """Checks a reference on a worker thread (None: no "Check progress" on this kiosk)."""
        if self._lookup is None and self._check_progress is not None:
            from ui.progress import ProgressLookup

            self._lookup = ProgressLookup(self._check_progress, self)
            self._lookup.answered.connect(self._on_progress_answered)
            self._lookup.failed.connect(self._on_progress_failed)
        return self._lookup

    # -- public --------------------------------------------------------------------------
    def tr_text(self, message_id: str, **values: Any) -> str:
        """An interface string in the current language."""
        if message_id == "language_code":
            return self.language
        return self._strings.text(message_id, self.language, **values)

    @property
    def language(self) -> str:
        """The language everything is shown in (the flow's: ``set_language`` changes it)."""
        return self.flow.language

    @property
    def text_size(self) -> int:
        return self.flow.text_size

    @property
    def high_contrast(self) -> bool:
        return self.flow.high_contrast

    @property
    def current_screen(self) -> str:
        """The key of the screen widget shown (the languages page is drawn on NOTICE)."""
        return self._current

    @property
    def journeys(self) -> tuple[Journey, ...]:
        """Every journey on offer (loaded on first use when given as a loader)."""
        if self._journeys is None:
            loaded = _resolve(self._journeys_source)
            self._journeys = tuple(getattr(loaded, "journeys", loaded))
        return self._journeys

    @property
    def run(self) -> JourneyRun | None:
        """The journey in progress, if any."""
        return self.flow.run

    @property
    def has_progress_check(self) -> bool:
        """The "Check progress" tile opens the progress page (a lookup was given)."""
        return self._check_progress is not None

    def overlay_host(self) -> QWidget:
        """The widget an overlay (idle warning) should cover."""
        return self

    def add_screen(self, key: str, screen: QWidget) -> None:
        """Add a screen; it should have ``enter(model)`` and ``leave()``."""
        self.screens[key] = screen
        self.stack.addWidget(screen)

    def show_screen(self, key: str, model: Any = None) -> None:
        """Show the screen ``key`` (one added with ``add_screen``, e.g. "We deleted your
        answers"), entered with ``model``; the flow remembers it, so a language or text
        size change draws it again."""
        self.flow.show(key, model)
        self._render()

    def show_out_of_service(self) -> None:
        """Stay on "This kiosk is not working. Ask a member of staff." (a broken database):
        no buttons, and the welcome screen is not offered again."""
        self.flow.stop_service()
        self.top_bar.hide()
        self._hide_help()
        self._render()

    @property
    def out_of_service(self) -> bool:
        return self.flow.out_of_service

    def show_welcome(self) -> None:
        self.flow.welcome()
        self._render()

    def show_home(self) -> None:
        self.flow.home()
        self._render()

    def set_language(self, language: str) -> None:
        """Show everything in ``language`` from now on, the current screen drawn again in
        it; what was typed stays."""
        self._keep_typed()
        changed = language != self.language
        self.flow.set_language(language)
        self._language_shown(changed)
        self._render()

    def set_text_size(self, size: int) -> None:
        self._keep_typed()
        self.flow.set_text_size(size)
        self._apply_theme()
        self._retranslate_bar()
        self._render()

    def set_high_contrast(self, on: bool) -> None:
        self._keep_typed()
        self.flow.set_high_contrast(on)
        self._apply_theme()
        self._retranslate_bar()
        self._render()

    def toggle_high_contrast(self) -> None:
        """The top bar's High contrast: on if it was off, off if it was on (off again at
        the wipe, with the text size)."""
        self.set_high_contrast(not self.high_contrast)

    def next_text_size(self) -> None:
        from kiosk import navigation

        self.set_text_size(navigation.next_text_size(self.text_size))

    def staff_opened(self) -> None:
        """Staff unlocked the kiosk: the staff panel covers the screen (drawn over it)."""
        self.flow.staff_unlocked()

    def staff_closed(self) -> None:
        """Staff went back to the kiosk: the screen under the panel, as it was."""
        self.flow.staff_closed()

    @property
    def practice(self) -> bool:
        """A staff practice session is on: nothing finished is stored or sent."""
        return self.flow.practice

    def start_practice(self) -> None:
        """Staff started practice (from the staff panel): the kiosk is wiped, then the
        welcome screen with the practice band, whose words are said once now."""
        self.reset_session()
        self.flow.start_practice()
        self._render()
        if self._speaker is not None:
            self._speaker.say(self.tr_text("practice_started"), self.language)
        self.practice_changed.emit(True)

    def end_practice(self) -> None:
        """Staff ended practice (the staff corner): wiped, a resident's kiosk again."""
        self.reset_session()

    def request_help(self) -> None:
        """Tell staff this resident wants help, and tell the resident they have been told."""
        set_label_text(self._help_text, self.tr_text("help_on_way"))
        self.help_banner.show()
        self._help_shown = True
        if self._usage is not None:
            self._usage.record_help_request(self._current or None)
        self.help_requested.emit()

    def show_help_message(self, text: str) -> None:
        """Put ``text`` in the help banner (the help request's outcome, from ui.shared_machine)."""
        set_label_text(self._help_text, text)
        self.help_banner.show()
        self._help_shown = True

    def set_speaker(self, speaker: Voice | None) -> None:
        """Use ``speaker`` from now on (``main.py`` makes the voice after the first paint,
        so the window exists before its voice does; its engine starts when first used)."""
        self._speaker = speaker
        self._speaker_coming = False
        if self.player is not None:
            self.player.speaker = speaker  # type: ignore[attr-defined]
        if self._read_aloud_wanted:
            self._read_aloud_wanted = False
            self.set_read_aloud(True)

    def set_usage(self, usage: Any) -> None:
        """Count what residents do from now on (``offline.stats.StatsRecorder``; ``main.py``
        gives it once the parts are loaded, while the window is "Getting ready")."""
        self._usage = usage
        self.flow.set_usage(usage)

    def expect_speaker(self) -> None:
        """A voice will be given with ``set_speaker`` soon (``main.py`` gives it with the
        parts it loads after the first paint). Read aloud tapped before then is switched
        on when it comes, instead of saying that read aloud is not available."""
        if self._speaker is None:
            self._speaker_coming = True

    @property
    def read_aloud_on(self) -> bool:
        """Read-aloud mode is on."""
        return self.read_aloud_mode.active

    def toggle_read_aloud(self) -> None:
        """The top bar's Read aloud: switch read-aloud mode on or off. Before the voice
        has come (``expect_speaker``) the button shows the wish, a second tap takes it
        back, and the mode comes on with the voice."""
        if self._speaker is None and self._speaker_coming:
            self._read_aloud_wanted = not self._read_aloud_wanted
            self._show_read_aloud_state()
            return
        self.set_read_aloud(not self.read_aloud_mode.active)

    def set_read_aloud(self, on: bool) -> None:
        """Switch read-aloud mode on (say how it works, then read the page) or off.

        With no speech engine the bar says that read aloud is not available instead.
        Each switch-on is counted once in the usage statistics."""
        mode = self.read_aloud_mode
        bar = self.read_aloud_bar
        if on and not speech_available(self._speaker):
            mode.set_active(False)
            bar.show_unavailable(self.tr_text("read_aloud_unavailable"))
            bar.show()
            self._show_read_aloud_state()
            return
        if on == mode.active:
            self._show_read_aloud_state()
            return
        mode.set_active(on)
        if on:
            bar.show_controls(self.tr_text("read_aloud_explain"))
            bar.show()
            if self._usage is not None:
                self._usage.record_read_aloud()
            mode.say(f"{self.tr_text('read_aloud_started')} {self.tr_text('read_aloud_explain')}")
            mode.read_page(self.screens.get(self._current), interrupt=False)
        else:
            bar.hide()
            mode.say(self.tr_text("read_aloud_stopped"))
        self._show_read_aloud_state()

    def read_aloud(self) -> None:
        """Read the page on screen now (read-aloud mode does this on every new page)."""
        if self._speaker is None:
            return
        self.read_aloud_mode.read_page(self.screens.get(self._current))

    def _repeat(self) -> None:
        if not self.read_aloud_mode.repeat():
            self.read_aloud()  # a speaker that cannot repeat: read the page again

    def _set_private_listening(self, on: bool) -> None:
        self.read_aloud_mode.set_private_listening(on)
        self.read_aloud_bar.set_private(on)

    def _dismiss_read_aloud_bar(self) -> None:
        if not self.read_aloud_mode.active:
            self.read_aloud_bar.hide()

    def _show_read_aloud_state(self) -> None:
        """The Read aloud button is pressed while the mode is on (or asked for, before the
        voice has come), and its name says so."""
        tr = self.tr_text
        on = self.read_aloud_mode.active or self._read_aloud_wanted
        button_ = self.top_bar.read_aloud
        button_.setChecked(on)
        rename(button_, tr("read_aloud"),
               f"{tr('read_aloud')}: {tr('state_on') if on else tr('state_off')}")
        self.read_aloud_bar.set_private(self.read_aloud_mode.private_listening)

    def _follows_two_touches(self, widget: QWidget) -> bool:
        """In read-aloud mode, does a touch on ``widget`` speak first and choose second?

        The page, the keyboard, the help banner and the top bar do; the Read aloud
        switch and the read-aloud bar act at once (they only change the voice), and the
        tutorial player is left alone (its lessons practise real gestures)."""
        if widget is self.top_bar.read_aloud or self.read_aloud_bar.isAncestorOf(widget):
            return False
        if self.stack.isAncestorOf(widget):
            return self._current != TUTORIALS
        return any(part is not None and part.isAncestorOf(widget)
                   for part in (self.top_bar, self._keyboard, self.help_banner))

    def reset_session(self) -> None:
        """Wipe everything of the current resident and go back to the welcome screen."""
        old = self.screens.get(self._current)
        if old is not None and hasattr(old, "leave"):
            old.leave()
        self._current = ""
        if self.player is not None:
            self.player.leave()  # type: ignore[attr-defined]
        if self._lookup is not None:
            self._lookup.cancel()
        if self._speaker is not None:
            self._speaker.stop()
        # Read aloud off, default rate and volume, private listening off (speaker.reset()).
        self._read_aloud_wanted = False
        self.read_aloud_mode.reset()
        self.read_aloud_bar.hide()
        self.read_aloud_bar.show_controls()
        self._show_read_aloud_state()
        if self._keyboard is not None:
            self._keyboard.reset()
        self._hide_help()
        clipboard = QApplication.clipboard()
        if clipboard is not None:
            clipboard.clear()
        language = self.language
        practised = self.flow.practice
        self.flow.wipe()  # the journey given up is counted; first language, 100 %, no contrast
        self._language_shown(language != self.language)
        self._apply_theme()
        self._retranslate_bar()
        self._render()
        if practised:
            self.practice_changed.emit(False)
        self.session_ended.emit()

    # -- drawing the flow's state ----------------------------------------------------------
    def _act(self, action: Callable[[], object]) -> None:
        """Do ``action`` on the flow; draw its new state when the state changed."""
        before = self.flow.state
        action()
        if self.flow.state is not before:
            self._render()

    def _keep_typed(self) -> None:
        """Give the flow what is typed on the question page now (before it is drawn again)."""
        if self._current == QUESTION and self.flow.run is not None:
            self.flow.keep_answer(self.question.raw_answer())

    def _render(self) -> None:
        """Draw the flow's state: the screen it says is shown, from its state, in the
        current language and text size."""
        from kiosk.receipt import receipt_content

        state = self.flow.drawn
        drawn_before, self._drawn = self._drawn, state
        self.practice_band.setVisible(self.flow.practice)
        screen = state.screen
        tr = self.tr_text
        run = self.flow.run
        if screen == flow.WELCOME:
            languages = tuple((code, LANGUAGE_NAMES.get(code, code)) for code in self.languages)
            self._draw(WELCOME, WelcomeModel(self.settings.kiosk.council, languages))
        elif screen == flow.HOME:
            self._draw(HOME, self._home_model())
        elif screen == flow.SERVICES:
            self._draw(SERVICES, self._services_model())
        elif screen in (flow.QUESTION, flow.CHECK) and run is not None:
            if run.at_check_answers:
                self._draw(CHECK, run.check_answers())
            else:
                self._draw(QUESTION, run.page())
        elif screen == flow.CONFIRMATION and state.receipt is not None:
            kiosk = self.settings.kiosk
            self._draw(CONFIRMATION, receipt_content(
                state.receipt, language=self.language, text_size=self.text_size,
                council=kiosk.council, contact=kiosk.contact, words=tr))
        elif screen == flow.NOT_SAVED:
            from ui.screens import NoticeModel

            self._draw(NOTICE, NoticeModel(
                tr("not_saved_heading"), (tr("not_saved_body"), tr("not_saved_staff")),
                (("help", tr("ask_staff"), "primary"),
                 ("retry", tr("back_to_answers"), "secondary")),
                error=True,
            ))
        elif screen == flow.OUT_OF_SERVICE:
            from ui.screens import NoticeModel

            self._draw(NOTICE, NoticeModel(
                tr("out_of_service_heading"), (tr("out_of_service_body"),), (), error=True))
        elif screen == flow.LANGUAGES:
            from ui.screens import NoticeModel

            # Over the tutorials the learner's place is kept: the player is not left.
            under = state.under
            self._draw(NOTICE, NoticeModel(
                tr("choose_language"), (),
                tuple((code, LANGUAGE_NAMES.get(code, code), "language")
                      for code in self.languages) + (("back", tr("back"), "link"),),
            ), leave=under is None or under.screen != flow.TUTORIALS)
        elif screen == flow.TUTORIALS:
            if self._current == TUTORIALS:
                return  # the player follows the language itself (set_language)
            if drawn_before is not None and drawn_before.under is state:
                self._show_again(TUTORIALS)  # back from the languages page, as it was
            else:
                self._draw(TUTORIALS, self.language)
        elif screen == flow.PROGRESS and state.progress is not None:
            self._draw(PROGRESS, self._progress_page(state.progress))
        elif screen in self.screens:
            self._draw(screen, state.model)  # a screen another part added
        else:
            self.flow.home()  # nothing to draw that state from (no journey in progress)
            self._render()

    def _draw(self, key: str, model: Any = None, *, leave: bool = True) -> None:
        """Leave the current screen, enter ``key`` with ``model`` and show it."""
        new = self._screen(key)
        old = self.screens.get(self._current)
        if leave and old is not None and hasattr(old, "leave"):
            old.leave()
        self._hide_keyboard()
        self._current = key
        if hasattr(new, "enter"):
            new.enter(model)
        self.stack.setCurrentWidget(new)
        self._update_title()
        # Focus on the new page (its heading unless it says otherwise), never left on the
        # top bar's Help: a screen reader reads the page from where focus lands.
        focus = (new.first_focus() or new.heading_label()) if isinstance(new, Screen) else None
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(new, Screen):
                new.page.verticalScrollBar().setValue(0)
        self.read_aloud_mode.page_opened(new)
        self.screen_changed.emit(key)

    def _show_again(self, key: str) -> None:
        """Show ``key`` as it was left (it was not left: see the languages page)."""
        old = self.screens.get(self._current)
        if old is not None and hasattr(old, "leave"):
            old.leave()
        self._hide_keyboard()
        self._current = key
        self.stack.setCurrentWidget(self.screens[key])
        self._update_title()
        self.read_aloud_mode.page_opened(self.screens[key])
        self.screen_changed.emit(key)

    def _home_model(self) -> TilesModel:
        from kiosk import navigation
        from ui.tiles import Tile, TilesModel

        tiles = tuple(
            Tile(g, self.tr_text(f"group_{g}"), self.tr_text(f"group_{g}_hint"))
            for g in navigation.HOME_GROUPS
        )
        return TilesModel(self.tr_text("home_heading"), tiles)

    def _services_model(self) -> TilesModel:
        from ui.tiles import Tile, TilesModel

        tr = self.tr_text
        tiles = tuple(
            Tile(j.id, localise(j.title, self.language), localise(j.description, self.language))
            for j in self.flow.services()
        )
        if self.flow.offers_ask_staff:
            tiles = (Tile(ASK_STAFF, tr("ask_staff_now"), tr("group_help_hint")), *tiles)
        group = self.flow.drawn.group
        return TilesModel(tr(f"group_{group}"), tiles, empty_text=tr("group_empty"),
                          can_go_back=True)

    def _progress_page(self, progress: flow.Progress) -> ProgressPage:
        from ui.progress import ANSWER, ASK, CHECKING, ProgressPage

        tr = self.tr_text
        if progress.phase == flow.ASK:
            return ProgressPage(ASK, tr("group_check"), typed=progress.typed,
                                error=progress.error(self.language))
        heading = tr("progress_result_heading", reference=format_reference(progress.reference))
        if progress.phase == flow.CHECKING:
            return ProgressPage(CHECKING, heading)
        answer = progress.answer
        if progress.phase == flow.FAILED or answer is None:
            return ProgressPage(ANSWER, heading, paragraphs=(tr("progress_failed"),))
        paragraphs = [answer.message(self.language)]  # type: ignore[attr-defined]
        notice = getattr(answer, "service_notice", None)
        if notice:
            paragraphs.append(notice)
        council_reference = getattr(answer, "council_reference", None)
        if council_reference:
            paragraphs.append(tr("progress_council_reference", reference=council_reference))
        notes = getattr(answer, "status_notes", None) or ""
        return ProgressPage(ANSWER, heading, paragraphs=tuple(paragraphs),
                            notes_heading=tr("progress_notes"), notes=notes)

    # -- what the resident did -------------------------------------------------------------
    def _start(self) -> None:
        self.flow.start()
        self.session_started.emit()
        self._render()

    def _start_in(self, language: str) -> None:
        changed = language != self.language
        self.flow.start(language)
        self._language_shown(changed)
        self.session_started.emit()
        self._render()

    def _open_group(self, group: str) -> None:
        self._act(lambda: self.flow.open_group(group))

    def _open_journey(self, journey_id: str) -> None:
        self._act(lambda: self.flow.open_journey(journey_id))

    def _back(self) -> None:
        self._act(self.flow.back)

    def _on_continue(self, raw: object) -> None:
        self._act(lambda: self.flow.continue_(raw))

    def _on_places_searched(self, typed: str) -> None:
        run = self.flow.run
        if run is not None:
            self.question.show_places(run.search_places(typed) if typed.strip() else [], typed)

    def _on_change(self, page_id: str) -> None:
        self._act(lambda: self.flow.change(page_id))

    def _on_submit(self) -> None:
        run = self.flow.run
        if run is None:
            return
        if self.flow.practice:  # practice: nothing is stored or sent, the receipt says so
            self.flow.practice_sent()
            self._render()
            return
        submission = run.submission()
        try:
            receipt = self._submit(submission)
        except StorageError as exc:
            log.warning("submission not stored: %s", type(exc).__name__)
            self._show_not_saved()
            return
        self.flow.sent(receipt.reference, queued=not self._connected())
        self.submission_stored.emit(receipt)
        self._render()

    def _show_not_saved(self) -> None:
        self.flow.not_saved()
        self._render()

    def _show_languages(self) -> None:
        self._keep_typed()
        self._act(self.flow.open_languages)

    def _on_notice(self, key: str) -> None:
        screen = self.flow.screen
        if screen == flow.LANGUAGES:
            if key == "back":
                self._back()
            elif key in self.languages:
                changed = key != self.language
                self.flow.choose_language(key)
                self._language_shown(changed)
                self._render()
        elif screen == flow.NOT_SAVED:
            if key == "help":
                self.request_help()
            elif key == "retry":
                self._act(self.flow.retry)

    def _language_shown(self, changed: bool) -> None:
        """Show the window in the flow's language: direction, its script's font, the top
        bar's words, the tutorial player's words."""
        language = self.language
        if self.player is not None and changed:
            self.player.set_language(language)  # type: ignore[attr-defined]
        rtl = is_rtl(language)
        self.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        if changed:
            set_start_margins(self.help_banner.layout(), 24, 8, 16, 8, rtl=rtl)
            self._apply_theme()  # a right-to-left script: mirrored bars and its own font
        self._retranslate_bar()

    def _print(self) -> None:
        from ui.receipt import print_receipt

        content = self.confirmation.content
        if content is not None:
            print_receipt(content)

    # -- tutorials ------------------------------------------------------------------------
    def _make_player(self) -> bool:
        """Make the tutorial player (the first time, inside the stack); False when there are
        no tutorials on this kiosk (none given, or they could not be loaded)."""
        if self.player is None:
            catalogue = _resolve(self._tutorials_source)
            learners = _resolve(self._learners_source)
            if catalogue is None or learners is None:
                return False
            from ui.tutorials.player import TutorialPlayer  # loaded when a learner first needs it

            player = TutorialPlayer(
                catalogue, learners,
                self.language, self._speaker, self.stack, council=self.settings.kiosk.council,
                today=self._today,
                print_html=_print_html_if(self._can_print),
            )
            player.left.connect(self.show_home)
            player.page_shown.connect(self._update_title)
            if self._usage is not None:
                player.lesson_started.connect(self._usage.record_tutorial_started)
                player.finished.connect(self._usage.record_tutorial_completed)
            self.add_screen(TUTORIALS, player)
            self.player = player
        return True

    # -- check progress -------------------------------------------------------------------
    def _open_progress(self) -> None:
        if self._lookup is not None:
            self._lookup.cancel()
        self.flow.open_progress()
        self._render()

    def _on_progress_checked(self, typed: str) -> None:
        lookup = self._progress_lookup
        if lookup is None:
            return
        reference = self.flow.progress_checked(typed)
        self._render()
        if reference is not None:
            lookup.start(reference)

    def _on_progress_answered(self, progress: Any) -> None:
        self._progress_came(lambda: self.flow.progress_answered(progress))

    def _on_progress_failed(self, _error: object) -> None:
        self._progress_came(self.flow.progress_failed)

    def _progress_came(self, action: Callable[[], None]) -> None:
        """Show the answer if the resident still waits for it on the progress page (under
        the languages page it is kept, and shown when they come back)."""
        before = self.flow.state
        action()
        if self.flow.state is not before and self.flow.screen == flow.PROGRESS:
            self._render()

    # -- keyboard, theme, words ----------------------------------------------------------
    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, (QLineEdit, QPlainTextEdit)) and self.stack.isAncestorOf(new):
            waiter = self._release_waiter()
            waiter.cancel()
            if self.keyboard.target is not new and self.keyboard.isVisible():
                self.keyboard.attach(new)  # the keys change, in the same place
            if waiter.pressed():
                # A finger on a box: the keys come up (and the page scrolls) when it is
                # lifted, so nothing moves under it and the release lands where it pressed.
                box = new

                def type_into_if_still_focused() -> None:
                    if box.hasFocus():
                        self._type_into(box)

                waiter.call(type_into_if_still_focused)
            else:
                self._type_into(new)
        elif (isinstance(new, QPushButton) and self._keyboard is not None
              and self._keyboard.isAncestorOf(new)):
            return
        elif new is not None and self.stack.isAncestorOf(new):
            pending = self._after_release
            if pending is not None:
                pending.cancel()
            if (self._keyboard is not None and self._keyboard.isVisible() and pending is not None
                    and pending.pressed()):
                # A press on the page took the focus (Continue, a choice): the keys stay, and
                # the page under the finger with them, until it is lifted and its click has run.
                pending.call(self._hide_keyboard_unless_typing)
            else:
                self._hide_keyboard()

    def _release_waiter(self) -> AfterRelease:
        if self._after_release is None:
            from ui.keyboard import AfterRelease

            self._after_release = AfterRelease(self)
        return self._after_release

    def _type_into(self, new: QLineEdit | QPlainTextEdit) -> None:
        """The keyboard types into ``new`` (shown under the page, which keeps ``new`` in view)."""
        if self.keyboard.target is not new:
            self.keyboard.attach(new)
        if self.keyboard.isHidden():
            self.keyboard.show()
            # Lay the keys and the page out now (the first time, the keys are sized
            # as they are shown), so the page is scrolled for its final height.
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            self._outer.activate()
        # The field is the timer's receiver: if its page is gone before the event
        # loop turns (the audit's walk moves that fast), the call goes with it.
        defer(new, functools.partial(self._keep_visible, new))

    def _hide_keyboard_unless_typing(self) -> None:
        focus = QApplication.focusWidget()
        if not (isinstance(focus, (QLineEdit, QPlainTextEdit)) and self.stack.isAncestorOf(focus)):
            self._hide_keyboard()

    @staticmethod
    def _keep_visible(field: QWidget) -> None:
        """Scroll the field into view above the keyboard (a question page, or a tutorial's
        own scrolling page): the keyboard never covers what is being typed. When the
        page's heading (the question) and the field both fit, both are shown."""
        area = field.parentWidget()
        # The nearest page that can scroll (a tutorial's practice form is a question screen
        # as tall as its words, inside the lesson's scrolling page).
        while area is not None and not (isinstance(area, QScrollArea)
                                        and area.verticalScrollBar().maximum() > 0):
            area = area.parentWidget()
        if area is None or not field.isVisible():
            return
        content = area.widget()
        if content is None:
            return
        heading = next((lab for lab in content.findChildren(QLabel)
                        if lab.property("role") == "h1" and lab.isVisible()), None)
        if heading is not None:
            top = heading.mapTo(content, QPoint(0, 0)).y() - 8
            bottom = field.mapTo(content, QPoint(0, field.height())).y() + 8
            if top <= bottom - field.height() and bottom - top <= area.viewport().height():
                bar = area.verticalScrollBar()
                if not (bar.value() <= top and bottom <= bar.value() + area.viewport().height()):
                    bar.setValue(top)
                return
        area.ensureWidgetVisible(field, 50, 50)

    def _put_keyboard_away(self) -> None:
        """"Hide keyboard": the box it typed into lets go of the focus, so touching the
        box again brings the keyboard back."""
        field = self.keyboard.target
        self._hide_keyboard()
        if field is not None:
            field.clearFocus()

    def _hide_keyboard(self) -> None:
        if self._keyboard is not None:
            self._keyboard.hide()
            self._keyboard.attach(None)

    def _hide_help(self) -> None:
        self.help_banner.hide()
        self._help_shown = False

    def _apply_theme(self) -> None:
        sheet = (theme.stylesheet(self.text_size, self.high_contrast, rtl=is_rtl(self.language),
                                  font_family=self._font_family())
                 + read_aloud_stylesheet(self.text_size, self.high_contrast))
        # Setting a style sheet restyles every widget of the window (about 100 ms on this
        # machine); "Start again" asked for the same one twice.
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)
        # At large text the council's name gives its room to the bar's buttons.
        self.top_bar.council.setVisible(self.text_size == 100)
        if self._keyboard is not None:
            self._keyboard.set_scale(self.text_size)

    def _font_family(self) -> str:
        """A family that shapes the current language's script (Urdu: Naskh), or ""."""
        if self.language not in self._families:
            self._families[self.language] = theme.font_family(self.language)
        return self._families[self.language]

    def _retranslate_bar(self) -> None:
        bar = self.top_bar
        tr = self.tr_text
        set_label_text(bar.council, self.settings.kiosk.council)
        rename(bar.help, tr("help"))
        self.read_aloud_bar.set_words(tr)
        self._show_read_aloud_state()
        rename(bar.text_size, tr("text_size", size=self.text_size))
        # Above 125 % the words would push the bar onto a second line: the contrast sign
        # alone then (its name, spoken and read by a screen reader, keeps the words).
        rename(bar.contrast, tr("high_contrast") if self.text_size <= 125 else CONTRAST_SIGN,
               tr("high_contrast_on" if self.high_contrast else "high_contrast_off"))
        bar.contrast.setChecked(self.high_contrast)
        rename(bar.language, LANGUAGE_NAMES.get(self.language, self.language),
               f"{tr('language')}: {LANGUAGE_NAMES.get(self.language, self.language)}")
        rename(bar.start_again, tr("start_again"))
        rename(self._help_close, tr("ok"))
        self.practice_band.set_words(tr("practice_band"))
        if self._keyboard is not None:
            self._keyboard.set_labels(self._keyboard_labels())
            self._keyboard.set_language(self.language)
        if self._help_shown:
            set_label_text(self._help_text, tr("help_on_way"))
        self._update_title()

    def _keyboard_labels(self) -> dict[str, str]:
        tr = self.tr_text
        return {
            "shift": tr("key_shift"), "caps": tr("key_caps"), "delete": tr("key_delete"),
            "space": tr("key_space"), "hide": tr("key_hide"), "hide_name": tr("key_hide_name"),
            "enter": tr("key_enter"),
            "accents_name": tr("key_accents"), "symbols_name": tr("key_symbols"),
            "letters_name": tr("key_letters"), "numbers_name": tr("key_numbers"),
            "latin_name": tr("key_latin"), "native_name": tr("key_native"),
            "native_digits_name": tr("key_native_digits"),
            "keyboard": tr("keyboard_name"),
        }

    def _update_title(self) -> None:
        screen = self.screens.get(self._current)
        title_of = getattr(screen, "title", None)  # a Screen, the lessons
        title = str(title_of()) if callable(title_of) else ""
        council = self.settings.kiosk.council
        # The window's title is its accessible name: it follows the page.
        self.setWindowTitle(f"{title} – {council}" if title else council)
        self.setAccessibleName(self.windowTitle())


__all__ = ["Shell", "TopBar", "WELCOME", "HOME", "SERVICES", "QUESTION", "CHECK",
           "CONFIRMATION", "NOTICE", "TUTORIALS", "PROGRESS", "CHECK_GROUP"]

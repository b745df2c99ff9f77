"""The accessibility audit's walk: every screen of the kiosk in every language, size and theme.

``walk(settings, journeys, strings, languages=..., sizes=..., themes=...)`` builds one
kiosk window (``ui.app.build_window``) and drives it through every state a resident can
meet: the welcome and home screens, each group's services, every page of every journey
(conditional pages too: ``plan_journey`` finds answers that reveal each one), each
question again after a failed Continue (with "There is a problem" showing), check your
answers, the confirmation in its "saved on this kiosk" and "sending now" wordings,
"Nothing was saved", choosing a language, the help banner, the read-aloud bar, check
progress (asking, a wrong reference, the answer), the tutorials' first pages, the idle
warning and "This kiosk is not working". In each language, text size and theme (switched
in place on the same window) it runs ``accessibility.audit.audit_widget_tree`` on the
whole window and collects the findings in an ``AuditReport``. The target is zero.

``walk(..., practice=True)`` walks the same screens in a staff practice session
(``Shell.start_practice``; "Nothing was saved" and "not working" are left out, since
practice never stores anything) and checks on every screen that the practice band shows,
named with its words in the screen's language: ``AuditReport.practice_band_missing``.

The walk only renders; which page comes next and what an error says still come from
``kiosk.journeys.engine.JourneyRun``, driven through the screens' own signals.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from accessibility.audit import Finding, audit_widget_tree, semantic_findings, visible_widgets
from accessibility.speech import QuietVoice
from kiosk import navigation
from kiosk.config import Settings
from kiosk.i18n import Catalogue
from kiosk.journeys.engine import DateParts, JourneyRun, LocationInput
from kiosk.journeys.gazetteer import Gazetteer
from kiosk.journeys.model import (
    DATE,
    DATE_FUTURE,
    DATE_PAST,
    DECLARATION,
    EMAIL,
    LOCATION,
    MULTIPLE_CHOICE,
    NUMBER,
    PHONE,
    POSTCODE,
    SINGLE_CHOICE,
    STOP,
    TEXT,
    TEXTAREA,
    YES_NO,
    Journey,
    Page,
)
from kiosk.references import new_reference
from offline.errors import StorageError
from ui.app import build_window
from ui.idle import DeletedScreen, IdleWarning
from ui.progress import ANSWER
from ui.shared_machine import DELETED
from ui.shell import CHECK_GROUP, TUTORIALS, Shell
from ui.tutorials.player import TutorialPlayer
from ui.tutorials.practice import FormPractice, QuizPractice

WINDOW_SIZE = (1280, 900)  # the smallest window the kiosk is laid out for
TODAY = dt.date(2026, 1, 15)  # a fixed day, so date answers are the same on every run


# -- the report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditReport:
    """What the walk checked and found.

    Attributes:
        findings: every finding, in the order found (see ``accessibility.audit``).
        states: the distinct screens walked in each combination (e.g. "report-fly-tipping:
            location, after a failed Continue").
        languages, sizes, themes: the combinations; ``themes`` holds ``high_contrast`` flags.
        screens: screens audited in all (states x combinations).
        widgets: widgets looked at in all (every visible widget of every screen audited).
        seconds: how long the walk took.
        practice_band_missing: in a practice walk, the screens without the practice band.
    """

    findings: tuple[Finding, ...]
    states: tuple[str, ...]
    languages: tuple[str, ...]
    sizes: tuple[int, ...]
    themes: tuple[bool, ...]
    screens: int
    widgets: int
    seconds: float
    practice_band_missing: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.findings and not self.practice_band_missing

    def summary_line(self) -> str:
        """"1,234 screens checked in 3 languages, 3 text sizes, 2 themes: 0 findings"."""
        def count(n: int, word: str) -> str:
            return f"{n:,} {word}{'' if n == 1 else 's'}"

        return (f"{count(self.screens, 'screen')} checked in {count(len(self.languages), 'language')}"
                f", {count(len(self.sizes), 'text size')}, {count(len(self.themes), 'theme')}: "
                f"{count(len(self.findings), 'finding')}")


# -- answers that move a journey on ---------------------------------------------------------


def _good_answers(page: Page, today: dt.date, gazetteer: Gazetteer | None) -> list[Any]:
    """Answers to try, in order, until the engine accepts one."""
    kind = page.type
    if kind in (TEXT,):
        return ["Sam Jones", "Example words"]
    if kind == TEXTAREA:
        return ["The bin by the gate was not emptied on Tuesday."]
    if kind == NUMBER:
        low = int(page.min_value) if page.min_value is not None else 1
        return [str(max(low, 1)), str(low)]
    if kind == DATE:
        past, future = today - dt.timedelta(days=30), today + dt.timedelta(days=14)
        order = [future, past] if page.date_range == DATE_FUTURE else [past, future]
        if page.date_range not in (DATE_PAST, DATE_FUTURE):
            order = [past, future]
        return [DateParts(str(d.day), str(d.month), str(d.year)) for d in order]
    if kind == POSTCODE:
        return ["EB1 6FR", "SW1A 1AA"]
    if kind == EMAIL:
        return ["sam.jones@example.com"]
    if kind == PHONE:
        return ["07700 900123", "020 7946 0018"]
    if kind == LOCATION:
        place = ""
        if gazetteer is not None:
            found = gazetteer.search("High", 1)
            place = found[0].id if found else ""
        return [LocationInput(place, "", "By the gate"), LocationInput("", "EB1 6FR", "By the gate")]
    if kind in (SINGLE_CHOICE, YES_NO):
        return [o.value for o in page.options] or ["yes", "no"]
    if kind == MULTIPLE_CHOICE:
        return [(o.value,) for o in page.options]
    if kind == DECLARATION:
        return [True]
    return [None]


def _bad_answers(page: Page) -> list[Any]:
    """Answers that fail Continue on ``page`` (nothing, then something of the wrong form)."""
    kind = page.type
    empty: dict[str, Any] = {
        DATE: DateParts(), LOCATION: LocationInput(), MULTIPLE_CHOICE: (), DECLARATION: False,
    }
    wrong: dict[str, Any] = {
        NUMBER: "lots", DATE: DateParts("31", "2", "20"), POSTCODE: "XYZ", EMAIL: "sam at home",
        PHONE: "12", LOCATION: LocationInput("", "XYZ", ""),
    }
    found = [empty.get(kind, "")] if page.required else []
    if kind in wrong:
        found.append(wrong[kind])
    if page.max_length:
        found.append("x" * (page.max_length + 1))
    return found


@dataclass(frozen=True)
class Step:
    """One page on a path: the answer that fails Continue (None: none does) and the one
    that moves on (None on information and stop pages)."""

    page_id: str
    page_type: str
    bad: Any
    good: Any


@dataclass(frozen=True)
class JourneyPath:
    """Pages in order; ``ends_at_stop``: the last page is a stop page (no check answers)."""

    journey_id: str
    steps: tuple[Step, ...]
    ends_at_stop: bool


def _avoids_stop(journey: Journey, page: Page, value: Any) -> bool:
    """Choosing ``value`` on ``page`` shows no stop page (so the path goes on)."""
    for other in journey.pages:
        if other.type == STOP and other.show_if:
            if any(c.question == page.id and c.holds(value) for c in other.show_if):
                return False
    return True


def plan_journey(journey: Journey, *, today: dt.date = TODAY,
                 gazetteer: Gazetteer | None = None) -> list[JourneyPath]:
    """Paths through ``journey`` that between them show every page (conditional pages and
    stop pages too), each with answers the engine accepts and, where one exists, an answer
    it refuses. The first path avoids stop pages and reaches check your answers."""
    paths: list[JourneyPath] = []
    seen: set[str] = set()
    wanted_order = [None] + [p for p in journey.pages if p.show_if]
    for target in wanted_order:
        if target is not None and target.id in seen:
            continue
        wanted = {c.question: c.values for c in (target.show_if if target else ())}
        path = _follow(journey, wanted, today, gazetteer)
        new = {s.page_id for s in path.steps} - seen
        if target is None or new:
            paths.append(path)
            seen |= {s.page_id for s in path.steps}
    return paths


def _follow(journey: Journey, wanted: dict[str, tuple[str, ...]], today: dt.date,
            gazetteer: Gazetteer | None) -> JourneyPath:
    run = JourneyRun(journey, "en", gazetteer=gazetteer, today=lambda: today)
    steps: list[Step] = []
    for _ in range(len(journey.pages) + 1):
        if run.at_check_answers:
            return JourneyPath(journey.id, tuple(steps), ends_at_stop=False)
        page = journey.page(run.current_page_id)
        if page.type == STOP:
            steps.append(Step(page.id, page.type, None, None))
            return JourneyPath(journey.id, tuple(steps), ends_at_stop=True)
        if not page.is_question:
            steps.append(Step(page.id, page.type, None, None))
            run.continue_()
            continue
        bad = None
        for candidate in _bad_answers(page):
            run.answer(candidate)
            if run.continue_():
                bad = candidate
                break
            run.back()  # it was accepted: return to the page
            while run.current_page_id != page.id and run.back():
                pass
        candidates = _good_answers(page, today, gazetteer)
        if page.id in wanted:
            values = wanted[page.id]
            if page.type == MULTIPLE_CHOICE:
                candidates = [(values[0],)] + candidates
            else:
                candidates = [values[0]] + candidates
        else:
            candidates = [c for c in candidates if _avoids_stop(journey, page, c)] or candidates
        for good in candidates:
            run.answer(good)
            if not run.continue_():
                break
        else:
            raise ValueError(f"{journey.id}: no answer moves on from page {page.id!r}")
        steps.append(Step(page.id, page.type, bad, good))
    raise ValueError(f"{journey.id}: the path does not end")


# -- driving the window ---------------------------------------------------------------------




@dataclass
class _Receipts:
    """A submit function: ``store`` (the caller's, e.g. an outbox) or a reference made here;
    failing once on request ("Nothing was saved")."""

    store: Callable[[Any], Any] | None = None
    fail_next: bool = False
    references: list[str] = field(default_factory=list)

    def __call__(self, submission: Any) -> Any:
        if self.fail_next:
            self.fail_next = False
            raise StorageError("the audit asked for a failed save")
        receipt = self.store(submission) if self.store is not None else _Receipt(new_reference())
        self.references.append(receipt.reference)
        return receipt


@dataclass(frozen=True)
class _Receipt:
    reference: str


def _settle() -> None:
    """Let Qt delete what was removed and lay out what was shown (once per screen).

    Only those events: painting an offscreen window nobody sees was a third of the walk."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.PolishRequest)  # styled, then sized
    for _ in range(3):  # a layout pass can ask for another (a page growing for its words)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


# The semantic checks the walk runs. Not yet "focus_not_on_page": a text page puts focus
# on its field so that the on-screen keyboard opens (47 pages in English), not on its heading.
WALK_SEMANTICS: frozenset[str] = frozenset({
    "no_heading", "summary_not_alert", "error_not_described", "no_label_relation",
    "not_modal", "unnamed_tab_stop",
})


class _Auditor:
    """Audits the window in its current state and keeps the numbers."""

    def __init__(self, shell: Shell, on_finding: Callable[[Finding], None] | None) -> None:
        self.shell = shell
        self.on_finding = on_finding
        self.findings: list[Finding] = []
        self.states: dict[str, None] = {}
        self.screens = 0
        self.widgets = 0
        self.combination = ""
        self._done: set[str] = set()
        self._page_changed = False  # a page was drawn since the last audit
        shell.screen_changed.connect(self._on_page)
        self.practice = False  # check the practice band on every screen
        self.band_missing: list[str] = []

    def _on_page(self, _key: str) -> None:
        self._page_changed = True

    def start(self, combination: str) -> None:
        """From now on the screens are in ``combination`` ("cy, 200 %, high contrast")."""
        self.combination = combination
        self._done = set()

    def done(self, state: str) -> bool:
        """``state`` was audited in this combination already."""
        return state in self._done

    def __call__(self, state: str) -> None:
        _settle()
        shell = self.shell
        self.states[state] = None
        self._done.add(state)
        screen = shell.screens.get(shell.current_screen)
        spoken = getattr(screen, "spoken_text", None)
        text = spoken() if callable(spoken) else None
        widgets = list(visible_widgets(shell))
        found = audit_widget_tree(shell, screen=f"{state} [{self.combination}]",
                                  high_contrast=shell.high_contrast, read_aloud_text=text,
                                  widgets=widgets)
        found.extend(semantic_findings(widgets, screen=f"{state} [{self.combination}]",
                                       page_changed=self._page_changed, kinds=WALK_SEMANTICS))
        self._page_changed = False
        self.screens += 1
        self.widgets += len(widgets)
        if self.practice and not practice_band_shown(shell):
            self.band_missing.append(f"{state} [{self.combination}]")
        for finding in found:
            self.findings.append(finding)
            if self.on_finding is not None:
                self.on_finding(finding)


def walk(
    settings: Settings,
    journeys: Sequence[Journey],
    strings: Catalogue,
    *,
    languages: Sequence[str] | None = None,
    sizes: Sequence[int] = (100, 150, 200),
    themes: Sequence[bool] = (False, True),
    gazetteer: Gazetteer | None = None,
    check_progress: Callable[[str], Any] | None = None,
    tutorials: Any = None,
    learners: Any = None,
    on_finding: Callable[[Finding], None] | None = None,
    submit: Callable[[Any], Any] | None = None,
    today: dt.date = TODAY,
    practice: bool = False,
) -> AuditReport:
    """Walk every screen in every combination and audit each; a QApplication must exist.

    ``languages`` defaults to the kiosk's configured languages. ``check_progress(reference)``
    (as ``kiosk run`` gives the shell) adds the check-progress pages, ``tutorials`` and
    ``learners`` the tutorial pages. ``on_finding`` hears each finding as it is found.
    ``submit(submission)`` stores what the walk sends (the confirmation shows its
    reference, and check progress looks it up); by default a reference is only made up.
    ``practice``: walk in a staff practice session, checking the band on every screen.
    """
    started = time.perf_counter()
    languages = tuple(languages or settings.kiosk.languages or ("en",))
    receipts = _Receipts(submit)
    online = [False]
    plans = {j.id: plan_journey(j, today=today, gazetteer=gazetteer) for j in journeys}
    shell = build_window(
        settings=settings, journeys=journeys, submit=receipts, strings=strings,
        speaker=QuietVoice(), gazetteer=gazetteer, connected=lambda: online[0],
        today=lambda: today, can_print=lambda: True, check_progress=check_progress,
        tutorials=tutorials, learners=learners,
    )
    shell.resize(*WINDOW_SIZE)
    shell.show()
    shell.activateWindow()
    for _ in range(100):  # the keyboard comes with focus, and focus needs an active window
        if shell.isActiveWindow():
            break
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 10)
    audit = _Auditor(shell, on_finding)
    audit.practice = practice
    warning = IdleWarning(shell.overlay_host(), lambda: shell.language)
    shell.add_screen(DELETED, DeletedScreen(lambda: shell.language, parent=shell.stack))
    try:
        for high_contrast in themes:
            for size in sizes:
                for language in languages:
                    audit.start(f"{language}, {size} %, "
                                f"{'high contrast' if high_contrast else 'standard'}")
                    _walk_once(shell, audit, language, size, high_contrast, journeys, plans,
                               receipts, online)
                    _walk_others(shell, audit, receipts, warning)
        for high_contrast in () if practice else themes:
            for size in sizes:
                for language in languages:
                    audit.start(f"{language}, {size} %, "
                                f"{'high contrast' if high_contrast else 'standard'}")
                    _set(shell, language, size, high_contrast)
                    shell.show_out_of_service()
                    audit("out of service")
    finally:
        shell.close()
        shell.deleteLater()
        _settle()
    return AuditReport(
        findings=tuple(audit.findings), states=tuple(audit.states), languages=languages,
        sizes=tuple(sizes), themes=tuple(themes), screens=audit.screens, widgets=audit.widgets,
        seconds=time.perf_counter() - started, practice_band_missing=tuple(audit.band_missing),
    )


def practice_band_shown(shell: Shell) -> bool:
    """The practice band is on screen, named with its words in the shown language."""
    band = shell.practice_band
    words = shell.tr_text("practice_band")
    return band.isVisible() and band.accessibleName() == words and band.words == words


def _set(shell: Shell, language: str, size: int, high_contrast: bool) -> None:
    if shell.language != language:
        shell.set_language(language)
    if shell.text_size != size:
        shell.set_text_size(size)
    if shell.high_contrast != high_contrast:
        shell.set_high_contrast(high_contrast)


def _walk_once(shell: Shell, audit: _Auditor, language: str, size: int, high_contrast: bool,
               journeys: Sequence[Journey], plans: dict[str, list[JourneyPath]],
               receipts: _Receipts, online: list[bool]) -> None:
    shell.reset_session()
    if audit.practice:
        shell.start_practice()
    _set(shell, language, size, high_contrast)
    shell.show_welcome()
    audit("welcome")
    shell.show_home()
    audit("home")
    shell.request_help()
    audit("home, help on its way")
    _click(shell.help_banner)
    shell.set_read_aloud(True)
    audit("home, read aloud on")
    shell.set_read_aloud(False)
    shell.top_bar.language.click()
    audit("choose a language")
    shell.notice.acted.emit("back")
    for group in navigation.HOME_GROUPS:
        shell.home.chosen.emit(group)
        audit(f"group {group}")
        shell.show_home()
    for journey in journeys:
        for number, path in enumerate(plans[journey.id]):
            _walk_path(shell, audit, journey, path, number, receipts, online)


def _click(container: QWidget) -> None:
    for b in container.findChildren(QPushButton):
        if b.isVisible():
            b.click()
            return


def _walk_path(shell: Shell, audit: _Auditor, journey: Journey, path: JourneyPath, number: int,
               receipts: _Receipts, online: list[bool]) -> None:
    shell.services.chosen.emit(journey.id)
    name = journey.id
    for step in path.steps:
        state = f"{name}: {step.page_id}"
        if audit.done(state):  # shown on an earlier path: only move on
            shell.question.continued.emit(step.good)
            continue
        audit(state)
        if step.page_type == STOP:
            return
        if step.bad is not None:
            shell.question.continued.emit(step.bad)
            audit(f"{state}, after a failed Continue")
        shell.question.continued.emit(step.good)
    audit(f"{name}: check your answers" + (f" ({number + 1})" if number else ""))
    if number == 0 and not shell.practice:  # practice stores nothing, so nothing can fail
        receipts.fail_next = True
        shell.check.submitted.emit()
        audit(f"{name}: nothing was saved")
        shell.notice.acted.emit("retry")
    online[0] = number % 2 == 1
    shell.check.submitted.emit()
    audit(f"{name}: confirmation, " + ("sending now" if online[0] else "saved on this kiosk"))


def _walk_others(shell: Shell, audit: _Auditor, receipts: _Receipts, warning: IdleWarning) -> None:
    """Check progress, the tutorials, the idle warning and "We deleted your answers"."""
    shell.show_home()
    if shell.has_progress_check:
        shell.home.chosen.emit(CHECK_GROUP)
        shell.progress.checked.emit("12")
        audit("check progress, a reference that is not right")
        reference = receipts.references[-1] if receipts.references else new_reference()
        shell.progress.checked.emit(reference)
        audit("check progress, checking")
        _wait_until(lambda: shell.progress.model is not None
                    and shell.progress.model.state == ANSWER)
        audit("check progress, the answer")
        shell.show_home()
    shell.home.chosen.emit(navigation.LEARN_GROUP)
    player = shell.player
    if isinstance(player, TutorialPlayer) and shell.current_screen == TUTORIALS:
        _walk_tutorials(player, audit)
        shell.show_home()
    warning.open(90)
    audit("idle warning")
    warning.close_warning()
    shell.show_screen(DELETED)
    audit("we deleted your answers")
    shell.show_home()


def _walk_tutorials(player: TutorialPlayer, audit: _Auditor) -> None:
    """The learner code, the lessons, every step of every lesson, the summary and the
    certificate page."""
    player.start_new()
    audit("tutorials: your learner code")
    player.show_lessons()
    audit("tutorials: lessons")
    for lesson in player.catalogue.lessons:
        player.open_lesson(lesson.id)
        for index in range(len(lesson.steps)):
            state = f"tutorial {lesson.id}: step {index + 1}"
            if not audit.done(state):
                player.show_step(index)
                audit(state)
                if isinstance(player.practice, QuizPractice):
                    _walk_quiz(player.practice, audit, state)
                elif isinstance(player.practice, FormPractice):
                    _walk_practice_form(player.practice, audit, state)
    player.show_summary()
    audit("tutorials: lesson summary")
    player.show_certificate()
    audit("tutorials: certificate")


def _walk_practice_form(form: FormPractice, audit: _Auditor, state: str) -> None:
    """The practice form as a learner meets it: "There is a problem" on its first page,
    then every page answered, check your answers and the "sent" page."""
    form.question.continued.emit(form.question.raw_answer())  # nothing given yet
    audit(f"{state}: there is a problem")
    run = form.run
    for _ in range(len(run.journey.pages) + 1):  # a bound: one Continue a page
        if run.at_check_answers:
            break
        page = run.journey.page(run.current_page_id)
        form.question.continued.emit(_good_answers(page, TODAY, None)[0])
        if not run.at_check_answers:
            audit(f"{state}: {run.current_page_id}")
    audit(f"{state}: check your answers")
    form.check.submitted.emit()
    audit(f"{state}: sent")


def _walk_quiz(quiz: QuizPractice, audit: _Auditor, state: str) -> None:
    """Every answer of every question of a quiz tapped (wrong ones first, as they come),
    so each "Not quite ..." and "Right ..." message is checked where it is shown."""
    tapped: set[tuple[int, int]] = set()
    for _ in range(200):  # a bound, in case a quiz never says it is done
        if quiz.done:
            return
        if not quiz.next_button.isHidden():
            quiz.next_button.click()
            continue
        question = quiz.index
        choices = quiz.task.questions[question].choices
        left = sorted((n for n, b in enumerate(quiz.choice_buttons)
                       if b.isEnabled() and (question, n) not in tapped),
                      key=lambda n: choices[n].correct)  # the right answer last
        if not left:
            return
        tapped.add((question, left[0]))
        quiz.choice_buttons[left[0]].click()
        audit(f"{state}: question {question + 1}, answer {left[0] + 1}")


def _wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Run Qt's event loop until ``condition()`` (a lookup on a worker thread answered)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)

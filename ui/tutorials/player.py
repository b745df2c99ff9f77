"""The tutorial player: start or resume with a learner code, choose a lesson, take it step by
step with practice, see a summary, print a certificate.

It is a page stack and nothing more: lessons, checks and progress rules come from
``kiosk.tutorials``; progress is kept by the ``ProgressStore`` it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import is_rtl, localise
from kiosk.tutorials.model import Lesson, TutorialCatalogue
from kiosk.tutorials.progress import (
    Progress,
    ProgressStore,
    completed_lessons,
    read_learner_code,
    show_learner_code,
)
from ui.fields import resident_field
from ui.tutorials.certificate import (
    CertificateLine,
    CertificateWords,
    QrCodeWidget,
    certificate_html,
    certificate_pdf,
)
from ui.tutorials.practice import INFO, SUCCESS, PracticeWidget, button, label, practice_for
from ui.widgets import FittingLabel, announce, flow_row, relayout


class Speaker(Protocol):
    def say(self, text: str, language: str) -> object: ...

    def stop(self) -> None: ...


def _scrolling(content: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not an unnamed Tab stop of its own
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    return area


def _clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        sub = item.layout()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif sub is not None:
            _clear(sub)


class TutorialPlayer(QWidget):
    """Digital-skills lessons for the "Learn digital skills" tile.

    Signals:
        left: the learner chose to leave the lessons (the shell goes back home).
        lesson_started: a lesson was begun from its first step (not resumed). arg: its id.
        finished: a lesson was finished. arg: the lesson id.
        certificate_ready: a certificate was made. arg: the PDF, for the shell to print.
    """

    left = Signal()
    page_shown = Signal()  # a page (or a lesson's step) was shown: the window's title follows
    lesson_started = Signal(str)
    finished = Signal(str)
    certificate_ready = Signal(bytes)

    def __init__(self, catalogue: TutorialCatalogue, progress_store: ProgressStore,
                 language: str = "en", speaker: Speaker | None = None,
                 parent: QWidget | None = None, *, council: str = "",
                 today: Callable[[], date] = date.today,
                 print_html: Callable[[str], bool] | None = None) -> None:
        """``print_html(html)`` prints a certificate and says whether it went to a printer
        (None: this kiosk has no printer, and the certificate page says so)."""
        super().__init__(parent)
        self.setObjectName("TutorialPlayer")
        self.catalogue = catalogue
        self.store = progress_store
        self.language = language
        self.speaker = speaker
        self.council = council
        self._today = today
        self._print_html = print_html
        self.progress: Progress | None = None
        self.lesson: Lesson | None = None
        self.step_index = 0
        self.practice: PracticeWidget | None = None
        self._spoken = ""
        self._outers: dict[int, QVBoxLayout] = {}
        self._scroll_areas: list[QScrollArea] = []  # their bars are named in each language

        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        # A page laid out in another language or text size is measured again when shown.
        self.stack.currentChanged.connect(lambda _i: relayout(self.stack.currentWidget()))
        self._build_start()
        self._build_code_entry()
        self._build_code_page()
        self._build_lessons()
        self._build_step()
        self._build_summary()
        self._build_certificate()
        self._retranslate()
        self.stack.setCurrentWidget(self.start_page)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        relayout(self.stack.currentWidget())  # the language or text size may have changed

    # -- public ---------------------------------------------------------------------------
    def enter(self, language: str | None = None) -> None:
        """Show the start page and say what it is (the shell calls this when the tile is
        tapped); like every page of the player, it is heard without read-aloud mode."""
        if language:
            self.language = language
        self.leave()
        self._say(f"{self.words('player.title')}. {self.words('player.intro')}")

    def spoken_text(self) -> str:
        """The last thing said on the page showing (empty: nothing was said)."""
        return self._spoken

    def leave(self) -> None:
        """Forget the learner: stop speech and timers, clear every field, back to the start."""
        self._stop_practice()
        if self.speaker is not None:
            self.speaker.stop()
        self.progress = None
        self.lesson = None
        self.step_index = 0
        self._spoken = ""
        for field in (self.code_field, self.name_field):
            field.clear()
        for message in (self.code_error, self.certificate_message, self.feedback):
            message.clear()
            message.hide()
        self.code_value.clear()
        self.qr.set_text("")
        self._retranslate()
        self.stack.setCurrentWidget(self.start_page)

    def set_language(self, language: str) -> None:
        self.language = language
        self._retranslate()
        current = self.stack.currentWidget()
        if current is self.lessons_page:
            self.show_lessons()
        elif current is self.step_page and self.lesson is not None:
            self.show_step(self.step_index, keep_practice=True)
        elif current is self.summary_page and self.lesson is not None:
            self.show_summary()
        elif current is self.code_page and self.progress is not None:
            self._show_code()

    def words(self, key: str, **values: str) -> str:
        return self.catalogue.text(key, self.language, **values)

    def local(self, text: object) -> str:
        return localise(text, self.language)  # type: ignore[arg-type]

    # -- building -------------------------------------------------------------------------
    def _page(self, *, scroll: bool = True) -> tuple[QWidget, QVBoxLayout]:
        """A page: returns (page, layout of its content); long content scrolls."""
        page = QWidget(self.stack)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(32, 24, 32, 24)
        self.stack.addWidget(page)
        if not scroll:
            return page, outer
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 12, 0)
        layout.setSpacing(16)
        area = _scrolling(content, page)
        self._scroll_areas.append(area)
        outer.addWidget(area)
        self._outers[id(page)] = outer
        return page, layout

    def _build_start(self) -> None:
        self.start_page, v = self._page()
        self.start_title = label("", self.start_page, "h1")
        self.start_intro = label("", self.start_page, "lead")
        self.start_button = button("", self.start_page, "primary")
        self.have_code_button = button("", self.start_page)
        self.start_leave = button("", self.start_page, "link")
        for w in (self.start_title, self.start_intro):
            v.addWidget(w)
        for b in (self.start_button, self.have_code_button, self.start_leave):
            row = QHBoxLayout()
            row.addWidget(b)
            row.addStretch(1)
            v.addLayout(row)
        v.addStretch(1)
        self.start_button.clicked.connect(self.start_new)
        self.have_code_button.clicked.connect(self._ask_for_code)
        self.start_leave.clicked.connect(self._leave_pressed)

    def _build_code_entry(self) -> None:
        self.code_entry_page, v = self._page()
        self.code_entry_title = label("", self.code_entry_page, "h1")
        self.code_entry_hint = label("", self.code_entry_page, "hint")
        self.code_error = label("", self.code_entry_page, "inline-error")
        self.code_error.hide()
        self.code_field = QLineEdit(self.code_entry_page)
        resident_field(self.code_field)
        self.code_entry_title.setBuddy(self.code_field)  # its labelled-by relation
        self.code_field.setMinimumHeight(72)
        self.code_field.setMaxLength(20)
        self.code_field.setProperty("keyboard", "postcode")  # capitals, letters and numbers
        self.code_go = button("", self.code_entry_page, "primary")
        self.code_back = button("", self.code_entry_page, "link")
        for w in (self.code_entry_title, self.code_entry_hint, self.code_error, self.code_field):
            v.addWidget(w)
        v.addLayout(flow_row(self.code_go, self.code_back))
        v.addStretch(1)
        self.code_go.clicked.connect(self._resume_from_code)
        self.code_field.returnPressed.connect(self._resume_from_code)
        self.code_back.clicked.connect(lambda: self.stack.setCurrentWidget(self.start_page))

    def _build_code_page(self) -> None:
        self.code_page, v = self._page()
        self.code_title = label("", self.code_page, "h1")
        self.code_value = label("", self.code_page, "reference")
        self.code_value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.qr = QrCodeWidget(self.code_page)
        self.code_explain = label("", self.code_page, "lead")
        self.code_continue = button("", self.code_page, "primary")
        v.addWidget(self.code_title)
        row = QHBoxLayout()
        row.addWidget(self.code_value, 1)
        row.addWidget(self.qr)
        v.addLayout(row)
        v.addWidget(self.code_explain)
        row2 = QHBoxLayout()
        row2.addWidget(self.code_continue)
        row2.addStretch(1)
        v.addLayout(row2)
        v.addStretch(1)
        self.code_continue.clicked.connect(self.show_lessons)

    def _build_lessons(self) -> None:
        self.lessons_page, v = self._page()
        self.lessons_title = label("", self.lessons_page, "h1")
        self.lessons_count = label("", self.lessons_page, "hint")
        v.addWidget(self.lessons_title)
        v.addWidget(self.lessons_count)
        self.lesson_tiles = QVBoxLayout()
        v.addLayout(self.lesson_tiles)
        v.addStretch(1)
        self.show_code_button = button("", self.lessons_page)
        self.certificate_button = button("", self.lessons_page)
        self.lessons_leave = button("", self.lessons_page, "link")
        self._outers[id(self.lessons_page)].addLayout(
            flow_row(self.show_code_button, self.certificate_button, self.lessons_leave))
        self.show_code_button.clicked.connect(self._show_code)
        self.certificate_button.clicked.connect(self.show_certificate)
        self.lessons_leave.clicked.connect(self._leave_pressed)

    def _build_step(self) -> None:
        self.step_page, v = self._page()
        self.step_counter = label("", self.step_page, "hint")
        self.step_title = label("", self.step_page, "h1")
        self.step_text = label("", self.step_page, "lead")
        self.step_prompt = label("", self.step_page, "h2")
        for w in (self.step_counter, self.step_title, self.step_text, self.step_prompt):
            v.addWidget(w)
        self.practice_box = QVBoxLayout()
        v.addLayout(self.practice_box)
        self.feedback = FittingLabel(self.step_page)  # outside the scrolling part
        self.feedback.setProperty("role", "notice")
        self.feedback.setFrameShape(QFrame.Shape.StyledPanel)
        self.feedback.setMargin(12)
        # Clear of the notice's coloured bar on the start side, which is drawn over the
        # label and grows with the text size (20 px at 200 %).
        self.feedback.setIndent(16)
        self.feedback.setAccessibleDescription("status")
        self.feedback.hide()
        v.addStretch(1)
        # Feedback and navigation never scroll away: what the learner needs to read after
        # an attempt is always in view, and Continue is always in the same place.
        self._outers[id(self.step_page)].addWidget(self.feedback)
        self.step_back = button("", self.step_page)
        self.read_aloud = button("", self.step_page)
        self.step_lessons = button("", self.step_page, "link")
        self.step_continue = button("", self.step_page, "primary")
        nav = flow_row(self.step_back, self.read_aloud, self.step_lessons, self.step_continue)
        nav.set_last_at_end(True)  # Continue at the end of the line, where it always is
        self._outers[id(self.step_page)].addLayout(nav)
        self.step_back.clicked.connect(self._step_back)
        self.step_continue.clicked.connect(self._step_continue)
        self.read_aloud.clicked.connect(self._read_step)
        self.step_lessons.clicked.connect(self._back_to_lessons)

    def _build_summary(self) -> None:
        self.summary_page, v = self._page()
        self.summary_title = label("", self.summary_page, "h1")
        self.summary_outcome = label("", self.summary_page, "lead")
        self.summary_learned = label("", self.summary_page, "h2")
        self.summary_points = label("", self.summary_page)
        self.summary_practised = label("", self.summary_page)
        for w in (self.summary_title, self.summary_outcome, self.summary_learned,
                  self.summary_points, self.summary_practised):
            v.addWidget(w)
        v.addStretch(1)
        self.summary_next = button("", self.summary_page, "primary")
        self.summary_lessons = button("", self.summary_page)
        self._outers[id(self.summary_page)].addLayout(
            flow_row(self.summary_next, self.summary_lessons))
        self.summary_next.clicked.connect(self._next_lesson)
        self.summary_lessons.clicked.connect(self.show_lessons)

    def _build_certificate(self) -> None:
        self.certificate_page, v = self._page()
        self.certificate_title = label("", self.certificate_page, "h1")
        self.certificate_explain = label("", self.certificate_page, "lead")
        self.name_label = label("", self.certificate_page, "h2")
        self.name_field = QLineEdit(self.certificate_page)
        resident_field(self.name_field)
        self.name_label.setBuddy(self.name_field)  # its labelled-by relation
        self.name_field.setMinimumHeight(72)
        self.name_field.setMaxLength(80)
        self.certificate_message = label("", self.certificate_page)
        self.certificate_message.setProperty("role", "notice")
        self.certificate_message.setMargin(12)
        self.certificate_message.setIndent(16)  # clear of the notice's bar, as the feedback
        self.certificate_message.hide()
        self.print_button = button("", self.certificate_page, "primary")
        self.certificate_back = button("", self.certificate_page, "link")
        for w in (self.certificate_title, self.certificate_explain, self.name_label,
                  self.name_field, self.certificate_message):
            v.addWidget(w)
        v.addLayout(flow_row(self.print_button, self.certificate_back))
        v.addStretch(1)
        self.print_button.clicked.connect(self._print_certificate)
        self.certificate_back.clicked.connect(self.show_lessons)

    def _retranslate(self) -> None:
        w = self.words

        def name(b: QPushButton, key: str) -> None:
            b.setText(w(key))
            b.setAccessibleName(w(key))

        for area in self._scroll_areas:
            area.verticalScrollBar().setAccessibleName(w("player.scroll_bar"))
        self.start_title.setText(w("player.title"))
        self.start_intro.setText(w("player.intro"))
        name(self.start_button, "player.start_new")
        name(self.have_code_button, "player.have_code")
        name(self.start_leave, "player.leave")
        self.code_entry_title.setText(w("player.enter_code_title"))
        self.code_entry_hint.setText(w("player.enter_code_hint"))
        self.code_field.setAccessibleName(w("player.enter_code_title"))
        name(self.code_go, "player.continue_with_code")
        name(self.code_back, "player.back")
        self.code_title.setText(w("player.code_label"))
        self.code_explain.setText(w("player.code_explain"))
        name(self.code_continue, "player.continue")
        self.lessons_title.setText(w("player.lessons_heading"))
        name(self.show_code_button, "player.show_code")
        name(self.certificate_button, "player.certificate")
        name(self.lessons_leave, "player.leave")
        name(self.step_back, "player.back")
        name(self.read_aloud, "player.read_aloud")
        self.read_aloud.setVisible(self.speaker is not None)
        name(self.step_lessons, "player.lesson_list")
        self.summary_learned.setText(w("player.summary_learned"))
        name(self.summary_next, "player.summary_next")
        name(self.summary_lessons, "player.lesson_list")
        self.certificate_title.setText(w("certificate.title"))
        self.certificate_explain.setText(w("certificate.explain"))
        self.name_label.setText(w("certificate.name_label"))
        self.name_field.setAccessibleName(w("certificate.name_label"))
        name(self.print_button, "certificate.print")
        name(self.certificate_back, "player.back")

    # -- speech ---------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self._spoken = text
        if self.speaker is not None and text:
            self.speaker.say(text, self.language)
        self.page_shown.emit()

    def title(self) -> str:
        """The window's title: on a lesson's step, the lesson and step ("Using a
        touchscreen · Step 2 of 5: Tapping"); else the lessons' title."""
        if self.stack.currentWidget() is self.step_page and self.lesson is not None:
            return f"{self.step_counter.text()}: {self.step_title.text()}"
        return self.words("player.title")

    # -- learner code ---------------------------------------------------------------------
    def start_new(self) -> None:
        self.progress = self.store.create()
        self._show_code()

    def _ask_for_code(self) -> None:
        self.code_error.hide()
        self.code_field.clear()
        self.stack.setCurrentWidget(self.code_entry_page)
        self.code_field.setFocus()
        self._say(f"{self.words('player.enter_code_title')}. {self.words('player.enter_code_hint')}")

    def _resume_from_code(self) -> None:
        code, problem = read_learner_code(self.code_field.text())
        progress = self.store.load(code) if code is not None else None
        if code is not None and progress is None:
            problem = "player.code_unknown"
        if progress is None:
            self.code_error.setText(self.words(problem))
            self.code_error.show()
            self._say(self.words(problem))
            return
        self.code_field.clear()
        self.code_error.hide()
        self.progress = progress
        self.show_lessons()

    def _show_code(self) -> None:
        if self.progress is None:
            return
        shown = show_learner_code(self.progress.code)
        self.code_value.setText(shown)
        self.code_value.setAccessibleName(f"{self.words('player.code_label')}: {shown}")
        self.qr.set_text(self.progress.code)
        self.qr.setAccessibleName(self.words("player.code_qr", code=shown))  # what it is
        self.stack.setCurrentWidget(self.code_page)
        spelled = ", ".join(self.progress.code)
        self._say(f"{self.words('player.code_spoken', code=spelled)}. "
                  f"{self.words('player.code_explain')}")

    # -- lessons --------------------------------------------------------------------------
    def show_lessons(self) -> None:
        if self.progress is None:
            self.stack.setCurrentWidget(self.start_page)
            return
        self._stop_practice()
        _clear(self.lesson_tiles)
        done = 0
        for lesson in self.catalogue.lessons:
            status = ""
            if self.progress.is_complete(lesson.id):
                status = "✓ " + self.words("player.lesson_done")
                done += 1
            elif lesson.id in self.progress.position:
                status = self.words("player.lesson_started")
            area = self.local(self.catalogue.area_names[lesson.area])
            text = f"{self.local(lesson.title)}\n{area}" + (f" · {status}" if status else "")
            tile = button(text, self.lessons_page, "tile")
            tile.setAccessibleName(text.replace("\n", ". "))  # the name holds what is seen
            tile.clicked.connect(lambda _=False, lid=lesson.id: self.open_lesson(lid))
            tile.ensurePolished()  # sized in the page's font (Urdu's is taller) before laid out
            self.lesson_tiles.addWidget(tile)
            tile.show()
        self.lessons_count.setText(self.words("player.lesson_count", done=str(done),
                                              total=str(len(self.catalogue.lessons))))
        self.certificate_button.setEnabled(True)
        self.stack.setCurrentWidget(self.lessons_page)
        self._say(f"{self.words('player.lessons_heading')}. {self.lessons_count.text()}")

    def open_lesson(self, lesson_id: str) -> None:
        """Start (or resume) a lesson at the step the learner reached."""
        if self.progress is None:
            return
        self.lesson = self.catalogue.lesson(lesson_id)
        start = self.progress.resume_step(lesson_id)
        if start == 0:
            self.lesson_started.emit(lesson_id)
        self.show_step(min(start, len(self.lesson.steps) - 1))

    def _save(self, progress: Progress) -> None:
        self.progress = progress
        self.store.save(progress)

    def _stop_practice(self) -> None:
        if self.practice is not None:
            self.practice.stop()
        _clear(self.practice_box)
        self.practice = None

    def show_step(self, index: int, *, keep_practice: bool = False) -> None:
        """Show step ``index``. ``keep_practice``: the same step in another language; a
        practice that can redraw itself in it (the practice form) keeps its answers."""
        assert self.lesson is not None and self.progress is not None
        kept = (keep_practice and index == self.step_index and self.practice is not None
                and self.practice.set_language(self.language))
        if not kept:
            self._stop_practice()
        lesson, self.step_index = self.lesson, index
        step = lesson.steps[index]
        if self.progress.resume_step(lesson.id) != index or lesson.id not in self.progress.position:
            self._save(self.progress.at_step(lesson.id, index))
        self.step_counter.setText(
            f"{self.local(lesson.title)} · "
            + self.words("player.step_of", number=str(index + 1), total=str(len(lesson.steps))))
        self.step_title.setText(self.local(step.title))
        self.step_text.setText(self.local(step.text))
        self.feedback.hide()
        self.feedback.clear()
        if step.task is not None:
            self.step_prompt.setText(self.local(step.task.prompt))
            self.step_prompt.show()
        if step.task is not None and not kept:
            self.practice = practice_for(step.task, self.catalogue, self.language, self.step_page)
            self.practice.attempted.connect(self._on_attempt)
            self.practice.succeeded.connect(self._on_practised)
            self.practice_box.addWidget(self.practice)
            self.practice.show()
        elif step.task is None:
            self.step_prompt.hide()
        self.step_back.setEnabled(index > 0)
        self._update_continue()
        self.stack.setCurrentWidget(self.step_page)
        self._read_step()

    def _step_words(self) -> str:
        parts = [self.step_title.text(), self.step_text.text()]
        if self.step_prompt.isVisibleTo(self.step_page):
            parts.append(self.step_prompt.text())
        return ". ".join(p.rstrip(".") for p in parts if p) + "."

    def _read_step(self) -> None:
        self._say(self._step_words())

    def _update_continue(self) -> None:
        assert self.lesson is not None and self.progress is not None
        step = self.lesson.steps[self.step_index]
        pending = step.task is not None and not (
            self.practice is not None and self.practice.done
        )
        key = "player.skip" if pending else "player.continue"
        self.step_continue.setText(self.words(key))
        self.step_continue.setAccessibleName(self.words(key))
        self.step_continue.setProperty("role", "" if pending else "primary")
        self.step_continue.style().unpolish(self.step_continue)
        self.step_continue.style().polish(self.step_continue)

    def _on_attempt(self, outcome: str, message: str) -> None:
        if not message:
            self.feedback.hide()
            return
        mark = "✓ " if outcome == SUCCESS else ("" if outcome == INFO else "↻ ")
        self.feedback.setText(mark + message)
        self.feedback.setProperty("outcome", outcome)
        self.feedback.show()
        announce(self.feedback, message)  # heard without moving focus from the practice
        if self.speaker is not None:
            self.speaker.stop()
        self._say(message)

    def _on_practised(self) -> None:
        assert self.lesson is not None and self.progress is not None
        step = self.lesson.steps[self.step_index]
        self._save(self.progress.with_practised(self.lesson.id, step.id))
        self._update_continue()

    def _step_back(self) -> None:
        if self.step_index > 0:
            self.show_step(self.step_index - 1)

    def _step_continue(self) -> None:
        assert self.lesson is not None
        if self.step_index + 1 < len(self.lesson.steps):
            self.show_step(self.step_index + 1)
        else:
            self._finish_lesson()

    def _back_to_lessons(self) -> None:
        self.show_lessons()

    def _finish_lesson(self) -> None:
        assert self.lesson is not None and self.progress is not None
        self._stop_practice()
        self._save(self.progress.finished(self.lesson.id, self._today()))
        self.show_summary()
        self.finished.emit(self.lesson.id)

    def show_summary(self) -> None:
        assert self.lesson is not None and self.progress is not None
        lesson = self.lesson
        self.summary_title.setText(self.words("player.summary_title", lesson=self.local(lesson.title)))
        self.summary_outcome.setText(self.local(lesson.outcome))
        self.summary_points.setText("\n".join(f"•  {self.local(p)}" for p in lesson.summary))
        total = lesson.practice_count
        done = sum(1 for s in lesson.steps
                   if s.task is not None and self.progress.has_practised(lesson.id, s.id))
        text = self.words("player.summary_practised", done=str(done), total=str(total))
        if done < total:
            text += " " + self.words("player.summary_skipped")
        self.summary_practised.setText(text)
        self.summary_practised.setVisible(total > 0)
        ids = self.catalogue.ids()
        self.summary_next.setVisible(ids.index(lesson.id) + 1 < len(ids))
        self.stack.setCurrentWidget(self.summary_page)
        self._say(". ".join([self.summary_title.text(), self.summary_learned.text()]
                            + [self.local(p) for p in lesson.summary]))

    def _next_lesson(self) -> None:
        assert self.lesson is not None
        ids = self.catalogue.ids()
        position = ids.index(self.lesson.id)
        if position + 1 < len(ids):
            self.open_lesson(ids[position + 1])

    # -- certificate ----------------------------------------------------------------------
    def show_certificate(self) -> None:
        if self.progress is None:
            return
        self.name_field.clear()
        self.certificate_message.hide()
        has_any = bool(self.progress.completed)
        self.print_button.setEnabled(has_any)
        self.name_field.setEnabled(has_any)
        if not has_any:
            self.certificate_message.setText(self.words("certificate.none"))
            self.certificate_message.show()
        self.stack.setCurrentWidget(self.certificate_page)
        self._say(self.words("certificate.none") if not has_any
                  else self.words("certificate.explain"))

    def _print_certificate(self) -> None:
        if self.progress is None or not self.progress.completed:
            return
        name = self.name_field.text().strip() or self.words("certificate.anonymous")
        words = CertificateWords(
            heading=self.words("certificate.heading"), awarded=self.words("certificate.awarded"),
            name=name, lesson=self.words("certificate.lesson"), area=self.words("certificate.area"),
            date=self.words("certificate.date"), next_steps=self.words("certificate.next"),
            council=self.council, rtl=is_rtl(self.language),
        )
        lines = [CertificateLine(*row)
                 for row in completed_lessons(self.catalogue, self.progress, self.language)]
        printed = self._print_html is not None and self._print_html(certificate_html(words, lines))
        pdf = certificate_pdf(words, lines)
        self.name_field.clear()  # the name goes into the printout and the PDF, nowhere else
        said = self.words("certificate.made" if printed else "certificate.no_printer")
        self.certificate_message.setText(said)
        self.certificate_message.show()
        self._say(said)
        self.certificate_ready.emit(pdf)

    def _leave_pressed(self) -> None:
        self.leave()
        self.left.emit()

"""The screens a resident moves through, each a thin view of a model from ``kiosk/``.

Every screen has ``enter(model)`` (build the page from the model), ``leave()`` (delete
every widget it made, so nothing of one resident survives into the next), ``title()``
(the window title), ``spoken_parts()`` / ``spoken_text()`` (what Read aloud says: the
page's words in order, choices with whether they are selected, then its buttons; typed
answers are marked private) and ``first_focus()``.
Screens emit what the resident did (past-tense signals) and never decide where to go.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollBar,
    QVBoxLayout,
    QWidget,
)

from accessibility.spoken import SpeechPart
from kiosk.journeys.engine import (
    CheckAnswersModel,
    DateParts,
    FieldError,
    LocationInput,
    PageModel,
)
from kiosk.journeys.gazetteer import Place
from kiosk.journeys.messages import character_count, ui_word
from kiosk.journeys.model import (
    DATE,
    DECLARATION,
    EMAIL,
    LOCATION,
    MULTIPLE_CHOICE,
    NUMBER,
    PHONE,
    POSTCODE,
    SINGLE_CHOICE,
    STOP,
    TEXTAREA,
    YES_NO,
)
from ui import keyboard
from ui.fields import date_part, resident_field
from ui.receipt import ReceiptContent, qr_image
from ui.tiles import Tile, TilesModel, TilesScreen  # noqa: F401 - re-exported
from ui.welcome import Screen, Translate
from ui.widgets import (
    ALERT,
    GROUP,
    ChoiceRow,
    WrapButton,
    announce,
    button,
    clear_layout,
    is_right_to_left,
    label,
    label_field,
    set_accessible_role,
    set_start_margins,
)

# --- a question page --------------------------------------------------------------------


def _keyboard_mode(question_type: str) -> str:
    if question_type in (NUMBER, PHONE, DATE):
        return keyboard.NUMERIC
    if question_type == POSTCODE:
        return keyboard.POSTCODE
    if question_type == EMAIL:
        return keyboard.EMAIL
    return keyboard.TEXT


class QuestionScreen(Screen):
    """One question (or an information or stop page) from a ``PageModel``.

    After a failed Continue it shows "There is a problem" at the top with each error as
    a link to its field, the same words beside the field, and takes focus to the summary.

    Signals:
        continued: Continue was tapped. arg: the raw answer (see ``kiosk.journeys.engine``),
            or None on an information page.
        back_requested: Back was tapped.
        places_searched: the resident typed in a street search. arg: the text so far.
        start_again_requested: "Start again" on a stop page was tapped.
    """

    continued = Signal(object)
    back_requested = Signal()
    places_searched = Signal(str)
    start_again_requested = Signal()

    def __init__(self, tr: Translate, parent: QWidget | None = None) -> None:
        super().__init__(tr, parent)
        self._model: PageModel | None = None
        self._fields: dict[str, QWidget] = {}
        self._summary: QFrame | None = None
        self._continue: QPushButton | None = None
        self._place_id = ""
        self._place_results: QVBoxLayout | None = None
        self._place_chosen: QLabel | None = None
        self._radio_group: QButtonGroup | None = None
        self._count_label: QLabel | None = None

    @property
    def model(self) -> PageModel | None:
        return self._model

    def leave(self) -> None:
        super().leave()
        self._model = None
        self._fields = {}
        self._summary = None
        self._continue = None
        self._place_id = ""
        self._place_results = None
        self._place_chosen = None
        if self._radio_group is not None:
            self._radio_group.deleteLater()
        self._radio_group = None
        self._count_label = None

    def build(self, model: PageModel) -> None:
        self._model = model
        lang = model.language
        content = self.page.content
        prefix = ui_word("error_prefix", lang)
        # The window's name: "Question 2 of 6: What is your name? – Council" (a screen
        # reader says it when the page opens, and where the resident is).
        title = f"{model.progress_text}: {model.heading}" if model.progress_text else model.heading
        self._title = f"{prefix} {title}" if model.errors else title
        if model.can_go_back:
            back = button(ui_word("back", lang), content, role="link")
            back.clicked.connect(self.back_requested.emit)
            self._button_row(back)
        if model.errors:
            self._summary = self._error_summary(model.errors, lang)
            self.body.addWidget(self._summary)
        if model.progress_text:
            self._text(model.progress_text, role="hint")
        self._heading(model.heading)
        if model.body and model.question_type != DECLARATION:
            self._text(model.body)
        self._text(model.hint, role="hint")
        if model.is_question:
            self._build_input(model)
        if model.can_continue:
            self._continue = button(model.continue_label, content, role="primary")
            self._continue.clicked.connect(self._on_continue)
            self._button_row(self._continue)
        if model.question_type == STOP:
            again = button(self._tr("start_again"), content, role="primary")
            again.clicked.connect(self.start_again_requested.emit)
            self._button_row(again)
        self.body.addStretch(1)

    def first_focus(self) -> QWidget | None:
        if self._summary is not None:
            return self._summary
        model = self._model
        if model is not None and model.question_type in (
            "text", TEXTAREA, NUMBER, EMAIL, PHONE, POSTCODE, DATE,
        ):
            return next(iter(self._fields.values()), None)
        return None

    def field(self, part: str = "") -> QWidget | None:
        """The input for ``part`` (date: day/month/year; location: place/postcode/details)."""
        if part in self._fields:
            return self._fields[part]
        return next(iter(self._fields.values()), None)

    def raw_answer(self) -> Any:
        """What is in the fields now, in the engine's raw form."""
        model = self._model
        if model is None or not model.is_question:
            return None
        kind = model.question_type
        if kind == DATE:
            return DateParts(*(self._line(p) for p in ("day", "month", "year")))
        if kind == LOCATION:
            return LocationInput(self._place_id, self._line("postcode"), self._line("details"),
                                 search=self._line("place"))
        if kind in (SINGLE_CHOICE, YES_NO):
            for w in self._fields.values():
                if isinstance(w, QRadioButton) and w.isChecked():
                    return str(w.property("value"))
            return ""
        if kind == MULTIPLE_CHOICE:
            return tuple(str(w.property("value")) for w in self._fields.values()
                         if isinstance(w, QCheckBox) and w.isChecked())
        if kind == DECLARATION:
            box = self._fields.get("")
            return isinstance(box, QCheckBox) and box.isChecked()
        if kind == TEXTAREA:
            area = self._fields.get("")
            return area.toPlainText() if isinstance(area, QPlainTextEdit) else ""
        return self._line("")

    def _page_parts(self) -> list[SpeechPart]:
        """The page's words, then what is typed in its fields now (private listening only)."""
        typed = [w.text() if isinstance(w, QLineEdit) else w.toPlainText()
                 for w in self._fields.values() if isinstance(w, (QLineEdit, QPlainTextEdit))]
        return [*self._spoken, *(SpeechPart(t, private=True) for t in typed if t.strip())]

    def show_places(self, places: Sequence[Place], typed: str = "") -> None:
        """Offer the places matching what was typed in the street search ("No places
        match ..." when nothing does), in view above the keyboard while the resident types."""
        results = self._place_results
        if results is None:
            return
        clear_layout(results)
        # In Tab order right after the search box (made later, they would follow Continue).
        before = self._fields.get("place")
        shown: list[QWidget] = []
        for place in places:
            b = WrapButton([(place.label, "body")], self.page.content, role="secondary")
            b.clicked.connect(lambda _=False, p=place: self._choose_place(p))
            shown.append(b)
            if before is not None:
                QWidget.setTabOrder(before, b)
                before = b
        if not places and typed.strip():
            text = self._tr("no_places", search=" ".join(typed.split()))
            none = label(text, self.page.content, role="lead")
            none.setAccessibleName(text)
            shown.append(none)
        for w in shown:
            results.addWidget(w)
            w.show()
        self.page.fit()
        search = self._fields.get("place")
        if shown and search is not None and search.hasFocus():
            # The first suggestion is scrolled up out from under the keyboard (the page's
            # view ends above it) now, as the key is released: not later, when a finger
            # may already be on the next thing to tap.
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            content, bar = self.page.content, self.page.verticalScrollBar()
            top = search.mapTo(content, QPoint(0, 0)).y() - 8
            bottom = shown[0].mapTo(content, QPoint(0, shown[0].height())).y() + 8
            room = self.page.viewport().height()
            if bottom - top <= room:  # the box and the first suggestion, both
                if not (bar.value() <= top and bottom <= bar.value() + room):
                    bar.setValue(max(top, bottom - room))
            else:
                self.page.ensureWidgetVisible(shown[0], 50, 8)

    # -- building inputs -----------------------------------------------------------------
    def _line(self, part: str) -> str:
        w = self._fields.get(part)
        return w.text() if isinstance(w, QLineEdit) else ""

    def _error_for(self, part: str) -> FieldError | None:
        model = self._model
        if model is None:
            return None
        for e in model.errors:
            if e.part == part or (not e.part and part in ("", "day", "place")):
                return e
        return None

    def _describe(self, widget: QWidget, part: str) -> None:
        """The field's accessible description: its error (so a screen reader hears that it
        is not valid, and why, on the field itself) and the question's hint."""
        model = self._model
        if model is None:
            return
        error = self._error_for(part) if model.errors else None
        if model.errors and model.question_type in (DATE, SINGLE_CHOICE, YES_NO,
                                                    MULTIPLE_CHOICE, DECLARATION, TEXTAREA):
            error = model.errors[0]
        words = [f"{ui_word('error_prefix', model.language)} {error.message}"] if error else []
        if model.hint:
            words.append(model.hint)
        widget.setAccessibleDescription(" ".join(words))

    def _field_name(self, model: PageModel) -> str:
        """A single field's name: the question, with "(optional)" when it is."""
        return model.heading if model.is_optional else model.label

    def _inline_error(self, error: FieldError | None, parent_layout: QVBoxLayout) -> None:
        if error is None or self._model is None:
            return
        prefix = ui_word("error_prefix", self._model.language)
        lab = label(error.message, self.page.content, role="inline-error")
        lab.setAccessibleName(f"{prefix} {error.message}")
        parent_layout.addWidget(lab)

    def _group_frame(self, has_error: bool) -> tuple[QFrame, QVBoxLayout]:
        frame = QFrame(self.page.content)
        frame.setProperty("role", "field-error" if has_error else "field")
        v = QVBoxLayout(frame)
        set_start_margins(v, 24 if has_error else 0, 0, 0, 0, rtl=is_right_to_left(frame))
        v.setSpacing(12)
        self.body.addWidget(frame)
        return frame, v

    def _line_edit(self, parent: QWidget, name: str, value: str, mode: str, part: str,
                   shown_label: QLabel | None = None) -> QLineEdit:
        edit = QLineEdit(parent)
        resident_field(edit)  # no context menu, no text dragging
        edit.setAccessibleName(name)
        if shown_label is not None:  # labelled by the label beside it (a relation in Qt)
            shown_label.setBuddy(edit)
        else:
            label_field(edit, self._model.heading if self._model is not None else name)
        edit.setText(value)
        edit.setProperty("keyboard", mode)
        edit.setProperty("invalid", self._error_for(part) is not None and bool(self._model and self._model.errors))
        edit.returnPressed.connect(self._on_continue)
        self._fields[part] = edit
        self._describe(edit, part)
        return edit

    def _build_input(self, model: PageModel) -> None:
        kind = model.question_type
        lang = model.language
        frame, v = self._group_frame(bool(model.errors))
        # A group named by its question: "Yes" reaches a screen reader with what it answers.
        set_accessible_role(frame, GROUP)
        frame.setAccessibleName(model.heading)
        self._describe(frame, "")
        mode = _keyboard_mode(kind)
        if kind == DATE:
            self._inline_error(model.errors[0] if model.errors else None, v)
            parts = model.answer if isinstance(model.answer, DateParts) else DateParts()
            row = QHBoxLayout()
            row.setSpacing(24)
            date_edits: list[tuple[str, QLineEdit]] = []
            for part, width in (("day", 2), ("month", 2), ("year", 4)):
                box = QVBoxLayout()
                word = ui_word(part, lang)
                part_label = label(word, frame)
                box.addWidget(part_label)
                edit = self._line_edit(frame, word, getattr(parts, part), mode, part, part_label)
                edit.setMaximumWidth(110 + 40 * width)
                edit.setProperty("invalid", bool(model.errors) and model.errors[0].part in (part, ""))
                box.addWidget(edit)
                row.addLayout(box)
                date_edits.append((part, edit))
            # each part takes only what it holds, and a full one moves on to the next
            for i, (part, edit) in enumerate(date_edits):
                date_part(edit, part, date_edits[i + 1][1] if i + 1 < len(date_edits) else None)
            row.addStretch(1)
            v.addLayout(row)
        elif kind == LOCATION:
            self._build_location(model, frame, v)
        elif kind in (SINGLE_CHOICE, YES_NO):
            self._inline_error(model.errors[0] if model.errors else None, v)
            self._radio_group = QButtonGroup(self)
            chosen = str(model.answer or "")
            for i, (value, text) in enumerate(model.options):
                r = QRadioButton(frame)
                r.setProperty("value", value)
                r.setChecked(value == chosen)
                self._say_choice(text, r.isChecked())
                self._radio_group.addButton(r)
                v.addWidget(ChoiceRow(r, text, frame))
                self._fields[value if i else ""] = r
        elif kind in (MULTIPLE_CHOICE, DECLARATION):
            self._inline_error(model.errors[0] if model.errors else None, v)
            chosen_set = set(model.answer or ()) if kind == MULTIPLE_CHOICE else set()
            for i, (value, text) in enumerate(model.options):
                c = QCheckBox(frame)
                c.setProperty("value", value)
                c.setChecked(value in chosen_set or (kind == DECLARATION and model.answer is True))
                self._say_choice(text, c.isChecked())
                v.addWidget(ChoiceRow(c, text, frame))
                self._fields[value if i else ""] = c
        elif kind == TEXTAREA:
            self._inline_error(model.errors[0] if model.errors else None, v)
            area = QPlainTextEdit(frame)
            resident_field(area)
            area.setAccessibleName(self._field_name(model))
            label_field(area, model.heading)
            self._describe(area, "")
            area.setPlainText(str(model.answer or ""))
            area.setProperty("keyboard", mode)
            area.setProperty("invalid", bool(model.errors))
            area.setTabChangesFocus(True)
            area.setMinimumHeight(200)
            # A scroll bar of our own: PySide keeps a wrapper for Qt's own one (made by Qt,
            # met through verticalScrollBar()) after the box is deleted, one a page a day long.
            bar = QScrollBar(Qt.Orientation.Vertical, area)
            area.setVerticalScrollBar(bar)
            bar.setAccessibleName(f"{self._tr('scroll_bar')}: {model.label}")
            v.addWidget(area)
            self._fields[""] = area
            if model.max_length:
                self._count_label = label("", frame, role="hint")
                v.addWidget(self._count_label)
                area.textChanged.connect(self._update_count)
                self._update_count()
        else:
            self._inline_error(model.errors[0] if model.errors else None, v)
            edit = self._line_edit(frame, self._field_name(model), str(model.answer or ""), mode, "")
            if kind in (NUMBER, PHONE, POSTCODE):
                edit.setMaximumWidth(480)
            v.addWidget(edit)

    def _build_location(self, model: PageModel, frame: QFrame, v: QVBoxLayout) -> None:
        lang = model.language
        answer = model.answer if isinstance(model.answer, LocationInput) else LocationInput()
        self._place_id = answer.place_id
        if model.places_available:
            self._inline_error(self._error_for("place"), v)
            word = self._tr("street_search")
            search_label = label(word, frame)
            v.addWidget(search_label)
            # what was typed stays through a failed Continue (with what it matched)
            search = self._line_edit(frame, word, answer.search, keyboard.TEXT, "place",
                                     search_label)
            search.textChanged.connect(self.places_searched.emit)
            v.addWidget(search)
            self._place_chosen = label("", frame, role="lead")
            v.addWidget(self._place_chosen)
            if answer.place_id:
                self._show_chosen(answer.place_id)
            results = QVBoxLayout()
            results.setSpacing(12)
            v.addLayout(results)
            self._place_results = results
            if answer.search.strip() and not answer.place_id:
                self.places_searched.emit(answer.search)
            v.addWidget(label(self._tr("or_postcode"), frame, role="hint"))
        self._inline_error(self._error_for("postcode") if model.places_available else
                           self._error_for("place") or self._error_for("postcode"), v)
        word = ui_word("postcode", lang)
        pc_label = label(word, frame)
        v.addWidget(pc_label)
        pc = self._line_edit(frame, word, answer.postcode, keyboard.POSTCODE, "postcode", pc_label)
        pc.setMaximumWidth(480)
        v.addWidget(pc)
        self._inline_error(self._error_for("details"), v)
        word = ui_word("where", lang)
        where_label = label(word, frame)
        v.addWidget(where_label)
        v.addWidget(self._line_edit(frame, word, answer.details, keyboard.TEXT, "details",
                                    where_label))

    def _say_choice(self, text: str, checked: bool) -> None:
        self._say(f"{text}, {self._tr('choice_selected')}" if checked else text)

    def _show_chosen(self, place_id: str, place_label: str = "") -> None:
        if self._place_chosen is not None:
            text = self._tr("place_chosen", place=place_label or place_id)
            self._place_chosen.setText(text)
            self._place_chosen.setAccessibleName(text)
            announce(self._place_chosen, text)

    def _choose_place(self, place: Place) -> None:
        self._place_id = place.id
        self._show_chosen(place.id, place.label)
        if self._place_results is not None:
            clear_layout(self._place_results)

    def _update_count(self) -> None:
        model, lab = self._model, self._count_label
        area = self._fields.get("")
        if model is None or lab is None or not isinstance(area, QPlainTextEdit) or not model.max_length:
            return
        text = character_count(len(area.toPlainText()), model.max_length, model.language)
        changed = text != lab.text()
        lab.setText(text)
        lab.setAccessibleName(text)
        if changed and area.hasFocus():
            announce(lab, text)

    def _error_summary(self, errors: Sequence[FieldError], lang: str) -> QFrame:
        frame = QFrame(self.page.content)
        frame.setProperty("role", "error-summary")
        set_accessible_role(frame, ALERT)  # an alert: announced as one when it has focus
        frame.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        heading = ui_word("problem", lang)
        frame.setAccessibleName(heading)
        v = QVBoxLayout(frame)
        v.setContentsMargins(24, 16, 24, 16)
        v.setSpacing(8)
        v.addWidget(label(self._say(heading), frame, role="h2"))
        for e in errors:
            link = WrapButton([(self._say(e.message), "error-link")], frame, role="error-link")
            link.clicked.connect(lambda _=False, part=e.part: self._focus_field(part))
            v.addWidget(link)
        return frame

    def _focus_field(self, part: str) -> None:
        w = self.field(part)
        if w is not None:
            w.setFocus(Qt.FocusReason.OtherFocusReason)
            self.page.ensureWidgetVisible(w)

    def _on_continue(self) -> None:
        model = self._model
        if model is None:
            return
        self.continued.emit(self.raw_answer() if model.is_question else None)


# --- check your answers -----------------------------------------------------------------


class CheckAnswersScreen(Screen):
    """Every answer with a Change button, and one send button that says what it does.

    The send button ignores every tap after the first until the screen is entered again.

    Signals:
        change_requested: a Change button was tapped. arg: the page id to change.
        submitted: the send button was tapped (once).
        back_requested: Back was tapped.
    """

    change_requested = Signal(str)
    submitted = Signal()
    back_requested = Signal()

    def __init__(self, tr: Translate, parent: QWidget | None = None) -> None:
        super().__init__(tr, parent)
        self._send: QPushButton | None = None
        self._sent = False

    def leave(self) -> None:
        super().leave()
        self._send = None
        self._sent = False

    def build(self, model: CheckAnswersModel) -> None:
        lang = model.language
        content = self.page.content
        self._title = model.heading
        back = button(ui_word("back", lang), content, role="link")
        back.clicked.connect(self.back_requested.emit)
        self._button_row(back)
        self._text(model.journey_title, role="hint")
        self._heading(model.heading)
        for row in model.rows:
            frame = QFrame(content)
            frame.setProperty("role", "summary-row")
            grid = QGridLayout(frame)
            grid.setContentsMargins(0, 8, 0, 8)
            grid.setHorizontalSpacing(24)
            q = label(self._say(row.question), frame, role="h2")
            # An answer may be personal (a name, an address): private listening only.
            a = label(self._say(row.answer, private=row.provided), frame)
            change = button(ui_word("change", lang), frame, role="link", name=row.change_label)
            change.clicked.connect(lambda _=False, t=row.change_target: self.change_requested.emit(t))
            grid.addWidget(q, 0, 0)
            grid.addWidget(change, 0, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(a, 1, 0, 1, 2)
            grid.setColumnStretch(0, 1)
            line = QFrame(content)
            line.setFrameShape(QFrame.Shape.HLine)
            self.body.addWidget(frame)
            self.body.addWidget(line)
        if model.fee:
            self._text(model.fee)
        self._text(self._tr("check_declaration"))
        self._send = button(model.submit_label, content, role="primary")
        self._send.clicked.connect(self._on_send)
        self._button_row(self._send)
        self.body.addStretch(1)

    @property
    def send_button(self) -> QPushButton | None:
        return self._send

    def _on_send(self) -> None:
        if self._sent:
            return
        self._sent = True
        if self._send is not None:
            self._send.setEnabled(False)
            self._send.setText(self._tr("sending"))
            self._send.setAccessibleName(self._tr("sending"))
        self.submitted.emit()

    def allow_send_again(self) -> None:
        """After a failed save, let the resident try once more."""
        self._sent = False
        if self._send is not None:
            self._send.setEnabled(True)


# --- confirmation and problems ----------------------------------------------------------


class ConfirmationScreen(Screen):
    """The reference in large spaced characters and as a QR code, and what happens next.

    Signals:
        print_requested: "Print a receipt" was tapped.
        home_requested: "Do something else" was tapped.
        finished: "Finish and clear my details" was tapped.
    """

    print_requested = Signal()
    home_requested = Signal()
    finished = Signal()

    def __init__(self, tr: Translate, parent: QWidget | None = None, *,
                 can_print: Callable[[], bool] = lambda: False) -> None:
        super().__init__(tr, parent)
        self._can_print = can_print
        self._content: ReceiptContent | None = None
        self._panel: QFrame | None = None

    @property
    def content(self) -> ReceiptContent | None:
        return self._content

    def leave(self) -> None:
        super().leave()
        self._content = None
        self._panel = None

    def first_focus(self) -> QWidget | None:
        return self._panel

    def build(self, content: ReceiptContent) -> None:
        self._content = content
        page = self.page.content
        self._title = content.title
        panel = QFrame(page)
        panel.setProperty("role", "panel")
        pv = QVBoxLayout(panel)
        pv.setContentsMargins(32, 24, 32, 24)
        pv.setSpacing(12)
        pv.addWidget(label(self._say(content.title), panel, role="h1"))
        pv.addWidget(label(self._say(content.labels["reference"]), panel, role="lead"))
        ref = label(content.reference_display, panel, role="reference")
        self._say(content.reference, characters=True)
        ref.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        pv.addWidget(ref)
        # Focus goes to the panel when the page opens, so the reference is announced.
        panel.setAccessibleName(
            f"{content.title}. {content.labels['reference']} {content.reference_display}")
        self._panel = panel
        row = QHBoxLayout()
        row.addWidget(panel, 3)
        if not content.practice:  # a practice receipt has no reference to scan
            qr = QLabel(page)
            qr.setPixmap(QPixmap.fromImage(qr_image(content.reference, 6)))
            qr.setAccessibleName(content.labels["qr"])
            qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
            row.addWidget(qr, 1)
        self.body.addLayout(row)
        notice = QFrame(page)
        notice.setProperty("role", "notice")
        nv = QVBoxLayout(notice)
        set_start_margins(nv, 24, 8, 8, 8, rtl=is_right_to_left(notice))
        nv.addWidget(label(self._say(content.status), notice, role="lead"))
        if content.fee:
            nv.addWidget(label(self._say(content.fee), notice))
        self.body.addWidget(notice)
        self._heading(content.labels["next"], role="h2")
        self._text(content.next_steps)
        self._text(content.when)
        if content.contact:
            self._heading(content.labels["contact"], role="h2")
            self._text(content.contact)
        buttons: list[QPushButton] = []
        if self._can_print():
            p = button(self._tr("print_receipt"), page, role="secondary")
            p.clicked.connect(self.print_requested.emit)
            buttons.append(p)
        more = button(self._tr("do_something_else"), page, role="secondary")
        more.clicked.connect(self.home_requested.emit)
        done = button(self._tr("finish"), page, role="primary")
        done.clicked.connect(self.finished.emit)
        buttons += [more, done]
        self._button_row(*buttons)
        self.body.addStretch(1)


@dataclass(frozen=True)
class NoticeModel:
    """A plain page: a heading, paragraphs and buttons ``(key, label, role)``."""

    heading: str
    paragraphs: tuple[str, ...]
    actions: tuple[tuple[str, str, str], ...]
    error: bool = False


class NoticeScreen(Screen):
    """A page of words and a few buttons: "Nothing was saved", choosing a language, help.

    Signals:
        acted: a button was tapped. arg: its key.
    """

    acted = Signal(str)

    def build(self, model: NoticeModel) -> None:
        self._title = model.heading
        self._heading(model.heading)
        for p in model.paragraphs:
            self._text(p, role="lead")
        buttons = []
        for key, text, role in model.actions:
            b = button(text, self.page.content, role=role)
            if role == "language":
                b.setProperty("role", "language")
            b.clicked.connect(lambda _=False, k=key: self.acted.emit(k))
            buttons.append(b)
        if any(r == "language" for _, _, r in model.actions):
            for b in buttons:
                self._button_row(b)
        else:
            self._button_row(*buttons)
        self.body.addStretch(1)

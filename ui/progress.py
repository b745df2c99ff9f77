"""The "Check progress" page, and the lookup that runs off the GUI thread.

``ProgressScreen`` shows one of three states of a ``ProgressPage``: asking for the
reference (with "There is a problem" and the error beside the field after a bad one),
"Checking…" while the lookup runs, and the answer. ``ProgressLookup`` runs a
``check(reference)`` callable (``sync.progress.check_progress`` bound by ``main.py``) on a
worker thread and hands the answer back on the GUI thread through a queued signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.journeys.messages import ui_word
from ui import keyboard
from ui.fields import resident_field
from ui.welcome import Screen, Translate
from ui.widgets import ALERT, WrapButton, button, label, label_field, set_accessible_role

log = logging.getLogger(__name__)

ASK = "ask"
CHECKING = "checking"
ANSWER = "answer"


@dataclass(frozen=True)
class ProgressPage:
    """What the page shows. ``state`` is ASK, CHECKING or ANSWER.

    ``typed`` is what the resident typed (kept after an error); ``error`` the problem with
    it; ``paragraphs`` the answer, in the resident's language."""

    state: str
    heading: str
    typed: str = ""
    error: str = ""
    paragraphs: tuple[str, ...] = ()
    notes_heading: str = ""
    notes: str = ""


class ProgressScreen(Screen):
    """Type a reference, tap Check, read what happened to it.

    Signals:
        checked: Check was tapped. arg: what is in the reference field.
        back_requested: Back was tapped (to the home screen).
        another_requested: "Check another reference" was tapped.
    """

    checked = Signal(str)
    back_requested = Signal()
    another_requested = Signal()

    def __init__(self, tr: Translate, parent: QWidget | None = None) -> None:
        super().__init__(tr, parent)
        self._field: QLineEdit | None = None
        self._summary: QFrame | None = None
        self._page: ProgressPage | None = None

    @property
    def model(self) -> ProgressPage | None:
        return self._page

    @property
    def field(self) -> QLineEdit | None:
        return self._field

    def leave(self) -> None:
        super().leave()
        self._field = None
        self._summary = None
        self._page = None

    def build(self, page: ProgressPage) -> None:
        self._page = page
        tr = self._tr
        content = self.page.content
        self._title = f"{self._word('error_prefix')} {page.heading}" if page.error else page.heading
        if page.state != CHECKING:
            back = button(self._word("back"), content, role="link")
            back.clicked.connect(self.back_requested.emit)
            self._button_row(back)
        if page.state == ASK:
            self._build_ask(page)
        elif page.state == CHECKING:
            self._heading(page.heading)
            status = self._text(tr("progress_checking"), role="lead")
            if status is not None:
                status.setAccessibleDescription("status")
        else:
            self._heading(page.heading)
            for paragraph in page.paragraphs:
                self._text(paragraph, role="lead")
            if page.notes:
                self._heading(page.notes_heading, role="h2")
                self._text(page.notes)
            another = button(tr("progress_another"), content, role="secondary")
            another.clicked.connect(self.another_requested.emit)
            home = button(tr("progress_done"), content, role="primary")
            home.clicked.connect(self.back_requested.emit)
            self._button_row(another, home)
        self.body.addStretch(1)

    def _build_ask(self, page: ProgressPage) -> None:
        tr = self._tr
        content = self.page.content
        if page.error:
            self._summary = self._error_summary(page.error)
            self.body.addWidget(self._summary)
        self._heading(page.heading)
        self._text(tr("progress_lead"), role="lead")
        frame = QFrame(content)
        frame.setProperty("role", "field-error" if page.error else "field")
        v = QVBoxLayout(frame)
        v.setContentsMargins(24 if page.error else 0, 0, 0, 0)
        v.setSpacing(12)
        name = tr("your_reference")
        v.addWidget(label(self._say(name), frame, role="h2"))
        v.addWidget(label(self._say(tr("progress_hint")), frame, role="hint"))
        if page.error:
            error = label(page.error, frame, role="inline-error")
            error.setAccessibleName(f"{self._word('error_prefix')} {page.error}")
            v.addWidget(error)
        field = QLineEdit(frame)
        resident_field(field)
        field.setAccessibleName(name)
        label_field(field, name)
        field.setText(page.typed)
        field.setMaxLength(20)
        field.setMaximumWidth(480)
        field.setProperty("keyboard", keyboard.POSTCODE)  # capitals and numbers
        field.setProperty("invalid", bool(page.error))
        field.setAccessibleDescription(page.error or "")  # why it is not valid, on the field
        field.returnPressed.connect(self._on_check)
        v.addWidget(field)
        self.body.addWidget(frame)
        self._field = field
        check = button(tr("progress_check"), content, role="primary")
        check.clicked.connect(self._on_check)
        self._button_row(check)

    def _error_summary(self, error: str) -> QFrame:
        frame = QFrame(self.page.content)
        frame.setProperty("role", "error-summary")
        set_accessible_role(frame, ALERT)
        frame.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        heading = self._word("problem")
        frame.setAccessibleName(heading)
        v = QVBoxLayout(frame)
        v.setContentsMargins(24, 16, 24, 16)
        v.setSpacing(8)
        v.addWidget(label(self._say(heading), frame, role="h2"))
        link = WrapButton([(self._say(error), "error-link")], frame, role="error-link")
        link.clicked.connect(self._focus_field)
        v.addWidget(link)
        return frame

    def _word(self, key: str) -> str:
        return ui_word(key, self._tr("language_code"))

    def _focus_field(self) -> None:
        if self._field is not None:
            self._field.setFocus(Qt.FocusReason.OtherFocusReason)
            self.page.ensureWidgetVisible(self._field)

    def _on_check(self) -> None:
        if self._field is not None:
            self.checked.emit(self._field.text())

    def first_focus(self) -> QWidget | None:
        return self._summary or self._field

    def check_button(self) -> QPushButton | None:
        found = [b for b in self.page.content.findChildren(QPushButton)
                 if b.accessibleName() == self._tr("progress_check")]
        return found[0] if found else None


class _Carrier(QObject):
    """Carries one lookup's answer from its worker thread back to the GUI thread."""

    done = Signal(int, object, bool)  # token, the answer or the exception, ok


class ProgressLookup(QObject):
    """Runs ``check(reference)`` on a worker thread, one lookup at a time.

    ``cancel()`` (a wipe, or the resident leaving the page) makes a running lookup's answer
    be dropped when it arrives.

    Signals:
        answered: the lookup finished. arg: what ``check`` returned.
        failed: ``check`` raised. arg: the exception (logged by class only).
    """

    answered = Signal(object)
    failed = Signal(object)

    def __init__(self, check: Callable[[str], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._token = 0
        self._carriers: dict[int, _Carrier] = {}

    @property
    def busy(self) -> bool:
        """A lookup is running whose answer will be shown."""
        return self._token in self._carriers

    def start(self, reference: str) -> None:
        """Look ``reference`` up; the answer comes back through ``answered`` or ``failed``."""
        self._token += 1
        token = self._token
        carrier = _Carrier()
        carrier.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._carriers[token] = carrier
        check = self._check

        def work() -> None:
            try:
                answer: object = check(reference)
                ok = True
            except Exception as exc:  # noqa: BLE001 - reported to the page, logged by class
                answer, ok = exc, False
            carrier.done.emit(token, answer, ok)

        threading.Thread(target=work, name="check-progress", daemon=True).start()

    def cancel(self) -> None:
        """Forget the running lookup: its answer will not be shown."""
        self._token += 1

    def _on_done(self, token: int, answer: object, ok: bool) -> None:
        self._carriers.pop(token, None)
        if token != self._token:
            return
        if ok:
            self.answered.emit(answer)
        else:
            log.warning("progress check failed: %s", type(answer).__name__)
            self.failed.emit(answer)

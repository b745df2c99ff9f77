"""The staff panel: the queue, items that need staff, help requests, statistics and kiosk controls.

Reached after the staff PIN. Everything staff can do to a submission goes through the
outbox's public actions (retry now, correct and resend, will not send, read answers,
which logs the opening); wording comes from ``kiosk.queue_words``. Residents' answers
stay hidden unless staff open one item, and are cleared from the screen when the panel
is left. No modal dialogs: confirmations and problems appear in the panel itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import queue_words as words
from kiosk.config import Settings
from kiosk.references import format_reference
from kiosk.stats import DailyStats, abandonment_by_page
from offline.catalogue import CatalogueCache
from offline.errors import StorageError
from offline.outbox import DAMAGED, WAITING_STATES, Outbox, OutboxError, QueueItem
from offline.overview import destination_health
from offline.store import utc_now
from sync.pauses import Pauses, retry_all, retry_all_message
from ui.charts import BarChart, HorizontalBarChart, Series
from ui.widgets import ScrollPage, button, clear_layout, label, rename, set_label_text

log = logging.getLogger(__name__)

REFRESH_MS = 10_000
NEEDS_STAFF_STATES = ("rejected", "unconfirmed", "retrying")
PRACTICE_OFF = ("Practise on this kiosk, or show a resident how it works: every page says "
                "\"Practice — nothing will be sent\", nothing is sent or kept, and practice is "
                "counted apart. It ends at Start again, Finish, the idle time-out or here.")
PRACTICE_ON = ("Practice is on: nothing finished on the kiosk is sent. End it here before a "
               "resident uses the kiosk for real.")
TABS = (("queue", "Queue"), ("items", "Needs staff"), ("help", "Help requests"),
        ("stats", "Statistics"), ("kiosk", "Kiosk"))


class HelpStore(Protocol):
    """What the panel needs of ``offline.help.HelpRequests``."""

    def list_waiting(self) -> list[Any]: ...
    def mark(self, request_id: int, state: str) -> Any: ...


class StatsSource(Protocol):
    """What the panel needs of ``offline.stats.Stats``."""

    def daily(self, first: date, last: date) -> list[DailyStats]: ...


class SenderLike(Protocol):
    def wake(self) -> None: ...


def _short_day(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{d.strftime('%a')} {d.day}"


class StaffPanel(QWidget):
    """Everything staff need to look after the kiosk, without a terminal.

    Args:
        outbox: the queue (``offline.outbox.Outbox``).
        help_requests: ``offline.help.HelpRequests`` (or None: no help section content).
        stats: ``offline.stats.Stats`` (or None: no charts).
        sender: the running sender (``wake()``; ``sync_now()`` is used if it has one), or None.
        settings: the kiosk's settings (destinations, alert age, kiosk id).
        reload_configuration: reloads the configuration file; returns a line to show.
        exit_kiosk: closes the kiosk application.
        service_name: a journey id in words ("Report fly-tipping"); the id by default.
        clock: the current time (UTC), for "5 minutes ago".

    Signals:
        assisted_changed: staff turned "Assisted session" on or off. arg: on.
        item_changed: staff acted on a submission (retry, correct, will not send). arg: its id.
        answers_opened: staff opened one submission's answers (the opening is logged). arg: its id.
        help_request_changed: staff marked a help request. arg: (request id, new state).
        practice_requested: staff chose "Start practice" (True) or "End practice" (False).
        closed: staff chose "Back to the kiosk".
    """

    assisted_changed = Signal(bool)
    item_changed = Signal(str)
    answers_opened = Signal(str)
    help_request_changed = Signal(int, str)
    practice_requested = Signal(bool)
    closed = Signal()

    def __init__(
        self,
        *,
        outbox: Outbox,
        help_requests: HelpStore | None,
        stats: StatsSource | None,
        sender: SenderLike | None,
        settings: Settings,
        reload_configuration: Callable[[], str | None],
        exit_kiosk: Callable[[], None],
        service_name: Callable[[str], str] = lambda journey_id: journey_id,
        version: str = "",
        clock: Callable[[], datetime] = utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("StaffPanel")
        self.outbox = outbox
        self.help_requests = help_requests
        self.stats = stats
        self.queue_sender = sender
        self.settings = settings
        self._reload = reload_configuration
        self._exit = exit_kiosk
        self._service_name = service_name
        self._version = version
        self._clock = clock
        self._assisted = False
        self._practice = False
        self._stats_days = 7
        self._open_answers: str | None = None  # submission id whose answers are shown
        self._editing: str | None = None  # submission id being corrected
        self._withdrawing: str | None = None  # submission id being marked "will not send"
        self._editors: dict[str, QLineEdit] = {}
        self._keeps_failing: set[str] = set()  # items the council's system keeps failing on
        self._original_answers: dict[str, Any] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 16, 32, 16)
        outer.setSpacing(12)
        head = QHBoxLayout()
        head.addWidget(label("Staff panel", self, role="h1"), 1)
        self.back = button("Back to the kiosk", self, role="primary")
        self.back.clicked.connect(self._close)
        head.addWidget(self.back)
        outer.addLayout(head)

        tabs = QHBoxLayout()
        tabs.setSpacing(8)
        self.tabs: dict[str, QPushButton] = {}
        for key, text in TABS:
            b = button(text, self, role="tab")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, k=key: self.show_section(k))
            tabs.addWidget(b)
            self.tabs[key] = b
        tabs.addStretch(1)
        outer.addLayout(tabs)

        self.message = label("", self, role="lead")
        self.message.hide()
        outer.addWidget(self.message)

        self.sections = QStackedWidget(self)
        outer.addWidget(self.sections, 1)
        self.pages: dict[str, ScrollPage] = {}
        for key, _ in TABS:
            page = ScrollPage(self.sections)
            page.body.setContentsMargins(8, 16, 8, 16)
            self.sections.addWidget(page)
            self.pages[key] = page
        self._build_queue()
        self._build_items()
        self._build_help()
        self._build_stats()
        self._build_kiosk()
        for page in self.pages.values():
            page.body.addStretch(1)  # spare height goes below the content, not between lines

        # Which section is open, and whether "Assisted session" is on, must show without colour too.
        self.setStyleSheet(
            'QPushButton[role="tab"]:checked, QPushButton:checked {'
            " background: #0b0c0c; color: #ffffff; text-decoration: underline; }"
        )
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.show_section("queue")

    # -- public -------------------------------------------------------------------------------
    @property
    def assisted(self) -> bool:
        return self._assisted

    def set_assisted(self, on: bool) -> None:
        """Turn "Assisted session" on or off (emits ``assisted_changed`` when it changes)."""
        self.assisted_toggle.setChecked(on)
        rename(self.assisted_toggle, f"Assisted session: {'on' if on else 'off'}")
        if on != self._assisted:
            self._assisted = on
            self.assisted_changed.emit(on)

    @property
    def practice(self) -> bool:
        return self._practice

    def set_practice(self, on: bool) -> None:
        """Show whether a practice session is on (the kiosk's shell says when it changes)."""
        self._practice = on
        rename(self.practice_button, "End practice" if on else "Start practice")
        set_label_text(self.practice_state, PRACTICE_ON if on else PRACTICE_OFF)

    def _toggle_practice(self) -> None:
        self.practice_requested.emit(not self._practice)

    def show_section(self, key: str) -> None:
        for k, b in self.tabs.items():
            b.setChecked(k == key)
        self.sections.setCurrentWidget(self.pages[key])
        self.refresh()

    def current_section(self) -> str:
        return next(k for k, page in self.pages.items() if page is self.sections.currentWidget())

    def enter(self) -> None:
        """Shown to staff: read everything afresh and keep it fresh while shown."""
        self._clear_message()
        self.show_section("queue")
        self._timer.start()

    def leave(self) -> None:
        """Hidden: stop refreshing and take any resident's answers off the screen."""
        self._timer.stop()
        self._open_answers = self._editing = self._withdrawing = None
        self._editors.clear()
        self._original_answers = {}
        clear_layout(self.items_list)
        self._clear_message()

    def refresh(self) -> None:
        """Re-read the section on show. Storage problems are shown, not raised."""
        key = self.current_section()
        try:
            if key == "queue":
                self._fill_queue()
            elif key == "items":
                self._fill_items()
            elif key == "help":
                self._fill_help()
            elif key == "stats":
                self._fill_stats()
            self._update_counts()
        except StorageError as exc:
            self._say(str(exc), error=True)
        self._fit(self.pages[key])
        # New rows are shown by Qt on the next turn of the event loop; measure again then.
        QTimer.singleShot(0, self, lambda: self._fit(self.pages[self.current_section()]))

    def _fit(self, page: ScrollPage) -> None:
        """Give the page the height its wrapped text needs at this width, so the scroll area
        scrolls instead of squeezing lines into each other."""
        page.content.ensurePolished()  # new labels get the style sheet's font before measuring
        layout = page.content.layout()
        width = page.viewport().width()
        if layout is not None and width > 0:
            layout.invalidate()  # drop heights measured before the fonts were applied
            page.content.setMinimumHeight(layout.totalHeightForWidth(width))

    # -- messages -------------------------------------------------------------------------------
    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setProperty("role", "inline-error" if error else "lead")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        set_label_text(self.message, text)
        self.message.show()

    def _clear_message(self) -> None:
        set_label_text(self.message, "")
        self.message.hide()

    def _close(self) -> None:
        self.leave()
        self.closed.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit(self.pages[self.current_section()])

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._timer.isActive():
            self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        self.leave()
        super().hideEvent(event)

    def _update_counts(self) -> None:
        status = self.outbox.status()
        rename(self.tabs["items"], f"Needs staff ({status.as_dict()['needs_staff']})")
        if self.help_requests is not None:
            rename(self.tabs["help"], f"Help requests ({len(self.help_requests.list_waiting())})")

    # -- queue overview -----------------------------------------------------------------------
    def _build_queue(self) -> None:
        body = self.pages["queue"].body
        body.addWidget(label("Queue", self, role="h2"))
        self.queue_summary = label("", self, role="lead")
        body.addWidget(self.queue_summary)
        grid = QGridLayout()
        grid.setHorizontalSpacing(32)
        self.count_labels: dict[str, QLabel] = {}
        for n, state in enumerate(("queued", "sending", "retrying", "rejected", "unconfirmed", "delivered",
                                   "withdrawn")):
            lab = label("", self)
            grid.addWidget(lab, n // 3, n % 3)
            self.count_labels[state] = lab
        body.addLayout(grid)
        self.queue_alert = label("", self, role="inline-error")
        body.addWidget(self.queue_alert)
        self.sync_now = button("Send now", self, role="primary", name="Send now (sync now)")
        self.sync_now.clicked.connect(self._sync_now)
        body.addWidget(self.sync_now, 0, Qt.AlignmentFlag.AlignLeft)
        body.addWidget(label("Council systems", self, role="h2"))
        self.destinations_box = QVBoxLayout()
        self.destinations_box.setSpacing(16)
        body.addLayout(self.destinations_box)

    def _fill_queue(self) -> None:
        now = self._clock()
        status = self.outbox.status(now=now)
        c = status.counts
        waiting = sum(c[s] for s in WAITING_STATES)
        set_label_text(self.queue_summary, f"{waiting} waiting to send. {words.oldest_waiting(status.oldest_waiting_seconds)}. "
                                           f"{words.last_sent(status.last_delivered_utc, now)}.")
        for state, lab in self.count_labels.items():
            set_label_text(lab, f"{words.STATE_WORDS[state]}: {c[state]}")
        alert_hours = self.settings.kiosk.oldest_waiting_alert_hours
        problems = []
        if not status.healthy:
            problems.append(status.problem)
        age = status.oldest_waiting_seconds
        if age is not None and age > alert_hours * 3600:
            problems.append(f"Something has waited longer than {words.duration(alert_hours * 3600)}. "
                            "Check the council systems below.")
        if status.damaged:
            problems.append(f"{status.damaged} saved report{' is' if status.damaged == 1 else 's are'} "
                            "damaged and cannot be read. See Needs staff.")
        stuck = self.outbox.repeat_failures(self.settings.sync.flag_after_failures)
        if stuck:
            refs = ", ".join(format_reference(i.reference) for i in stuck[:5])
            problems.append(f"{words.KEEPS_FAILING} ({refs}).")
        set_label_text(self.queue_alert, " ".join(problems))
        self.queue_alert.setVisible(bool(problems))
        clear_layout(self.destinations_box)
        health = {h.name: h for h in destination_health(self.outbox.store)}
        paused = Pauses(self.outbox.store).active(self.settings)
        if not self.settings.destinations:
            self.destinations_box.addWidget(label(
                "No council systems are set up, so everything waits on this kiosk. Nothing is lost.", self))
        for d in self.settings.destinations:
            box = QFrame(self)
            box.setProperty("role", "notice")
            lay = QVBoxLayout(box)
            lay.setContentsMargins(24, 8, 8, 8)
            lay.addWidget(label(d.name, box, role="h2"))
            h = health.get(d.name)
            lay.addWidget(label(words.last_sent(h.last_success_utc if h else None, now) + ".", box))
            if h is not None and h.last_error_utc is not None:
                when = words.ago(h.last_error_utc, now)
                lay.addWidget(label(f"Last problem {when}: "
                                    f"{words.describe_error(h.last_error_class, h.last_error_status)}.",
                                    box, role="inline-error" if h.failing else "hint"))
            if d.name in paused:
                lay.addWidget(label(paused[d.name].message, box, role="inline-error"))
                resume = button("Resume sending", box, name=f"Resume sending to {d.name}")
                resume.clicked.connect(lambda _=False, n=d.name: self._resume(n))
                lay.addWidget(resume, 0, Qt.AlignmentFlag.AlignLeft)
            for notice in CatalogueCache(self.outbox.store).notices(d.name)[:5]:  # from the last refresh
                lay.addWidget(label(f"Catalogue: {notice}.", box, role="hint"))
            again = button("Retry all for this destination", box, name=f"Retry all for this destination, {d.name}")
            again.clicked.connect(lambda _=False, n=d.name: self._retry_all(n))
            lay.addWidget(again, 0, Qt.AlignmentFlag.AlignLeft)
            self.destinations_box.addWidget(box)
            box.show()  # at once, not on the next turn of the event loop

    def _sync_now(self) -> None:
        if self.queue_sender is None:
            self._say("Sending is not running on this kiosk. Submissions wait here and nothing is lost.",
                      error=True)
            return
        go = getattr(self.queue_sender, "sync_now", None) or self.queue_sender.wake
        go()
        self._say("Sending started. This page updates by itself.")

    def _resume(self, name: str) -> None:
        Pauses(self.outbox.store).resume(name)
        if self.queue_sender is not None:
            self.queue_sender.wake()
        self._say(f"Sending to {name} will start again.")
        self.refresh()

    def _retry_all(self, name: str) -> None:
        try:
            count, resumed = retry_all(self.outbox.store, name)
        except StorageError as exc:
            self._say(str(exc), error=True)
            return
        if self.queue_sender is not None:
            self.queue_sender.wake()
        self._say(retry_all_message(name, count, resumed))
        self.refresh()

    # -- items needing staff ---------------------------------------------------------------------
    def _build_items(self) -> None:
        body = self.pages["items"].body
        body.addWidget(label("Needs staff", self, role="h2"))
        body.addWidget(label("Answers stay hidden unless you open them. Opening them is recorded.",
                             self, role="hint"))
        self.items_empty = label("Nothing needs staff.", self, role="lead")
        body.addWidget(self.items_empty)
        self.items_list = QVBoxLayout()
        self.items_list.setSpacing(24)
        body.addLayout(self.items_list)

    def _fill_items(self) -> None:
        now = self._clock()
        self._keeps_failing = {i.id for i in self.outbox.repeat_failures(self.settings.sync.flag_after_failures)}
        items = self.outbox.items(NEEDS_STAFF_STATES)
        items.sort(key=lambda i: (not i.needs_staff, i.state != "unconfirmed", i.seq))
        clear_layout(self.items_list)
        self._editors = {}
        self.items_empty.setVisible(not items)
        for item in items:
            card = self._item_card(item, now)
            self.items_list.addWidget(card)
            card.show()

    def _item_card(self, item: QueueItem, now: datetime) -> QFrame:
        ref = format_reference(item.reference)
        card = QFrame(self)
        card.setProperty("role", "field-error" if item.needs_staff else "notice")
        card.setAccessibleName(f"Reference {ref}")
        lay = QVBoxLayout(card)
        lay.setContentsMargins(24, 8, 8, 8)
        lay.setSpacing(8)
        lay.addWidget(label(f"Reference {ref}", card, role="h2"))
        lay.addWidget(label(f"{self._service_name(item.journey_id)}. Saved on this kiosk {words.ago(item.created_utc, now)}. "
                            f"{words.STATE_WORDS.get(item.state, item.state)}"
                            f"{', assisted' if item.assisted else ''}.", card))
        lay.addWidget(label(f"Problem: {words.describe_error(item.last_error_class, item.last_http_status)}.",
                            card, role="inline-error" if item.needs_staff else "body"))
        if item.server_reason:  # the council system's own words, beside ours
            lay.addWidget(label(words.server_said(item.server_reason), card, role="hint"))
        if item.state == "unconfirmed":
            lay.addWidget(label(words.unconfirmed_words(looking=not item.needs_staff), card))
        if item.id in self._keeps_failing:
            lay.addWidget(label(f"{words.KEEPS_FAILING}.", card, role="inline-error"))
        damaged = item.state == "rejected" and item.last_error_class == DAMAGED
        actions = QGridLayout()
        actions.setSpacing(8)

        def act(text: str, slot: Callable[[], None], col: int, row: int = 0) -> QPushButton:
            b = button(text, card, name=f"{text}, reference {ref}")
            b.clicked.connect(lambda _=False: slot())
            actions.addWidget(b, row, col)
            return b

        if item.state == "unconfirmed":
            if item.needs_staff:
                act("Send again", lambda: self._retry(item), 0)
                act("The council has it", lambda: self._council_has_it(item), 2)
        elif not damaged:
            act("Retry now", lambda: self._retry(item), 0)
        if item.has_payload and not damaged:
            shown = self._open_answers == item.id
            act("Hide answers" if shown else "Show answers", lambda: self._toggle_answers(item), 1)
        if item.state == "rejected" and item.has_payload and not damaged:
            act("Correct and resend", lambda: self._start_edit(item), 2)
        act("Will not send", lambda: self._start_withdraw(item), 3 if item.state != "retrying" else 2)
        lay.addLayout(actions)
        if self._open_answers == item.id and self._editing != item.id:
            lay.addWidget(self._answers_view(item, card))
        if self._editing == item.id:
            lay.addWidget(self._editor(item, card))
        if self._withdrawing == item.id:
            lay.addWidget(self._withdraw_form(item, card))
        return card

    def _retry(self, item: QueueItem) -> None:
        try:
            self.outbox.retry_now(item.id)
        except (OutboxError, StorageError) as exc:
            self._say(str(exc), error=True)
            return
        if self.queue_sender is not None:
            self.queue_sender.wake()
        self._say(f"{format_reference(item.reference)} will be sent again now.")
        self.item_changed.emit(item.id)
        self.refresh()

    def _council_has_it(self, item: QueueItem) -> None:
        """Staff checked the council's system and found the report: delivered, answers deleted."""
        try:
            self.outbox.confirm_delivered(item.id)
        except (OutboxError, StorageError) as exc:
            self._say(str(exc), error=True)
            return
        if self._open_answers == item.id:
            self._open_answers = None
            self._original_answers = {}
        self._say(f"{format_reference(item.reference)} is marked as received by the council. "
                  "Its answers are deleted from this kiosk.")
        self.item_changed.emit(item.id)
        self.refresh()

    def _toggle_answers(self, item: QueueItem) -> None:
        if self._open_answers == item.id:
            self._open_answers = None
            self._original_answers = {}
        else:
            try:
                self._original_answers = self.outbox.read_answers(item.id, by="staff")
            except (OutboxError, StorageError) as exc:
                self._say(str(exc), error=True)
                return
            self._open_answers = item.id
            self.answers_opened.emit(item.id)
        self._editing = None
        self.refresh()

    def _answers_view(self, item: QueueItem, parent: QWidget) -> QFrame:
        box = QFrame(parent)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        for key, text in words.answers_for_editing(self._original_answers):
            lay.addWidget(label(f"{key}: {text}", box))
        return box

    def _start_edit(self, item: QueueItem) -> None:
        if self._open_answers != item.id:
            try:
                self._original_answers = self.outbox.read_answers(item.id, by="staff")
            except (OutboxError, StorageError) as exc:
                self._say(str(exc), error=True)
                return
            self._open_answers = item.id
            self.answers_opened.emit(item.id)
        self._editing = item.id
        self._withdrawing = None
        self._say("Check the answers with the resident, change what was wrong, then send them again.")
        self.refresh()

    def _editor(self, item: QueueItem, parent: QWidget) -> QFrame:
        box = QFrame(parent)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 8, 0, 0)
        self._editors = {}
        for key, text in words.answers_for_editing(self._original_answers):
            lay.addWidget(label(key, box, role="hint"))
            edit = QLineEdit(text, box)
            edit.setAccessibleName(f"Answer {key}")
            lay.addWidget(edit)
            self._editors[key] = edit
        row = QHBoxLayout()
        send = button("Send corrected answers", box, role="primary")
        send.clicked.connect(lambda _=False: self._send_corrected(item))
        cancel = button("Cancel correcting", box)
        cancel.clicked.connect(self._cancel_forms)
        row.addWidget(send)
        row.addWidget(cancel)
        row.addStretch(1)
        lay.addLayout(row)
        return box

    def _send_corrected(self, item: QueueItem) -> None:
        edited = {key: edit.text() for key, edit in self._editors.items()}
        answers = words.answers_from_editing(self._original_answers, edited)
        try:
            self.outbox.correct_and_resend(item.id, answers)
        except (OutboxError, StorageError) as exc:
            self._say(str(exc), error=True)
            return
        self._editing = self._open_answers = None
        self._original_answers = {}
        self._editors = {}
        if self.queue_sender is not None:
            self.queue_sender.wake()
        self._say(f"{format_reference(item.reference)} was corrected and will be sent again now.")
        self.item_changed.emit(item.id)
        self.refresh()

    def _start_withdraw(self, item: QueueItem) -> None:
        self._withdrawing = item.id
        self._editing = None
        self.refresh()

    def _withdraw_form(self, item: QueueItem, parent: QWidget) -> QFrame:
        box = QFrame(parent)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addWidget(label("Why will it not be sent? The answers will be deleted.", box))
        self.withdraw_reason = QLineEdit(box)
        self.withdraw_reason.setAccessibleName("Reason for not sending it")
        lay.addWidget(self.withdraw_reason)
        row = QHBoxLayout()
        confirm = button("Confirm will not send", box, role="primary",
                         name=f"Confirm will not send, reference {format_reference(item.reference)}")
        confirm.clicked.connect(lambda _=False: self._withdraw(item))
        cancel = button("Cancel", box)
        cancel.clicked.connect(self._cancel_forms)
        row.addWidget(confirm)
        row.addWidget(cancel)
        row.addStretch(1)
        lay.addLayout(row)
        return box

    def _withdraw(self, item: QueueItem) -> None:
        reason = self.withdraw_reason.text()
        if not reason.strip():
            self._say("Enter a reason for not sending it", error=True)
            return
        try:
            self.outbox.withdraw(item.id, reason)
        except (OutboxError, StorageError) as exc:
            self._say(str(exc), error=True)
            return
        self._withdrawing = None
        if self._open_answers == item.id:
            self._open_answers = None
            self._original_answers = {}
        self._say(f"{format_reference(item.reference)} will not be sent. Its answers were deleted.")
        self.item_changed.emit(item.id)
        self.refresh()

    def _cancel_forms(self) -> None:
        self._editing = self._withdrawing = None
        self._clear_message()
        self.refresh()

    # -- help requests ------------------------------------------------------------------------
    def _build_help(self) -> None:
        body = self.pages["help"].body
        body.addWidget(label("Help requests", self, role="h2"))
        self.help_empty = label("Nobody is waiting for help.", self, role="lead")
        body.addWidget(self.help_empty)
        self.help_list = QVBoxLayout()
        self.help_list.setSpacing(16)
        body.addLayout(self.help_list)

    def _fill_help(self) -> None:
        clear_layout(self.help_list)
        if self.help_requests is None:
            self.help_empty.setText("Help requests are not set up on this kiosk.")
            return
        now = self._clock()
        waiting = self.help_requests.list_waiting()
        self.help_empty.setVisible(not waiting)
        for n, request in enumerate(waiting, start=1):
            row = QFrame(self)
            row.setProperty("role", "notice")
            lay = QHBoxLayout(row)
            lay.setContentsMargins(24, 8, 8, 8)
            text = (f"Help request {n}: asked {words.ago(request.created_utc, now)} "
                    f"on the {request.screen} screen. {words.help_state(request.state)}.")
            lay.addWidget(label(text, row), 1)
            if request.state == "waiting":
                omw = button("On my way", row, name=f"On my way, help request {n}")
                omw.clicked.connect(lambda _=False, r=request.id: self._mark_help(r, "on_my_way"))
                lay.addWidget(omw)
            done = button("Done", row, name=f"Done, help request {n}")
            done.clicked.connect(lambda _=False, r=request.id: self._mark_help(r, "done"))
            lay.addWidget(done)
            self.help_list.addWidget(row)
            row.show()

    def _mark_help(self, request_id: int, state: str) -> None:
        assert self.help_requests is not None
        try:
            self.help_requests.mark(request_id, state)
        except (LookupError, StorageError) as exc:
            self._say(str(exc), error=True)
            return
        self.help_request_changed.emit(request_id, state)
        self.refresh()

    # -- statistics ----------------------------------------------------------------------------
    def _build_stats(self) -> None:
        body = self.pages["stats"].body
        body.addWidget(label("Statistics", self, role="h2"))
        body.addWidget(label("Counts only: no answers, names or addresses are kept.", self, role="hint"))
        row = QHBoxLayout()
        self.range_buttons: dict[int, QPushButton] = {}
        for days in (7, 30):
            b = button(f"Last {days} days", self)
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, d=days: self._set_range(d))
            row.addWidget(b)
            self.range_buttons[days] = b
        row.addStretch(1)
        body.addLayout(row)
        self.totals = label("", self, role="lead")
        body.addWidget(self.totals)
        self.daily_chart = BarChart("Sessions and journeys per day", self)
        body.addWidget(self.daily_chart)
        body.addWidget(label("Where people stopped", self, role="h2"))
        self.abandon_chart = HorizontalBarChart("Journeys abandoned, by page", self,
                                                empty_text="No journeys were abandoned")
        body.addWidget(self.abandon_chart)
        body.addWidget(label("Error messages shown, by question", self, role="h2"))
        self.errors_chart = HorizontalBarChart("Error messages shown, by question", self,
                                               empty_text="No error messages were shown")
        body.addWidget(self.errors_chart)
        self.details = label("", self)
        body.addWidget(self.details)

    def _set_range(self, days: int) -> None:
        self._stats_days = days
        self.refresh()

    def _fill_stats(self) -> None:
        for d, b in self.range_buttons.items():
            b.setChecked(d == self._stats_days)
        if self.stats is None:
            set_label_text(self.totals, "Statistics are not set up on this kiosk.")
            return
        last = self._clock().astimezone().date()
        first = last - timedelta(days=self._stats_days - 1)
        days = self.stats.daily(first, last)
        if self._stats_days <= 7:
            self.daily_chart.set_data(
                [_short_day(d.day) for d in days],
                [Series("Sessions", tuple(d.sessions for d in days)),
                 Series("Completed", tuple(d.journeys_completed for d in days)),
                 Series("Abandoned", tuple(d.journeys_abandoned for d in days))],
            )
        else:
            self.daily_chart.set_data(*_weekly(days))
        self.abandon_chart.set_rows([(f"{self._service_name(j)}: {p}", n)
                                     for j, p, n in abandonment_by_page(days)[:8]])
        errors: dict[tuple[str, str, str], int] = {}
        for day in days:
            for key, n in day.errors_by_question.items():
                errors[key] = errors.get(key, 0) + n
        top = sorted(errors.items(), key=lambda kv: -kv[1])[:8]
        self.errors_chart.set_rows([(f"{self._service_name(j)}: {q or p}", n) for (j, p, q), n in top])
        sessions = sum(d.sessions for d in days)
        started = sum(d.journeys_started for d in days)
        completed = sum(d.journeys_completed for d in days)
        set_label_text(self.totals, f"Last {self._stats_days} days: {sessions} sessions, {started} journeys "
                                    f"started, {completed} completed, "
                                    f"{sum(d.journeys_abandoned for d in days)} abandoned.")

        def merged(attr: str, suffix: str = "") -> str:
            total: dict[str, int] = {}
            for d in days:
                for key, n in getattr(d, attr).items():
                    total[key] = total.get(key, 0) + n
            return ", ".join(f"{k}{suffix}: {v}" for k, v in sorted(total.items())) or "none"

        set_label_text(self.details, "\n".join([
            f"Languages: {merged('languages')}",
            f"Text sizes: {merged('text_sizes', '%')}",
            f"Sessions using read aloud: {sum(d.read_aloud_sessions for d in days)}",
            f"Assisted sessions: {sum(d.assisted_sessions for d in days)}",
            f"Tutorials started: {merged('tutorials_started')}",
            f"Tutorials completed: {merged('tutorials_completed')}",
            f"Help requests: {sum(d.help_requests for d in days)}",
            f"Practice (not counted above): {sum(d.practice_sessions for d in days)} sessions, "
            f"{sum(d.practice_journeys_completed for d in days)} journeys finished",
            f"Open: {_hours(sum(d.open_seconds for d in days))}; "
            f"closed: {_hours(sum(d.closed_seconds for d in days))}",
        ]))

    # -- kiosk controls -------------------------------------------------------------------------
    def _build_kiosk(self) -> None:
        body = self.pages["kiosk"].body
        body.addWidget(label("Kiosk", self, role="h2"))
        about = f"Kiosk {self.settings.kiosk.id}. Configuration: {self.settings.source}."
        if self._version:
            about += f" Version {self._version}."
        self.about = label(about, self)
        body.addWidget(self.about)
        body.addWidget(label("Turn this on while you help a resident. What they send is marked "
                             "as assisted by staff.", self, role="hint"))
        self.assisted_toggle = button("Assisted session: off", self)
        self.assisted_toggle.setCheckable(True)
        self.assisted_toggle.clicked.connect(lambda on: self.set_assisted(bool(on)))
        body.addWidget(self.assisted_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        body.addWidget(label("Practice", self, role="h2"))
        self.practice_state = label(PRACTICE_OFF, self, role="hint")
        body.addWidget(self.practice_state)
        self.practice_button = button("Start practice", self)
        self.practice_button.clicked.connect(self._toggle_practice)
        body.addWidget(self.practice_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.reload = button("Reload configuration", self)
        self.reload.clicked.connect(self._reload_configuration)
        body.addWidget(self.reload, 0, Qt.AlignmentFlag.AlignLeft)
        self.exit_button = button("Exit the kiosk", self)
        self.exit_button.clicked.connect(self._ask_exit)
        body.addWidget(self.exit_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.exit_confirm_box = QFrame(self)
        lay = QHBoxLayout(self.exit_confirm_box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(label("Residents cannot use the kiosk until it is started again.",
                            self.exit_confirm_box), 1)
        self.exit_confirm = button("Confirm exit", self.exit_confirm_box, role="primary")
        self.exit_confirm.clicked.connect(self._exit)
        self.exit_cancel = button("Keep the kiosk running", self.exit_confirm_box)
        self.exit_cancel.clicked.connect(self.exit_confirm_box.hide)
        lay.addWidget(self.exit_confirm)
        lay.addWidget(self.exit_cancel)
        self.exit_confirm_box.hide()
        body.addWidget(self.exit_confirm_box)

    def _reload_configuration(self) -> None:
        try:
            result = self._reload()
        except Exception as exc:  # a bad file: say so in the panel, keep the old settings
            log.warning("configuration not reloaded: %s", type(exc).__name__)
            self._say(f"The configuration was not reloaded: {exc}", error=True)
            return
        self._say(result or "The configuration was reloaded.")

    def _ask_exit(self) -> None:
        self.exit_confirm_box.show()

    def update_settings(self, settings: Settings) -> None:
        """Use reloaded settings (destinations, alert age) from now on."""
        self.settings = settings
        self.refresh()


def _hours(seconds: int) -> str:
    """Seconds as hours and minutes ("12 hours 5 minutes"), for the open and closed time."""
    hours, rest = divmod(int(seconds) // 60, 60)
    return f"{hours} hour{'s' if hours != 1 else ''} {rest} minute{'s' if rest != 1 else ''}"


def _weekly(days: list[DailyStats]) -> tuple[list[str], list[Series]]:
    """Thirty days as weeks (ending on the last day), so the bars stay readable."""
    weeks: list[list[DailyStats]] = []
    for i in range(len(days), 0, -7):
        weeks.insert(0, days[max(0, i - 7):i])
    names = [f"{_short_day(w[0].day)}–{_short_day(w[-1].day)}" for w in weeks]
    return names, [
        Series("Sessions", tuple(sum(d.sessions for d in w) for w in weeks)),
        Series("Completed", tuple(sum(d.journeys_completed for d in w) for w in weeks)),
        Series("Abandoned", tuple(sum(d.journeys_abandoned for d in w) for w in weeks)),
    ]

"""The staff panel driven as staff would: find a control by its accessible name, tap it,
and check what changed in the real queue (a real store in a temporary folder, a real
sender and a real webhook receiver on 127.0.0.1)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget

from kiosk.config import ConfigError, Destination, KioskSettings, Settings
from kiosk.references import format_reference
from offline.help import HelpRequests
from offline.outbox import Draft, Outbox
from offline.stats import Stats, StatsRecorder
from sync.pauses import Pauses
from sync.sender import Sender
from tests.staff.conftest import FAST_SYNC, Enqueue
from tests.staff.test_stats import _run_fly_tipping
from tests.sync.servers import API_KEY, FakeOpen311, FakeWebhook, Fault
from ui import theme
from ui.staff.panel import StaffPanel


@pytest.fixture
def styled() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(theme.stylesheet(100))
    yield
    app.setStyleSheet(before)


class Calls:
    def __init__(self) -> None:
        self.reloads = 0
        self.exits = 0
        self.reload_error: Exception | None = None

    def reload(self) -> str:
        self.reloads += 1
        if self.reload_error is not None:
            raise self.reload_error
        return "The configuration was reloaded from kiosk.toml."

    def exit(self) -> None:
        self.exits += 1


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def make_panel(qtbot, outbox: Outbox, settings: Settings, calls: Calls, styled: None
               ) -> Callable[..., StaffPanel]:
    def build(sender: object | None = None, **extra: object) -> StaffPanel:
        panel = StaffPanel(outbox=outbox, help_requests=HelpRequests(outbox.store), stats=Stats(outbox.store),
                           sender=sender, settings=extra.pop("settings", settings),  # type: ignore[arg-type]
                           reload_configuration=calls.reload, exit_kiosk=calls.exit,
                           service_name=lambda j: {"sign-petition": "Sign a petition"}.get(j, j), **extra)
        qtbot.addWidget(panel)
        panel.resize(1280, 1024)
        panel.show()
        qtbot.waitExposed(panel)
        panel.enter()
        return panel

    return build


def control(panel: QWidget, name: str) -> QPushButton:
    found = [b for b in panel.findChildren(QPushButton) if b.accessibleName() == name and b.isVisibleTo(panel)]
    assert len(found) == 1, f"{name!r}: {[b.accessibleName() for b in panel.findChildren(QPushButton) if b.isVisibleTo(panel)]}"
    return found[0]


def field(panel: QWidget, name: str) -> QLineEdit:
    [found] = [f for f in panel.findChildren(QLineEdit) if f.accessibleName() == name and f.isVisibleTo(panel)]
    return found


def texts(panel: QWidget) -> list[str]:
    return [lab.text() for lab in panel.findChildren(QLabel) if lab.isVisibleTo(panel)]


def shows(panel: QWidget, fragment: str) -> bool:
    return any(fragment in t for t in texts(panel))


def tap(qtbot, b: QPushButton) -> None:
    qtbot.mouseClick(b, Qt.MouseButton.LeftButton)


@pytest.fixture
def rejected(enqueue: Enqueue, hook: FakeWebhook, make_sender, settings: Settings, outbox: Outbox) -> str:
    """One delivered item, then one the council refuses (422): it needs staff."""
    enqueue(answers={"full_name": "Grace Hopper", "postcode": "EB1 6FR"})
    make_sender(settings).run_once()
    sid = enqueue(answers={"full_name": "Ada Lovelace", "postcode": "EB1 9ZZ"})
    hook.faults.append(Fault(status=422, body=b'{"error": "unknown postcode"}'))
    make_sender(settings).run_once()
    item = outbox.get(sid)
    assert item is not None and item.state == "rejected"
    return sid


def ref_of(outbox: Outbox, sid: str) -> str:
    item = outbox.get(sid)
    assert item is not None
    return format_reference(item.reference)


def test_overview_in_plain_words(qtbot, make_panel, rejected: str) -> None:
    panel = make_panel()
    assert panel.current_section() == "queue"
    assert shows(panel, "Needs staff: 1") and shows(panel, "Sent: 1")
    assert shows(panel, "Last sent just now.")
    assert shows(panel, "Last problem just now: The council's system did not accept the details.")
    assert control(panel, "Needs staff (1)")


def test_paused_destination_says_why_and_can_be_resumed(
    qtbot, make_panel, enqueue: Enqueue, hook: FakeWebhook, make_sender, settings: Settings, outbox: Outbox
) -> None:
    enqueue()
    hook.faults.append(Fault(status=403))
    make_sender(settings).run_once()
    panel = make_panel()
    assert shows(panel, "Sending to 'forms' is paused: the council system refused the kiosk's API key")
    tap(qtbot, control(panel, "Resume sending to forms"))
    assert Pauses(outbox.store).active(settings) == {}
    assert not shows(panel, "is paused")


def test_retry_now(qtbot, make_panel, rejected: str, outbox: Outbox) -> None:
    panel = make_panel()
    tap(qtbot, control(panel, "Needs staff (1)"))
    with qtbot.waitSignal(panel.item_changed) as signal:
        tap(qtbot, control(panel, f"Retry now, reference {ref_of(outbox, rejected)}"))
    assert signal.args == [rejected]
    assert outbox.get(rejected).state == "retrying"  # type: ignore[union-attr]
    assert shows(panel, "will be sent again now")


def test_answers_stay_hidden_until_opened_and_the_opening_is_logged(
    qtbot, make_panel, rejected: str, outbox: Outbox
) -> None:
    panel = make_panel()
    tap(qtbot, control(panel, "Needs staff (1)"))
    ref = ref_of(outbox, rejected)
    assert shows(panel, f"Reference {ref}")
    assert shows(panel, "Problem: The council's system did not accept the details.")
    assert not shows(panel, "Ada")
    with qtbot.waitSignal(panel.answers_opened):
        tap(qtbot, control(panel, f"Show answers, reference {ref}"))
    assert shows(panel, "full_name: Ada Lovelace")
    assert [a[1] for a in outbox.attempts(rejected)][-1] == "opened by staff"
    tap(qtbot, control(panel, f"Hide answers, reference {ref}"))
    assert not shows(panel, "Ada")
    tap(qtbot, control(panel, f"Show answers, reference {ref}"))
    panel.leave()  # staff went back to the kiosk: nothing of the resident stays on screen
    assert not any("Ada" in lab.text() for lab in panel.findChildren(QLabel))


def test_correct_and_resend_with_the_resident(
    qtbot, make_panel, rejected: str, outbox: Outbox, hook: FakeWebhook, make_sender, settings: Settings
) -> None:
    panel = make_panel()
    tap(qtbot, control(panel, "Needs staff (1)"))
    tap(qtbot, control(panel, f"Correct and resend, reference {ref_of(outbox, rejected)}"))
    postcode = field(panel, "Answer postcode")
    assert postcode.text() == "EB1 9ZZ"
    postcode.setText("EB1 6FR")
    with qtbot.waitSignal(panel.item_changed):
        tap(qtbot, control(panel, "Send corrected answers"))
    assert outbox.get(rejected).state == "retrying"  # type: ignore[union-attr]
    make_sender(settings).run_once()
    assert outbox.get(rejected).state == "delivered"  # type: ignore[union-attr]
    sent = hook.received[rejected]
    assert sent["answers"] == {"full_name": "Ada Lovelace", "postcode": "EB1 6FR"}
    assert sent["submission_id"] == rejected  # the same idempotency key as the refused attempt


def test_will_not_send_needs_a_reason(qtbot, make_panel, rejected: str, outbox: Outbox) -> None:
    panel = make_panel()
    tap(qtbot, control(panel, "Needs staff (1)"))
    ref = ref_of(outbox, rejected)
    tap(qtbot, control(panel, f"Will not send, reference {ref}"))
    tap(qtbot, control(panel, f"Confirm will not send, reference {ref}"))
    assert panel.message.text() == "Enter a reason for not sending it"
    assert outbox.get(rejected).state == "rejected"  # type: ignore[union-attr]
    field(panel, "Reason for not sending it").setText("Resident will phone the council instead")
    with qtbot.waitSignal(panel.item_changed):
        tap(qtbot, control(panel, f"Confirm will not send, reference {ref}"))
    item = outbox.get(rejected)
    assert item is not None and item.state == "withdrawn" and not item.has_payload
    assert item.staff_note == "Resident will phone the council instead"
    assert control(panel, "Needs staff (0)") and shows(panel, "Nothing needs staff.")


def test_sync_now_wakes_the_running_sender(
    qtbot, make_panel, enqueue: Enqueue, make_sender, settings: Settings, outbox: Outbox
) -> None:
    slow = dataclasses.replace(settings, sync=dataclasses.replace(settings.sync, poll_seconds=3600))
    sender = make_sender(slow)
    sender.start()
    qtbot.waitUntil(lambda: sender.lock.held)  # its first pass found nothing; it now sleeps an hour
    sid = enqueue()
    panel = make_panel(sender=sender)
    tap(qtbot, control(panel, "Send now (sync now)"))
    qtbot.waitUntil(lambda: outbox.get(sid).state == "delivered", timeout=10_000)  # type: ignore[union-attr]
    assert shows(panel, "Sending started")


def test_sync_now_without_a_sender_says_so(qtbot, make_panel) -> None:
    panel = make_panel(sender=None)
    tap(qtbot, control(panel, "Send now (sync now)"))
    assert panel.message.text().startswith("Sending is not running on this kiosk")


def test_help_requests_on_my_way_then_done(qtbot, make_panel, outbox: Outbox) -> None:
    helps = HelpRequests(outbox.store)
    first = helps.record("journey:location")
    panel = make_panel()
    tap(qtbot, control(panel, "Help requests (1)"))
    assert shows(panel, "on the journey:location screen. Waiting for staff.")
    with qtbot.waitSignal(panel.help_request_changed) as signal:
        tap(qtbot, control(panel, "On my way, help request 1"))
    assert signal.args == [first.id, "on_my_way"]
    assert [r.state for r in helps.list_waiting()] == ["on_my_way"]
    assert shows(panel, "Staff on the way.")
    tap(qtbot, control(panel, "Done, help request 1"))
    assert helps.list_waiting() == []
    assert shows(panel, "Nobody is waiting for help.") and control(panel, "Help requests (0)")


def test_assisted_session_toggle(qtbot, make_panel) -> None:
    panel = make_panel()
    tap(qtbot, control(panel, "Kiosk"))
    with qtbot.waitSignal(panel.assisted_changed) as signal:
        tap(qtbot, control(panel, "Assisted session: off"))
    assert signal.args == [True] and panel.assisted
    with qtbot.waitSignal(panel.assisted_changed) as signal:
        tap(qtbot, control(panel, "Assisted session: on"))
    assert signal.args == [False] and not panel.assisted
    with qtbot.assertNotEmitted(panel.assisted_changed):
        panel.set_assisted(False)


def test_reload_configuration_and_exit(qtbot, make_panel, calls: Calls) -> None:
    panel = make_panel()
    tap(qtbot, control(panel, "Kiosk"))
    tap(qtbot, control(panel, "Reload configuration"))
    assert calls.reloads == 1 and panel.message.text() == "The configuration was reloaded from kiosk.toml."
    calls.reload_error = ConfigError("kiosk.toml: unknown key 'kiosk.colour'")
    tap(qtbot, control(panel, "Reload configuration"))
    assert "kiosk.toml: unknown key 'kiosk.colour'" in panel.message.text()
    tap(qtbot, control(panel, "Exit the kiosk"))
    assert calls.exits == 0  # asks first
    tap(qtbot, control(panel, "Confirm exit"))
    assert calls.exits == 1


def test_back_to_the_kiosk_closes(qtbot, make_panel) -> None:
    panel = make_panel()
    with qtbot.waitSignal(panel.closed):
        tap(qtbot, control(panel, "Back to the kiosk"))


def test_charts_show_the_counts_of_journeys_run(qtbot, make_panel, outbox: Outbox) -> None:
    recorder = StatsRecorder(Stats(outbox.store))
    _run_fly_tipping(recorder, finish=True)
    _run_fly_tipping(recorder, finish=False)
    _run_fly_tipping(recorder, finish=False)
    panel = make_panel()
    tap(qtbot, control(panel, "Statistics"))
    chart = panel.daily_chart
    assert len(chart.categories) == 7
    values = {s.name: s.values for s in chart.series}
    assert values["Sessions"][-1] == 3 and values["Completed"][-1] == 1 and values["Abandoned"][-1] == 2
    assert sum(values["Sessions"]) == 3
    assert f"{chart.categories[-1]}: Sessions 3, Completed 1, Abandoned 2" in chart.accessibleDescription()
    assert panel.abandon_chart.rows == (("report-fly-tipping: waste_type", 2),)
    assert "report-fly-tipping: waste_type: 2" in panel.abandon_chart.accessibleDescription()
    assert shows(panel, "Last 7 days: 3 sessions, 3 journeys started, 1 completed, 2 abandoned.")
    assert shows(panel, "Languages: cy: 3")
    tap(qtbot, control(panel, "Last 30 days"))
    assert sum(s.values[-1] for s in panel.daily_chart.series if s.name == "Sessions") == 3
    assert len(panel.daily_chart.categories) == 5  # thirty days as weeks


def test_every_control_is_touch_sized_and_named_by_its_label(
    qtbot, make_panel, rejected: str, outbox: Outbox
) -> None:
    HelpRequests(outbox.store).record("home")
    panel = make_panel()
    for section in ("Queue", "Needs staff (1)", "Help requests (1)", "Statistics", "Kiosk"):
        tap(qtbot, control(panel, section))
        if section.startswith("Needs"):
            tap(qtbot, control(panel, f"Will not send, reference {ref_of(outbox, rejected)}"))
        for b in (b for b in panel.findChildren(QPushButton) if b.isVisible()):
            assert b.height() >= 72 and b.width() >= 72, b.accessibleName()
            assert b.text() and b.text() in b.accessibleName()
        for f in (f for f in panel.findChildren(QLineEdit) if f.isVisible()):
            assert f.height() >= 72 and f.accessibleName()


def test_retry_all_for_a_destination_lifts_its_pause_and_sends_again(
    qtbot, make_panel, enqueue: Enqueue, hook: FakeWebhook, make_sender, settings: Settings, outbox: Outbox
) -> None:
    sid = enqueue()
    hook.faults.append(Fault(status=403))
    make_sender(settings).run_once()
    panel = make_panel()
    assert shows(panel, "Sending to 'forms' is paused")
    tap(qtbot, control(panel, "Retry all for this destination, forms"))
    assert Pauses(outbox.store).active(settings) == {}
    assert shows(panel, "for 'forms' will be sent again at the next chance")
    assert make_sender(settings).run_once().delivered == 1
    assert outbox.get(sid).state == "delivered"  # type: ignore[union-attr]


def test_a_damaged_item_says_so_plainly_and_offers_only_what_can_be_done(
    qtbot, make_panel, enqueue: Enqueue, make_sender, settings: Settings, outbox: Outbox, data_dir: Path
) -> None:
    from tests.sync.test_one_item import damage

    sid = enqueue()
    damage(data_dir, sid)
    make_sender(settings).run_once()
    panel = make_panel()
    assert shows(panel, "1 saved report is damaged and cannot be read. See Needs staff.")
    tap(qtbot, control(panel, "Needs staff (1)"))
    ref = ref_of(outbox, sid)
    assert shows(panel, "Its stored answers are damaged and cannot be read, so it cannot be sent.")
    assert control(panel, f"Will not send, reference {ref}")
    for gone in ("Retry now", "Show answers", "Correct and resend"):
        assert not [b for b in panel.findChildren(QPushButton) if b.accessibleName() == f"{gone}, reference {ref}"]


@pytest.fixture
def unconfirmed(outbox: Outbox) -> Iterator[tuple[str, Settings, FakeOpen311]]:
    """A report a real Open311 server answered '200 [{}]' for and never stored: after the
    look-up finds nothing in the time allowed, it needs staff."""
    server = FakeOpen311().start()
    server.honour_keys = False
    streets = Destination(name="streets", kind="open311", base_url=server.base_url, api_key=API_KEY,
                          services=("*",))
    settings = Settings(kiosk=KioskSettings(id="central-library-1"),
                        sync=dataclasses.replace(FAST_SYNC, unconfirmed_hours=0), destinations=(streets,))
    sid = Draft.new_id()
    outbox.enqueue(Draft(id=sid, journey_id="streets.FLYTIP", journey_version="1",
                         answers={"description": "Bags by the gate"}, destination="streets"))
    server.fail_next(Fault(status=200, body=b'[{"code": "403", "description": "Invalid api_key"}]',
                           content_type="application/json"))
    Sender(settings, outbox).run_once()
    item = outbox.get(sid)
    assert item is not None and item.state == "unconfirmed" and item.needs_staff
    yield sid, settings, server
    server.stop()


def test_an_unconfirmed_report_offers_send_again_or_the_council_has_it(
    qtbot, make_panel, unconfirmed: tuple[str, Settings, FakeOpen311], outbox: Outbox
) -> None:
    sid, settings, server = unconfirmed
    panel = make_panel(settings=settings)
    assert shows(panel, "Not confirmed: 1") and control(panel, "Needs staff (1)")
    tap(qtbot, control(panel, "Needs staff (1)"))
    ref = ref_of(outbox, sid)
    assert shows(panel, "Problem: The kiosk could not find the report on the council's system.")
    assert shows(panel, "The council's system said: \u201cInvalid api_key (code 403)\u201d.")
    assert shows(panel, "choose \u201cSend again\u201d or \u201cThe council has it\u201d")
    with qtbot.waitSignal(panel.item_changed):
        tap(qtbot, control(panel, f"The council has it, reference {ref}"))
    item = outbox.get(sid)
    assert item is not None and (item.state, item.has_payload) == ("delivered", False)
    assert control(panel, "Needs staff (0)")
    assert len(server.posts) == 1


def test_an_unconfirmed_report_can_be_sent_again(
    qtbot, make_panel, unconfirmed: tuple[str, Settings, FakeOpen311], outbox: Outbox
) -> None:
    sid, settings, server = unconfirmed
    panel = make_panel(settings=settings)
    tap(qtbot, control(panel, "Needs staff (1)"))
    with qtbot.waitSignal(panel.item_changed):
        tap(qtbot, control(panel, f"Send again, reference {ref_of(outbox, sid)}"))
    Sender(settings, outbox).run_once()
    item = outbox.get(sid)
    assert item is not None and item.state == "delivered" and item.remote_id == server.record_for_key(sid).id  # type: ignore[union-attr]

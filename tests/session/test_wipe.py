"""The wipe between residents: a journey with distinctive words, left to time out, leaves
no trace in any widget, in the objects the window holds, in the temporary folder, or in
the database and its WAL."""

from __future__ import annotations

import gc
import types
from collections.abc import Iterable
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from kiosk.i18n import localise
from offline.help import HelpRequests
from tests.session.conftest import Kiosk, tap, tap_named, visible_named, visible_starting
from ui.shared_machine import DELETED, install_crash_recovery
from ui.shell import QUESTION, WELCOME

# Built at run time, so the test's own constants are not what the search finds.
PARTS = ("Zebed", "iah", "Quo", "rn", "Marma", "lade", "Xylo", "phone")
SECRETS = ("".join(PARTS[0:2]), "".join(PARTS[2:4]), "".join(PARTS[4:6]), "".join(PARTS[6:8]),
           "9005" + "57")


def widget_texts(w: QWidget) -> Iterable[str]:
    yield w.accessibleName()
    yield w.accessibleDescription()
    yield w.toolTip()
    yield w.windowTitle()
    yield w.whatsThis()
    if isinstance(w, (QLabel, QAbstractButton)):
        yield w.text()
    if isinstance(w, QLineEdit):
        yield w.text()
        yield w.placeholderText()
    if isinstance(w, (QPlainTextEdit, QTextEdit)):
        yield w.toPlainText()
        w.undo()  # anything in the undo history comes back here
        yield w.toPlainText()
    if isinstance(w, QLineEdit):
        w.undo()
        yield w.text()
    if isinstance(w, QComboBox):
        yield from (w.itemText(i) for i in range(w.count()))
        yield w.currentText()


def hits_in_widgets() -> list[str]:
    found = []
    for w in QApplication.allWidgets():
        for text in widget_texts(w):
            for secret in SECRETS:
                if text and secret in text:
                    found.append(f"{type(w).__name__} {w.objectName()!r}: {secret}")
    return found


def hits_in_objects(*roots: object) -> list[str]:
    """Walk everything reachable from ``roots`` (not modules, classes or function globals)."""
    found: list[str] = []
    seen: set[int] = set()
    stack: list[object] = list(roots)
    for root in roots:
        if isinstance(root, QObject):
            stack.extend(root.findChildren(QObject))
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, str):
            found.extend(f"str {obj[:40]!r}" for s in SECRETS if s in obj)
            continue
        if isinstance(obj, (bytes, bytearray)):
            found.extend("bytes" for s in SECRETS if s.encode() in obj)
            continue
        if isinstance(obj, (types.ModuleType, type, types.CodeType, types.FrameType)):
            continue
        if isinstance(obj, types.FunctionType):
            stack.extend(c.cell_contents for c in (obj.__closure__ or ()) if _filled(c))
            stack.extend(obj.__defaults__ or ())
            continue
        stack.extend(gc.get_referents(obj))
    return found


def _filled(cell: types.CellType) -> bool:
    try:
        cell.cell_contents  # noqa: B018
    except ValueError:
        return False
    return True


def hits_in_files(folder: Path) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in SECRETS:
                for encoded in (secret.encode("utf-8"), secret.encode("utf-16-le")):
                    if encoded in data:
                        found.append(f"{path.name}: {secret}")
    return found


def type_into_field(qtbot, k: Kiosk, text: str) -> None:
    fields = [w for w in k.shell.question.findChildren(QWidget)
              if isinstance(w, (QLineEdit, QPlainTextEdit)) and w.isVisible()]
    assert fields, "no text box on this page"
    tap(qtbot, fields[0])
    qtbot.waitUntil(lambda: k.shell.keyboard.isVisible())
    qtbot.keyClicks(fields[0], text)


def test_a_timed_out_journey_leaves_no_trace(qtbot, kiosk: Kiosk, journeys) -> None:
    k, shell = kiosk, kiosk.shell
    journey = next(j for j in journeys if j.id == "request-callback")
    tap_named(qtbot, shell, "Touch to start")
    tap(qtbot, visible_starting(shell.home, "Get help from staff."))
    tap(qtbot, visible_starting(shell.services, localise(journey.title, "en") + "."))
    topic = journey.page("topic").options[0]
    tap_named(qtbot, shell.question, localise(topic.label, "en"))
    tap_named(qtbot, shell.question, "Continue")
    assert shell.run is not None and shell.run.current_page_id == "details"
    type_into_field(qtbot, k, f"{SECRETS[2]} {SECRETS[3]} on my bill")
    # the resident also types a little on the on-screen keyboard
    tap_named(qtbot, shell.keyboard, "Shift")
    tap_named(qtbot, shell.keyboard, "Q")
    tap_named(qtbot, shell.question, "Continue")
    type_into_field(qtbot, k, f"{SECRETS[0]} {SECRETS[1]}")
    tap_named(qtbot, shell.question, "Continue")
    type_into_field(qtbot, k, "07700 " + SECRETS[4])  # typed, not yet sent on
    QApplication.clipboard().setText(SECRETS[0])
    shell.read_aloud()
    tap(qtbot, shell.top_bar.help)
    shell.set_text_size(150)
    shell.set_high_contrast(True)
    receipt = k.temp_dir / "receipt-draft.txt"  # as a receipt PDF would be, in clear text
    receipt.write_text(f"Receipt for {SECRETS[0]}", "utf-8")
    assert shell.current_screen == QUESTION
    assert hits_in_widgets(), "the test must see the words before the wipe"
    assert hits_in_objects(shell, k.machine)

    k.clock.run()  # nobody touches the screen from now on
    qtbot.waitUntil(k.machine.warning.isVisible, timeout=5000)
    assert "we will delete your answers in" in k.machine.warning.message.text()
    qtbot.waitUntil(lambda: shell.current_screen == DELETED, timeout=5000)
    assert "We deleted your answers" in visible_named(shell, "We deleted your answers").text()

    # screens delete their old widgets when control returns to the event loop
    qtbot.waitUntil(lambda: hits_in_widgets() == [], timeout=2000)
    assert hits_in_objects(shell, k.machine) == []
    assert hits_in_files(k.data_dir) == []
    assert list(k.temp_dir.iterdir()) == []
    assert QApplication.clipboard().text() == ""
    assert k.speaker.queue == [] and k.speaker.resets >= 1
    assert (shell.language, shell.text_size, shell.high_contrast) == ("en", 100, False)
    assert shell.run is None
    assert shell.keyboard.isHidden() and shell.keyboard.target is None
    # the help request holds the screen's name only
    (request,) = HelpRequests(k.store).list_waiting()
    assert request.screen == "question:request-callback/phone"
    assert k.outbox.items() == []

    tap_named(qtbot, shell, "Start again")
    assert shell.current_screen == WELCOME


def test_start_again_wipes_the_same_way(qtbot, kiosk: Kiosk, journeys) -> None:
    k, shell = kiosk, kiosk.shell
    journey = next(j for j in journeys if j.id == "request-callback")
    tap_named(qtbot, shell, "Touch to start")
    tap(qtbot, visible_starting(shell.home, "Get help from staff."))
    tap(qtbot, visible_starting(shell.services, localise(journey.title, "en") + "."))
    tap_named(qtbot, shell.question, localise(journey.page("topic").options[0].label, "en"))
    tap_named(qtbot, shell.question, "Continue")
    type_into_field(qtbot, k, SECRETS[2])
    (k.temp_dir / "receipt.pdf").write_bytes(SECRETS[2].encode())
    assert k.machine.watcher.running
    with qtbot.waitSignal(k.machine.wiped, timeout=2000) as blocker:
        tap(qtbot, shell.top_bar.start_again)
    assert blocker.args == ["ended"]
    assert shell.current_screen == WELCOME
    assert not k.machine.watcher.running
    qtbot.waitUntil(lambda: hits_in_widgets() == [], timeout=2000)
    assert hits_in_objects(shell, k.machine) == []
    assert list(k.temp_dir.iterdir()) == []


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_in_a_handler_returns_to_welcome(qtbot, kiosk: Kiosk, caplog) -> None:
    k, shell = kiosk, kiosk.shell
    restore = install_crash_recovery(k.machine)
    try:
        tap_named(qtbot, shell, "Touch to start")
        shell.set_text_size(200)
        shell.top_bar.read_aloud_requested.connect(_broken_handler)
        with qtbot.waitSignal(k.machine.wiped, timeout=2000) as wiped:
            tap(qtbot, shell.top_bar.read_aloud)
        assert wiped.args == ["crash"]
        assert shell.current_screen == WELCOME and shell.text_size == 100
        assert "unexpected ValueError at" in caplog.text
        assert SECRETS[0] not in caplog.text
    finally:
        shell.top_bar.read_aloud_requested.disconnect(_broken_handler)
        restore()


def _broken_handler() -> None:
    raise ValueError(f"something about {SECRETS[0]}")


def test_what_a_resident_leaves_is_collected_after_the_day_is_kept(qtbot, kiosk: Kiosk) -> None:
    """``keep_for_the_day`` sets aside what the kiosk made at start; a cycle made during a
    session, holding the resident's words, still goes at the wipe."""
    import weakref

    from ui.wipe import keep_for_the_day

    class Trace:
        def __init__(self, words: str) -> None:
            self.words = words
            self.me = self  # a cycle: only the collector can free it

    keep_for_the_day()
    try:
        assert gc.get_freeze_count() > 0
        gc.disable()  # so that only the wipe's own collection can free it
        trace = Trace(SECRETS[0])
        gone = weakref.ref(trace)
        del trace
        assert gone() is not None
        tap_named(qtbot, kiosk.shell, "Touch to start")
        with qtbot.waitSignal(kiosk.machine.wiped, timeout=2000):
            tap(qtbot, kiosk.shell.top_bar.start_again)
        assert gone() is None
    finally:
        gc.enable()
        gc.unfreeze()

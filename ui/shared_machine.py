"""Everything that makes the kiosk window safe on a shared public machine, installed in one call.

``install_shared_machine(shell, ...)`` adds to the shell: the idle watcher and its
warning (spoken through the speaker), the wipe on time-out, "Start again" and finishing,
the "We deleted your answers" screen, help requests recorded for staff, the lockdown, and
the hidden corner gesture that opens the staff PIN pad.

What it needs of the window is ``KioskWindow``, a ``typing.Protocol`` that ``ui.shell.Shell``
implements. A window that lacks any part of it is refused when the machine is installed
(``TypeError`` naming what is missing), so renaming, say, ``Shell.session_ended`` fails at
start and in mypy, instead of silently leaving a resident's traces behind.
"""

from __future__ import annotations

import logging
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtWidgets import QApplication, QWidget

from accessibility.speech import Voice
from kiosk.bugs import report_bug
from kiosk.journeys.engine import JourneyRun
from kiosk.session import STRINGS, IdlePolicy, help_told_text
from offline.errors import StorageError
from ui.idle import DeletedScreen, IdleWarning, IdleWatcher, speak_warning
from ui.lockdown import Lockdown
from ui.staff_unlock import CornerHold, PinChecker, PinPad, StaffMenu
from ui.window_input import unwatch_window, watch_window
from ui.wipe import Resettable, Wiper

if TYPE_CHECKING:
    from offline.help import HelpRequests
    from ui.staff.panel import StaffPanel

log = logging.getLogger(__name__)

DELETED = "deleted"
WELCOME = "welcome"  # ui.shell.WELCOME (ui.shell is not imported here: it imports much more)


class KioskTopBar(Protocol):
    """The window's top bar: using any of its buttons starts the idle watcher."""

    @property
    def text_size_requested(self) -> SignalInstance: ...
    @property
    def language_requested(self) -> SignalInstance: ...
    @property
    def read_aloud_requested(self) -> SignalInstance: ...


@runtime_checkable
class KioskWindow(Protocol):
    """What the shared-machine code (wipe, idle warning, help, staff unlock) needs of the
    kiosk window; ``ui.shell.Shell`` implements it. The window must be a QWidget too."""

    @property
    def session_ended(self) -> SignalInstance:
        """The window reset itself (Start again, Finish): the machine clears the traces."""
    @property
    def screen_changed(self) -> SignalInstance:
        """arg: the new screen's key."""
    @property
    def help_requested(self) -> SignalInstance: ...
    @property
    def top_bar(self) -> KioskTopBar: ...
    @property
    def keyboard(self) -> Resettable:
        """The on-screen keyboard (the wipe empties and hides it)."""
    @property
    def current_screen(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def run(self) -> JourneyRun | None:
        """The journey in progress (its id and page name a help request)."""
    def overlay_host(self) -> QWidget:
        """The widget the idle warning, PIN pad and staff panel cover."""
    def add_screen(self, key: str, screen: QWidget) -> None: ...
    def show_screen(self, key: str) -> None: ...
    def show_welcome(self) -> None: ...
    def show_help_message(self, text: str) -> None: ...
    def reset_session(self) -> None:
        """Forget the resident's journey and go back to the welcome screen (the wipe)."""


def _missing_parts(window: object) -> list[str]:
    """The members of ``KioskWindow`` that ``window`` lacks (read from the protocol)."""
    members = [name for name in vars(KioskWindow) if not name.startswith("_")]
    return [name for name in members if not hasattr(window, name)]


def _as_kiosk_window(window: object) -> tuple[QWidget, KioskWindow]:
    """``window`` as the QWidget and the ``KioskWindow`` it must be; ``TypeError`` if not."""
    if not isinstance(window, QWidget):
        raise TypeError(f"the shared machine needs a QWidget window, not {type(window).__name__}")
    if not isinstance(window, KioskWindow):
        missing = ", ".join(_missing_parts(window))
        raise TypeError(f"{type(window).__name__} is not a kiosk window "
                        f"(ui.shared_machine.KioskWindow): it has no {missing}")
    return window, window


class SharedMachine(QObject):
    """The parts installed on one window. Made by ``install_shared_machine``.

    Attributes: watcher, warning, deleted_screen, wiper, lockdown, corner, pin_pad, staff_menu.

    Signals:
        wiped: a resident's session was wiped. arg: why ("timeout", "deleted", "ended").
        staff_unlocked: staff entered the right PIN (the staff panel listens to this).
        help_recorded: a help request was stored. arg: its ``HelpRequestInfo``.
    """

    wiped = Signal(str)
    staff_unlocked = Signal()
    help_recorded = Signal(object)

    def __init__(
        self,
        window: KioskWindow,
        *,
        policy: IdlePolicy,
        speaker: Voice | None = None,
        temp_dir: Path | None = None,
        help_requests: HelpRequests | None = None,
        staff_pin: PinChecker | None = None,
        lockdown: bool | Lockdown = True,
        fullscreen: bool = True,
        clock: Callable[[], float] = time.monotonic,
        hold_ms: int | None = None,
        deleted_return_ms: int = 30_000,
    ) -> None:
        widget, kiosk = _as_kiosk_window(window)  # a missing part fails here, loudly
        super().__init__(widget)
        self.window: QWidget = widget
        self._kiosk: KioskWindow = kiosk
        self.speaker = speaker
        self._help_requests = help_requests
        self._wiping = False
        app = QApplication.instance()
        assert isinstance(app, QApplication), "a QApplication must exist"

        # the wipe
        self.wiper = Wiper(widget, speaker=speaker, keyboard=kiosk.keyboard, temp_dir=temp_dir,
                           reset_view=kiosk.reset_session)
        if temp_dir is not None:
            temp_dir.mkdir(parents=True, exist_ok=True, mode=0o700)

        # idle watcher, warning and the deleted screen
        self.watcher = IdleWatcher(policy, clock=clock, parent=self)
        self.watcher.install(widget)
        host = kiosk.overlay_host()
        self._host = host
        self._warning: IdleWarning | None = None  # made the first time it is shown
        self.deleted_screen = DeletedScreen(self._language, return_after_ms=deleted_return_ms,
                                            parent=widget)
        kiosk.add_screen(DELETED, self.deleted_screen)
        self.deleted_screen.done.connect(kiosk.show_welcome)
        self.watcher.warning_shown.connect(self._on_warning)
        self.watcher.countdown_changed.connect(self._set_seconds_left)
        self.watcher.announced.connect(self._on_announce)
        self.watcher.warning_dismissed.connect(self._on_dismissed)
        self.watcher.expired.connect(self._on_expired)

        # the shell's own session signals
        kiosk.session_ended.connect(self._on_session_ended)
        kiosk.screen_changed.connect(self._on_screen_changed)
        kiosk.help_requested.connect(self.record_help)
        bar = kiosk.top_bar
        for signal in (bar.text_size_requested, bar.language_requested, bar.read_aloud_requested):
            signal.connect(self._start_if_idle)

        # lockdown (or the one already in place) and staff unlock
        if isinstance(lockdown, Lockdown):
            self.lockdown = lockdown
            lockdown.refuse_keys_everywhere()  # it guarded only the window until now
        else:
            self.lockdown = Lockdown(widget, fullscreen=fullscreen)
            if lockdown:
                self.lockdown.lock()
        self.corner = CornerHold(widget) if hold_ms is None else CornerHold(widget, hold_ms=hold_ms)
        watch_window(widget, self.corner)
        self.pin_pad: PinPad | None = None
        self.staff_panel: StaffPanel | None = None
        self._make_staff_panel: Callable[[], StaffPanel] | None = None
        self.staff_menu = StaffMenu(host)
        if staff_pin is not None:
            self.pin_pad = PinPad(host, staff_pin, self._language)
            self.corner.held.connect(self.open_pin_pad)
            self.pin_pad.unlocked.connect(self._on_unlocked)
        self.staff_menu.add_action("Close the kiosk", self.exit_kiosk)
        self.wiper.add_hook(self._close_overlays)

        if kiosk.current_screen != WELCOME:
            self.watcher.start()

    # -- public -------------------------------------------------------------------------
    @property
    def warning(self) -> IdleWarning:
        """"Are you still there?" over the window (made the first time it is needed, so
        the kiosk's start does not wait for it)."""
        if self._warning is None:
            self._warning = IdleWarning(self._host, self._language)
            self._warning.more_time_requested.connect(self.watcher.extend)
            self._warning.delete_requested.connect(self.watcher.give_up)
        return self._warning

    def _warning_shown(self) -> bool:
        return self._warning is not None and self._warning.isVisible()

    def _set_seconds_left(self, seconds: int) -> None:
        if self._warning is not None:
            self._warning.set_seconds_left(seconds)

    def uninstall(self) -> None:
        """Take every filter away (before the window goes)."""
        self.watcher.stop()
        self.watcher.uninstall()
        self.lockdown.release()
        unwatch_window(self.window, self.corner)

    def wipe(self, reason: str = "ended") -> None:
        """Wipe the session now (the same as a time-out without the deleted screen)."""
        self._wipe(reason)

    def set_staff_panel(self, panel: StaffPanel | Callable[[], StaffPanel]) -> None:
        """Show ``panel`` (``ui.staff.panel.StaffPanel``) after the PIN instead of the small
        staff menu. It covers the window until its ``closed`` signal, and a time-out or a
        wipe closes it too (staff who walk away leave nothing open).

        ``panel`` may be a function that makes it: it is then made the first time staff
        unlock the kiosk (``make_staff_panel``), not with everything a resident uses."""
        if isinstance(panel, QWidget):
            self._make_staff_panel = None
            self._adopt_staff_panel(panel)
        else:
            self._make_staff_panel = panel
            self.staff_panel = None

    def make_staff_panel(self) -> StaffPanel | None:
        """The staff panel, made now if it is made on first use; None without one."""
        if self.staff_panel is None and self._make_staff_panel is not None:
            make, self._make_staff_panel = self._make_staff_panel, None
            self._adopt_staff_panel(make())
        return self.staff_panel

    def _adopt_staff_panel(self, panel: StaffPanel) -> None:
        panel.setParent(self._host)
        panel.hide()
        self.staff_panel = panel
        panel.closed.connect(self._close_staff_panel)

    def open_pin_pad(self) -> None:
        if self.pin_pad is not None and not self._staff_open():
            self.pin_pad.open()

    def exit_kiosk(self) -> None:
        """Staff only (reached through the PIN): let the window close and close it."""
        self.lockdown.release()
        self.watcher.stop()
        self.window.close()

    def record_help(self) -> None:
        """Store a help request for the current screen (its name only, nothing typed)."""
        if self._help_requests is None:
            return
        try:
            info = self._help_requests.record(self.screen_name())
        except StorageError as exc:  # known: the disk is full or the database is damaged
            log.warning("help request not stored: %s", type(exc).__name__)
            self._kiosk.show_help_message(STRINGS.text("help_not_recorded", self._language()))
            return
        told = help_told_text(self._language())
        if told is not None:
            self._kiosk.show_help_message(told)
        self.help_recorded.emit(info)

    def screen_name(self) -> str:
        """The current screen as an identifier, e.g. ``question:report-flytip/where``."""
        screen = self._kiosk.current_screen or "unknown"
        run = self._kiosk.run
        if run is not None:
            return f"{screen}:{run.journey.id}/{run.current_page_id}"
        return screen

    # -- inside -------------------------------------------------------------------------
    def _language(self) -> str:
        return self._kiosk.language

    def _start_if_idle(self) -> None:
        if not self.watcher.running:
            self.watcher.start()

    def _on_screen_changed(self, key: str) -> None:
        if key not in (WELCOME, DELETED) and not self._wiping:
            self._start_if_idle()

    def _on_warning(self, seconds_left: int) -> None:
        if self._kiosk.current_screen in (WELCOME, DELETED):
            # nothing of a resident's is on screen: reset quietly, no warning to read
            self.watcher.give_up()
            return
        self.warning.open(seconds_left)

    def _on_announce(self, seconds_left: int, first: bool) -> None:
        if self._warning_shown():
            speak_warning(self.speaker, seconds_left, first, self._language())

    def _on_dismissed(self) -> None:
        if self._warning is not None:
            self._warning.close_warning()
        if self.speaker is not None:
            self.speaker.stop()

    def _on_expired(self) -> None:
        shown = self._warning_shown()
        self._wipe("timeout" if shown else "quiet")
        if shown:
            self._kiosk.show_screen(DELETED)

    def _wipe(self, reason: str) -> None:
        self._wiping = True
        try:
            self.watcher.stop()
            self.wiper.wipe()
        finally:
            self._wiping = False
        if reason != "quiet":
            self.wiped.emit(reason)

    def _on_session_ended(self) -> None:
        """The shell reset itself (Start again, Finish): clear the traces it does not."""
        if self._wiping:
            return  # ``wipe`` clears them itself
        self.watcher.stop()
        self.wiper.clear_traces()
        self.wiped.emit("ended")

    def _close_overlays(self) -> None:
        if self._warning is not None:
            self._warning.close_warning(restore_focus=False)
        self.staff_menu.hide()
        self._close_staff_panel()
        if self.pin_pad is not None:
            self.pin_pad.close_pad()

    def _staff_open(self) -> bool:
        panel = self.staff_panel
        return self.staff_menu.isVisible() or (panel is not None and panel.isVisible())

    def _on_unlocked(self) -> None:
        panel = self.make_staff_panel()
        if panel is None:
            self.staff_menu.open()
        else:
            host = panel.parentWidget()
            if host is not None:
                panel.setGeometry(host.rect())
            panel.enter()
            panel.show()
            panel.raise_()
        self._start_if_idle()  # an unattended staff screen times out like a resident's
        self.staff_unlocked.emit()

    def _close_staff_panel(self) -> None:
        panel = self.staff_panel
        if panel is None or not panel.isVisible():
            return
        panel.leave()
        panel.hide()


def install_crash_recovery(machine: SharedMachine) -> Callable[[], None]:
    """Turn an unexpected error in a Qt handler into a log line and a wipe back to welcome.

    The log line names the error's kind and where it happened (file and line), never its
    message or values, which could hold what a resident typed. Returns a function that
    puts the previous hook back.
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: types.TracebackType | None) -> None:
        if issubclass(kind, (KeyboardInterrupt, SystemExit)):
            previous(kind, exc, tb)
            return
        report_bug(kind, tb, "the kiosk went back to its welcome screen", logger=log)
        machine.wipe("crash")

    sys.excepthook = hook

    def restore() -> None:
        sys.excepthook = previous

    return restore


def install_shared_machine(window: KioskWindow, **kwargs: Any) -> SharedMachine:
    """Install idle warning, wipe, help requests, lockdown and staff unlock on ``window``.

    Keyword arguments are those of ``SharedMachine``; ``policy`` is required, e.g.
    ``IdlePolicy.from_settings(s.kiosk.idle_timeout_seconds, s.kiosk.idle_warning_seconds)``.
    """
    return SharedMachine(window, **kwargs)

"""Start the touchscreen: build the shell from its parts and run the Qt event loop.

``main.py`` builds the parts (settings, journeys, outbox, speaker, strings) and calls
``run(argv, ...)``; tests and the screenshot script call ``build_window(...)``.
``outbox_submitter`` turns an outbox into the submit function the shell expects.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from accessibility.speech import Voice
from kiosk.config import Settings
from kiosk.i18n import Catalogue
from ui.shell import Shell, SubmitFn

if TYPE_CHECKING:
    from kiosk.journeys.engine import Submission
    from kiosk.journeys.gazetteer import Gazetteer
    from kiosk.journeys.model import Journey

WINDOWED_SIZE = (1280, 900)


def outbox_submitter(outbox: Any, *, kiosk_id: str = "", assisted: Callable[[], bool] = lambda: False
                     ) -> SubmitFn:
    """A submit function that stores a finished journey in ``outbox`` (``offline.outbox.Outbox``).

    The journey's draft id is the idempotency key, so storing the same journey twice
    stores it once. Raises ``offline.errors.StorageError`` when nothing was stored.
    """
    from offline.outbox import Draft

    def submit(submission: Submission) -> Any:
        draft = Draft(
            id=submission.draft_id,
            journey_id=submission.journey_id,
            journey_version=submission.journey_version,
            answers=submission.as_dict(),
            language=submission.language,
            assisted=assisted(),
            kiosk_id=kiosk_id,
            destination=submission.destination or None,
        )
        return outbox.enqueue(draft)

    return submit


def build_window(
    *,
    settings: Settings,
    journeys: Sequence[Journey] | Callable[[], Sequence[Journey]],
    submit: SubmitFn,
    strings: Catalogue,
    speaker: Voice | None = None,
    gazetteer: Gazetteer | Callable[[], Gazetteer | None] | None = None,
    connected: Callable[[], bool] = lambda: False,
    **extra: Any,
) -> Shell:
    """The kiosk window, on its welcome screen (a QApplication must exist)."""
    shell = Shell(
        settings=settings, journeys=journeys, submit=submit, speaker=speaker,
        strings=strings, gazetteer=gazetteer, connected=connected, **extra,
    )
    shell.resize(*WINDOWED_SIZE)
    return shell


def run(
    argv: Sequence[str],
    *,
    settings: Settings,
    journeys: Sequence[Journey] | Callable[[], Sequence[Journey]],
    submit: SubmitFn,
    strings: Catalogue,
    speaker: Voice | None = None,
    gazetteer: Gazetteer | Callable[[], Gazetteer | None] | None = None,
    connected: Callable[[], bool] = lambda: False,
    windowed: bool = False,
    on_window: Callable[[Shell], None] | None = None,
    **extra: Any,
) -> int:
    """Create the QApplication, show the kiosk (fullscreen unless ``windowed``), run it.

    ``on_window`` is called with the shell before the event loop starts, for wiring
    other parts (idle watcher, staff panel, sync status). ``extra`` goes to the shell
    (``tutorials``, ``learners``, ``check_progress``, ...). Returns the exit status.
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName("council-kiosk")
    shell = build_window(settings=settings, journeys=journeys, submit=submit, strings=strings,
                         speaker=speaker, gazetteer=gazetteer, connected=connected,
                         frameless=not windowed, **extra)
    if on_window is not None:
        on_window(shell)
    if windowed:
        shell.show()
    else:
        shell.showFullScreen()  # frameless from construction (``build_window(frameless=)``)
    restore = _end_on_terminate(app)
    try:
        return int(app.exec())
    finally:
        restore()


def _end_on_terminate(app: QApplication) -> Callable[[], None]:
    """SIGTERM (the service manager stopping the kiosk) and SIGINT end the event loop, so
    ``main.py`` can stop the sender and close the database cleanly. ``exit`` is used, not
    ``quit``: the lockdown refuses to close the window, but it does not refuse the system.
    Qt's loop does not run Python code on its own, so a timer lets Python see the signal."""
    previous = {}

    def handler(signum: int, _frame: object) -> None:
        app.exit(128 + signum if signum != signal.SIGTERM else 0)

    try:
        for number in (signal.SIGTERM, signal.SIGINT):
            previous[number] = signal.signal(number, handler)
    except ValueError:  # not the main thread (a test running the loop elsewhere)
        return lambda: None
    timer = QTimer(app)
    timer.setInterval(250)
    timer.timeout.connect(lambda: None)
    timer.start()

    def restore() -> None:
        timer.stop()
        timer.deleteLater()
        for number, old in previous.items():
            signal.signal(number, old)

    return restore


if __name__ == "__main__":  # pragma: no cover - manual try-out: python -m ui.app
    from kiosk.i18n import load_catalogue
    from kiosk.journeys.schema import load_builtin_journeys

    sys.exit(run(sys.argv, settings=Settings(), journeys=load_builtin_journeys().journeys,
                 submit=lambda s: type("R", (), {"reference": "23456789A"})(),
                 strings=load_catalogue(), windowed=True))

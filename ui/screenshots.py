"""Screenshots of every screen at 100 % and 200 % text, for review and for the README.

    QT_QPA_PLATFORM=offscreen python -m ui.screenshots [OUTPUT_DIR]

Writes ``<screen>-<size>.png`` (default ``docs/screenshots``). It drives a real shell
over a throwaway outbox in a temporary folder, the same way the tests do.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLineEdit

from kiosk.config import KioskSettings, Settings
from kiosk.i18n import load_catalogue
from kiosk.journeys import load_builtin_journeys, load_gazetteer
from ui.app import build_window, outbox_submitter
from ui.shell import Shell

SIZE = (1280, 1024)


def _steps(shell: Shell) -> list[tuple[str, Callable[[], None]]]:
    q = shell.question

    def field(name: str) -> QLineEdit:
        return next(w for w in q.findChildren(QLineEdit) if w.accessibleName() == name)

    def fill_location() -> None:
        field("Postcode").setText("EB1 6FR")
        field("Describe where it is").setText("by the bus stop")
        q._on_continue()  # noqa: SLF001 - same as tapping Continue

    def tick(value: str) -> None:
        from PySide6.QtWidgets import QAbstractButton
        for b in q.findChildren(QAbstractButton):
            if b.property("value") == value:
                b.setChecked(True)
        q._on_continue()  # noqa: SLF001

    def type_description() -> None:
        field_ = q.field()
        field_.setPlainText("Six black bags of rubbish")  # type: ignore[union-attr]
        field_.setFocus()  # type: ignore[union-attr]

    return [
        ("01-welcome", shell.show_welcome),
        ("02-home", shell.show_home),
        ("03-services", lambda: shell._open_group("report")),  # noqa: SLF001
        ("04-question-location", lambda: shell._open_journey("report-fly-tipping")),  # noqa: SLF001
        ("05-error-summary", q._on_continue),  # noqa: SLF001
        ("06-question-choices", fill_location),
        ("07-question-single", lambda: tick("bags")),
        ("08-question-textarea-keyboard", lambda: (tick("single"), type_description())),
        ("09-check-answers", lambda: (q._on_continue(), tick("no"),  # noqa: SLF001
                                      *(q._on_continue() for _ in range(3)))),  # noqa: SLF001
        ("10-confirmation", shell.check._on_send),  # noqa: SLF001
        ("11-language", shell._show_languages),  # noqa: SLF001
        ("12-not-saved", shell._show_not_saved),  # noqa: SLF001
    ]


def capture(out: Path, app: QApplication) -> list[Path]:
    written: list[Path] = []
    journeys = load_builtin_journeys().journeys
    for size in (100, 200):
        with tempfile.TemporaryDirectory() as tmp:
            from offline.outbox import Outbox
            from offline.store import Store

            store = Store.open(Path(tmp))
            shell = build_window(
                settings=Settings(kiosk=KioskSettings(languages=("en", "cy", "ur"))),
                journeys=journeys, strings=load_catalogue(),
                submit=outbox_submitter(Outbox(store)), gazetteer=load_gazetteer(None),
                can_print=lambda: False,
            )
            shell.resize(*SIZE)
            shell.show()
            shell.set_text_size(size)
            for name, step in _steps(shell):
                step()
                app.processEvents()
                path = out / f"{name}-{size}.png"
                shell.grab().save(str(path))
                written.append(path)
            shell.close()
            shell.deleteLater()
            store.close()
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    for path in capture(out, app):  # type: ignore[arg-type]
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Screenshots of every screen at 100 % and 200 % text, for review and for the README.

    QT_QPA_PLATFORM=offscreen python -m ui.screenshots [OUTPUT_DIR] [--set base|variants|all]

Writes ``<screen>-<size>.png`` (the base set, in English) and, for the accessibility
page (docs/accessibility.md), ``<variant>-<screen>-<size>.png``: Welsh (``cy``), Urdu
(``ur``: right to left, shaped Nastaliq letters) and the high-contrast theme (``hc``),
each at 100 % and 200 % text, for the welcome, home, question (with the on-screen
keyboard), error summary, check your answers and confirmation pages. Default
``OUTPUT_DIR`` is ``docs/screenshots`` and the default set is ``all``. It drives a real
shell over a throwaway outbox in a temporary folder, the same way the tests do.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QPlainTextEdit

from kiosk.config import KioskSettings, Settings
from kiosk.i18n import load_catalogue
from kiosk.journeys.gazetteer import load_gazetteer
from kiosk.journeys.schema import load_builtin_journeys
from offline.outbox import Outbox
from offline.store import Store
from ui.app import build_window, outbox_submitter
from ui.shell import Shell

SIZE = (1280, 1024)

# The pages every variant shows (step names below).
VARIANT_PAGES = frozenset({
    "01-welcome", "02-home", "04-question-location", "05-error-summary",
    "08-question-textarea-keyboard", "09-check-answers", "10-confirmation",
})


@dataclass(frozen=True)
class Variant:
    """One set of screenshots: a file-name prefix, a language, and the theme."""

    prefix: str
    language: str = "en"
    high_contrast: bool = False
    pages: frozenset[str] | None = None  # None: every page

    def file_name(self, page: str, size: int) -> str:
        return f"{self.prefix}-{page}-{size}.png" if self.prefix else f"{page}-{size}.png"


BASE = (Variant(""),)
VARIANTS = (
    Variant("cy", "cy", pages=VARIANT_PAGES),
    Variant("ur", "ur", pages=VARIANT_PAGES),
    Variant("hc", "en", high_contrast=True, pages=VARIANT_PAGES),
)
SETS: dict[str, tuple[Variant, ...]] = {"base": BASE, "variants": VARIANTS,
                                        "all": BASE + VARIANTS}


def _steps(shell: Shell) -> list[tuple[str, Callable[[], None]]]:
    q = shell.question

    def field(part: str) -> QLineEdit:
        w = q.field(part)
        assert isinstance(w, QLineEdit), part
        return w

    def fill_location() -> None:
        field("postcode").setText("EB1 6FR")
        field("details").setText(_words(shell.language)["where"])
        q._on_continue()  # noqa: SLF001 - same as tapping Continue

    def focus_postcode() -> None:
        field("postcode").setFocus()

    def tick(value: str) -> None:
        for b in q.findChildren(QAbstractButton):
            if b.property("value") == value:
                b.setChecked(True)
        q._on_continue()  # noqa: SLF001

    def type_description() -> None:
        area = q.field()
        assert isinstance(area, QPlainTextEdit)
        area.setPlainText(_words(shell.language)["rubbish"])
        area.setFocus()

    def open_location() -> None:
        shell._open_journey("report-fly-tipping")  # noqa: SLF001
        focus_postcode()

    def describe() -> None:
        tick("single")
        type_description()

    def to_check_answers() -> None:
        q._on_continue()  # noqa: SLF001
        tick("no")
        for _ in range(3):
            q._on_continue()  # noqa: SLF001

    return [
        ("01-welcome", shell.show_welcome),
        ("02-home", shell.show_home),
        ("03-services", lambda: shell._open_group("report")),  # noqa: SLF001
        ("04-question-location", open_location),
        ("05-error-summary", q._on_continue),  # noqa: SLF001
        ("06-question-choices", fill_location),
        ("07-question-single", lambda: tick("bags")),
        ("08-question-textarea-keyboard", describe),
        ("09-check-answers", to_check_answers),
        ("10-confirmation", shell.check._on_send),  # noqa: SLF001
        ("11-language", shell._show_languages),  # noqa: SLF001
        ("12-not-saved", shell._show_not_saved),  # noqa: SLF001
    ]


def _words(language: str) -> dict[str, str]:
    """What the pretend resident types, in their language."""
    return {
        "cy": {"where": "wrth yr arhosfan bws", "rubbish": "Chwe bag du o sbwriel"},
        "ur": {"where": "بس اسٹاپ کے پاس", "rubbish": "کچرے کے چھ کالے تھیلے"},
    }.get(language, {"where": "by the bus stop", "rubbish": "Six black bags of rubbish"})


def capture(out: Path, app: QApplication, variants: Sequence[Variant] = BASE,
            sizes: Sequence[int] = (100, 200)) -> list[Path]:
    """Write each variant's pages at each text size into ``out``; the paths written."""
    written: list[Path] = []
    journeys = load_builtin_journeys().journeys
    for variant in variants:
        for size in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                store = Store.open(Path(tmp))
                shell = build_window(
                    settings=Settings(kiosk=KioskSettings(languages=("en", "cy", "ur"))),
                    journeys=journeys, strings=load_catalogue(),
                    submit=outbox_submitter(Outbox(store)), gazetteer=load_gazetteer(None),
                    can_print=lambda: False,
                )
                shell.resize(*SIZE)
                shell.show()
                shell.activateWindow()
                shell.set_language(variant.language)
                shell.set_high_contrast(variant.high_contrast)
                shell.set_text_size(size)
                for name, step in _steps(shell):
                    step()
                    app.processEvents()
                    if variant.pages is not None and name not in variant.pages:
                        continue
                    path = out / variant.file_name(name, size)
                    shell.grab().save(str(path))
                    written.append(path)
                shell.close()
                shell.deleteLater()
                store.close()
    return written


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    chosen = "all"
    if "--set" in args:
        i = args.index("--set")
        chosen = args[i + 1] if i + 1 < len(args) else ""
        del args[i:i + 2]
    if chosen not in SETS:
        print(f"--set must be one of {', '.join(SETS)}", file=sys.stderr)
        return 2
    out = Path(args[0]) if args else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    for path in capture(out, app, SETS[chosen]):  # type: ignore[arg-type]
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

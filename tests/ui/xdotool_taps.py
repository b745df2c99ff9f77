"""Run under a real X server (Xvfb) by tests/ui/test_xvfb_taps.py: the kiosk's window, made
as ``kiosk run`` makes it, tapped with real pointer events (XTest through ``xdotool``).

Prints one JSON line: the pages seen and whether each Continue tap moved on.
"""

from __future__ import annotations

import json
import subprocess
import sys

from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from kiosk.config import KioskSettings, Settings
from kiosk.i18n import load_catalogue, localise
from kiosk.journeys.gazetteer import load_gazetteer
from kiosk.journeys.schema import load_builtin_journeys
from ui.app import build_window
from ui.widgets import ScrollPage


def finger(widget: QWidget) -> None:
    """Down on the widget's middle, 150 ms for the kiosk to react, up on the same point
    (scrolled into view first, as the resident scrolls to what they want)."""
    page = widget.parentWidget()
    while page is not None and not isinstance(page, ScrollPage):
        page = page.parentWidget()
    if page is not None:
        page.ensureWidgetVisible(widget)
        QTest.qWait(50)
    at = widget.mapToGlobal(widget.visibleRegion().boundingRect().center())
    subprocess.run(["xdotool", "mousemove", str(at.x()), str(at.y()), "mousedown", "1"], check=True)
    QTest.qWait(150)
    subprocess.run(["xdotool", "mouseup", "1"], check=True)
    QTest.qWait(250)


def named(root: QWidget, name: str, kind: type[QWidget] = QWidget, *, prefix: bool = False) -> QWidget:
    for w in root.findChildren(kind):
        if w.isVisible() and (w.accessibleName().startswith(name) if prefix else w.accessibleName() == name):
            return w
    raise SystemExit(f"nothing visible called {name!r}")


def main() -> int:
    width, height = (int(x) for x in sys.argv[1].split("x"))
    app = QApplication(sys.argv[:1])
    journeys = load_builtin_journeys().journeys
    shell = build_window(settings=Settings(kiosk=KioskSettings(languages=("en", "cy", "ur"))),
                         journeys=journeys, strings=load_catalogue(), submit=lambda s: None,
                         gazetteer=load_gazetteer(None), can_print=lambda: False)
    shell.setGeometry(0, 0, width, height)
    shell.show()
    QTest.qWait(800)
    seen: list[str] = []
    finger(named(shell, "Touch to start"))
    finger(named(shell.home, "Request or apply.", prefix=True))
    badge = next(j for j in journeys if j.id == "apply-blue-badge")
    finger(named(shell.services, localise(badge.title, "en") + ".", prefix=True))
    model = shell.question.model
    assert model is not None
    seen.append(model.page_id)
    finger(named(shell.question, model.options[0][1]))
    finger(named(shell.question, "Continue"))
    seen.append(shell.question.model.page_id)  # type: ignore[union-attr]
    print("seen", seen, file=sys.stderr)
    box = next(w for w in shell.question.findChildren(QLineEdit) if w.isVisible())
    finger(box)
    keyboard_up = shell.keyboard.isVisible()
    for key in ("Shift", "A", "n", "n"):
        finger(named(shell.keyboard, key))
    typed = box.text()
    finger(named(shell.question, "Continue"))
    seen.append(shell.question.model.page_id)  # type: ignore[union-attr]
    print(json.dumps({"pages": seen, "keyboard_up": keyboard_up, "typed": typed,
                      "window": [shell.width(), shell.height()],
                      "continue_at": [named(shell.question, "Continue").mapToGlobal(QPoint()).y()]}))
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

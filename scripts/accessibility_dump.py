"""Write what assistive technology is told on the kiosk's screens, read through Qt's
accessibility interface (what the AT-SPI bridge hands on), as Markdown for docs/accessibility.md.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python scripts/accessibility_dump.py [LANG] > out.md

For each screen of one journey (report-missed-bin), after a failed Continue, and the
confirmation: the window's accessible name, where focus is, every object with a role
beyond Qt's defaults (heading, alert, grouping, dialog, graphic) and every text field with
its name, description, invalid mark and labelled-by relation.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from accessibility.audit import visible_widgets
from kiosk.config import load_settings
from kiosk.i18n import load_catalogue
from kiosk.journeys.model import STOP
from kiosk.journeys.schema import load_builtin_journeys
from ui.app import build_window
from ui.audit_walk import _Receipts, plan_journey  # the walk's made-up receipts

ROLES = {
    QAccessible.Role.Heading: "heading", QAccessible.Role.AlertMessage: "alert",
    QAccessible.Role.Grouping: "grouping", QAccessible.Role.Dialog: "dialog",
    QAccessible.Role.Graphic: "graphic",
}


def _settle() -> None:
    for kind in (QEvent.Type.DeferredDelete, QEvent.Type.PolishRequest, QEvent.Type.LayoutRequest):
        QCoreApplication.sendPostedEvents(None, kind)
    QApplication.processEvents()


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "/")


def screen(shell: QWidget, title: str) -> list[str]:
    _settle()
    lines = [f"### {title}", ""]
    window = QAccessible.queryAccessibleInterface(shell)
    lines.append(f"- window name: “{_one_line(window.text(QAccessible.Text.Name))}”")
    focus = QApplication.focusWidget()
    if focus is not None:
        f = QAccessible.queryAccessibleInterface(focus)
        lines.append(f"- focus: {f.role().name} “{_one_line(f.text(QAccessible.Text.Name))}”")
    lines += ["", "| role | name | description | labelled by | state |", "|---|---|---|---|---|"]
    for w in visible_widgets(shell):
        i = QAccessible.queryAccessibleInterface(w)
        if i is None:
            continue
        text_field = isinstance(w, (QLineEdit, QTextEdit, QPlainTextEdit))
        if i.role() not in ROLES and not text_field:
            continue
        role = ROLES.get(i.role(), "text entry")
        by = ", ".join(_one_line(r[0].text(QAccessible.Text.Name))
                       for r in i.relations(QAccessible.RelationFlag.Label))
        state = "in error" if w.property("invalid") else ""
        lines.append(f"| {role} | {_one_line(i.text(QAccessible.Text.Name))[:80]} | "
                     f"{_one_line(i.text(QAccessible.Text.Description))[:80]} | {by} | {state} |")
    return [*lines, ""]


def main(language: str = "en") -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    journeys = load_builtin_journeys().journeys
    journey = next(j for j in journeys if j.id == "report-missed-bin")
    shell = build_window(settings=load_settings(None), journeys=journeys,
                         submit=_Receipts(), strings=load_catalogue())
    shell.resize(1280, 800)
    shell.show()
    shell.activateWindow()
    shell.set_language(language)
    out: list[str] = []
    shell.show_welcome()
    out += screen(shell, "Welcome")
    shell.show_home()
    out += screen(shell, "Home")
    shell.services.chosen.emit(journey.id)
    for step in plan_journey(journey)[0].steps:
        out += screen(shell, f"{journey.id}: {step.page_id}")
        if step.page_type == STOP:
            break
        if step.bad is not None:
            shell.question.continued.emit(step.bad)
            out += screen(shell, f"{journey.id}: {step.page_id}, after a failed Continue")
        shell.question.continued.emit(step.good)
    out += screen(shell, f"{journey.id}: check your answers")
    shell.check.submitted.emit()
    out += screen(shell, f"{journey.id}: confirmation")
    print("\n".join(out))
    shell.close()
    del app


if __name__ == "__main__":
    main(*sys.argv[1:2])

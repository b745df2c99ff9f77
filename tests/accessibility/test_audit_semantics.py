"""The audit's semantic checks, read through Qt's accessibility interface, on the real kiosk
window: each passes on the kiosk as it is and fails when the thing it checks is taken away
(a heading role, the error summary's alert role, a field's error description, a dialog's
role or its hold on Tab, a scroll area made a Tab stop, a labelled-by relation, focus)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from accessibility.audit import Finding, semantic_findings, visible_widgets
from kiosk.config import load_settings
from kiosk.i18n import load_catalogue
from kiosk.journeys.model import DATE
from kiosk.journeys.schema import load_builtin_journeys
from ui.app import build_window
from ui.audit_walk import plan_journey
from ui.idle import IdleWarning
from ui.shell import Shell
from ui.widgets import ALERT, DIALOG, set_accessible_role

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _settle() -> None:
    for kind in (QEvent.Type.DeferredDelete, QEvent.Type.PolishRequest, QEvent.Type.LayoutRequest):
        QCoreApplication.sendPostedEvents(None, kind)
    QApplication.processEvents()


@pytest.fixture
def shell(qapp: QApplication, qtbot) -> Iterator[Shell]:
    journeys = load_builtin_journeys().journeys
    window = build_window(settings=load_settings(None), journeys=journeys,
                          submit=lambda submission: None, strings=load_catalogue())
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    yield window
    window.close()
    window.deleteLater()
    _settle()


def _date_page_after_a_failed_continue(shell: Shell) -> None:
    """A journey's date page with "There is a problem" showing."""
    journey = next(j for j in load_builtin_journeys().journeys if j.id == "apply-blue-badge")
    shell.services.chosen.emit(journey.id)
    for step in plan_journey(journey)[0].steps:  # the walk's answers, to the date of birth
        if step.page_type == DATE:
            shell.question.continued.emit(step.bad)
            break
        shell.question.continued.emit(step.good)
    _settle()


def findings(shell: Shell, page_changed: bool = False) -> list[Finding]:
    _settle()
    return semantic_findings(list(visible_widgets(shell)), screen="test",
                             page_changed=page_changed, try_tab=True)


def kinds(found: list[Finding]) -> set[str]:
    return {f.kind for f in found}


def test_a_question_in_error_passes_and_each_part_taken_away_is_found(shell: Shell) -> None:
    _date_page_after_a_failed_continue(shell)
    assert findings(shell, page_changed=True) == []
    widgets = list(visible_widgets(shell))
    summary = next(w for w in widgets if w.property("role") == "error-summary")
    assert QApplication.focusWidget() is summary  # focus on the summary after the failure
    fields = [w for w in widgets if isinstance(w, QLineEdit) and w.property("invalid")]
    assert fields  # the part in error
    parts = [w for w in widgets if isinstance(w, QLineEdit)]
    assert len(parts) == 3  # day, month and year

    # focus left elsewhere after the page change
    fields[0].setFocus(Qt.FocusReason.OtherFocusReason)
    assert kinds(findings(shell, page_changed=True)) == {"focus_not_on_page"}
    summary.setFocus(Qt.FocusReason.OtherFocusReason)

    # a field in error whose description does not say why
    fields[0].setAccessibleDescription("")
    assert kinds(findings(shell)) == {"error_not_described"}
    fields[0].setAccessibleDescription("Error: Enter your date of birth")

    # a date part's label no longer its buddy: no labelled-by relation
    part_label = next(w for w in widgets if isinstance(w, QLabel) and w.buddy() is parts[1])
    part_label.setBuddy(shell)
    assert kinds(findings(shell)) == {"no_label_relation"}
    part_label.setBuddy(parts[1])

    # the error summary a plain panel, not an alert
    set_accessible_role(summary, "panel")
    _drop_interface(summary)
    assert kinds(findings(shell)) == {"summary_not_alert"}
    set_accessible_role(summary, ALERT)
    _drop_interface(summary)
    assert findings(shell) == []


def _drop_interface(widget: QWidget) -> None:
    """Make Qt build ``widget``'s interface again (it keeps the first it made)."""
    from PySide6.QtGui import QAccessible
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is not None:
        QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(interface))


def test_a_page_without_its_heading_role_is_found(shell: Shell) -> None:
    shell.show_home()
    assert findings(shell) == []
    headings = [w for w in visible_widgets(shell) if w.property("role") in ("h1", "h2", "h3")]
    assert headings
    for h in headings:
        h.setProperty("role", "body")
        _drop_interface(h)
    assert kinds(findings(shell)) == {"no_heading"}


def test_a_scroll_area_made_a_tab_stop_is_found(shell: Shell) -> None:
    shell.show_home()
    assert findings(shell) == []
    page = shell.home.page
    page.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    found = findings(shell)
    assert kinds(found) == {"unnamed_tab_stop"}
    assert found[0].widget.startswith("ScrollPage")


def test_the_idle_warning_is_a_dialog_that_holds_tab_and_is_found_when_not(shell: Shell) -> None:
    shell.show_home()
    warning = IdleWarning(shell.overlay_host(), lambda: shell.language)
    warning.open(30)
    _settle()
    assert warning.isVisible()
    assert findings(shell) == []

    set_accessible_role(warning, "panel")  # no longer a dialog to assistive technology
    _drop_interface(warning)
    assert kinds(findings(shell)) == {"not_modal"}
    set_accessible_role(warning, DIALOG)
    _drop_interface(warning)
    assert findings(shell) == []

    # a modal overlay that lets Tab out (an ordinary frame marked modal): found
    from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout
    leaky = QFrame(shell.overlay_host())
    leaky.setProperty("modal_overlay", True)
    set_accessible_role(leaky, DIALOG)
    inside = QPushButton("Inside", leaky)
    QVBoxLayout(leaky).addWidget(inside)
    warning.close_warning(restore_focus=False)
    leaky.resize(shell.overlay_host().size())
    leaky.show()
    leaky.raise_()
    inside.setFocus(Qt.FocusReason.OtherFocusReason)
    _settle()
    found = findings(shell)
    assert kinds(found) == {"not_modal"}
    assert "Tab reaches the controls behind it" in found[0].detail

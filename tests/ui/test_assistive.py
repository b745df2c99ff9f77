"""The kiosk as a keyboard, keypad or screen-reader user meets it: keys on the focused
control, where focus goes (``QApplication.focusWidget()``), and what Qt's accessibility
interface says each thing is (``QAccessible.queryAccessibleInterface``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from tests.ui.helpers import find_by_name, find_starting, tap, tap_name, type_text
from tests.ui.test_shell import go_to_petition_check
from tests.ui.test_shell_tutorials import learning_shell, open_lessons  # noqa: F401 (fixture)
from ui.shell import CONFIRMATION, HOME, QUESTION, SERVICES, Shell


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed on whatever has the focus, as a keyboard would send it."""
    widget = focused()
    assert widget is not None, "nothing has the focus"
    QTest.keyClick(widget, key, modifier)


def tab_stops(shell: Shell, count: int = 60) -> list[QWidget]:
    """The controls Tab visits from the focus, in order (each once)."""
    seen: list[QWidget] = []
    for _ in range(count):
        press(Qt.Key.Key_Tab)
        w = focused()
        assert w is not None
        if w in seen:
            break
        seen.append(w)
    return seen


def role(widget: QWidget) -> QAccessible.Role:
    return QAccessible.queryAccessibleInterface(widget).role()


def open_service(qtbot, shell: Shell, group: str, service: str) -> None:
    tap_name(qtbot, shell, "Touch to start")
    tap(qtbot, find_starting(shell.home, group))
    tap(qtbot, find_starting(shell.services, service))


# -- keys ------------------------------------------------------------------------------------
def test_enter_and_keypad_enter_activate_the_focused_button(qtbot, shell: Shell) -> None:
    start = find_by_name(shell, "Touch to start")
    start.setFocus()
    press(Qt.Key.Key_Return)
    assert shell.current_screen == HOME
    tile = find_starting(shell.home, "Report a problem")
    tile.setFocus()
    press(Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert shell.current_screen == SERVICES


def test_every_tab_stop_is_a_named_control(qtbot, shell: Shell) -> None:
    open_service(qtbot, shell, "Have your say.", "Sign a petition")
    stops = tab_stops(shell)
    unnamed = [type(w).__name__ for w in stops
               if not QAccessible.queryAccessibleInterface(w).text(QAccessible.Text.Name)]
    assert unnamed == []
    assert len(stops) > 3


def test_a_street_suggestion_comes_before_continue_in_tab_order(qtbot, shell: Shell) -> None:
    open_service(qtbot, shell, "Report a problem.", "Report fly-tipping")
    search = find_by_name(shell.question, "Street or place name", QLineEdit)
    tap(qtbot, search)
    type_text(qtbot, shell.keyboard, "High")
    suggestion = find_by_name(shell.question, "High Street, Example Town Centre, EB1 6FR")
    search.setFocus()
    order = tab_stops(shell)
    names = [w.accessibleName() for w in order]
    assert order[0] is suggestion, names
    assert names.index("Continue") > 0


# -- focus -----------------------------------------------------------------------------------
def heading_of(screen: QWidget) -> QWidget:
    (heading,) = [w for w in screen.findChildren(QLabel)
                  if w.isVisible() and w.property("role") == "h1"]
    return heading


def test_after_continue_and_back_focus_is_on_the_new_pages_heading(qtbot, shell: Shell) -> None:
    open_service(qtbot, shell, "Have your say.", "Sign a petition")
    find_by_name(shell.question, "Continue").setFocus()
    press(Qt.Key.Key_Return)  # choose nothing: the error summary
    summary = focused()
    assert summary is not None and summary.property("role") == "error-summary"
    tap_name(qtbot, shell.question, "Keep Southgate Library open on Saturdays")
    find_by_name(shell.question, "Continue").setFocus()
    press(Qt.Key.Key_Return)
    assert shell.current_screen == QUESTION
    assert focused() is heading_of(shell.question)
    assert focused() is not shell.top_bar.help
    find_by_name(shell.question, "Back").setFocus()
    press(Qt.Key.Key_Space)
    assert focused() is heading_of(shell.question)
    # the heading is where reading starts, not a Tab stop: Tab goes on to a control
    press(Qt.Key.Key_Tab)
    assert focused() is not None and focused().accessibleName()


def test_leaving_a_page_of_tiles_moves_focus_once(qtbot, shell: Shell) -> None:
    tap_name(qtbot, shell, "Touch to start")
    tile = find_starting(shell.home, "Have your say.")
    tile.setFocus()
    arrived: list[QWidget] = []
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.focusChanged.connect(lambda _old, new: new is not None and arrived.append(new))
    press(Qt.Key.Key_Return)
    assert shell.current_screen == SERVICES
    assert arrived == [heading_of(shell.services)]


def test_the_confirmation_page_gives_focus_to_the_reference(qtbot, shell: Shell) -> None:
    go_to_petition_check(qtbot, shell)
    send = shell.check.send_button
    assert send is not None
    send.setFocus()
    # (only the press: the button is disabled once pressed, so nothing takes the release)
    QTest.keyPress(send, Qt.Key.Key_Return)
    assert shell.current_screen == CONFIRMATION
    panel = focused()
    content = shell.confirmation.content
    assert panel is not None and content is not None
    name = QAccessible.queryAccessibleInterface(panel).text(QAccessible.Text.Name)
    assert content.reference_display in name and content.title in name


# -- semantics -------------------------------------------------------------------------------
def text_of(widget: QWidget, kind: QAccessible.Text) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(kind)


def test_headings_summary_groups_and_the_window_say_what_they_are(qtbot, shell: Shell) -> None:
    open_service(qtbot, shell, "Have your say.", "Sign a petition")
    heading = heading_of(shell.question)
    assert role(heading) == QAccessible.Role.Heading
    assert heading.text() in text_of(shell, QAccessible.Text.Name)
    tap_name(qtbot, shell.question, "Continue")  # nothing chosen
    summary = focused()
    assert summary is not None and role(summary) == QAccessible.Role.AlertMessage
    # the choices are a group named by their question, which carries the error
    choice = find_by_name(shell.question, "Keep Southgate Library open on Saturdays")
    group = choice.parentWidget()
    while group is not None and role(group) != QAccessible.Role.Grouping:
        group = group.parentWidget()
    assert group is not None
    assert text_of(group, QAccessible.Text.Name) == shell.question.model.heading  # type: ignore[union-attr]
    assert text_of(group, QAccessible.Text.Description).startswith("Error: ")
    tap(qtbot, choice)
    tap_name(qtbot, shell.question, "Continue")
    # the window's name follows the page: "Question 2 of 6: … – council"
    model = shell.question.model
    assert model is not None and model.progress_text
    window_name = text_of(shell, QAccessible.Text.Name)
    assert window_name.startswith(f"{model.progress_text}: {model.heading}")


def test_a_field_names_optional_and_describes_its_hint_and_error(qtbot, shell: Shell) -> None:
    go_to_petition_check(qtbot, shell)
    tap_name(qtbot, shell.check, "Change your email address" if find_all_starting(
        shell.check, "Change your email") else "Back")
    model = shell.question.model
    while model is not None and not model.is_optional:
        tap_name(qtbot, shell.question, "Back")
        model = shell.question.model
    assert model is not None
    field = shell.question.field()
    assert isinstance(field, QLineEdit)
    name = text_of(field, QAccessible.Text.Name)
    assert "(optional)" in name
    if model.hint:
        assert model.hint in text_of(field, QAccessible.Text.Description)
    tap(qtbot, field)
    type_text(qtbot, shell.keyboard, "not an email")
    tap_name(qtbot, shell.question, "Continue")
    field = shell.question.field()
    assert field is not None
    error = shell.question.model.errors[0].message  # type: ignore[union-attr]
    assert text_of(field, QAccessible.Text.Description).startswith(f"Error: {error}")


def find_all_starting(root: QWidget, prefix: str) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if w.isVisible()
            and w.accessibleName().startswith(prefix)]


def test_a_heading_keeps_its_role_with_assistive_technology_on(qtbot, shell: Shell) -> None:
    """With a screen reader running, Qt makes a control's interface as the control is
    made, before its role is known; the heading must still be one."""
    QAccessible.setActive(True)
    try:
        open_service(qtbot, shell, "Have your say.", "Sign a petition")
        assert role(heading_of(shell.question)) == QAccessible.Role.Heading
    finally:
        QAccessible.setActive(False)


def test_on_a_lesson_the_window_is_named_by_the_lesson_and_step(
        qtbot, learning_shell: Shell) -> None:  # noqa: F811 (the fixture)
    shell = learning_shell
    player = open_lessons(qtbot, shell)
    tap_name(qtbot, shell, "Start learning")
    tap_name(qtbot, shell, "Continue")
    tap(qtbot, find_starting(shell, "Using a touchscreen. "))
    tap_name(qtbot, shell, "Continue")  # to the step "Tap"
    name = text_of(shell, QAccessible.Text.Name)
    assert name.startswith(f"{player.step_counter.text()}: Tap")
    assert "Using a touchscreen" in name

"""Drive the kiosk as a person would: find controls by accessible name, tap, type on the keyboard."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from kiosk.flow import QUESTION
from kiosk.i18n import localise
from ui.keyboard import Key
from ui.widgets import ScrollPage


def visible_names(root: QWidget) -> list[str]:
    return sorted({w.accessibleName() for w in root.findChildren(QWidget)
                   if w.isVisible() and w.accessibleName()})


def find_all(root: QWidget, name: str, kind: type[QWidget] = QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(kind) if w.isVisible() and w.accessibleName() == name]


def find_by_name(root: QWidget, name: str, kind: type[QWidget] = QWidget) -> QWidget:
    """The visible control whose accessible name is ``name`` (fails listing what is there)."""
    found = find_all(root, name, kind)
    if not found:
        raise AssertionError(f"nothing visible is called {name!r}; visible: {visible_names(root)}")
    return found[0]


def find_starting(root: QWidget, prefix: str) -> QWidget:
    """The visible control whose accessible name starts with ``prefix`` (tiles: "Title. hint")."""
    for w in root.findChildren(QWidget):
        if w.isVisible() and w.accessibleName().startswith(prefix):
            return w
    raise AssertionError(f"nothing visible starts {prefix!r}; visible: {visible_names(root)}")


def shown_texts(root: QWidget) -> list[str]:
    """Every piece of text on screen, for "read what is shown" assertions."""
    return [lab.text() for lab in root.findChildren(QLabel) if lab.isVisible() and lab.text()]


def tap(qtbot, widget: QWidget) -> None:
    """Scroll ``widget`` into view if needed, then tap it (press and release)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    if isinstance(parent, ScrollPage):
        parent.ensureWidgetVisible(widget)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
    # What the kiosk does once a finger is lifted (the keys come up for a box) runs as the
    # event loop turns, before any finger could tap again.
    QApplication.processEvents()


def tap_name(qtbot, root: QWidget, name: str, kind: type[QWidget] = QWidget) -> None:
    tap(qtbot, find_by_name(root, name, kind))


def _key(keyboard: QWidget, name: str) -> Key | None:
    keys = [k for k in keyboard.findChildren(Key) if k.isVisible() and k.accessibleName() == name]
    return keys[0] if keys else None


def press_key(qtbot, keyboard: QWidget, name: str) -> None:
    key = _key(keyboard, name)
    if key is None:
        raise AssertionError(f"no key {name!r} showing; showing: {visible_names(keyboard)}")
    tap(qtbot, key)


BASE = {a: base for base, accents in
        {"a": "âäáà", "e": "êëéè", "i": "îïíì", "o": "ôöóò", "u": "ûüúù",
         "w": "ŵẅẃẁ", "y": "ŷÿýỳ"}.items() for a in accents}


def type_text(qtbot, keyboard: QWidget, text: str) -> None:
    """Type ``text`` on the on-screen keyboard, switching layout, shift and accents as a person would."""
    for ch in text:
        if ch == " ":
            press_key(qtbot, keyboard, "Space")
            continue
        if _key(keyboard, ch) is not None:
            tap(qtbot, _key(keyboard, ch))  # type: ignore[arg-type]
            continue
        if _key(keyboard, "Letters ABC") is not None and _key(keyboard, ch.lower()) is None:
            press_key(qtbot, keyboard, "Letters ABC")
            if _key(keyboard, ch) is not None:
                press_key(qtbot, keyboard, ch)
                continue
        base = BASE.get(ch.lower())
        if base is not None:
            if ch.isupper():
                press_key(qtbot, keyboard, "Shift")
            held = _key(keyboard, base.upper() if ch.isupper() else base)
            assert held is not None
            with qtbot.waitSignal(held.long_pressed, timeout=3000):
                qtbot.mousePress(held, Qt.MouseButton.LeftButton, pos=held.rect().center())
            qtbot.mouseRelease(held, Qt.MouseButton.LeftButton, pos=held.rect().center())
            press_key(qtbot, keyboard, ch)
            continue
        if ch.isalpha():
            press_key(qtbot, keyboard, "Shift")
            press_key(qtbot, keyboard, ch)
            continue
        press_key(qtbot, keyboard, "Symbols #+=")
        press_key(qtbot, keyboard, ch)
        press_key(qtbot, keyboard, "Letters ABC")


def clear_field(qtbot, keyboard: QWidget, field: QWidget) -> None:
    """Tap the field, then Delete until it is empty."""
    tap(qtbot, field)
    length = len(field.text()) if isinstance(field, QLineEdit) else len(field.toPlainText())  # type: ignore[attr-defined]
    for _ in range(length):
        press_key(qtbot, keyboard, "Delete")


def text_inputs(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget)
            if isinstance(w, (QLineEdit, QPlainTextEdit)) and w.isVisible()]


# Input the way the touchscreen gives it: to the window's QWindow, which passes it to the
# widget under the finger (or with the focus). The idle watcher, the staff corner and the
# lockdown's keys watch the QWindow (ui.window_input), so only input sent this way is seen
# by them; qtbot.mouseClick(widget) goes straight to the widget.

def _window_point(widget: QWidget, pos: QPoint | None) -> tuple[QWindow, QPoint]:
    top = widget.window()
    handle = top.windowHandle()
    assert handle is not None, "the window is not shown"
    return handle, widget.mapTo(top, pos if pos is not None else widget.rect().center())


def touch_press(widget: QWidget, pos: QPoint | None = None) -> None:
    handle, at = _window_point(widget, pos)
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def touch_release(widget: QWidget, pos: QPoint | None = None) -> None:
    handle, at = _window_point(widget, pos)
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def touch(widget: QWidget, pos: QPoint | None = None) -> None:
    """A tap on ``widget`` (at ``pos``, else its middle) through the window."""
    handle, at = _window_point(widget, pos)
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def finger_tap(qtbot, widget: QWidget, pos: QPoint | None = None) -> None:
    """A tap as a finger makes it: down on the point where ``widget`` is now, a pause while
    the kiosk reacts (events run), then up on the SAME point of the window, delivered to
    whatever is there by then. If the page moved between the two, the tap is lost, as on
    a real screen; ``tap``/``touch`` cannot see that, as they ask where the widget is again."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    if isinstance(parent, ScrollPage):
        parent.ensureWidgetVisible(widget)
    if pos is None:  # the middle of the part a finger can see (a tall box may go under the keys)
        seen = widget.visibleRegion().boundingRect()
        pos = seen.center() if not seen.isEmpty() else widget.rect().center()
    handle, at = _window_point(widget, pos)
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    qtbot.wait(50)
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    qtbot.wait(50)


def type_key(window: QWidget, key: Qt.Key | str,
             modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed on a keyboard plugged into the kiosk: to the window, then the focus."""
    handle = window.window().windowHandle()
    assert handle is not None, "the window is not shown"
    QTest.keyClick(handle, key, modifier)


def open_journey(qtbot, shell, journeys, journey_id: str, group: str) -> None:
    """From the welcome screen to the first question of ``journey_id``, by finger."""
    journey = next(j for j in journeys if j.id == journey_id)
    finger_tap(qtbot, find_by_name(shell, "Touch to start"))
    finger_tap(qtbot, find_starting(shell.home, group + "."))
    finger_tap(qtbot, find_starting(shell.services, localise(journey.title, "en") + "."))
    assert shell.current_screen == QUESTION


def current_page(shell) -> str:
    model = shell.question.model
    assert model is not None
    return model.page_id


def go_to_page(qtbot, shell, page_id: str) -> None:
    """Continue (by finger) until ``page_id``, choosing the first option where asked."""
    for _ in range(10):
        if current_page(shell) == page_id:
            return
        model = shell.question.model
        assert model is not None
        if model.options:
            finger_tap(qtbot, find_by_name(shell.question, model.options[0][1]))
        finger_tap(qtbot, find_by_name(shell.question, "Continue"))
    raise AssertionError(f"never reached {page_id!r}")

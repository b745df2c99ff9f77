"""Watching the window's input from its QWindow (``ui.window_input``), not the application."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ui.window_input import unwatch_window, watch_window

NO_MOD = Qt.KeyboardModifier.NoModifier


class Seen(QObject):
    """Counts the events it is given, by type."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[QEvent.Type] = []
        self.watched: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        self.events.append(event.type())
        self.watched.append(type(watched).__name__)
        return False

    def count(self, kind: QEvent.Type) -> int:
        return self.events.count(kind)


def _window(qtbot) -> tuple[QWidget, QPushButton, QLineEdit]:
    window = QWidget()
    qtbot.addWidget(window)
    box = QVBoxLayout(window)
    button, field = QPushButton("Continue"), QLineEdit()
    box.addWidget(button)
    box.addWidget(field)
    window.resize(400, 300)
    window.show()
    qtbot.waitExposed(window)
    return window, button, field


def test_a_tap_and_a_key_given_to_the_window_are_seen_once(qtbot) -> None:
    window, button, field = _window(qtbot)
    seen = Seen()
    watch_window(window, seen)
    watch_window(window, seen)  # twice: still one filter
    clicked: list[bool] = []
    button.clicked.connect(lambda: clicked.append(True))
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, NO_MOD,
                     button.mapTo(window, button.rect().center()))
    assert clicked == [True]  # the widget under the finger still gets it
    assert seen.count(QEvent.Type.MouseButtonPress) == 1
    assert seen.count(QEvent.Type.MouseButtonRelease) == 1
    assert set(seen.watched) == {"QWindow"}
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    QTest.keyClick(window.windowHandle(), "a")
    assert field.text() == "a"
    assert seen.count(QEvent.Type.KeyPress) == 1


def test_what_widgets_do_among_themselves_is_not_passed_through_python(qtbot) -> None:
    window, button, _field = _window(qtbot)
    seen = Seen()
    watch_window(window, seen)
    before = len(seen.events)
    area = QScrollArea(window)  # children added, polished, laid out; a gesture grabbed
    area.setWidget(QLabelLike())
    area.show()
    button.setText("Send report")
    qtbot.wait(20)
    kinds = set(seen.events[before:])
    assert QEvent.Type.ChildAdded not in kinds
    assert QEvent.Type.Polish not in kinds
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # straight to the widget, not the window
    assert seen.count(QEvent.Type.MouseButtonPress) == 0


def QLabelLike() -> QWidget:  # noqa: N802 - reads like the widget it makes
    inner = QWidget()
    inner.setMinimumSize(200, 900)
    return inner


def test_the_watch_moves_to_a_new_qwindow_when_the_window_is_made_again(qtbot) -> None:
    window, button, _field = _window(qtbot)
    seen = Seen()
    watch_window(window, seen)
    window.winId()
    window.destroy()  # the platform window goes (as when Qt remakes it for new flags)
    window.show()
    qtbot.waitExposed(window)
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, NO_MOD,
                     button.mapTo(window, button.rect().center()))
    assert seen.count(QEvent.Type.MouseButtonPress) == 1


def test_unwatch_stops_and_is_safe_twice(qtbot) -> None:
    window, _button, _field = _window(qtbot)
    seen = Seen()
    unwatch_window(window, seen)  # never watching: nothing happens
    watch_window(window, seen)
    unwatch_window(window, seen)
    unwatch_window(window, seen)
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, NO_MOD, QPoint(5, 5))
    assert seen.events == []


def test_a_window_not_shown_yet_is_watched_once_shown(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    seen = Seen()
    watch_window(window, seen)
    window.resize(200, 200)
    window.show()
    qtbot.waitExposed(window)
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, NO_MOD, QPoint(50, 50))
    assert seen.count(QEvent.Type.MouseButtonPress) == 1

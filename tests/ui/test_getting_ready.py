""""Getting ready" over the welcome screen: taps, touches and keys are taken (and counted),
not acted on or kept for later; once finished, the window answers as usual."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk.config import KioskSettings, Settings
from kiosk.i18n import load_catalogue
from tests.ui.helpers import shown_texts, touch, type_key
from ui.app import build_window
from ui.getting_ready import GettingReady
from ui.shell import HOME, WELCOME

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.mark.parametrize(("language", "words"), [("en", "Getting ready…"), ("cy", "Yn paratoi…")])
def test_getting_ready_takes_every_tap_until_it_finishes(  # type: ignore[no-untyped-def]
        qtbot, language: str, words: str) -> None:
    shell = build_window(settings=Settings(kiosk=KioskSettings(languages=(language, "en"))),
                         journeys=(), submit=lambda s: None, strings=load_catalogue(),
                         can_print=lambda: False)
    qtbot.addWidget(shell)
    ready = GettingReady(shell.overlay_host(), shell.tr_text("getting_ready"))
    shell.show()
    qtbot.waitExposed(shell)
    start = shell.welcome.findChildren(QPushButton)[0]
    assert words in shown_texts(shell) and ready.accessibleName() == words
    assert ready.geometry() == shell.rect()
    touch(start)
    type_key(shell, Qt.Key.Key_Return)
    assert shell.current_screen == WELCOME and ready.refused == 2
    shell.resize(900, 700)
    assert ready.geometry() == shell.rect()  # still covers all of it
    ready.finish()
    ready.finish()  # again: nothing more
    assert words not in shown_texts(shell)
    touch(start)
    assert shell.current_screen == HOME

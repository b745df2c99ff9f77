"""Staff practice on a live kiosk: started and ended from the staff corner (hold, PIN, the
staff panel), the band on every page in every language and text size, spoken once, and a
journey sent in practice goes nowhere: the outbox has no new row."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel

from kiosk.config import Settings
from kiosk.i18n import load_catalogue
from offline.help import HelpRequests
from offline.stats import Stats
from tests.session.conftest import STAFF_PIN, Kiosk, tap, tap_named, visible_named
from tests.session.test_staff_unlock import enter_pin, hold_corner
from tests.ui.helpers import shown_texts
from tests.ui.test_shell import go_to_petition_check
from ui.practice import connect_practice
from ui.shell import CONFIRMATION, WELCOME
from ui.staff.panel import StaffPanel

WORDS = load_catalogue()
BAND = {lang: WORDS.text("practice_band", lang) for lang in ("en", "cy")}


def _panel(k: Kiosk) -> StaffPanel:
    panel = StaffPanel(outbox=k.outbox, help_requests=HelpRequests(k.store),
                       stats=Stats(k.store), sender=None, settings=Settings(),
                       reload_configuration=lambda: None, exit_kiosk=k.machine.exit_kiosk)
    connect_practice(k.shell, panel)
    k.machine.set_staff_panel(panel)
    return panel


def _open_panel(qtbot, k: Kiosk, panel: StaffPanel) -> None:
    hold_corner(qtbot, k)
    enter_pin(qtbot, k, STAFF_PIN)
    assert panel.isVisible()
    tap(qtbot, panel.tabs["kiosk"])


def _rows(k: Kiosk) -> int:
    return sum(k.outbox.status().counts.values())


def _band_shown(k: Kiosk, language: str) -> bool:
    band = k.shell.practice_band
    return (band.isVisible() and band.accessibleName() == BAND[language]
            and band.text.accessibleName() == BAND[language])


def test_practice_from_the_staff_corner_sends_nothing_and_says_so(qtbot, kiosk: Kiosk) -> None:
    k = kiosk
    panel = _panel(k)
    before = _rows(k)
    assert not k.shell.practice_band.isVisible()
    _open_panel(qtbot, k, panel)
    tap_named(qtbot, panel, "Start practice")
    assert not panel.isVisible() and k.shell.current_screen == WELCOME  # the panel closed
    assert _band_shown(k, "en")
    assert k.speaker.said[-1] == (WORDS.text("practice_started", "en"), "en")
    said = len(k.speaker.said)

    go_to_petition_check(qtbot, k.shell)  # every page on the way has the band
    assert _band_shown(k, "en")
    tap_named(qtbot, k.shell.check, "Sign the petition")
    assert k.shell.current_screen == CONFIRMATION and _band_shown(k, "en")
    assert _rows(k) == before  # nothing went to the outbox
    texts = shown_texts(k.shell.confirmation)
    assert any("PRACTICE" in t for t in texts)
    assert any("nothing was sent to the council" in t for t in texts)
    assert not [w for w in k.shell.confirmation.findChildren(QLabel)
                if w.isVisible() and w.accessibleName().startswith("QR code")]
    assert [t for t, _ in k.speaker.said[said:]
            if t == WORDS.text("practice_started", "en")] == []  # said once, at the start

    k.shell.set_language("cy")  # in Welsh, and at 200 %: the band's words are all there
    assert _band_shown(k, "cy")
    k.shell.set_text_size(200)
    band = k.shell.practice_band.text
    qtbot.waitUntil(lambda: band.height() >= band.heightForWidth(band.width()))
    assert band.font().pixelSize() >= 24 * 2 and _band_shown(k, "cy")

    _open_panel(qtbot, k, panel)
    assert visible_named(panel, "End practice") is panel.practice_button
    tap_named(qtbot, panel, "End practice")
    assert not k.shell.practice and not k.shell.practice_band.isVisible()
    assert k.shell.current_screen == WELCOME and k.shell.language == "en"


def test_the_idle_wipe_ends_practice_and_the_next_resident_sends_for_real(qtbot,
                                                                         kiosk: Kiosk) -> None:
    k = kiosk
    panel = _panel(k)
    _open_panel(qtbot, k, panel)
    tap_named(qtbot, panel, "Start practice")
    tap_named(qtbot, k.shell, "Touch to start")
    assert _band_shown(k, "en")
    k.clock.run()  # the trainee walks away
    qtbot.waitUntil(lambda: not k.shell.practice, timeout=5000)
    k.clock.pause()
    assert not k.shell.practice_band.isVisible() and not panel.practice
    assert panel.practice_button.accessibleName() == "Start practice"
    before = _rows(k)
    k.shell.show_welcome()
    go_to_petition_check(qtbot, k.shell)
    tap_named(qtbot, k.shell.check, "Sign the petition")
    assert _rows(k) == before + 1  # a resident's submission is stored as always


def test_the_band_fits_a_small_window_at_200_percent(qtbot, kiosk: Kiosk) -> None:
    k = kiosk
    k.shell.start_practice()
    k.shell.set_text_size(200)
    k.shell.resize(QSize(1024, 768))
    band = k.shell.practice_band.text
    qtbot.waitUntil(lambda: band.height() >= band.heightForWidth(band.width()))
    assert band.width() <= k.shell.width() and k.shell.practice_band.isVisible()

"""Screenshots of the staff panel (overview, needs staff, help, statistics) over a realistic queue.

    QT_QPA_PLATFORM=offscreen python -m ui.staff.screenshots [OUTPUT_DIR]

Writes ``staff-<section>.png`` (default ``docs/screenshots``). The queue, help requests and
statistics are real rows in a throwaway store in a temporary folder; delivery failures are
recorded through the outbox's public actions, as the sender would.
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk import stats as k
from kiosk.config import Destination, KioskSettings, Settings
from offline.help import HelpRequests
from offline.outbox import Draft, Outbox
from offline.stats import Stats
from offline.store import Store, utc_now
from ui import theme
from ui.staff.panel import StaffPanel

SIZE = (1280, 1024)
TITLES = {"report-fly-tipping": "Report fly-tipping", "sign-petition": "Sign a petition",
          "report-missed-bin": "Report a missed bin"}


def populate(store: Store) -> Outbox:
    """A morning's queue: sent, waiting, rejected; two help requests; a week of statistics."""
    outbox = Outbox(store)
    now = utc_now()

    def add(journey: str, destination: str, hours_ago: float, answers: dict[str, object]) -> str:
        draft = Draft(id=Draft.new_id(), journey_id=journey, journey_version="1", answers=answers,
                      kiosk_id="central-library-1", destination=destination)
        outbox.enqueue(draft, now=now - timedelta(hours=hours_ago))
        return draft.id

    for h in (5, 4, 3):
        sid = add("report-fly-tipping", "streets", h, {"description": "Bags by the gate"})
        outbox.claim_next("shots", now=now)
        outbox.record_delivered(sid, remote_id="1001", http_status=201, now=now - timedelta(minutes=12))
    sid = add("sign-petition", "forms", 2, {"full_name": "Sam Example", "postcode": "EB1 6FR"})
    outbox.claim_next("shots", now=now)
    outbox.record_rejected(sid, error_class="http_422", http_status=422, now=now - timedelta(minutes=30))
    sid = add("report-missed-bin", "streets", 1, {"address_string": "1 High Street", "bin": ["green"]})
    outbox.claim_next("shots", now=now)
    outbox.record_retry(sid, error_class="connection_refused", next_attempt=now + timedelta(minutes=5),
                        now=now - timedelta(minutes=4))
    helps = HelpRequests(store)
    helps.record("journey:location")
    helps.record("home")
    stats = Stats(store)
    rng = random.Random(4)
    for back in range(7):
        day = now - timedelta(days=back)
        for _ in range(rng.randint(6, 14)):
            stats.record(k.SESSION_STARTED, now=day)
        for _ in range(rng.randint(3, 8)):
            stats.record(k.JOURNEY_STARTED, "report-fly-tipping", now=day)
            stats.record(k.JOURNEY_COMPLETED, "report-fly-tipping", now=day)
        for page in rng.sample(["location", "waste_type", "description", "email"], 2):
            stats.record(k.JOURNEY_STARTED, "report-fly-tipping", now=day)
            stats.record(k.JOURNEY_ABANDONED, "report-fly-tipping", page, now=day)
            stats.record(k.PAGE_ERROR, "report-fly-tipping", page, page, now=day)
        stats.record(k.LANGUAGE, detail=rng.choice(["en", "cy"]), now=day)
        stats.record(k.TEXT_SIZE, detail="150", now=day)
    return outbox


def settings() -> Settings:
    return Settings(kiosk=KioskSettings(id="central-library-1", oldest_waiting_alert_hours=1.0),
                    destinations=(
                        Destination(name="streets", kind="open311", base_url="https://example.gov.uk/open311/v2"),
                        Destination(name="forms", kind="webhook", url="https://example.gov.uk/kiosk",
                                    secret="x"),
                    ))


def take(out: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyleSheet(theme.stylesheet(100))  # type: ignore[attr-defined]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp))
        outbox = populate(store)
        panel = StaffPanel(outbox=outbox, help_requests=HelpRequests(store), stats=Stats(store),
                           sender=None, settings=settings(), reload_configuration=lambda: None,
                           exit_kiosk=lambda: None, service_name=lambda j: TITLES.get(j, j),
                           version="0.1.0")
        panel.resize(*SIZE)
        panel.show()
        panel.enter()
        for section in ("queue", "items", "help", "stats", "kiosk"):
            panel.show_section(section)
            for _ in range(3):  # new rows show, then the page is measured, then laid out
                app.processEvents()
            path = out / f"staff-{section}.png"
            panel.grab().save(str(path))
            written.append(path)
        panel.show_section("stats")
        app.processEvents()
        page = panel.pages["stats"]
        page.verticalScrollBar().setValue(page.verticalScrollBar().maximum())
        app.processEvents()
        path = out / "staff-stats-lower.png"
        panel.grab().save(str(path))
        written.append(path)
        panel.show_section("items")
        rejected = outbox.items(["rejected"])[0]
        panel._start_edit(rejected)  # noqa: SLF001 - the same as tapping "Correct and resend"
        for _ in range(3):
            app.processEvents()
        path = out / "staff-items-correct.png"
        panel.grab().save(str(path))
        written.append(path)
        panel.close()
        store.close()
    return written


if __name__ == "__main__":  # pragma: no cover - run by hand or by make screenshots
    for p in take(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(p)

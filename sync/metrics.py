"""Fleet operations: Prometheus metrics on localhost, a signed heartbeat, and the stuck-queue alert.

``FleetMetrics`` reads the queue when scraped (its own ``CollectorRegistry``, no globals):
items per state, the oldest waiting age, the last successful delivery, sessions today,
the version, paused destinations, and whether the screen is actually rendering (the UI
calls ``note_rendered`` when it paints). ``check_alert`` raises the stuck-queue alert
once when the oldest waiting item passes ``kiosk.oldest_waiting_alert_hours`` while the
kiosk is online, remembers that in the store, and reminds once a day while it lasts
(a stuck queue must not be forgotten, but must not alert on every check either).
``Heartbeat`` posts a signed JSON summary to a webhook destination. Nothing here holds
personal data: counts, times and short error classes only.

For the fleet's alerting rules and dashboard (``deploy/prometheus``, ``deploy/grafana``)
it also exports: the waiting count and the configured alert age (so a rule compares the
oldest wait with this kiosk's own setting), the kiosk's clock (``kiosk_clock_time_seconds``,
compared with Prometheus's own in the "clock off" rule, as node_exporter's
``node_time_seconds`` is), whether it is open (opening hours) and its screen asleep, and
counters read from the statistics: deliveries, residents' sessions, journeys started and
finished by journey, help requests, and practice sessions apart. ``METRIC_NAMES`` lists
every name a scrape can hold; a test scrapes the real endpoint against it.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from kiosk import stats as k
from kiosk.config import Destination, Settings
from kiosk.queue_words import duration
from offline.errors import StorageError
from offline.outbox import ALL_STATES, Outbox, QueueStatus
from offline.overview import reached_a_server
from offline.store import iso, parse_iso, utc_now
from sync.http import Transport, TransportFailure, UnsafeEndpoint
from sync.pauses import Pauses
from sync.webhook import SIGNATURE_HEADER, sign

if TYPE_CHECKING:  # prometheus_client is imported when metrics are first read or served
    from prometheus_client import CollectorRegistry
    from prometheus_client.core import Metric

log = logging.getLogger(__name__)

ALERT_KEY = "metrics.oldest_waiting_alert"
REMIND_AFTER = timedelta(hours=24)
RENDER_STALE_SECONDS = 60.0
Totals = Callable[[], list[tuple[str, str, bool, int]]]
"""(kind, journey id, practice, count) of the statistics (``offline.stats.Stats.totals``)."""

# Every metric name a scrape can hold (a counter's ``_total`` sample included).
METRIC_NAMES = frozenset({
    "kiosk_build_info", "kiosk_screen_rendering", "kiosk_screen_last_render_timestamp_seconds",
    "kiosk_screen_asleep", "kiosk_open", "kiosk_clock_time_seconds", "kiosk_store_readable",
    "kiosk_queue_items", "kiosk_queue_waiting", "kiosk_queue_damaged_items",
    "kiosk_queue_needs_staff", "kiosk_queue_oldest_waiting_seconds",
    "kiosk_queue_oldest_waiting_threshold_seconds", "kiosk_last_delivery_timestamp_seconds",
    "kiosk_store_healthy", "kiosk_sessions_today", "kiosk_destination_paused", "kiosk_online",
    "kiosk_queue_alert", "kiosk_deliveries_total", "kiosk_sessions_total",
    "kiosk_practice_sessions_total", "kiosk_journeys_started_total",
    "kiosk_journeys_completed_total", "kiosk_help_requests_total",
})


@dataclass(frozen=True)
class QueueAlert:
    """The oldest waiting item is older than the configured age while the kiosk is online."""

    raised_utc: datetime
    oldest_waiting_utc: datetime
    waiting: int
    threshold_hours: float
    reminder: bool = False

    @property
    def message(self) -> str:
        age = duration((self.raised_utc - self.oldest_waiting_utc).total_seconds())
        items = "1 submission is" if self.waiting == 1 else f"{self.waiting} submissions are"
        return (f"{items} waiting to be sent and the oldest has waited {age}, although the kiosk "
                "is online. Open the staff panel to see what is stuck.")


class FleetMetrics:
    """Metrics, heartbeat document and stuck-queue alert for one kiosk.

    ``online()`` says whether the kiosk can reach council systems (``None``: not known
    yet); by default, whether the latest delivery attempt got an answer from a server.
    """

    def __init__(
        self,
        outbox: Outbox,
        settings: Settings,
        *,
        version: str,
        sessions_today: Callable[[], int],
        online: Callable[[], bool | None] | None = None,
        on_alert: Callable[[QueueAlert], None] | None = None,
        clock: Callable[[], datetime] = utc_now,
        render_stale_seconds: float = RENDER_STALE_SECONDS,
        totals: Totals | None = None,
    ) -> None:
        self.outbox = outbox
        self.settings = settings
        self.version = version
        self.sessions_today = sessions_today
        self.online = online or (lambda: reached_a_server(outbox.store))
        self.on_alert = on_alert
        self.clock = clock
        self.render_stale_seconds = render_stale_seconds
        self.totals = totals
        # Set by the touchscreen once it runs: open within the opening hours (None: no
        # hours set, so not exported), and whether the screen was put to sleep.
        self.open_now: Callable[[], bool | None] = lambda: None
        self.screen_asleep: Callable[[], bool] = lambda: False
        self.pauses = Pauses(outbox.store)
        self._registry: CollectorRegistry | None = None
        self._rendered_at: float | None = None
        self._lock = threading.Lock()
        self._server: Any = None
        self._server_thread: threading.Thread | None = None
        self._watch: threading.Thread | None = None
        self._stop = threading.Event()

    # -- the screen's heartbeat -----------------------------------------------------------
    def note_rendered(self, at: float | None = None) -> None:
        """The UI painted a frame (Unix seconds; now by default). Safe from any thread."""
        with self._lock:
            self._rendered_at = time.time() if at is None else at

    @property
    def rendered_at(self) -> float | None:
        with self._lock:
            return self._rendered_at

    def screen_rendering(self, now: float | None = None) -> bool | None:
        """True if a frame was painted recently, False if painting stopped, None before the first."""
        last = self.rendered_at
        if last is None:
            return None
        return ((time.time() if now is None else now) - last) <= self.render_stale_seconds

    # -- the stuck-queue alert --------------------------------------------------------------
    def _alert_state(self) -> dict[str, str] | None:
        raw = self.outbox.store.get_value(ALERT_KEY)
        if not raw:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def alert_active(self) -> bool:
        return self._alert_state() is not None

    def check_alert(self, now: datetime | None = None) -> QueueAlert | None:
        """Raise the stuck-queue alert if it is due; returns it only when it was raised now.

        Due: the oldest waiting item is older than the threshold, the kiosk is online, and
        the alert was not raised yet for this episode (or was raised a day ago: a reminder).
        The episode ends, and the alert re-arms, when nothing waits that long any more."""
        moment = now or self.clock()
        status = self.outbox.status(now=moment)
        hours = self.settings.kiosk.oldest_waiting_alert_hours
        age = status.oldest_waiting_seconds
        state = self._alert_state()
        if age is None or age <= hours * 3600 or status.oldest_waiting_utc is None:
            if state is not None:
                self.outbox.store.set_value(ALERT_KEY, None)
            return None
        if self.online() is not True:
            return None
        if state is not None:
            try:
                raised = parse_iso(state["raised_utc"])
            except (KeyError, ValueError):
                raised = None
            if raised is not None and moment - raised < REMIND_AFTER:
                return None
        alert = QueueAlert(
            raised_utc=moment,
            oldest_waiting_utc=status.oldest_waiting_utc,
            waiting=sum(status.counts[s] for s in ("queued", "sending", "retrying")),
            threshold_hours=hours,
            reminder=state is not None,
        )
        self.outbox.store.set_value(ALERT_KEY, json.dumps(
            {"raised_utc": iso(moment), "oldest_waiting_utc": iso(status.oldest_waiting_utc)}))
        log.warning("queue alert: %s", alert.message)
        if self.on_alert is not None:
            self.on_alert(alert)
        return alert

    # -- what is reported -------------------------------------------------------------------
    def heartbeat_document(self, now: datetime | None = None) -> dict[str, Any]:
        """The heartbeat's JSON document: the same facts as the metrics, no personal data."""
        moment = now or self.clock()
        status = self.outbox.status(now=moment)
        rendered = self.rendered_at
        return {
            "type": "heartbeat",
            "kiosk_id": self.settings.kiosk.id,
            "version": self.version,
            "sent_utc": iso(moment),
            "queue": status.as_dict(),
            "paused_destinations": sorted(self.pauses.active(self.settings)),
            "sessions_today": self.sessions_today(),
            "screen_rendering": self.screen_rendering(),
            "screen_last_render_utc": (
                iso(datetime.fromtimestamp(rendered, moment.tzinfo)) if rendered is not None else None
            ),
            "online": self.online(),
            "alert": self.alert_active(),
        }

    @property
    def registry(self) -> CollectorRegistry:
        """This kiosk's own registry, made when metrics are first read or served (a kiosk
        with ``metrics_port = 0`` and no scrape never loads prometheus_client)."""
        with self._lock:
            if self._registry is None:
                from prometheus_client import CollectorRegistry

                registry = CollectorRegistry(auto_describe=False)
                registry.register(_Collector(self))
                self._registry = registry
            return self._registry

    def exposition(self) -> bytes:
        """The Prometheus text a scrape would get."""
        from prometheus_client.exposition import generate_latest

        return generate_latest(self.registry)

    # -- serving ---------------------------------------------------------------------------
    def serve(self, port: int) -> int:
        """Serve ``/metrics`` on 127.0.0.1:``port`` (0: any free port); returns the port bound."""
        if self._server is not None:
            raise RuntimeError("metrics are already being served")
        from prometheus_client import start_http_server

        server, thread = start_http_server(port, addr="127.0.0.1", registry=self.registry)
        self._server, self._server_thread = server, thread
        return int(server.server_address[1])

    def serve_from_settings(self) -> int | None:
        """Serve on ``kiosk.metrics_port``; None when it is 0 (metrics off)."""
        port = self.settings.kiosk.metrics_port
        return self.serve(port) if port else None

    def watch(self, interval_seconds: float = 60.0, heartbeat: Heartbeat | None = None) -> None:
        """Check the alert (and send the heartbeat) every ``interval_seconds`` on a daemon thread."""
        if self._watch is not None and self._watch.is_alive():
            return
        self._stop.clear()

        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.check_alert()
                    if heartbeat is not None:
                        heartbeat.send(self.heartbeat_document())
                except StorageError as exc:
                    log.warning("fleet check skipped: %s", exc)
                except Exception:
                    log.exception("fleet check failed")
                self._stop.wait(interval_seconds)

        self._watch = threading.Thread(target=loop, name="kiosk-fleet", daemon=True)
        self._watch.start()

    def stop(self) -> None:
        """Stop serving and watching."""
        self._stop.set()
        if self._watch is not None:
            self._watch.join(5)
            self._watch = None
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._server_thread is not None:
                self._server_thread.join(5)
            self._server = self._server_thread = None


class _Collector:
    """Reads the queue at scrape time (a prometheus_client ``Collector``)."""

    def __init__(self, owner: FleetMetrics) -> None:
        self.owner = owner

    def describe(self) -> list[Metric]:
        return []  # as Collector's: the names are only known when collected

    def collect(self) -> Iterator[Metric]:
        from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily

        o = self.owner
        info = InfoMetricFamily("kiosk_build", "The kiosk's software version and id.")
        info.add_metric([], {"version": o.version, "kiosk_id": o.settings.kiosk.id})
        yield info
        yield GaugeMetricFamily("kiosk_clock_time_seconds",
                                "The kiosk's own clock (Unix seconds), to compare with Prometheus's.",
                                value=time.time())
        is_open = o.open_now()
        if is_open is not None:
            yield GaugeMetricFamily("kiosk_open", "1 within the opening hours, 0 outside them.",
                                    value=1 if is_open else 0)
        yield GaugeMetricFamily("kiosk_screen_asleep",
                                "1 while the kiosk has put its screen to sleep (closed).",
                                value=1 if o.screen_asleep() else 0)
        rendering = o.screen_rendering()
        if rendering is not None:
            yield GaugeMetricFamily("kiosk_screen_rendering",
                                    "1 if the screen painted a frame within the last minute.",
                                    value=1 if rendering else 0)
            yield GaugeMetricFamily("kiosk_screen_last_render_timestamp_seconds",
                                    "When the screen last painted (Unix seconds).", value=o.rendered_at)
        try:
            status: QueueStatus = o.outbox.status(now=o.clock())
            yield from _queue_metrics(o, status)
            if o.totals is not None:
                yield from _usage_counters(o.totals())
        except StorageError:
            yield GaugeMetricFamily("kiosk_store_readable", "1 if the kiosk's database could be read.",
                                    value=0)
            return
        yield GaugeMetricFamily("kiosk_store_readable", "1 if the kiosk's database could be read.", value=1)


def _queue_metrics(o: FleetMetrics, status: QueueStatus) -> Iterator[Metric]:
    from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

    items = GaugeMetricFamily("kiosk_queue_items", "Submissions in the queue, by state.", labels=["state"])
    for state in ALL_STATES:
        items.add_metric([state], status.counts.get(state, 0))
    yield items
    yield GaugeMetricFamily("kiosk_queue_waiting",
                            "Submissions waiting to be sent (queued, sending or retrying).",
                            value=status.as_dict()["waiting"])
    yield GaugeMetricFamily("kiosk_queue_oldest_waiting_threshold_seconds",
                            "This kiosk's kiosk.oldest_waiting_alert_hours, in seconds.",
                            value=o.settings.kiosk.oldest_waiting_alert_hours * 3600)
    yield CounterMetricFamily("kiosk_deliveries",
                              "Submissions delivered (the council's system named the record).",
                              value=status.counts.get("delivered", 0))
    yield GaugeMetricFamily("kiosk_queue_damaged_items",
                            "Submissions needing staff because their stored answers cannot be read.",
                            value=status.damaged)
    yield GaugeMetricFamily("kiosk_queue_needs_staff",
                            "Submissions staff must act on: rejected, or unconfirmed and not found "
                            "on the council's system in time.",
                            value=status.as_dict()["needs_staff"])
    yield GaugeMetricFamily("kiosk_queue_oldest_waiting_seconds",
                            "Age of the oldest submission waiting to be sent (0 when none wait).",
                            value=status.oldest_waiting_seconds or 0.0)
    if status.last_delivered_utc is not None:
        yield GaugeMetricFamily("kiosk_last_delivery_timestamp_seconds",
                                "When a submission was last delivered (Unix seconds).",
                                value=status.last_delivered_utc.timestamp())
    yield GaugeMetricFamily("kiosk_store_healthy", "1 if the database passed its integrity check.",
                            value=1 if status.healthy else 0)
    yield GaugeMetricFamily("kiosk_sessions_today", "Resident sessions started today.",
                            value=o.sessions_today())
    paused = GaugeMetricFamily("kiosk_destination_paused",
                               "1 for each destination whose sending is paused (key refused).",
                               labels=["destination"])
    active = o.pauses.active(o.settings)
    for d in o.settings.destinations:
        paused.add_metric([d.name], 1 if d.name in active else 0)
    yield paused
    online = o.online()
    if online is not None:
        yield GaugeMetricFamily("kiosk_online", "1 if the last delivery attempt reached a server.",
                                value=1 if online else 0)
    yield GaugeMetricFamily("kiosk_queue_alert", "1 while the stuck-queue alert is raised.",
                            value=1 if o.alert_active() else 0)


def _usage_counters(totals: list[tuple[str, str, bool, int]]) -> Iterator[Metric]:
    """Residents' sessions, journeys started and finished (by journey) and help requests,
    and practice sessions apart, from the statistics (counts only)."""
    from prometheus_client.core import CounterMetricFamily

    sessions = CounterMetricFamily("kiosk_sessions", "Residents' sessions started.")
    practice = CounterMetricFamily("kiosk_practice_sessions",
                                   "Staff practice sessions started (not residents').")
    started = CounterMetricFamily("kiosk_journeys_started", "Journeys started by residents.",
                                  labels=["journey"])
    completed = CounterMetricFamily("kiosk_journeys_completed",
                                    "Journeys residents finished (sent).", labels=["journey"])
    helps = CounterMetricFamily("kiosk_help_requests", "Times residents asked for staff.")
    counts = {"sessions": 0, "practice": 0, "help": 0}
    by_journey: dict[str, dict[str, int]] = {k.JOURNEY_STARTED: {}, k.JOURNEY_COMPLETED: {}}
    for kind, journey, in_practice, n in totals:
        if kind == k.SESSION_STARTED:
            counts["practice" if in_practice else "sessions"] += n
        elif in_practice:
            continue
        elif kind == k.HELP_REQUEST:
            counts["help"] += n
        elif kind in by_journey:
            by_journey[kind][journey] = by_journey[kind].get(journey, 0) + n
    sessions.add_metric([], counts["sessions"])
    practice.add_metric([], counts["practice"])
    helps.add_metric([], counts["help"])
    for journey, n in sorted(by_journey[k.JOURNEY_STARTED].items()):
        started.add_metric([journey], n)
    for journey, n in sorted(by_journey[k.JOURNEY_COMPLETED].items()):
        completed.add_metric([journey], n)
    yield from (sessions, practice, started, completed, helps)


class Heartbeat:
    """Posts a signed JSON document to a webhook destination (same signature as submissions)."""

    def __init__(self, destination: Destination, transport: Transport | None = None) -> None:
        if destination.kind != "webhook":
            raise ValueError(f"The heartbeat needs a webhook destination, not '{destination.kind}'")
        self.destination = destination
        self.transport = transport or Transport(5.0, 10.0)

    def send(self, document: dict[str, Any], now: float | None = None) -> bool:
        """True when the destination answered 2xx. Failures are logged by class only."""
        body = json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")
        stamp = int(time.time() if now is None else now)
        key = str(uuid.uuid4())  # one per message, so a receiver can drop repeats
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(self.destination.secret, body, stamp, key),
            "X-Kiosk-Message": str(document.get("type", "heartbeat")),
            "Idempotency-Key": key,
        }
        try:
            answer = self.transport.request("POST", self.destination.url, data=body, headers=headers)
        except TransportFailure as exc:
            log.warning("heartbeat not sent: %s", exc.error_class)
            return False
        except UnsafeEndpoint:
            log.warning("heartbeat not sent: the destination's address is not allowed")
            return False
        if not answer.ok:
            log.warning("heartbeat not accepted: HTTP %s", answer.status)
        return answer.ok

    def send_alert(self, alert: QueueAlert, kiosk_id: str) -> bool:
        doc = {"type": "alert", "kiosk_id": kiosk_id, "message": alert.message,
               **{k: (iso(v) if isinstance(v, datetime) else v) for k, v in asdict(alert).items()}}
        return self.send(doc)

    def close(self) -> None:
        self.transport.close()

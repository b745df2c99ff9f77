"""The sender: takes queued submissions one at a time and delivers them, off the GUI thread.

One sender per data folder (an ``flock`` on ``sender.lock`` that dies with the process).
Each attempt claims the oldest eligible item (recorded ``sending`` before any network
call), makes one request, and writes its outcome in one transaction. Backoff is per
item, so one bad item never holds up the rest. ``wake()`` starts a pass at once (a new
submission); otherwise a pass starts when the next item falls due or every
``sync.poll_seconds``. After the items, a pass resolves pending tokens and looks up
``unconfirmed`` items on the council's systems (never posting them again). Every
exchange ends within ``sync.request_deadline_seconds``. No Qt here: the UI wires
``start``/``stop``/``wake``.
"""

from __future__ import annotations

import fcntl
import logging
import os
import random
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.config import Destination, Settings
from offline.catalogue import CatalogueCache
from offline.errors import StorageError
from offline.outbox import ClaimedItem, Outbox, QueueItem
from offline.store import iso, utc_now
from sync.http import Transport, TransportFailure, UnsafeEndpoint
from sync.open311 import Open311Client, Open311FormatError, find_submission, marker_for
from sync.outcome import BAD_REQUEST, DELIVERED, PAUSE, REJECTED, RETRY, UNCONFIRMED, Outcome
from sync.pauses import Pauses
from sync.retry import RetryPolicy
from sync.routing import HintLookup, Router, submission_id_codes_of
from sync.webhook import WebhookClient, webhook_body

log = logging.getLogger(__name__)

LOCK_FILE = "sender.lock"


# Items claimed per transaction: one disk flush for several claims. Each outcome is still
# written in its own transaction, and items not attempted are released untouched.
CLAIM_BATCH = 16
# The look-up window around an unconfirmed report: clocks differ, and GET Service
# Requests may not span more than 90 days (the spec).
SEARCH_MARGIN = timedelta(hours=1)
SEARCH_SPAN = timedelta(days=89)


class SenderBusy(Exception):
    """Another sender holds this data folder's lock."""


class SenderLock:
    """An exclusive OS lock on ``<data_dir>/sender.lock``; the kernel drops it if we die."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCK_FILE
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


@dataclass
class DrainReport:
    """What one pass did. ``failed`` is true if any attempt did not deliver."""

    delivered: int = 0
    retrying: int = 0
    rejected: int = 0
    paused: list[str] = field(default_factory=list)
    tokens_resolved: int = 0
    unconfirmed: int = 0  # answered without naming a record (or no answer after sending)
    found: int = 0  # unconfirmed items found on the council's system: delivered
    not_found: int = 0  # unconfirmed items not found in time: now with staff
    error_classes: dict[str, int] = field(default_factory=dict)

    @property
    def attempted(self) -> int:
        return self.delivered + self.retrying + self.rejected + self.unconfirmed

    @property
    def failed(self) -> bool:
        return bool(self.retrying or self.rejected or self.paused or self.not_found
                    or self.unconfirmed > self.found)

    def add(self, other: DrainReport) -> None:
        self.delivered += other.delivered
        self.retrying += other.retrying
        self.rejected += other.rejected
        self.tokens_resolved += other.tokens_resolved
        self.unconfirmed += other.unconfirmed
        self.found += other.found
        self.not_found += other.not_found
        self.paused.extend(p for p in other.paused if p not in self.paused)
        for k, v in other.error_classes.items():
            self.error_classes[k] = self.error_classes.get(k, 0) + v

    def summary(self) -> str:
        line = (f"Delivered {self.delivered}, will retry {self.retrying}, "
                f"needs staff {self.rejected}")
        if self.unconfirmed:
            line += f", not confirmed by the council's system {self.unconfirmed}"
        if self.found:
            line += f", found on the council's system {self.found}"
        if self.not_found:
            line += f", not found (staff to check) {self.not_found}"
        if self.tokens_resolved:
            line += f", council references received {self.tokens_resolved}"
        if self.paused:
            line += f"; paused: {', '.join(self.paused)}"
        if self.error_classes:
            line += " (" + ", ".join(f"{k} ×{v}" for k, v in sorted(self.error_classes.items())) + ")"
        return line


class Sender:
    """Delivers the outbox to the configured destinations.

    ``drain()`` runs one pass in the calling thread (the caller holds the lock, see
    ``run_once``); ``start()`` runs passes on a daemon thread until ``stop()``.
    """

    def __init__(
        self,
        settings: Settings,
        outbox: Outbox,
        *,
        hints: HintLookup | None = None,
        journeys: Callable[[str], Any] | None = None,
        catalogue: CatalogueCache | None = None,
        rng: random.Random | None = None,
        clock: Callable[[], datetime] = utc_now,
        on_pass: Callable[[DrainReport], None] | None = None,
    ) -> None:
        self.settings = settings
        self.outbox = outbox
        self.journeys = journeys or (lambda _id: None)
        self.router = Router(settings, hints, journeys)
        self.catalogue = catalogue if catalogue is not None else CatalogueCache(outbox.store)
        self.pauses = Pauses(outbox.store)
        self.policy = RetryPolicy(settings.sync.first_retry_seconds, settings.sync.max_retry_seconds,
                                  rng or random.Random())
        self.clock = clock
        self.on_pass = on_pass
        self.owner = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.lock = SenderLock(outbox.store.data_dir)
        self.lease_seconds = 2 * settings.sync.request_deadline_seconds + 30
        self._transport: Transport | None = None
        self._token_due: dict[str, tuple[datetime, int]] = {}
        self._checks: dict[str, int] = {}  # look-ups made for each unconfirmed item
        self._services: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any] | None] | None] = {}
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()

    # -- clients --------------------------------------------------------------------------
    @property
    def transport(self) -> Transport:
        if self._transport is None:
            s = self.settings.sync
            self._transport = Transport(s.connect_timeout_seconds, s.read_timeout_seconds,
                                        deadline=s.request_deadline_seconds, max_bytes=s.max_answer_bytes)
        return self._transport

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    # -- one pass ---------------------------------------------------------------------------
    def drain(self) -> DrainReport:
        """Deliver every item due at the start of this pass, then resolve pending tokens and
        look up unconfirmed items on the council's systems.

        Items due later (including those that fail now) wait for a later pass, so a pass
        always ends. Only call while holding ``self.lock``."""
        report = DrainReport()
        if not self.outbox.store.healthy:
            log.warning("not sending: the store failed its integrity check")
            return report
        self.outbox.assign_destinations(self.router)
        excluded = set(self.pauses.active(self.settings))
        self._services.clear()
        pass_start = self.clock()
        while not self._stop.is_set():
            batch = self.outbox.claim_batch(self.owner, self.lease_seconds * CLAIM_BATCH, now=pass_start,
                                            exclude_destinations=sorted(excluded), limit=CLAIM_BATCH)
            if not batch:
                break
            for claimed in batch:
                if self._stop.is_set() or (claimed.item.destination or "") in excluded:
                    self.outbox.release(claimed, reason="not attempted in this pass")
                    continue
                self._attempt(claimed, report, excluded)
        if not self._stop.is_set():
            self._resolve_tokens(report, excluded)
        if not self._stop.is_set():
            self._reconcile(report, excluded)
        if self.on_pass is not None:
            self.on_pass(report)
        return report

    def _attempt(self, claimed: ClaimedItem, report: DrainReport, excluded: set[str]) -> None:
        item = claimed.item
        destination = self.settings.destination(item.destination or "")
        try:
            if destination is None:
                outcome = Outcome(RETRY, error_class="no_destination")
            else:
                outcome = self._send(claimed, destination)
        except UnsafeEndpoint:
            outcome = Outcome(PAUSE, error_class="unsafe_endpoint")
        except StorageError:
            raise
        except Exception:  # a bug: keep the item safe and the queue moving
            log.exception("delivery attempt failed unexpectedly (item %s)", item.reference)
            outcome = Outcome(RETRY, error_class="internal_error")
        self._record(claimed, destination, outcome, report, excluded)

    def _send(self, claimed: ClaimedItem, destination: Destination) -> Outcome:
        item = claimed.item
        if destination.kind == "webhook":
            body = webhook_body(
                submission_id=item.id, reference=item.reference, journey_id=item.journey_id,
                journey_version=item.journey_version, answers=claimed.answers, language=item.language,
                assisted=item.assisted, kiosk_id=item.kiosk_id, submitted_utc=iso(item.created_utc),
            )
            return WebhookClient(destination, self.transport).deliver(item.id, body)
        code = self.router.service_code(item.journey_id) or str(claimed.answers.get("service_code") or "")
        if not code:
            return Outcome(REJECTED, error_class="no_service_code")
        key = (destination.name, code)
        if key not in self._services:  # one read per service per pass, not per item
            self._services[key] = self.catalogue.service(destination.name, code)
        cached = self._services[key]
        service, definition = cached if cached else ({}, None)
        id_codes = submission_id_codes_of(self.journeys(item.journey_id))
        return Open311Client(destination, self.transport).submit(
            item.id, code, claimed.answers, definition=definition, service_type=service.get("type"),
            id_codes=id_codes, marker=marker_for(item.reference))

    def _record(self, claimed: ClaimedItem, destination: Destination | None, outcome: Outcome,
                report: DrainReport, excluded: set[str]) -> None:
        item = claimed.item
        now = self.clock()
        if outcome.error_class:
            report.error_classes[outcome.error_class] = report.error_classes.get(outcome.error_class, 0) + 1
        kind = outcome.kind
        if kind == BAD_REQUEST:
            kind = REJECTED if item.bad_request_count >= self.settings.sync.bad_request_attempts else RETRY
        if kind == DELIVERED:
            self.outbox.record_delivered(item.id, remote_id=outcome.remote_id, token=outcome.token,
                                         service_notice=outcome.service_notice, http_status=outcome.http_status)
            report.delivered += 1
        elif kind == RETRY:
            delay_from = item.attempts
            if outcome.error_class == "no_destination":
                delay_from = 60  # configuration problem: wait the longest
            self.outbox.record_retry(
                item.id, error_class=outcome.error_class or "unknown", http_status=outcome.http_status,
                next_attempt=self.policy.next_attempt(delay_from, now, outcome.retry_after),
                bad_request=outcome.kind == BAD_REQUEST, server_reason=outcome.server_reason,
            )
            report.retrying += 1
        elif kind == REJECTED:
            self.outbox.record_rejected(item.id, error_class=outcome.error_class or "rejected",
                                        http_status=outcome.http_status, server_reason=outcome.server_reason)
            report.rejected += 1
        elif kind == UNCONFIRMED:
            # never claimed for sending again; looked up at the end of this pass
            self.outbox.record_unconfirmed(item.id, error_class=outcome.error_class or "unknown_outcome",
                                           http_status=outcome.http_status, server_reason=outcome.server_reason,
                                           next_check=now, now=now)
            report.unconfirmed += 1
        elif kind == PAUSE and destination is not None:
            pause = self.pauses.pause(destination, outcome.error_class or "paused")
            log.warning("%s", pause.message)
            self.outbox.release(claimed, reason=pause.reason)
            excluded.add(destination.name)
            if destination.name not in report.paused:
                report.paused.append(destination.name)

    def _resolve_tokens(self, report: DrainReport, excluded: set[str]) -> None:
        """Exchange tokens for service request ids (never POST again for them).

        Each exchange ends within its deadline; a destination whose token answer fails
        is left until the next pass, so one slow server costs at most one deadline."""
        now = self.clock()
        troubled: set[str] = set()
        for item in self.outbox.pending_tokens():
            destination = self.settings.destination(item.destination or "")
            if (destination is None or destination.kind != "open311" or destination.name in excluded
                    or destination.name in troubled):
                continue
            due, tries = self._token_due.get(item.id, (now, 0))
            if due > now or not item.remote_token:
                continue
            try:
                remote_id = Open311Client(destination, self.transport).resolve_token(item.remote_token)
            except (TransportFailure, UnsafeEndpoint):
                troubled.add(destination.name)
                remote_id = None
            except Open311FormatError:
                remote_id = None
            if remote_id:
                self.outbox.record_token_resolved(item.id, remote_id)
                self._token_due.pop(item.id, None)
                report.tokens_resolved += 1
            else:
                self._token_due[item.id] = (self.policy.next_attempt(tries + 1, now), tries + 1)

    def _reconcile(self, report: DrainReport, excluded: set[str]) -> None:
        """Look unconfirmed items up on the council's system: one ``GET requests`` per
        destination and service for a window around them, matching our submission id (in
        a field or attribute) or our marker in ``description``. Found: delivered with that
        id. Not found within ``sync.unconfirmed_hours``: staff choose. Never a POST."""
        now = self.clock()
        groups: dict[tuple[str, str], list[QueueItem]] = {}
        for item in self.outbox.unconfirmed_due(now):
            code = self.router.service_code(item.journey_id) or ""
            groups.setdefault((item.destination or "", code), []).append(item)
        troubled: set[str] = set()
        allowed = timedelta(hours=self.settings.sync.unconfirmed_hours)
        for (name, code), items in groups.items():
            destination = self.settings.destination(name)
            if destination is None or destination.kind != "open311" or name in excluded:
                found: dict[str, str] = {}
            elif name in troubled:
                found = {}
            else:
                start = max(min(i.created_utc for i in items) - SEARCH_MARGIN, now - SEARCH_SPAN)
                try:
                    records = Open311Client(destination, self.transport).search(code, start, now + SEARCH_MARGIN)
                except (TransportFailure, UnsafeEndpoint, Open311FormatError) as exc:
                    log.info("looking up unconfirmed reports on %s failed (%s)", name,
                             getattr(exc, "error_class", type(exc).__name__))
                    troubled.add(name)
                    records = []
                found = {}
                for item in items:
                    match = find_submission(records, item.id, marker_for(item.reference))
                    if match is not None and match.remote_id:
                        found[item.id] = match.remote_id
            for item in items:
                if item.id in found:
                    self.outbox.record_found(item.id, found[item.id])
                    self._checks.pop(item.id, None)
                    report.found += 1
                elif now - (item.unconfirmed_utc or item.updated_utc) >= allowed:
                    self.outbox.record_not_found(item.id)
                    self._checks.pop(item.id, None)
                    report.not_found += 1
                else:
                    tries = self._checks.get(item.id, 0) + 1
                    self._checks[item.id] = tries
                    self.outbox.record_not_found_yet(item.id, self.policy.next_attempt(tries, now))

    # -- whole runs -------------------------------------------------------------------------
    def run_once(self) -> DrainReport:
        """Take the lock, recover interrupted items, drain what is due, release. ``SenderBusy``
        if another sender holds the lock."""
        if not self.lock.acquire():
            raise SenderBusy("Another sender is already running for this data folder.")
        try:
            self.outbox.recover_interrupted()
            return self.drain()
        finally:
            self.lock.release()
            self.close()

    def seconds_until_next(self) -> float:
        """How long to sleep before the next pass (at most ``poll_seconds``)."""
        poll = self.settings.sync.poll_seconds
        try:
            due = self.outbox.next_due(exclude_destinations=sorted(self.pauses.active(self.settings)))
        except StorageError:
            return poll
        if due is None:
            return poll
        return max(0.0, min(poll, (due - self.clock()).total_seconds()))

    def serve(self) -> None:
        """Run passes until ``stop()``; waits for the lock if another sender holds it."""
        try:
            while not self._stop.is_set():
                if not self.lock.held:
                    if not self.lock.acquire():
                        self._stop.wait(self.settings.sync.poll_seconds)
                        continue
                    self.outbox.recover_interrupted()
                self._wake.clear()
                try:
                    self.drain()
                except StorageError as exc:
                    log.warning("sender pass stopped: %s", exc)
                except Exception:
                    log.exception("sender pass failed")
                self._wake.wait(max(0.01, self.seconds_until_next()))
        finally:
            self.lock.release()
            self.close()

    def start(self) -> None:
        """Run ``serve`` on a daemon thread."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self.serve, name="kiosk-sender", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Start a pass now (call after a new submission is committed)."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> bool:
        """Ask the thread to finish its current attempt and end; True if it ended in time."""
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        self._thread = None if not thread.is_alive() else thread
        return not thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()


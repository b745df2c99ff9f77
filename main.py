"""The composition root and command line: builds every part, wires them, and runs a command.

``python main.py`` is the same as ``kiosk run``. Every command exits 0 on success and
non-zero with one clear line on standard error otherwise.

Imports: our pure-Python modules (``kiosk``) at the top. Two heavy libraries are imported
only where they are first needed, so that ``kiosk run`` paints its window before the
database layer loads and the other commands never load Qt:
- Qt (PySide6 and ``ui``): in ``cmd_run`` and ``cmd_audit`` and the run wiring they call
  (``_start_qt`` first lightens PySide6's import hook);
- SQLAlchemy (``offline``, and the parts of ``sync`` that build on the outbox): where the
  store is opened or used (``_open_store``, ``_load_run_parts``, the commands).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accessibility.speech import Speaker
from kiosk import __version__
from kiosk.config import ConfigError, Settings, data_dir, load_settings
from kiosk.i18n import load_catalogue, localise
from kiosk.journeys.answers import (
    AnswersFileError,
    check_answers_file,
    describe_journey,
    example_answers,
    read_answers,
)
from kiosk.journeys.engine import Submission, submission_from_answers, validate_answers
from kiosk.journeys.gazetteer import Gazetteer, load_gazetteer
from kiosk.journeys.model import Journey
from kiosk.journeys.registry import CatalogueService, JourneyRegistry, build_registry
from kiosk.journeys.schema import load_builtin_journeys
from kiosk.journeys.validators import shown
from kiosk.session import IdlePolicy, session_temp_dir
from kiosk.tutorials.loader import LessonError, load_tutorials
from kiosk.tutorials.model import TutorialCatalogue
from offline.errors import StorageError
from sync.routing import route_journey

if TYPE_CHECKING:  # Qt and SQLAlchemy are imported where they are first needed (above)
    from offline.help import HelpRequests
    from offline.learners import LearnerStore
    from offline.outbox import Draft, Outbox, Receipt
    from offline.staff import StaffPin
    from offline.stats import Stats, StatsRecorder
    from offline.store import Store
    from sync.metrics import FleetMetrics, Heartbeat, QueueAlert
    from sync.progress import Progress
    from sync.sender import Sender
    from ui.lockdown import Lockdown
    from ui.shared_machine import SharedMachine
    from ui.shell import Shell
    from ui.staff.panel import StaffPanel

log = logging.getLogger("kiosk")


class CommandError(Exception):
    """A command cannot go on; the message is the one line printed on standard error."""


@dataclass
class Context:
    settings: Settings
    data_dir: Path
    config_path: str | None = None


def _context(args: argparse.Namespace) -> Context:
    try:
        settings = load_settings(getattr(args, "config", None))
    except ConfigError as exc:
        raise CommandError(str(exc)) from None
    return Context(settings=settings, data_dir=data_dir(),
                   config_path=getattr(args, "config", None))


def _open_store(ctx: Context) -> Store:
    from offline.store import Store

    try:
        return Store.open(ctx.data_dir)
    except StorageError as exc:
        raise CommandError(str(exc)) from None


def _open_outbox(ctx: Context) -> Outbox:
    from offline.outbox import Outbox

    return Outbox(_open_store(ctx))


def _registry(store: Store) -> JourneyRegistry:
    """Every journey a resident can take: the built-in ones and the cached Open311 services.

    A journey file that cannot be used is logged (file, place, problem) and left out."""
    from offline.catalogue import CatalogueCache


    loaded = load_builtin_journeys()
    for problem in loaded.problems:
        log.warning("journey left out: %s", problem)
    catalogue = [CatalogueService(d, s, definition) for d, s, definition in CatalogueCache(store).services()]
    registry = build_registry(loaded.journeys, catalogue, loaded.problems)
    return registry


def _draft(ctx: Context, journey: Journey | None, submission: Submission, *,
           assisted: bool) -> Draft:
    """The outbox's ``Draft`` for a resident's ``submission`` of ``journey`` (None: unknown)."""
    from offline.outbox import Draft

    return Draft(
        id=submission.draft_id,
        journey_id=submission.journey_id,
        journey_version=submission.journey_version,
        answers=submission.as_dict(),
        language=submission.language,
        assisted=assisted,
        kiosk_id=ctx.settings.kiosk.id,
        destination=route_journey(ctx.settings, journey) if journey is not None else None,
    )


# -- kiosk run's parts ------------------------------------------------------------------
@dataclass
class RunParts:
    """What ``kiosk run`` loads on a worker thread once the welcome screen is on screen.

    Until they are loaded the window shows "Getting ready" (``ui.getting_ready``) and
    takes no taps; nothing stands in for a part that is not there yet."""

    store: Store
    outbox: Outbox
    registry: JourneyRegistry
    sender: Sender
    gazetteer: Gazetteer | None  # None: residents type a postcode instead
    tutorials: TutorialCatalogue | None  # None: the "Learn" tile says there is nothing yet
    learners: LearnerStore
    stats: Stats
    recorder: StatsRecorder
    help_requests: HelpRequests
    staff_pin: StaffPin
    metrics: FleetMetrics
    heartbeat: Heartbeat | None
    speaker: Speaker  # its listeners are told on the engine's thread (accessibility.qt_speech)
    make_sender: Callable[[Settings], Sender]  # a sender for these parts (a reload)
    check_progress: Callable[[str], Progress]  # a reference looked up (a worker thread)

    def find(self, journey_id: str) -> Journey | None:
        return _find_journey(self.registry, journey_id)

    def close(self) -> None:
        """Stop every thread and server this set of parts started, then close the store."""
        stops: list[Callable[[], object]] = [self.metrics.stop, self.speaker.shutdown,
                                           self.sender.stop]
        if self.heartbeat is not None:
            stops.insert(1, self.heartbeat.close)
        _stop_all(stops)
        self.store.close()


def _find_journey(registry: JourneyRegistry, journey_id: str) -> Journey | None:
    return registry.get(journey_id) if journey_id in registry else None


def _stop_all(stops: Sequence[Callable[[], object]]) -> None:
    for stop in stops:
        try:
            stop()
        except Exception:  # one part failing to stop must not keep the others running
            log.exception("%r did not stop cleanly", stop)


def _load_run_parts(ctx: Context) -> RunParts:
    """Open the store (migrating it), read the journeys and tutorials, start the sender
    and the fleet metrics, and make the speaker (which starts its engine).

    Runs on a worker thread while the welcome screen is showing. A database that cannot
    be used raises ``CommandError`` with its one-line explanation."""
    from offline.catalogue import CatalogueCache
    from offline.help import HelpRequests
    from offline.learners import LearnerStore
    from offline.outbox import Outbox
    from offline.staff import StaffPin
    from offline.stats import Stats, StatsRecorder
    from sync.metrics import FleetMetrics, Heartbeat
    from sync.progress import check_progress
    from sync.sender import Sender

    store = _open_store(ctx)
    started: list[Callable[[], object]] = []  # stopped, newest first, if a later part fails
    try:
        outbox = Outbox(store)
        stats = Stats(store)
        registry = _registry(store)
        catalogue = CatalogueCache(store)

        def make_sender(settings: Settings) -> Sender:
            return Sender(settings, outbox,
                          journeys=lambda journey_id: _find_journey(registry, journey_id),
                          catalogue=catalogue)

        sender = make_sender(ctx.settings)
        gazetteer = _gazetteer(ctx)  # None: residents type a postcode instead
        tutorials: TutorialCatalogue | None = None
        try:
            tutorials = load_tutorials()
        except LessonError as exc:  # the "Learn" tile then says there is nothing here yet
            log.warning("tutorials left out: %s", exc)
        if store.healthy:
            sender.start()
            started.append(sender.stop)
        beat = ctx.settings.kiosk.heartbeat_destination
        destination = ctx.settings.destination(beat) if beat else None
        heartbeat = Heartbeat(destination) if destination is not None else None
        if heartbeat is not None:
            started.append(heartbeat.close)
        metrics = FleetMetrics(outbox, ctx.settings, version=__version__,
                               sessions_today=stats.sessions_today, totals=stats.totals,
                               on_alert=lambda alert: _on_queue_alert(ctx, heartbeat, alert))
        started.append(metrics.stop)
        _serve_metrics(ctx, metrics, heartbeat)
        speaker = _start_speech()
        started.append(speaker.shutdown)
        return RunParts(
            store=store, outbox=outbox, registry=registry, sender=sender, gazetteer=gazetteer,
            tutorials=tutorials, learners=LearnerStore(store), stats=stats,
            recorder=StatsRecorder(stats), help_requests=HelpRequests(store),
            staff_pin=StaffPin(store), metrics=metrics, heartbeat=heartbeat, speaker=speaker,
            make_sender=make_sender,
            check_progress=lambda reference: check_progress(ctx.settings, outbox, reference))
    except BaseException:
        _stop_all(started[::-1])
        store.close()
        raise


def _on_queue_alert(ctx: Context, heartbeat: Heartbeat | None, alert: QueueAlert) -> None:
    log.warning("queue alert: %s", alert.message)
    if heartbeat is not None:
        heartbeat.send_alert(alert, ctx.settings.kiosk.id)


def _serve_metrics(ctx: Context, metrics: FleetMetrics, heartbeat: Heartbeat | None) -> None:
    """Metrics on ``kiosk.metrics_port`` (if set), the stuck-queue alert and the heartbeat."""
    settings = ctx.settings
    try:
        port = metrics.serve_from_settings()
    except OSError as exc:  # the port is taken: the kiosk still serves residents
        log.warning("metrics not served on port %s: %s", settings.kiosk.metrics_port,
                    type(exc).__name__)
    else:
        if port is not None:
            log.info("metrics on http://127.0.0.1:%s/metrics", port)
    metrics.watch(float(settings.kiosk.heartbeat_seconds), heartbeat)


def _start_qt() -> None:
    """Before the first Qt module of ours is imported: PySide6's import hook made light
    (``ui.pyside_hook``; it changes nothing on a PySide6 that no longer needs it)."""
    from ui.pyside_hook import lighten

    lighten()


def _start_speech() -> Speaker:
    """The kiosk's voice, made on the loading thread: it waits for its engine (pyttsx3
    with espeak-ng) to start, so the GUI thread never does. An engine that cannot start
    makes the voice say that it is not available."""
    return Speaker()


# -- commands ---------------------------------------------------------------------------
def cmd_run(args: argparse.Namespace) -> int:
    """Build every part, wire them, and run the touchscreen until staff exit it.

    The window and its welcome screen come first (they need only the settings and the
    interface words), covered by "Getting ready", which takes every tap; the store,
    journeys, sender, statistics, fleet metrics, speaker and tutorials load on a worker
    thread right after the first paint (the speech engine itself starts when something
    is first said). Once they are loaded the shared-machine parts (idle wipe, help,
    staff unlock) are installed and "Getting ready" goes. A database that cannot be used
    leaves the kiosk on "This kiosk is not working. Ask a member of staff.", says why on
    standard error, and the exit status is 1."""
    ctx = _context(args)
    _start_qt()
    from ui.app import run
    from ui.getting_ready import GettingReady
    from ui.shell import HOME
    from ui.startup import Deferred, after_first_paint

    loading: Deferred[RunParts] = Deferred(lambda: _load_run_parts(ctx), name="kiosk-startup")
    status = {"exit": 0}
    assisted = {"on": False}

    def loaded() -> RunParts | None:
        """The parts (waiting for them if they are still loading), or None if they failed.
        The window is "Getting ready" until they are loaded, so nothing waits in practice."""
        try:
            return loading.get()
        except Exception:  # reported once, by on_loaded
            return None

    def submit(submission: Submission) -> Receipt:
        parts = loaded()
        if parts is None:
            raise StorageError("the kiosk's database cannot be used")
        journey = parts.find(submission.journey_id)
        receipt = parts.outbox.enqueue(
            _draft(ctx, journey, submission, assisted=assisted["on"]))
        parts.sender.wake()
        return receipt

    def connected() -> bool:
        parts = loaded()
        return (parts is not None and ctx.settings.destinations != ()
                and not parts.sender.pauses.active(ctx.settings))

    def check(reference: str) -> Progress:
        parts = loaded()
        if parts is None:
            raise CommandError("the kiosk's database cannot be used")
        return parts.check_progress(reference)

    def on_window(shell: Shell) -> None:
        # Before the first paint: the lockdown (a fullscreen kiosk is never without it)
        # and "Getting ready" over the welcome screen.
        lockdown = _lock_down(shell) if not args.windowed else None
        ready = GettingReady(shell.overlay_host(), shell.tr_text("getting_ready"))

        def on_loaded(parts: RunParts | None, error: BaseException | None) -> None:
            ready.finish()
            if error is not None or parts is None:
                if isinstance(error, CommandError):
                    message = str(error)
                else:
                    message = f"the kiosk could not start ({type(error).__name__})"
                    log.error("start-up failed", exc_info=error)
                print(f"kiosk: {message}", file=sys.stderr, flush=True)
                status["exit"] = 1
                _install_shared_machine(ctx, shell, None, windowed=args.windowed,
                                        lockdown=lockdown)
                shell.show_out_of_service()
                return
            shell.set_usage(parts.recorder)
            machine = _install_shared_machine(ctx, shell, parts, windowed=args.windowed,
                                              lockdown=lockdown)
            machine.wiped.connect(lambda _why: assisted.update(on=False))
            _attach_loaded_parts(ctx, shell, machine, parts, assisted)

        def after_paint() -> None:
            loading.when_done(shell, on_loaded)
            shell.prepare(HOME)  # "Touch to start" is answered at once when ready
            loading.start()

        after_first_paint(shell, after_paint)

    def journeys() -> Sequence[Journey]:
        parts = loaded()
        return parts.registry.journeys if parts is not None else ()

    try:
        code = int(run(
            sys.argv[:1],
            settings=ctx.settings,
            journeys=journeys,
            submit=submit,
            strings=load_catalogue(),
            gazetteer=lambda: parts.gazetteer if (parts := loaded()) else None,
            connected=connected,
            windowed=args.windowed,
            on_window=on_window,
            tutorials=lambda: parts.tutorials if (parts := loaded()) else None,
            learners=lambda: parts.learners if (parts := loaded()) else None,
            check_progress=check,
        ))
    finally:
        loading.wait()
        parts = loaded() if loading.done else None
        if parts is not None:
            parts.close()
    return code or status["exit"]


def _lock_down(shell: Shell) -> Lockdown:
    """Fullscreen, frameless, and no key or close that leaves the window (``ui.lockdown``)."""
    from ui.lockdown import Lockdown

    lockdown = Lockdown(shell, fullscreen=True)
    lockdown.lock(keys_everywhere=False)  # the rest right after the first paint
    return lockdown


def _install_shared_machine(ctx: Context, shell: Shell, parts: RunParts | None, *,
                            windowed: bool, lockdown: Lockdown | None = None) -> SharedMachine:
    """Idle warning and wipe, help requests, staff unlock, crash recovery; in fullscreen,
    the lockdown too (``--windowed`` is for trying the kiosk out and can be closed).
    ``parts``: None when they could not be loaded (no help requests, no staff unlock: the
    kiosk stays on its page for staff). ``lockdown``: one already in place (made before
    the first paint)."""
    from ui.shared_machine import install_crash_recovery, install_shared_machine

    k = ctx.settings.kiosk
    machine = install_shared_machine(
        shell,
        policy=IdlePolicy.from_settings(k.idle_timeout_seconds, k.idle_warning_seconds),
        temp_dir=session_temp_dir(ctx.data_dir),
        help_requests=parts.help_requests if parts is not None else None,
        staff_pin=parts.staff_pin if parts is not None else None,
        lockdown=lockdown if lockdown is not None else not windowed,
        fullscreen=not windowed,
    )
    install_crash_recovery(machine)
    return machine


def _attach_loaded_parts(ctx: Context, shell: Shell, machine: SharedMachine, parts: RunParts,
                         assisted: dict[str, bool]) -> None:
    """On the GUI thread once the parts are loaded: the voice, the staff panel, and the
    screen's heartbeat for the fleet metrics."""
    from ui.staff.heartbeat import RenderHeartbeat
    from ui.wipe import keep_for_the_day

    shell.set_speaker(parts.speaker)
    machine.speaker = parts.speaker
    machine.wiper.speaker = parts.speaker

    def service_name(journey_id: str) -> str:
        journey = parts.find(journey_id)
        return localise(journey.title, "en") if journey is not None else journey_id

    def on_assisted(on: bool) -> None:
        assisted["on"] = on
        if on:
            parts.recorder.record_assisted()

    def make_panel() -> StaffPanel:  # the first time staff unlock the kiosk (1.4 MB until then)
        from ui.practice import connect_practice
        from ui.staff.panel import StaffPanel

        panel = StaffPanel(
            outbox=parts.outbox, help_requests=parts.help_requests, stats=parts.stats,
            sender=parts.sender, settings=ctx.settings,
            reload_configuration=lambda: _reload_configuration(ctx, parts, shell, panel),
            exit_kiosk=machine.exit_kiosk, service_name=service_name, version=__version__,
        )
        panel.assisted_changed.connect(on_assisted)
        machine.wiped.connect(lambda _why: panel.set_assisted(False))
        connect_practice(shell, panel)  # "Start practice" / "End practice"
        return panel

    machine.set_staff_panel(make_panel)
    RenderHeartbeat(shell, parts.metrics.note_rendered)
    shell.update()  # the first paint came before the heartbeat: report a fresh one now
    keep_for_the_day()  # last: everything the kiosk keeps all day is loaded


def _reload_configuration(ctx: Context, parts: RunParts, shell: Shell,
                          panel: StaffPanel | None) -> str:
    """Read the configuration file again; a good one replaces the sender's settings (the
    destinations) at once. Returns the line the staff panel shows."""
    try:
        settings = load_settings(ctx.config_path)
    except ConfigError as exc:
        return f"The configuration was not reloaded: {exc}"
    old = parts.sender
    old.stop()
    parts.sender = parts.make_sender(settings)
    if parts.store.healthy:
        parts.sender.start()
    ctx.settings = settings
    if panel is not None:  # made on first unlock, from the parts as they are then
        panel.queue_sender = parts.sender
        panel.settings = settings
    parts.metrics.settings = settings
    count = len(settings.destinations)
    return (f"Configuration reloaded: {count} destination{'s' if count != 1 else ''}. "
            "Changes to languages, text or idle times apply when the kiosk restarts.")


def cmd_queue_status(args: argparse.Namespace) -> int:
    ctx = _context(args)
    status = _open_outbox(ctx).status()
    data = status.as_dict()
    if args.json:
        print(json.dumps(data, indent=2, sort_keys=True))
        return 0
    counts = data["counts"]
    print(f"Waiting to send: {data['waiting']} (queued {counts['queued']}, sending {counts['sending']}, "
          f"retrying {counts['retrying']})")
    print(f"Delivered: {counts['delivered']}")
    if counts["unconfirmed"]:
        print(f"Not confirmed by the council's system: {counts['unconfirmed']} "
              f"(being looked up {data['unconfirmed_checking']}, not found {data['unconfirmed_needs_staff']})")
    damaged = f" ({data['damaged']} damaged: its stored answers cannot be read)" if data["damaged"] else ""
    print(f"Needs staff: {data['needs_staff']}{damaged}")
    print(f"Will not send: {counts['withdrawn']}")
    if data["oldest_waiting_seconds"] is not None:
        print(f"Oldest waiting: {_age(data['oldest_waiting_seconds'])}")
    if data["last_error_class"]:
        print(f"Last error: {data['last_error_class']}")
    if not data["healthy"]:
        print(f"Problem: {data['problem']}")
    return 0


def cmd_queue_retry(args: argparse.Namespace) -> int:
    """``kiosk queue retry --destination NAME``: lift the destination's pause and send again."""
    from offline.errors import StorageError
    from sync.pauses import retry_all, retry_all_message

    ctx = _context(args)
    if ctx.settings.destination(args.destination) is None:
        names = ", ".join(d.name for d in ctx.settings.destinations) or "none"
        raise CommandError(f"There is no destination called '{args.destination}' in {ctx.settings.source} "
                           f"(destinations: {names})")
    store = _open_store(ctx)
    try:
        count, resumed = retry_all(store, args.destination)
    except StorageError as exc:
        raise CommandError(str(exc)) from None
    finally:
        store.close()
    print(retry_all_message(args.destination, count, resumed))
    return 0


def _age(seconds: float) -> str:
    if seconds < 90:
        return f"{int(seconds)} seconds"
    if seconds < 90 * 60:
        return f"{int(seconds // 60)} minutes"
    return f"{seconds / 3600:.1f} hours"


def cmd_queue_add(args: argparse.Namespace) -> int:
    """Check an answers file by the same rules as the screens and queue it (README:
    "The answers file"). Anything wrong is refused with one line per problem and nothing
    is stored."""
    ctx = _context(args)
    languages = ctx.settings.kiosk.languages
    if args.language not in languages:
        raise CommandError(f"--language must be one of the kiosk's languages ({', '.join(languages)}), "
                           f"not '{shown(args.language)}'")
    try:
        data = Path(args.answers).read_bytes()
    except OSError as exc:
        raise CommandError(f"{args.answers}: the answers file cannot be read ({exc.strerror})") from None
    try:
        answers = read_answers(data, args.answers)
    except AnswersFileError as exc:
        raise CommandError(str(exc)) from None
    store = _open_store(ctx)
    try:
        journey = _named_journey(_registry(store), args.journey)
        from offline.outbox import Outbox

        gazetteer = _gazetteer(ctx)
        answers, problems = check_answers_file(journey, answers, gazetteer)
        if not problems:
            problems = [f"{e.question}: {e.message}" for e in
                        validate_answers(journey, answers, args.language, gazetteer=gazetteer)]
        if len(problems) == 1:
            raise CommandError(f"The answers were not queued: {problems[0]}")
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            raise CommandError(f"The answers were not queued: {len(problems)} to correct")
        submission = submission_from_answers(journey, answers, args.language, gazetteer=gazetteer)
        draft = _draft(ctx, journey, submission, assisted=True)
        try:
            receipt = Outbox(store).enqueue(draft)
        except StorageError as exc:
            raise CommandError(str(exc)) from None
    finally:
        store.close()
    from kiosk.references import format_reference

    print(format_reference(receipt.reference))
    return 0


def _gazetteer(ctx: Context) -> Gazetteer | None:
    """The configured gazetteer (the demo one when none is set), or None if it is broken."""
    try:
        return load_gazetteer(ctx.settings.kiosk.gazetteer or None)
    except Exception as exc:  # place answers are then refused, postcodes still work
        log.warning("gazetteer left out: %s", type(exc).__name__)
        return None


def _named_journey(registry: JourneyRegistry, journey_id: str) -> Journey:
    """The journey called ``journey_id``, or ``CommandError`` saying how to list them."""
    if journey_id not in registry:
        raise CommandError(f"There is no journey called '{shown(journey_id)}'. "
                           "To see the journeys: kiosk journeys list")
    return registry.get(journey_id)


def _journeys(ctx: Context) -> JourneyRegistry:
    store = _open_store(ctx)
    try:
        return _registry(store)
    finally:
        store.close()


def cmd_journeys_list(args: argparse.Namespace) -> int:
    """Every journey on offer: its id and its title, one a line."""
    registry = _journeys(_context(args))
    width = max((len(j.id) for j in registry.journeys), default=0)
    for journey in sorted(registry.journeys, key=lambda j: j.id):  # titles may come from servers
        print(f"{shown(journey.id, 200):<{width}}  {shown(localise(journey.title, 'en'), 400)}")
    return 0


def cmd_journeys_show(args: argparse.Namespace) -> int:
    """A journey's questions, or (``--example``) an answers file for it to edit."""
    journey = _named_journey(_journeys(_context(args)), args.id)
    if args.example:
        print(json.dumps(example_answers(journey), indent=2, ensure_ascii=False))
    else:
        print("\n".join(describe_journey(journey)))
    return 0


# -- kiosk audit ------------------------------------------------------------------------
AUDIT_SIZES = (100, 150, 200)
AUDIT_THEMES = {"standard": False, "high-contrast": True}


def _audit_choices(text: str | None, option: str, allowed: Sequence[str]) -> tuple[str, ...]:
    if text is None:
        return ()
    chosen = tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))
    unknown = [c for c in chosen if c not in allowed]
    if unknown or not chosen:
        raise CommandError(f"{option} must be a comma-separated list of {', '.join(allowed)}, "
                           f"not '{text}'")
    return chosen


def cmd_audit(args: argparse.Namespace) -> int:
    """Walk every screen in every language, text size and theme; write the findings.

    What the walk sends goes into a throwaway database (so check progress can look it up);
    the kiosk's own database is only read, for the cached Open311 services. Exit status 0
    when there is nothing to report, 1 when there is (the report says what and where)."""
    ctx = _context(args)
    languages = _audit_choices(args.languages, "--languages", ctx.settings.kiosk.languages)
    sizes = tuple(int(x) for x in _audit_choices(args.sizes, "--sizes",
                                                  [str(n) for n in AUDIT_SIZES])) or AUDIT_SIZES
    themes = tuple(AUDIT_THEMES[t] for t in _audit_choices(args.themes, "--themes",
                                                          list(AUDIT_THEMES)))
    output = Path(args.output)
    if output.exists() and not output.is_dir():
        raise CommandError(f"{output}: exists and is not a folder")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # nothing is shown to anyone
    _start_qt()
    from PySide6.QtWidgets import QApplication

    from accessibility.audit import write_report
    from offline.learners import LearnerStore
    from offline.outbox import Outbox
    from offline.store import Store
    from sync.progress import check_progress
    from ui.audit_walk import walk

    store = _open_store(ctx)
    try:
        registry = _registry(store)
    finally:
        store.close()
    gazetteer = _gazetteer(ctx)  # None: audited without the type-ahead, as kiosk run would run
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # The walk makes one save fail on purpose ("Nothing was saved"); the shell's warning
    # about it is expected here.
    shell_log = logging.getLogger("ui.shell")
    level = shell_log.level
    shell_log.setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="kiosk-audit-") as scratch:
        walked = Store.open(Path(scratch))
        try:
            outbox = Outbox(walked)
            report = walk(
                ctx.settings, registry.journeys, load_catalogue(),
                languages=languages or None, sizes=sizes, themes=themes or (False, True),
                gazetteer=gazetteer, tutorials=load_tutorials(), learners=LearnerStore(walked),
                check_progress=lambda ref: check_progress(ctx.settings, outbox, ref),
                submit=lambda sub: outbox.enqueue(
                    _draft(ctx, registry.get(sub.journey_id), sub, assisted=False)),
            )
        finally:
            walked.close()
            shell_log.setLevel(level)
    del app
    text = write_report(report.findings, output / "accessibility-audit.txt",
                        checked=report.summary_line())
    write_report(report.findings, output / "accessibility-audit.json", checked=report.summary_line())
    print(report.summary_line())
    print(f"Report: {text} (and .json), {report.seconds:.0f} seconds")
    if not report.ok:
        print(f"kiosk: {len(report.findings)} accessibility findings; see {text}", file=sys.stderr)
        return 1
    return 0


# -- the parser -------------------------------------------------------------------------
def build_parser(*, only_run: bool = False) -> argparse.ArgumentParser:
    """Every command's parser; ``only_run``: just ``run``'s (what a kiosk starts with,
    without the other commands' parsers to build first)."""
    parser = argparse.ArgumentParser(prog="kiosk", description="The council kiosk.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def with_config(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--config", metavar="FILE", help="configuration file (else KIOSK_CONFIG, else the demo)")
        return p

    run = with_config(sub.add_parser("run", help="the touchscreen app (fullscreen by default)"))
    run.add_argument("--windowed", action="store_true", help="run in a window, for development")
    run.set_defaults(func=cmd_run)
    if only_run:
        return parser

    queue = sub.add_parser("queue", help="look at or add to the queue of submissions")
    qsub = queue.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    status = with_config(qsub.add_parser("status", help="counts by state, oldest waiting, last error"))
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=cmd_queue_status)
    retry = with_config(qsub.add_parser("retry", help="send again everything for one destination "
                                                      "(and lift its pause)"))
    retry.add_argument("--destination", required=True, metavar="NAME", help="the destination's name")
    retry.set_defaults(func=cmd_queue_retry)
    add = with_config(qsub.add_parser("add", help="enqueue answers taken on a resident's behalf"))
    add.add_argument("--journey", required=True, metavar="ID")
    add.add_argument("--answers", required=True, metavar="FILE",
                     help="a JSON object of answers (kiosk journeys show ID --example)")
    add.add_argument("--language", default="en",
                     help="the resident's language, one of the kiosk's (default en)")
    add.set_defaults(func=cmd_queue_add)

    journeys = sub.add_parser("journeys", help="the journeys on offer and their questions")
    jsub = journeys.add_subparsers(dest="journeys_command", metavar="ACTION", required=True)
    with_config(jsub.add_parser("list", help="every journey's id and title")).set_defaults(
        func=cmd_journeys_list)
    show = with_config(jsub.add_parser("show", help="a journey's questions"))
    show.add_argument("id", metavar="ID")
    show.add_argument("--example", action="store_true",
                      help="print an answers file for kiosk queue add, to edit")
    show.set_defaults(func=cmd_journeys_show)

    audit = with_config(sub.add_parser(
        "audit", help="walk every screen in every language, text size and theme; report "
                      "accessibility findings (exit status 1 if there are any)"))
    audit.add_argument("--output", default="audit", metavar="FOLDER",
                       help="where to write accessibility-audit.txt and .json (default ./audit)")
    audit.add_argument("--languages", metavar="LIST",
                       help="e.g. en,cy (default: the kiosk's languages)")
    audit.add_argument("--sizes", metavar="LIST", help="text sizes, e.g. 100,200 (default all)")
    audit.add_argument("--themes", metavar="LIST",
                       help="standard,high-contrast (default both)")
    audit.set_defaults(func=cmd_audit)

    _register_more_commands(sub, with_config)
    return parser


def _register_more_commands(sub: Any, with_config: Any) -> None:
    """Commands of the other parts: sync, catalogue, staff, audit, stats, translations."""
    for module in ("sync.cli", "offline.cli", "kiosk.translations"):
        try:
            mod = __import__(module, fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        mod.register(sub, with_config, _context)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=os.environ.get("KIOSK_LOG_LEVEL", "WARNING"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        argv = ["run"]
    parser = build_parser(only_run=argv[0] == "run")
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except CommandError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

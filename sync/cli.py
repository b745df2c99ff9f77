"""Commands ``kiosk sync [--once]`` and ``kiosk catalogue refresh``, registered by main.py.

Errors print one line on standard error and return non-zero (this layer does not
import main.py, so it does not raise main's ``CommandError``).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from offline.errors import StorageError
from sync.routing import journey_lookup


def _fail(message: str) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return 1


def _open(context_fn: Callable[[argparse.Namespace], Any], args: argparse.Namespace) -> tuple[Any, Any]:
    """(context, store); raises SystemExit-free errors as (None, message)."""
    from offline.store import Store

    ctx = context_fn(args)
    return ctx, Store.open(ctx.data_dir)


def _pay_round(ctx: Any, store: Any) -> int:
    """Create pay-later payments and follow open ones (issue 21); 0 without a Pay key."""
    pay = ctx.settings.pay
    if not pay.api_key:
        return 0
    from offline.payments import Payments
    from sync.pay import PayClient
    from sync.payments import PayWorker

    timeout = (ctx.settings.sync.connect_timeout_seconds, ctx.settings.sync.read_timeout_seconds)
    worker = PayWorker(Payments(store), PayClient(pay.base_url, pay.api_key, timeout=timeout), pay.return_url)
    try:
        return worker.run_once()
    except StorageError as exc:
        print(f"kiosk: payments: {exc}", file=sys.stderr)
        return 0


def cmd_sync(args: argparse.Namespace, context_fn: Callable[[argparse.Namespace], Any]) -> int:
    from offline.catalogue import CatalogueCache
    from offline.outbox import Outbox
    from sync.sender import Sender, SenderBusy

    try:
        ctx, store = _open(context_fn, args)
    except StorageError as exc:
        return _fail(str(exc))
    try:
        cache = CatalogueCache(store)
        sender = Sender(ctx.settings, Outbox(store), journeys=journey_lookup(ctx.settings, cache), catalogue=cache)
        if not store.healthy:
            return _fail(store.problem)
        if args.once:
            changed = _pay_round(ctx, store)
            if changed:
                print(f"Payments changed: {changed}")
            try:
                report = sender.run_once()
            except SenderBusy as exc:
                return _fail(str(exc))
            except StorageError as exc:
                return _fail(str(exc))
            print(report.summary())
            alerts = sender.pauses.alerts(ctx.settings)
            for line in alerts:
                print(line, file=sys.stderr)
            return 1 if report.failed or alerts else 0  # a paused destination is a failure too
        if not sender.lock.acquire():
            return _fail("Another sender is already running for this data folder.")
        sender.lock.release()
        done = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: done.set())
        sender.start()
        try:
            while not done.wait(ctx.settings.sync.poll_seconds):
                _pay_round(ctx, store)
        except KeyboardInterrupt:
            pass
        sender.stop()
        return 0
    finally:
        store.close()


def cmd_catalogue_refresh(args: argparse.Namespace, context_fn: Callable[[argparse.Namespace], Any]) -> int:
    from offline.catalogue import CatalogueCache
    from sync.catalogue import refresh_catalogues

    try:
        ctx, store = _open(context_fn, args)
    except StorageError as exc:
        return _fail(str(exc))
    try:
        if not any(d.kind == "open311" for d in ctx.settings.destinations):
            return _fail(f"{ctx.settings.source}: there is no Open311 destination to fetch services from")
        try:
            results = refresh_catalogues(ctx.settings, CatalogueCache(store))
        except StorageError as exc:
            return _fail(str(exc))
        for result in results:
            print(result.message, file=sys.stdout if result.ok else sys.stderr)
            for notice in result.notices:  # saved, but staff should know
                print(f"Notice: {notice}", file=sys.stderr)
        return 0 if all(r.ok for r in results) else 1
    finally:
        store.close()


def register(sub: Any, with_config: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
             context_fn: Callable[[argparse.Namespace], Any]) -> None:
    sync = with_config(sub.add_parser("sync", help="deliver what is queued to the council's systems"))
    sync.add_argument("--once", action="store_true", help="deliver what is due now, then exit")
    sync.set_defaults(func=lambda a: cmd_sync(a, context_fn))

    catalogue = sub.add_parser("catalogue", help="the offline cache of Open311 services")
    csub = catalogue.add_subparsers(dest="catalogue_command", metavar="ACTION", required=True)
    refresh = with_config(csub.add_parser("refresh", help="fetch each Open311 destination's services"))
    refresh.set_defaults(func=lambda a: cmd_catalogue_refresh(a, context_fn))

"""Commands of the offline part, registered by main.py: ``kiosk staff set-pin``, ``kiosk stats export``.

Each command is one small function; ``register`` only builds the parser. Errors print one
line on standard error and return non-zero (this layer does not import main.py).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from kiosk.session import new_pin_problem
from offline.errors import StorageError

ContextFn = Callable[[argparse.Namespace], Any]


def _fail(message: str) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return 1


# -- kiosk staff set-pin --------------------------------------------------------------------
def _read_pin() -> str:
    """The new PIN: asked twice without echo at a terminal, else the first line of stdin."""
    if sys.stdin.isatty():
        first = getpass.getpass("New staff PIN (6 to 12 digits): ")
        second = getpass.getpass("The same PIN again: ")
        if first != second:
            raise ValueError("The two PINs are different, so the PIN was not changed")
        return first
    return sys.stdin.readline().strip()


def cmd_staff_set_pin(args: argparse.Namespace, context_fn: ContextFn) -> int:
    from offline.staff import StaffPin
    from offline.store import Store

    ctx = context_fn(args)
    try:
        pin = _read_pin()
    except ValueError as exc:
        return _fail(str(exc))
    except (EOFError, KeyboardInterrupt):
        return _fail("No PIN was entered, so the PIN was not changed")
    problem = new_pin_problem(pin)
    if problem:
        return _fail(f"{problem}. The PIN was not changed")
    try:
        store = Store.open(ctx.data_dir)
    except StorageError as exc:
        return _fail(str(exc))
    try:
        StaffPin(store).set_pin(pin)
    except StorageError as exc:
        return _fail(str(exc))
    finally:
        store.close()
    print("The staff PIN is set. Any lockout of the PIN pad is cleared.")
    return 0


# -- kiosk stats export ---------------------------------------------------------------------
STATS_MAX_DAYS = 3660


def _day(text: str | None, option: str) -> Any:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        raise ValueError(f"{option} must be a date like 2026-03-01, not '{text}'") from None


def cmd_stats_export(args: argparse.Namespace, context_fn: ContextFn) -> int:
    """Daily statistics (counts only, no personal data) as CSV, to a file or standard output."""
    from offline.stats import Stats, local_day
    from offline.store import Store, utc_now

    try:
        last = _day(args.to_day, "--to") if args.to_day else _day(local_day(utc_now()), "--to")
        first = _day(args.from_day, "--from") if args.from_day else last - timedelta(days=29)
    except ValueError as exc:
        return _fail(str(exc))
    if first > last:
        return _fail(f"--from ({first}) is after --to ({last})")
    if (last - first).days >= STATS_MAX_DAYS:
        return _fail(f"Export at most {STATS_MAX_DAYS} days at a time")
    ctx = context_fn(args)
    try:
        store = Store.open(ctx.data_dir)
    except StorageError as exc:
        return _fail(str(exc))
    try:
        text = Stats(store).export_csv(first, last)
    except StorageError as exc:
        return _fail(str(exc))
    finally:
        store.close()
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        except OSError as exc:
            return _fail(f"{args.output}: the file cannot be written ({exc.strerror})")
        print(f"Statistics from {first} to {last} written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _register_stats(sub: Any, with_config: Callable[[Any], Any], context_fn: ContextFn) -> None:
    stats = sub.add_parser("stats", help="usage statistics (counts only, no personal data)")
    ssub = stats.add_subparsers(dest="stats_command", metavar="ACTION", required=True)
    export = with_config(ssub.add_parser("export", help="daily statistics as CSV"))
    export.add_argument("--from", dest="from_day", metavar="YYYY-MM-DD",
                        help="first day (default: 29 days before --to)")
    export.add_argument("--to", dest="to_day", metavar="YYYY-MM-DD", help="last day (default: today)")
    export.add_argument("--output", metavar="FILE", help="write the CSV here (default: standard output)")
    export.set_defaults(func=lambda a: cmd_stats_export(a, context_fn))


# -- kiosk payments (issue 21) ----------------------------------------------------------------
def cmd_payments_waiting(args: argparse.Namespace, context_fn: ContextFn) -> int:
    """What is waiting for payment: reference, amount, how, state (no personal data)."""
    from kiosk.fees import format_money
    from offline.payments import Payments
    from offline.store import Store

    try:
        items = Payments(Store.open(context_fn(args).data_dir)).waiting_for_payment()
    except StorageError as exc:
        return _fail(str(exc))
    if not items:
        print("Nothing is waiting for payment.")
    for p in items:
        print(f"{p.reference}  {format_money(p.amount_pence)}  {p.way}  {p.state.replace('_', ' ')}")
    return 0


def cmd_payments_paid(args: argparse.Namespace, context_fn: ContextFn) -> int:
    """Staff took the money at the counter: record the till receipt number with the booking."""
    from kiosk.fees import format_money
    from kiosk.references import normalise
    from offline.payments import PaymentError, Payments
    from offline.store import Store

    try:
        paid = Payments(Store.open(context_fn(args).data_dir)).record_counter_payment(
            normalise(args.reference), args.till)
    except (StorageError, PaymentError) as exc:
        return _fail(str(exc))
    print(f"{paid.reference}: {format_money(paid.amount_pence)} paid at the counter, till receipt {paid.till_receipt}")
    return 0


def _register_payments(sub: Any, with_config: Callable[[Any], Any], context_fn: ContextFn) -> None:
    payments = sub.add_parser("payments", help="bookings waiting for payment, and payments at the counter")
    psub = payments.add_subparsers(dest="payments_command", metavar="ACTION", required=True)
    with_config(psub.add_parser("waiting", help="what is waiting for payment, with its amount")).set_defaults(
        func=lambda a: cmd_payments_waiting(a, context_fn))
    paid = with_config(psub.add_parser("paid", help="record a payment taken at the counter"))
    paid.add_argument("reference", help="the booking's reference")
    paid.add_argument("--till", required=True, metavar="RECEIPT", help="the till receipt number")
    paid.set_defaults(func=lambda a: cmd_payments_paid(a, context_fn))


# -- registration ---------------------------------------------------------------------------
def _register_staff(sub: Any, with_config: Callable[[Any], Any], context_fn: ContextFn) -> None:
    staff = sub.add_parser("staff", help="staff settings on this kiosk")
    ssub = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    set_pin = with_config(ssub.add_parser("set-pin", help="set the staff PIN (stored hashed)"))
    set_pin.set_defaults(func=lambda a: cmd_staff_set_pin(a, context_fn))


def register(sub: Any, with_config: Callable[[Any], Any], context_fn: ContextFn) -> None:
    """Add this part's commands to main.py's parser (one function per command group)."""
    _register_staff(sub, with_config, context_fn)
    _register_stats(sub, with_config, context_fn)
    _register_payments(sub, with_config, context_fn)

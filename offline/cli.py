"""Commands of the offline part, registered by main.py: ``kiosk staff set-pin``.

Each command is one small function; ``register`` only builds the parser. Errors print one
line on standard error and return non-zero (this layer does not import main.py).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

ContextFn = Callable[[argparse.Namespace], Any]


def _fail(message: str) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return 1


# -- kiosk staff set-pin --------------------------------------------------------------------
def _read_pin() -> str:
    """The new PIN: asked twice without echo at a terminal, else the first line of stdin."""
    if sys.stdin.isatty():
        first = getpass.getpass("New staff PIN (4 to 8 digits): ")
        second = getpass.getpass("The same PIN again: ")
        if first != second:
            raise ValueError("The two PINs are different, so the PIN was not changed")
        return first
    return sys.stdin.readline().strip()


def cmd_staff_set_pin(args: argparse.Namespace, context_fn: ContextFn) -> int:
    from kiosk.session import pin_problem
    from offline.errors import StorageError
    from offline.staff import StaffPin
    from offline.store import Store

    ctx = context_fn(args)
    try:
        pin = _read_pin()
    except ValueError as exc:
        return _fail(str(exc))
    except (EOFError, KeyboardInterrupt):
        return _fail("No PIN was entered, so the PIN was not changed")
    problem = pin_problem(pin)
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


# -- registration ---------------------------------------------------------------------------
def _register_staff(sub: Any, with_config: Callable[[Any], Any], context_fn: ContextFn) -> None:
    staff = sub.add_parser("staff", help="staff settings on this kiosk")
    ssub = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    set_pin = with_config(ssub.add_parser("set-pin", help="set the staff PIN (stored hashed)"))
    set_pin.set_defaults(func=lambda a: cmd_staff_set_pin(a, context_fn))


def register(sub: Any, with_config: Callable[[Any], Any], context_fn: ContextFn) -> None:
    """Add this part's commands to main.py's parser (one function per command group)."""
    _register_staff(sub, with_config, context_fn)

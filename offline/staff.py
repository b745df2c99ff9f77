"""The staff PIN: stored as a salted scrypt hash, with a lockout that survives a restart.

The PIN itself is never stored, logged or returned. The hash, the count of wrong tries and
the end of any lockout live in the store's key-value table, so closing the app does not
reset the count (``LOCKOUT_TRIES`` wrong tries lock the pad for ``LOCKOUT_SECONDS``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.session import LOCKOUT_SECONDS, LOCKOUT_TRIES, pin_problem
from offline.store import Store, iso, parse_iso, utc_now

PIN_HASH_KEY = "staff_pin_hash"
FAILURES_KEY = "staff_pin_failures"
LOCKED_UNTIL_KEY = "staff_pin_locked_until"

# scrypt cost: 16 MiB of memory and tens of milliseconds per try, as the Python docs and
# OWASP suggest for interactive logins (n=2**14, r=8, p=1).
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32


class PinFormatError(ValueError):
    """The PIN is not 4 to 8 digits; the message says what is wrong."""


@dataclass(frozen=True)
class PinCheck:
    """The answer to one try: ``unlocked`` is True only for the right PIN outside a lockout."""

    unlocked: bool
    locked: bool = False
    seconds_locked: float = 0.0  # how long the pad stays locked, when ``locked``
    tries_left: int = LOCKOUT_TRIES
    pin_set: bool = True


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=n, r=r, p=p, dklen=HASH_BYTES, maxmem=64 * 1024 * 1024
    )


class StaffPin:
    """Set and check the staff PIN kept in ``store``; ``clock`` gives the time (UTC)."""

    def __init__(self, store: Store, clock: Callable[[], datetime] = utc_now) -> None:
        self._store = store
        self._clock = clock

    def is_set(self) -> bool:
        return self._store.get_value(PIN_HASH_KEY) is not None

    def set_pin(self, pin: str) -> None:
        """Store a new PIN (hashed with a fresh salt) and clear any lockout."""
        problem = pin_problem(pin)
        if problem:
            raise PinFormatError(problem)
        salt = secrets.token_bytes(SALT_BYTES)
        digest = _hash(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        record = f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"
        self._store.set_value(PIN_HASH_KEY, record)
        self._store.set_value(FAILURES_KEY, None)
        self._store.set_value(LOCKED_UNTIL_KEY, None)

    def status(self) -> PinCheck:
        """Whether the pad is locked now, and how many tries are left (no try is used)."""
        if not self.is_set():
            return PinCheck(unlocked=False, pin_set=False)
        left = self._seconds_locked()
        if left > 0:
            return PinCheck(unlocked=False, locked=True, seconds_locked=left, tries_left=0)
        return PinCheck(unlocked=False, tries_left=LOCKOUT_TRIES - self._failures())

    def check(self, pin: str) -> PinCheck:
        """Try ``pin``. A wrong try counts; the fifth in a row locks the pad for five minutes.
        During a lockout even the right PIN is refused and does not count."""
        record = self._store.get_value(PIN_HASH_KEY)
        if record is None:
            return PinCheck(unlocked=False, pin_set=False)
        left = self._seconds_locked()
        if left > 0:
            return PinCheck(unlocked=False, locked=True, seconds_locked=left, tries_left=0)
        if self._matches(pin, record):
            self._store.set_value(FAILURES_KEY, None)
            self._store.set_value(LOCKED_UNTIL_KEY, None)
            return PinCheck(unlocked=True)
        failures = self._failures() + 1
        if failures >= LOCKOUT_TRIES:
            until = self._clock() + timedelta(seconds=LOCKOUT_SECONDS)
            self._store.set_value(LOCKED_UNTIL_KEY, iso(until))
            self._store.set_value(FAILURES_KEY, None)
            return PinCheck(unlocked=False, locked=True, seconds_locked=float(LOCKOUT_SECONDS),
                            tries_left=0)
        self._store.set_value(FAILURES_KEY, str(failures))
        return PinCheck(unlocked=False, tries_left=LOCKOUT_TRIES - failures)

    # -- inside ---------------------------------------------------------------------------
    def _matches(self, pin: str, record: str) -> bool:
        if pin_problem(pin) is not None:
            return False
        try:
            kind, n, r, p, salt_hex, digest_hex = record.split("$")
            if kind != "scrypt":
                return False
            digest = _hash(pin, bytes.fromhex(salt_hex), int(n), int(r), int(p))
        except ValueError:
            return False
        return hmac.compare_digest(digest, bytes.fromhex(digest_hex))

    def _failures(self) -> int:
        raw = self._store.get_value(FAILURES_KEY)
        return int(raw) if raw and raw.isdigit() else 0

    def _seconds_locked(self) -> float:
        raw = self._store.get_value(LOCKED_UNTIL_KEY)
        if not raw:
            return 0.0
        try:
            until = parse_iso(raw)
        except ValueError:
            return float(LOCKOUT_SECONDS)  # an unreadable lockout stays locked
        left = (until - self._clock()).total_seconds()
        # a clock set far back must not stretch a lockout beyond its length
        return min(max(0.0, left), float(LOCKOUT_SECONDS))

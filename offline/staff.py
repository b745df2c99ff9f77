"""The staff PIN: stored as a salted scrypt hash, with a lockout that survives a restart.

The PIN itself is never stored, logged or returned. The hash, the count of wrong tries, the
number of lockouts in a row and the end of any lockout live in the store's key-value table,
so closing the app resets none of them. ``LOCKOUT_TRIES`` wrong tries lock the pad; the
first lockout lasts ``LOCKOUT_SECONDS`` and each one after it in a row twice as long as the
last (``kiosk.session.lockout_seconds``), until the right PIN is entered or a new one set.

New PINs have ``NEW_PIN_MIN_DIGITS`` digits or more; a shorter PIN set before that rule
still unlocks (``PinCheck.weak`` says it should be changed). A hash made with cheaper
scrypt parameters than today's is made again with today's at the next right PIN.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.session import (
    LOCKOUT_TRIES,
    NEW_PIN_MIN_DIGITS,
    lockout_seconds,
    new_pin_problem,
    pin_problem,
)
from offline.store import Store, iso, parse_iso, utc_now

PIN_HASH_KEY = "staff_pin_hash"
FAILURES_KEY = "staff_pin_failures"
LOCKED_UNTIL_KEY = "staff_pin_locked_until"
LOCKOUTS_KEY = "staff_pin_lockouts"  # lockouts in a row since the last right PIN

SALT_BYTES = 16
HASH_BYTES = 32


@dataclass(frozen=True, order=True)
class ScryptCost:
    """scrypt's work factors: ``n`` (CPU and memory), ``r`` (block size), ``p`` (parallelism).
    Memory is 128·n·r bytes."""

    n: int
    r: int
    p: int

    @property
    def maxmem(self) -> int:
        return 2 * 128 * self.n * self.r * self.p + (1 << 20)

    def covers(self, other: ScryptCost) -> bool:
        """True when this costs at least as much as ``other`` in every factor."""
        return self.n >= other.n and self.r >= other.r and self.p >= other.p


# 32 MiB and about 130-160 ms of one core per check on the kiosk's reference machine (a
# 2-core VM; measured with time.process_time), within the 100-250 ms a PIN pad can wait,
# and 8 times the cost of the 2**14 used before: an offline search of a copied database
# pays as much for every guess.
KIOSK_SCRYPT_COST = ScryptCost(n=2**15, r=8, p=1)
# More than any record the kiosk makes: a record asking for more is damaged.
MOST_SCRYPT_COST = ScryptCost(n=2**20, r=16, p=4)
# The cost of hashes made before December 2026 (still opened, and upgraded when used).
EARLIER_SCRYPT_COST = ScryptCost(n=2**14, r=8, p=1)


class PinFormatError(ValueError):
    """The new PIN is not 6 to 12 digits; the message says what is wrong."""


@dataclass(frozen=True)
class PinCheck:
    """The answer to one try: ``unlocked`` is True only for the right PIN outside a lockout.
    ``weak`` (with ``unlocked``) when the PIN is shorter than new PINs may be."""

    unlocked: bool
    locked: bool = False
    seconds_locked: float = 0.0  # how long the pad stays locked, when ``locked``
    tries_left: int = LOCKOUT_TRIES
    pin_set: bool = True
    weak: bool = False


def _hash(pin: str, salt: bytes, cost: ScryptCost) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=cost.n, r=cost.r, p=cost.p,
                          dklen=HASH_BYTES, maxmem=cost.maxmem)


def _record(pin: str, cost: ScryptCost) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    return f"scrypt${cost.n}${cost.r}${cost.p}${salt.hex()}${_hash(pin, salt, cost).hex()}"


class StaffPin:
    """Set and check the staff PIN kept in ``store``; ``clock`` gives the time (UTC).

    ``scrypt_cost`` is the cost of hashes made from now on; tests pass a cheaper one to stay
    fast (the kiosk always uses ``KIOSK_SCRYPT_COST``)."""

    def __init__(self, store: Store, clock: Callable[[], datetime] = utc_now, *,
                 scrypt_cost: ScryptCost = KIOSK_SCRYPT_COST) -> None:
        self._store = store
        self._clock = clock
        self._cost = scrypt_cost

    def is_set(self) -> bool:
        return self._store.get_value(PIN_HASH_KEY) is not None

    def set_pin(self, pin: str) -> None:
        """Store a new PIN (hashed with a fresh salt) and clear any lockout."""
        problem = new_pin_problem(pin)
        if problem:
            raise PinFormatError(problem)
        self._store.set_value(PIN_HASH_KEY, _record(pin, self._cost))
        self._clear_lockout()

    def status(self) -> PinCheck:
        """Whether the pad is locked now, and how many tries are left (no try is used)."""
        if not self.is_set():
            return PinCheck(unlocked=False, pin_set=False)
        left = self._seconds_locked()
        if left > 0:
            return PinCheck(unlocked=False, locked=True, seconds_locked=left, tries_left=0)
        return PinCheck(unlocked=False, tries_left=LOCKOUT_TRIES - self._failures())

    def check(self, pin: str) -> PinCheck:
        """Try ``pin``. A wrong try counts; the fifth in a row locks the pad, for five
        minutes the first time and twice as long each time after, until the right PIN.
        During a lockout even the right PIN is refused and does not count."""
        record = self._store.get_value(PIN_HASH_KEY)
        if record is None:
            return PinCheck(unlocked=False, pin_set=False)
        left = self._seconds_locked()
        if left > 0:
            return PinCheck(unlocked=False, locked=True, seconds_locked=left, tries_left=0)
        cost = self._matches(pin, record)
        if cost is not None:
            if not cost.covers(self._cost):  # made with cheaper parameters: make it again
                self._store.set_value(PIN_HASH_KEY, _record(pin, self._cost))
            self._clear_lockout()
            return PinCheck(unlocked=True, weak=len(pin) < NEW_PIN_MIN_DIGITS)
        failures = self._failures() + 1
        if failures >= LOCKOUT_TRIES:
            lockouts = self._lockouts() + 1
            length = lockout_seconds(lockouts)
            self._store.set_value(LOCKOUTS_KEY, str(lockouts))
            self._store.set_value(LOCKED_UNTIL_KEY, iso(self._clock() + timedelta(seconds=length)))
            self._store.set_value(FAILURES_KEY, None)
            return PinCheck(unlocked=False, locked=True, seconds_locked=float(length), tries_left=0)
        self._store.set_value(FAILURES_KEY, str(failures))
        return PinCheck(unlocked=False, tries_left=LOCKOUT_TRIES - failures)

    # -- inside ---------------------------------------------------------------------------
    def _matches(self, pin: str, record: str) -> ScryptCost | None:
        """The cost the record was made with when ``pin`` is right, else None."""
        if pin_problem(pin) is not None:
            return None
        try:
            kind, n, r, p, salt_hex, digest_hex = record.split("$")
            if kind != "scrypt":
                return None
            cost = ScryptCost(int(n), int(r), int(p))
            if not MOST_SCRYPT_COST.covers(cost):  # a damaged record must not eat the memory
                return None
            digest = _hash(pin, bytes.fromhex(salt_hex), cost)
            expected = bytes.fromhex(digest_hex)
        except ValueError:
            return None
        return cost if hmac.compare_digest(digest, expected) else None

    def _clear_lockout(self) -> None:
        for key in (FAILURES_KEY, LOCKED_UNTIL_KEY, LOCKOUTS_KEY):
            self._store.set_value(key, None)

    def _count(self, key: str) -> int:
        raw = self._store.get_value(key)
        return int(raw) if raw and raw.isascii() and raw.isdigit() else 0

    def _failures(self) -> int:
        return self._count(FAILURES_KEY)

    def _lockouts(self) -> int:
        return self._count(LOCKOUTS_KEY)

    def _seconds_locked(self) -> float:
        raw = self._store.get_value(LOCKED_UNTIL_KEY)
        if not raw:
            return 0.0
        length = float(lockout_seconds(max(1, self._lockouts())))
        try:
            until = parse_iso(raw)
        except ValueError:
            return length  # an unreadable lockout stays locked
        left = (until - self._clock()).total_seconds()
        # a clock set far back must not stretch a lockout beyond its length
        return min(max(0.0, left), length)

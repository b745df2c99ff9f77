"""The shared machine's session rules: when the idle warning starts, what it says, when it ends.

Pure Python with an injected clock, so every rule is tested without a window. The Qt
side (``ui/idle.py``) only feeds activity in, polls, and shows what comes out.

The warning follows WCAG 2.2.1 and the HMRC timeout pattern (reference/inclusion.md
C1-C5, 2.5): it lasts at least 20 seconds, it can be extended with one tap at least ten
times, the words change each minute and then each second in the last minute, and it is
spoken when it opens and every 20 seconds after.

The staff PIN rules (length, lockout) live here too, for ``offline/staff.py`` and the PIN
pad to share.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.i18n import words_for

Clock = Callable[[], float]
"""Seconds from any fixed origin that never goes backwards (``time.monotonic``)."""

MIN_WARNING_SECONDS = 20  # WCAG 2.2.1: at least 20 seconds to respond
MIN_EXTENSIONS = 10  # WCAG 2.2.1: extendable at least ten times
SPEAK_EVERY_SECONDS = 20  # HMRC: an audible countdown every 20 seconds, not every second

# -- words ----------------------------------------------------------------------------
# Content is data: the words the session rules produce are the ``session`` section of the
# kiosk's PO catalogues (kiosk/locale). Every word a resident meets is in English, Welsh and
# Urdu (tests/kiosk/test_translations.py counts the gaps); a language the kiosk has no words
# for falls back to English. Counts ("2 minutes") follow each language's CLDR plural rule.
# The ``staff_`` words are for the PIN pad: staff use the kiosk in English, so they stay
# English and the translation count leaves them out.
STRINGS = words_for("session")
STAFF_ONLY = frozenset(k for k in (*STRINGS.messages, *STRINGS.plurals) if k.startswith("staff_"))
"""The ids of words only staff read (in English); every other id is for residents."""

# How a sentence ends, where it is not ".".
_FULL_STOP = {"ur": "۔"}


def help_told_text(language: str = "en") -> str | None:
    """'A member of staff has been told' and what to do meanwhile, or None when it is not
    translated into ``language`` (the caller then keeps its own words)."""
    if {"help_told_title", "help_told_body"} & set(STRINGS.untranslated(language)):
        return None
    stop = _FULL_STOP.get(language, ".")
    return (f"{STRINGS.text('help_told_title', language)}{stop} "
            f"{STRINGS.text('help_told_body', language)}")


def time_words(seconds: int, language: str = "en") -> str:
    """The countdown as shown: whole minutes (rounded up) above a minute, then seconds."""
    seconds = max(0, int(seconds))
    if seconds > 60:
        minutes = math.ceil(seconds / 60)
        return _minutes(minutes, language)
    if seconds == 60:
        return _minutes(1, language)
    return STRINGS.plural("seconds", seconds, language)


def spoken_time_words(seconds: int, language: str = "en") -> str:
    """The time left as spoken every 20 seconds: exact minutes and seconds."""
    seconds = max(0, int(seconds))
    minutes, rest = divmod(seconds, 60)
    if minutes == 0:
        return time_words(rest, language)
    if rest == 0:
        return _minutes(minutes, language)
    rest_words = STRINGS.plural("seconds", rest, language)
    return STRINGS.text(
        "minutes_and_seconds", language, minutes=_minutes(minutes, language), seconds=rest_words
    )


def _minutes(minutes: int, language: str) -> str:
    return STRINGS.plural("minutes", minutes, language)


def warning_text(seconds_left: int, language: str = "en") -> str:
    """The sentence on the warning, for example 'For your security, we will delete your answers
    in 2 minutes.'"""
    return STRINGS.text("idle_warning", language, time=time_words(seconds_left, language))


def spoken_warning(seconds_left: int, language: str = "en", *, first: bool = False) -> str:
    """What the speaker says: the whole warning when it opens, then the time left."""
    sentence = STRINGS.text(
        "idle_warning", language, time=spoken_time_words(seconds_left, language)
    )
    hint = STRINGS.text("idle_spoken_hint", language)
    if first:
        return f"{sentence} {STRINGS.text('idle_safe', language)} {hint}"
    return f"{sentence} {hint}"


# -- the idle timer -----------------------------------------------------------------------
class Phase(StrEnum):
    ACTIVE = "active"  # someone is using the kiosk
    WARNING = "warning"  # the warning is showing and counting down
    EXPIRED = "expired"  # time ran out: the kiosk must wipe and restart


@dataclass(frozen=True)
class IdlePolicy:
    """How long the kiosk waits, how long the warning counts down, how often it speaks."""

    idle_seconds: float
    warning_seconds: float = 120
    speak_every_seconds: float = SPEAK_EVERY_SECONDS
    max_extensions: int | None = None  # None: as many as the resident needs

    def __post_init__(self) -> None:
        if self.idle_seconds <= 0:
            raise ValueError("idle_seconds must be more than 0")
        if self.warning_seconds <= 0 or self.speak_every_seconds <= 0:
            raise ValueError("warning_seconds and speak_every_seconds must be more than 0")
        if self.max_extensions is not None and self.max_extensions < MIN_EXTENSIONS:
            raise ValueError(f"max_extensions must be at least {MIN_EXTENSIONS} (WCAG 2.2.1)")

    @classmethod
    def from_settings(cls, idle_timeout_seconds: float, idle_warning_seconds: float) -> IdlePolicy:
        """The policy from the ``[kiosk]`` settings (the config already enforces the minimums)."""
        return cls(idle_seconds=idle_timeout_seconds, warning_seconds=idle_warning_seconds)


@dataclass(frozen=True)
class WarningShown:
    """The warning opens now, with this many seconds left."""

    seconds_left: int


@dataclass(frozen=True)
class CountdownChanged:
    """The shown countdown has new words (each minute, then each second)."""

    seconds_left: int


@dataclass(frozen=True)
class Announce:
    """Say the time left out loud now (on opening and every ``speak_every_seconds``)."""

    seconds_left: int
    first: bool = False


@dataclass(frozen=True)
class WarningDismissed:
    """The resident asked for more time; the warning closes."""

    extensions_used: int


@dataclass(frozen=True)
class Expired:
    """Time ran out (or the resident chose to delete now): wipe and go to welcome."""


Event = WarningShown | CountdownChanged | Announce | WarningDismissed | Expired


class IdleTimer:
    """The idle countdown of one resident's session, driven by an injected clock.

    Feed ``activity()`` on every touch or key, call ``poll()`` often (the Qt side asks
    ``seconds_to_next_event()`` how long it may wait) and act on the events returned.
    While the warning shows, ordinary activity does not close it: only ``extend()`` does,
    so an accidental brush of the screen is not mistaken for an answer.
    """

    def __init__(self, policy: IdlePolicy, clock: Clock) -> None:
        self.policy = policy
        self._clock = clock
        self.restart()

    # -- state ------------------------------------------------------------------------
    def restart(self) -> None:
        """A new session: active, no extensions used, the idle time starting now."""
        self.phase = Phase.ACTIVE
        self.extensions_used = 0
        self._last_activity = self._clock()
        self._warning_started = 0.0
        self._shown_key: tuple[str, int] | None = None
        self._announced_step = -1

    @property
    def can_extend(self) -> bool:
        limit = self.policy.max_extensions
        return self.phase is Phase.WARNING and (limit is None or self.extensions_used < limit)

    def seconds_left(self) -> int:
        """Whole seconds (rounded up) before the answers are deleted; 0 once expired."""
        now = self._clock()
        if self.phase is Phase.EXPIRED:
            return 0
        if self.phase is Phase.ACTIVE:
            end = self._last_activity + self.policy.idle_seconds + self.policy.warning_seconds
        else:
            end = self._warning_started + self.policy.warning_seconds
        return max(0, math.ceil(end - now - 1e-9))

    # -- inputs -----------------------------------------------------------------------
    def activity(self) -> list[Event]:
        """A touch, click or key. Restarts the idle time while no warning shows."""
        if self.phase is Phase.ACTIVE:
            self._last_activity = self._clock()
        return []

    def extend(self) -> list[Event]:
        """'I need more time': close the warning and start the idle time again."""
        if not self.can_extend:
            return []
        self.extensions_used += 1
        self.phase = Phase.ACTIVE
        self._last_activity = self._clock()
        return [WarningDismissed(self.extensions_used)]

    def give_up(self) -> list[Event]:
        """'Delete your answers now': end the session at once."""
        if self.phase is Phase.EXPIRED:
            return []
        self.phase = Phase.EXPIRED
        return [Expired()]

    def poll(self) -> list[Event]:
        """What has happened by now, in order."""
        now = self._clock()
        events: list[Event] = []
        if self.phase is Phase.ACTIVE:
            if now - self._last_activity < self.policy.idle_seconds:
                return events
            self.phase = Phase.WARNING
            self._warning_started = self._last_activity + self.policy.idle_seconds
            self._shown_key = None
            self._announced_step = -1
            left = self.seconds_left()
            if left > 0:
                events.append(WarningShown(left))
                self._shown_key = _display_key(left)
                self._announced_step = 0
                events.append(Announce(left, first=True))
        if self.phase is Phase.WARNING:
            left = self.seconds_left()
            if left <= 0:
                self.phase = Phase.EXPIRED
                events.append(Expired())
                return events
            key = _display_key(left)
            if key != self._shown_key:
                self._shown_key = key
                events.append(CountdownChanged(left))
            step = int((now - self._warning_started) // self.policy.speak_every_seconds)
            if step > self._announced_step:
                self._announced_step = step
                events.append(Announce(left))
        return events

    def seconds_to_next_event(self) -> float:
        """How long the caller may wait before ``poll()`` has something new (at most 1 s
        while the warning shows, so the seconds never skip)."""
        now = self._clock()
        if self.phase is Phase.ACTIVE:
            return max(0.0, self._last_activity + self.policy.idle_seconds - now)
        if self.phase is Phase.WARNING:
            elapsed = now - self._warning_started
            to_next_second = 1.0 - (elapsed % 1.0)
            return max(0.0, min(1.0, to_next_second))
        return 0.0


def _display_key(seconds_left: int) -> tuple[str, int]:
    """What the shown words depend on: whole minutes above a minute, else seconds."""
    if seconds_left >= 60:
        return ("minutes", math.ceil(seconds_left / 60) if seconds_left > 60 else 1)
    return ("seconds", seconds_left)


# -- staff unlock ---------------------------------------------------------------------------
PIN_MIN_DIGITS = 4  # the shortest PIN the pad takes: PINs set before 6 digits were asked for
NEW_PIN_MIN_DIGITS = 6  # the shortest PIN that can be set now (4 digits fall to a search of a copy)
PIN_MAX_DIGITS = 12
LOCKOUT_TRIES = 5
LOCKOUT_SECONDS = 5 * 60  # the first lockout; each one after it in a row lasts twice as long
LOCKOUT_MAX_SECONDS = 24 * 60 * 60
STAFF_HOLD_SECONDS = 3.0  # press and hold the top-left corner this long for the PIN pad


def lockout_seconds(lockouts: int) -> int:
    """How long the ``lockouts``-th lockout in a row lasts (1 → 5 minutes, 2 → 10, 3 → 20 …,
    at most a day)."""
    doublings: int = max(0, min(lockouts, 32) - 1)
    return min(LOCKOUT_SECONDS << doublings, LOCKOUT_MAX_SECONDS)


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be entered as a staff PIN at all, or None when it can (an older
    PIN of 4 or 5 digits still unlocks)."""
    if not (pin.isascii() and pin.isdigit()):
        return new_pin_problem(pin)
    if not PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS:
        return f"A PIN has {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits; this one has {len(pin)}"
    return None


def new_pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be set as the new staff PIN, in GOV.UK's words, or None."""
    if not pin:
        return f"Enter a PIN of {NEW_PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits"
    if not (pin.isascii() and pin.isdigit()):
        return "The PIN must only include the digits 0 to 9"
    if len(pin) < NEW_PIN_MIN_DIGITS:
        return f"The PIN must be {NEW_PIN_MIN_DIGITS} digits or more"
    if len(pin) > PIN_MAX_DIGITS:
        return f"The PIN must be {PIN_MAX_DIGITS} digits or fewer"
    return None


def lockout_words(seconds_left: float, language: str = "en") -> str:
    """'Too many wrong tries. The pad is locked for 4 minutes.' (minutes rounded up)."""
    minutes = max(1, math.ceil(seconds_left / 60))
    return STRINGS.text("staff_pin_locked", language, time=_minutes(minutes, language))


def wrong_pin_words(tries_left: int, language: str = "en") -> str:
    return STRINGS.plural("staff_pin_wrong", tries_left, language)


# -- temporary files ----------------------------------------------------------------------
SESSION_TEMP_FOLDER = "session-tmp"


def session_temp_dir(data_dir: Path) -> Path:
    """Where a session may write temporary files (receipt PDFs); emptied by every wipe."""
    return Path(data_dir) / SESSION_TEMP_FOLDER

"""The idle rules of kiosk/session.py, driven by a fake clock: no window, no waiting."""

from __future__ import annotations

import pytest

from kiosk.session import (
    Announce,
    CountdownChanged,
    Expired,
    IdlePolicy,
    IdleTimer,
    Phase,
    WarningDismissed,
    WarningShown,
    new_pin_problem,
    pin_problem,
    spoken_time_words,
    time_words,
    warning_text,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def run(timer: IdleTimer, clock: FakeClock, seconds: int) -> list[tuple[int, object]]:
    """Poll once a second for ``seconds`` seconds; the events with the second they came."""
    seen: list[tuple[int, object]] = []
    for second in range(1, seconds + 1):
        clock.advance(1)
        seen.extend((second, e) for e in timer.poll())
    return seen


def test_nothing_happens_before_the_idle_time(clock: FakeClock) -> None:
    timer = IdleTimer(IdlePolicy(idle_seconds=120), clock)
    assert run(timer, clock, 119) == []
    assert timer.phase is Phase.ACTIVE
    assert timer.seconds_to_next_event() == pytest.approx(1.0)


def test_activity_restarts_the_idle_time(clock: FakeClock) -> None:
    timer = IdleTimer(IdlePolicy(idle_seconds=120), clock)
    run(timer, clock, 100)
    timer.activity()
    assert run(timer, clock, 119) == []
    events = run(timer, clock, 1)
    assert events[0] == (1, WarningShown(120))


def test_the_warning_schedule_minutes_then_seconds_spoken_every_20s(clock: FakeClock) -> None:
    timer = IdleTimer(IdlePolicy(idle_seconds=60, warning_seconds=120), clock)
    run(timer, clock, 59)
    events = run(timer, clock, 1 + 120)
    shown = [e for _, e in events if isinstance(e, WarningShown)]
    changed = [e.seconds_left for _, e in events if isinstance(e, CountdownChanged)]
    spoken = [(e.seconds_left, e.first) for _, e in events if isinstance(e, Announce)]
    assert shown == [WarningShown(120)]
    # the words change once for the last minute, then every second
    assert changed == [60, *range(59, 0, -1)]
    assert spoken == [(120, True), (100, False), (80, False), (60, False), (40, False),
                      (20, False)]
    assert isinstance(events[-1][1], Expired)
    assert events[-1][0] == 121  # 120 s after the warning opened
    assert timer.phase is Phase.EXPIRED
    assert timer.poll() == []


def test_ten_extensions_and_more_each_give_the_full_time_again(clock: FakeClock) -> None:
    timer = IdleTimer(IdlePolicy(idle_seconds=30, warning_seconds=20), clock)
    for n in range(1, 13):
        events = run(timer, clock, 30)
        assert WarningShown(20) in [e for _, e in events]
        clock.advance(19)  # the resident answers with one second to spare
        assert not any(isinstance(e, Expired) for e in timer.poll())
        assert timer.extend() == [WarningDismissed(n)]
        assert timer.phase is Phase.ACTIVE
    assert timer.extensions_used == 12


def test_a_limit_on_extensions_is_at_least_ten(clock: FakeClock) -> None:
    with pytest.raises(ValueError, match="at least 10"):
        IdlePolicy(idle_seconds=30, max_extensions=9)
    timer = IdleTimer(IdlePolicy(idle_seconds=30, warning_seconds=20, max_extensions=10), clock)
    for _ in range(10):
        run(timer, clock, 30)
        assert timer.extend()
    run(timer, clock, 30)
    assert timer.phase is Phase.WARNING
    assert not timer.can_extend
    assert timer.extend() == []


def test_activity_during_the_warning_does_not_close_it(clock: FakeClock) -> None:
    timer = IdleTimer(IdlePolicy(idle_seconds=30, warning_seconds=20), clock)
    run(timer, clock, 30)
    timer.activity()
    assert timer.phase is Phase.WARNING
    events = run(timer, clock, 20)
    assert isinstance(events[-1][1], Expired)


def test_extend_does_nothing_without_a_warning(clock: FakeClock) -> None:
    timer = IdleTimer(IdlePolicy(idle_seconds=30), clock)
    assert timer.extend() == []
    assert timer.extensions_used == 0


def test_give_up_ends_at_once_and_restart_begins_a_new_session(clock: FakeClock) -> None:
    timer = IdleTimer(IdlePolicy(idle_seconds=30, warning_seconds=20), clock)
    run(timer, clock, 30)
    timer.extend()
    run(timer, clock, 30)
    assert timer.give_up() == [Expired()]
    assert timer.give_up() == []
    timer.restart()
    assert (timer.phase, timer.extensions_used) == (Phase.ACTIVE, 0)
    assert timer.seconds_left() == 50


def test_a_long_sleep_expires_without_showing_a_warning(clock: FakeClock) -> None:
    """If the machine slept through the whole warning there is nothing left to show."""
    timer = IdleTimer(IdlePolicy(idle_seconds=30, warning_seconds=20), clock)
    clock.advance(500)
    assert timer.poll() == [Expired()]


def test_seconds_to_next_event_never_skips_a_second_during_the_warning(clock: FakeClock) -> None:
    timer = IdleTimer(IdlePolicy(idle_seconds=30, warning_seconds=20), clock)
    clock.advance(30.25)
    timer.poll()
    assert timer.seconds_to_next_event() == pytest.approx(0.75)


@pytest.mark.parametrize(
    ("seconds", "shown", "spoken"),
    [
        (120, "2 minutes", "2 minutes"),
        (100, "2 minutes", "1 minute and 40 seconds"),
        (61, "2 minutes", "1 minute and 1 second"),
        (60, "1 minute", "1 minute"),
        (59, "59 seconds", "59 seconds"),
        (1, "1 second", "1 second"),
        (300, "5 minutes", "5 minutes"),
    ],
)
def test_time_words(seconds: int, shown: str, spoken: str) -> None:
    assert time_words(seconds) == shown
    assert spoken_time_words(seconds) == spoken


def test_warning_words_follow_the_hmrc_pattern_in_english_and_welsh() -> None:
    assert warning_text(120) == "For your security, we will delete your answers in 2 minutes."
    assert warning_text(120, "cy") == "Er eich diogelwch, byddwn yn dileu eich atebion mewn 2 funud."
    assert warning_text(30, "de").endswith("in 30 seconds.")  # no German: English


def test_the_countdown_follows_polish_plural_rules() -> None:
    # CLDR: one, few (2-4, 22-24 ...), many (5-21, 25 ...); "za" takes the accusative.
    assert warning_text(60, "pl") == (
        "Ze względów bezpieczeństwa usuniemy Twoje odpowiedzi za 1 minutę.")
    assert [time_words(s, "pl") for s in (120, 300, 1, 3, 12, 22, 25)] == [
        "2 minuty", "5 minut", "1 sekundę", "3 sekundy", "12 sekund", "22 sekundy", "25 sekund"]


@pytest.mark.parametrize(
    ("pin", "ok"),
    [("1234", True), ("123456789012", True), ("123", False), ("1234567890123", False),
     ("12a4", False), ("", False), ("١٢٣٤", False)],
)
def test_pin_rules(pin: str, ok: bool) -> None:
    # what the pad takes: a PIN set before six digits were asked for still unlocks
    assert (pin_problem(pin) is None) is ok


@pytest.mark.parametrize(
    ("pin", "problem"),
    [("123456", None), ("123456789012", None),
     ("", "Enter a PIN of 6 to 12 digits"),
     ("1234", "The PIN must be 6 digits or more"),
     ("12345", "The PIN must be 6 digits or more"),
     ("1234567890123", "The PIN must be 12 digits or fewer"),
     ("12345a", "The PIN must only include the digits 0 to 9"),
     (" 123456", "The PIN must only include the digits 0 to 9"),
     ("١٢٣٤٥٦", "The PIN must only include the digits 0 to 9")],
)
def test_new_pin_rules(pin: str, problem: str | None) -> None:
    assert new_pin_problem(pin) == problem

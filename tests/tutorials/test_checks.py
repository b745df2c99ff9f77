"""The practice checks: what counts as a tap, hold, drag, swipe, typed match, strong password."""

from __future__ import annotations

from datetime import date

from kiosk.tutorials import checks
from kiosk.tutorials.loader import load_tutorials
from kiosk.tutorials.progress import (
    Progress,
    completed_lessons,
    format_day,
    new_learner_code,
    read_learner_code,
    show_learner_code,
)


def test_tap_inside_and_outside_the_circle() -> None:
    assert checks.check_tap(100, 100, 100, 100, 90).ok
    assert checks.check_tap(150, 100, 100, 100, 90).ok  # within the finger's slop
    assert checks.check_tap(200, 100, 100, 100, 90) == checks.Verdict(False, "tap.missed")


def test_hold_needs_the_time_and_a_still_finger() -> None:
    assert checks.check_hold(1.0, 1.0).ok
    assert checks.check_hold(0.4, 1.0).message == "hold.too_short"
    assert checks.check_hold(2.0, 1.0, moved_px=80).message == "hold.moved"


def test_drag_must_end_inside_the_target() -> None:
    assert checks.check_drag(50, 50, (0, 0, 100, 100)).ok
    assert checks.check_drag(150, 50, (0, 0, 100, 100)).message == "drag.missed"


def test_swipe_direction_and_distance() -> None:
    assert checks.check_swipe(-200, 10, "left").ok
    assert checks.check_swipe(200, 10, "left").message == "swipe.wrong_way_left"
    assert checks.check_swipe(-30, 0, "left").message == "swipe.too_short"
    assert checks.swipe_direction(0, -150) == "up"


def test_typing_feedback_says_what_to_look_at() -> None:
    assert checks.check_typed("Cardiff", "Cardiff").ok
    assert checks.check_typed("cardiff", "Cardiff").message == "type.capitals"
    assert checks.check_typed("Card", "Cardiff") == checks.Verdict(False, "type.missing", {"count": "3"})
    assert checks.check_typed("Cardifff", "Cardiff").message == "type.extra"
    assert checks.check_typed("Cardiff ", "Cardiff").message == "type.spaces"
    assert checks.check_typed("Carxiff", "Cardiff").values == {"position": "4"}
    assert checks.check_typed("", "Cardiff").message == "type.empty"


def test_password_advice_follows_three_random_words() -> None:
    assert checks.password_problems("kettle moon garden") == []
    assert checks.password_problems("KettleMoonGarden") == []
    assert "password.common" in checks.password_problems("password1")
    assert "password.short" in checks.password_problems("cat dog")
    assert "password.few_words" in checks.password_problems("elephantine99x")
    assert "password.year" in checks.password_problems("kettle moon garden 1962")


def test_every_check_message_has_words() -> None:
    strings = load_tutorials().strings
    for key in ("tap.hit", "tap.missed", "hold.done", "hold.too_short", "hold.moved", "drag.done",
                "drag.missed", "scroll.found", "scroll.wrong", "swipe.done", "swipe.too_short",
                "type.done", "type.capitals", "type.missing", "type.extra", "type.spaces",
                "type.different", "type.empty", "password.done", "password.common",
                "password.short", "password.few_words", "password.year", "password.empty",
                "form.practice_banner", "form.send", "form.sent", "form.check_declaration",
                "quiz.right", "quiz.wrong"):
        assert strings[key]["en"] and strings[key]["cy"], key
    for direction in ("left", "right", "up", "down"):
        assert f"swipe.wrong_way_{direction}" in strings


def test_learner_codes_are_short_and_checked() -> None:
    code = new_learner_code()
    assert len(code) == 7
    assert read_learner_code(show_learner_code(code).lower()) == (code, "")
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
    assert read_learner_code(wrong) == (None, "player.code_bad")
    assert read_learner_code("") == (None, "player.code_empty")
    assert read_learner_code("ABC") == (None, "player.code_length")
    assert read_learner_code("ABC-DE0-1") == (None, "player.code_characters")


def test_progress_round_trips_and_holds_nothing_else() -> None:
    p = Progress("ABCDEFG").at_step("keyboard", 2).with_practised("keyboard", "word")
    p = p.finished("touchscreen", date(2026, 3, 4))
    again = Progress.from_json("ABCDEFG", p.to_json())
    assert again == p
    assert set(__import__("json").loads(p.to_json())) == {"v", "completed", "position", "practised"}
    assert format_day("2026-03-04", "cy") == "4 Mawrth 2026"
    rows = completed_lessons(load_tutorials(), p, "en")
    assert rows == [("Using a touchscreen", "Foundation skills", "4 March 2026")]

"""Whether a practice attempt worked, and the kind words that say so.

Each check takes what the learner actually did (where the finger went, how long it
stayed, what was typed) and returns a ``Verdict``: ``ok`` and the id of a message in
the ``lesson`` section of kiosk/locale (plus values to fill in). The Qt widgets only measure; the
deciding happens here, so it is tested without a window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiosk.tutorials.model import FormField

SWIPE_MIN_DISTANCE = 80  # px the finger must travel for a swipe to count
TAP_SLOP = 24  # px a finger may wander during a tap or a hold and still count


@dataclass(frozen=True)
class Verdict:
    ok: bool
    message: str
    values: dict[str, str] = field(default_factory=dict)


def check_tap(x: float, y: float, centre_x: float, centre_y: float, diameter: float) -> Verdict:
    """A tap counts when it lands inside the circle (with a little slop for a finger)."""
    radius = diameter / 2 + TAP_SLOP / 2
    inside = (x - centre_x) ** 2 + (y - centre_y) ** 2 <= radius**2
    return Verdict(True, "tap.hit") if inside else Verdict(False, "tap.missed")


def check_hold(held_seconds: float, needed_seconds: float, moved_px: float = 0.0) -> Verdict:
    if moved_px > TAP_SLOP:
        return Verdict(False, "hold.moved")
    if held_seconds + 1e-9 >= needed_seconds:
        return Verdict(True, "hold.done")
    return Verdict(False, "hold.too_short")


def check_drag(drop_x: float, drop_y: float, target: tuple[float, float, float, float]) -> Verdict:
    """The drag worked when the item's centre was let go inside the target (x, y, w, h)."""
    tx, ty, tw, th = target
    inside = tx <= drop_x <= tx + tw and ty <= drop_y <= ty + th
    return Verdict(True, "drag.done") if inside else Verdict(False, "drag.missed")


def swipe_direction(dx: float, dy: float) -> str | None:
    """Which way a finger moved, or None if it hardly moved."""
    if max(abs(dx), abs(dy)) < SWIPE_MIN_DISTANCE:
        return None
    if abs(dx) >= abs(dy):
        return "left" if dx < 0 else "right"
    return "up" if dy < 0 else "down"


def check_swipe(dx: float, dy: float, wanted: str) -> Verdict:
    went = swipe_direction(dx, dy)
    if went is None:
        return Verdict(False, "swipe.too_short")
    if went != wanted:
        return Verdict(False, f"swipe.wrong_way_{wanted}")
    return Verdict(True, "swipe.done")


def check_scroll_pick(picked_id: str, picked_text: str, answer_id: str, answer_text: str) -> Verdict:
    if picked_id == answer_id:
        return Verdict(True, "scroll.found", {"target": answer_text})
    return Verdict(False, "scroll.wrong", {"item": picked_text, "target": answer_text})


def check_typed(typed: str, expected: str) -> Verdict:
    """Compare typing with the example and say kindly what to look at."""
    if typed == expected:
        return Verdict(True, "type.done")
    if not typed.strip():
        return Verdict(False, "type.empty")
    if typed.casefold() == expected.casefold():
        return Verdict(False, "type.capitals")
    if typed.strip() == expected:
        return Verdict(False, "type.spaces")
    if expected.startswith(typed):
        return Verdict(False, "type.missing", {"count": str(len(expected) - len(typed))})
    if typed.startswith(expected):
        return Verdict(False, "type.extra", {"count": str(len(typed) - len(expected))})
    first = next(
        (i for i, (a, b) in enumerate(zip(typed, expected, strict=False)) if a != b),
        min(len(typed), len(expected)),
    )
    return Verdict(False, "type.different", {"position": str(first + 1)})


# A few of the passwords most often found in breaches (NCSC "top 100k" list, head).
COMMON_PASSWORDS = frozenset({
    "123456", "123456789", "qwerty", "password", "111111", "12345678", "abc123", "1234567",
    "password1", "12345", "1234567890", "123123", "000000", "iloveyou", "1234", "1q2w3e4r5t",
    "qwertyuiop", "123", "monkey", "dragon", "letmein", "football", "liverpool", "arsenal",
    "chelsea", "cymru", "wales", "passw0rd", "sunshine", "princess", "welcome", "shadow",
})


def password_problems(text: str) -> list[str]:
    """What would make a practice password weak, as message ids; empty when it is strong.

    Follows the NCSC's advice: three random words make a password long enough to be strong
    and easy to remember. Numbers and symbols are allowed but not required.
    """
    words = [w for w in re.split(r"[^A-Za-zÀ-ÿŴŵŶŷ]+", text) if len(w) >= 3]
    squashed = re.sub(r"[^a-z0-9]", "", text.casefold())
    problems: list[str] = []
    if not text:
        return ["password.empty"]
    if squashed in COMMON_PASSWORDS or text.casefold() in COMMON_PASSWORDS:
        problems.append("password.common")
    if len(text) < 12:
        problems.append("password.short")
    if len(words) < 3 and not _looks_like_joined_words(text):
        problems.append("password.few_words")
    if re.search(r"(19|20)\d\d", text):
        problems.append("password.year")
    return problems


def _looks_like_joined_words(text: str) -> bool:
    """``RedKettleMoon`` is three words with capitals instead of spaces."""
    return len(re.findall(r"[A-ZÀ-ÞŴŶ][a-zß-ÿŵŷ]{2,}", text)) >= 3


def check_password(text: str) -> Verdict:
    problems = password_problems(text)
    if not problems:
        return Verdict(True, "password.done")
    return Verdict(False, problems[0])


def check_choice(correct: bool) -> Verdict:
    return Verdict(True, "quiz.right") if correct else Verdict(False, "quiz.wrong")


# -- the practice form -------------------------------------------------------------------
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def normalise_postcode(text: str) -> str:
    squashed = re.sub(r"\s+", "", text.upper())
    return f"{squashed[:-3]} {squashed[-3:]}" if len(squashed) > 3 else squashed


def check_form_answer(form_field: FormField, answer: str) -> Verdict:
    """GOV.UK-style checks for one practice-form answer; messages name what to do."""
    answer = answer.strip()
    if not answer:
        if form_field.optional:
            return Verdict(True, "form.ok")
        return Verdict(False, f"form.{form_field.kind}.empty")
    if form_field.kind == "postcode":
        if not _POSTCODE.match(normalise_postcode(answer)):
            return Verdict(False, "form.postcode.format")
    if form_field.kind == "choice" and answer not in {o.id for o in form_field.options}:
        return Verdict(False, "form.choice.empty")
    if form_field.kind == "text" and len(answer) > 500:
        return Verdict(False, "form.text.long")
    return Verdict(True, "form.ok")

"""Read the running kiosk through AT-SPI, as Orca would, and act on it by AT-SPI actions
alone (run by tests/accessibility/test_atspi.py with the system's python3 and pyatspi,
inside a private D-Bus session). Prints one JSON object of what it found."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pyatspi  # type: ignore[import-not-found]

WAIT_S = 30.0


def until(what: Callable[[], Any], label: str) -> Any:
    """``what()`` once it is truthy (polled; the kiosk runs in another process)."""
    end = time.monotonic() + WAIT_S
    while time.monotonic() < end:
        try:
            found = what()
        except Exception:  # noqa: BLE001 - an object went away while walked
            found = None
        if found:
            return found
        time.sleep(0.2)
    seen: list[str] = []
    try:
        kiosk = app()
        seen = [f"{o.getRoleName()}: {o.name}" for o in showing(kiosk)][:80] if kiosk else []
    except Exception:  # noqa: BLE001 - only for the message
        pass
    print(json.dumps({"error": f"gave up waiting for {label}", "showing": seen}))
    sys.exit(1)


def app() -> Any:
    desk = pyatspi.Registry.getDesktop(0)
    for i in range(desk.childCount):
        child = desk.getChildAtIndex(i)
        if child is not None and child.name == "council-kiosk":
            return child
    return None


def walk(obj: Any) -> Iterator[Any]:
    yield obj
    for i in range(obj.childCount):
        child = obj.getChildAtIndex(i)
        if child is not None:
            yield from walk(child)


def showing(root: Any) -> Iterator[Any]:
    for o in walk(root):
        if o.getState().contains(pyatspi.STATE_SHOWING):
            yield o


def named(root: Any, prefix: str) -> Any:
    return next((o for o in showing(root) if (o.name or "").startswith(prefix)), None)


def press(root: Any, prefix: str) -> None:
    """Do the default action ("Press") of the showing object named ``prefix``…"""
    def pressed() -> bool:
        target = named(root, prefix)
        return target is not None and bool(target.queryAction().doAction(0))
    until(pressed, f"pressing {prefix!r}")


def checked(root: Any, prefix: str) -> bool:
    found = named(root, prefix)
    if found is None or not found.getState().contains(pyatspi.STATE_CHECKED):
        time.sleep(0.3)
        return False
    return True


def headings(root: Any) -> list[str] | None:
    return [o.name for o in showing(root) if o.getRole() == pyatspi.ROLE_HEADING] or None


def focused(root: Any) -> Any:
    return next((o for o in walk(root) if o.getState().contains(pyatspi.STATE_FOCUSED)), None)


def describe(o: Any) -> dict[str, str]:
    return {"role": o.getRoleName(), "name": o.name or "", "description": o.description or ""}


def main() -> None:
    kiosk = until(app, "the kiosk on the accessibility bus")
    window = until(lambda: kiosk.getChildAtIndex(0), "its window")
    out: dict[str, Any] = {}
    until(lambda: named(window, "Touch to start"), "the welcome page")
    # (the test gives the window the X focus, as a kiosk's only window has it)
    until(lambda: window.getState().contains(pyatspi.STATE_ACTIVE), "the window to be active")
    out["welcome_headings"] = until(lambda: headings(window), "headings")
    press(window, "Touch to start")
    press(window, "Have your say.")
    press(window, "Sign a petition")
    until(lambda: named(window, "Question 1:"), "the first question")
    out["window_name"] = window.name
    out["question_headings"] = until(lambda: headings(window), "headings")
    press(window, "Continue")  # nothing chosen: the error summary
    alert = until(lambda: next((o for o in showing(window)
                                if o.getRole() == pyatspi.ROLE_ALERT), None), "an alert")
    out["alert"] = until(lambda: describe(alert), "the alert's name")
    out["focus_after_error"] = until(
        lambda: (f := focused(window)) is not None and describe(f), "focus")
    choice = "Keep Southgate Library open on Saturdays"
    # (Qt presses a button a moment after the action: wait until the choice is made)
    until(lambda: checked(window, choice) or press(window, choice), "the choice ticked")
    press(window, "Continue")
    until(lambda: named(window, "Question 2:"), "the second question")
    out["window_name_2"] = window.name
    out["focus_after_continue"] = until(
        lambda: (f := focused(window)) is not None and describe(f), "focus")
    print(json.dumps(out))


if __name__ == "__main__":
    main()

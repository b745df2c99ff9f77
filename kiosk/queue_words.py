"""Plain words for staff about the queue: how long ago, what each state means, what went wrong.

The sender records short error classes (``connection_refused``, ``http_404``); staff read
"Could not connect to the council's system". Pure functions, tested without a window.
"""

from __future__ import annotations

import json
from datetime import datetime

STATE_WORDS = {
    "queued": "Waiting to send",
    "sending": "Sending now",
    "retrying": "Will try again",
    "delivered": "Sent",
    "rejected": "Needs staff",
    "withdrawn": "Will not send",
    "unconfirmed": "Not confirmed",
}

_ERRORS = {
    "connection_refused": "Could not connect to the council's system",
    "connect_timeout": "Could not connect to the council's system (no answer)",
    "dns_error": "Could not find the council's system: the kiosk may be offline",
    "tls_error": "Could not make a secure connection to the council's system",
    "timeout": "The council's system took too long to answer",
    "connection_reset": "The connection dropped before the council's system answered",
    "transport_error": "Could not reach the council's system",
    "redirect_refused": "The council's system sent the kiosk somewhere else, so it stopped",
    "too_many_redirects": "The council's system sent the kiosk somewhere else, so it stopped",
    "captive_portal": "The network wants a sign-in page, so nothing could be sent",
    "unknown_outcome": "The council's system gave an answer the kiosk did not understand",
    "no_record_id": "The council's system answered without a reference for the report",
    "error_with_success": "The council's system said it worked but sent an error message",
    "deadline": "The council's system took too long to answer",
    "too_large": "The council's system sent far too much back, so the kiosk stopped reading",
    "not_found_on_council_system": "The kiosk could not find the report on the council's system",
    "no_destination": "No council system is set up for this service",
    "no_service_code": "The council's system does not know this service",
    "unsafe_endpoint": "The council system's address is not secure (https), so nothing is sent",
    "internal_error": "The kiosk had a problem sending this",
    "interrupted": "Sending was interrupted (the kiosk restarted)",
    "http_400": "The council's system did not accept the details",
    "http_401": "The council's system did not accept the kiosk's key",
    "http_403": "The council's system refused the kiosk's key",
    "http_404": "The council's system does not know this service",
    "http_409": "The council's system says this was already sent",
    "http_413": "The council's system said the report is too large",
    "http_422": "The council's system did not accept the details",
    "http_429": "The council's system asked the kiosk to slow down",
}


def describe_error(error_class: str | None, http_status: int | None = None) -> str:
    """One plain line for an error class (and HTTP status) recorded by the sender."""
    if not error_class and http_status is None:
        return "No problem recorded"
    if error_class in _ERRORS:
        return _ERRORS[error_class]
    status = http_status
    if status is None and error_class and error_class.startswith("http_"):
        try:
            status = int(error_class[5:])
        except ValueError:
            status = None
    if status is not None and status >= 500:
        return "The council's system had a problem (it will be tried again)"
    if status is not None and 400 <= status < 500:
        return f"The council's system did not accept it (code {status})"
    return "Something went wrong sending this"


def server_said(reason: str | None) -> str:
    """The council system's own words, quoted, for staff beside ours ("" when it gave none)."""
    return f"The council's system said: \u201c{reason}\u201d." if reason else ""


def unconfirmed_words(looking: bool) -> str:
    """What an unconfirmed item means for staff, while it is looked up and once it is not found."""
    if looking:
        return ("The council's system answered without confirming it. The kiosk is looking for it "
                "there and will not send it again by itself.")
    return ("The kiosk could not find it on the council's system. Check there, then choose "
            "\u201cSend again\u201d or \u201cThe council has it\u201d.")


def duration(seconds: float) -> str:
    """``seconds`` as "3 minutes", "1 hour", "2 days" (rounded down)."""
    seconds = max(0, int(seconds))
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return f"{seconds} second{'' if seconds == 1 else 's'}"


def ago(moment: datetime, now: datetime) -> str:
    """"just now" under a minute, else "5 minutes ago"."""
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    return f"{duration(seconds)} ago"


def last_sent(moment: datetime | None, now: datetime) -> str:
    return "Nothing sent yet" if moment is None else f"Last sent {ago(moment, now)}"


def oldest_waiting(seconds: float | None) -> str:
    if seconds is None:
        return "Nothing is waiting to be sent"
    return f"The oldest has waited {duration(seconds)}"


def help_state(state: str) -> str:
    return {"waiting": "Waiting for staff", "on_my_way": "Staff on the way", "done": "Done"}.get(state, state)


def answers_for_editing(answers: dict[str, object]) -> list[tuple[str, str]]:
    """Each answer as (key, text for a text box): text stays text, anything else is JSON."""
    rows = []
    for key in sorted(answers):
        value = answers[key]
        rows.append((key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)))
    return rows


def answers_from_editing(original: dict[str, object], edited: dict[str, str]) -> dict[str, object]:
    """The corrected answers: a box that held JSON is read back as JSON when it still parses
    (so a list stays a list), otherwise as the text typed. Keys not edited keep their value."""
    result: dict[str, object] = dict(original)
    for key, text in edited.items():
        before = original.get(key)
        if isinstance(before, str) or before is None:
            result[key] = text
            continue
        try:
            result[key] = json.loads(text)
        except ValueError:
            result[key] = text
    return result

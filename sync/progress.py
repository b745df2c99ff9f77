"""Check progress: a resident's reference → what happened to their submission, in plain words.

Still on the kiosk → says so. Delivered to Open311 with a council id → asks
``GET requests/{id}`` and explains the status (and shows the council's notes);
offline → "We cannot check right now". Every message exists in English, Welsh and Urdu
(``Progress.message(language)``); the UI only shows them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from kiosk.config import Settings
from kiosk.i18n import LocalText, words_for
from offline.outbox import Outbox
from sync.http import Transport, TransportFailure, UnsafeEndpoint
from sync.open311 import Open311Client, Open311FormatError

NOT_FOUND = "not_found"
WAITING = "waiting"
NEEDS_STAFF = "needs_staff"
WITHDRAWN = "withdrawn"
SENT_NO_REFERENCE = "sent_no_reference"  # delivered, but there is nothing to look it up by
REFERENCE_PENDING = "reference_pending"  # accepted with a token; the council id is not known yet
OFFLINE = "offline"
NOT_AT_COUNCIL_YET = "not_at_council_yet"
STATUS = "status"

# The words: the ``progress`` and ``progress_status`` sections of kiosk/locale. The statuses
# are Open311's and the mySociety extended ones (open311.md §1.3), in plain words.
MESSAGES: Mapping[str, LocalText] = words_for("progress").messages
_STATUS_WORDS = words_for("progress_status").messages
OTHER_STATUS: LocalText = _STATUS_WORDS["other"]
STATUS_MESSAGES: Mapping[str, LocalText] = {
    status: words for status, words in _STATUS_WORDS.items() if status != "other"}
NOTES_LIMIT = 500


def plain_notes(text: str | None) -> str | None:
    """The council's notes as plain text (tags removed, entities decoded, trimmed), or None.
    Show it as plain text, never as rich text."""
    if not text:
        return None
    cleaned = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", " ", text))).strip()
    return cleaned[:NOTES_LIMIT] or None


@dataclass(frozen=True)
class Progress:
    """What to tell a resident about a reference. ``kind`` is one of the constants above."""

    kind: str
    reference: str
    status: str | None = None  # the council's status, lower-case ("open", "fixed", ...)
    status_notes: str | None = None  # the council's own words, markup removed
    council_reference: str | None = None  # the service_request_id
    service_notice: str | None = None
    messages: Mapping[str, str] = field(default_factory=dict)

    def message(self, language: str = "en") -> str:
        return self.messages.get(language) or self.messages.get("en", "")


def _progress(kind: str, reference: str, **values: object) -> Progress:
    return Progress(kind, reference, messages=MESSAGES[kind], **values)  # type: ignore[arg-type]


def check_progress(settings: Settings, outbox: Outbox, reference: str,
                   transport: Transport | None = None) -> Progress:
    """Look up ``reference`` on the kiosk and, when there is a council id, at the council."""
    item = outbox.by_reference(reference)
    if item is None:
        return _progress(NOT_FOUND, reference)
    ref = item.reference
    if item.state in ("queued", "sending", "retrying"):
        return _progress(WAITING, ref)
    if item.needs_staff:  # rejected, or unconfirmed and not found on the council's system
        return _progress(NEEDS_STAFF, ref)
    if item.state == "unconfirmed":  # being looked up on the council's system
        return _progress(WAITING, ref)
    if item.state == "withdrawn":
        return _progress(WITHDRAWN, ref)
    destination = settings.destination(item.destination or "")
    if item.remote_id is None:
        kind = REFERENCE_PENDING if item.remote_token else SENT_NO_REFERENCE
        return _progress(kind, ref, service_notice=item.service_notice)
    if destination is None or destination.kind != "open311":
        return _progress(SENT_NO_REFERENCE, ref, council_reference=item.remote_id)
    own = transport is None
    transport = transport or Transport(settings.sync.connect_timeout_seconds,
                                       min(settings.sync.read_timeout_seconds, 15.0),
                                       deadline=settings.sync.request_deadline_seconds,
                                       max_bytes=settings.sync.max_answer_bytes)
    try:
        answer = Open311Client(destination, transport).get_request(item.remote_id)
    except (TransportFailure, Open311FormatError, UnsafeEndpoint):
        return _progress(OFFLINE, ref, council_reference=item.remote_id)
    finally:
        if own:
            transport.close()
    if answer is None:
        return _progress(NOT_AT_COUNCIL_YET, ref, council_reference=item.remote_id)
    status = (answer.fields.get("status") or "").strip().lower().replace(" ", "_") or None
    return Progress(
        STATUS, ref, status=status, status_notes=plain_notes(answer.fields.get("status_notes")),
        council_reference=item.remote_id, service_notice=item.service_notice,
        messages=STATUS_MESSAGES.get(status or "", OTHER_STATUS),
    )

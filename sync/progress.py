"""Check progress: a resident's reference → what happened to their submission, in plain words.

Still on the kiosk → says so. Delivered to Open311 with a council id → asks
``GET requests/{id}`` and explains the status (and shows the council's notes);
offline → "We cannot check right now". Every message exists in English and Welsh
(``Progress.message(language)``); the UI only shows them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from kiosk.config import Settings
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

MESSAGES: dict[str, dict[str, str]] = {
    NOT_FOUND: {
        "en": "We cannot find a report with that reference. Check the reference and try again.",
        "cy": "Ni allwn ddod o hyd i adroddiad gyda'r cyfeirnod hwnnw. Gwiriwch y cyfeirnod a rhowch gynnig "
              "arall arni.",
    },
    WAITING: {
        "en": "Your report is saved on this kiosk. It will be sent to the council soon.",
        "cy": "Mae eich adroddiad wedi'i gadw ar y ciosg hwn. Bydd yn cael ei anfon at y cyngor cyn bo hir.",
    },
    NEEDS_STAFF: {
        "en": "Your report is saved on this kiosk but has not been sent yet. Ask a member of staff to help.",
        "cy": "Mae eich adroddiad wedi'i gadw ar y ciosg hwn ond nid yw wedi'i anfon eto. Gofynnwch i aelod o "
              "staff am help.",
    },
    WITHDRAWN: {
        "en": "Your report was not sent. Ask a member of staff why.",
        "cy": "Ni chafodd eich adroddiad ei anfon. Gofynnwch i aelod o staff pam.",
    },
    SENT_NO_REFERENCE: {
        "en": "The council has your report. You cannot check its progress from this kiosk.",
        "cy": "Mae eich adroddiad gan y cyngor. Ni allwch wirio ei gynnydd o'r ciosg hwn.",
    },
    REFERENCE_PENDING: {
        "en": "The council has your report. Check again tomorrow to see its progress.",
        "cy": "Mae eich adroddiad gan y cyngor. Gwiriwch eto yfory i weld ei gynnydd.",
    },
    OFFLINE: {
        "en": "We cannot check right now. Try again later.",
        "cy": "Ni allwn wirio ar hyn o bryd. Rhowch gynnig arall arni yn nes ymlaen.",
    },
    NOT_AT_COUNCIL_YET: {
        "en": "The council's system does not show your report yet. Check again later.",
        "cy": "Nid yw system y cyngor yn dangos eich adroddiad eto. Gwiriwch eto yn nes ymlaen.",
    },
}

# Open311 statuses, and the mySociety extended ones (open311.md §1.3), in plain words.
STATUS_MESSAGES: dict[str, dict[str, str]] = {
    "open": {"en": "The council is dealing with your report.", "cy": "Mae'r cyngor yn delio â'ch adroddiad."},
    "closed": {"en": "The council has finished dealing with your report.",
               "cy": "Mae'r cyngor wedi gorffen delio â'ch adroddiad."},
    "fixed": {"en": "The council has fixed the problem.", "cy": "Mae'r cyngor wedi datrys y broblem."},
    "in_progress": {"en": "The council is working on it.", "cy": "Mae'r cyngor yn gweithio arno."},
    "planned": {"en": "The council has planned the work.", "cy": "Mae'r cyngor wedi cynllunio'r gwaith."},
    "action_scheduled": {"en": "The council has booked the work.", "cy": "Mae'r cyngor wedi trefnu'r gwaith."},
    "investigating": {"en": "The council is looking into it.", "cy": "Mae'r cyngor yn ymchwilio iddo."},
    "duplicate": {"en": "Someone else reported this too. The council is dealing with their report.",
                  "cy": "Mae rhywun arall wedi rhoi gwybod am hyn hefyd. Mae'r cyngor yn delio â'u hadroddiad "
                        "nhw."},
    "not_councils_responsibility": {"en": "This is not something the council looks after.",
                                    "cy": "Nid yw hyn yn rhywbeth y mae'r cyngor yn gyfrifol amdano."},
    "no_further_action": {"en": "The council has decided to take no further action.",
                          "cy": "Mae'r cyngor wedi penderfynu peidio â gwneud dim byd arall."},
    "internal_referral": {"en": "The council has passed your report to another team.",
                          "cy": "Mae'r cyngor wedi anfon eich adroddiad at dîm arall."},
    "cancelled": {"en": "Your report was cancelled.", "cy": "Cafodd eich adroddiad ei ganslo."},
    "reopen": {"en": "The council has opened your report again.",
               "cy": "Mae'r cyngor wedi agor eich adroddiad eto."},
    "for_triage": {"en": "The council has your report and will look at it soon.",
                   "cy": "Mae eich adroddiad gan y cyngor a bydd yn edrych arno cyn bo hir."},
}
OTHER_STATUS = {"en": "The council has your report.", "cy": "Mae eich adroddiad gan y cyngor."}
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
    if item.state == "rejected":
        return _progress(NEEDS_STAFF, ref)
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
                                       min(settings.sync.read_timeout_seconds, 15.0))
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

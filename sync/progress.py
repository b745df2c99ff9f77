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
        "ur": "ہمیں اس حوالہ نمبر والی کوئی رپورٹ نہیں ملی۔ حوالہ نمبر چیک کریں اور دوبارہ "
              "کوشش کریں۔",
    },
    WAITING: {
        "en": "Your report is saved on this kiosk. It will be sent to the council soon.",
        "cy": "Mae eich adroddiad wedi'i gadw ar y ciosg hwn. Bydd yn cael ei anfon at y cyngor cyn bo hir.",
        "ur": "آپ کی رپورٹ اس کیوسک پر محفوظ ہے۔ یہ جلد ہی کونسل کو بھیج دی جائے گی۔",
    },
    NEEDS_STAFF: {
        "en": "Your report is saved on this kiosk but has not been sent yet. Ask a member of staff to help.",
        "cy": "Mae eich adroddiad wedi'i gadw ar y ciosg hwn ond nid yw wedi'i anfon eto. Gofynnwch i aelod o "
              "staff am help.",
        "ur": "آپ کی رپورٹ اس کیوسک پر محفوظ ہے لیکن ابھی بھیجی نہیں گئی۔ مدد کے لیے عملے "
              "کے کسی رکن سے پوچھیں۔",
    },
    WITHDRAWN: {
        "en": "Your report was not sent. Ask a member of staff why.",
        "cy": "Ni chafodd eich adroddiad ei anfon. Gofynnwch i aelod o staff pam.",
        "ur": "آپ کی رپورٹ نہیں بھیجی گئی۔ عملے کے کسی رکن سے اس کی وجہ پوچھیں۔",
    },
    SENT_NO_REFERENCE: {
        "en": "The council has your report. You cannot check its progress from this kiosk.",
        "cy": "Mae eich adroddiad gan y cyngor. Ni allwch wirio ei gynnydd o'r ciosg hwn.",
        "ur": "آپ کی رپورٹ کونسل کو مل گئی ہے۔ آپ اس کیوسک سے اس کی پیش رفت نہیں دیکھ سکتے۔",
    },
    REFERENCE_PENDING: {
        "en": "The council has your report. Check again tomorrow to see its progress.",
        "cy": "Mae eich adroddiad gan y cyngor. Gwiriwch eto yfory i weld ei gynnydd.",
        "ur": "آپ کی رپورٹ کونسل کو مل گئی ہے۔ اس کی پیش رفت دیکھنے کے لیے کل دوبارہ چیک کریں۔",
    },
    OFFLINE: {
        "en": "We cannot check right now. Try again later.",
        "cy": "Ni allwn wirio ar hyn o bryd. Rhowch gynnig arall arni yn nes ymlaen.",
        "ur": "ہم ابھی چیک نہیں کر سکتے۔ بعد میں دوبارہ کوشش کریں۔",
    },
    NOT_AT_COUNCIL_YET: {
        "en": "The council's system does not show your report yet. Check again later.",
        "cy": "Nid yw system y cyngor yn dangos eich adroddiad eto. Gwiriwch eto yn nes ymlaen.",
        "ur": "کونسل کے سسٹم میں ابھی آپ کی رپورٹ نظر نہیں آ رہی۔ بعد میں دوبارہ چیک کریں۔",
    },
}

# Open311 statuses, and the mySociety extended ones (open311.md §1.3), in plain words.
STATUS_MESSAGES: dict[str, dict[str, str]] = {
    "open": {"en": "The council is dealing with your report.",
             "cy": "Mae'r cyngor yn delio â'ch adroddiad.",
             "ur": "کونسل آپ کی رپورٹ پر کارروائی کر رہی ہے۔"},
    "closed": {"en": "The council has finished dealing with your report.",
               "cy": "Mae'r cyngor wedi gorffen delio â'ch adroddiad.",
               "ur": "کونسل نے آپ کی رپورٹ پر کارروائی مکمل کر لی ہے۔"},
    "fixed": {"en": "The council has fixed the problem.",
              "cy": "Mae'r cyngor wedi datrys y broblem.",
              "ur": "کونسل نے مسئلہ ٹھیک کر دیا ہے۔"},
    "in_progress": {"en": "The council is working on it.",
                    "cy": "Mae'r cyngor yn gweithio arno.",
                    "ur": "کونسل اس پر کام کر رہی ہے۔"},
    "planned": {"en": "The council has planned the work.",
                "cy": "Mae'r cyngor wedi cynllunio'r gwaith.",
                "ur": "کونسل نے کام کا منصوبہ بنا لیا ہے۔"},
    "action_scheduled": {"en": "The council has booked the work.",
                         "cy": "Mae'r cyngor wedi trefnu'r gwaith.",
                         "ur": "کونسل نے کام کا دن طے کر لیا ہے۔"},
    "investigating": {"en": "The council is looking into it.",
                      "cy": "Mae'r cyngor yn ymchwilio iddo.",
                      "ur": "کونسل اس کا جائزہ لے رہی ہے۔"},
    "duplicate": {"en": "Someone else reported this too. The council is dealing with their report.",
                  "cy": "Mae rhywun arall wedi rhoi gwybod am hyn hefyd. Mae'r cyngor yn delio â'u hadroddiad "
                        "nhw.",
                  "ur": "کسی اور نے بھی اس کی اطلاع دی ہے۔ کونسل ان کی رپورٹ پر کارروائی کر "
                        "رہی ہے۔"},
    "not_councils_responsibility": {"en": "This is not something the council looks after.",
                                    "cy": "Nid yw hyn yn rhywbeth y mae'r cyngor yn gyfrifol amdano.",
                                    "ur": "یہ کام کونسل کی ذمہ داری نہیں ہے۔"},
    "no_further_action": {"en": "The council has decided to take no further action.",
                          "cy": "Mae'r cyngor wedi penderfynu peidio â gwneud dim byd arall.",
                          "ur": "کونسل نے فیصلہ کیا ہے کہ وہ اس پر مزید کچھ نہیں کرے گی۔"},
    "internal_referral": {"en": "The council has passed your report to another team.",
                          "cy": "Mae'r cyngor wedi anfon eich adroddiad at dîm arall.",
                          "ur": "کونسل نے آپ کی رپورٹ ایک دوسری ٹیم کو بھیج دی ہے۔"},
    "cancelled": {"en": "Your report was cancelled.", "cy": "Cafodd eich adroddiad ei ganslo.",
                  "ur": "آپ کی رپورٹ منسوخ کر دی گئی۔"},
    "reopen": {"en": "The council has opened your report again.",
               "cy": "Mae'r cyngor wedi agor eich adroddiad eto.",
               "ur": "کونسل نے آپ کی رپورٹ دوبارہ کھول دی ہے۔"},
    "for_triage": {"en": "The council has your report and will look at it soon.",
                   "cy": "Mae eich adroddiad gan y cyngor a bydd yn edrych arno cyn bo hir.",
                   "ur": "آپ کی رپورٹ کونسل کو مل گئی ہے اور وہ جلد ہی اسے دیکھے گی۔"},
}
OTHER_STATUS = {"en": "The council has your report.", "cy": "Mae eich adroddiad gan y cyngor.",
                "ur": "آپ کی رپورٹ کونسل کو مل گئی ہے۔"}
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

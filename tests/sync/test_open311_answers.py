"""Reading what real Open311 servers send back: request answers under any root, error
bodies of every shape, and which 2xx answers are delivery."""

from __future__ import annotations

import pytest

from sync.http import Answer
from sync.open311 import classify_post_answer, find_submission, parse_errors, parse_requests
from sync.outcome import DELIVERED, RETRY, UNCONFIRMED, redact
from tests.sync.servers import PORTAL_HTML


@pytest.mark.parametrize("body", [
    b'[{"service_request_id": "77"}]',
    b'{"service_requests": [{"service_request_id": "77"}]}',
    b'{"requests": [{"service_request_id": "77"}]}',
    b'{"service_request_id": 77, "status": "open"}',
    b"<service_requests><request><service_request_id>77</service_request_id></request></service_requests>",
    b"<requests><request><service_request_id>77</service_request_id></request></requests>",
    b"<response><request><service_request_id>77</service_request_id></request></response>",
    b"<request><service_request_id>77</service_request_id></request>",
])
def test_a_request_answer_is_read_under_any_root(body: bytes) -> None:
    (request,) = parse_requests(body)
    assert request.remote_id == "77"


@pytest.mark.parametrize(("body", "expected"), [
    (b'[{"code": "403", "description": "Invalid api_key"}]', [("403", "Invalid api_key")]),
    (b"<errors><error><code>400</code><description>CRM down</description></error></errors>",
     [("400", "CRM down")]),
    (b'{"code": "400", "detail": "Missing location"}', [("400", "Missing location")]),
    (b'{"detail": ["Invalid API key"]}', [("", "Invalid API key")]),
    (b'{"detail": "Not found."}', [("", "Not found.")]),
    (b'{"description": "Bad service"}', [("", "Bad service")]),
    (b'{"errors": ["one", "two"]}', [("", "one"), ("", "two")]),
    (b'{"lat": ["This field is required."]}', [("", "lat: This field is required.")]),
    (PORTAL_HTML, []),
    (b"", []),
])
def test_error_bodies_of_every_shape_are_read(body: bytes, expected: list[tuple[str, str]]) -> None:
    assert parse_errors(body) == expected


def _answer(body: bytes, content_type: str = "application/json", status: int = 200) -> Answer:
    return Answer(status, content_type, body, {})


@pytest.mark.parametrize(("body", "service_type", "kind"), [
    (b'[{"service_request_id": "5"}]', None, DELIVERED),
    (b'[{"token": "T-5"}]', None, DELIVERED),
    (b"[{}]", None, UNCONFIRMED),
    (b'[{"service_request_id": null}]', None, UNCONFIRMED),
    (b'[{"service_request_id": ""}]', None, UNCONFIRMED),
    (b"<service_requests><request></request></service_requests>", None, UNCONFIRMED),
    (b'[{"code":"403","description":"Invalid api_key"}]', None, UNCONFIRMED),
    (b'[{"code":"403","description":"Invalid api_key"}]', "blackbox", UNCONFIRMED),
    (b"{not json", None, UNCONFIRMED),
    (b'{"hello": "world"}', None, UNCONFIRMED),
    (b"", None, UNCONFIRMED),
    (b"", "blackbox", DELIVERED),
    (b"[{}]", "blackbox", DELIVERED),
])
def test_a_2xx_is_delivery_only_when_it_names_the_record(body: bytes, service_type: str | None,
                                                         kind: str) -> None:
    assert classify_post_answer(_answer(body), service_type).kind == kind


def test_a_captive_portal_stays_a_transient_failure() -> None:
    outcome = classify_post_answer(_answer(PORTAL_HTML, "text/html"))
    assert (outcome.kind, outcome.error_class) == (RETRY, "captive_portal")


def test_our_record_is_found_by_marker_or_by_id_and_only_with_an_id() -> None:
    sid = "0b8f6c1e-9d7a-4f55-8a51-2f0f2a1d3c4e"
    records = parse_requests(
        b'[{"service_request_id": "1", "description": "Bags\\n\\n[Kiosk ref AAAA1111]"},'
        b' {"service_request_id": "2", "attributes": {"kiosk_submission_id": "' + sid.encode() + b'"}},'
        b' {"description": "[Kiosk ref BBBB2222]"}]')
    assert find_submission(records, "other", "[Kiosk ref AAAA1111]").remote_id == "1"  # type: ignore[union-attr]
    assert find_submission(records, sid, "[Kiosk ref CCCC3333]").remote_id == "2"  # type: ignore[union-attr]
    assert find_submission(records, "other", "[Kiosk ref BBBB2222]") is None  # no record id
    assert find_submission(records, "other", "[Kiosk ref AAAA111]") is None


def test_a_reason_loses_what_the_resident_typed() -> None:
    answers = {"name": "Ann Other", "email": "ann@example.org", "phone": "07700 900123",
               "description": "A long account of what happened at the corner of Mill Lane on Tuesday night"}
    assert redact("Name Ann Other is not allowed", answers) == "Name […] is not allowed"
    assert redact("Other party unknown", answers) == "[…] party unknown"
    assert redact("Bad email ann@example.org, phone 07700 900123", answers) == "Bad email […], phone […]"
    assert redact("Invalid API key", answers) == "Invalid API key"
    assert redact("Mill Lane is closed", answers) == "Mill Lane is closed"  # a long text is not cut into words

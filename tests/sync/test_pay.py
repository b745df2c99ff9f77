"""The GOV.UK Pay client against a real local server speaking the published API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from sync.pay import PayClient, PayError
from tests.sync.pay_server import API_KEY, FakePay


@pytest.fixture
def pay() -> Iterator[FakePay]:
    server = FakePay().start()
    yield server
    server.stop()


def _client(pay: FakePay, key: str = API_KEY) -> PayClient:
    return PayClient(pay.url, key, timeout=(5, 10))


def test_create_then_follow_to_paid(pay: FakePay) -> None:
    client = _client(pay)
    payment = client.create(amount=3500, reference="KSK-ABC-123", description="Bulky waste",
                            return_url="https://council.example/paid", language="cy")
    assert payment.kiosk_state == "created" and payment.amount == 3500
    assert payment.next_url.startswith(pay.url + "/secure/")
    stored = pay.payments[payment.payment_id]
    assert (stored["amount"], stored["reference"], stored["language"]) == (3500, "KSK-ABC-123", "cy")
    assert pay.requests[0][2] == f"Bearer {API_KEY}"
    pay.settle(payment.payment_id, "submitted")
    assert client.get(payment.payment_id).kiosk_state == "created"
    pay.settle(payment.payment_id, "success")
    now = client.get(payment.payment_id)
    assert now.kiosk_state == "paid" and now.next_url == ""


def test_failed_expired_and_cancelled_are_told_apart(pay: FakePay) -> None:
    client = _client(pay)
    ids = [client.create(amount=100, reference=f"R{i}", description="d",
                         return_url="https://council.example/paid").payment_id for i in range(3)]
    pay.fail(ids[0])
    pay.expire(ids[1])
    pay.cancel(ids[2])
    assert [client.get(i).kiosk_state for i in ids] == ["failed", "expired", "cancelled"]
    assert client.get(ids[1]).code == "P0020"


def test_a_repeated_idempotency_key_makes_one_payment(pay: FakePay) -> None:
    client = _client(pay)
    first = client.create(amount=100, reference="R", description="d", return_url="https://c.example/p",
                          idempotency_key="k1")
    again = client.create(amount=100, reference="R", description="d", return_url="https://c.example/p",
                          idempotency_key="k1")
    assert first.payment_id == again.payment_id and len(pay.payments) == 1


def test_search_by_reference(pay: FakePay) -> None:
    client = _client(pay)
    made = client.create(amount=100, reference="KSK-1", description="d", return_url="https://c.example/p")
    client.create(amount=100, reference="KSK-2", description="d", return_url="https://c.example/p")
    assert [p.payment_id for p in client.search("KSK-1")] == [made.payment_id]
    assert client.search("KSK-none") == []


def test_a_bad_key_is_refused_without_showing_it(pay: FakePay) -> None:
    client = _client(pay, "api_test_wrong_secret")
    with pytest.raises(PayError) as caught:
        client.get("pay0001kiosk")
    assert caught.value.status == 401 and not caught.value.retryable
    assert "api_test_wrong_secret" not in str(caught.value) and "api_test_wrong_secret" not in repr(client)


@pytest.mark.parametrize(("status", "code", "retryable"), [(429, "P0900", True), (500, "P0999", True)])
def test_documented_error_bodies(pay: FakePay, status: int, code: str, retryable: bool) -> None:
    pay.faults.append((status, None))
    with pytest.raises(PayError) as caught:
        _client(pay).create(amount=100, reference="R", description="d", return_url="https://c.example/p")
    assert (caught.value.status, caught.value.code, caught.value.retryable) == (status, code, retryable)
    assert pay.payments == {}


def test_a_bad_amount_is_refused_with_its_code(pay: FakePay) -> None:
    response = requests.post(pay.url + "/v1/payments", json={"amount": 0, "reference": "R", "description": "d",
                                                            "return_url": "https://c.example/p"},
                             headers={"Authorization": f"Bearer {API_KEY}"}, timeout=10)
    assert response.status_code == 422 and response.json()["code"] == "P0102"
    with pytest.raises(ValueError):
        _client(pay).create(amount=0, reference="R", description="d", return_url="https://c.example/p")


def test_unknown_payment_and_no_connection(pay: FakePay) -> None:
    with pytest.raises(PayError) as caught:
        _client(pay).get("nope")
    assert caught.value.status == 404 and caught.value.code == "P0200"
    url = pay.url
    pay.stop()
    with pytest.raises(PayError) as gone:
        PayClient(url, API_KEY, timeout=(1, 1)).get("x")
    assert gone.value.status is None and gone.value.retryable

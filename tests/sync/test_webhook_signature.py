"""The webhook signature against forged headers: ``sync.webhook.verify`` and the code a
council copies from sync/WEBHOOK.md give the same answers, and never raise."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.webhook import sign, verify

SECRET = "s3cret-ŵ"
BODY = '{"submission_id":"0b6f7c1e","answers":{"name":"Siân"}}'.encode()
KEY = "0b6f7c1e-3f7d-4a51-9c43-2f3b9f0d7c11"
T = 1_700_000_000
NOW = T + 100
WEBHOOK_MD = Path(__file__).resolve().parents[2] / "sync" / "WEBHOOK.md"


def _documented() -> Callable[..., bool]:
    """The function in WEBHOOK.md's Python block, run as a council would run it."""
    [code] = re.findall(r"```python\n(.*?)```", WEBHOOK_MD.read_text(encoding="utf-8"), re.S)
    namespace: dict[str, Any] = {}
    exec(compile(code, str(WEBHOOK_MD), "exec"), namespace)  # noqa: S102
    return namespace["verify_kiosk_signature"]


def _v2(header: str) -> str:
    return header.split("v2=", 1)[1]


def _v1(header: str) -> str:
    return header.split("v1=", 1)[1].split(",", 1)[0]


@pytest.fixture
def documented(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, bytes, str, str], bool]:
    fn = _documented()
    monkeypatch.setattr(time, "time", lambda: float(NOW))  # the document's code reads the clock
    return lambda secret, body, header, key: fn(secret, body, header, key)


def test_a_genuine_message_verifies_in_both_schemes(documented) -> None:
    header = sign(SECRET, BODY, T, KEY)
    assert verify(SECRET, BODY, header, now=NOW, idempotency_key=KEY)
    assert verify(SECRET, BODY, header, now=NOW)  # a receiver still on v1
    assert verify(SECRET, BODY, sign(SECRET, BODY, T), now=NOW)  # a header signed before v2
    assert documented(SECRET, BODY, header, KEY)


def _forgeries() -> list[tuple[str, str, bytes, str]]:
    """(why, header, body, idempotency key) that must all be refused under v2."""
    good = sign(SECRET, BODY, T, KEY)
    other_key = "ffffffff-3f7d-4a51-9c43-2f3b9f0d7c11"
    return [
        ("another Idempotency-Key replayed with the same signature", good, BODY, other_key),
        ("the body changed", good, BODY + b" ", KEY),
        ("another secret", sign("other", BODY, T, KEY), BODY, KEY),
        ("only v1 (a downgrade)", sign(SECRET, BODY, T), BODY, KEY),
        ("non-ASCII v2", f"t={T},v2=ŵŵŵ", BODY, KEY),
        ("a lone surrogate", f"t={T},v2=\ud800", BODY, KEY),
        ("not hex", f"t={T},v2=zz", BODY, KEY),
        ("empty v2", f"t={T},v2=", BODY, KEY),
        ("no v2", f"t={T}", BODY, KEY),
        ("no timestamp", f"v2={_v2(good)}", BODY, KEY),
        ("two timestamps", f"t={T},t={T + 1},v2={_v2(good)}", BODY, KEY),
        ("a signed timestamp moved", good.replace(f"t={T}", f"t={T + 1}"), BODY, KEY),
        ("a timestamp with a sign", good.replace(f"t={T}", f"t=+{T}"), BODY, KEY),
        ("a timestamp with an underscore", good.replace(f"t={T}", f"t={T // 1000}_{T % 1000:03}"),
         BODY, KEY),
        ("too old: a replay", sign(SECRET, BODY, T - 1000, KEY), BODY, KEY),
        ("the v1 value given as v2", f"t={T},v2={_v1(good)}", BODY, KEY),
        ("upper-case hex", f"t={T},v2={_v2(good).upper()}", BODY, KEY),
        ("nothing at all", "", BODY, KEY),
        ("commas only", ",,,", BODY, KEY),
    ]


@pytest.mark.parametrize(("why", "header", "body", "key"), _forgeries(), ids=[f[0] for f in _forgeries()])
def test_a_forged_header_is_refused_by_both(documented, why: str, header: str, body: bytes,
                                           key: str) -> None:
    assert verify(SECRET, body, header, now=NOW, idempotency_key=key) is False
    assert documented(SECRET, body, header, key) is False


def test_every_value_in_the_header_is_tried(documented) -> None:
    good = sign(SECRET, BODY, T, KEY)
    header = f"t={T},v1=00,v1={_v1(good)},v2=ŵ,v2={'0' * 64},v2={_v2(good)}"
    assert verify(SECRET, BODY, header, now=NOW, idempotency_key=KEY)
    assert verify(SECRET, BODY, header, now=NOW)
    assert documented(SECRET, BODY, header, KEY)
    spaced = f"t={T}, v2={_v2(good)}"  # a space after the comma, as some proxies write it
    assert verify(SECRET, BODY, spaced, now=NOW, idempotency_key=KEY)


def test_a_non_ascii_v1_is_false_not_an_error() -> None:
    assert verify(SECRET, BODY, f"t={T},v1=ŵŵŵ", now=NOW) is False
    assert verify(SECRET, BODY, f"t={T},v1=\udcff", now=NOW) is False


_DOCUMENTED = _documented()


@settings(max_examples=300, deadline=None)
@given(header=st.text(alphabet=st.sampled_from(list("tv12=,0123456789abcdef ŵ\x00\ud800")), max_size=120),
       key=st.text(alphabet=st.characters(), max_size=40) | st.just("\ud800"))
def test_any_header_at_all_is_true_or_false_never_an_error(header: str, key: str) -> None:
    fn = _DOCUMENTED
    assert verify(SECRET, BODY, header, now=NOW, idempotency_key=key) in (True, False)
    assert verify(SECRET, BODY, header, now=NOW) in (True, False)
    assert fn(SECRET, BODY, header, key) in (True, False)

"""Encryption at rest: AES-256-GCM through OpenSSL, checked against the published test
vectors and against an item sealed by the earlier kiosk (which used ``cryptography``)."""

from __future__ import annotations

import os
import stat
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offline.crypto import AESGCM256, KEY_FILE, AuthenticationFailed, DeviceKey
from offline.errors import DeviceKeyError

# The AES-256 cases (13-16) of McGrew and Viega, "The Galois/Counter Mode of Operation".
_K = "feffe9928665731c6d6a8f9467308308" * 2
_P = ("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
      "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255")
_C = ("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
      "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad")
VECTORS = [  # key, nonce, plaintext, associated data, ciphertext, tag
    ("00" * 32, "00" * 12, "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"),
    ("00" * 32, "00" * 12, "00" * 16, "", "cea7403d4d606b6e074ec5d3baf39d18",
     "d0d1c8a799996bf0265b98b5d48ab919"),
    (_K, "cafebabefacedbaddecaf888", _P, "", _C, "b094dac5d93471bdec1a502270e3cc6c"),
    (_K, "cafebabefacedbaddecaf888", _P[:120], "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     _C[:120], "76fc6ece0f4e1768cddf8853bb2d551b"),
]

# Sealed by the kiosk before 29 November 2026 (cryptography's AESGCM), with this key.
OLD_KEY = bytes(range(32))
OLD_ASSOCIATED = b"3f2b8c1e-submission-id"
OLD_PLAINTEXT = '{"name": "Siân Jones", "postcode": "CF10 1AA"}'.encode()
OLD_SEALED = bytes.fromhex(
    "010f1e2d3c4b5a69788796a5b48e9fc5c3ef6a019e554090b75332d46cc2d68250543ec45a5c897ba71e"
    "44b226a6c1aa5de3776f45e3f8b66e9f5b81b820dd3fe59d7df1e701be1cdbb6cf4c"
)


@pytest.mark.parametrize(("key", "nonce", "plain", "associated", "cipher", "tag"), VECTORS)
def test_the_published_test_vectors(key, nonce, plain, associated, cipher, tag):
    aead = AESGCM256(bytes.fromhex(key))
    sealed = aead.encrypt(bytes.fromhex(nonce), bytes.fromhex(plain), bytes.fromhex(associated))
    assert sealed.hex() == cipher + tag
    assert aead.decrypt(bytes.fromhex(nonce), sealed, bytes.fromhex(associated)).hex() == plain


def test_an_item_sealed_by_the_earlier_kiosk_still_opens():
    assert DeviceKey(OLD_KEY).open(OLD_SEALED, OLD_ASSOCIATED) == OLD_PLAINTEXT


@pytest.mark.parametrize("where", [1, 5, 13, 30, -1])  # the nonce, the text, the tag
def test_any_changed_byte_is_refused_in_plain_words(where):
    damaged = bytearray(OLD_SEALED)
    damaged[where] ^= 0x01
    with pytest.raises(DeviceKeyError, match="does not match this database"):
        DeviceKey(OLD_KEY).open(bytes(damaged), OLD_ASSOCIATED)


def test_another_rows_id_or_another_key_is_refused():
    with pytest.raises(DeviceKeyError, match="does not match"):
        DeviceKey(OLD_KEY).open(OLD_SEALED, b"another-submission")
    with pytest.raises(DeviceKeyError, match="does not match"):
        DeviceKey(bytes(32)).open(OLD_SEALED, OLD_ASSOCIATED)


@pytest.mark.parametrize("cut", [0, 1, 12, 13, 28])
def test_a_cut_short_item_is_refused_not_a_crash(cut):
    with pytest.raises(DeviceKeyError):
        DeviceKey(OLD_KEY).open(OLD_SEALED[:cut], OLD_ASSOCIATED)


def test_a_tag_shorter_than_sixteen_bytes_is_refused():
    aead = AESGCM256(OLD_KEY)
    sealed = aead.encrypt(b"n" * 12, b"text", b"")
    with pytest.raises(AuthenticationFailed):
        aead.decrypt(b"n" * 12, sealed[:-1], b"")


@settings(max_examples=60, deadline=None)
@given(plain=st.binary(max_size=4096), associated=st.binary(max_size=64))
def test_what_is_sealed_opens_again(plain, associated):
    key = DeviceKey(OLD_KEY)
    sealed = key.seal(plain, associated)
    assert len(sealed) == 1 + 12 + len(plain) + 16
    assert key.open(sealed, associated) == plain


def test_each_seal_has_its_own_nonce():
    key = DeviceKey(OLD_KEY)
    nonces = {key.seal(b"same words", b"id")[1:13] for _ in range(200)}
    assert len(nonces) == 200


def test_a_megabyte_and_many_threads_at_once():
    key = DeviceKey(os.urandom(32))
    big = os.urandom(1 << 20)
    assert key.open(key.seal(big, b"id"), b"id") == big
    wrong: list[int] = []

    def work(n: int) -> None:
        for i in range(200):
            text = f"{n}:{i}".encode() * (i % 7)
            if key.open(key.seal(text, str(n).encode()), str(n).encode()) != text:
                wrong.append(n)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []


def test_the_key_file_is_made_once_private_and_read_after(tmp_path):
    made = DeviceKey.load(tmp_path, create=True)
    path = tmp_path / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_bytes()) == 32
    again = DeviceKey.load(tmp_path, create=False)
    assert again.open(made.seal(b"words", b"id"), b"id") == b"words"


def test_a_missing_or_wrong_length_key_says_what_to_do(tmp_path):
    with pytest.raises(DeviceKeyError, match="missing.*ask a member of staff"):
        DeviceKey.load(tmp_path, create=False)
    (tmp_path / KEY_FILE).write_bytes(b"short")
    with pytest.raises(DeviceKeyError, match="wrong length"):
        DeviceKey.load(tmp_path, create=False)

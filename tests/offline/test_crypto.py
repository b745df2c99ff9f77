"""Encryption at rest: AES-256-GCM through ``cryptography``, checked against the published
test vectors, against an item sealed by an earlier kiosk, and for damaged items."""

from __future__ import annotations

import os
import stat
import threading

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given, settings
from hypothesis import strategies as st

from offline.crypto import KEY_FILE, DeviceKey
from offline.errors import DamagedItem, DeviceKeyError

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
def test_the_published_test_vectors_open_as_sealed_items(key, nonce, plain, associated, cipher, tag):
    # A sealed item is version | nonce | ciphertext | tag: each vector, laid out so, opens.
    sealed = b"\x01" + bytes.fromhex(nonce + cipher + tag)
    assert DeviceKey(bytes.fromhex(key)).open(sealed, bytes.fromhex(associated)).hex() == plain


def test_what_the_kiosk_seals_is_plain_aes_gcm_after_the_version_byte():
    sealed = DeviceKey(OLD_KEY).seal(b"words", b"id")
    assert sealed[:1] == b"\x01"
    assert AESGCM(OLD_KEY).decrypt(sealed[1:13], sealed[13:], b"id") == b"words"


def test_an_item_sealed_by_the_earlier_kiosk_still_opens():
    assert DeviceKey(OLD_KEY).open(OLD_SEALED, OLD_ASSOCIATED) == OLD_PLAINTEXT


# Sealed by the kiosk of 1 December 2026 (its own ctypes binding to OpenSSL), with OLD_KEY.
CTYPES_SEALED = bytes.fromhex(
    "011e01619a984b5ebd680a6cff27bca1b601d1c5cff513c4e8ad338d0d4f75f8e5611c14cef4b4e0b8d1a1a74a7e46a0985"
    "ddcf2d308a8d3f19e061f5b39508df766d1ad3dbe686f1fdd6d69"
)


def test_an_item_sealed_by_the_openssl_binding_still_opens():
    assert DeviceKey(OLD_KEY).open(CTYPES_SEALED, OLD_ASSOCIATED) == OLD_PLAINTEXT


@pytest.mark.parametrize("where", [0, 1, 5, 13, 30, -1])  # the version, nonce, text, tag
def test_any_changed_byte_is_a_damaged_item_not_a_wrong_key(where):
    damaged = bytearray(OLD_SEALED)
    damaged[where] ^= 0x01
    with pytest.raises(DamagedItem, match="damaged") as info:
        DeviceKey(OLD_KEY).open(bytes(damaged), OLD_ASSOCIATED)
    assert "does not match" not in str(info.value)


def test_another_rows_id_or_another_key_does_not_open():
    with pytest.raises(DamagedItem):
        DeviceKey(OLD_KEY).open(OLD_SEALED, b"another-submission")
    with pytest.raises(DamagedItem):
        DeviceKey(bytes(32)).open(OLD_SEALED, OLD_ASSOCIATED)


@pytest.mark.parametrize("cut", [0, 1, 12, 13, 28, len(OLD_SEALED) - 1])
def test_a_cut_short_item_is_damaged_not_a_crash(cut):
    with pytest.raises(DamagedItem):
        DeviceKey(OLD_KEY).open(OLD_SEALED[:cut], OLD_ASSOCIATED)


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

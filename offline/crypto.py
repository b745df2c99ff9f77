"""Encryption at rest: answers are sealed with AES-GCM under a device key kept outside the database.

The key is 32 random bytes in ``device.key`` (mode 0600) in the data folder. Each payload
gets a fresh 96-bit nonce and is bound to its submission id as associated data, so a
ciphertext moved to another row does not decrypt.

AES-256-GCM is OpenSSL's, called through its EVP interface in the ``libcrypto`` that
Python's own ``hashlib`` and ``ssl`` already use (the kiosk has it loaded anyway: HTTPS
needs it). The ``cryptography`` package would bring its own copy of OpenSSL, 8 to 13 MB
of the kiosk's memory, for these two calls. A sealed item is ``version | nonce |
ciphertext | tag``, byte for byte what ``cryptography``'s ``AESGCM`` writes, so items
sealed by earlier versions of the kiosk still open (``tests/offline/test_crypto.py``
checks both against the NIST test vectors).
"""

from __future__ import annotations

import ctypes
import os
import secrets
import threading
from pathlib import Path
from typing import Any

from offline.errors import DeviceKeyError

KEY_FILE = "device.key"
_NONCE = 12
_TAG = 16
_VERSION = b"\x01"

# EVP_CIPHER_CTX_ctrl commands for GCM (openssl/evp.h; the same values since 1.0.1).
_GET_TAG = 0x10
_SET_TAG = 0x11


class AuthenticationFailed(Exception):
    """The tag did not match: wrong key, wrong associated data, or altered bytes."""


class _OpenSSL:
    """The EVP calls AES-256-GCM needs, with their C types declared (a pointer returned as
    a plain ``int`` would be cut to 32 bits)."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        p, i, c = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
        out_len = ctypes.POINTER(ctypes.c_int)

        def bind(name: str, restype: Any, *argtypes: Any) -> Any:
            fn = getattr(lib, name)
            fn.restype = restype
            fn.argtypes = argtypes
            return fn

        self.ctx_new = bind("EVP_CIPHER_CTX_new", p)
        self.ctx_free = bind("EVP_CIPHER_CTX_free", None, p)
        self.ctrl = bind("EVP_CIPHER_CTX_ctrl", i, p, i, i, p)
        try:  # OpenSSL 3: fetched once, not looked up again at every use
            self.cipher = bind("EVP_CIPHER_fetch", p, p, c, c)(None, b"AES-256-GCM", None)
        except AttributeError:  # OpenSSL 1.1
            self.cipher = None
        if not self.cipher:
            self.cipher = bind("EVP_aes_256_gcm", p)()
        self.encrypt_init = bind("EVP_EncryptInit_ex", i, p, p, p, c, c)
        self.encrypt_update = bind("EVP_EncryptUpdate", i, p, p, out_len, c, i)
        self.encrypt_final = bind("EVP_EncryptFinal_ex", i, p, p, out_len)
        self.decrypt_init = bind("EVP_DecryptInit_ex", i, p, p, p, c, c)
        self.decrypt_update = bind("EVP_DecryptUpdate", i, p, p, out_len, c, i)
        self.decrypt_final = bind("EVP_DecryptFinal_ex", i, p, p, out_len)


_LIB: _OpenSSL | None = None
_LIB_LOCK = threading.Lock()


def _openssl() -> _OpenSSL:
    """The libcrypto ``hashlib`` is linked against (symbols are looked up through its
    ``_hashlib`` module, so it is the very same library), else the system's."""
    global _LIB
    with _LIB_LOCK:
        if _LIB is None:
            try:
                import _hashlib

                _LIB = _OpenSSL(ctypes.CDLL(_hashlib.__file__))
            except (ImportError, OSError, AttributeError):
                from ctypes.util import find_library

                name = find_library("crypto")
                try:
                    _LIB = _OpenSSL(ctypes.CDLL(name or "libcrypto.so.3"))
                except (OSError, AttributeError):
                    raise DeviceKeyError(
                        "This computer has no OpenSSL library, so the kiosk cannot keep "
                        "answers safe. Ask a member of staff to install OpenSSL."
                    ) from None
        return _LIB


class AESGCM256:
    """AES-256-GCM with 96-bit nonces and 128-bit tags (NIST SP 800-38D)."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("AES-256-GCM needs a 32-byte key")
        self._key = bytes(key)
        self._lib = _openssl()

    def encrypt(self, nonce: bytes, plaintext: bytes, associated: bytes) -> bytes:
        """``ciphertext | tag``."""
        return self._run(True, nonce, plaintext, associated, None)

    def decrypt(self, nonce: bytes, sealed: bytes, associated: bytes) -> bytes:
        """The plaintext; :class:`AuthenticationFailed` unless the tag matches."""
        if len(sealed) < _TAG:
            raise AuthenticationFailed
        return self._run(False, nonce, sealed[:-_TAG], associated, sealed[-_TAG:])

    def _run(self, encrypting: bool, nonce: bytes, data: bytes, associated: bytes,
             tag: bytes | None) -> bytes:
        if len(nonce) != _NONCE:
            raise ValueError("AES-GCM here uses 12-byte nonces")
        lib = self._lib
        init, update, final = (
            (lib.encrypt_init, lib.encrypt_update, lib.encrypt_final) if encrypting
            else (lib.decrypt_init, lib.decrypt_update, lib.decrypt_final)
        )
        ctx = lib.ctx_new()
        if not ctx:
            raise MemoryError("OpenSSL could not make a cipher context")
        try:
            written = ctypes.c_int(0)
            count = ctypes.byref(written)
            out = ctypes.create_string_buffer(len(data) + _TAG)  # room for a final block
            # 12 bytes is GCM's own nonce length, so the cipher, key and nonce go in at once.
            ok = init(ctx, lib.cipher, None, self._key, bytes(nonce)) == 1
            if ok and associated:
                ok = update(ctx, None, count, bytes(associated), len(associated)) == 1
            if ok:
                ok = update(ctx, out, count, bytes(data), len(data)) == 1
            if not ok:
                raise RuntimeError("OpenSSL refused an AES-GCM step")
            total = written.value
            if tag is not None and lib.ctrl(ctx, _SET_TAG, _TAG, bytes(tag)) != 1:
                raise RuntimeError("OpenSSL refused the AES-GCM tag")
            if final(ctx, ctypes.byref(out, total), count) != 1:
                if tag is not None:
                    raise AuthenticationFailed
                raise RuntimeError("OpenSSL could not finish AES-GCM")
            total += written.value
            if tag is not None:
                return out.raw[:total]
            tag_out = ctypes.create_string_buffer(_TAG)
            if lib.ctrl(ctx, _GET_TAG, _TAG, tag_out) != 1:
                raise RuntimeError("OpenSSL could not give the AES-GCM tag")
            return out.raw[:total] + tag_out.raw
        finally:
            lib.ctx_free(ctx)


class DeviceKey:
    """Seals and opens payloads with the kiosk's device key."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise DeviceKeyError("The kiosk's device key is the wrong length. Ask a member of staff.")
        self._aead = AESGCM256(key)

    @classmethod
    def load(cls, data_dir: Path, *, create: bool) -> DeviceKey:
        """Read the key file; create it (0600) only when ``create`` is true."""
        path = data_dir / KEY_FILE
        try:
            return cls(path.read_bytes())
        except FileNotFoundError:
            if not create:
                raise DeviceKeyError(
                    f"The device key ({path}) is missing, so queued items cannot be read. "
                    "Restore it from the kiosk's backup or ask a member of staff."
                ) from None
        except OSError as exc:
            raise DeviceKeyError(f"The device key ({path}) cannot be read ({exc.strerror}).") from None
        key = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, key)
            os.fsync(fd)
        finally:
            os.close(fd)
        return cls(key)

    def seal(self, plaintext: bytes, associated: bytes) -> bytes:
        nonce = secrets.token_bytes(_NONCE)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, associated)

    def open(self, sealed: bytes, associated: bytes) -> bytes:
        if not sealed or sealed[:1] != _VERSION:
            raise DeviceKeyError("A stored item is in an unknown format. Ask a member of staff.")
        nonce, body = sealed[1 : 1 + _NONCE], sealed[1 + _NONCE :]
        if len(nonce) != _NONCE:
            raise DeviceKeyError("A stored item is in an unknown format. Ask a member of staff.")
        try:
            return self._aead.decrypt(nonce, body, associated)
        except AuthenticationFailed:
            raise DeviceKeyError(
                "The device key does not match this database, so queued items cannot be read. "
                "Restore the right device.key or ask a member of staff."
            ) from None

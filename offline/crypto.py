"""Encryption at rest: answers are sealed with AES-GCM under a device key kept outside the database.

The key is 32 random bytes in ``device.key`` (mode 0600) in the data folder. Each payload
gets a fresh 96-bit nonce and is bound to its submission id as associated data, so a
ciphertext moved to another row does not decrypt.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from offline.errors import DeviceKeyError

KEY_FILE = "device.key"
_NONCE = 12
_VERSION = b"\x01"


class DeviceKey:
    """Seals and opens payloads with the kiosk's device key."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise DeviceKeyError("The kiosk's device key is the wrong length. Ask a member of staff.")
        self._aead = AESGCM(key)

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
        try:
            return self._aead.decrypt(nonce, body, associated)
        except InvalidTag:
            raise DeviceKeyError(
                "The device key does not match this database, so queued items cannot be read. "
                "Restore the right device.key or ask a member of staff."
            ) from None

"""Encryption at rest: answers are sealed with AES-GCM under a device key kept outside the database.

The key is 32 random bytes in ``device.key`` (mode 0600) in the data folder. Each payload
gets a fresh 96-bit nonce and is bound to its submission id as associated data, so a
ciphertext moved to another row does not open.

AES-256-GCM is ``cryptography``'s ``AESGCM`` (it works the same on Linux and Windows). A
sealed item is ``version | nonce | ciphertext | tag``, the layout every version of the
kiosk has written, so items sealed by earlier versions still open
(``tests/offline/test_crypto.py`` checks one, and the published GCM test vectors).

An item that does not open raises :class:`~offline.errors.DamagedItem`: with a device key
that has passed the store's key check at start (``offline.store``), that means the item's
own bytes are damaged, not that the key is wrong.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from offline.errors import DamagedItem, DeviceKeyError, StorageFull, classify_os_error

KEY_FILE = "device.key"
_NONCE = 12
_TAG = 16
_VERSION = b"\x01"

_DAMAGED = "A stored item is damaged and cannot be opened. Ask a member of staff."


class DeviceKey:
    """Seals and opens payloads with the kiosk's device key (safe to share between threads)."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise DeviceKeyError("The kiosk's device key is the wrong length. Ask a member of staff.")
        self._aead = AESGCM(bytes(key))

    @classmethod
    def load(cls, data_dir: Path, *, create: bool) -> DeviceKey:
        """Read the key file; create it (0600, atomically) only when ``create`` is true."""
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
        if not _write_new_file(path, key):  # another process made it first: use theirs
            return cls.load(data_dir, create=False)
        return cls(key)

    def seal(self, plaintext: bytes, associated: bytes) -> bytes:
        nonce = secrets.token_bytes(_NONCE)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, associated)

    def open(self, sealed: bytes, associated: bytes) -> bytes:
        """The plaintext; :class:`DamagedItem` when the bytes are not a sealed item, were
        cut short or altered, or belong to another row (or another key)."""
        if len(sealed) < 1 + _NONCE + _TAG or sealed[:1] != _VERSION:
            raise DamagedItem(_DAMAGED)
        nonce, body = sealed[1 : 1 + _NONCE], sealed[1 + _NONCE :]
        try:
            return self._aead.decrypt(nonce, body, associated)
        except InvalidTag:
            raise DamagedItem(_DAMAGED) from None


def _write_new_file(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` (mode 0600) so that ``path`` is either absent or complete:
    a temporary file beside it, written, flushed and fsynced, then put in place without
    replacing an existing file, then the folder fsynced. False if ``path`` already exists.

    A full disk raises :class:`StorageFull` and leaves no file behind."""
    folder = path.parent
    temporary = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            with os.fdopen(fd, "wb", closefd=False) as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        finally:
            os.close(fd)
        try:
            if os.name == "nt":
                os.rename(temporary, path)  # Windows' rename refuses an existing target
            else:
                os.link(temporary, path)  # refuses an existing target; rename would replace it
                os.unlink(temporary)
        except FileExistsError:
            _remove(temporary)
            return False
        _fsync_folder(folder)
    except OSError as exc:
        _remove(temporary)
        problem = classify_os_error(exc, f"The device key ({path}) cannot be written")
        if isinstance(problem, StorageFull):
            raise problem from None
        raise DeviceKeyError(str(problem)) from None
    return True


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable. Windows cannot open a folder for fsync (and
    NTFS journals the rename itself), so there it is skipped."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass

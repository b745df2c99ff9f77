"""Known environmental failures of local storage, kept apart from bugs.

Each carries one plain line for staff or the command line, and never personal data.
"""

from __future__ import annotations

import errno


class StorageError(Exception):
    """Local storage cannot be used; ``str(exc)`` is a plain one-line explanation."""


class StorageFull(StorageError):
    """The disk is full or refuses writes: nothing was stored."""


class StorageCorrupt(StorageError):
    """The database file is damaged or is not a kiosk database."""


class DeviceKeyError(StorageError):
    """The device key is missing, unreadable or does not match this database."""


class DamagedItem(StorageError):
    """One stored item's sealed answers cannot be opened (its bytes were altered or cut
    short), although the device key is right (checked once at start). It is that item's
    trouble only: catch it, set the item aside for staff and carry on with the others.
    ``submission_id`` and ``reference`` name the item when the outbox raised it."""

    def __init__(self, message: str, *, submission_id: str | None = None,
                 reference: str | None = None) -> None:
        super().__init__(message)
        self.submission_id = submission_id
        self.reference = reference


class NotStored(StorageError):
    """A write failed for another environmental reason (locked, I/O error): nothing was stored."""


def classify_sqlite_error(exc: BaseException) -> StorageError:
    """Turn a SQLite/SQLAlchemy error into a known storage failure with a plain message."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "disk is full" in text or "disk i/o error" in text or "file too large" in text:
        return StorageFull(
            "The kiosk's disk is full or cannot be written to, so nothing was saved. Ask a member of staff."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageCorrupt(
            "The kiosk's database is damaged and cannot be used. Ask a member of staff to restore it."
        )
    if "locked" in text or "busy" in text:
        return NotStored("The kiosk's database is busy, so nothing was saved. Try again in a moment.")
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return NotStored("The kiosk cannot open or write its database. Ask a member of staff.")
    return NotStored(f"The kiosk could not save to its database ({type(exc).__name__}). Ask a member of staff.")


def full_disk_at_start() -> StorageFull:
    """The disk is full while the kiosk makes its key and database (its first start)."""
    return StorageFull(
        "The kiosk's disk is full, so it cannot start. Free some space on the disk or ask a "
        "member of staff."
    )


_DISK_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG})


def classify_os_error(exc: OSError, what: str) -> StorageError:
    """A file-system error while making the kiosk's files: a full disk said so plainly,
    anything else as ``what`` with the system's reason."""
    if exc.errno in _DISK_FULL:
        return full_disk_at_start()
    return StorageError(f"{what} ({exc.strerror}).")

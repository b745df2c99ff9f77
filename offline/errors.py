"""Known environmental failures of local storage, kept apart from bugs.

Each carries one plain line for staff or the command line, and never personal data.
"""

from __future__ import annotations

import errno
import sqlite3

from kiosk.bugs import report_bug


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


def sqlite_code(exc: BaseException) -> int | None:
    """SQLite's (extended) result code of ``exc``, a ``sqlite3.Error`` or a SQLAlchemy
    error wrapping one; None when it carries none (then it is not SQLite's own failure)."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    return code if isinstance(code, int) else None


_NOTHING_SAVED = "so nothing was saved. Ask a member of staff."
# Primary result codes (the low byte of an extended code) that are the machine's trouble,
# not the kiosk's: each with what staff and residents are told.
_KNOWN: dict[int, tuple[type[StorageError], str]] = {
    sqlite3.SQLITE_FULL: (StorageFull, f"The kiosk's disk is full, {_NOTHING_SAVED}"),
    sqlite3.SQLITE_IOERR: (StorageFull, f"The kiosk's disk is full or cannot be written to, {_NOTHING_SAVED}"),
    sqlite3.SQLITE_CORRUPT: (StorageCorrupt, "The kiosk's database is damaged and cannot be used. "
                                             "Ask a member of staff to restore it."),
    sqlite3.SQLITE_NOTADB: (StorageCorrupt, "The kiosk's database is damaged and cannot be used. "
                                            "Ask a member of staff to restore it."),
    sqlite3.SQLITE_BUSY: (NotStored, "The kiosk's database is busy, so nothing was saved. Try again in a moment."),
    sqlite3.SQLITE_LOCKED: (NotStored, "The kiosk's database is busy, so nothing was saved. Try again in a moment."),
    sqlite3.SQLITE_READONLY: (NotStored, f"The kiosk cannot write its database, {_NOTHING_SAVED}"),
    sqlite3.SQLITE_CANTOPEN: (NotStored, f"The kiosk cannot open its database, {_NOTHING_SAVED}"),
    sqlite3.SQLITE_PERM: (NotStored, f"The kiosk is not allowed to write its database, {_NOTHING_SAVED}"),
    sqlite3.SQLITE_NOMEM: (NotStored, f"The kiosk ran out of memory, {_NOTHING_SAVED}"),
}


def classify_sqlite_error(exc: BaseException) -> StorageError:
    """Turn a SQLite/SQLAlchemy error into a storage failure with a plain message, by
    SQLite's result code (``sqlite_errorcode``), never by the text of the message.

    An error that is not one of the machine's known troubles (a full disk, a read-only or
    damaged file, a busy database, an I/O error) is a bug: it is logged as the crash hook
    logs one (kind, SQLite's error name and where, no message or values) and still
    becomes "nothing was saved" for the resident."""
    code = sqlite_code(exc)
    known = _KNOWN.get(code & 0xFF) if code is not None else None
    if known is not None:
        kind, message = known
        return kind(message)
    orig = getattr(exc, "orig", None) or exc
    name = getattr(orig, "sqlite_errorname", None)
    report_bug(type(orig), exc.__traceback__, "nothing was saved", frames=8, own_only=True,
               detail=name if isinstance(name, str) and name.isidentifier() else "")
    return NotStored(f"The kiosk could not save to its database, {_NOTHING_SAVED}")


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

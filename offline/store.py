"""The kiosk's SQLite file: opening it safely, migrating it, and short transactions on it.

WAL with ``synchronous=FULL`` (a commit that returned is on disk), foreign keys, a busy
timeout and ``secure_delete`` (deleted content is overwritten with zeros; with a WAL
checkpoint after each purge, delivered answers leave the disk). The database and its
-wal/-shm files are mode 0600, like the key. Alembic migrations ship in ``offline/migrations`` and run
at open, after a backup made with SQLite's backup API (overwritten and deleted once the migrated
database has opened and passed its check). ``PRAGMA quick_check`` runs at
open; a failure marks the store unhealthy so nothing is sent, and says why.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from offline.crypto import KEY_FILE, DeviceKey
from offline.errors import (
    DamagedItem,
    DeviceKeyError,
    StorageCorrupt,
    StorageError,
    StorageFull,
    classify_os_error,
    classify_sqlite_error,
    full_disk_at_start,
)
from offline.models import KeyValue, Submission

log = logging.getLogger(__name__)

DB_FILE = "kiosk.db"
_MIGRATIONS = Path(__file__).with_name("migrations")
_KEY_CHECK = "device_key_check"
_KEY_CHECK_PLAIN = b"council-kiosk key check"
_KEY_CHECK_ASSOCIATED = b"key-check"
# How many stored items an old database without a key-check value is tried against.
_KEY_CHECK_SAMPLES = 20
WRONG_KEY = ("The device key does not match this database, so queued items cannot be read. "
             "Restore the right device.key or ask a member of staff.")

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
    "PRAGMA secure_delete=ON",
    "PRAGMA temp_store=MEMORY",
)


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """UTC ISO-8601 with a Z, to the microsecond, sortable as text."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_iso(value: str) -> datetime:
    """The inverse of ``iso`` (``fromisoformat`` reads the ``Z``; strptime was a hot spot
    of the sender, six parses per delivery)."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None or len(value) != 27 or not value.endswith("Z"):
        raise ValueError(f"not a stored UTC time: {value!r}")
    return moment.astimezone(UTC)


# The newest migration in offline/migrations/versions. Opening a database that is already
# there costs one SELECT and no Alembic import; tests check this matches Alembic's head.
HEAD_REVISION = "0008"


def alembic_config(engine: Engine | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    """The head as Alembic computes it from the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cur = dbapi_conn.cursor()
        for pragma in PRAGMAS:
            cur.execute(pragma)
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Store:
    """The open database plus the device key. Create with ``Store.open``.

    ``healthy`` is false when the integrity check failed; ``problem`` then says why, and
    the sender must not send.
    """

    def __init__(self, data_dir: Path, engine: Engine, key: DeviceKey) -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.key = key
        self.healthy = True
        self.problem = ""

    @classmethod
    def open(cls, data_dir: Path, *, create: bool = True) -> Store:
        """Open (and create, migrate and check) the store in ``data_dir``."""
        data_dir = Path(data_dir)
        try:
            data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise classify_os_error(exc, f"The data folder {data_dir} cannot be created") from None
        db_path = data_dir / DB_FILE
        existed = db_path.exists() and db_path.stat().st_size > 0
        if existed:
            _check_is_database(db_path)
        key_made = not existed and not (data_dir / KEY_FILE).exists()
        key = DeviceKey.load(data_dir, create=not existed)
        try:
            if not existed:
                _make_private(db_path)
            engine = make_engine(db_path)
        except OSError as exc:
            if key_made:
                _undo_first_start(data_dir)
            raise classify_os_error(exc, f"The kiosk's database {db_path} cannot be made") from None
        store = cls(data_dir, engine, key)
        try:
            store._migrate(db_path, existed)
            store._check_key()
            store._quick_check()
            _keep_private(db_path)
            _remove_migration_backups(db_path)
        except DeviceKeyError:
            engine.dispose()
            raise
        except (DBAPIError, SQLAlchemyError, sqlite3.Error, OSError) as exc:
            engine.dispose()
            problem = (classify_os_error(exc, f"The kiosk's database {db_path} cannot be made")
                       if isinstance(exc, OSError) else classify_sqlite_error(exc))
            if key_made:  # a first start that failed (a full disk): leave nothing half-made
                _undo_first_start(data_dir)
                if isinstance(problem, StorageFull):
                    problem = full_disk_at_start()
            raise problem from None
        return store

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions -------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Session]:
        """A short write transaction (``BEGIN IMMEDIATE``); commits when the block ends.

        The one way anything is written: when the block ends without an error the commit
        has returned, so the data is on disk (``synchronous=FULL``); on any error the
        transaction is rolled back."""
        with self.engine.connect() as conn:
            conn.execution_options(sqlite_begin="IMMEDIATE")
            with Session(bind=conn, expire_on_commit=False) as session, session.begin():
                yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.engine.connect() as conn, Session(bind=conn) as session, session.begin():
            yield session

    def checkpoint(self) -> bool:
        """Fold the WAL back into the main file and truncate it to nothing.

        Called after answers are purged: with ``secure_delete`` the main file's pages then
        hold zeros where the answers were, and the WAL's older copies of those pages are
        gone. False when a reader held the WAL (the next purge's checkpoint finishes it)."""
        with self.engine.connect() as conn:
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
        return busy is not None and busy[0] == 0

    # -- key-value facts ------------------------------------------------------------------
    def get_value(self, key: str) -> str | None:
        with self.read() as s:
            return s.scalar(select(KeyValue.value).where(KeyValue.key == key))

    def set_value(self, key: str, value: str | None) -> None:
        with self.write() as s:
            row = s.get(KeyValue, key)
            if value is None:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(KeyValue(key=key, value=value, updated_utc=iso(utc_now())))
            else:
                row.value = value
                row.updated_utc = iso(utc_now())

    # -- opening steps --------------------------------------------------------------------
    def _migrate(self, db_path: Path, existed: bool) -> None:
        with self.engine.connect() as conn:
            has_version = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).first() is not None
            rows = (conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
                    if has_version else [])
        if [r[0] for r in rows] == [HEAD_REVISION]:
            return
        from alembic import command  # only when there is something to migrate

        if existed:
            _backup(db_path, db_path.with_name(f"{db_path.name}.before-{HEAD_REVISION}.bak"))
        command.upgrade(alembic_config(self.engine), "head")

    def _check_key(self) -> None:
        """Check the device key once, against the key-check value (a known text sealed
        with it) kept in the database, so that "wrong key" is said only when the key is
        wrong; after this, an item that does not open is that item's damage
        (``DamagedItem``). A database without a check value (made before there was one)
        gets it now, but only if the key opens one of its sealed items (when it has any)."""
        stored = self.get_value(_KEY_CHECK)
        if stored is None:
            if not self._key_opens_a_stored_item():
                raise DeviceKeyError(WRONG_KEY)
            self.set_value(_KEY_CHECK, self.key.seal(_KEY_CHECK_PLAIN, _KEY_CHECK_ASSOCIATED).hex())
            return
        try:
            opened = self.key.open(bytes.fromhex(stored), _KEY_CHECK_ASSOCIATED)
        except (DamagedItem, ValueError):
            opened = None
        if opened != _KEY_CHECK_PLAIN:
            raise DeviceKeyError(WRONG_KEY)

    def _key_opens_a_stored_item(self) -> bool:
        """True when there is no sealed item, or the key opens one of the newest few."""
        with self.read() as s:
            rows = s.execute(
                select(Submission.id, Submission.payload).where(Submission.payload.is_not(None))
                .order_by(Submission.seq.desc()).limit(_KEY_CHECK_SAMPLES)
            ).all()
        for submission_id, payload in rows:
            if payload is None:
                continue
            try:
                self.key.open(payload, submission_id.encode("ascii"))
                return True
            except (DamagedItem, UnicodeEncodeError):
                continue
        return not rows

    def _quick_check(self) -> None:
        with self.engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
        if rows != ["ok"]:
            self.healthy = False
            self.problem = (
                "The kiosk's database failed its integrity check, so nothing will be sent. "
                "Ask a member of staff to restore it."
            )


def _check_is_database(db_path: Path) -> None:
    try:
        with db_path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise StorageError(f"The kiosk's database {db_path} cannot be read ({exc.strerror}).") from None
    if header != b"SQLite format 3\x00":
        raise StorageCorrupt(
            f"{db_path} is not a kiosk database (it may be damaged). Ask a member of staff to restore it."
        )


# The database and the files SQLite keeps beside it; they hold answers, so are as private as
# the key. SQLite gives the -wal and -shm files the main file's mode.
_DB_SUFFIXES = ("", "-wal", "-shm", "-journal")


def _make_private(db_path: Path) -> None:
    """Create the (empty) database file with mode 0600 before SQLite opens it."""
    fd = os.open(db_path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    os.close(fd)


def _keep_private(db_path: Path) -> None:
    """Mode 0600 for the database and its -wal/-shm files (made by an earlier kiosk perhaps).
    On Windows ``chmod`` can only set read-only, so there the data folder's access list (the
    kiosk's own user account) is what keeps them private; nothing is changed."""
    if os.name == "nt":
        return
    for suffix in _DB_SUFFIXES:
        path = db_path.with_name(db_path.name + suffix)
        try:
            if stat.S_IMODE(path.stat().st_mode) != 0o600:
                os.chmod(path, 0o600)
        except FileNotFoundError:
            continue


def _undo_first_start(data_dir: Path) -> None:
    """Remove what a failed first start made (the key it wrote, the database files it
    began), so the next start begins afresh instead of finding a key without a database."""
    for name in (KEY_FILE, *(DB_FILE + suffix for suffix in _DB_SUFFIXES)):
        try:
            (data_dir / name).unlink()
        except FileNotFoundError:
            continue
        except OSError:
            log.warning("could not remove %s after a failed first start", name)


def _remove_migration_backups(db_path: Path) -> None:
    """Once the migrated database has opened with its key and passed its check, the copy
    made before the migration has done its job; it holds the answers that were waiting
    then, which would otherwise stay readable on disk after they were delivered. It is
    overwritten, then deleted. (A migration that fails leaves it, for recovery.)"""
    for backup in db_path.parent.glob(f"{db_path.name}.before-*.bak"):
        try:
            size = backup.stat().st_size
            with backup.open("r+b") as fh:
                fh.write(b"\0" * size)
                fh.flush()
                os.fsync(fh.fileno())
            backup.unlink()
        except OSError as exc:  # tried again at the next start; never the answers
            log.warning("a migration backup could not be removed (%s)", type(exc).__name__)


def _backup(source: Path, target: Path) -> None:
    _make_private(target)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()

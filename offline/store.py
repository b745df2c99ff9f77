"""The kiosk's SQLite file: opening it safely, migrating it, and short transactions on it.

WAL with ``synchronous=FULL`` (a commit that returned is on disk), foreign keys, a busy
timeout and ``secure_delete``. Alembic migrations ship in ``offline/migrations`` and run
at open, after a backup made with SQLite's backup API. ``PRAGMA quick_check`` runs at
open; a failure marks the store unhealthy so nothing is sent, and says why.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from offline.crypto import DeviceKey
from offline.errors import DeviceKeyError, StorageCorrupt, StorageError, classify_sqlite_error
from offline.models import KeyValue

DB_FILE = "kiosk.db"
_MIGRATIONS = Path(__file__).with_name("migrations")
_KEY_CHECK = "device_key_check"
_KEY_CHECK_PLAIN = b"council-kiosk key check"

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
HEAD_REVISION = "0004"


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
        self._writer: sqlite3.Connection | None = None
        self._writer_lock = threading.Lock()

    @classmethod
    def open(cls, data_dir: Path, *, create: bool = True) -> Store:
        """Open (and create, migrate and check) the store in ``data_dir``."""
        data_dir = Path(data_dir)
        try:
            data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StorageError(f"The data folder {data_dir} cannot be created ({exc.strerror}).") from None
        db_path = data_dir / DB_FILE
        existed = db_path.exists() and db_path.stat().st_size > 0
        if existed:
            _check_is_database(db_path)
        key = DeviceKey.load(data_dir, create=not existed)
        engine = make_engine(db_path)
        store = cls(data_dir, engine, key)
        try:
            store._migrate(db_path, existed)
            store._check_key()
            store._quick_check()
        except DeviceKeyError:
            engine.dispose()
            raise
        except (DBAPIError, SQLAlchemyError, sqlite3.Error) as exc:
            engine.dispose()
            raise classify_sqlite_error(exc) from None
        return store

    def close(self) -> None:
        with self._writer_lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
        self.engine.dispose()

    # -- transactions -------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Session]:
        """A short write transaction (``BEGIN IMMEDIATE``); commits when the block ends."""
        with self.engine.connect() as conn:
            conn.execution_options(sqlite_begin="IMMEDIATE")
            with Session(bind=conn, expire_on_commit=False) as session, session.begin():
                yield session

    @contextmanager
    def raw_write(self) -> Iterator[sqlite3.Cursor]:
        """The hot path: one long-lived DB-API connection, ``BEGIN IMMEDIATE`` … ``COMMIT``.

        Used where a resident is waiting (enqueue). When the block ends without an error
        the commit has returned, so the data is on disk (``synchronous=FULL``); on any
        error the transaction is rolled back.
        """
        with self._writer_lock:
            if self._writer is None:
                conn = sqlite3.connect(self.data_dir / DB_FILE, isolation_level=None,
                                       check_same_thread=False)
                for pragma in PRAGMAS:
                    conn.execute(pragma)
                self._writer = conn
            cur = self._writer.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield cur
                cur.execute("COMMIT")
            except BaseException:
                if self._writer.in_transaction:
                    self._writer.execute("ROLLBACK")
                raise
            finally:
                cur.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.engine.connect() as conn, Session(bind=conn) as session, session.begin():
            yield session

    def checkpoint(self) -> None:
        """Fold the WAL back into the main file and truncate it (after purges)."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

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
        stored = self.get_value(_KEY_CHECK)
        if stored is None:
            self.set_value(_KEY_CHECK, self.key.seal(_KEY_CHECK_PLAIN, b"key-check").hex())
            return
        if self.key.open(bytes.fromhex(stored), b"key-check") != _KEY_CHECK_PLAIN:
            raise DeviceKeyError("The device key does not match this database.")

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


def _backup(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()

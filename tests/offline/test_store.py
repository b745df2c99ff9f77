"""The SQLite file: pragmas, migrations, integrity check, and real storage faults."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import IntegrityError

from offline.errors import DamagedItem, DeviceKeyError, StorageCorrupt
from offline.models import Base
from offline.outbox import Draft, Outbox
from offline.store import DB_FILE, HEAD_REVISION, Store, alembic_config, head_revision, make_engine


def test_pragmas_are_set(store: Store) -> None:
    with store.engine.connect() as conn:
        get = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert get("journal_mode") == "wal"
        assert get("synchronous") == 2  # FULL
        assert get("foreign_keys") == 1
        assert get("busy_timeout") == 5000
        assert get("secure_delete") == 1


def test_fresh_database_is_at_head(store: Store) -> None:
    with store.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()


def test_the_head_the_store_checks_is_alembics_head() -> None:
    # Store.open compares the database with HEAD_REVISION without importing Alembic; a new
    # migration must move it, or databases would never be upgraded.
    assert HEAD_REVISION == head_revision()


def test_models_match_migrations(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_upgrade_from_the_first_revision_keeps_queued_items(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    engine = make_engine(data_dir / DB_FILE)
    command.upgrade(alembic_config(engine), "0001")
    sid = str(uuid.uuid4())
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO submission (id, seq, reference, journey_id, journey_version, language, assisted,"
            " kiosk_id, created_utc, updated_utc, state, attempts, bad_request_count, payload_sha256)"
            " VALUES (?, 1, 'KQ7R4MXT9', 'report-fly-tipping', '1', 'en', 0, 'k',"
            " '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z', 'queued', 0, 0, 'x')",
            (sid,),
        )
    engine.dispose()
    # the device key is made by the first Store.open; an old database without one is not ours
    from offline.crypto import DeviceKey

    DeviceKey.load(data_dir, create=True)
    store = Store.open(data_dir)
    try:
        item = Outbox(store).get(sid)
        assert item is not None and item.state == "queued"
        with store.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
            assert conn.exec_driver_sql("SELECT count(*) FROM help_request").scalar() == 0
    finally:
        store.close()
    backups = list(data_dir.glob("kiosk.db.before-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT count(*) FROM submission").fetchone() == (1,)


def test_a_file_that_is_not_a_database_is_refused(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / DB_FILE).write_bytes(b"this is a shopping list, not a database" * 100)
    with pytest.raises(StorageCorrupt) as info:
        Store.open(data_dir)
    assert "not a kiosk database" in str(info.value)
    assert "\n" not in str(info.value)


def test_a_damaged_database_fails_its_check_and_will_not_send(data_dir: Path) -> None:
    store = Store.open(data_dir)
    outbox = Outbox(store)
    for i in range(300):
        outbox.enqueue(Draft(id=str(uuid.uuid4()), journey_id="j", journey_version="1",
                             answers={"n": i, "pad": "x" * 400}, destination="d"))
    store.checkpoint()
    store.close()
    path = data_dir / DB_FILE
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='ix_submission_waiting'").fetchone()[0]
    with path.open("r+b") as fh:  # scribble over one page of an index
        fh.seek((root - 1) * page_size + 8)
        fh.write(b"\xff" * 64)
    try:
        damaged = Store.open(data_dir)
    except StorageCorrupt as exc:  # some damage is caught before the check runs
        assert "damaged" in str(exc)
        return
    try:
        assert not damaged.healthy
        assert "integrity check" in damaged.problem
        try:
            assert Outbox(damaged).status().as_dict()["healthy"] is False
        except StorageCorrupt as exc:  # reading the damaged index is refused in plain words
            assert "damaged" in str(exc)
    finally:
        damaged.close()


FULL_DISK_SCRIPT = r"""
import json, sys, uuid, os
from pathlib import Path
from offline.store import Store
from offline.outbox import Draft, Outbox
from offline.errors import StorageError
folder = Path(sys.argv[1])
receipts, failure = [], None
store = Store.open(folder)
outbox = Outbox(store)
for i in range(10000):
    d = Draft(id=str(uuid.uuid4()), journey_id="j", journey_version="1",
              answers={"blob": os.urandom(3000).hex()}, destination="d")
    try:
        receipts.append(outbox.enqueue(d).reference)
    except StorageError as exc:
        failure = str(exc)
        break
print(json.dumps({"receipts": receipts, "failure": failure}))
"""


def _mount_small_tmpfs(folder: Path) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    folder.mkdir(parents=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(folder)],
                            capture_output=True)
    return result.returncode == 0


def test_a_full_disk_gives_no_receipt_for_what_was_not_stored(tmp_path: Path) -> None:
    """A real full disk: a 512 KiB tmpfs (as root), else a real file-size limit."""
    import json

    folder = tmp_path / "small"
    mounted = _mount_small_tmpfs(folder)
    try:
        if mounted:
            run = subprocess.run([sys.executable, "-c", FULL_DISK_SCRIPT, str(folder)],
                                 capture_output=True, text=True, timeout=120)
        else:  # no root: RLIMIT_FSIZE makes the kernel refuse to grow files, for real
            folder.mkdir(parents=True)
            limit = ("import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
                     "resource.setrlimit(resource.RLIMIT_FSIZE, (400000, 400000))\n")
            run = subprocess.run([sys.executable, "-c", limit + FULL_DISK_SCRIPT, str(folder)],
                                 capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        result = json.loads(run.stdout)
        assert result["failure"] is not None, "the disk never filled"
        assert "nothing was saved" in result["failure"]
        receipts = result["receipts"]
        assert receipts
        if mounted:  # make room to read it back
            subprocess.run(["mount", "-o", "remount,size=4m", str(folder)], check=True)
        store = Store.open(folder)
        try:
            outbox = Outbox(store)
            assert outbox.status().counts["queued"] == len(receipts)
            for ref in receipts:
                assert outbox.by_reference(ref) is not None
        finally:
            store.close()
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


# -- the device key's check value ------------------------------------------------------------
def _enqueue(outbox: Outbox, n: int) -> list[str]:
    return [outbox.enqueue(Draft(id=str(uuid.uuid4()), journey_id="j", journey_version="1",
                                 answers={"n": i}, destination="d")).submission_id for i in range(n)]


def _damage_payload(data_dir: Path, submission_id: str) -> None:
    with sqlite3.connect(data_dir / DB_FILE) as conn:
        payload = bytearray(conn.execute("SELECT payload FROM submission WHERE id = ?",
                                         (submission_id,)).fetchone()[0])
        payload[20] ^= 0x01  # one byte of the ciphertext
        conn.execute("UPDATE submission SET payload = ? WHERE id = ?", (bytes(payload), submission_id))


def _check_value(data_dir: Path) -> str | None:
    with sqlite3.connect(data_dir / DB_FILE) as conn:
        row = conn.execute("SELECT value FROM kv WHERE key = 'device_key_check'").fetchone()
    return row[0] if row else None


def test_a_damaged_item_is_that_items_trouble_not_a_wrong_key(data_dir: Path) -> None:
    store = Store.open(data_dir)
    ids = _enqueue(Outbox(store), 3)
    store.close()
    _damage_payload(data_dir, ids[0])
    store = Store.open(data_dir)  # the key is right: the check value says so
    try:
        outbox = Outbox(store)
        with pytest.raises(DamagedItem, match="damaged") as info:
            outbox.read_answers(ids[0])
        assert info.value.submission_id == ids[0]
        assert info.value.reference == outbox.get(ids[0]).reference
        assert "does not match" not in str(info.value)
        assert outbox.read_answers(ids[1]) == {"n": 1}  # the others still open
    finally:
        store.close()


def test_a_wrong_key_is_told_at_open_even_with_no_items(data_dir: Path) -> None:
    Store.open(data_dir).close()
    assert _check_value(data_dir) is not None
    (data_dir / "device.key").write_bytes(b"\x02" * 32)
    with pytest.raises(DeviceKeyError, match="does not match this database"):
        Store.open(data_dir)


def _forget_check_value(data_dir: Path) -> None:
    with sqlite3.connect(data_dir / DB_FILE) as conn:
        conn.execute("DELETE FROM kv WHERE key = 'device_key_check'")


def test_an_older_database_gets_its_check_value_from_the_right_key(data_dir: Path) -> None:
    store = Store.open(data_dir)
    ids = _enqueue(Outbox(store), 2)
    store.close()
    _forget_check_value(data_dir)
    _damage_payload(data_dir, ids[1])  # the newest is damaged; the one before opens
    Store.open(data_dir).close()
    assert _check_value(data_dir) is not None


def test_an_older_database_with_a_wrong_key_gets_no_check_value(data_dir: Path) -> None:
    store = Store.open(data_dir)
    _enqueue(Outbox(store), 2)
    store.close()
    _forget_check_value(data_dir)
    right = (data_dir / "device.key").read_bytes()
    (data_dir / "device.key").write_bytes(b"\x03" * 32)
    with pytest.raises(DeviceKeyError, match="does not match this database"):
        Store.open(data_dir)
    assert _check_value(data_dir) is None  # the wrong key was not written down as right
    (data_dir / "device.key").write_bytes(right)
    Store.open(data_dir).close()
    assert _check_value(data_dir) is not None


def test_an_older_empty_database_gets_its_check_value(data_dir: Path) -> None:
    Store.open(data_dir).close()
    _forget_check_value(data_dir)
    Store.open(data_dir).close()
    assert _check_value(data_dir) is not None


# -- delivered answers leave the disk -----------------------------------------------------
def _slices(data: bytes, size: int = 16) -> list[bytes]:
    return [data[i:i + size] for i in range(0, len(data) - size + 1, size)]


def _files_holding(folder: Path, pieces: list[bytes]) -> list[str]:
    found = []
    for path in sorted(folder.iterdir()):
        if path.is_file():
            content = path.read_bytes()
            if any(piece in content for piece in pieces):
                found.append(path.name)
    return found


def _sealed(store: Store, submission_id: str) -> bytes:
    with store.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT payload FROM submission WHERE id = ?",
                                    (submission_id,)).scalar()


@pytest.mark.parametrize("size", [200, 20_000], ids=["in-the-page", "overflow-pages"])
def test_a_delivered_answers_bytes_are_in_no_file_while_the_store_is_open(
        data_dir: Path, size: int) -> None:
    store = Store.open(data_dir)
    try:
        outbox = Outbox(store)
        words = "Siân at 12 Heol y Bont " + os.urandom(size // 2).hex()
        others = [outbox.enqueue(Draft(id=str(uuid.uuid4()), journey_id="j", journey_version="1",
                                       answers={"note": "x" * size}, destination="d"))
                  for _ in range(3)]
        sid = outbox.enqueue(Draft(id=str(uuid.uuid4()), journey_id="j", journey_version="1",
                                   answers={"note": words}, destination="d")).submission_id
        pieces = _slices(_sealed(store, sid)) + [words.encode()[:40]]
        assert _files_holding(data_dir, pieces)  # the test can fail: the bytes are there now
        claimed = outbox.claim_batch("sender", limit=10)
        assert sid in [c.item.id for c in claimed]
        outbox.record_delivered(sid, remote_id="123")
        assert _files_holding(data_dir, pieces) == []
        # the others are untouched and still open
        assert outbox.read_answers(others[0].submission_id) == {"note": "x" * size}
    finally:
        store.close()


def test_withdrawn_answers_leave_the_disk_too(data_dir: Path) -> None:
    store = Store.open(data_dir)
    try:
        outbox = Outbox(store)
        sid = outbox.enqueue(Draft(id=str(uuid.uuid4()), journey_id="j", journey_version="1",
                                   answers={"note": "n" * 3000}, destination="d")).submission_id
        pieces = _slices(_sealed(store, sid))
        store.checkpoint()  # the bytes now in the main file, not only the WAL
        assert _files_holding(data_dir, pieces) == [DB_FILE]
        outbox.withdraw(sid, "the resident asked")
        assert _files_holding(data_dir, pieces) == []
    finally:
        store.close()


@pytest.mark.skipif(os.name == "nt", reason="Windows has no file modes: the folder's access list keeps it")
def test_the_database_and_its_wal_are_private(data_dir: Path) -> None:
    store = Store.open(data_dir)
    try:
        Outbox(store).enqueue(Draft(id=str(uuid.uuid4()), journey_id="j", journey_version="1",
                                    answers={}, destination="d"))
        for name in (DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm"):
            assert (data_dir / name).stat().st_mode & 0o777 == 0o600, name
    finally:
        store.close()
    os.chmod(data_dir / DB_FILE, 0o644)  # made by an earlier kiosk
    Store.open(data_dir).close()
    assert (data_dir / DB_FILE).stat().st_mode & 0o777 == 0o600


def test_the_claim_walks_the_waiting_index(store: Store) -> None:
    # the claim goes through SQLAlchemy now; it must still walk the partial index in seq
    # order, not every tombstone of the day
    from sqlalchemy import event

    outbox = Outbox(store)
    _enqueue(outbox, 3)
    plans: list[str] = []

    def explain(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if statement.lstrip().startswith("SELECT") and "ORDER BY submission.seq" in statement:
            rows = cursor.connection.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            plans.append(" ".join(str(r[-1]) for r in rows))

    event.listen(store.engine, "before_cursor_execute", explain)
    try:
        assert len(outbox.claim_batch("sender", exclude_destinations=["elsewhere"])) == 3
    finally:
        event.remove(store.engine, "before_cursor_execute", explain)
    assert plans and all("USING INDEX ix_submission_waiting" in plan for plan in plans), plans


def test_upgrade_to_unconfirmed_keeps_the_attempt_log_and_accepts_the_new_state(data_dir: Path) -> None:
    # 0004 widens the state CHECK in place: rebuilding the table would cascade-delete attempts
    data_dir.mkdir(parents=True)
    engine = make_engine(data_dir / DB_FILE)
    command.upgrade(alembic_config(engine), "0003")
    sid = str(uuid.uuid4())
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO submission (id, seq, reference, journey_id, journey_version, language, assisted,"
            " kiosk_id, created_utc, updated_utc, state, attempts, bad_request_count, payload_sha256)"
            " VALUES (?, 1, 'KQ7R4MXT9', 'report-fly-tipping', '1', 'en', 0, 'k',"
            " '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z', 'retrying', 1, 0, 'x')",
            (sid,),
        )
        conn.exec_driver_sql("INSERT INTO attempt (submission_id, at_utc, outcome) VALUES"
                             " (?, '2026-01-01T00:00:00.000000Z', 'retrying')", (sid,))
        with pytest.raises(IntegrityError):
            conn.exec_driver_sql("UPDATE submission SET state = 'unconfirmed'")
    engine.dispose()
    from offline.crypto import DeviceKey

    DeviceKey.load(data_dir, create=True)
    store = Store.open(data_dir)
    try:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE submission SET state = 'unconfirmed'")
            assert conn.exec_driver_sql("SELECT count(*) FROM attempt").scalar() == 1
            with pytest.raises(IntegrityError):
                conn.exec_driver_sql("UPDATE submission SET state = 'lost'")
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert Outbox(store).status().counts["unconfirmed"] == 1
    finally:
        store.close()

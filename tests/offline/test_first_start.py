"""The first start on a full disk, through the real command: the kiosk says the disk is full
and leaves no key (nor half a database) behind, so the next start, with room, just works."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from offline.crypto import KEY_FILE, DeviceKey
from offline.errors import StorageFull
from offline.store import DB_FILE
from tests.test_cli import kiosk

PAGE = 4096


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB tmpfs (mounting needs root; without it the test is skipped)."""
    if os.name == "nt" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a small tmpfs can only be mounted by root on Linux")
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"tmpfs could not be mounted here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _fill(disk: Path, leave_pages: int) -> None:
    """Fill ``disk`` to the last byte, then free ``leave_pages`` pages."""
    spare = disk / "spare"
    spare.write_bytes(b"s" * PAGE * leave_pages)
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"f" * PAGE) == PAGE:
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    spare.unlink()


def _says_the_disk_is_full(run: subprocess.CompletedProcess[str]) -> None:
    assert run.returncode != 0
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert "disk is full" in lines[0] and "Traceback" not in run.stderr


@pytest.mark.parametrize("room", [0, 1], ids=["no-room-for-the-key", "room-for-the-key-only"])
def test_a_first_start_on_a_full_disk_leaves_nothing_behind(small_disk: Path, room: int) -> None:
    _fill(small_disk, leave_pages=room)
    data = small_disk / "data"
    run = kiosk("queue", "status", data_dir=data)
    _says_the_disk_is_full(run)
    left = sorted(p.name for p in data.iterdir()) if data.exists() else []
    assert left == []  # no key (not even 0 bytes), no temporary file, no database
    (small_disk / "filler").unlink()  # staff make room: the next start just works
    subprocess.run(["mount", "-o", "remount,size=8m", str(small_disk)], check=True)
    again = kiosk("queue", "status", data_dir=data)
    assert again.returncode == 0, again.stderr
    assert len((data / KEY_FILE).read_bytes()) == 32
    assert stat.S_IMODE((data / DB_FILE).stat().st_mode) == 0o600


def test_the_key_is_written_whole_or_not_at_all(small_disk: Path) -> None:
    _fill(small_disk, leave_pages=0)
    folder = small_disk / "k"
    folder.mkdir()
    with pytest.raises(StorageFull, match="disk is full"):
        DeviceKey.load(folder, create=True)
    assert list(folder.iterdir()) == []


def test_a_key_made_by_another_process_first_is_kept(tmp_path: Path) -> None:
    # two first starts at once: the key that got there first wins, never replaced
    first = DeviceKey.load(tmp_path, create=True)
    kept = (tmp_path / KEY_FILE).read_bytes()
    from offline.crypto import _write_new_file

    assert _write_new_file(tmp_path / KEY_FILE, os.urandom(32)) is False
    assert (tmp_path / KEY_FILE).read_bytes() == kept
    assert sorted(p.name for p in tmp_path.iterdir()) == [KEY_FILE]
    sid = str(uuid.uuid4()).encode()
    assert DeviceKey.load(tmp_path, create=True).open(first.seal(b"x", sid), sid) == b"x"

"""Shared fixtures: a temporary data folder, a real store and outbox, and an offscreen Qt."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from offline.outbox import Outbox  # noqa: E402
from offline.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder, also set as KIOSK_DATA_DIR for code that reads the environment."""
    folder = tmp_path / "data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(folder))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    return folder


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = Store.open(data_dir)
    yield s
    s.close()


@pytest.fixture
def outbox(store: Store) -> Outbox:
    return Outbox(store)

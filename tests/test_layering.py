"""The layers of DESIGN.md, enforced by reading every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "kiosk": {"PySide6", "sqlalchemy", "alembic", "requests", "pyttsx3", "ui", "offline", "sync",
              "accessibility", "main"},
    "offline": {"PySide6", "ui", "sync", "accessibility", "main", "requests", "pyttsx3"},
    "sync": {"PySide6", "ui", "accessibility", "main", "pyttsx3"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    offenders = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        bad = _imports(path) & FORBIDDEN[layer]
        if bad:
            offenders.append(f"{path.relative_to(ROOT)} imports {', '.join(sorted(bad))}")
    assert offenders == []


def test_sync_uses_the_outbox_not_its_tables() -> None:
    offenders = []
    for path in sorted((ROOT / "sync").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in ("offline.models",):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_check_itself_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport sqlalchemy.orm\n")
    assert {"PySide6", "sqlalchemy"} <= _imports(bad)

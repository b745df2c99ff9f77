"""PySide6's import hook answers as before without keeping every module's source, and a
PySide6 whose hook no longer keeps it is left as it is."""

from __future__ import annotations

import importlib
import linecache
import sys
from types import ModuleType

import pytest

from ui.pyside_hook import lighten, needs_lightening


@pytest.fixture
def feature() -> ModuleType:
    lighten()  # as main.py does before it makes the window
    return sys.modules["shibokensupport.feature"]


def test_the_hook_is_replaced_once(feature: ModuleType) -> None:
    hook = feature._mod_uses_pyside
    assert getattr(hook, "light", False)
    assert not needs_lightening()  # the light one keeps nothing
    assert lighten() is True
    assert feature._mod_uses_pyside is hook  # not wrapped twice


def test_this_pyside6_needs_it(feature: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside.upstream)
    assert needs_lightening()  # PySide6 6.11's own hook keeps the module's lines


def test_a_pyside6_that_keeps_nothing_is_left_alone(feature: ModuleType,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def fixed(module: ModuleType) -> bool:  # a later PySide6's hook, reading no lines
        return False

    monkeypatch.setattr(feature, "_mod_uses_pyside", fixed)
    assert not needs_lightening()
    assert lighten() is False
    assert feature._mod_uses_pyside is fixed


@pytest.mark.parametrize("name", ["ui.keyboard", "ui.theme", "kiosk.config", "json", "PySide6",
                                  "offline.errors", "sys"])
def test_same_answer_as_pyside(feature: ModuleType, name: str) -> None:
    module = importlib.import_module(name)
    hook = feature._mod_uses_pyside
    assert hook(module) == hook.upstream(module)


def test_a_new_import_is_sorted_but_its_source_is_not_kept(  # type: ignore[no-untyped-def]
        feature: ModuleType, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "kiosk_probe_qt.py").write_text("from PySide6.QtCore import QObject\n")
    (tmp_path / "kiosk_probe_plain.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("kiosk_probe_qt", "kiosk_probe_plain"):
        monkeypatch.delitem(sys.modules, name, raising=False)
        exec(f"from {name} import *", {})  # through __import__, where the hook is
    assert feature.pyside_feature_dict["kiosk_probe_qt"] == 0  # uses PySide6
    assert feature.pyside_feature_dict["kiosk_probe_plain"] == -1  # ignored by the hook
    kept = {str(tmp_path / "kiosk_probe_qt.py"), str(tmp_path / "kiosk_probe_plain.py")}
    assert not kept & set(linecache.cache)

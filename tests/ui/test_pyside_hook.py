"""PySide6's import hook answers as before without keeping every module's source."""

from __future__ import annotations

import importlib
import linecache
import sys

import pytest

import ui  # noqa: F401 - lightens the hook
from ui.pyside_hook import lighten


@pytest.fixture
def feature():
    return sys.modules["shibokensupport.feature"]


def test_the_hook_is_replaced_once(feature):
    assert lighten() is True
    hook = feature._mod_uses_pyside
    assert getattr(hook, "light", False)
    assert lighten() is True
    assert feature._mod_uses_pyside is hook  # not wrapped twice


@pytest.mark.parametrize("name", ["ui.keyboard", "ui.theme", "kiosk.config", "json", "PySide6",
                                  "offline.errors", "sys"])
def test_same_answer_as_pyside(feature, name):
    module = importlib.import_module(name)
    hook = feature._mod_uses_pyside
    assert hook(module) == hook.upstream(module)


def test_a_new_import_is_sorted_but_its_source_is_not_kept(feature, tmp_path, monkeypatch):
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

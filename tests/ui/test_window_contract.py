"""The window's contract with the shared-machine code (``ui.shared_machine.KioskWindow``).

The wipe, the idle warning, help requests and staff unlock reach the window only through
that protocol. A window that lacks a part of it is refused when the machine is installed,
so renaming a part on the shell (for example ``session_ended``, which clears the last
resident's traces after "Start again") fails at start instead of silently.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

from kiosk.config import Settings
from kiosk.i18n import load_catalogue
from kiosk.session import IdlePolicy
from tests.conftest import ROOT
from ui.app import build_window
from ui.shared_machine import KioskWindow, install_shared_machine

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@contextmanager
def renamed_shell(old: str, new: str, tmp_path: Path) -> Iterator[ModuleType]:
    """``ui/shell.py`` as it would be after renaming ``old`` to ``new`` everywhere in it."""
    source = (ROOT / "ui" / "shell.py").read_text("utf-8")
    assert source.count(old) >= 1
    path = tmp_path / f"renamed_shell_{new}.py"
    path.write_text(source.replace(old, new), "utf-8")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[path.stem]


def test_the_shell_is_a_kiosk_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    shell = build_window(settings=Settings(), journeys=(), submit=lambda s: None,
                         strings=load_catalogue(), can_print=lambda: False)
    qtbot.addWidget(shell)
    assert isinstance(shell, KioskWindow)


@pytest.mark.parametrize(("old", "new"), [
    ("session_ended", "session_finished"),
    ("reset_session", "reset_view"),
    ("show_help_message", "show_help_note"),
    ("def overlay_host", "def cover_host"),
])
def test_a_renamed_part_of_the_contract_fails_loudly_at_start(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, old: str, new: str) -> None:
    with renamed_shell(old, new, tmp_path) as module:
        shell = module.Shell(settings=Settings(), journeys=(), submit=lambda s: None,
                             strings=load_catalogue(), can_print=lambda: False)
        qtbot.addWidget(shell)
        assert not isinstance(shell, KioskWindow)
        with pytest.raises(TypeError, match=old.removeprefix("def ")):
            install_shared_machine(shell, policy=IdlePolicy(idle_seconds=60), lockdown=False, fullscreen=False)

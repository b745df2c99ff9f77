"""The README stays true: every setting, every command and every screenshot it names exist."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.config import describe_settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme_with_its_default() -> None:
    missing = [key for key, default, _ in describe_settings()
               if f"| `{key}` | `{default.replace('|', chr(92) + '|')}` |" not in README]
    assert missing == []


def test_every_linked_file_exists() -> None:
    links = re.findall(r"\]\(((?:docs|sync|benchmarks)/[^)#]+)\)", README)
    assert links
    assert [link for link in links if not (ROOT / link).exists()] == []


def test_every_command_the_parser_knows_is_in_the_readme() -> None:
    import main

    parser = main.build_parser()
    commands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in commands.choices:
        assert f"kiosk {name}" in README, name

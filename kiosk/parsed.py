"""YAML read once: what the interface words, journeys and lessons parse to is kept as JSON.

The kiosk's own files are YAML (easy for a council to read and edit). Parsing them needs a
YAML parser, about 1 MB and several milliseconds at every start, for files that change only
with an upgrade or a council's edit. ``load_yaml`` therefore keeps each result as JSON in
the data folder's ``cache/`` (set by ``keep_parsed_in``) together with the YAML it came
from, and reads that copy at the next start. Any change to the YAML replaces the copy; a
copy that cannot be read or written is simply not used; a result JSON cannot hold exactly
(dates, numbered keys) is never kept.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_folder: list[Path] = []  # where parsed copies are kept (set by ``keep_parsed_in``)
_lock = threading.Lock()


class YamlSyntaxError(ValueError):
    """The text is not valid YAML.

    Attributes:
        place: "line L, column C" when the parser knows it, else "".
        problem: what the parser found wrong, in its words.
    """

    def __init__(self, place: str, problem: str) -> None:
        super().__init__(f"{place}: {problem}" if place else problem)
        self.place = place
        self.problem = problem


def keep_parsed_in(folder: Path | None) -> None:
    """Keep parsed copies in ``folder`` (None: keep none). The folder is made only if its
    parent exists (the store makes the data folder, with its mode)."""
    with _lock:
        _folder[:] = [folder] if folder is not None else []


def parse_yaml(text: str) -> Any:
    """``text`` parsed with a safe loader (libyaml's when PyYAML was built with it)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise YamlSyntaxError(place, str(problem)) from None


def load_yaml(text: str, name: str) -> Any:
    """``text`` parsed, from the copy kept under ``name`` when it was made from this text."""
    copy = _copy_path(name)
    if copy is not None:
        kept = _read_copy(copy, text)
        if kept is not None:
            return kept[0]
    parsed = parse_yaml(text)
    if copy is not None:
        _keep(copy, text, parsed)
    return parsed


def _copy_path(name: str) -> Path | None:
    with _lock:
        if not _folder:
            return None
        folder = _folder[0]
    return folder / (re.sub(r"[^A-Za-z0-9._-]+", "_", name) + ".json")


def _read_copy(path: Path, text: str) -> tuple[Any] | None:
    try:
        kept = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("source") != text or "parsed" not in kept:
        return None
    return (kept["parsed"],)


def _keep(path: Path, text: str, parsed: Any) -> None:
    try:
        encoded = json.dumps({"source": text, "parsed": parsed}, ensure_ascii=False)
    except (TypeError, ValueError):  # a date, bytes, a key that is not text
        return
    if json.loads(encoded)["parsed"] != parsed:  # numbered keys become text: not the same
        return
    part = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        path.parent.mkdir(exist_ok=True)  # in a data folder that is already there
        part.write_text(encoded, "utf-8")
        os.replace(part, path)
    except OSError as exc:  # a full disk: the next start parses the YAML again
        log.info("parsed %s not kept: %s", path.name, type(exc).__name__)
        try:
            part.unlink(missing_ok=True)
        except OSError:
            pass

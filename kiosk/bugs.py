"""Unexpected errors (bugs) as one log line: the error's kind and where it happened (file
and line of each frame), never its message or values, which could hold what a resident
typed. The crash hook (``ui.shared_machine``) and the storage layer (``offline.errors``)
write the same line, so one search of the log finds every bug."""

from __future__ import annotations

import logging
import traceback
import types
from pathlib import Path

log = logging.getLogger("kiosk.bugs")


def where(tb: types.TracebackType | None, frames: int = 5) -> str:
    """``inner.py:12 < outer.py:40``: the last ``frames`` frames, innermost first."""
    return " < ".join(f"{Path(f.filename).name}:{f.lineno}"
                      for f in reversed(traceback.extract_tb(tb)[-frames:]))


def report_bug(kind: type[BaseException], tb: types.TracebackType | None, consequence: str, *,
               detail: str = "", frames: int = 5, logger: logging.Logger | None = None) -> None:
    """Log ``unexpected <kind> [(<detail>)] at <where>; <consequence>``. ``detail`` must be
    a code, never a message (for example SQLite's error name)."""
    named = f"{kind.__name__} ({detail})" if detail else kind.__name__
    (logger or log).error("unexpected %s at %s; %s", named, where(tb, frames), consequence)

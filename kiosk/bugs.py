"""Unexpected errors (bugs) as one log line: the error's kind and where it happened (file
and line of each frame), never its message or values, which could hold what a resident
typed. The crash hook (``ui.shared_machine``) and the storage layer (``offline.errors``)
write the same line, so one search of the log finds every bug."""

from __future__ import annotations

import logging
import sysconfig
import traceback
import types
from pathlib import Path

log = logging.getLogger("kiosk.bugs")


_LIBRARIES = tuple({sysconfig.get_paths()[name] for name in ("stdlib", "platstdlib", "purelib", "platlib")})


def where(tb: types.TracebackType | None, frames: int = 5, *, own_only: bool = False) -> str:
    """``inner.py:12 < outer.py:40``: the last ``frames`` frames, innermost first. With
    ``own_only``, the kiosk's own frames (the innermost frame is always kept, so the
    library call that failed is named too)."""
    stack: list[traceback.FrameSummary] = list(traceback.extract_tb(tb))
    if own_only and stack:
        stack = [f for f in stack[:-1] if not f.filename.startswith(_LIBRARIES)] + [stack[-1]]
    return " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(stack[-frames:]))


def report_bug(kind: type[BaseException], tb: types.TracebackType | None, consequence: str, *,
               detail: str = "", frames: int = 5, own_only: bool = False,
               logger: logging.Logger | None = None) -> None:
    """Log ``unexpected <kind> [(<detail>)] at <where>; <consequence>``. ``detail`` must be
    a code, never a message (for example SQLite's error name)."""
    named = f"{kind.__name__} ({detail})" if detail else kind.__name__
    (logger or log).error("unexpected %s at %s; %s", named, where(tb, frames, own_only=own_only),
                          consequence)

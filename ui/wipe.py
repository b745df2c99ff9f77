"""The wipe between residents: every trace of the last one goes, and every setting resets.

``Wiper.wipe()`` asks the shell to reset its session (answers, screens, keyboard, language,
text size, contrast, clipboard) and then ``clear_traces()`` goes further: it empties every
text field left under the window, deletes widgets waiting for deletion, stops and resets
the speaker (queue, rate, volume), clears the clipboard and the selection, and deletes the
session's temporary files (overwritten first). The rules of what counts as a trace are
in reference/inclusion.md C7 and offline.md 5.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QClipboard
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from accessibility.speech import Voice

log = logging.getLogger(__name__)

_OVERWRITE_LIMIT = 64 * 1024 * 1024  # overwrite files up to this size before deleting them


@dataclass(frozen=True)
class WipeReport:
    """What one wipe did (counts only, for logs and tests; never contents)."""

    fields_cleared: int
    files_removed: int
    speaker_reset: bool


def clear_fields(root: QWidget) -> int:
    """Empty every text field under ``root`` (and its undo history); the count cleared."""
    count = 0
    for field in root.findChildren(QLineEdit):
        if field.text() or field.isUndoAvailable() or field.isRedoAvailable():
            count += 1
        field.setText("")  # setText also clears the undo and redo history
    for editor in root.findChildren(QPlainTextEdit) + root.findChildren(QTextEdit):
        if editor.toPlainText():
            count += 1
        editor.clear()  # clear() also clears the undo and redo history
    for box in root.findChildren(QComboBox):
        if box.isEditable():
            box.clearEditText()
    for spin in root.findChildren(QAbstractSpinBox):
        spin.clear()
    return count


def remove_temp_files(folder: Path | None) -> int:
    """Overwrite and delete every file under ``folder`` (the folder stays); the count."""
    if folder is None or not folder.is_dir():
        return 0
    removed = 0
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        try:
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
                continue
            if path.is_file() and not path.is_symlink():
                size = path.stat().st_size
                if size <= _OVERWRITE_LIMIT:
                    with path.open("r+b") as fh:
                        fh.write(b"\0" * size)
                        fh.flush()
                        os.fsync(fh.fileno())
            path.unlink()
            removed += 1
        except OSError as exc:  # a file in use is left for the next wipe; never its name
            log.warning("a temporary file could not be removed (%s)", type(exc).__name__)
    return removed


def reset_speaker(speaker: Voice | None) -> bool:
    """Stop the speaker, drop its queue and return its rate and volume to the defaults."""
    if speaker is None:
        return False
    speaker.stop()
    speaker.reset()
    return True


class Resettable(Protocol):
    def reset(self) -> None:
        """Forget everything the last resident left in it."""


def clear_clipboard() -> None:
    clipboard = QApplication.clipboard()
    if clipboard is None:
        return
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)


def keep_for_the_day() -> None:
    """Set aside what the kiosk made to run all day (modules, journeys, catalogues, the
    screens themselves) from the cycle collector: the full collection of every wipe then
    looks only at what was made since, the residents' sessions. That collection took
    about 200 ms of each "Start again" (100,000 objects), for nothing that can be a trace.
    Call it once everything made at start is loaded; what a resident leaves behind is
    made later and is still collected (``gc.freeze``)."""
    gc.collect()
    gc.freeze()


class Wiper:
    """Wipes ``root`` (the shell, or any window) between residents.

    ``reset_view`` is the shell's own reset (``Shell.reset_session``); ``hooks`` are other
    parts' resets (the staff panel's sign-out, the assisted flag) run on every wipe.
    """

    def __init__(
        self,
        root: QWidget,
        *,
        speaker: Voice | None = None,
        keyboard: Resettable | None = None,
        temp_dir: Path | None = None,
        reset_view: Callable[[], None] | None = None,
    ) -> None:
        self.root = root
        self.speaker = speaker
        self.keyboard = keyboard
        self.temp_dir = temp_dir
        self._reset_view = reset_view
        self.hooks: list[Callable[[], None]] = []

    def add_hook(self, hook: Callable[[], None]) -> None:
        self.hooks.append(hook)

    def wipe(self) -> WipeReport:
        """Reset the view (when there is one), then clear every other trace."""
        if self._reset_view is not None:
            self._reset_view()
        return self.clear_traces()

    def clear_traces(self) -> WipeReport:
        """Everything but the view's own reset (connect it to the shell's ``session_ended``)."""
        for hook in self.hooks:
            hook()
        fields = clear_fields(self.root)
        if self.keyboard is not None:
            self.keyboard.reset()
        spoke = reset_speaker(self.speaker)
        clear_clipboard()
        files = remove_temp_files(self.temp_dir)
        # Widgets a screen let go of (``deleteLater``) go when control returns to the event
        # loop, a moment after this: deleting them here could delete the very button whose
        # click is being handled.
        gc.collect()
        return WipeReport(fields_cleared=fields, files_removed=files, speaker_reset=spoke)

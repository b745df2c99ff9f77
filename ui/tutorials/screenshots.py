"""Screenshots of the digital-skills lessons inside the kiosk, for review and the README.

    QT_QPA_PLATFORM=offscreen python -m ui.tutorials.screenshots [OUTPUT_DIR]

Writes ``tutorial-*.png`` (default ``docs/screenshots``): the learner code, the lesson
list, a drag practice half done, the scam quiz after a wrong answer, and typing practice
in Welsh with the on-screen keyboard. It drives a real shell over a throwaway database.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget

from kiosk.config import KioskSettings, Settings
from kiosk.i18n import load_catalogue
from kiosk.tutorials.loader import load_tutorials
from offline.learners import LearnerStore
from offline.outbox import Outbox
from offline.store import Store
from ui.app import build_window, outbox_submitter
from ui.shell import Shell
from ui.tutorials.player import TutorialPlayer

SIZE = (1280, 1024)


def _tap(root: QWidget, name: str) -> None:
    found = [w for w in root.findChildren(QAbstractButton)
             if w.isVisible() and w.accessibleName().startswith(name)]
    if not found:
        raise LookupError(f"no visible button called {name!r}")
    QTest.mouseClick(found[0], Qt.MouseButton.LeftButton, pos=found[0].rect().center())


def _settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def capture(out: Path, app: QApplication) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp))
        shell: Shell = build_window(
            settings=Settings(kiosk=KioskSettings(languages=("en", "cy", "ur"))), journeys=(),
            strings=load_catalogue(), submit=outbox_submitter(Outbox(store)), can_print=lambda: False,
            tutorials=load_tutorials(), learners=LearnerStore(store))
        shell.resize(*SIZE)
        shell.show()

        def shot(name: str) -> None:
            _settle(app)
            path = out / f"tutorial-{name}.png"
            shell.grab().save(str(path))
            written.append(path)

        _tap(shell, "Touch to start")
        _tap(shell, "Learn digital skills")
        _tap(shell, "Start learning")
        shot("learner-code")
        _tap(shell, "Continue")
        shot("lessons")
        player = shell.player
        assert isinstance(player, TutorialPlayer)
        player.open_lesson("touchscreen")
        player.show_step(3)  # the drag step
        shot("drag")
        player.open_lesson("scams")
        player.show_step(1)  # the quiz
        _settle(app)
        practice = player.practice
        assert practice is not None
        answers = [b for b in practice.findChildren(QAbstractButton) if b.isVisible()]
        if answers:
            QTest.mouseClick(answers[0], Qt.MouseButton.LeftButton, pos=answers[0].rect().center())
        shot("scam-quiz")
        shell.set_language("cy")
        player.open_lesson("keyboard")
        player.show_step(2)  # capitals
        _settle(app)
        box = next((e for e in player.findChildren(QLineEdit) if e.isVisible()), None)
        if box is not None:
            QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(10, box.height() // 2))
            QTest.keyClicks(box, "Caerdydd")
        shot("keyboard-cy")
        shell.close()
        store.close()
    return written


def main(argv: list[str]) -> int:
    app = QApplication.instance() or QApplication(argv[:1])
    out = Path(argv[1]) if len(argv) > 1 else Path("docs/screenshots")
    for path in capture(out, app):  # type: ignore[arg-type]
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

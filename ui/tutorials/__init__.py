"""The digital-skills tutorial player and its practice widgets (hosted by the shell)."""

from ui.tutorials.player import TutorialPlayer

__all__ = ["TutorialPlayer"]

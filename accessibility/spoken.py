"""What reading aloud says, as data: parts of text, and a reference spelt out.

``accessibility.speech`` (the engine) uses these, and so does the interface before its
first paint; this module imports nothing else, so the welcome screen does not wait for
the speech engine's modules.
"""

from __future__ import annotations

from dataclasses import dataclass

# Below full volume, so the next resident is not startled (EN 301 549 5.1.3.13 asks for
# the volume to go back to a moderate level after every use).
DEFAULT_VOLUME = 0.7


@dataclass(frozen=True)
class SpeechPart:
    """A piece of text to say. ``private`` parts need private listening to be spoken."""

    text: str
    private: bool = False
    characters: bool = False  # spell it out character by character


_SEPARATORS = set(" -_/.:")


def spoken_characters(text: str) -> str:
    """Text that makes the engine say ``text`` one character at a time.

    Characters are separated by commas (a short pause); spaces, hyphens and similar
    separators become a full stop (a longer pause), so "KQ7-4M" is said "K, Q, 7. 4, M".
    Letters are upper-cased so that "a" is said as the letter, not the word.
    """
    groups: list[list[str]] = [[]]
    for char in text.strip():
        if char in _SEPARATORS or char.isspace():
            if groups[-1]:
                groups.append([])
            continue
        groups[-1].append(char.upper())
    return ". ".join(", ".join(group) for group in groups if group) + ("." if text.strip() else "")

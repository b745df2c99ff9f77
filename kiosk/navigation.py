"""What the home screen offers and the small choices around it, decided without a window.

The home screen groups services by what people come to do (``HOME_GROUPS``); a group
lists its journeys in alphabetical order of their title in the resident's language.
Text size steps through 100, 150 and 200 % and back.
"""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.i18n import localise
from kiosk.journeys.model import GROUPS, Journey

HOME_GROUPS: tuple[str, ...] = GROUPS
TEXT_SIZES: tuple[int, ...] = (100, 150, 200)

# Groups whose tile opens something other than a list of journeys, when nothing is in them:
# "help" asks staff to come over; "learn" opens the tutorials when they are installed.
HELP_GROUP = "help"
LEARN_GROUP = "learn"


def services_in(journeys: Iterable[Journey], group: str, language: str) -> list[Journey]:
    """The journeys in ``group``, in alphabetical order of their title in ``language``."""
    chosen = [j for j in journeys if j.group == group]
    return sorted(chosen, key=lambda j: localise(j.title, language).casefold())


def next_text_size(current: int) -> int:
    """The text size after ``current`` (200 goes back to 100)."""
    if current not in TEXT_SIZES:
        return TEXT_SIZES[0]
    return TEXT_SIZES[(TEXT_SIZES.index(current) + 1) % len(TEXT_SIZES)]


def next_language(languages: Iterable[str], current: str) -> str:
    """The language after ``current`` in the kiosk's list (wrapping round)."""
    offered = list(languages) or [current]
    if current not in offered:
        return offered[0]
    return offered[(offered.index(current) + 1) % len(offered)]

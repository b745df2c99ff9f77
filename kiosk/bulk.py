"""Building many small objects at once (a council catalogue of 10,000 services).

CPython's cycle collector runs every few hundred allocations and, as the heap grows,
walks every object made so far: building a huge journey list spent two thirds of its
time there. ``bulk()`` holds the collector off for the block (nothing built there is
garbage) and lets it run again after, as it was.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk() -> Iterator[None]:
    """Pause the cycle collector for the block (restored after, even on error)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()

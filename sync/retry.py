"""When to try again: capped exponential backoff with full jitter, honouring ``Retry-After``."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

RETRY_AFTER_CEILING = 24 * 3600.0


@dataclass
class RetryPolicy:
    """Attempt n waits a uniform random time in [0, min(max, first × 2^(n-1))] ("full jitter").

    A server's ``Retry-After`` is a floor: we never come back sooner than it asked."""

    first_seconds: float
    max_seconds: float
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempts: int, retry_after: float | None = None) -> float:
        exponent = min(max(attempts, 1) - 1, 60)
        ceiling = min(self.max_seconds, self.first_seconds * (2.0**exponent))
        wait = self.rng.uniform(0.0, ceiling)
        if retry_after is not None:
            wait = max(wait, min(retry_after, RETRY_AFTER_CEILING))
        return wait

    def next_attempt(self, attempts: int, now: datetime, retry_after: float | None = None) -> datetime:
        return now + timedelta(seconds=self.delay(attempts, retry_after))

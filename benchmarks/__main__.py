"""Run every benchmark: ``python -m benchmarks [NAME ...]`` (names like ``outbox``, ``sync``, ``ui``).

Each benchmark compares the kiosk with a bare baseline measured in the same run and
prints the ratio, so the figures mean the same on a slow or a fast machine.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    wanted = [f"bench_{a}" for a in argv] or names
    failed = 0
    for name in wanted:
        if name not in names:
            print(f"no benchmark called {name[6:]} (have: {', '.join(n[6:] for n in names)})")
            return 2
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"\n== {name[6:]} ==", flush=True)
        started = time.perf_counter()
        try:
            module.main()
        except Exception as exc:  # one broken benchmark should not hide the others
            failed += 1
            print(f"{name}: failed: {type(exc).__name__}: {exc}")
        print(f"({time.perf_counter() - started:.1f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`make bench`: every benchmark, each ratio printed with its target; exit 1 if one is missed.

Ratios are measured side by side in one run (absolute times drift on a shared machine; ratios
hold). Run from the repository root with the project's virtualenv.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import latency
import proxy
import replay
import scale
import startup
from common import Result


def main() -> int:
    results: list[Result] = []
    for name, module in (
        ("latency", latency),
        ("start-up", startup),
        ("replay", replay),
        ("scale", scale),
        ("proxy", proxy),
    ):
        print(f"== {name}", flush=True)
        for result in module.run():
            print(result.line(), flush=True)
            results.append(result)
    missed = [r for r in results if not r.ok]
    print("\nevery target, with its measured ratio:")
    for r in results:
        print(r.line())
    print(f"\n{len(results) - len(missed)} met, {len(missed)} missed")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())

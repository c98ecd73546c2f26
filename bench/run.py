"""`make bench`: every benchmark, each ratio printed with its target; exit 1 if one is missed.

Ratios are measured side by side in one run (absolute times drift on a shared machine; ratios
hold). Run from the repository root with the project's virtualenv.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import check_scale
import latency
import proxy
import replay
import scale
import startup
from common import Result

SECTIONS = {
    "latency": latency,
    "start-up": startup,
    "replay": replay,
    "scale": scale,
    "check": check_scale,
    "proxy": proxy,
}


def main(argv: list[str]) -> int:
    """Every section, or only those named (`python bench/run.py latency start-up`)."""
    unknown = [name for name in argv if name not in SECTIONS]
    if unknown:
        print(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
        return 2
    results: list[Result] = []
    for name, module in SECTIONS.items():
        if argv and name not in argv:
            continue
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
    raise SystemExit(main(sys.argv[1:]))

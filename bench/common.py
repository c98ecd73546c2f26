"""Shared bench helpers: timing (best of repeats), child peak memory, results with targets."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SAMPLES = ROOT / "samples"
METADATA = SAMPLES / "idp" / "federation-metadata.xml"
sys.path.insert(0, str(SAMPLES))  # the sample generator and captures, as plain modules
import captures  # noqa: E402
import generate  # noqa: E402

__all__ = ["BIN", "METADATA", "ROOT", "SAMPLES", "Result", "captures", "generate"]


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    target: str
    ok: bool
    detail: str = ""

    def line(self) -> str:
        mark = "PASS" if self.ok else "MISS"
        return f"{mark}  {self.name:52} {self.value:8.2f}   target {self.target:10} {self.detail}"


def best_per_call(fn: Callable[[], object], calls: int = 300, repeats: int = 7) -> float:
    """Seconds per call: the best of several timed batches (the least disturbed by the machine)."""
    for _ in range(max(10, calls // 10)):
        fn()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def wall(cmd: list[str], repeats: int = 7, **kw: object) -> float:
    """Best wall time of a command, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, **kw)  # type: ignore[call-overload]
        best = min(best, time.perf_counter() - start)
    return best


def peak_rss_mb(args: list[str]) -> float:
    """Peak RSS (VmHWM) of `samlscope ARGS` in its own process (see tests/peak_memory.py)."""
    cmd = [sys.executable, str(ROOT / "tests" / "peak_memory.py"), *args]
    done = subprocess.run(cmd, capture_output=True, timeout=600, env=dict(os.environ))
    found = re.search(rb"PEAK_RSS_MB ([0-9.]+)", done.stderr)
    if found is None:
        raise RuntimeError(done.stderr.decode(errors="replace")[-800:])
    return float(found.group(1))

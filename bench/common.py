"""Shared bench helpers: timing (medians of alternating runs, with their range), child peak
memory, and results with targets."""

from __future__ import annotations

import os
import re
import statistics
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

__all__ = [
    "BIN",
    "METADATA",
    "ROOT",
    "SAMPLES",
    "Result",
    "Timing",
    "captures",
    "generate",
    "paired_ratio",
]


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    target: str
    ok: bool
    detail: str = ""

    def line(self) -> str:
        mark = "PASS" if self.ok else "MISS"
        return f"{mark}  {self.name:56} {self.value:8.2f}   target {self.target:8} {self.detail}"


@dataclass(frozen=True)
class Timing:
    """The median of repeated measurements, and their range (seconds)."""

    median: float
    low: float
    high: float
    samples: tuple[float, ...] = ()

    def ms(self) -> str:
        return f"{self.median * 1e3:.2f} ms [{self.low * 1e3:.2f}-{self.high * 1e3:.2f}]"


def _timing(samples: list[float]) -> Timing:
    return Timing(statistics.median(samples), min(samples), max(samples), tuple(samples))


def paired_ratio(a: Timing, b: Timing) -> float:
    """The median of a/b over batches measured next to each other (per_call alternates them):
    a burst of load that slows two neighbouring batches cancels in their ratio, where it would
    move one median and not the other."""
    return statistics.median(x / y for x, y in zip(a.samples, b.samples, strict=True))


def per_call(
    fns: dict[str, Callable[[], object]], calls: int = 200, batches: int = 15
) -> dict[str, Timing]:
    """Seconds per call of each function: batches alternate between them (ABAB...), so drift
    of the machine falls on all alike; the median batch counts, the range is shown."""
    for fn in fns.values():
        for _ in range(max(10, calls // 10)):
            fn()
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for n in range(batches):
        order = list(fns) if n % 2 == 0 else list(reversed(fns))
        for name in order:
            start = time.perf_counter()
            for _ in range(calls):
                fns[name]()
            samples[name].append((time.perf_counter() - start) / calls)
    return {name: _timing(v) for name, v in samples.items()}


def walls(
    cmds: dict[str, list[str]],
    repeats: int = 15,
    checked: dict[str, tuple[int, ...]] | None = None,
    **kw: object,
) -> dict[str, Timing]:
    """Wall time of each command, run alternately, as median and range. `checked`: the exit
    codes each named command may end with; any other stops the bench (a contender that gives
    up early would look fast)."""
    samples: dict[str, list[float]] = {name: [] for name in cmds}
    for n in range(repeats):
        order = list(cmds) if n % 2 == 0 else list(reversed(cmds))
        for name in order:
            start = time.perf_counter()
            done = subprocess.run(
                cmds[name], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, **kw
            )  # type: ignore[call-overload]
            samples[name].append(time.perf_counter() - start)
            if checked is not None and done.returncode not in checked.get(name, (0,)):
                raise SystemExit(f"{name} failed (exit {done.returncode}): {done.stderr[-500:]!r}")
    return {name: _timing(v) for name, v in samples.items()}


def wall(cmd: list[str], repeats: int = 7, **kw: object) -> float:
    """Median wall time of one command, in seconds."""
    return walls({"cmd": cmd}, repeats, **kw)["cmd"].median


def peak_rss_mb(args: list[str]) -> float:
    """Peak RSS (VmHWM) of `samlscope ARGS` in its own process (see tests/peak_memory.py)."""
    cmd = [sys.executable, str(ROOT / "tests" / "peak_memory.py"), *args]
    done = subprocess.run(cmd, capture_output=True, timeout=600, env=dict(os.environ))
    found = re.search(rb"PEAK_RSS_MB ([0-9.]+)", done.stderr)
    if found is None:
        raise RuntimeError(done.stderr.decode(errors="replace")[-800:])
    return float(found.group(1))

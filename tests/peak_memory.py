"""Run the samlscope CLI and print this process's peak RSS (VmHWM, MB) to stderr at exit.

A child's rusage maxrss includes the parent's size at fork time on Linux; VmHWM belongs to the
process's own address space, so it measures samlscope alone.
"""

import atexit
import sys
from pathlib import Path


def _report() -> None:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            sys.stderr.write(f"PEAK_RSS_MB {int(line.split()[1]) / 1024:.1f}\n")


atexit.register(_report)
from samlscope.cli import main  # noqa: E402

sys.exit(main(sys.argv[1:]))

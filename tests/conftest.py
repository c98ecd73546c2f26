import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import SCORES


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    for title, lines in SCORES:
        terminalreporter.section(title)
        for line in lines:
            terminalreporter.write_line(line)

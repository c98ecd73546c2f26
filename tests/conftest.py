import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hypothesis import HealthCheck, settings

from helpers import SCORES

# Hypothesis profiles for every property test. "short" (make test, CI) is derandomized: the
# same examples every run, so a CI run can never flake on what Hypothesis happens to draw.
# "long" (make fuzz) explores at random; what it finds is kept as a regression case.
settings.register_profile(
    "short",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "short"))


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    for title, lines in SCORES:
        terminalreporter.section(title)
        for line in lines:
            terminalreporter.write_line(line)


import ipaddress  # noqa: E402
import socket  # noqa: E402

import pytest  # noqa: E402

_real_connect = socket.socket.connect


def _guarded_connect(self, address):  # type: ignore[no-untyped-def]
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise ConnectionRefusedError(f"test run: connection to {host} refused (loopback only)")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):  # type: ignore[no-untyped-def]
    """In-process code under test may connect to loopback only."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)

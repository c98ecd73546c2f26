"""A mitmproxy script for tests only: makes samlscope's analysis fail on purpose.

SAMLSCOPE_SABOTAGE=raise  every analysis raises.
SAMLSCOPE_SABOTAGE=slow   every analysis keeps analysing the real capture for 4 s (real lxml
                          and xmlsec work, as a hostile input would cost) before it returns;
                          with SAMLSCOPE_SABOTAGE_STARTED=FILE it first creates FILE (empty,
                          atomically), so a test knows the analysis is under way.
Load it with -s after samlscope's addon; it replaces samlscope.analysis.analyse, which the addon
looks up on each analysis.
"""

import os
import time

import samlscope.analysis

_real = samlscope.analysis.analyse


def _raise(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise RuntimeError("sabotaged on purpose by the test")


def _slow(*args, **kwargs):  # type: ignore[no-untyped-def]
    started = os.environ.get("SAMLSCOPE_SABOTAGE_STARTED")
    if started:
        os.close(os.open(started, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    deadline = time.monotonic() + 4
    report = _real(*args, **kwargs)
    while time.monotonic() < deadline:
        report = _real(*args, **kwargs)
    return report


samlscope.analysis.analyse = {"raise": _raise, "slow": _slow}[os.environ["SAMLSCOPE_SABOTAGE"]]

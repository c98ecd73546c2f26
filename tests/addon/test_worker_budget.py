"""The addon's worker thread is replaced once it has parsed its budget of XML (libxml2 keeps
every name it reads for the life of the thread), and no analysis is refused meanwhile."""

from __future__ import annotations

import pytest

from samlscope.addon import inspector
from samlscope.decoder import xmlparse


def test_a_worker_past_its_name_budget_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlparse, "NAME_BUDGET", 10)
    monkeypatch.setattr(inspector, "_WORKER", None)
    monkeypatch.setattr(inspector, "_SPENT", None)
    first = inspector._worker()
    assert inspector._worker() is first  # reused while under budget

    def parse_big(_: object) -> str:
        return str(xmlparse.parse_xml(b"<r>" + b"x" * 20 + b"</r>").tag)

    queued = [first.submit(inspector._in_worker, first, parse_big, None) for _ in range(3)]
    assert [job.result(timeout=10) for job in queued] == ["r", "r", "r"]
    assert inspector._SPENT is first
    second = inspector._worker()
    assert second is not first and inspector._worker() is second

    def fresh(_: object) -> bool:
        xmlparse.parse_xml(b"<a/>")
        return xmlparse.thread_spent()

    assert second.submit(inspector._in_worker, second, fresh, None).result(timeout=10) is False
    assert inspector._worker() is second  # the new thread parses in place again
    second.shutdown(wait=True)

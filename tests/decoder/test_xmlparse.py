"""Hostile XML: nothing is resolved, nothing local leaks, limits hold."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from samlscope.decoder.errors import DecodeError, Problem
from samlscope.decoder.message.xmlparse import parse_xml

SAMLP = b'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"'


def test_external_entity_is_refused_and_file_never_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY-7f3a91")
    doc = (
        f'<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'.encode()
        + b"<samlp:Response "
        + SAMLP
        + b">&x;</samlp:Response>"
    )
    with pytest.raises(DecodeError) as err:
        parse_xml(doc)
    assert err.value.problem is Problem.UNSAFE_XML
    assert "CANARY" not in err.value.message


def test_billion_laughs_is_refused() -> None:
    ents = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    doc = f'<!DOCTYPE r [<!ENTITY l0 "lol">{ents}]><r>&l9;</r>'.encode()
    with pytest.raises(DecodeError) as err:
        parse_xml(doc)
    assert err.value.problem is Problem.UNSAFE_XML


def test_utf16_doctype_is_found() -> None:
    doc = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'.encode("utf-16")
    with pytest.raises(DecodeError) as err:
        parse_xml(doc)
    assert err.value.problem is Problem.UNSAFE_XML


@pytest.mark.parametrize(
    "doc,fragment",
    [
        (b"<a>" * 10_000 + b"</a>" * 10_000, "deeper than this tool parses"),
        (b"<samlp:Response " + SAMLP + b"><unclosed>", "cut short"),
        (b"<html><body>Sign in failed</body></html", "cut short"),
        (b"<a/><b/>", "content after the end of the document"),
    ],
)
def test_malformed_is_undecodable(doc: bytes, fragment: str) -> None:
    with pytest.raises(DecodeError) as err:
        parse_xml(doc)
    assert err.value.problem is Problem.UNDECODABLE
    assert fragment in err.value.message


def test_a_reused_parser_carries_nothing_from_one_document_to_the_next() -> None:
    """Each thread reuses one parser: an error, or a refused document, leaves nothing behind."""
    with pytest.raises(DecodeError) as first:
        parse_xml(b"<samlp:Response " + SAMLP + b"><first-error>")
    with pytest.raises(DecodeError):
        parse_xml(b'<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>')
    root = parse_xml(b"<samlp:Response " + SAMLP + b' ID="ok"><a>text</a></samlp:Response>')
    assert root.get("ID") == "ok" and root[0].text == "text"
    with pytest.raises(DecodeError) as second:
        parse_xml(b"<samlp:Response " + SAMLP + b"><second-error>")
    assert "first-error" in str(first.value.evidence["parser"])
    assert "first-error" not in str(second.value.evidence["parser"])
    assert "second-error" in str(second.value.evidence["parser"])


def test_threads_parsing_at_once_each_read_their_own_document() -> None:
    def work(n: int) -> list[str | None]:
        out = []
        for i in range(200):
            doc = f'<r ID="t{n}-{i}">'.encode() + (b"<x/>" * (i % 7)) + b"</r>"
            if i % 5 == 0:
                with pytest.raises(DecodeError):
                    parse_xml(doc[:-2])
            out.append(parse_xml(doc).get("ID"))
        return out

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(work, range(6)))
    assert results == [[f"t{n}-{i}" for i in range(200)] for n in range(6)]


def test_past_its_budget_a_helper_thread_parses_with_the_same_results(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from samlscope.decoder.message import xmlparse

    monkeypatch.setattr(xmlparse, "NAME_BUDGET", 0)
    root = parse_xml(b"<samlp:Response " + SAMLP + b' ID="x"><a>t</a></samlp:Response>')
    assert root.get("ID") == "x" and root[0].text == "t"
    with pytest.raises(DecodeError) as err:
        parse_xml(b"<samlp:Response " + SAMLP + b"><unclosed>")
    assert err.value.problem is Problem.UNDECODABLE
    with pytest.raises(DecodeError) as unsafe:
        parse_xml(b'<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>')
    assert unsafe.value.problem is Problem.UNSAFE_XML


GROWTH = """
import sys
from samlscope.decoder.message import xmlparse
xmlparse.NAME_BUDGET = xmlparse.HELPER_BUDGET = int(sys.argv[1])
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 1e6
xmlparse.parse_xml(b"<r/>")
start = rss()
for d in range(60):
    names = "".join(f"<n{d}x{i}_{'q' * 40}/>" for i in range(10000))
    xmlparse.parse_xml(f"<r>{names}</r>".encode())
print(rss() - start)
"""


def test_distinct_names_in_many_documents_do_not_pile_up() -> None:
    """60 documents of 600 KB, each full of names seen nowhere else: libxml2's per-thread name
    dictionary would keep them all (the control, with no budget, shows it does)."""

    def growth(budget: int) -> float:
        done = subprocess.run(
            [sys.executable, "-c", GROWTH, str(budget)], capture_output=True, timeout=120
        )
        assert done.returncode == 0, done.stderr.decode(errors="replace")[-500:]
        return float(done.stdout)

    assert growth(10**12) > 40  # the control: without a budget the names stay
    assert growth(4_000_000) < 25


def test_without_a_thread_to_be_had_it_parses_in_place(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from samlscope.decoder.message import xmlparse

    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(xmlparse, "NAME_BUDGET", 0)
    monkeypatch.setattr(threading.Thread, "start", refuse)
    assert parse_xml(b'<r ID="here"/>').get("ID") == "here"

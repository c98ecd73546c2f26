"""Hostile XML: nothing is resolved, nothing local leaks, limits hold."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from samlscope.decoder.errors import DecodeError, Problem
from samlscope.decoder.xmlparse import parse_xml

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
        (b"<a>" * 10_000 + b"</a>" * 10_000, "not well-formed"),
        (b"<samlp:Response " + SAMLP + b"><unclosed>", "not well-formed"),
        (b"<html><body>Sign in failed</body></html", "not well-formed"),
        (b"<a/><b/>", "not well-formed"),
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
    assert "first-error" in first.value.message
    assert "first-error" not in second.value.message


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

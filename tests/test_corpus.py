"""Conformance against ../shared/corpus: each fixture judged by the verdict its project states.

Each MANIFEST row is judged by the verdict kind its `expected_verdict` names. Rows whose checks
belong to rule packs not built yet (time, audience, issuer...) or that need decryption are
counted as out of scope with the reason, never as passes. Rows where samlscope disagrees with the
source on purpose are listed in ARGUED with the argument. A score table is printed at the end.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from helpers import SCORES, need_corpus
from samlscope.decoder.inputs import read_captures
from samlscope.decoder.trust import TrustStore, load_certificate, load_metadata
from samlscope.rules.context import Config

from samlscope.analysis import analyse
from samlscope.report import Report

ARGUED = {
    # ruby-saml accepts these non-standard algorithm URIs by their suffix; xmlsec and Apache
    # Santuario (the Java XML-DSig stack an SP such as Alibaba Cloud runs) do not know them,
    # and SignedInfo is signed, so they cannot be rewritten: SIG102 with the standard URI named.
    "ruby-saml/test/responses/adfs_response_sha1.xml": ("invalid", "xmldsig-more#rsa-sha1"),
    "ruby-saml/test/responses/adfs_response_sha384.xml": ("invalid", "xmlenc#sha384"),
}


# The SP decryption key each project's tests use (MANIFEST evidence column).
SP_KEYS = {
    "python3-saml": "python3-saml/tests/data/customPath/certs/sp.key",
    "ruby-saml": "ruby-saml/test/certificates/ruby-saml.key",
    "node-saml": "node-saml/test/static/testshib encryption pvk.pem",
    "crewjam-saml": "crewjam-saml/testdata/sp_key.pem",
}


@dataclass(frozen=True)
class Row:
    file: str
    verdict: str
    anchor: str

    @property
    def source(self) -> str:
        return self.file.split("/")[0]


def _rows(corpus: Path) -> list[Row]:
    with open(corpus / "MANIFEST.tsv", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return [
            Row(r["file"], r["expected_verdict"], r["which_cert_verifies_it"])
            for r in rows
            if r["kind"] == "response"
        ]


def _trust(corpus: Path, anchor: str) -> TrustStore | None:
    if not anchor:
        return None
    path = str(corpus / anchor)
    return load_metadata(path) if "metadata" in anchor.lower() else load_certificate(path)


def kind_of(verdict: str) -> str:
    v = verdict.lower()
    for prefix, kind in (
        ("encrypted; valid", "valid"),
        ("encrypted; unsigned", "unsigned"),
        ("encrypted; invalid-signature", "invalid"),
        ("encrypted; response signed; assertion unsigned", "response-only"),
        ("encrypted (", "decrypts"),
        ("encrypted", "later"),
        ("xsw-attack", "xsw"),
        ("entity-expansion", "unsafe-xml"),
        ("comment-injection", "comment"),
        ("cdata-injection", "invalid"),
        ("invalid-signature", "invalid"),
        ("unsigned", "unsigned"),
        ("valid-signature", "valid"),
        ("valid (", "valid"),
        ("malformed (multiple root", "undecodable"),
        ("malformed (unsupported saml version", "not-a-response"),
    ):
        if v.startswith(prefix):
            return kind
    return "later"


def judge(kind: str, row: Row, report: Report) -> str | None:
    """None when the row passes, else what went wrong."""
    status = report.verification.status.value if report.verification else "not decoded"
    codes = [f.code for f in report.findings]
    if row.file in ARGUED:
        want, fragment = ARGUED[row.file]
        ok = status == want and any(fragment in f.message for f in report.findings)
        return None if ok else f"argued {want} with {fragment!r}, got {status} {codes}"
    expect = {
        "valid": status == "valid",
        # "untrusted" is the precise form of the sources' "wrong cert" / "re-signed by attacker".
        "invalid": status in ("invalid", "untrusted") and bool({"SIG102", "SIG104"} & set(codes)),
        "unsigned": status == "unsigned" and "SIG101" in codes,
        "xsw": status != "valid" and bool({"SIG101", "SIG102", "SIG103"} & set(codes)),
        "unsafe-xml": codes == ["SAML002"],
        "comment": "SAML019" in codes,
        "undecodable": codes == ["SAML001"],
        "not-a-response": codes == ["SAML003"],
        # node-saml rejects it because wantAssertionsSigned: samlscope's SIG108.
        "response-only": status == "valid" and "SIG108" in codes,
        "decrypts": _decrypted_name_id(report) == row.verdict.split("NameID ")[-1].rstrip(")"),
    }[kind]
    return None if expect else f"expected {kind}, got status {status} {codes}"


def _decrypted_name_id(report: Report) -> str | None:
    consumed = report.message.response.consumed if report.message else None
    return consumed.name_id.value if consumed and consumed.name_id else None


def test_corpus_conformance() -> None:
    corpus = need_corpus()
    failures = []
    table: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in _rows(corpus):
        kind = kind_of(row.verdict)
        if kind == "later":
            table[(row.source, kind)]["out of scope"] += 1
            continue
        for capture in read_captures(str(corpus / row.file)):
            sp_key = (corpus / SP_KEYS[row.source]).read_bytes()
            trust = _trust(corpus, row.anchor)
            report = analyse(capture, Config(profile="generic"), trust, sp_key=sp_key)
            problem = judge(kind, row, report)
            table[(row.source, kind)]["pass" if problem is None else "FAIL"] += 1
            if problem:
                failures.append(f"{row.file} [{row.verdict}]: {problem}")
    lines = [f"{'source':14} {'verdict kind':15} {'pass':>5} {'fail':>5} {'out of scope':>13}"]
    for (source, kind), c in sorted(table.items()):
        lines.append(f"{source:14} {kind:15} {c['pass']:5} {c['FAIL']:5} {c['out of scope']:13}")
    total = sum((c for c in table.values()), Counter())
    lines.append(f"{'all':30} {total['pass']:5} {total['FAIL']:5} {total['out of scope']:13}")
    lines.append(
        "out of scope: 'later' rows need SP settings (audience, ACS, request ID) or the "
        "time rules; they are judged by their rules' own tests"
    )
    SCORES.append(("corpus conformance", lines))
    assert not failures, "\n".join(failures)

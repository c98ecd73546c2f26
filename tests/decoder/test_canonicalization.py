"""Every canonicalization and transform combination the allow-list accepts verifies, and the
digest helper behind the failure wording digests exactly what xmlsec digests: on indented and
single-line documents a signature by another key is never called "changed after signing",
and a real change always is."""

from __future__ import annotations

import itertools

import pytest
import xmlsec
from lxml import etree

from helpers import METADATA, SAMPLES, generator
from samlscope.decoder.message.extract import extract_response
from samlscope.decoder.signature import algorithms as alg
from samlscope.decoder.signature.trust import load_certificate, load_metadata
from samlscope.decoder.signature.verify import Outcome, SignatureStatus, verify

T = xmlsec.Transform
CANONICAL = {
    alg.EXC_C14N: T.EXCL_C14N,
    alg.EXC_C14N_COMMENTS: T.EXCL_C14N_COMMENTS,
    alg.C14N: T.C14N,
    alg.C14N_COMMENTS: T.C14N_COMMENTS,
    alg.C14N11: T.C14N11,
    alg.C14N11_COMMENTS: T.C14N11_COMMENTS,
}
COMBINATIONS = [
    (method, transforms)
    for method in CANONICAL
    for transforms in [(T.ENVELOPED, CANONICAL[m]) for m in CANONICAL] + [(T.ENVELOPED,)]
]
ATTACKER = str(SAMPLES / "idp" / "test-attacker-cert.pem")


def _signed(
    method: str, transforms: tuple[object, ...], pretty: bool, signer: str
) -> etree._Element:
    g = generator()
    root = g.response()
    if pretty:
        root = g.indented(root)
    assertion = g.assertion_of(root)
    g.sign(
        assertion, signer, c14n=CANONICAL[method], transforms=transforms, embed_certificate=False
    )
    # Comments inside the signed element: the WithComments variants must still agree.
    assertion.insert(0, etree.Comment(" a comment the IdP left "))
    return etree.fromstring(etree.tostring(root))


def _check(root: etree._Element, trust_path: str, metadata: bool) -> tuple[SignatureStatus, str]:
    trust = load_metadata(trust_path) if metadata else load_certificate(trust_path)
    v = verify(root, extract_response(root), trust)
    check = next(c for c in v.checks if c.info.placement == "assertion")
    return v.status, (check.reason if check.outcome is not Outcome.VALID else "")


ids = [
    f"{alg.short(m)}|{'+'.join(t.name for t in ts)}"
    for m, ts in COMBINATIONS  # type: ignore[attr-defined]
]


@pytest.mark.parametrize("pretty", [False, True], ids=["single-line", "indented"])
@pytest.mark.parametrize(("method", "transforms"), COMBINATIONS, ids=ids)
def test_every_allowed_combination(
    method: str, transforms: tuple[object, ...], pretty: bool
) -> None:
    root = _signed(method, transforms, pretty, "idp")
    assert _check(root, str(METADATA), True) == (SignatureStatus.VALID, "")
    # Signed by the IdP, checked against another key: the content is untouched.
    status, reason = _check(root, ATTACKER, False)
    assert status is SignatureStatus.INVALID
    assert "the digest matches" in reason and "changed after signing" not in reason
    # A real change after signing is named as one.
    for value in root.iter("{urn:oasis:names:tc:SAML:2.0:assertion}AttributeValue"):
        value.text = (value.text or "") + "x"
    status, reason = _check(root, str(METADATA), True)
    assert status is SignatureStatus.INVALID and "changed after signing" in reason


def test_the_allow_list_is_what_the_readme_lists() -> None:
    readme = (SAMPLES.parent / "README.md").read_text()
    for uri in itertools.chain(alg.TRANSFORMS):
        assert uri in readme, uri


@pytest.mark.parametrize("name", ["c14n11.b64", "indented.b64"])
def test_the_samples_of_real_idp_shapes_are_valid(name: str) -> None:
    from helpers import inspect_json

    report = inspect_json(SAMPLES / "entra" / name).report
    assert report["signature"]["status"] == "valid" and report["findings"] == []


def test_an_undecryptable_assertion_is_never_no_blocking_error() -> None:
    from helpers import inspect_json

    key = str(SAMPLES / "idp" / "test-sp-key.NOT-A-SECRET.pem")
    with_key = inspect_json(SAMPLES / "rules" / "SAML020" / "fail.b64", "--sp-key", key).report
    assert with_key["verdict"].startswith("login will fail: the assertion cannot be decrypted")
    assert "give --sp-key" not in with_key["signature"]["summary"]
    without = inspect_json(SAMPLES / "rules" / "SAML020" / "fail.b64").report
    assert without["verdict"].startswith("not judged: the assertion is encrypted")
    assert "--sp-key" in without["verdict"]

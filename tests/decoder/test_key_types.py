"""Keys are loaded bare from each certificate's SubjectPublicKeyInfo: RSA and EC signatures
verify against the certificate trusted, and not against another of the same type."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest
import xmlsec
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from helpers import generator, self_signed
from samlscope.analysis import analyse
from samlscope.decoder.readers.capture import Capture
from samlscope.decoder.signature.trust import load_certificate
from samlscope.rules.context import Config

ACS = "https://signin.alibabacloud.com/saml-role/sso"
KEYS = {
    "rsa-2048": (lambda: rsa.generate_private_key(65537, 2048), xmlsec.Transform.RSA_SHA256),
    "rsa-3072": (lambda: rsa.generate_private_key(65537, 3072), xmlsec.Transform.RSA_SHA256),
    "ec-p256": (lambda: ec.generate_private_key(ec.SECP256R1()), xmlsec.Transform.ECDSA_SHA256),
    "ec-p384": (lambda: ec.generate_private_key(ec.SECP384R1()), xmlsec.Transform.ECDSA_SHA384),
}


def _pair(kind: str, folder: Path, name: str) -> tuple[Path, Path]:
    key_file, cert_file = folder / f"{name}.key", folder / f"{name}.pem"
    self_signed(KEYS[kind][0](), f"{kind} {name}", key_file, cert_file)
    return key_file, cert_file


def _signed_value(kind: str, key_file: Path, cert_file: Path) -> str:
    generate = generator()
    root = generate.response(at=dt.datetime.now(dt.UTC).replace(microsecond=0))
    generate.sign(generate.assertion_of(root), method=KEYS[kind][1], key_pair=(key_file, cert_file))
    return base64.b64encode(generate.xml_bytes(root)).decode()


@pytest.mark.parametrize("kind", list(KEYS))
def test_each_key_type_verifies_against_its_certificate_only(kind: str, tmp_path: Path) -> None:
    key_file, cert_file = _pair(kind, tmp_path, "signer")
    _, other_cert = _pair(kind, tmp_path, "other")
    capture = Capture("test", value=_signed_value(kind, key_file, cert_file), endpoint=ACS)
    trusted = analyse(capture, Config(), load_certificate(str(cert_file)))
    assert trusted.verification is not None
    assert trusted.verification.status.value == "valid", trusted.verification.summary
    other = analyse(capture, Config(), load_certificate(str(other_cert)))
    assert other.verification is not None
    assert other.verification.status.value == "untrusted", other.verification.summary

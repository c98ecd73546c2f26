"""The minimal DER reader agrees with `cryptography` on every certificate we have."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from helpers import SAMPLES, corpus_dir
from samlscope.decoder.signature.certs import certs_from_pem
from samlscope.decoder.signature.der import certificate_fields, public_key_info


def _pems() -> list[Path]:
    paths = sorted(SAMPLES.glob("idp/*cert*.pem"))
    corpus = corpus_dir()
    if corpus.is_dir():
        for path in corpus.rglob("*"):
            if (
                path.is_file()
                and path.stat().st_size < 100_000
                and b"BEGIN CERTIFICATE" in path.read_bytes()
            ):
                paths.append(path)
    return paths


@pytest.mark.parametrize("path", _pems(), ids=lambda p: p.name)
def test_fields_match_cryptography(path: Path) -> None:
    for info in certs_from_pem(path.read_bytes()):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cert = x509.load_der_x509_certificate(info.der)
            serial = cert.serial_number
        assert info.subject == cert.subject.rfc4514_string()
        assert info.issuer == cert.issuer.rfc4514_string()
        assert info.not_before == cert.not_valid_before_utc
        assert info.not_after == cert.not_valid_after_utc
        assert int(info.serial, 16) == serial
        assert public_key_info(info.der) == cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )


MALFORMED = [
    b"",
    b"\x30",
    b"\x30\x85\x00\x00\x00\x00\x01",
    b"\x30\x03\x02\x01",
    b"\x30\x02\x30\x00",
    b"\x30\x80\x00\x00",
    b"\x1f\x81\x01\x00",
]


@pytest.mark.parametrize("data", MALFORMED)
def test_malformed_der_is_refused(data: bytes) -> None:
    with pytest.raises(ValueError):
        certificate_fields(data)
    with pytest.raises(ValueError):
        public_key_info(data)

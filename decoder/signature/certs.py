"""X.509 certificates as people compare them: thumbprints, subject, validity."""

from __future__ import annotations

import base64
import binascii
import importlib
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, cast

from samlscope.cache import small_cache
from samlscope.decoder.signature.der import certificate_fields
from samlscope.lazyre import lazy_pattern
from samlscope.record import Record

_PEM_CERT = lazy_pattern(
    rb"-----BEGIN CERTIFICATE-----\s*(.+?)\s*-----END CERTIFICATE-----", re.DOTALL
)


def _builtin_digest(*candidates: tuple[str, str]) -> Callable[[bytes], Any]:
    """CPython's own implementation of a digest (`_sha2` from 3.12, `_sha256` before): the
    same algorithm as hashlib's, without importing hashlib, whose OpenSSL set-up cost every run
    about 2.5 ms for two digests of one certificate. hashlib where it is not built in."""
    for module, name in candidates:
        try:
            return cast("Callable[[bytes], Any]", getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):
            continue
    import hashlib

    return cast("Callable[[bytes], Any]", getattr(hashlib, candidates[0][1]))


_SHA256 = _builtin_digest(("_sha2", "sha256"), ("_sha256", "sha256"))
_SHA1 = _builtin_digest(("_sha1", "sha1"))


class CertInfo(Record):
    sha256: str
    """SHA-256 of the DER certificate, lowercase hex."""
    sha1: str
    """SHA-1 of the DER certificate, uppercase hex: the "Thumbprint" Entra's portal shows."""
    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    serial: str
    der: bytes

    def __repr__(self) -> str:  # the DER bytes would fill a screen
        return f"CertInfo(sha256={self.sha256!r}, subject={self.subject!r})"

    @property
    def pem(self) -> bytes:
        body = base64.encodebytes(self.der).replace(b"\n", b"")
        lines = [body[i : i + 64] for i in range(0, len(body), 64)]
        return (
            b"-----BEGIN CERTIFICATE-----\n" + b"\n".join(lines) + b"\n-----END CERTIFICATE-----\n"
        )


CACHED = 16_384
"""Certificates (DER or base64 text) up to this length are cached: real ones are 1-3 KB and the
same few recur in every login."""


@small_cache(maxsize=64, longest=CACHED)
def cert_from_der(der: bytes) -> CertInfo:
    """Describe a DER certificate (cached: the same few recur); ValueError if it is not one."""
    serial, issuer, subject, not_before, not_after = certificate_fields(der)
    return CertInfo(
        sha256=_SHA256(der).hexdigest(),
        sha1=_SHA1(der).hexdigest().upper(),
        subject=subject,
        issuer=issuer,
        not_before=not_before,
        not_after=not_after,
        serial=serial,
        der=der,
    )


@small_cache(maxsize=64, longest=CACHED)
def cert_from_base64_text(text: str) -> CertInfo:
    """Read the content of an X509Certificate element (base64 DER, sometimes base64 PEM)."""
    compact = "".join(text.split())
    try:
        raw = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError) as e:
        raise ValueError(f"certificate is not base64: {e}") from None
    if raw.lstrip().startswith(b"-----BEGIN"):  # ADFS quirk: base64 of a PEM file
        certs = certs_from_pem(raw)
        if not certs:
            raise ValueError("no certificate in the embedded PEM")
        return certs[0]
    return cert_from_der(raw)


def certs_from_pem(data: bytes) -> list[CertInfo]:
    return [cert_from_der(base64.b64decode(m.group(1))) for m in _PEM_CERT.finditer(data)]


def public_key_pem(data: bytes) -> bytes | None:
    """The PEM public key in data, if data is one (a bare key pins no certificate details): an
    SPKI key (`BEGIN PUBLIC KEY`) or a PKCS#1 RSA key (`BEGIN RSA PUBLIC KEY`), returned as
    SPKI either way."""
    if b"-----BEGIN PUBLIC KEY-----" not in data and b"-----BEGIN RSA PUBLIC KEY-----" not in data:
        return None
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_public_key(data)
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def colon_hex(hexdigest: str) -> str:
    """'ab12cd' → 'AB:12:CD', the way openssl and browsers print fingerprints."""
    up = hexdigest.upper()
    return ":".join(up[i : i + 2] for i in range(0, len(up), 2))

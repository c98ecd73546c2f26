"""Decrypt EncryptedAssertion elements with the SP's private key (`--sp-key`).

Each EncryptedAssertion child of the Response is replaced, in the tree, by the Assertion it
holds, so everything downstream (signature checks, rules) treats it like a plain one. The
session key is unwrapped from the EncryptedKey (RSA-OAEP or RSA 1.5), then the EncryptedData is
decrypted (AES-CBC/GCM, 3DES) to bytes, and those bytes are parsed by samlscope's hardened
parser: xmlsec never parses a plaintext itself, so libxml2 never prints attacker bytes to the
terminal, and a decrypted DTD or entity is refused like any other. xmlsec's URI loaders are
removed (see decoder.verify), so a CipherReference or RetrievalMethod cannot read a file or URL.

When an EncryptedAssertion cannot be decrypted, the reason is told apart: the EncryptedKey is
for another key (both public-key fingerprints when the message names its recipient), an
algorithm samlscope and xmlsec do not support, or data that is corrupted.
"""

from __future__ import annotations

import base64
import copy
import hashlib
from collections.abc import Mapping
from functools import lru_cache
from html import escape
from types import MappingProxyType

import xmlsec
from lxml import etree

from samlscope.decoder.errors import DecodeError, InputError
from samlscope.decoder.message.names import ASSERTION, DS, ENCRYPTED_ASSERTION, XENC, q
from samlscope.decoder.message.xmlparse import parse_xml
from samlscope.lazyre import lazy_pattern
from samlscope.record import Record

_XENC = "http://www.w3.org/2001/04/xmlenc#"
_XENC11 = "http://www.w3.org/2009/xmlenc11#"
DATA_ALGORITHMS = {
    _XENC + "aes128-cbc",
    _XENC + "aes192-cbc",
    _XENC + "aes256-cbc",
    _XENC11 + "aes128-gcm",
    _XENC11 + "aes192-gcm",
    _XENC11 + "aes256-gcm",
    _XENC + "tripledes-cbc",
}
KEY_ALGORITHMS = {_XENC + "rsa-oaep-mgf1p", _XENC11 + "rsa-oaep", _XENC + "rsa-1_5"}
MAX_KEY_FILE = 100_000


class DecryptionProblem(Record):
    """Why one EncryptedAssertion could not be read with the SP key given."""

    position: int
    """Which EncryptedAssertion (0 for the first), in document order."""
    kind: str
    """`wrong-key`, `algorithm`, `corrupt`, `not-xml` or `not-assertion`."""
    message: str
    evidence: Mapping[str, object] = MappingProxyType({})

    def __str__(self) -> str:
        return self.message


def load_sp_key(path: str) -> bytes:
    """Read a PEM private key file; InputError (exit 2) when it is not one."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_KEY_FILE + 1)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None
    try:
        xmlsec.Key.from_memory(data, xmlsec.KeyFormat.PEM)
    except xmlsec.Error:
        raise InputError(f"{path} is not a PEM private key") from None
    return data


@lru_cache(maxsize=8)
def key_fingerprint(key_pem: bytes) -> str | None:
    """SHA-256 of the public key (SubjectPublicKeyInfo DER) of a PEM private key."""
    from cryptography.hazmat.primitives import serialization

    try:
        private = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError):
        return None
    spki = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(spki).hexdigest()


def _recipient_fingerprint(encrypted_key: etree._Element) -> str | None:
    """SHA-256 of the public key of the certificate the EncryptedKey names, if it names one."""
    cert_el = encrypted_key.find(f".//{q(DS, 'X509Certificate')}")
    if cert_el is None or not (cert_el.text or "").strip():
        return None
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        cert = x509.load_der_x509_certificate(base64.b64decode("".join(str(cert_el.text).split())))
        spki = cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    except ValueError:
        return None
    return hashlib.sha256(spki).hexdigest()


def _algorithm(el: etree._Element | None) -> str:
    method = el.find(q(XENC, "EncryptionMethod")) if el is not None else None
    return method.get("Algorithm", "") if method is not None else ""


class _Failed(Exception):
    def __init__(self, kind: str, message: str, **evidence: object) -> None:
        super().__init__(message)
        self.kind, self.message, self.evidence = kind, message, evidence


def _unwrap(wrapped: etree._Element, key_pem: bytes) -> bytes:
    algorithm = _algorithm(wrapped)
    if algorithm not in KEY_ALGORITHMS:
        raise _Failed(
            "algorithm", f"its key is wrapped with an unsupported algorithm {algorithm!r}"
        )
    ours = key_fingerprint(key_pem)
    theirs = _recipient_fingerprint(wrapped)
    prints = {"sp_key_sha256": ours, "encrypted_for_sha256": theirs}
    if theirs is not None and ours is not None and theirs != ours:
        raise _Failed(
            "wrong-key",
            "it was encrypted for another key: the EncryptedKey names a certificate whose "
            f"public key has SHA-256 {theirs}, the --sp-key given has {ours}",
            **prints,
        )
    manager = xmlsec.KeysManager()
    manager.add_key(xmlsec.Key.from_memory(key_pem, xmlsec.KeyFormat.PEM))
    try:
        session = xmlsec.EncryptionContext(manager).decrypt(copy.deepcopy(wrapped))
    except xmlsec.Error:
        session = None
    if not isinstance(session, bytes) or not session:
        raise _Failed(
            "wrong-key",
            "its EncryptedKey does not open with the --sp-key given: it was encrypted for "
            "another key (or the EncryptedKey is corrupted)",
            **prints,
        )
    return session


def _decrypt_one(encrypted: etree._Element, key_pem: bytes) -> tuple[etree._Element, bytes]:
    data = encrypted.find(f".//{q(XENC, 'EncryptedData')}")
    if data is None:
        raise _Failed("corrupt", "it holds no EncryptedData")
    algorithm = _algorithm(data)
    if algorithm not in DATA_ALGORITHMS:
        raise _Failed(
            "algorithm", f"its data is encrypted with an unsupported algorithm {algorithm!r}"
        )
    # A copy without Type: xmlsec then returns the plaintext bytes instead of parsing them.
    detached = copy.deepcopy(data)
    if "Type" in detached.attrib:
        del detached.attrib["Type"]
    wrapped = encrypted.find(f".//{q(XENC, 'EncryptedKey')}")
    try:
        if wrapped is None:
            manager = xmlsec.KeysManager()
            manager.add_key(xmlsec.Key.from_memory(key_pem, xmlsec.KeyFormat.PEM))
            plaintext = xmlsec.EncryptionContext(manager).decrypt(detached)
        else:
            session = _unwrap(wrapped, key_pem)
            ctx = xmlsec.EncryptionContext()
            kind = (
                xmlsec.constants.KeyDataDes
                if "tripledes" in algorithm
                else xmlsec.constants.KeyDataAes
            )
            ctx.key = xmlsec.Key.from_binary_data(kind, session)
            plaintext = ctx.decrypt(detached)
    except xmlsec.Error:
        raise _Failed(
            "corrupt",
            "the key opened but the encrypted data does not decrypt (corrupted or truncated "
            "CipherValue, or a wrong session key)",
        ) from None
    if not isinstance(plaintext, bytes):
        raise _Failed("corrupt", "the EncryptedData did not decrypt to bytes")
    return _parse_in_context(plaintext, encrypted), plaintext


_XML_DECLARATION = lazy_pattern(rb"^\s*<\?xml[^>]*\?>")


def _parse_in_context(plaintext: bytes, encrypted: etree._Element) -> etree._Element:
    """Parse decrypted bytes as xmlsec would, in the namespace context of the element they
    replace (a plaintext may use a prefix declared on the Response), with the hardened
    parser."""
    body = _XML_DECLARATION.sub(b"", plaintext, count=1)
    declarations = "".join(
        f' xmlns:{prefix}="{escape(uri, True)}"' if prefix else f' xmlns="{escape(uri, True)}"'
        for prefix, uri in encrypted.nsmap.items()
    )
    holder = f"<samlscope-plaintext{declarations}>".encode() + body + b"</samlscope-plaintext>"
    try:
        root = parse_xml(holder)
    except DecodeError as e:
        message = e.message.replace("the XML", "the plaintext")
        raise _Failed("not-xml", f"it decrypted, but {message}") from None
    children = [c for c in root if isinstance(c.tag, str)]
    if len(children) != 1:
        raise _Failed("not-xml", f"it decrypted to {len(children)} elements, not one")
    child = children[0]
    root.remove(child)
    return child


def _standalone(plaintext: bytes) -> etree._Element | None:
    """The decrypted assertion as a document of its own, as the IdP signed it before
    encrypting it and as an SP verifies it after decrypting (None when it does not parse on
    its own: it uses a prefix declared outside it)."""
    try:
        root = parse_xml(_XML_DECLARATION.sub(b"", plaintext, count=1))
    except DecodeError:
        return None
    return root if root.tag == ASSERTION else None


def decrypt_assertions(
    root: etree._Element, key_pem: bytes
) -> tuple[int, tuple[DecryptionProblem, ...], dict[str, etree._Element]]:
    """Decrypt the Response's EncryptedAssertion children in place: (count, problems, and
    each decrypted assertion as its own document by its ID, for its signature)."""
    done = 0
    problems = []
    standalone: dict[str, etree._Element] = {}
    for index, encrypted in enumerate(root.findall(ENCRYPTED_ASSERTION), 1):
        try:
            assertion, plaintext = _decrypt_one(encrypted, key_pem)
        except _Failed as e:
            problems.append(
                DecryptionProblem(
                    index,
                    e.kind,
                    f"EncryptedAssertion {index} cannot be read: {e.message}",
                    e.evidence,
                )
            )
            continue
        if assertion.tag != ASSERTION:
            problems.append(
                DecryptionProblem(
                    index,
                    "not-assertion",
                    f"EncryptedAssertion {index} decrypted to "
                    f"<{etree.QName(assertion).localname}>, not to a saml:Assertion",
                )
            )
            continue
        root.replace(encrypted, assertion)
        alone = _standalone(plaintext)
        if alone is not None and alone.get("ID"):
            standalone[str(alone.get("ID"))] = alone
        done += 1
    return done, tuple(problems), standalone

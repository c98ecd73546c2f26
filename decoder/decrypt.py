"""Decrypt EncryptedAssertion elements with the SP's private key (`--sp-key`).

Each EncryptedAssertion child of the Response is replaced, in the tree, by the Assertion it
holds, so everything downstream (signature checks, rules) treats it like a plain one. The
session key is unwrapped from the EncryptedKey (RSA-OAEP or RSA 1.5), then the EncryptedData is
decrypted (AES-CBC/GCM, 3DES). xmlsec's URI loaders are removed (see decoder.verify), so a
CipherReference or RetrievalMethod cannot make it read a file or URL.
"""

from __future__ import annotations

import xmlsec
from lxml import etree
from samlscope.decoder.errors import InputError
from samlscope.decoder.names import ASSERTION, ENCRYPTED_ASSERTION, XENC, q

_SYMMETRIC = {
    "http://www.w3.org/2001/04/xmlenc#tripledes-cbc": xmlsec.constants.KeyDataDes,
}
MAX_KEY_FILE = 100_000


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


def _decrypt_one(encrypted: etree._Element, key_pem: bytes) -> etree._Element:
    data = encrypted.find(f".//{q(XENC, 'EncryptedData')}")
    if data is None:
        raise ValueError("no EncryptedData inside the EncryptedAssertion")
    method = data.find(q(XENC, "EncryptionMethod"))
    algorithm = method.get("Algorithm", "") if method is not None else ""
    manager = xmlsec.KeysManager()
    manager.add_key(xmlsec.Key.from_memory(key_pem, xmlsec.KeyFormat.PEM))
    wrapped = encrypted.find(f".//{q(XENC, 'EncryptedKey')}")
    if wrapped is None:
        result = xmlsec.EncryptionContext(manager).decrypt(data)
    else:
        session = xmlsec.EncryptionContext(manager).decrypt(wrapped)
        if not isinstance(session, bytes):
            raise ValueError("the EncryptedKey did not yield a key")
        ctx = xmlsec.EncryptionContext()
        key_data = _SYMMETRIC.get(algorithm, xmlsec.constants.KeyDataAes)
        ctx.key = xmlsec.Key.from_binary_data(key_data, session)
        result = ctx.decrypt(data)
    if not isinstance(result, etree._Element):
        raise ValueError("the EncryptedData did not decrypt to an XML element")
    return result


def decrypt_assertions(root: etree._Element, key_pem: bytes) -> tuple[int, tuple[str, ...]]:
    """Decrypt the Response's EncryptedAssertion children in place: (count, problems)."""
    done = 0
    problems = []
    for index, encrypted in enumerate(root.findall(ENCRYPTED_ASSERTION), 1):
        try:
            assertion = _decrypt_one(encrypted, key_pem)
        except (xmlsec.Error, ValueError) as e:
            problems.append(f"EncryptedAssertion {index} could not be decrypted: {e}")
            continue
        if assertion.tag != ASSERTION:
            problems.append(f"EncryptedAssertion {index} decrypted to <{assertion.tag}>")
            continue
        root.replace(encrypted, assertion)
        done += 1
    return done, tuple(problems)

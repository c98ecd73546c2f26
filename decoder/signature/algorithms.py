"""The XML-DSig algorithm URIs samlscope knows, and which of them are weak.

Unknown URIs are never mapped to a default: a signature that names one fails its profile check.
"""

from __future__ import annotations

import xmlsec

_DSIG = "http://www.w3.org/2000/09/xmldsig#"
_MORE = "http://www.w3.org/2001/04/xmldsig-more#"
_ENC = "http://www.w3.org/2001/04/xmlenc#"

ENVELOPED = _DSIG + "enveloped-signature"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
EXC_C14N_COMMENTS = EXC_C14N + "WithComments"
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
C14N_COMMENTS = C14N + "#WithComments"
C14N11 = "http://www.w3.org/2006/12/xml-c14n11"
C14N11_COMMENTS = C14N11 + "#WithComments"

# Transforms a SAML signature may use: the enveloped-signature transform and the canonical
# forms Apache Santuario (OpenSAML's XML-DSig engine) registers by default: Canonical XML 1.0,
# Exclusive XML Canonicalization 1.0 and Canonical XML 1.1, each with or without comments. SAML
# core section 5.4.4 says implementations SHOULD use exclusive canonicalization; the others are
# legal, and Okta-hosted IdPs among others sign with Canonical XML 1.1.
TRANSFORMS = {
    ENVELOPED: xmlsec.Transform.ENVELOPED,
    EXC_C14N: xmlsec.Transform.EXCL_C14N,
    EXC_C14N_COMMENTS: xmlsec.Transform.EXCL_C14N_COMMENTS,
    C14N: xmlsec.Transform.C14N,
    C14N_COMMENTS: xmlsec.Transform.C14N_COMMENTS,
    C14N11: xmlsec.Transform.C14N11,
    C14N11_COMMENTS: xmlsec.Transform.C14N11_COMMENTS,
}
CANONICALIZATIONS = {uri for uri in TRANSFORMS if uri != ENVELOPED}

SIGNATURE_METHODS = {
    _DSIG + "rsa-sha1": xmlsec.Transform.RSA_SHA1,
    _MORE + "rsa-sha224": xmlsec.Transform.RSA_SHA224,
    _MORE + "rsa-sha256": xmlsec.Transform.RSA_SHA256,
    _MORE + "rsa-sha384": xmlsec.Transform.RSA_SHA384,
    _MORE + "rsa-sha512": xmlsec.Transform.RSA_SHA512,
    _MORE + "ecdsa-sha1": xmlsec.Transform.ECDSA_SHA1,
    _MORE + "ecdsa-sha256": xmlsec.Transform.ECDSA_SHA256,
    _MORE + "ecdsa-sha384": xmlsec.Transform.ECDSA_SHA384,
    _MORE + "ecdsa-sha512": xmlsec.Transform.ECDSA_SHA512,
    _DSIG + "dsa-sha1": xmlsec.Transform.DSA_SHA1,
}

_MORE11 = "http://www.w3.org/2007/05/xmldsig-more#"
RSA_PSS_METHODS = frozenset(
    _MORE11 + f"{digest}-rsa-MGF1" for digest in ("sha1", "sha224", "sha256", "sha384", "sha512")
)
"""RSASSA-PSS (RFC 6931 section 2.3.10): the libxmlsec python-xmlsec bundles verifies them, but
python-xmlsec names no Transform for them, so they cannot be enabled one by one. A signature
using one is verified with SignedInfo's transforms left to libxmlsec's defaults: safe, because
SignedInfo holds exactly two algorithms, its CanonicalizationMethod and SignatureMethod, and
both were checked against these allow-lists first. Reference transforms stay restricted."""

DIGEST_METHODS = {
    _DSIG + "sha1": xmlsec.Transform.SHA1,
    _MORE + "sha224": xmlsec.Transform.SHA224,
    _ENC + "sha256": xmlsec.Transform.SHA256,
    _MORE + "sha384": xmlsec.Transform.SHA384,
    _ENC + "sha512": xmlsec.Transform.SHA512,
}

WEAK = {
    _DSIG + "rsa-sha1",
    _MORE + "ecdsa-sha1",
    _DSIG + "dsa-sha1",
    _DSIG + "sha1",
    _MORE11 + "sha1-rsa-MGF1",
}


def unknown(what: str, uri: str | None) -> str:
    """Explain an unrecognised algorithm URI, naming the standard one it resembles."""
    known = [*SIGNATURE_METHODS, *RSA_PSS_METHODS, *DIGEST_METHODS]
    tail = short(uri)
    alike = [u for u in known if short(u) == tail and uri is not None]
    if not alike:
        return f"unknown {what} {uri!r}" if uri else f"no {what}"
    return (
        f"unknown {what} {uri!r} (the standard URI is {alike[0]}; xmlsec and Apache "
        "Santuario accept only that)"
    )


def short(uri: str | None) -> str:
    """'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' → 'rsa-sha256'."""
    if not uri:
        return "(none)"
    tail = uri.rpartition("#")[2] or uri.rstrip("/").rpartition("/")[2]
    return {C14N: "c14n", C14N11: "c14n11"}.get(uri, tail)

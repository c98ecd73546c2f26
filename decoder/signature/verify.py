"""Check XML signatures the way a careful SP (OpenSAML, as Alibaba Cloud's Java stack) does.

A signature counts only when it sits on the Response or on the assertion the SP consumes (the
first Assertion child of the Response), has exactly one Reference whose URI is "" or its own
parent's ID, uses only the transforms the SAML signature profile allows, and its ID is unique.
IDs are registered on those elements only, and xmlsec's URI loaders are removed, so a Reference
can never make xmlsec read a file or the network. Keys come from the trust store first; the
certificate embedded in KeyInfo is tried only to tell "signed by another key" from "tampered".
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import StrEnum

import xmlsec
from lxml import etree

from samlscope.cache import small_cache
from samlscope.decoder.message.extract import (
    SIGNATURE_VALUE,
    SIGNED_INFO,
    element_path,
    first_child,
)
from samlscope.decoder.message.model import Response, SignatureInfo
from samlscope.decoder.message.names import ADVICE, ASSERTION, DS, SIGNATURE, q
from samlscope.decoder.signature import algorithms as alg
from samlscope.decoder.signature.certs import CertInfo
from samlscope.decoder.signature.der import public_key_info
from samlscope.decoder.signature.trust import TrustStore
from samlscope.lazyre import lazy_pattern
from samlscope.record import Record

xmlsec.cleanup_callbacks()  # no file://, http:// or any other URI loader inside xmlsec

_HASHES = {
    "http://www.w3.org/2000/09/xmldsig#sha1": "sha1",
    "http://www.w3.org/2001/04/xmldsig-more#sha224": "sha224",
    "http://www.w3.org/2001/04/xmlenc#sha256": "sha256",
    "http://www.w3.org/2001/04/xmldsig-more#sha384": "sha384",
    "http://www.w3.org/2001/04/xmlenc#sha512": "sha512",
}


class SignatureStatus(StrEnum):
    VALID = "valid"
    """A trusted key verifies a signature that covers the assertion the SP consumes."""
    INVALID = "invalid"
    """A signature does not verify, breaks the SAML signature profile, or is wrapped."""
    UNSIGNED = "unsigned"
    UNTRUSTED = "untrusted"
    """The signature verifies, but only with a key that is not in the trust anchors."""
    UNPINNED = "unpinned"
    """No trust anchor was given; the signature verifies with its embedded certificate."""
    ERROR = "error"
    """The signature could not be checked (no key at all, or the assertion is encrypted)."""
    REDACTED = "redacted"
    """The signature values were removed (`samlscope redact`): nothing can be verified here."""


class Outcome(StrEnum):
    VALID = "valid"
    UNTRUSTED = "untrusted"
    UNPINNED = "unpinned"
    INVALID = "invalid"
    WRAPPING = "wrapping"
    NO_KEY = "no-key"
    REDACTED = "redacted"
    TEMPLATE = "template"
    """An unsigned signature template (empty SignatureValue): counts as no signature."""
    IGNORED = "ignored"

    @property
    def verified(self) -> bool:
        return self in (Outcome.VALID, Outcome.UNTRUSTED, Outcome.UNPINNED)


class SignatureCheck(Record):
    """The verdict on one ds:Signature element."""

    info: SignatureInfo
    outcome: Outcome
    reason: str
    signer: CertInfo | None = None
    """The certificate whose key verified it (None when nothing did, or for a bare key)."""
    trusted_by: str | None = None
    """`metadata`, `certificate`, `embedded`, or None."""


class Verification(Record):
    status: SignatureStatus
    summary: str
    checks: tuple[SignatureCheck, ...]
    wrapping: tuple[str, ...]
    """Why the document looks like a signature-wrapping attack (empty when it does not)."""
    trust: TrustStore | None

    @property
    def signed_elements(self) -> tuple[str, ...]:
        return tuple(c.info.parent for c in self.checks if c.outcome.verified)

    @property
    def primary(self) -> SignatureCheck | None:
        """The check to headline: the consumed assertion's, else the Response's."""
        order = {"assertion": 0, "response": 1, "other": 2}
        effective = [c for c in self.checks if c.outcome is not Outcome.IGNORED]
        effective.sort(key=lambda c: (not c.outcome.verified, order[c.info.placement]))
        return effective[0] if effective else None

    def placed(self, placement: str) -> list[SignatureCheck]:
        return [c for c in self.checks if c.info.placement == placement]


class _Key(Record):
    key: xmlsec.Key
    cert: CertInfo | None
    trusted_by: str


class _LoadedKey:
    """A key as xmlsec loaded it (from a certificate, or a PEM public key) and, once it is used
    again, the same public key loaded bare.

    Every signature context copies its key, and a key that carries its certificate costs about
    28 µs to copy, a bare one under 1 µs; verifying uses only the key. But loading the bare key
    is a second trip through OpenSSL 3's decoders (about 4.7 million instructions, more than
    a whole analysis), which one `inspect` of one login does not earn back. So the first use
    gets the certificate's key, and every later one the bare key, loaded once.
    """

    __slots__ = ("bare", "certificate", "uses", "whole")

    def __init__(self, whole: xmlsec.Key, certificate: bytes | None) -> None:
        self.whole = whole
        self.certificate = certificate
        self.bare: xmlsec.Key | None = None
        self.uses = 0

    def key(self) -> xmlsec.Key:
        self.uses += 1
        if self.certificate is None or self.uses == 1:
            return self.whole
        if self.bare is None:
            self.bare = _bare_key(self.certificate) or self.whole
        return self.bare


def _bare_key(certificate: bytes) -> xmlsec.Key | None:
    """The key of a certificate (DER), from its SubjectPublicKeyInfo alone."""
    try:
        body = base64.encodebytes(public_key_info(certificate))
        return xmlsec.Key.from_memory(
            b"-----BEGIN PUBLIC KEY-----\n" + body + b"-----END PUBLIC KEY-----\n",
            xmlsec.KeyFormat.PEM,
        )
    except (ValueError, xmlsec.Error):
        return None


@small_cache(maxsize=64, longest=32_768)
def _load_key(pem: bytes, certificate: bytes | None) -> _LoadedKey | None:
    """The key of a PEM public key, or of a certificate (`pem` is then its PEM and
    `certificate` its DER); None if OpenSSL cannot read it. Cached: the same few keys recur.
    The certificate itself is loaded, so a certificate OpenSSL cannot read is refused even
    though its public key could be read bare.
    """
    try:
        if certificate is None:
            return _LoadedKey(xmlsec.Key.from_memory(pem, xmlsec.KeyFormat.PEM), None)
        return _LoadedKey(xmlsec.Key.from_memory(pem, xmlsec.KeyFormat.CERT_PEM), certificate)
    except xmlsec.Error:
        return None


def _trusted_keys(trust: TrustStore | None) -> list[_Key]:
    if trust is None:
        return []
    keys = []
    for anchor in trust.anchors:
        der = anchor.cert.der if anchor.is_cert and anchor.cert is not None else None
        loaded = _load_key(anchor.key_pem, der)
        if loaded is not None:
            keys.append(_Key(loaded.key(), anchor.cert, trust.kind))
    return keys


def _profile_problems(
    sig: etree._Element, info: SignatureInfo
) -> tuple[list[str], list[str], list[str]]:
    """(wrapping, other, reference) problems of an effective signature.

    Wrapping: the Reference names another element's ID (the signed element was moved or
    copied). Other: the signature breaks the SAML signature profile in a way that makes it
    invalid whatever key checks it. Reference: a Reference with no URI (or URI="") on a
    Signature that is not on the document element; that means "the whole document", which the
    SAML profile (as OpenSAML applies it) allows only for a signature on the document element.
    It does not stop the key checks, so an unknown key is still reported as such.
    """
    wrapping: list[str] = []
    other: list[str] = []
    reference: list[str] = []
    if first_child(sig, SIGNED_INFO) is None or first_child(sig, SIGNATURE_VALUE) is None:
        other.append("the Signature has no SignedInfo or no SignatureValue")
        return wrapping, other, reference
    if len(info.reference_uris) != 1:
        other.append(f"{len(info.reference_uris)} References; a SAML signature has exactly one")
    for uri in info.reference_uris:
        own = f"<{info.parent} ID={info.parent_id!r}>" if info.parent_id else f"<{info.parent}>"
        if uri in ("", None):
            parent = sig.getparent()
            if parent is None or parent is not sig.getroottree().getroot():
                what = "has no URI attribute" if uri is None else 'has URI=""'
                reference.append(
                    f"its Reference {what}, which means the whole document; the SAML "
                    f"signature profile allows that only for a signature on the document "
                    f"element, and this one sits on {own}: the Reference should be "
                    f'URI="#{info.parent_id or "its ID"}"'
                )
        elif not uri.startswith("#"):
            other.append(
                f"its Reference URI {uri!r} is not a same-document reference (#ID); a SAML "
                f"signature must reference {own} by its ID"
            )
        elif uri[1:] != info.parent_id:
            wrapping.append(f"Reference URI {uri!r} does not point at its own parent {own}")
    unknown = [t for t in info.transforms if t not in alg.TRANSFORMS]
    if unknown:
        other.append(f"transform(s) not allowed in SAML signatures: {', '.join(unknown)}")
    if len(info.transforms) > 2 or info.transforms.count(alg.ENVELOPED) > 1:
        other.append(
            f"{len(info.transforms)} transforms ({', '.join(map(alg.short, info.transforms))}); "
            "SAML uses enveloped-signature then one canonicalization"
        )
    if (
        info.signature_method not in alg.SIGNATURE_METHODS
        and info.signature_method not in alg.RSA_PSS_METHODS
    ):
        other.append(alg.unknown("SignatureMethod", info.signature_method))
    for digest in info.digest_methods:
        if digest not in alg.DIGEST_METHODS:
            other.append(alg.unknown("DigestMethod", digest))
    if info.canonicalization not in alg.TRANSFORMS or info.canonicalization == alg.ENVELOPED:
        other.append(f"unknown CanonicalizationMethod {info.canonicalization!r}")
    return wrapping, other, reference


def _xmlsec_verify(
    sig: etree._Element, info: SignatureInfo, id_nodes: Sequence[etree._Element], key: _Key
) -> bool:
    """xmlsec verification with only the algorithms this signature names enabled (all of them
    already checked against the allow-lists), so no other transform (XSLT, XPath) can run."""
    ctx = xmlsec.SignatureContext()
    for uri in info.transforms:
        ctx.enable_reference_transform(alg.TRANSFORMS[uri])
    for uri in info.digest_methods:
        ctx.enable_reference_transform(alg.DIGEST_METHODS[uri])
    # RSA-PSS has no python-xmlsec Transform: SignedInfo's two algorithms, both checked against
    # the allow-lists already, are then left to libxmlsec (see alg.RSA_PSS_METHODS).
    if info.signature_method not in alg.RSA_PSS_METHODS:
        if info.canonicalization is not None:
            ctx.enable_signature_transform(alg.TRANSFORMS[info.canonicalization])
        if info.signature_method is not None:
            ctx.enable_signature_transform(alg.SIGNATURE_METHODS[info.signature_method])
    ctx.key = key.key
    try:
        for node in id_nodes:
            ctx.register_id(node, "ID")
        ctx.verify(sig)
    except xmlsec.Error:
        return False
    return True


def _digest_matches(sig: etree._Element, root: etree._Element) -> bool | None:
    """Recompute the Reference digest as xmlsec does (None: cannot tell).

    Only used to word a failure ("changed after signing" or "another key signed it"), so it
    must digest exactly the bytes xmlsec digests: the enveloped-signature transform removes the
    Signature element and nothing else (not the whitespace after it), and canonicalization runs
    in the element's real namespace context (inclusive forms include inherited declarations).
    Same-document references (URI "" or "#id") drop comments before any transform (XML-DSig
    section 4.4.3.3), so the WithComments variants digest no comments here.
    """
    ref = sig.find(f"{q(DS, 'SignedInfo')}/{q(DS, 'Reference')}")
    if ref is None:
        return None
    transforms = [t.get("Algorithm") for t in ref.iter(q(DS, "Transform"))]
    digest_el = ref.find(q(DS, "DigestMethod"))
    value_el = ref.find(q(DS, "DigestValue"))
    hash_name = _HASHES.get(digest_el.get("Algorithm", "") if digest_el is not None else "")
    if hash_name is None or value_el is None:
        return None
    c14n = [t for t in transforms if t != alg.ENVELOPED]
    if len(c14n) > 1 or any(t not in alg.CANONICALIZATIONS for t in c14n):
        return None
    method = c14n[0] if c14n else alg.C14N  # the default for a node-set is Canonical XML 1.0
    target = root if ref.get("URI") in ("", None) else sig.getparent()
    if target is None:
        return None
    prefixes: list[str] = []
    for incl in ref.iter("{http://www.w3.org/2001/10/xml-exc-c14n#}InclusiveNamespaces"):
        prefixes += (incl.get("PrefixList") or "").split()
    exclusive = method in (alg.EXC_C14N, alg.EXC_C14N_COMMENTS)
    with _enveloped_removed(sig, alg.ENVELOPED in transforms):
        apex = _standalone(target)
    if apex is None:
        return None
    canon = etree.tostring(
        apex,
        method="c14n",
        exclusive=exclusive,
        with_comments=False,
        inclusive_ns_prefixes=(prefixes or None) if exclusive else None,
    )
    import hashlib  # only to word a failure

    digest = base64.b64encode(hashlib.new(hash_name, canon).digest()).decode()
    return digest == "".join((value_el.text or "").split())


_START_TAG = lazy_pattern(rb"^<[^\s/>]+")


def _standalone(element: etree._Element) -> etree._Element | None:
    """The element as the root of its own document, with every namespace in scope declared
    on it and the xml:* attributes it inherits: canonicalizing that root gives the bytes of
    the element's node-set in its real document, without relying on subtree canonicalization."""
    from html import escape  # only to word a failure

    text = etree.tostring(element, with_tail=False)
    declared = etree.fromstring(text, _PLAIN).nsmap
    extra = "".join(
        f' xmlns:{p}="{escape(u, True)}"' if p else f' xmlns="{escape(u, True)}"'
        for p, u in element.nsmap.items()
        if declared.get(p) != u
    )
    node = element.getparent()
    inherited: dict[str, str] = {}
    while node is not None:
        for name, value in node.attrib.items():
            if str(name).startswith(_XML_NS) and name not in element.attrib:
                inherited.setdefault(str(name), str(value))
        node = node.getparent()
    extra += "".join(
        f' xml:{name[len(_XML_NS) :]}="{escape(value, True)}"' for name, value in inherited.items()
    )
    if not extra:
        return etree.fromstring(text, _PLAIN)
    try:
        return etree.fromstring(
            _START_TAG.sub(lambda m: m.group() + extra.encode(), text, 1), _PLAIN
        )
    except etree.XMLSyntaxError:
        return None


_XML_NS = "{http://www.w3.org/XML/1998/namespace}"
_PLAIN = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@contextmanager
def _enveloped_removed(sig: etree._Element, remove: bool) -> Iterator[None]:
    """The tree without this Signature element for the duration; its tail text (whitespace
    that belongs to the parent's content) stays where it was, and everything is restored."""
    parent = sig.getparent()
    if not remove or parent is None:
        yield
        return
    index = parent.index(sig)
    tail = sig.tail
    previous = sig.getprevious()
    saved = previous.tail if previous is not None else parent.text
    parent.remove(sig)
    if tail:
        if previous is not None:
            previous.tail = (saved or "") + tail
        else:
            parent.text = (saved or "") + tail
    try:
        yield
    finally:
        if previous is not None:
            previous.tail = saved
        else:
            parent.text = saved
        parent.insert(index, sig)
        sig.tail = tail


def _check_effective(
    sig: etree._Element,
    info: SignatureInfo,
    root: etree._Element,
    id_nodes: Sequence[etree._Element],
    trusted: list[_Key],
) -> SignatureCheck:
    wrapping, other, reference = _profile_problems(sig, info)
    if wrapping:
        return SignatureCheck(info, Outcome.WRAPPING, "; ".join(wrapping + other + reference))
    if other:
        return SignatureCheck(info, Outcome.INVALID, "; ".join(other + reference))
    if not info.value_present:
        if info.redacted:
            return SignatureCheck(
                info,
                Outcome.REDACTED,
                "its SignatureValue was removed by samlscope redact, so it cannot be verified",
            )
        return SignatureCheck(
            info,
            Outcome.TEMPLATE,
            "it is an unsigned template: its SignatureValue is empty",
        )
    check = _check_keys(sig, info, root, id_nodes, trusted)
    if not reference:
        return check
    if check.outcome is Outcome.VALID:
        return check._replace(outcome=Outcome.INVALID, reason="; ".join(reference))
    return check._replace(reason="; ".join([*reference, check.reason]))


def _check_keys(
    sig: etree._Element,
    info: SignatureInfo,
    root: etree._Element,
    id_nodes: Sequence[etree._Element],
    trusted: list[_Key],
) -> SignatureCheck:
    """Which key, if any, verifies the signature: trusted ones first, then the embedded one."""
    if len(trusted) > 1:  # the anchor whose certificate the message embeds first
        embedded_ids = {c.sha256 for c in info.certificates}
        trusted = sorted(trusted, key=lambda k: not (k.cert and k.cert.sha256 in embedded_ids))
    for key in trusted:
        if _xmlsec_verify(sig, info, id_nodes, key):
            return SignatureCheck(info, Outcome.VALID, "verified", key.cert, key.trusted_by)
    for cert in info.certificates:
        embedded = _load_key(cert.pem, cert.der)
        if embedded is None:
            continue
        if _xmlsec_verify(sig, info, id_nodes, _Key(embedded.key(), cert, "embedded")):
            if trusted:
                return SignatureCheck(
                    info,
                    Outcome.UNTRUSTED,
                    "verifies only with the certificate embedded in the message, "
                    "which is not among the trusted certificates",
                    cert,
                    "embedded",
                )
            return SignatureCheck(
                info,
                Outcome.UNPINNED,
                "verifies with the embedded certificate (no trust anchor given)",
                cert,
                "embedded",
            )
    if info.embedded_count > len(info.certificates):
        untried = info.embedded_count - len(info.certificates)
        note = f" ({untried} further embedded certificate(s) not tried)"
    else:
        note = ""
    if not trusted and not info.certificates:
        return SignatureCheck(
            info,
            Outcome.NO_KEY,
            "no key to check it with: the message embeds no certificate and no "
            "--idp-metadata or --idp-cert was given",
        )
    digest = _digest_matches(sig, root)
    if digest is False:
        reason = "digest mismatch: the signed content was changed after signing"
    elif digest is True:
        reason = "the digest matches but the SignatureValue does not verify with any key tried"
    else:
        reason = "does not verify with any key tried"
    return SignatureCheck(info, Outcome.INVALID, reason + note)


def _alone(
    standalone: Mapping[str, etree._Element] | None, consumed: etree._Element | None
) -> etree._Element | None:
    if not standalone or consumed is None:
        return None
    return standalone.get(str(consumed.get("ID", "")))


def _guarded(
    sig: etree._Element,
    info: SignatureInfo,
    root: etree._Element,
    id_nodes: Sequence[etree._Element],
    trusted: list[_Key],
) -> SignatureCheck:
    """_check_effective, with a signature that cannot even be processed (its content cannot
    be canonicalized, say) reported as an invalid signature, never as a crash."""
    try:
        return _check_effective(sig, info, root, id_nodes, trusted)
    except Exception as e:  # lxml and xmlsec raise many kinds on hostile input
        return SignatureCheck(info, Outcome.INVALID, _unprocessable(sig, e))


def _unprocessable(sig: etree._Element, error: BaseException) -> str:
    relative = _relative_namespaces(sig.getparent())
    if relative:
        prefix, uri = relative[0]
        declared = f"xmlns:{prefix}" if prefix else "xmlns"
        return (
            f"its signed content declares a namespace with a relative URI ({declared}="
            f"{uri!r}); Canonical XML cannot process it, so no SP can verify this signature"
        )
    kind = "canonicalized" if isinstance(error, etree.C14NError) else "processed"
    return f"its signed content cannot be {kind} ({type(error).__name__})"


def _relative_namespaces(element: etree._Element | None) -> list[tuple[str, str]]:
    """Namespace declarations whose URI is relative (no scheme), in a subtree."""
    if element is None:
        return []
    found: list[tuple[str, str]] = []
    for el in element.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        inherited = parent.nsmap if parent is not None and el is not element else {}
        for prefix, uri in el.nsmap.items():
            if inherited.get(prefix) != uri and uri and ":" not in uri:
                found.append((prefix or "", uri))
        if len(found) >= 3:
            break
    return found


def _status(
    checks: list[SignatureCheck], wrapping: list[str], response: Response, key_given: bool
) -> tuple[SignatureStatus, str]:
    effective = [c for c in checks if c.outcome not in (Outcome.IGNORED, Outcome.TEMPLATE)]
    if any(c.outcome is Outcome.INVALID for c in effective):
        bad = next(c for c in effective if c.outcome is Outcome.INVALID)
        return SignatureStatus.INVALID, f"{bad.info.parent} signature invalid: {bad.reason}"
    if wrapping:
        return SignatureStatus.INVALID, f"signature wrapping: {wrapping[0]}"
    if any(c.outcome is Outcome.REDACTED for c in effective):
        return (
            SignatureStatus.REDACTED,
            "the signature values were removed (samlscope redact): the signature could not "
            "be verified here",
        )
    if response.consumed is None and response.encrypted_assertions and not effective:
        if key_given:
            return SignatureStatus.ERROR, (
                "the assertion could not be decrypted with the SP key given, so its signature "
                "could not be checked (SAML020 says why)"
            )
        return SignatureStatus.ERROR, "the assertion is encrypted: give --sp-key to check it"
    if not effective:
        templates = [c for c in checks if c.outcome is Outcome.TEMPLATE]
        if templates:
            where = " and ".join(c.info.parent for c in templates)
            return SignatureStatus.UNSIGNED, (
                f"the Signature on the {where} is an unsigned template (empty SignatureValue)"
            )
        return SignatureStatus.UNSIGNED, "no signature on the Response or the assertion"
    if any(c.outcome is Outcome.NO_KEY for c in effective):
        return SignatureStatus.ERROR, effective[0].reason
    for status, outcome in (
        (SignatureStatus.UNTRUSTED, Outcome.UNTRUSTED),
        (SignatureStatus.UNPINNED, Outcome.UNPINNED),
    ):
        if any(c.outcome is outcome for c in effective):
            signed = " and ".join(sorted({c.info.parent for c in effective}))
            return status, f"{signed} signature {status.value}"
    signed = " and ".join(c.info.parent for c in effective)
    return SignatureStatus.VALID, f"{signed} signature valid"


def _stray_assertions(root: etree._Element, consumed: etree._Element | None) -> list[str]:
    """Assertions other than the consumed one, outside its Advice: what XSW attacks plant.

    A consumer that searches the document for an Assertion (XPath //Assertion) may read one
    of these instead of the signed one. Advice inside the consumed assertion is legitimate.
    """
    found = []
    for el in root.iter(ASSERTION):
        if el is consumed:
            continue
        node = el.getparent()
        in_advice = False
        while node is not None:
            if node.tag == ADVICE and consumed is not None and node.getparent() is consumed:
                in_advice = True
                break
            node = node.getparent()
        if not in_advice and el.getparent() is not root:
            found.append(
                f"an extra <Assertion ID={el.get('ID')!r}> sits at {element_path(el)}, "
                "where a careless consumer could read it instead of the signed one"
            )
    return found[:5]


def _id_nodes(root: etree._Element) -> list[etree._Element]:
    return [n for n in [root, *root.iterchildren(ASSERTION)] if n.get("ID")]


def verify(
    root: etree._Element,
    response: Response,
    trust: TrustStore | None,
    original: etree._Element | None = None,
    *,
    key_given: bool = False,
    standalone: Mapping[str, etree._Element] | None = None,
) -> Verification:
    """Check every signature of a parsed samlp:Response against the trust store.

    `original` is the tree before EncryptedAssertions were decrypted: a Response signature
    covers the ciphertext, so it is checked there; assertion signatures in `root`, except a
    decrypted assertion's (`standalone`, by ID): the IdP signed it as a document of its own
    before encrypting it, and an SP verifies it that way after decrypting it (its Reference
    URI "" names that document, not the Response).
    """
    trusted = _trusted_keys(trust)
    consumed = next(root.iterchildren(ASSERTION), None)
    id_nodes = _id_nodes(root)
    response_sigs = [c for c in root if c.tag == SIGNATURE]
    original_sigs = [c for c in original if c.tag == SIGNATURE] if original is not None else []
    sig_elements = list(root.iter(SIGNATURE))
    wrapping = [f"ID {value!r} occurs on more than one element" for value in response.duplicate_ids]
    checks: list[SignatureCheck] = []
    seen_placements: set[str] = set()
    for sig, info in zip(sig_elements, response.signatures, strict=True):
        if info.placement in seen_placements:
            # Only the first Signature child of an element is checked: every further one
            # would be another full verification, and the SAML profile allows one.
            checks.append(
                SignatureCheck(
                    info,
                    Outcome.INVALID,
                    f"a further Signature on the {info.parent}; the SAML signature profile "
                    "allows one per element (not verified)",
                )
            )
            continue
        if info.placement != "other":
            seen_placements.add(info.placement)
        if info.placement == "other":
            checks.append(
                SignatureCheck(
                    info, Outcome.IGNORED, "not on the Response or the consumed assertion"
                )
            )
        elif wrapping:
            checks.append(SignatureCheck(info, Outcome.WRAPPING, wrapping[0]))
        elif original is not None and info.placement == "response":
            twin = original_sigs[response_sigs.index(sig)]
            checks.append(_guarded(twin, info, original, _id_nodes(original), trusted))
        elif info.placement == "assertion" and _alone(standalone, consumed) is not None:
            alone = _alone(standalone, consumed)
            assert alone is not None
            own = next((c for c in alone if c.tag == SIGNATURE), sig)
            checks.append(_guarded(own, info, alone, _id_nodes(alone), trusted))
        else:
            checks.append(_guarded(sig, info, root, id_nodes, trusted))
    wrapping += [
        c.reason for c in checks if c.outcome is Outcome.WRAPPING and c.reason not in wrapping
    ]
    covered = any(c.outcome.verified for c in checks)
    if not covered:
        watched = {response.id, consumed.get("ID") if consumed is not None else None} - {None}
        for c in checks:
            if c.outcome is not Outcome.IGNORED:
                continue
            targets = {u[1:] for u in c.info.reference_uris if u and u.startswith("#")}
            what = (
                "the Response's or assertion's ID" if targets & watched else f"a <{c.info.parent}>"
            )
            wrapping.append(
                f"the only signature (over {what}) sits at {c.info.path}, "
                "not on the element the SP reads"
            )
            break
    wrapping += _stray_assertions(root, consumed)
    status, summary = _status(checks, wrapping, response, key_given)
    return Verification(status, summary, tuple(checks), tuple(wrapping), trust)

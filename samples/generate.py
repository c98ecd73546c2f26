"""Generate the sample captures: a correct Entra ID → Alibaba Cloud response and broken ones.

    python samples/generate.py            # rewrite samples/ from the committed test keys
    python samples/generate.py --check    # exit 1 if a committed sample is stale
    python samples/generate.py --new-keys # make new test keys (then regenerate everything)

The keys in samples/idp/ are TEST KEYS, NOT SECRETS: they sign nothing but these samples.
Everything is deterministic (fixed IDs and times, RSA PKCS#1 v1.5), so regeneration reproduces
the committed files byte for byte. Samples are signed at SAMPLE_TIME; evaluate them with
`--at 2026-11-01T09:01:30Z` (the time a browser would have posted them).
"""

from __future__ import annotations

import argparse
import base64
import copy
import datetime as dt
import json
import sys
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

import xmlsec
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
import captures

HERE = Path(__file__).resolve().parent
IDP = HERE / "idp"
TENANT = "8c2a7d1e-5b4f-4e3a-9d6c-0f1e2d3c4b5a"
ISSUER = f"https://sts.windows.net/{TENANT}/"
ACCOUNT = "1234567890123456"
OBJECT_ID = "0f9e8d7c-6b5a-4c3d-2e1f-a0b9c8d7e6f5"
ROLE = f"acs:ram::{ACCOUNT}:role/aadrole,acs:ram::{ACCOUNT}:saml-provider/AAD"
SAMPLE_TIME = dt.datetime(2026, 11, 1, 9, 0, 0, tzinfo=dt.UTC)
SAMPLE_AT = "2026-11-01T09:01:30Z"
INTL_ACS = "https://signin.alibabacloud.com/saml-role/sso"
CN_ACS = "https://signin.aliyun.com/saml-role/sso"
RELAY_STATE = "https://ecs.console.aliyun.com/"

SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
ROLE_NS = "https://www.aliyun.com/SAML-Role/Attributes/"

KEYS = {
    "idp": (
        "test-idp-key.NOT-A-SECRET.pem",
        "test-idp-cert.pem",
        "Microsoft Azure Federated SSO Certificate (TEST)",
        2025,
        2028,
    ),
    "expired": (
        "test-idp-key.NOT-A-SECRET.pem",
        "test-idp-cert-expired.pem",
        "samlscope TEST IdP (expired)",
        2023,
        2026,
    ),
    "attacker": (
        "test-attacker-key.NOT-A-SECRET.pem",
        "test-attacker-cert.pem",
        "Not the IdP (samlscope TEST attacker)",
        2025,
        2028,
    ),
    "sp": ("test-sp-key.NOT-A-SECRET.pem", "test-sp-cert.pem", "samlscope TEST SP", 2025, 2028),
}
STICKY = {"rules/SAML018/fail.b64", "rules/SAML020/fail.b64"}
"""Outputs that differ on every run (encryption: random IV and OAEP padding): made once."""


def _iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def new_keys(only: str | None = None) -> None:
    IDP.mkdir(parents=True, exist_ok=True)
    made: dict[str, rsa.RSAPrivateKey] = {}
    for label, (key_file, cert_file, cn, start, end) in KEYS.items():
        if only is not None and label != only:
            continue
        key = made.get(key_file) or rsa.generate_private_key(public_exponent=65537, key_size=2048)
        made[key_file] = key
        (IDP / key_file).write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
        end_month = 10 if end == 2026 else 6
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(dt.datetime(start, 6 if end != 2026 else 10, 1, tzinfo=dt.UTC))
            .not_valid_after(dt.datetime(end, end_month, 1, tzinfo=dt.UTC))
            .sign(key, hashes.SHA256())
        )
        (IDP / cert_file).write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _cert_b64(cert_file: str) -> str:
    pem = (IDP / cert_file).read_text()
    return "".join(line for line in pem.splitlines() if "-----" not in line)


def metadata(cert_files: list[str], entity_id: str | None = None) -> bytes:
    """An Entra-shaped Federation Metadata XML (unsigned; Entra's own is signed)."""
    keys = "".join(
        '<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#">'
        f"<X509Data><X509Certificate>{_cert_b64(c)}</X509Certificate></X509Data>"
        "</KeyInfo></KeyDescriptor>"
        for c in cert_files
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<EntityDescriptor ID="_samlscope-test-metadata" entityID="{entity_id or ISSUER}" '
        'xmlns="urn:oasis:names:tc:SAML:2.0:metadata">'
        '<RoleDescriptor xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706" '
        'xsi:type="fed:SecurityTokenServiceType" '
        'protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706">'
        f"{keys}</RoleDescriptor>"
        '<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        f"{keys}"
        '<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
        f'Location="https://login.microsoftonline.com/{TENANT}/saml2"/>'
        "</IDPSSODescriptor></EntityDescriptor>\n"
    ).encode()


def default_attributes(name_id: str = "alice@contoso.example") -> dict[str, list[str]]:
    """The claims Entra sends for the Alibaba Cloud gallery app (FACTS.md §1.8, MS-TOKENS)."""
    return {
        "http://schemas.microsoft.com/identity/claims/tenantid": [TENANT],
        "http://schemas.microsoft.com/identity/claims/objectidentifier": [OBJECT_ID],
        "http://schemas.microsoft.com/identity/claims/displayname": ["Alice Example"],
        "http://schemas.microsoft.com/identity/claims/identityprovider": [ISSUER],
        f"{ROLE_NS}Role": [ROLE],
        f"{ROLE_NS}RoleSessionName": [name_id],
    }


def _quote(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def response(
    *,
    acs: str = INTL_ACS,
    audience: str = "urn:alibaba:cloudcomputing:international",
    extra_attributes: str = "",
    name_id: str = "alice@contoso.example",
    attributes: dict[str, list[str]] | None = None,
    destination: str | None = "",
    recipient: str | None = "",
    issuer: str = ISSUER,
    in_response_to: str | None = None,
    method: str = "urn:oasis:names:tc:SAML:2.0:cm:bearer",
    status: str | None = None,
    at: dt.datetime | None = None,
) -> etree._Element:
    """An unsigned Entra-shaped Response, as Entra builds it for the Alibaba Cloud gallery app.

    destination/recipient: "" means the ACS, None leaves the attribute out. `status`, given as
    an XML fragment, replaces the Success status and leaves the assertion out (as Entra does).
    """
    t = at or SAMPLE_TIME
    attrs = default_attributes(name_id) if attributes is None else attributes
    attr_xml = "".join(
        f'<Attribute Name="{_quote(k)}">'
        + "".join(f"<AttributeValue>{escape(v)}</AttributeValue>" for v in values)
        + "</Attribute>"
        for k, values in attrs.items()
    )
    dest = acs if destination == "" else destination
    recip = acs if recipient == "" else recipient
    irt = f' InResponseTo="{in_response_to}"' if in_response_to else ""
    head = (
        f'<samlp:Response ID="_7d1e5b4f-resp-0001" Version="2.0" IssueInstant="{_iso(t)}"'
        + (f' Destination="{dest}"' if dest is not None else "")
        + f'{irt} xmlns:samlp="{SAMLP}"><Issuer xmlns="{SAML}">{ISSUER}</Issuer>'
    )
    if status is not None:
        return etree.fromstring(f"{head}<samlp:Status>{status}</samlp:Status></samlp:Response>")
    xml = (
        head
        + '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
        "</samlp:Status>"
        f'<Assertion ID="_a1b2c3d4-assert-0001" IssueInstant="{_iso(t)}" Version="2.0" '
        f'xmlns="{SAML}"><Issuer>{issuer}</Issuer>'
        '<Subject><NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">'
        f"{escape(name_id)}</NameID>"
        f'<SubjectConfirmation Method="{method}">'
        f'<SubjectConfirmationData NotOnOrAfter="{_iso(t + dt.timedelta(minutes=5))}"'
        + (f' Recipient="{recip}"' if recip is not None else "")
        + f"{irt}/></SubjectConfirmation></Subject>"
        f'<Conditions NotBefore="{_iso(t)}" NotOnOrAfter="{_iso(t + dt.timedelta(minutes=70))}">'
        f"<AudienceRestriction><Audience>{audience}</Audience></AudienceRestriction></Conditions>"
        f"<AttributeStatement>{attr_xml}{extra_attributes}</AttributeStatement>"
        f'<AuthnStatement AuthnInstant="{_iso(t - dt.timedelta(seconds=12))}" '
        'SessionIndex="_a1b2c3d4-assert-0001"><AuthnContext><AuthnContextClassRef>'
        "urn:oasis:names:tc:SAML:2.0:ac:classes:Password</AuthnContextClassRef>"
        "</AuthnContext></AuthnStatement></Assertion></samlp:Response>"
    )
    return etree.fromstring(xml.encode())


def sign(
    element: etree._Element,
    signer: str = "idp",
    *,
    sha1: bool = False,
    c14n: Any = None,
    transforms: tuple[Any, ...] | None = None,
    embed_certificate: bool = True,
    method: Any = None,
    key_pair: tuple[Path, Path] | None = None,
) -> None:
    """Sign element (Response or Assertion) in place the way Entra does: after its Issuer.

    `c14n` is SignedInfo's CanonicalizationMethod and `transforms` the Reference's transforms
    (default: exclusive C14N, and enveloped-signature then exclusive C14N, as Entra signs).
    `method` and `key_pair` (private key, certificate) sign with another key than the TEST ones.
    """
    key_file, cert_file = key_pair or (IDP / KEYS[signer][0], IDP / KEYS[signer][1])
    method = method or (xmlsec.Transform.RSA_SHA1 if sha1 else xmlsec.Transform.RSA_SHA256)
    digest = xmlsec.Transform.SHA1 if sha1 else xmlsec.Transform.SHA256
    c14n = c14n or xmlsec.Transform.EXCL_C14N
    if transforms is None:
        transforms = (xmlsec.Transform.ENVELOPED, xmlsec.Transform.EXCL_C14N)
    sig = xmlsec.template.create(element, c14n, method, ns="ds")
    element.insert(1, sig)
    if len(element) > 2 and element[0].tail and element[0].tail.isspace():
        sig.tail = element[0].tail  # keep an indented document indented
    ref = xmlsec.template.add_reference(sig, digest, uri="#" + element.get("ID", ""))
    for transform in transforms:
        xmlsec.template.add_transform(ref, transform)
    if embed_certificate:
        x509_data = xmlsec.template.add_x509_data(xmlsec.template.ensure_key_info(sig))
        xmlsec.template.x509_data_add_certificate(x509_data)
    ctx = xmlsec.SignatureContext()
    key = xmlsec.Key.from_file(str(key_file), xmlsec.KeyFormat.PEM)
    key.load_cert_from_file(str(cert_file), xmlsec.KeyFormat.PEM)
    ctx.key = key
    ctx.register_id(element, "ID")
    ctx.sign(sig)


def indented(root: etree._Element) -> etree._Element:
    """The same document pretty-printed (whitespace text between elements), as many IdPs send."""
    text = etree.tostring(root, pretty_print=True)
    return etree.fromstring(text, etree.XMLParser(remove_blank_text=False))


def signed_with(*, c14n: Any = None, pretty: bool = False) -> bytes:
    """A valid response signed with another canonicalization, or pretty-printed before signing
    (as Okta-hosted IdPs, ADFS and others send them)."""
    root = response()
    if pretty:
        root = indented(root)
    transforms = (xmlsec.Transform.ENVELOPED, c14n) if c14n is not None else None
    sign(assertion_of(root), c14n=c14n, transforms=transforms)
    return xml_bytes(root)


def assertion_of(root: etree._Element) -> etree._Element:
    found = root.find(f"{{{SAML}}}Assertion")
    assert found is not None
    return found


def signed(**kw: Any) -> etree._Element:
    root = response(**kw)
    sign(assertion_of(root))
    return root


def xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=False, encoding="utf-8")


def b64(data: bytes, *, wrap: bool = True) -> str:
    text = base64.b64encode(data).decode()
    if not wrap:
        return text + "\n"
    return "\n".join(text[i : i + 76] for i in range(0, len(text), 76)) + "\n"


def form(data: bytes, relay_state: str | None = RELAY_STATE) -> str:
    body = "SAMLResponse=" + quote(base64.b64encode(data).decode(), safe="")
    if relay_state is not None:
        body += "&RelayState=" + quote(relay_state, safe="")
    return body + "\n"


# ----- broken variants ------------------------------------------------------------------


def tampered() -> bytes:
    root = signed()
    for value in root.iter(f"{{{SAML}}}AttributeValue"):
        if value.text == "alice@contoso.example":
            value.text = "admin@contoso.example"
    return xml_bytes(root)


def response_only() -> bytes:
    root = response()
    sign(root)
    return xml_bytes(root)


def both_signed() -> bytes:
    root = signed()
    sign(root)
    return xml_bytes(root)


def _drop_signature(element: etree._Element) -> None:
    sig = element.find("{http://www.w3.org/2000/09/xmldsig#}Signature")
    assert sig is not None
    element.remove(sig)


def wrapped() -> bytes:
    """XSW: the signed assertion hidden in Extensions, a forged one where the SP reads."""
    root = signed()
    original = assertion_of(root)
    evil = copy.deepcopy(original)
    evil.set("ID", "_evil-assertion")
    _drop_signature(evil)
    for value in evil.iter(f"{{{SAML}}}AttributeValue"):
        value.text = (value.text or "").replace("role/aadrole", "role/admin")
    extensions = etree.Element(f"{{{SAMLP}}}Extensions")
    root.remove(original)
    extensions.append(original)
    root.insert(1, extensions)
    root.append(evil)
    return xml_bytes(root)


def two_assertions() -> bytes:
    root = signed()
    extra = copy.deepcopy(assertion_of(root))
    extra.set("ID", "_second-assertion")
    _drop_signature(extra)
    root.append(extra)
    return xml_bytes(root)


def comment_in_name_id() -> bytes:
    """The IdP signed bob@contoso.example.evil.io; a comment splits it afterwards."""
    root = signed(name_id="bob@contoso.example.evil.io")
    name_id = next(root.iter(f"{{{SAML}}}NameID"))
    name_id.text = "bob@contoso.example"
    name_id.append(etree.Comment("x"))
    name_id[-1].tail = ".evil.io"
    return xml_bytes(root)


def oversized() -> bytes:
    groups = "".join(
        f"<AttributeValue>{i:08x}-1111-2222-3333-444455556666</AttributeValue>" for i in range(1800)
    )
    extra = (
        '<Attribute Name="http://schemas.microsoft.com/ws/2008/06/identity/claims/groups">'
        f"{groups}</Attribute>"
    )
    return xml_bytes(signed(extra_attributes=extra))


def xxe() -> bytes:
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE samlp:Response [<!ENTITY leak SYSTEM '
        b'"file:///etc/hostname">]>\n<samlp:Response xmlns:samlp="'
        + SAMLP.encode()
        + b'" ID="_x" Version="2.0"><samlp:Status>&leak;</samlp:Status></samlp:Response>'
    )


def bare_assertion() -> bytes:
    return xml_bytes(assertion_of(signed()))


def signed_by(signer: str, *, sha1: bool = False) -> bytes:
    root = response()
    sign(assertion_of(root), signer, sha1=sha1)
    return xml_bytes(root)


def encrypted(
    plaintext: bytes | None = None, *, recipient: str = "sp", cipher: Any = None
) -> bytes:
    """A signed assertion encrypted for the TEST SP key (AES-256-CBC, RSA-OAEP), Entra-style.

    `plaintext` encrypts those bytes instead of the assertion (to test what a decrypted
    plaintext may hold); `recipient` names whose certificate the session key is wrapped for.
    """
    root = signed()
    assertion = assertion_of(root)
    template = xmlsec.template.encrypted_data_create(
        root, cipher or xmlsec.Transform.AES256, type=xmlsec.EncryptionType.ELEMENT, ns="xenc"
    )
    xmlsec.template.encrypted_data_ensure_cipher_value(template)
    key_info = xmlsec.template.encrypted_data_ensure_key_info(template, ns="ds")
    enc_key = xmlsec.template.add_encrypted_key(key_info, xmlsec.Transform.RSA_OAEP)
    xmlsec.template.encrypted_data_ensure_cipher_value(enc_key)
    if plaintext is not None or recipient != "sp":  # name the recipient's certificate
        recipient_info = xmlsec.template.encrypted_data_ensure_key_info(enc_key, ns="ds")
        recipient_data = xmlsec.template.add_x509_data(recipient_info)
        xmlsec.template.x509_data_add_certificate(recipient_data)
    manager = xmlsec.KeysManager()
    cert = KEYS[recipient][1]
    key = xmlsec.Key.from_file(str(IDP / cert), xmlsec.KeyFormat.CERT_PEM)
    key.load_cert_from_file(str(IDP / cert), xmlsec.KeyFormat.PEM)
    manager.add_key(key)
    ctx = xmlsec.EncryptionContext(manager)
    key_size = 128 if cipher == xmlsec.Transform.AES128 else 256
    ctx.key = xmlsec.Key.generate(
        xmlsec.constants.KeyDataAes, key_size, xmlsec.constants.KeyDataTypeSession
    )
    if plaintext is None:
        data = ctx.encrypt_xml(template, assertion)  # replaces the assertion in the tree
    else:
        data = ctx.encrypt_binary(template, plaintext)
        root.replace(assertion, data)
    holder = etree.Element(f"{{{SAML}}}EncryptedAssertion")
    data.addprevious(holder)
    holder.append(data)
    return xml_bytes(root)


def deflated(data: bytes) -> str:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return b64(compressor.compress(data) + compressor.flush())


# ----- what goes where ------------------------------------------------------------------


AADSTS50105 = (
    '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester">'
    '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:RequestDenied"/>'
    "</samlp:StatusCode><samlp:StatusMessage>AADSTS50105: Your administrator has configured "
    "the application Alibaba Cloud to block users unless they are specifically granted access."
    "</samlp:StatusMessage>"
)
USER_SSO_INTL = "https://signin.alibabacloud.com/saml/SSO"
USER_SSO_CN = f"https://signin.aliyun.com/{ACCOUNT}/saml/SSO"
OTHER_TENANT = "https://sts.windows.net/00000000-0000-0000-0000-000000000000/"
HOLDER_OF_KEY = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"
REVERSED_ROLE = ",".join(reversed(ROLE.split(",")))
JOINED_ROLE = ROLE.replace(",", "; ")
CROSS_ROLE = ROLE.replace(f"{ACCOUNT}:saml-provider", "6543210987654321:saml-provider")
READONLY = ROLE.replace("role/aadrole", "role/readonly")
# Codes a failing sample raises besides its own, because the same fault implies them.
LATE = {"also": ["TIME203"]}  # posted long after (or before) issuing: the clocks disagree
ELSEWHERE = {"also": ["SAML011", "SAML012", "SAML013"]}  # the other endpoint's URL and audience


# ----- AWS: the same Entra tenant signing in to AWS (role-based SAML) ----------------------

AWS_ACS = "https://signin.aws.amazon.com/saml"
AWS_REGIONAL_ACS = "https://eu-central-1.signin.aws.amazon.com/saml"
AWS_AUDIENCE = "https://signin.aws.amazon.com/saml"
AWS_NS = "https://aws.amazon.com/SAML/Attributes/"
AWS_ACCOUNT = "123456789012"
AWS_ROLE = (
    f"arn:aws:iam::{AWS_ACCOUNT}:role/EntraAdmins,arn:aws:iam::{AWS_ACCOUNT}:saml-provider/Entra"
)
AWS_REVERSED = ",".join(reversed(AWS_ROLE.split(",")))
AWS_CROSS = AWS_ROLE.replace(f"{AWS_ACCOUNT}:saml-provider", "210987654321:saml-provider")
AWS_READONLY = AWS_ROLE.replace("role/EntraAdmins", "role/ReadOnly")
ON_AWS = {"endpoint": AWS_ACS}


def aws_attributes(
    role: tuple[str, ...] = (AWS_ROLE,), session: str = "alice@contoso.example", **extra: str
) -> dict[str, list[str]]:
    """The claims of Entra's AWS Single-Account Access app (Role, RoleSessionName)."""
    attrs = {k: v for k, v in default_attributes().items() if "SAML-Role" not in k}
    if role:
        attrs[f"{AWS_NS}Role"] = list(role)
    if session:
        attrs[f"{AWS_NS}RoleSessionName"] = [session]
    for local, value in extra.items():
        attrs[AWS_NS + local] = [value]
    return attrs


def aws_signed(**attrs: Any) -> str:
    """A signed Entra response for AWS, base64."""
    kw = {k: attrs.pop(k) for k in ("acs", "recipient") if k in attrs}
    return b64(
        xml_bytes(
            signed(
                acs=kw.get("acs", AWS_ACS),
                audience=AWS_AUDIENCE,
                attributes=aws_attributes(**attrs),
                **({"recipient": kw["recipient"]} if "recipient" in kw else {}),
            )
        )
    )


# ----- configuration samples (samlscope check) -----------------------------------------

PROVIDER_ARN = f"acs:ram::{ACCOUNT}:saml-provider/AAD"
ROLE_ARN = f"acs:ram::{ACCOUNT}:role/aadrole"


def sp_metadata(
    acs: str = INTL_ACS, entity_id: str = "urn:alibaba:cloudcomputing:international"
) -> bytes:
    """Alibaba Cloud's role-SSO SP metadata, shaped as the sites publish it."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<md:EntityDescriptor entityID="{entity_id}" '
        'xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"><md:SPSSODescriptor '
        'AuthnRequestsSigned="false" WantAssertionsSigned="true" '
        'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        "<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>"
        '<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
        f'Location="{acs}" index="1"/></md:SPSSODescriptor></md:EntityDescriptor>\n'
    ).encode()


def get_saml_provider(metadata_xml: bytes, name: str = "AAD") -> str:
    """`aliyun ims GetSAMLProvider --SAMLProviderName AAD` as the CLI prints it."""
    provider = {
        "Arn": f"acs:ram::{ACCOUNT}:saml-provider/{name}",
        "CreateDate": "2025-06-02T08:00:00Z",
        "Description": "Microsoft Entra ID",
        "EncodedSAMLMetadataDocument": base64.b64encode(metadata_xml).decode(),
        "SAMLProviderName": name,
        "UpdateDate": "2025-06-02T08:00:00Z",
    }
    return (
        json.dumps(
            {"RequestId": "4B450CA1-36E8-4AA2-8461-86B42BF4CC4E", "SAMLProvider": provider},
            indent=2,
        )
        + "\n"
    )


def get_role(
    federated: Any = PROVIDER_ARN, recipient: Any = INTL_ACS, max_session: int = 3600
) -> str:
    """`aliyun ram GetRole --RoleName aadrole`: the trust policy is a JSON string inside."""
    statement: dict[str, Any] = {
        "Action": "sts:AssumeRole",
        "Effect": "Allow",
        "Principal": {"Federated": federated},
    }
    if recipient is not None:
        statement["Condition"] = {"StringEquals": {"saml:recipient": recipient}}
    role = {
        "Arn": ROLE_ARN,
        "AssumeRolePolicyDocument": json.dumps({"Statement": [statement], "Version": "1"}),
        "CreateDate": "2025-06-02T08:10:00Z",
        "Description": "Role for Entra ID users",
        "MaxSessionDuration": max_session,
        "RoleId": "30123456789012345",
        "RoleName": "AADrole",
    }
    return (
        json.dumps({"RequestId": "04F0F334-1335-436C-A1D7-6C044FE73368", "Role": role}, indent=2)
        + "\n"
    )


DEFAULT_ACCESS = {
    "allowedMemberTypes": ["User"],
    "description": "msiam_access",
    "displayName": "msiam_access",
    "id": "7dfd756e-8c27-4472-b2b7-38c17fc5de5e",
    "isEnabled": True,
    "origin": "Application",
    "value": None,
}
"""Entra's default app role of a gallery app ("Default Access"): it carries no value."""


def thumbprint(cert_file: str) -> str:
    """A certificate's SHA-1 thumbprint as Graph's preferredTokenSigningKeyThumbprint holds it."""
    cert = x509.load_pem_x509_certificate((IDP / cert_file).read_bytes())
    return cert.fingerprint(hashes.SHA1()).hex().upper()


def entra_sp(assignment_required: bool = True, signing_cert: str = "test-idp-cert.pem") -> str:
    """The gallery app's service principal (as `az ad sp show` prints it): the settings of the
    Enterprise application (assignment, the active signing certificate, token encryption)."""
    app = json.loads(entra_app())["value"][0]
    sp = {
        "id": "2c5e8f1a-7b3d-4e9f-8a6c-1d2e3f4a5b6c",
        "appId": app["appId"],
        "accountEnabled": True,
        "appDisplayName": app["displayName"],
        "displayName": app["displayName"],
        "appRoleAssignmentRequired": assignment_required,
        "appRoles": app["appRoles"],
        "preferredSingleSignOnMode": "saml",
        "preferredTokenSigningKeyThumbprint": thumbprint(signing_cert),
        "replyUrls": [INTL_ACS],
        "servicePrincipalNames": [app["appId"], *app["identifierUris"]],
        "servicePrincipalType": "Application",
        "tokenEncryptionKeyId": None,
    }
    return json.dumps(sp, indent=2) + "\n"


def entra_app(*values: str | None, **fields: Any) -> str:
    """A Microsoft Graph application (as `az ad app show` prints it) for the gallery app, with
    the default msiam_access role and one app role per value; `fields` override its other
    properties (requestSignatureVerification, tokenEncryptionKeyId)."""
    roles = [dict(DEFAULT_ACCESS)]
    for i, value in enumerate(values or (ROLE,), 1):
        roles.append(
            {
                "allowedMemberTypes": ["User"],
                "description": f"role {i}",
                "displayName": f"aadrole{i}",
                "id": f"00000000-0000-4000-8000-00000000000{i}",
                "isEnabled": True,
                "origin": "Application",
                "value": value,
            }
        )
    app = {
        "appId": "5f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b",
        "displayName": "Alibaba Cloud Service (Role-based SSO)",
        "identifierUris": ["urn:alibaba:cloudcomputing:international"],
        "web": {"redirectUris": [INTL_ACS]},
        "appRoles": roles,
        "requestSignatureVerification": {
            "isSignedRequestRequired": False,
            "allowedWeakAlgorithms": None,
        },
        "tokenEncryptionKeyId": None,
        **fields,
    }
    return json.dumps({"value": [app]}, indent=2) + "\n"


AWS_PROVIDER_ARN = AWS_ROLE.split(",")[1]
AWS_ROLE_ARN = AWS_ROLE.split(",")[0]


def aws_get_saml_provider(metadata_xml: bytes) -> str:
    """`aws iam get-saml-provider --saml-provider-arn ...`: no ARN in the answer."""
    answer = {
        "SAMLProviderUUID": "AZ3KQ8R7T6W5V4U3S2P1N0MLK",
        "SAMLMetadataDocument": metadata_xml.decode(),
        "CreateDate": "2025-06-02T08:00:00+00:00",
        "ValidUntil": "2125-06-02T08:00:00+00:00",
        "Tags": [],
        "AssertionEncryptionMode": "Allowed",
    }
    return json.dumps(answer, indent=4) + "\n"


def aws_list_saml_providers(*arns: str) -> str:
    """`aws iam list-saml-providers`."""
    items = [
        {
            "Arn": arn,
            "ValidUntil": "2125-06-02T08:00:00+00:00",
            "CreateDate": "2025-06-02T08:00:00+00:00",
        }
        for arn in arns or (AWS_PROVIDER_ARN,)
    ]
    return json.dumps({"SAMLProviderList": items}, indent=4) + "\n"


def aws_get_role(
    aud: Any = AWS_ACS,
    federated: Any = AWS_PROVIDER_ARN,
    action: Any = "sts:AssumeRoleWithSAML",
    max_session: int = 3600,
    operator: str = "StringEquals",
) -> str:
    """`aws iam get-role --role-name EntraAdmins`: the CLI prints the trust policy as JSON."""
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Federated": federated},
        "Action": action,
    }
    if aud is not None:
        statement["Condition"] = {operator: {"SAML:aud": aud}}
    role = {
        "Path": "/",
        "RoleName": "EntraAdmins",
        "RoleId": "AROA4EXAMPLE7QH2LWXYZ",
        "Arn": AWS_ROLE_ARN,
        "CreateDate": "2025-06-02T08:10:00+00:00",
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [statement]},
        "Description": "Entra ID administrators",
        "MaxSessionDuration": max_session,
        "RoleLastUsed": {},
    }
    return json.dumps({"Role": role}, indent=4) + "\n"


def aws_entra_app(*values: str) -> str:
    """Entra's AWS Single-Account Access app as Graph prints a servicePrincipal."""
    roles = [dict(DEFAULT_ACCESS)]
    for i, value in enumerate(values or (AWS_ROLE,), 1):
        roles.append(
            {
                "allowedMemberTypes": ["User"],
                "description": f"AWS role {i}",
                "displayName": f"EntraAdmins{i}",
                "id": f"00000000-0000-4000-9000-00000000000{i}",
                "isEnabled": True,
                "origin": "ServicePrincipal",
                "value": value,
            }
        )
    sp = {
        "appId": "8b1025e4-1dd2-430b-a150-2ef79cd700f5",
        "displayName": "AWS Single-Account Access",
        "servicePrincipalNames": ["https://signin.aws.amazon.com/saml"],
        "replyUrls": [AWS_ACS],
        "appRoles": roles,
    }
    return json.dumps({"value": [sp]}, indent=2) + "\n"


def aws_two_confirmations() -> str:
    """An AWS response whose Subject has a second bearer SubjectConfirmation (for a regional
    endpoint), signed: valid SAML, refused by AWS."""
    root = response(acs=AWS_ACS, audience=AWS_AUDIENCE, attributes=aws_attributes())
    first = root.find(f".//{{{SAML}}}SubjectConfirmation")
    assert first is not None
    second = copy.deepcopy(first)
    data = second.find(f"{{{SAML}}}SubjectConfirmationData")
    assert data is not None
    data.set("Recipient", AWS_REGIONAL_ACS)
    first.addnext(second)
    sign(assertion_of(root))
    return b64(xml_bytes(root))


USER_SSO_AUDIENCE = f"https://signin.aliyun.com/{ACCOUNT}/saml/SSO"
ON_USER_SSO = {"endpoint": USER_SSO_CN}


CLOUDSSO_ACS = captures.CLOUDSSO_ACS
CLOUDSSO_ENTITY_ID = "https://signin-cn-shanghai.alibabacloudsso.com/saml/sp/d-00fc2p61ab"
ON_CLOUDSSO = {"endpoint": CLOUDSSO_ACS}


def cloudsso(name_id: str = "alice@contoso.example", **kw: Any) -> bytes:
    """A signed Entra response for a CloudSSO directory: the NameID is the CloudSSO user name."""
    kw.setdefault("attributes", {})
    kw.setdefault("audience", CLOUDSSO_ENTITY_ID)
    return xml_bytes(signed(acs=CLOUDSSO_ACS, name_id=name_id, **kw))


def user_sso(name_id: str = "alice@contoso.onaliyun.com", **kw: Any) -> str:
    """A signed Entra response for Alibaba Cloud's user-based SSO (China site, per account):
    the NameID is the RAM user's logon name; no role attributes."""
    root = signed(acs=USER_SSO_CN, audience=USER_SSO_AUDIENCE, name_id=name_id, attributes={}, **kw)
    return b64(xml_bytes(root))


def get_user_sso_settings(
    metadata_xml: bytes | None, enabled: bool = True, with_domain: bool = True, aux: str = ""
) -> str:
    """`aliyun ims GetUserSsoSettings`, shaped as the IMS API reference shows it."""
    settings = {
        "AuxiliaryDomain": aux,
        "MetadataDocument": base64.b64encode(metadata_xml).decode() if metadata_xml else "",
        "SsoEnabled": enabled,
        "SsoLoginWithDomain": with_domain,
        "AuthnSignAlgo": "rsa-sha256",
    }
    answer = {"RequestId": "69FC3E5E-D3D9-434B-90CA-BBA8E0551A47", "UserSsoSettings": settings}
    return json.dumps(answer, indent=2) + "\n"


def list_users(*logon_names: str) -> str:
    """`aliyun ims ListUsers`: Users.User[] with each user's UserPrincipalName."""
    users = [
        {
            "UserPrincipalName": upn,
            "UserName": upn.partition("@")[0],
            "DisplayName": upn.partition("@")[0].title(),
            "UserId": f"20{i:014d}",
            "CreateDate": "2025-06-02T08:20:00Z",
        }
        for i, upn in enumerate(logon_names or ("alice@contoso.onaliyun.com",), 1)
    ]
    answer = {
        "RequestId": "7B2B9B5C-8E2C-4D5A-9F3B-2A1C0D9E8F7A",
        "IsTruncated": False,
        "Users": {"User": users},
    }
    return json.dumps(answer, indent=2) + "\n"


def user_sso_config_samples() -> dict[str, str | bytes]:
    """User-based SSO for `samlscope check`: one consistent set (each code's passing sample)
    and the failing set of CFG409-411."""
    idp = metadata(["test-idp-cert.pem"])
    good: dict[str, str | bytes] = {
        "idp-metadata.xml": idp,
        "user-sso.json": get_user_sso_settings(idp),
        "users.json": list_users("alice@contoso.onaliyun.com", "carol@contoso.onaliyun.com"),
        "login.b64": user_sso(),
    }
    fails: dict[str, dict[str, str | bytes]] = {
        "CFG409": {**good, "user-sso.json": get_user_sso_settings(idp, enabled=False)},
        "CFG410": {**good, "login.b64": user_sso("alice@contoso.com")},
        "CFG411": {**good, "login.b64": user_sso("bob@contoso.onaliyun.com")},
    }
    out = config_sets(good, fails)
    return out


def cloudsso_sp_info(entity_id: str = "", acs: str = "") -> str:
    """`aliyun cloudsso GetDirectorySAMLServiceProviderInfo`, shaped as Alibaba Cloud's API
    reference shows it."""
    answer = {
        "RequestId": "4632107D-BCE1-5A96-B30B-182EE0709625",
        "SAMLServiceProvider": {
            "EntityId": entity_id or CLOUDSSO_ENTITY_ID,
            "DirectoryId": "d-00fc2p61ab",
            "EncodedMetadataDocument": "",
            "AcsUrl": acs or CLOUDSSO_ACS,
            "AuthnSignAlgo": "rsa-sha256",
            "CertificateType": "self-signed",
            "SupportEncryptedAssertion": True,
        },
    }
    return json.dumps(answer, indent=2) + "\n"


def cloudsso_idp(idp_metadata: bytes, *, enabled: bool = True) -> str:
    """`aliyun cloudsso GetExternalSAMLIdentityProvider`."""
    answer = {
        "RequestId": "96D1E5FF-0301-5636-8D33-071E033CFB82",
        "SAMLIdentityProviderConfiguration": {
            "EntityId": ISSUER,
            "SSOStatus": "Enabled" if enabled else "Disabled",
            "DirectoryId": "d-00fc2p61ab",
            "EncodedMetadataDocument": base64.b64encode(idp_metadata).decode(),
            "CreateTime": "2025-06-02T08:20:00Z",
            "WantRequestSigned": False,
            "UpdateTime": "2025-06-02T08:20:00Z",
        },
    }
    return json.dumps(answer, indent=2) + "\n"


def cloudsso_entra_app(identifier: str = "", reply_url: str = "") -> str:
    """Entra's application for the CloudSSO directory (a non-gallery SAML app)."""
    sp = {
        "appId": "5d2e7f0a-3b1c-4e9d-8a6f-0c1b2d3e4f5a",
        "displayName": "Alibaba Cloud CloudSSO",
        "servicePrincipalNames": [identifier or CLOUDSSO_ENTITY_ID],
        "replyUrls": [reply_url or CLOUDSSO_ACS],
        "appRoles": [dict(DEFAULT_ACCESS)],
    }
    return json.dumps({"value": [sp]}, indent=2) + "\n"


def cloudsso_config_samples() -> dict[str, str | bytes]:
    """CloudSSO for `samlscope check`: a consistent set and the failing sets of CFG412-413."""
    idp = metadata(["test-idp-cert.pem"])
    good: dict[str, str | bytes] = {
        "idp-metadata.xml": idp,
        "cloudsso-sp.json": cloudsso_sp_info(),
        "cloudsso-idp.json": cloudsso_idp(idp),
        "app.json": cloudsso_entra_app(),
        "login.b64": b64(cloudsso()),
    }
    old = "https://signin-cn-shanghai.alibabacloudsso.com/saml/sp/d-0ld0d1rect"
    fails: dict[str, dict[str, str | bytes]] = {
        "CFG412": {**good, "app.json": cloudsso_entra_app(identifier=old)},
        "CFG413": {**good, "cloudsso-idp.json": cloudsso_idp(idp, enabled=False)},
    }
    return config_sets(good, fails)


def authn_request(request_id: str = "_a7c3e1f0-req-0001", at: dt.datetime | None = None) -> str:
    """Alibaba Cloud's user-SSO AuthnRequest, as the HTTP-Redirect binding carries it (raw
    DEFLATE, base64)."""
    t = (at or SAMPLE_TIME) - dt.timedelta(seconds=5)
    xml = (
        f'<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        f'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{request_id}" Version="2.0" '
        f'IssueInstant="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" '
        f'Destination="https://login.microsoftonline.com/{TENANT}/saml2" '
        f'AssertionConsumerServiceURL="{USER_SSO_CN}" '
        'ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">'
        f"<saml:Issuer>{USER_SSO_AUDIENCE}</saml:Issuer>"
        '<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified" '
        'AllowCreate="false"/></samlp:AuthnRequest>'
    ).encode()
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.b64encode(deflater.compress(xml) + deflater.flush()).decode()


def user_sso_raw(**kw: Any) -> bytes:
    return base64.b64decode(user_sso(**kw))


def aws_config_samples() -> dict[str, str | bytes]:
    """The AWS side of `samlscope check`: a consistent set (CFG408's passing sample) and
    CFG408's failing set (SAML:aud set to the Audience)."""
    idp = metadata(["test-idp-cert.pem"])
    good: dict[str, str | bytes] = {
        "idp-metadata.xml": idp,
        "app.json": aws_entra_app(),
        "provider.json": aws_get_saml_provider(idp),
        "providers.json": aws_list_saml_providers(),
        "role.json": aws_get_role(),
    }
    out: dict[str, str | bytes] = {}
    for name, content in good.items():
        out[f"rules/CFG408/pass/{name}"] = content
        out[f"rules/CFG408/fail/{name}"] = content
    out["rules/CFG408/fail/role.json"] = aws_get_role(aud="urn:amazon:webservices")
    return out


def config_sets(
    good: dict[str, str | bytes], fails: dict[str, dict[str, str | bytes]]
) -> dict[str, str | bytes]:
    """Each config code's folder: `fail/` its failing set, `pass/` the consistent set."""
    out: dict[str, str | bytes] = {}
    for code, files in fails.items():
        for name, content in files.items():
            out[f"rules/{code}/fail/{name}"] = content
        for name, content in good.items():
            out[f"rules/{code}/pass/{name}"] = content
    return out


def config_samples() -> dict[str, str | bytes]:
    """A consistent configuration (each CFG code's passing sample) and one failing set each."""
    idp = metadata(["test-idp-cert.pem"])
    good: dict[str, str | bytes] = {
        "idp-metadata.xml": idp,
        "sp-metadata.xml": sp_metadata(),
        "app.json": entra_app(),
        "provider.json": get_saml_provider(idp),
        "role.json": get_role(),
    }
    with_duration = xml_bytes(signed(attributes=_with_duration("7200")))
    fails: dict[str, dict[str, str | bytes]] = {
        # Entra rolled its certificate; RAM still holds the old (now expired) one.
        "CFG401": {
            **good,
            "provider.json": get_saml_provider(metadata(["test-idp-cert-expired.pem"])),
        },
        "CFG402": {"idp-metadata.xml": metadata(["test-idp-cert-expired.pem"])},
        "CFG403": {**good, "role.json": get_role(federated=[PROVIDER_ARN.replace("/AAD", "/aad")])},
        "CFG404": {**good, "app.json": entra_app(REVERSED_ROLE)},
        "CFG405": {**good, "app.json": entra_app(ROLE.replace("/AAD", "/AzureAD"))},
        "CFG406": {**good, "login.b64": b64(with_duration)},
        "CFG407": {
            **good,
            "provider.json": get_saml_provider(metadata(["test-idp-cert.pem"], OTHER_TENANT)),
        },
        "CFG414": {
            **good,
            "app.json": entra_app(
                requestSignatureVerification={
                    "isSignedRequestRequired": True,
                    "allowedWeakAlgorithms": None,
                }
            ),
        },
        "CFG415": {
            **good,
            "app.json": entra_app(tokenEncryptionKeyId="0b2f5b9e-3c4d-4e5f-8a9b-0c1d2e3f4a5b"),
        },
        "CFG416": {**good, "app.json": entra_sp(assignment_required=False)},
        # Entra signs with a new certificate made Active; RAM holds the old one.
        "CFG417": {**good, "app.json": entra_sp(signing_cert="test-idp-cert-expired.pem")},
    }
    out = config_sets(good, fails)
    out["rules/CFG416/pass/app.json"] = entra_sp()
    out["rules/CFG417/pass/app.json"] = entra_sp()
    out["rules/CFG401/options.json"] = json.dumps({"fail": {"also": ["CFG402"]}}, indent=2) + "\n"
    out["rules/CFG405/options.json"] = json.dumps({"fail": {"also": ["CFG403"]}}, indent=2) + "\n"
    out["rules/CFG406/pass/login.b64"] = b64(xml_bytes(signed(attributes=_with_duration("3600"))))
    return out


def _renamed(old: str, new: str) -> dict[str, list[str]]:
    return {(new if k == ROLE_NS + old else k): v for k, v in default_attributes().items()}


def _role(*values: str) -> dict[str, list[str]]:
    return {**default_attributes(), f"{ROLE_NS}Role": list(values)}


def _with_duration(value: str) -> dict[str, list[str]]:
    return {**default_attributes(), f"{ROLE_NS}SessionDuration": [value]}


def build() -> dict[str, str | bytes]:
    valid = xml_bytes(signed())
    valid_cn = xml_bytes(signed(acs=CN_ACS, audience="urn:alibaba:cloudcomputing"))
    out: dict[str, str | bytes] = {
        "idp/federation-metadata.xml": metadata(["test-idp-cert.pem"]),
        "idp/federation-metadata-expired.xml": metadata(["test-idp-cert-expired.pem"]),
        "entra/valid.b64": b64(valid),
        "entra/valid.form": form(valid),
        "entra/valid.xml": valid + b"\n",
        "entra/valid-cn.b64": b64(valid_cn),
        "entra/valid-deflated.b64": deflated(valid),
        "entra/both-signed.b64": b64(both_signed()),
        "entra/response-only-signed.form": form(response_only()),
        "entra/tampered.b64": b64(tampered()),
        "entra/unsigned.b64": b64(xml_bytes(response())),
        "entra/other-key.b64": b64(signed_by("attacker")),
        "entra/sha1.b64": b64(signed_by("idp", sha1=True)),
        "entra/wrapped.b64": b64(wrapped()),
        "entra/c14n11.b64": b64(signed_with(c14n=xmlsec.Transform.C14N11)),
        "entra/indented.b64": b64(signed_with(pretty=True)),
    }
    truncated = b64(valid, wrap=False)[:1999] + "\n"
    # Each rule's failing sample; a dict overrides the default options of that sample
    # ("trust": the metadata to verify against, None for none).
    fails: dict[str, tuple[str, str | bytes, dict[str, object]]] = {
        "SAML001": ("fail.b64", truncated, {}),
        "SAML002": ("fail.xml", xxe(), {}),
        "SAML003": ("fail.b64", b64(bare_assertion()), {}),
        "SAML004": ("fail.b64", b64(oversized()), {}),
        "SAML017": ("fail.b64", b64(two_assertions()), {}),
        "SAML019": ("fail.b64", b64(comment_in_name_id()), {}),
        "SIG101": ("fail.b64", out["entra/unsigned.b64"], {}),
        "SIG102": ("fail.b64", out["entra/tampered.b64"], {}),
        "SIG103": ("fail.b64", out["entra/wrapped.b64"], {}),
        "SIG104": ("fail.b64", out["entra/other-key.b64"], {}),
        "SIG105": ("fail.b64", out["entra/sha1.b64"], {}),
        "SIG106": (
            "fail.b64",
            b64(signed_by("expired")),
            {"trust": "samples/idp/federation-metadata-expired.xml"},
        ),
        "SIG107": ("fail.b64", out["entra/valid.b64"], {"trust": None}),
        "SIG108": ("fail.form", out["entra/response-only-signed.form"], {}),
        "SAML010": ("fail.b64", b64(xml_bytes(response(status=AADSTS50105))), {}),
        "SAML011": ("fail.b64", b64(xml_bytes(signed(destination=CN_ACS))), {}),
        "SAML012": ("fail.b64", b64(xml_bytes(signed(recipient=USER_SSO_INTL))), {}),
        "SAML013": ("fail.b64", b64(xml_bytes(signed(audience="urn:alibaba:cloudcomputing"))), {}),
        "SAML014": ("fail.b64", b64(xml_bytes(signed(issuer=OTHER_TENANT))), {}),
        "SAML015": ("fail.b64", b64(xml_bytes(signed(method=HOLDER_OF_KEY))), {}),
        "SAML016": ("fail.b64", b64(xml_bytes(signed(in_response_to="_4f1a9c2e-req"))), {}),
        "SAML018": ("fail.b64", "", {"sp_key": "samples/idp/test-sp-key.NOT-A-SECRET.pem"}),
        "SAML020": (
            "fail.b64",
            "",
            {"sp_key": "samples/idp/test-sp-key.NOT-A-SECRET.pem", "also": ["SAML018"]},
        ),
        "TIME201": ("fail.b64", out["entra/valid.b64"], {"at": "2026-11-01T09:12:00Z", **LATE}),
        "TIME202": ("fail.b64", out["entra/valid.b64"], {"at": "2026-11-01T08:50:00Z", **LATE}),
        "TIME203": ("fail.b64", out["entra/valid.b64"], {"at": "2026-11-01T09:08:00Z"}),
        "ALI301": ("fail.b64", b64(xml_bytes(signed(attributes=_renamed("Role", "Role")))), {}),
        "ALI302": (
            "fail.b64",
            b64(xml_bytes(signed(attributes=_renamed("RoleSessionName", "rolesessionname")))),
            {},
        ),
        "ALI303": ("fail.b64", b64(xml_bytes(signed(attributes=_role(REVERSED_ROLE)))), {}),
        "ALI304": ("fail.b64", b64(xml_bytes(signed(attributes=_role(JOINED_ROLE)))), {}),
        "ALI305": ("fail.b64", b64(xml_bytes(signed(attributes=_role(CROSS_ROLE)))), {}),
        "ALI306": ("fail.b64", b64(xml_bytes(signed(name_id="Zhang San 张三"))), {}),
        "ALI307": ("fail.b64", b64(xml_bytes(signed(attributes=_with_duration("8h")))), {}),
        "ALI308": ("fail.form", form(valid, "https://aliyun.com.evil.example/"), {}),
        "SAML023": (
            "fail.form",
            form(valid).strip() + "&SAMLResponse=" + quote(b64(tampered(), wrap=False).strip()),
            {},
        ),
        "ALI309": ("fail.b64", b64(xml_bytes(signed(attributes=_role(ROLE, READONLY)))), {}),
        "ALI310": ("fail.b64", out["entra/valid.b64"], {"endpoint": USER_SSO_CN, **ELSEWHERE}),
    }
    sessions = {
        "good": valid,
        "reversed": xml_bytes(signed(attributes=_role(REVERSED_ROLE))),
        "late": valid,
    }
    exchanges = captures.session(sessions, SAMPLE_TIME)
    out["captures/logins.mitm"] = captures.flow_file(exchanges)
    out["captures/logins.har"] = captures.har(exchanges)
    by_value = {base64.b64encode(x).decode(): x.decode() for x in sessions.values()}
    out["captures/logins.saml-tracer.json"] = captures.saml_tracer(exchanges, by_value)
    for case in captures.IDP_FAILURES:  # logins that stop at Entra ID: no SAML POST at all
        failure = captures.idp_failure(case, SAMPLE_TIME)
        out[f"captures/idp/{case}.har"] = captures.har(failure)
        out[f"captures/idp/{case}.mitm"] = captures.flow_file(failure)
    out["rules/IDP501/fail.har"] = out["captures/idp/unassigned.har"]
    for case in captures.OTHER_IDP_PAGES:  # logins that stop at other IdPs
        failure = captures.other_idp_failure(case, SAMPLE_TIME)
        out[f"captures/idp/{case}.har"] = captures.har(failure)
        out[f"captures/idp/{case}.mitm"] = captures.flow_file(failure)
    out["rules/IDP501/pass.har"] = captures.har(captures.successful_login(sessions, SAMPLE_TIME))
    # A valid response that RAM refuses: no finding on the response explains it.
    refused = captures.sp_error_login(sessions, SAMPLE_TIME, "EntityNotExist.SAMLProvider")
    out["rules/ALI311/fail.har"] = captures.har(refused)
    out["rules/ALI311/pass.har"] = out["rules/IDP501/pass.har"]
    for code, (name, content, args) in fails.items():
        if code == "SAML018":
            content = b64(encrypted())
        elif code == "SAML020":  # encrypted for another key than the SP key given
            content = b64(encrypted(recipient="attacker"))
        out[f"rules/{code}/{name}"] = content
        out[f"rules/{code}/pass.b64"] = out["entra/valid.b64"]
        if args:
            out[f"rules/{code}/options.json"] = json.dumps({"fail": args}, indent=2) + "\n"
    aws_fails: dict[str, tuple[str, dict[str, object]]] = {
        "AWS301": (aws_signed(role=()), {}),
        "AWS302": (aws_signed(session=""), {}),
        "AWS303": (aws_signed(role=(AWS_REVERSED,)), {}),
        "AWS304": (aws_signed(role=(ROLE,)), {}),  # the Alibaba Cloud app role copied over
        "AWS305": (aws_signed(role=(AWS_CROSS,)), {}),
        "AWS306": (aws_signed(session="Zhang San 张三"), {}),
        "AWS307": (aws_signed(SessionDuration="86400"), {}),
        "AWS309": (aws_signed(role=(AWS_ROLE, AWS_READONLY)), {}),
        "AWS312": (aws_signed(SourceIdentity="a"), {}),
        "AWS313": (aws_two_confirmations(), {"also": ["SAML012"]}),
    }
    aws_pass = aws_signed(SessionDuration="3600", SourceIdentity="alice")
    for code, (content, args) in aws_fails.items():
        out[f"rules/{code}/fail.b64"] = content
        out[f"rules/{code}/pass.b64"] = aws_pass
        options = {"fail": {**ON_AWS, **args}, "pass": ON_AWS}
        out[f"rules/{code}/options.json"] = json.dumps(options, indent=2) + "\n"
    out["aws/valid.b64"] = aws_pass
    user_fails = {
        "ALI312": user_sso("3f2a7c1e-9b4d-4e8f-a6b2-7c1d9e0f3a5b"),  # Entra's user.objectid
        "ALI313": b64(
            xml_bytes(
                signed(
                    acs=USER_SSO_CN,
                    audience=USER_SSO_AUDIENCE.replace(ACCOUNT, "9876543210987654"),
                    name_id="alice@contoso.onaliyun.com",
                    attributes={},
                )
            )
        ),
    }
    for code, content in user_fails.items():
        out[f"rules/{code}/fail.b64"] = content
        out[f"rules/{code}/pass.b64"] = user_sso()
        options = {"fail": ON_USER_SSO, "pass": ON_USER_SSO}
        out[f"rules/{code}/options.json"] = json.dumps(options, indent=2) + "\n"
    out["user-sso/valid.b64"] = user_sso()
    # CloudSSO: a directory's own endpoint and entity ID; the NameID is the user name.
    cloudsso_fails = {
        "ALI314": b64(cloudsso("3f2a7c1e-9b4d-4e8f-a6b2-7c1d9e0f3a5b")),  # an object ID
        "ALI315": b64(  # the RAM role-SSO app's assertion posted to CloudSSO
            cloudsso(audience="urn:alibaba:cloudcomputing:international", attributes=None)
        ),
    }
    for code, content in cloudsso_fails.items():
        out[f"rules/{code}/fail.b64"] = content
        out[f"rules/{code}/pass.b64"] = b64(cloudsso())
        also = {"also": ["SAML013"]} if code == "ALI315" else {}
        options = {"fail": {**ON_CLOUDSSO, **also}, "pass": ON_CLOUDSSO}
        out[f"rules/{code}/options.json"] = json.dumps(options, indent=2) + "\n"
    out["cloudsso/valid.b64"] = b64(cloudsso())
    # AWS refuses a good response: the cause is in IAM (the trust policy, the provider)
    aws_good = base64.b64decode(aws_signed())
    refused_by_iam = captures.aws_answered(aws_good, SAMPLE_TIME, captures.AWS_ERROR_PAGE)
    out["rules/AWS314/fail.har"] = captures.har(refused_by_iam)
    out["rules/AWS314/pass.har"] = captures.har(captures.aws_answered(aws_good, SAMPLE_TIME, None))
    refused = captures.cloudsso_answered(cloudsso("alice@contoso.com"), SAMPLE_TIME, "InvalidUser")
    out["rules/ALI316/fail.har"] = captures.har(refused)
    out["rules/ALI316/pass.har"] = captures.har(
        captures.cloudsso_answered(cloudsso(), SAMPLE_TIME, None)
    )
    request = authn_request()
    answered = user_sso_raw(in_response_to="_a7c3e1f0-req-0001")
    sp_started = captures.sp_initiated([request], answered, SAMPLE_TIME)
    out["captures/user-sso/sp-initiated.har"] = captures.har(sp_started)
    out["captures/user-sso/sp-initiated.mitm"] = captures.flow_file(sp_started)
    other = captures.sp_initiated(
        [request, authn_request("_a7c3e1f0-req-0002")],
        user_sso_raw(in_response_to="_5e0b9d2c-old"),  # an older tab's response
        SAMPLE_TIME,
    )
    out["rules/SAML021/fail.har"] = captures.har(other)
    out["rules/SAML021/pass.har"] = out["captures/user-sso/sp-initiated.har"]
    unsolicited = captures.sp_initiated([request], user_sso_raw(), SAMPLE_TIME)
    out["rules/SAML022/fail.har"] = captures.har(unsolicited)
    out["rules/SAML022/pass.har"] = out["captures/user-sso/sp-initiated.har"]
    aws_logins = {
        "good": base64.b64decode(aws_signed()),
        "reversed": base64.b64decode(aws_signed(role=(AWS_REVERSED,))),
        "copied": base64.b64decode(aws_signed(role=(ROLE,))),
        "regional": base64.b64decode(aws_signed(recipient=AWS_REGIONAL_ACS)),
    }
    aws_exchanges = captures.aws_session(aws_logins, SAMPLE_TIME)
    out["captures/aws/logins.har"] = captures.har(aws_exchanges)
    out["captures/aws/logins.mitm"] = captures.flow_file(aws_exchanges)
    out["aws/regional-recipient.b64"] = aws_signed(recipient=AWS_REGIONAL_ACS)
    out.update(config_samples())
    out.update(aws_config_samples())
    out.update(user_sso_config_samples())
    out.update(cloudsso_config_samples())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--new-keys", action="store_true")
    args = parser.parse_args(argv)
    if args.new_keys:
        new_keys()
    elif not (IDP / KEYS["sp"][0]).exists():
        new_keys(only="sp")
    stale = []
    for rel, content in build().items():
        data = content.encode() if isinstance(content, str) else content
        path = HERE / rel
        if rel in STICKY and path.exists():
            continue
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if stale:
        print("stale samples (run `make samples`):", *stale, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""XML namespaces and the few qualified names the decoder looks for."""

import re

from samlscope.lazyre import lazy_pattern

SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"
XENC = "http://www.w3.org/2001/04/xmlenc#"

RESPONSE = f"{{{SAMLP}}}Response"
ASSERTION = f"{{{SAML}}}Assertion"
ENCRYPTED_ASSERTION = f"{{{SAML}}}EncryptedAssertion"
ADVICE = f"{{{SAML}}}Advice"
SIGNATURE = f"{{{DS}}}Signature"

BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"

ID_ATTRIBUTES = ("ID", "Id", "id")

IDENTITY_CLAIM = lazy_pattern(
    r"(/|^)(name|emailaddress|email|mail|upn|displayname|givenname|surname|objectidentifier|"
    r"rolesessionname|uid|userprincipalname|samaccountname|preferred_username|login)$",
    re.I,
)
"""Attribute names (by their last path segment) whose values identify a person: what
redaction replaces and shareable outputs mask."""
GUID = lazy_pattern(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


def local_name(tag: object) -> str:
    """Local part of an element tag ('' for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]

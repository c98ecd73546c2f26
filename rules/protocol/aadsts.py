"""Plain-language meaning of the AADSTS error codes Entra ID puts into a StatusMessage.

Source: Microsoft, "Microsoft Entra authentication and authorization error codes" (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
"""

from __future__ import annotations

import re

AADSTS = {
    "50011": "the reply URL (ACS) in the request does not match the app's Reply URLs in Entra",
    "700016": "no app with this Identifier (Entity ID) exists in the tenant, or the wrong tenant",
    "75011": "the authentication method does not match the RequestedAuthnContext",
    "50105": "the signed-in user is not assigned to the enterprise application",
    "50003": "no signing certificate is configured for the app",
    "75005": "the SAML message Entra received is invalid",
    "7500514": "a supported SAML response type was not found",
    "750054": "SAMLRequest or SAMLResponse missing for the Redirect binding",
    "75008": "the request was denied: unexpected Destination",
    "75016": "the NameIDPolicy in the request is invalid",
    "76021": "the request was not signed while the app requires signed requests",
    "76026": "the request's IssueInstant is too old",
    "75001": "the binding could not be serialized",
    "75003": "the binding is not supported",
    "501241": "a claim transformation lacks a mandatory input (e.g. the NameID source is empty)",
    "900236": "the SAML request has an unsupported property",
    "50006": "the signature of the request is invalid",
    "50008": "the SAML token is invalid",
    "50010": "audience URI validation failed",
    "50107": "the requested federation realm does not exist",
}

_CODE = re.compile(r"AADSTS(\d{5,7})")


def explain(message: str | None) -> list[tuple[str, str]]:
    """[(code, meaning)] for every AADSTS code in a StatusMessage."""
    if not message:
        return []
    return [
        (
            f"AADSTS{c}",
            AADSTS.get(c, "not in samlscope's table; search Microsoft's error-code reference"),
        )
        for c in _CODE.findall(message)
    ]

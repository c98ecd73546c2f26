from __future__ import annotations

from samlscope.decoder.errors import Problem
from samlscope.rules.core._decode_problem import DecodeProblemRule
from samlscope.rules.engine import Severity


class NotAResponse(DecodeProblemRule):
    """SAML003 not-a-response

    ## What it checks
    That the decoded XML is a `samlp:Response` (namespace
    `urn:oasis:names:tc:SAML:2.0:protocol`), and says what it is instead: an AuthnRequest, a
    bare Assertion, metadata, an HTML page...

    ## Why it breaks the login
    Alibaba Cloud's role-SSO endpoint consumes a SAML 2.0 Response posted by the IdP. Posting
    anything else (for instance only the Assertion element, or the SAMLRequest from the other
    direction) cannot log anyone in. AssumeRoleWithSAML likewise wants the whole Response
    (Alibaba Cloud, "AssumeRoleWithSAML").

    ## Example
    `<saml:Assertion ...>` on its own, without the `<samlp:Response>` around it.

    ## How to fix
    Make sure the captured value is the `SAMLResponse` field of the POST to Alibaba Cloud, not
    the `SAMLRequest` of the redirect to Entra, and that no integration strips the Response.
    """

    code = "SAML003"
    name = "not-a-response"
    severity = Severity.ERROR
    fix = "Capture the SAMLResponse field posted to {sp} (not SAMLRequest or an Assertion)."
    problem = Problem.NOT_A_RESPONSE

from __future__ import annotations

from samlscope.decoder.errors import Problem
from samlscope.rules.core._decode_problem import DecodeProblemRule
from samlscope.rules.engine import Severity


class Undecodable(DecodeProblemRule):
    """SAML001 undecodable

    ## What it checks
    That the SAMLResponse decodes: base64 (line breaks, `+` turned into spaces and
    URL-encoding are repaired and noted), optionally raw DEFLATE, then well-formed XML within
    the size and depth limits.

    ## Why it breaks the login
    Alibaba Cloud base64-decodes the posted SAMLResponse once and parses the XML. A value that is
    empty, truncated (a ticket system or a log line cut it), double-encoded, gzip-compressed or
    not XML at all is rejected before any claim is read.

    ## Example
    `SAMLResponse=PHNhbWxwOlJlc3BvbnNl` (truncated in the middle of the document).

    ## How to fix
    Capture the whole POST again: in the browser's developer tools enable "Preserve log", find
    the POST to `signin.alibabacloud.com/saml-role/sso` and copy the full `SAMLResponse` form
    value, or save a HAR file. If a proxy or a custom IdP integration re-encodes the value,
    make it post plain base64 of the XML.
    """

    code = "SAML001"
    name = "undecodable"
    severity = Severity.ERROR
    fix = "Capture the complete SAMLResponse form value again (a HAR export keeps it whole)."
    problem = Problem.UNDECODABLE

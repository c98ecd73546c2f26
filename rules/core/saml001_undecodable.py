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
    `SAMLResponse=PHNhbWxwOlJlc3BvbnNl` (truncated in the middle of the document), or
    `<AttributeValue xsi:type="xs:string">` in a response that declares no `xmlns:xsi`.

    It tells two causes apart by evidence. A value cut short (the XML ends before its root
    element closes, or the base64 length is impossible or needed padding) was damaged on its
    way to you: capture it again. A complete document that breaks the XML or XML Namespaces
    rules (a prefix such as `xsi:` used with no `xmlns:xsi` declaration in scope, a mismatched
    end tag, a character XML forbids) was written that way by the IdP, or edited after the
    capture: capturing again gives the same bytes. Lenient parsers accept an unbound prefix; a
    namespace-aware SP, as Alibaba Cloud's is, rejects the whole response. The finding names
    the prefix, the element and the line and column.

    ## How to fix
    For a document that is complete but not namespace-well-formed: fix it at the IdP. Declare
    the namespace where the prefix is used (for `xsi:type`,
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` on the element or an ancestor), or
    stop writing the prefixed attribute (custom claims, claim transformations or response
    templates that emit it). Namespaces in XML 1.0, section 5 ("Namespace constraint: Prefix
    Declared"): https://www.w3.org/TR/xml-names/#nsc-NSDeclared

    For a value cut short: capture the whole POST again. In the browser's developer tools
    enable "Preserve log", find the POST to `signin.alibabacloud.com/saml-role/sso` and copy
    the full `SAMLResponse` form value, or save a HAR file. If a proxy or a custom IdP
    integration re-encodes the value, make it post plain base64 of the XML.
    """

    code = "SAML001"
    name = "undecodable"
    severity = Severity.ERROR
    fix = "Capture the complete SAMLResponse form value again (a HAR export keeps it whole)."
    problem = Problem.UNDECODABLE

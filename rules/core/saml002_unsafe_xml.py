from __future__ import annotations

from samlscope.decoder.errors import Problem
from samlscope.rules.core._decode_problem import DecodeProblemRule
from samlscope.rules.engine import Severity


class UnsafeXml(DecodeProblemRule):
    """SAML002 unsafe-xml

    ## What it checks
    That the XML declares no DOCTYPE and no ENTITY. samlscope refuses such a document without
    resolving anything: no entity is expanded, no file or URL is read.

    ## Why it breaks the login
    A SAML message never needs a DTD. One that carries entity declarations is an attack
    (XXE reading local files or reaching the network, or "billion laughs" entity expansion),
    and every hardened SP, Alibaba Cloud's included, rejects it.

    ## Example
    `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><samlp:Response>&x;...`

    ## How to fix
    A genuine Entra ID response never contains a DTD: treat this capture as tampered or
    synthetic, find out where it came from, and capture a real login again.
    """

    code = "SAML002"
    name = "unsafe-xml"
    severity = Severity.ERROR
    fix = "Treat the capture as hostile: {idp} never sends a DTD. Capture a real login."
    problem = Problem.UNSAFE_XML

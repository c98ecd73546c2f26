"""Why a SAMLResponse's XML did not parse: cut short, or complete but not well-formed.

The two need different fixes. A value cut short (a ticket system, a log line or a copy cut it)
is fixed by capturing it again. A complete document that breaks the XML or namespace rules was
produced that way by the IdP (or changed after it was captured), so capturing again gives the
same bytes: the fix is at the IdP. They are told apart by evidence, not by guessing: whether
the document ends with the end tag of its root element, and what libxml2 reported.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from samlscope.decoder.errors import DecodeError, Problem
from samlscope.lazyre import lazy_pattern

RECAPTURE = "Capture the complete SAMLResponse form value again (a HAR export keeps it whole)."

WELL_KNOWN = {
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xs": "http://www.w3.org/2001/XMLSchema",
    "xsd": "http://www.w3.org/2001/XMLSchema",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "saml2": "urn:oasis:names:tc:SAML:2.0:assertion",
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml2p": "urn:oasis:names:tc:SAML:2.0:protocol",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
    "xenc": "http://www.w3.org/2001/04/xmlenc#",
}
"""The namespaces the prefixes in SAML messages usually stand for."""

_ROOT = lazy_pattern(rb"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)")
_PREFIX_ON_ATTRIBUTE = lazy_pattern(r"Namespace prefix (\S+) for (\S+) on (\S+) is not defined")
_PREFIX_ON_ELEMENT = lazy_pattern(r"Namespace prefix (\S+) on (\S+) is not defined")
_TRUNCATION_CODES = frozenset({4, 73, 74, 77})
"""libxml2: document empty, '>' expected, '</' expected, premature end of data in a tag."""
_WHAT = {
    5: "there is content after the end of the document",
    9: "it holds a character XML does not allow",
    23: "an attribute value is not quoted",
    38: "an attribute has no value",
    41: "an attribute value holds '<'",
    42: "an attribute appears twice on one element",
    68: "a name is missing where one is required",
    76: "an end tag does not match its start tag",
}


def _name(text: str) -> str:
    return text[:80]


def _root_name(xml: bytes) -> bytes | None:
    """The first element name (after the XML declaration, comments and PIs)."""
    pos = 0
    head = xml[:8192]
    while True:
        start = head.find(b"<", pos)
        if start < 0 or start + 1 >= len(head):
            return None
        if head[start + 1 : start + 2] in (b"?", b"!"):
            pos = start + 2
            continue
        m = _ROOT.match(head, start)
        return m.group(1) if m else None


def closes_root(xml: bytes) -> bool:
    """The document ends with the end tag of its root element."""
    name = _root_name(xml)
    tail = xml[-2048:].rstrip()
    return name is not None and re.search(rb"</\s*" + re.escape(name) + rb"\s*>$", tail) is not None


def describe(xml: bytes, error: etree.XMLSyntaxError, log: list[Any]) -> DecodeError:
    """The DecodeError (SAML001) for XML that failed to parse, with its own fix; `log` holds
    libxml2's errors for this parse, in order."""
    entries: list[Any] = log
    codes: list[int] = [e.type for e in entries] or [int(getattr(error, "code", 0))]
    first = entries[0] if entries else None
    line = first.line if first is not None else error.lineno
    column = (first.column if first is not None else error.offset) or 0
    parser = (first.message if first is not None else str(error.msg or ""))[:300]
    root = (_root_name(xml) or b"").decode("ascii", "replace")
    closed = closes_root(xml)
    evidence: dict[str, Any] = {
        "line": line,
        "column": column,
        "parser_code": codes[0],
        "ends_with_root_end_tag": closed,
        "parser": parser,
    }
    cut = not xml.rstrip().endswith(b">") or (
        not closed and any(c in _TRUNCATION_CODES for c in codes)
    )
    if cut:
        evidence["cause"] = "truncated"
        end = f"<{root}> is never closed" if root else "no element is closed"
        return DecodeError(
            Problem.UNDECODABLE,
            f"the XML is cut short: it ends after {len(xml):,} bytes and {end}, so the value "
            "was truncated on its way here (a ticket system, a log line or a copy cut it)",
            fix=RECAPTURE,
            evidence=evidence,
        )
    if codes[0] in (1, 114):  # libxml2's depth limit
        evidence["cause"] = "too-deep"
        return DecodeError(
            Problem.UNDECODABLE,
            "the XML nests elements deeper than this tool parses (256 levels); no SAML "
            "response needs that, so the input is damaged or hostile",
            fix=RECAPTURE,
            evidence=evidence,
        )
    whole = f"complete (it ends with </{root}>)" if closed else "not cut short"
    ns = next((e for e in entries if e.domain_name == "NAMESPACE"), None)
    if ns is not None:
        evidence["cause"] = "namespace"
        return _namespace(ns, whole, evidence)
    code = codes[0]
    what = _WHAT.get(code, f"libxml2 reports error {code}")
    evidence["cause"] = "malformed"
    return DecodeError(
        Problem.UNDECODABLE,
        f"the XML is {whole} but not well-formed: {what} (line {line}, column {column}). The "
        "IdP produced it this way, or the file was changed after it was captured (edited by "
        "hand, re-encoded by a ticket system); a conforming SP rejects the whole response",
        fix=(
            "Compare with a capture taken straight from the browser (a HAR export). If it shows "
            "the same error, the IdP sends malformed XML: report it to the IdP's vendor, or fix "
            "the custom claim or template that writes this part of the response."
        ),
        evidence=evidence,
    )


def _namespace(entry: Any, whole: str, evidence: dict[str, Any]) -> DecodeError:
    message = str(entry.message)
    evidence["parser"] = message[:300]  # the namespace error, not the first one
    where = f"line {entry.line}, column {entry.column}"
    on_attribute = _PREFIX_ON_ATTRIBUTE.search(message)
    on_element = _PREFIX_ON_ELEMENT.search(message)
    if on_attribute or on_element:
        if on_attribute:
            prefix, attribute, element = map(_name, on_attribute.groups())
            thing = f"attribute '{prefix}:{attribute}' on <{element}>"
        else:
            assert on_element is not None
            prefix, element = map(_name, on_element.groups())
            thing = f"element <{prefix}:{element}>"
        evidence["unbound_prefix"] = prefix
        evidence["element"] = element
        uri = WELL_KNOWN.get(prefix)
        declare = f'xmlns:{prefix}="{uri}"' if uri else f'xmlns:{prefix}="..."'
        return DecodeError(
            Problem.UNDECODABLE,
            f"the XML is {whole} but not namespace-well-formed: the "
            f"prefix '{prefix}' of the {thing} ({where}) is bound to no namespace (no "
            f"xmlns:{prefix} declaration is in scope). The IdP produced it this way: lenient "
            "parsers accept it, but a namespace-aware SP rejects the whole response",
            fix=(
                f"Fix it at the IdP: the response must declare {declare} on that element or an "
                f"ancestor, or not write the '{prefix}:' prefix at all (look at custom claims, "
                "claim transformations or templates that emit it). Capturing again will not "
                "help: the IdP sends the same XML."
            ),
            evidence=evidence,
        )
    return DecodeError(
        Problem.UNDECODABLE,
        f"the XML is {whole} but not namespace-well-formed ({where}): "
        "a namespace declaration or a prefixed name breaks the XML Namespaces rules. The IdP "
        "produced it this way; a namespace-aware SP rejects the whole response",
        fix=(
            "Fix it at the IdP: every prefix must be declared with a non-empty namespace, and no "
            "attribute may appear twice under the same namespace. Capturing again will not help."
        ),
        evidence=evidence,
    )

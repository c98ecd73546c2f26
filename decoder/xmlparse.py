"""Parse attacker-controlled XML without ever resolving anything.

No DTD is loaded, no entity is expanded, no network or file is read (a resolver answers every
external reference with an empty document), and the depth and size stay bounded. A document
that declares a DOCTYPE or an ENTITY is refused outright as SAML002: SAML never needs one.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

from samlscope.decoder.bindings import check_xml_size
from samlscope.decoder.errors import DecodeError, Problem

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class _RefuseEverything(etree.Resolver):
    """Answers every external entity or DTD request with nothing: no file, no socket."""

    def resolve(  # type: ignore[override]
        self, system_url: str, public_id: str, context: object
    ) -> object:
        return self.resolve_string("", context)  # type: ignore[call-arg]


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        remove_pis=False,
        strip_cdata=True,
    )
    parser.resolvers.add(_RefuseEverything())
    return parser


_local = threading.local()


def _thread_parser() -> etree.XMLParser:
    """This thread's parser. Making one costs more than parsing a typical response, and a
    parser shared between threads serializes them behind its lock (the addon analyses in a
    worker while its content view parses on the event loop)."""
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = _parser()
    return parser


def _declarations(xml: bytes) -> str | None:
    """Find a DOCTYPE or ENTITY declaration in UTF-8/ASCII or UTF-16 text."""
    if (b"!" not in xml or b"<!" not in xml) and b"\x00" not in xml[:4096]:
        # No declaration can start without those bytes (and UTF-16 has NULs). One byte is
        # found with memchr; "<!" is searched only when there is a "!" (XML is full of "<").
        return None
    found = _DECLARATION.search(xml)
    if found is None and (b"\x00<" in xml[:4096] or b"<\x00" in xml[:4096]):
        for codec in ("utf-16-le", "utf-16-be"):
            text = xml.decode(codec, "ignore").encode("utf-8", "ignore")
            found = _DECLARATION.search(text)
            if found:
                break
    return found.group(1).decode("ascii").upper() if found else None


NAME_BUDGET = 32_000_000
"""XML bytes one thread parses before further documents are parsed in a fresh thread each.

libxml2 keeps every element and attribute name it reads in a dictionary that lxml shares per
thread and never shrinks while the thread lives. Real SAML repeats the same few dozen names, but
hostile documents full of distinct names made it grow by ~1.5 bytes per byte parsed (100
documents of 600 KB: +90 MB). A tree parsed in a fresh thread keeps that thread's dictionary
alive only as long as the tree, so a thread past this budget parses elsewhere. Under it,
parsing stays in the calling thread: a thread hand-off costs more than a typical parse."""


def parse_xml(xml: bytes) -> etree._Element:
    """Parse XML bytes into an element tree, or raise DecodeError (SAML001/SAML002)."""
    check_xml_size(xml)
    declared = _declarations(xml)
    if declared is not None:
        raise DecodeError(
            Problem.UNSAFE_XML,
            f"the XML contains a <!{declared} declaration (DTD/entities: XXE or entity "
            "expansion); refused without resolving anything",
        )
    parsed = getattr(_local, "parsed", 0) + len(xml)
    if parsed > NAME_BUDGET:
        _local.spent = True
        return _parse_in_fresh_thread(xml)
    _local.parsed = parsed
    return _parse(xml)


def thread_spent() -> bool:
    """True once this thread has parsed its NAME_BUDGET and parses in a fresh thread each time
    (a thread hand-off per document). A long-lived worker should then be replaced: its
    successor starts with an empty dictionary and parses in place again."""
    return bool(getattr(_local, "spent", False))


def _parse(xml: bytes) -> etree._Element:
    try:
        root = etree.fromstring(xml, _thread_parser())
    except etree.XMLSyntaxError as e:
        raise DecodeError(Problem.UNDECODABLE, f"the XML is not well-formed: {e}") from None
    except (ValueError, UnicodeError) as e:
        raise DecodeError(Problem.UNDECODABLE, f"the XML cannot be read: {e}") from None
    tree = root.getroottree()
    if getattr(tree.docinfo, "doctype", "") or tree.docinfo.internalDTD is not None:
        raise DecodeError(
            Problem.UNSAFE_XML, "the XML declares a DOCTYPE; refused without resolving anything"
        )
    return root


def _parse_in_fresh_thread(xml: bytes) -> etree._Element:
    """_parse in a thread of its own (see NAME_BUDGET); its DecodeError is raised here."""
    outcome: list[etree._Element | BaseException] = []

    def run() -> None:
        try:
            outcome.append(_parse(xml))
        except BaseException as e:  # handed to the caller, whatever it is
            outcome.append(e)

    worker = threading.Thread(target=run, name="samlscope-parse", daemon=True)
    try:
        worker.start()
    except RuntimeError:  # no thread to be had: parsing here costs memory, not the verdict
        return _parse(xml)
    worker.join()
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result

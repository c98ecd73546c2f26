"""Parse attacker-controlled XML without ever resolving anything.

No DTD is loaded, no entity is expanded, no network or file is read (a resolver answers every
external reference with an empty document), and the depth and size stay bounded. A document
that declares a DOCTYPE or an ENTITY is refused outright as SAML002: SAML never needs one.
"""

from __future__ import annotations

import re
from _thread import _local as _ThreadLocal  # threading.local and threading.Lock are these two:
from _thread import allocate_lock  # the threading module costs more than parsing a response
from typing import TYPE_CHECKING

from lxml import etree

from samlscope.decoder.errors import DecodeError, Problem
from samlscope.decoder.message.bindings import check_xml_size
from samlscope.lazyre import lazy_pattern

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

_DECLARATION = lazy_pattern(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


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


_local = _ThreadLocal()


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
"""XML bytes one thread parses before it hands further documents to a helper thread.

libxml2 keeps every element and attribute name it reads in a dictionary that lxml shares per
thread and never shrinks while the thread lives. Real SAML repeats the same few dozen names, but
hostile documents full of distinct names made it grow by ~1.5 bytes per byte parsed (100
documents of 600 KB: +90 MB). A tree keeps the dictionary of the thread that parsed it alive
only as long as the tree, so a thread past this budget hands its documents to a helper thread,
which is replaced by a fresh one at each budget. Under it, parsing stays in the calling
thread: a hand-off costs more than a typical parse."""


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
        return _parse_in_helper(xml)
    _local.parsed = parsed
    return _parse(xml)


def _parse(xml: bytes) -> etree._Element:
    parser = _thread_parser()
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as e:
        from samlscope.decoder.message.wellformed import describe  # only for a failed parse

        # The parser's log holds this parse's errors only; the exception's own log of a reused
        # parser keeps those of earlier documents too.
        raise describe(xml, e, list(parser.error_log)) from None
    except (ValueError, UnicodeError) as e:
        raise DecodeError(Problem.UNDECODABLE, f"the XML cannot be read: {e}") from None
    tree = root.getroottree()
    if getattr(tree.docinfo, "doctype", "") or tree.docinfo.internalDTD is not None:
        raise DecodeError(
            Problem.UNSAFE_XML, "the XML declares a DOCTYPE; refused without resolving anything"
        )
    return root


HELPER_BUDGET = 16_000_000
"""XML bytes the helper thread parses before a fresh one replaces it."""
_helper_lock = allocate_lock()
_helper: ThreadPoolExecutor | None = None
_helper_parsed = 0


def _parse_in_helper(xml: bytes) -> etree._Element:
    """_parse in a helper thread (see NAME_BUDGET), which is itself replaced by a fresh one once
    it has parsed its budget; its DecodeError is raised here. Without a thread to be had, the
    document is parsed in place: memory, not the verdict, pays."""
    global _helper, _helper_parsed
    with _helper_lock:
        if _helper is None or _helper_parsed > HELPER_BUDGET:
            if _helper is not None:
                _helper.shutdown(wait=False)  # what it was given still runs; then it ends
            from concurrent.futures import ThreadPoolExecutor  # only a large document needs it

            _helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="samlscope-parse")
            _helper_parsed = 0
        _helper_parsed += len(xml)
        helper = _helper
    try:
        job = helper.submit(_parse, xml)
    except RuntimeError:
        return _parse(xml)
    return job.result()

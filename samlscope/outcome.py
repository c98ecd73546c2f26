"""What the service provider answered to the POST: status, redirect target, error text.

The error text is read from the SP's HTML page with lxml's HTML parser (no network, no
entities) and kept short: the page title and the first sentences that look like an error.
"""

from __future__ import annotations

import re

from samlscope.decoder.readers.capture import SpAnswer
from samlscope.decoder.timeutil import iso
from samlscope.facts.alibaba_sts import MAX_SCAN, error_code_in
from samlscope.lazyre import lazy_pattern
from samlscope.record import Record

_ERROR_WORDS = lazy_pattern(
    r"error|fail|invalid|denied|expired|not found|cannot|错误|失败|无效", re.I
)
_SPACES = lazy_pattern(r"\s+")


class Outcome(Record):
    status: int
    redirect: str | None
    error_text: str | None
    date: str | None
    verdict: str
    """`accepted` (redirect into the console), `rejected` (error page, 4xx/5xx) or `unknown`."""
    error_code: str | None = None
    """A documented Alibaba Cloud error code in the answer (`EntityNotExist.Role`)."""

    def as_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "redirect": self.redirect,
            "error_text": self.error_text,
            "date": self.date,
            "verdict": self.verdict,
            "error_code": self.error_code,
        }


def sp_error_code(answer: SpAnswer | None) -> str | None:
    """The Alibaba Cloud error code an answer names (see facts.alibaba_sts.error_code_in)."""
    if answer is None:
        return None
    text = answer.body[:MAX_SCAN].decode("utf-8", "replace")
    return error_code_in(text, answer.location or "")


def _page_text(body: bytes) -> str | None:
    if not body.strip():
        return None
    from lxml import etree, html  # only captures with the SP's answer need an HTML parser

    try:
        parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
        root = html.document_fromstring(body, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    for bad in list(root.iter("script", "style", "noscript")):
        parent = bad.getparent()
        if parent is not None:
            parent.remove(bad)
    title = _SPACES.sub(" ", str(root.findtext(".//title") or "")).strip()
    lines = [_SPACES.sub(" ", str(t)).strip() for t in root.itertext()]
    errors = [line for line in lines if line and _ERROR_WORDS.search(line) and line != title]
    picked = " | ".join(dict.fromkeys(([title] if title else []) + errors[:3]))
    return picked[:400] or None


def outcome_of(answer: SpAnswer | None) -> Outcome | None:
    if answer is None:
        return None
    text = None
    if (
        answer.content_type is None
        or "html" in answer.content_type
        or "text" in answer.content_type
    ):
        text = _page_text(answer.body)
    if 300 <= answer.status < 400 and answer.location:
        verdict = "rejected" if _ERROR_WORDS.search(answer.location) else "accepted"
    elif answer.status >= 400 or (text and _ERROR_WORDS.search(text)):
        verdict = "rejected"
    else:
        verdict = "unknown"
    code = sp_error_code(answer)
    if code is not None:
        verdict = "rejected"
    return Outcome(answer.status, answer.location, text, iso(answer.date), verdict, code)

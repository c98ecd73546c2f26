"""Property tests for the prose reader: a SAMLResponse pasted into e-mail or chat text is found
whatever surrounds it, in every combination of the shapes people paste.

Shapes combined: spaces inside the value's lines (a mail client reflowed it); quote markers
at any depth (`>`, `> >`, `>>`, `|`) and indentation; a
`SAMLResponse=` / `SAMLResponse:` label on the first line only, the value on the same line or
starting on the next; wrapping at any width; CRLF or LF; quoted-printable soft breaks; line
numbers pasted from a viewer; a URL-encoded value wrapped over lines; prose before and after,
including a sign-off word made of base64 characters.
"""

from __future__ import annotations

import quopri
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import SAMPLES
from samlscope.decoder.message.bindings import decode_value, decodes
from samlscope.decoder.readers.inputs import captures_from_bytes, text_kind
from samlscope.decoder.readers.prose import find_in_text

B64 = "".join((SAMPLES / "entra" / "valid.b64").read_text().split())
XML = decode_value(B64).xml

LABELS = ["", "SAMLResponse=", "SAMLResponse: ", "SAMLResponse:", "samlresponse = "]
QUOTES = ["", "> ", ">> ", "> > ", ">", "| ", "    ", "\t", "> > > "]
NUMBERS = ["", "{n:4d} | ", "{n}: ", "{n}\t", "{n:>5}  "]
BEFORE = [
    "",
    "Hi team,\n\nthe customer sent this from the browser, login fails:\n\n",
    "On Mon, 2 Nov 2026 at 09:12, Li <li@example.com> wrote:\n",
    "Ticket 1234, captured 09:01.\n",
]
AFTER = ["", "\n\nThanks, Li", "\nThanks", "\n-- \nLi Wei\nSupport", "\n\n...\n"]


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


@st.composite
def pasted(draw: st.DrawFn) -> str:
    label = draw(st.sampled_from(LABELS))
    encoding = draw(st.sampled_from(["plain", "url", "qp"]))
    value = quote(B64, safe="") if encoding == "url" else B64
    if encoding != "qp" and draw(st.integers(0, 3)) == 0:  # a mail client reflowed the value
        step = draw(st.integers(min_value=8, max_value=40))
        value = " ".join(value[i : i + step] for i in range(0, len(value), step))
    on_next_line = bool(label) and draw(st.booleans())
    width = draw(st.integers(min_value=40, max_value=140))
    if encoding == "qp":
        body = quopri.encodestring(((label + "\n" if on_next_line else label) + value).encode())
        lines = body.decode().replace("\r\n", "\n").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
    elif on_next_line:
        lines = [label.rstrip(), *_wrap(value, width)]
    else:
        lines = _wrap(label + value, width)
    numbering = draw(st.sampled_from(NUMBERS))
    if numbering:
        start = draw(st.integers(min_value=1, max_value=9000))
        lines = [numbering.format(n=start + i) + line for i, line in enumerate(lines)]
    text = draw(st.sampled_from(BEFORE)) + "\n".join(lines) + draw(st.sampled_from(AFTER))
    quoting = draw(st.lists(st.sampled_from(QUOTES), min_size=1, max_size=2))
    for marker in quoting:  # a reply quotes every line, a reply to it quotes again
        text = "\n".join(marker + line for line in text.split("\n"))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return text.replace("\n", newline)


@given(pasted())
def test_the_response_is_found_whatever_surrounds_it(text: str) -> None:
    found = find_in_text(text)
    assert found is not None, text[:400]
    assert decode_value(found.value).xml == XML, (found.note, text[:400])
    assert "does not decode" not in found.note


@given(pasted())
def test_the_input_reader_hands_the_same_value_on(text: str) -> None:
    (capture,) = captures_from_bytes(text.encode(), "ticket.txt")
    assert capture.error is None and capture.value is not None, text[:300]
    assert decode_value(capture.value).xml == XML


def test_the_issues_reply_quoted_label() -> None:
    """A plain reply quoting the customer's line with its `SAMLResponse=` label (it once failed
    with SAML001 "unexpected character ','")."""
    lines = _wrap("SAMLResponse=" + B64, 76)
    text = (
        "Hi team,\n\nthe customer sent this from the browser, login fails:\n\n"
        + "\n".join("> " + line for line in lines)
        + "\n\nThanks, Li\n"
    )
    found = find_in_text(text)
    assert found is not None and decode_value(found.value).xml == XML
    assert "'>' quoting" in found.note and "SAMLResponse label" in found.note


def test_a_labelled_value_cut_short_is_reported_as_that_value() -> None:
    """The finding is about the value (its length), not about the prose around it."""
    text = "Hi,\n\n> SAMLResponse=" + B64[:301] + "\n\nThanks, Li"
    found = find_in_text(text)
    assert found is not None and found.value == B64[:301]
    assert "does not decode" in found.note
    (capture,) = captures_from_bytes(text.encode(), "ticket.txt")
    assert capture.value == B64[:301]


def test_a_relay_state_after_the_value_is_kept() -> None:
    text = "> SAMLResponse=" + B64 + "&RelayState=https%3A%2F%2Fhomenew.console.aliyun.com%2F\n"
    found = find_in_text(text)
    assert found is not None and found.relay_state == "https://homenew.console.aliyun.com/"


@given(st.text(max_size=3000))
def test_any_text_gives_a_value_or_nothing(text: str) -> None:
    found = find_in_text(text)
    assert found is None or isinstance(found.value, str)


# ----- redact: the same reader removes what it finds --------------------------------------


def _prose_of(text: str) -> list[str]:
    """The prose lines a shape put around the value (what redaction must keep)."""
    return [w for w in ("Hi team,", "wrote:", "Ticket 1234", "Thanks, Li", "Support") if w in text]


@settings(max_examples=150, deadline=None)
@given(pasted())
def test_redact_removes_the_whole_value_and_keeps_the_prose(text: str) -> None:
    import io
    import tempfile
    from pathlib import Path

    from samlscope.redact import redact
    from samlscope.rules.context import Config

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ticket.txt"
        path.write_bytes(text.encode())
        out = io.StringIO()
        done = redact(str(path), None, out, config=Config(), trust=None)
        result = out.getvalue()
    if text_kind(text.strip()) == "value":  # a bare value: redacted in its own kind
        redacted = decode_value(result).xml.decode()
        assert "<ds:SignatureValue><?samlscope-redacted ?></ds:SignatureValue>" in redacted
        return
    # nothing the reader (or a person) could decode to the assertion is left
    assert find_in_text(result) is None or not _decodes_to_xml(find_in_text(result))
    for (capture,) in [captures_from_bytes(result.encode(), "redacted.txt")]:
        assert capture.value is None or not decodes(capture.value)
    flat = "".join(result.split())
    for i in range(0, len(B64) - 40, 40):  # no 40-character piece of the value survives
        assert B64[i : i + 40] not in flat
        assert quote(B64, safe="")[i : i + 40] not in flat
    for prose in _prose_of(text):
        assert prose in result, (prose, result[:300])
    assert any("SAML value" in k for k in done.removed), done.removed


def _decodes_to_xml(found: object) -> bool:
    return decodes(found.value)  # type: ignore[attr-defined]

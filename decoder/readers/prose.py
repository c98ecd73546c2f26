"""Find a SAMLResponse pasted into e-mail or chat text.

Tickets carry responses the way people paste them, and a reply quotes them again:

- inside sentences, or on lines of their own wrapped by a mail client (CRLF or LF);
- quoted at any depth (`>`, `> >`, `>>`, `|`), indented, with line numbers from a viewer;
- after a `SAMLResponse=` or `SAMLResponse:` label on the first line only, the value on the
  same line or starting on the next one;
- quoted-printable (`=` soft line breaks, `=3D`), URL-encoded and wrapped over lines.

Each line is read without its quote markers, indentation and line number; then a value is a
run of lines made only of base64 or URL-encoding characters, joined without the line breaks.
Candidates are tried, labelled ones first, and the first that decodes to a SAML Response wins;
the capture notes where it was found and what was undone. A labelled value that decodes to
nothing is still returned, so the finding is about that value (cut short, say), not about the
prose around it.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from samlscope.decoder.errors import DecodeError
from samlscope.decoder.message.bindings import decode_value, decodes
from samlscope.lazyre import lazy_pattern
from samlscope.record import Record

MIN_VALUE = 100
"""The shortest unlabelled run taken for a value (a SAML Response is far longer)."""
MAX_TRIES = 24
MAX_LINES = 100_000
"""Candidates decoded at most: the time a hostile text can cost stays bounded."""

_QUOTES = lazy_pattern(r"[ \t>|]*")
"""Quote markers and the white space between them. One character class, not a repeated group:
re keeps a backtracking mark per repetition of a group, so a line of six million '>' would
cost hundreds of MB."""
_NUMBER = lazy_pattern(r"[ \t]*(\d{1,7})(?:[ \t]*[:|.)\]][ \t]*|[ \t]+)(?=\S)")
_LABEL = lazy_pattern(
    r"""["']?SAMLResponse["']?[ \t]*(?:=3D|=|:)(?:[ \t]|=20|=09){0,40}["']?""",
    re.IGNORECASE,
)
_VALUE_LINE = lazy_pattern(r"[A-Za-z0-9+/=%_-]+")
_VALUE_HEAD = lazy_pattern(r"[A-Za-z0-9+/=%_-]*")
_RELAY = lazy_pattern(r"""RelayState[ \t]*(?:=3D|=|:)[ \t]*["']?([^\s&"'<>]+)""", re.IGNORECASE)
_TOKEN = lazy_pattern(r"[A-Za-z0-9+/%]{100,}={0,2}(?:%3D){0,2}")


class Found(Record):
    value: str
    relay_state: str | None
    note: str


class _Line(Record):
    text: str
    """The line without quote markers, indentation and line number."""
    undone: tuple[str, ...]
    start: int = 0
    """Where `text` starts in the whole text (for redaction)."""

    @property
    def end(self) -> int:
        return self.start + len(self.text)


_NEWLINE = lazy_pattern(r"\r\n|\r|\n")


def _strip_quotes(line: str) -> tuple[str, bool]:
    m = _QUOTES.match(line)
    if m is None or not m.group().strip(" \t"):
        return line.lstrip(" \t"), False
    return line[m.end() :], True


def _lines(text: str) -> list[_Line]:
    """Each line without its quoting and indentation; line numbers are taken off only where a
    neighbouring line carries the next or the previous number (a viewer's numbering), so a
    value that happens to start with digits keeps them. At most MAX_LINES lines are read (a
    SAMLResponse of the largest size decoded, wrapped at 64 characters, has 32,000)."""
    raw: list[tuple[str, int]] = []
    at = 0
    for m in _NEWLINE.finditer(text):
        raw.append((text[at : m.start()], at))
        at = m.end()
        if len(raw) >= MAX_LINES:
            break
    else:
        raw.append((text[at:], at))
    quoted = [_strip_quotes(line) for line, _ in raw]
    match = _NUMBER.match
    numbered = [match(body) for body, _ in quoted]
    numbers = [int(m.group(1)) if m is not None else None for m in numbered]
    last = len(numbers) - 1
    out = []
    for i, (body, was_quoted) in enumerate(quoted):
        undone: tuple[str, ...] = ("'>' quoting",) if was_quoted else ()
        n = numbers[i]
        if n is not None and (
            (i > 0 and numbers[i - 1] == n - 1) or (i < last and numbers[i + 1] == n + 1)
        ):
            body = body[numbered[i].end() :]  # type: ignore[union-attr]
            undone = (*undone, "line numbers")
        line, line_start = raw[i]
        stripped = body.strip()
        start = line_start + len(line) - len(body.lstrip())
        out.append(_Line(stripped, undone, start))
    return out


def _join(parts: list[str]) -> tuple[str, bool]:
    """Lines of one value joined; a `=` ending a line that another line continues is a
    quoted-printable soft break (base64 has `=` only at its very end)."""
    soft = False
    if any(p.endswith("=") for p in parts[:-1]):
        joined = []
        for i, part in enumerate(parts):
            if i + 1 < len(parts) and part.endswith("=") and not part.endswith("%3D"):
                part = part[:-1]
                soft = True
            joined.append(part)
        value = "".join(joined)
    else:
        value = "".join(parts)
    if "=3D" in value:  # quoted-printable for '=': base64 never has '=' before its end
        value = value.replace("=3D", "=")
        soft = True
    return value, soft


class _Candidate(Record):
    value: str
    relay_state: str | None
    where: str
    undone: tuple[str, ...]
    labelled: bool
    span: tuple[int, int] = (0, 0)
    """Where the value stands in the text: from its first character to the end of its last
    line (quote markers and line breaks between its lines included)."""
    group: int = 0
    """Candidates of one group are readings of one place (the same run, shorter or longer)."""


def _runs(lines: list[_Line], start: int) -> list[tuple[int, int]]:
    """(start, stop) line ranges of a value whose first line is `start`: the longest run of
    value lines after it, then the same run with up to three trailing lines dropped (a word
    such as "Thanks" on its own line is made of base64 characters too)."""
    end = start + 1
    while end < len(lines) and _VALUE_LINE.fullmatch(lines[end].text):
        end += 1
    return [(start, stop) for stop in range(end, max(start + 1, end - 3) - 1, -1)]


def _candidates(text: str) -> list[_Candidate]:
    lines = _lines(text)
    group = 0
    labelled: list[_Candidate] = []
    plain: list[_Candidate] = []
    covered: set[int] = set()
    for i, line in enumerate(lines):
        m = _LABEL.search(line.text)
        if m is None:
            continue
        head = _VALUE_HEAD.match(line.text, m.end())
        first = head.group() if head else ""
        rest = line.text[head.end() if head else m.end() :]
        # Something after the value on its line (`&RelayState=`, a quote, prose) ends it there;
        # a value that runs to the end of its line may go on over the next ones.
        spans = [(i, i + 1)] if rest.strip() else _runs(lines, i)
        value_start = line.start + (head.start() if head else m.end())
        group += 1
        for start, stop in spans:
            parts = [first, *(ln.text for ln in lines[start + 1 : stop])]
            value, soft = _join([p for p in parts if p])
            undone = {u for ln in lines[start:stop] for u in ln.undone}
            if soft:
                undone.add("quoted-printable encoding")
            if stop - start > 1:
                undone.add(f"line breaks ({stop - start} lines)")
            after = "\n".join(ln.text for ln in lines[stop - 1 : stop + 3])
            relay = _RELAY.search(after) or _RELAY.search(rest)
            if stop == i + 1:  # the value ends on the label's line, where its characters do
                end = line.start + (head.end() if head else m.end())
            else:
                end = lines[stop - 1].end
            labelled.append(
                _Candidate(
                    value,
                    unquote(relay.group(1)) if relay else None,
                    "a SAMLResponse label",
                    tuple(sorted(undone)),
                    True,
                    (value_start, end),
                    group,
                )
            )
            covered.update(range(start, stop))
    i = 0
    while i < len(lines):
        if i in covered or not _VALUE_LINE.fullmatch(lines[i].text):
            i += 1
            continue
        spans = _runs(lines, i)
        group += 1
        for start, stop in spans:
            value, soft = _join([ln.text for ln in lines[start:stop]])
            if len(value) < MIN_VALUE:
                continue
            undone = {u for ln in lines[start:stop] for u in ln.undone}
            if soft:
                undone.add("quoted-printable encoding")
            plain.append(
                _Candidate(
                    value,
                    None,
                    f"a base64 block of {stop - start} line(s)",
                    tuple(sorted(undone)),
                    False,
                    (lines[start].start, lines[stop - 1].end),
                    group,
                )
            )
        if plain and plain[-1].group == group:
            covered.update(range(i, spans[0][1]))
        i = spans[0][1] if spans else i + 1
    for n, line in enumerate(lines):  # a value inside a sentence (lines read above are not)
        if n in covered or len(line.text) < MIN_VALUE:
            continue
        for m in _TOKEN.finditer(line.text):
            group += 1
            span = (line.start + m.start(), line.start + m.end())
            where = "a base64 value inside the text"
            plain.append(_Candidate(m.group(), None, where, (), False, span, group))
    plain.sort(key=lambda c: -len(c.value))
    return labelled + plain


_QP = lazy_pattern(r"=\r?\n|=3D|=20|=09")


def _interpretations(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The text as it is and, when it shows quoted-printable escapes, decoded as such (a mail
    client may escape the label's trailing space or the value's padding too)."""
    out: list[tuple[str, tuple[str, ...]]] = [(text, ())]
    if _QP.search(text):
        import quopri

        decoded = quopri.decodestring(text.encode("utf-8", "replace")).decode("utf-8", "replace")
        if decoded != text:
            out.append((decoded, ("quoted-printable encoding",)))
    for joined, undone in _unspaced(text):
        out.append((joined, undone))
    return out


_SPACED = lazy_pattern(r"[A-Za-z0-9+/=%_ -]+")


def _unspaced(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """When lines of base64 hold single spaces (a mail client reflowed the value, or form
    decoding turned its '+' into spaces): the text with those spaces removed, and with them
    read as '+'. Only the part of a line after its quoting, line number and label changes,
    and only when it is made of base64 characters and single spaces; lines stay lines."""
    if " " not in text:
        return []
    removed: list[str] = []
    plussed: list[str] = []
    at = 0
    for line in _lines(text):
        body = line.text
        label = _LABEL.search(body)
        cut = label.end() if label is not None else 0
        tail = body[cut:].strip()
        if " " in tail and "  " not in tail and _SPACED.fullmatch(tail):
            kept = text[at : line.start] + body[:cut]
            removed.append(kept + tail.replace(" ", ""))
            plussed.append(kept + tail.replace(" ", "+"))
            at = line.end
    if not removed:
        return []
    rest = text[at:]
    return [
        ("".join(removed) + rest, ("spaces inside the value's lines",)),
        ("".join(plussed) + rest, ("spaces for '+' inside the value's lines",)),
    ]


def find_in_text(text: str) -> Found | None:
    """The first candidate value in the text that decodes to a SAML Response; else the first
    labelled value (its decoding error is the finding); else None."""
    found = [
        c._replace(undone=tuple(sorted({*c.undone, *undone})))
        for variant, undone in _interpretations(text)
        for c in _candidates(variant)
    ]
    candidates = [c for c in found if c.labelled] + [c for c in found if not c.labelled]
    loose: _Candidate | None = None
    for candidate in candidates[:MAX_TRIES]:
        try:
            xml = decode_value(candidate.value).xml
        except DecodeError:
            continue
        if b"Response" not in xml[:2000]:
            continue
        if xml.rstrip().endswith(b">"):  # the document ends where the value does
            return Found(candidate.value, candidate.relay_state, _note(candidate, "found"))
        loose = loose or candidate  # a Response, but with bytes after it or cut short
    if loose is not None:
        return Found(loose.value, loose.relay_state, _note(loose, "found"))
    labelled = next((c for c in candidates if c.labelled and c.value), None)
    if labelled is not None:
        return Found(
            labelled.value,
            labelled.relay_state,
            _note(labelled, "found") + ", but it does not decode to a SAML Response",
        )
    return None


def _note(candidate: _Candidate, verb: str) -> str:
    undone = f"undid {', '.join(candidate.undone)}; " if candidate.undone else ""
    return f"{undone}{verb} {candidate.where} in the text"


def _chosen(candidates: list[_Candidate], fallback: bool = True) -> list[_Candidate]:
    """Per place in the text, the reading to remove: the first that decodes; for a labelled
    place with none that decodes, the longest (with `fallback`). Unlabelled places that never
    decode stay."""
    chosen: dict[int, _Candidate] = {}
    decided: set[int] = set()
    for candidate in candidates:
        if candidate.group in decided or not candidate.value.strip("=%"):
            continue
        if decodes(candidate.value):
            chosen[candidate.group] = candidate
            decided.add(candidate.group)
        elif fallback and candidate.labelled and candidate.group not in chosen:
            chosen[candidate.group] = candidate
    return list(chosen.values())


def value_spans(text: str) -> list[tuple[int, int]]:
    """Where the text holds SAML values, as inspect's reader finds them (the same candidates):
    each labelled value (the reading that decodes, else the longest), and each unlabelled run
    that decodes. A value found only once spaces inside its lines are undone covers its whole
    lines. Spans are (start, end) offsets, merged and in order."""
    spans = [c.span for c in _chosen(_candidates(text))]
    variants = _unspaced(text)
    if variants:
        from bisect import bisect_right

        lines = _lines(text)
        for variant, _ in variants:
            starts = [0] + [m.end() for m in _NEWLINE.finditer(variant)]
            for candidate in _chosen(_candidates(variant), fallback=False):
                first = bisect_right(starts, candidate.span[0]) - 1
                last = bisect_right(starts, max(candidate.span[1] - 1, candidate.span[0])) - 1
                if last < len(lines):
                    spans.append((lines[first].start, lines[last].end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def remove_values(text: str, marker: str) -> tuple[str, int]:
    """The text with every SAML value inspect's reader would find replaced by `marker`, the
    prose around it kept; and how many were removed. Removal is repeated until the reader finds
    nothing that decodes (a value hidden behind another)."""
    removed = 0
    for _ in range(MAX_TRIES):
        spans = value_spans(text)
        if not spans:
            break
        for start, end in reversed(spans):
            text = text[:start] + marker + text[end:]
        removed += len(spans)
    return text, removed

"""`samlscope redact IN [-o OUT]`: a copy of a capture that can be shared with support.

Reads a HAR file (streamed, entry by entry), a SAML-tracer export, a mitmproxy flow file, or a
single SAMLResponse (base64, form body or XML), and writes the same format back without bearer
secrets and, by default, without identities (see samlscope.scrub for what counts).

Before anything is removed, every SAML POST is analysed and its signature verdict is written
next to it (HAR entry and SAML-tracer request: `_samlscope`; flow: its metadata). That record
is only a note: `samlscope inspect` on the redacted file reports the signature as `redacted`,
never as the record says.

Nothing captured is lost: the input is never written to (an output that is the input, through
a symlink or a hard link too, is refused), and the output is written to a temporary file beside
it and renamed into place only when everything succeeded; on any failure nothing is created or
changed. The output is readable by its owner only (0600).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from samlscope.analysis import analyse
from samlscope.decoder.errors import InputError, reader_error
from samlscope.decoder.readers.bodies import BodyError, decode_body
from samlscope.decoder.readers.inputs import is_flow_file, read_captures, read_head
from samlscope.decoder.signature.trust import TrustStore
from samlscope.record import Record
from samlscope.rules.context import Config
from samlscope.scrub import REDACTED, Scrubber
from samlscope.view.json_report import dumps

RECORD_KEY = "_samlscope"
FLOW_RECORD_KEY = "samlscope_redact"


class Outcome(Record):
    removed: Counter[str]
    kind: str


def _records(
    path: str, config: Config, trust: TrustStore | None, scrub: Scrubber
) -> dict[str, Any]:
    """Pass 1: each SAML POST's signature verdict before redaction, keyed by capture source;
    the identities in every one of them are learnt on the way."""
    records: dict[str, Any] = {}
    for capture in read_captures(path, []):
        report = analyse(capture, config, trust)
        scrub.learn_report(report)
        if report.verification is None:
            continue
        records[capture.source] = {
            "signature_before_redaction": {
                "status": report.verification.status.value,
                "summary": report.verification.summary,
                "findings": [
                    {
                        "code": f.code,
                        "name": f.name,
                        "severity": f.severity.value,
                        "message": scrub.mask(f.message),
                        "fix": f.fix,
                    }
                    for f in report.findings
                    if f.code.startswith("SIG")
                ],
            }
        }
    return records


# ----- formats ------------------------------------------------------------------------


def _har(path: str, out: IO[str], scrub: Scrubber, records: dict[str, Any]) -> None:
    """Streamed: one entry in memory at a time, the document's other members kept."""
    from samlscope.decoder.readers.jsonstream import JsonStream

    def entries() -> None:
        out.write("[")
        for index, _ in enumerate(stream.array_items()):
            entry = _har_entry(stream.value(), scrub)
            record = records.get(f"{path}#entry{index}")
            if record is not None and isinstance(entry, dict):
                entry[RECORD_KEY] = record
            out.write(("," if index else "") + "\n    " + dumps(entry))
        out.write("\n  ]")

    def members(indent: str, special: dict[str, Callable[[], None]]) -> None:
        """Copy the object that starts here, scrubbed; `special` members are written by
        their own function (which reads them from the stream)."""
        out.write("{")
        for n, key in enumerate(stream.object_keys()):
            out.write(("," if n else "") + f"\n{indent}{json.dumps(key)}: ")
            if key in special:
                special[key]()
            else:
                out.write(dumps(scrub.json(stream.value())))
        out.write("\n}")

    with open(path, encoding="utf-8-sig") as fh:
        stream = JsonStream(fh)
        members("", {"log": lambda: members("  ", {"entries": entries})})
        out.write("\n")


def _har_entry(entry: Any, scrub: Scrubber) -> Any:
    if not isinstance(entry, dict):
        return scrub.json(entry)
    entry.pop(RECORD_KEY, None)  # an old record is never carried over
    encoded: list[tuple[str, str, str]] = []
    for side, part in (("request", "postData"), ("response", "content")):
        message = entry.get(side)
        body = message.get(part) if isinstance(message, dict) else None
        if isinstance(body, dict) and body.get("encoding") == "base64":
            text = body.pop("text", None)
            if isinstance(text, str):
                encoded.append((side, part, _base64_body(text, scrub)))
    clean = scrub.json(entry)
    for side, part, text in encoded:
        clean[side][part]["text"] = text
    return clean


def _base64_body(text: str, scrub: Scrubber) -> str:
    """A base64-encoded HAR body: its text scrubbed and encoded again; binary content (an
    image) has no text to hold a secret and is kept."""
    import base64
    import binascii

    try:
        decoded = base64.b64decode(text, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return text
    return base64.b64encode(scrub.text(decoded).encode("utf-8")).decode()


def _saml_tracer(path: str, out: IO[str], scrub: Scrubber, records: dict[str, Any]) -> None:
    with open(path, encoding="utf-8-sig") as fh:
        document = json.load(fh)
    if not isinstance(document, dict) or not isinstance(document.get("requests"), list):
        raise InputError(f"{path} is not a SAML-tracer export")
    requests = []
    for index, request in enumerate(document["requests"]):
        if isinstance(request, dict):
            request = {k: v for k, v in request.items() if k != RECORD_KEY}
        clean = scrub.json(request)
        record = records.get(f"{path}#request{index}")
        if record is not None and isinstance(clean, dict):
            clean[RECORD_KEY] = record
        requests.append(clean)
    others = scrub.json({k: v for k, v in document.items() if k != "requests"})
    out.write(dumps({**others, "requests": requests}, indent=2) + "\n")


def _flows(path: str, out: IO[bytes], scrub: Scrubber, records: dict[str, Any]) -> None:
    from mitmproxy import http
    from mitmproxy import io as mio

    writer = mio.FlowWriter(out)  # type: ignore[no-untyped-call]
    with open(path, "rb") as fh:
        for index, flow in enumerate(mio.FlowReader(fh).stream()):
            if not isinstance(flow, http.HTTPFlow):
                scrub.removed["non-HTTP flow (dropped)"] += 1
                continue
            _flow(flow, scrub)
            record = records.get(f"{path}#flow{index}")
            flow.metadata.pop(FLOW_RECORD_KEY, None)
            if record is not None:
                flow.metadata[FLOW_RECORD_KEY] = record
            writer.add(flow)


def _flow(flow: Any, scrub: Scrubber) -> None:
    for message in (flow.request, flow.response):
        if message is None:
            continue
        for name in list(message.headers.keys()):
            values = message.headers.get_all(name)
            message.headers.set_all(name, [scrub.header(name, v) for v in values])
        try:
            content = decode_body(message.raw_content, message.headers.get("content-encoding"))
        except BodyError:  # a body that cannot be read within the budget is not kept
            message.headers.pop("content-encoding", None)
            message.raw_content = b""
            scrub.removed["body that cannot be read within the size budget"] += 1
            continue
        if content:
            try:
                text = content.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            if text is not None:
                message.headers.pop("content-encoding", None)
                message.raw_content = scrub.text(text).encode("utf-8")
    flow.request.url = scrub.text(flow.request.url)
    flow.comment = scrub.text(flow.comment or "")
    if flow.websocket is not None:
        for ws in flow.websocket.messages:
            if ws.is_text:
                ws.content = scrub.text(ws.content.decode("utf-8", "replace")).encode()
    for key in [k for k in flow.metadata if k != FLOW_RECORD_KEY]:
        del flow.metadata[key]  # other addons' data (samlscope's own report holds claims)


def _raw(path: str, out: IO[str], scrub: Scrubber) -> None:
    """A single SAMLResponse (base64, form body, XML) written back redacted, same kind; text
    (e-mail, chat) with the value in it has the whole value removed and the prose kept. The
    value is found by the reader `inspect` uses, and the result is read again: a text from
    which that reader still decodes a SAML message is never written."""
    from samlscope.decoder.readers.inputs import read_bytes, text_kind

    data, truncated = read_bytes(path)
    if truncated:
        raise InputError(f"{path} is too large for a single SAMLResponse")
    text = data.decode("utf-8-sig", "replace")
    stripped = text.strip()
    if stripped.startswith("<"):
        redacted = scrub.saml_xml(stripped.encode("utf-8"))
        out.write(
            (redacted.decode("utf-8") if redacted is not None else scrub.text(stripped)) + "\n"
        )
        return
    kind = text_kind(stripped)
    if kind == "value":
        out.write(scrub.saml_value(stripped) + "\n")
        return
    if kind == "form":
        out.write(scrub.text(stripped) + "\n")
        return
    from samlscope.decoder.message.bindings import decodes
    from samlscope.decoder.readers.prose import find_in_text, remove_values

    kept, removed = remove_values(text, REDACTED)
    if removed:
        scrub.removed["SAML value in the text (removed whole)"] += removed
    kept = scrub.text(kept)
    left = find_in_text(kept.strip())
    if left is not None and decodes(left.value):
        raise InputError(
            f"{path}: a SAML value is still readable after redaction; nothing was written"
        )
    out.write(kept if kept.endswith("\n") else kept + "\n")


# ----- the command --------------------------------------------------------------------


def _kind(path: str) -> str:
    head = read_head(path, 4096)
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if is_flow_file(head):
        return "flows"
    if body.startswith(b"{"):
        return "har" if body[1:].lstrip().startswith(b'"log"') else "saml-tracer"
    return "raw"


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@contextmanager
def atomic_output(target: str | None, binary: bool, stdout: IO[str]) -> Iterator[IO[Any]]:
    """A file to write the output to: a new 0600 file beside `target`, renamed over it only
    when the block succeeds (removed otherwise). Without a target, the output is kept and
    copied to stdout only on success."""
    if target is None:
        buffer = io.StringIO()
        yield buffer
        stdout.write(buffer.getvalue())
        return
    folder = os.path.dirname(os.path.abspath(target))
    fd, temporary = tempfile.mkstemp(prefix=".samlscope-redact-", dir=folder)
    try:
        os.fchmod(fd, 0o600)
        fh: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def redact(
    path: str,
    output: str | None,
    stdout: IO[str],
    *,
    config: Config,
    trust: TrustStore | None,
    mask_identities: bool = True,
) -> Outcome:
    """Write the redacted copy of `path` to `output` (or stdout); InputError when it cannot."""
    if output is not None and (
        _same_file(path, output) or os.path.abspath(output) == os.path.abspath(path)
    ):
        raise InputError(f"the output {output} is the input: redact never overwrites a capture")
    if output is not None and os.path.isdir(output):
        raise InputError(f"the output {output} is a directory")
    if output is not None:
        from samlscope.paths import check_output

        check_output(output, (path,), what="the output")
    kind = _kind(path)
    if kind == "flows" and output is None:
        raise InputError("a mitmproxy flow file is binary: give the output file with -o OUT")
    scrub = Scrubber(mask_identities=mask_identities)
    writers: dict[str, Callable[[IO[Any]], None]] = {
        "har": lambda fh: _har(path, fh, scrub, records),
        "saml-tracer": lambda fh: _saml_tracer(path, fh, scrub, records),
        "flows": lambda fh: _flows(path, fh, scrub, records),
        "raw": lambda fh: _raw(path, fh, scrub),
    }
    try:
        records = _records(path, config, trust, scrub)
        with atomic_output(output, kind == "flows", stdout) as fh:
            writers[kind](fh)
    except InputError as e:
        raise InputError(f"{e}; nothing was written") from None
    except Exception as e:  # a damaged file, in any of the ways a reader can find out
        raise InputError(
            f"{path} cannot be redacted ({reader_error(e)}); nothing was written"
        ) from None
    return Outcome(scrub.removed, kind)

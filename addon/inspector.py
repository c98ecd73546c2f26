"""SamlInspector: the mitmproxy addon that captures and explains SAML logins.

It watches POSTs to Alibaba Cloud's role and user SSO endpoints (both sites), or any POST with a
SAMLResponse when `saml_any_acs` is on, and runs the same `analyse()` as `samlscope inspect`.
Entra ID's error pages (a login that stopped at the IdP) get IDP501 on their flow too. Every
other flow costs a method comparison and a host lookup. With `saml_hold` the POST is
answered by the proxy with an HTML report and never reaches Alibaba Cloud; otherwise the SP's
answer is analysed with it. An exception inside the analysis is logged and the flow goes on
untouched: samlscope never breaks the user's browsing.

Hold mode fails closed: the held POST's response is set to a "held, analysis failed" page
before the analysis starts, and replaced by the report only when the analysis succeeds, so
neither an exception, a time-out, a cancelled hook nor a body over the caps lets it go
upstream.

The analysis runs in one worker thread, off mitmproxy's event loop, with a time budget
(`saml_timeout`): other flows keep moving while a hostile POST is analysed.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import hmac
import io
import logging
import secrets
import sys
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from mitmproxy import ctx, exceptions, http
from mitmproxy.log import ALERT

from samlscope.addon import saml_view
from samlscope.addon.held_page import CSP_FALLBACK
from samlscope.addon.saml_options import OPTIONS, Settings, parse_settings
from samlscope.decoder.readers.flowfile import (
    HELD,
    capture_from_flow,
    flow_form,
    request_body,
)
from samlscope.decoder.readers.forms import mentions_saml
from samlscope.decoder.readers.posts import ClockWatch
from samlscope.facts import endpoint_at, is_sso_host
from samlscope.facts.idp_pages import HOST_SUFFIXES as IDP_HOST_SUFFIXES
from samlscope.facts.idp_pages import PATH_MARKERS
from samlscope.facts.idps import ENTRA_HOSTS
from samlscope.rules.context import Config

if TYPE_CHECKING:
    from samlscope.report import Report
    from samlscope.view.html_page import Release

# The SAML stack (lxml, xmlsec, rich, the rules) is imported when the first SAML POST arrives:
# ordinary traffic through the proxy never loads it.

logger = logging.getLogger("samlscope")
IDP_PATHS = tuple(dict.fromkeys(m.encode() for m in PATH_MARKERS if m.count("/") == 2))
"""The path markers of self-hosted IdPs (`/adfs/`, `/realms/`, `/idp/`), as bytes."""

DONE = "samlscope"
RELEASED = "samlscope_released"
"""flow.metadata key of a held POST the engineer released from its hold page."""
RELEASE_SECONDS = 600
MAX_RELEASES = 1000
FIXED_CVE = (11, 1, 2)
PAGE_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


class AnalysisFailed(RuntimeError):
    """The analysis of a watched POST did not produce a report (said on the held page)."""


_WORKER: ThreadPoolExecutor | None = None


def _worker() -> ThreadPoolExecutor:
    """One thread for every analysis: lxml/xmlsec run off the event loop, one at a time."""
    global _WORKER
    if _WORKER is None:
        _WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="samlscope")
    return _WORKER


def _hosts(request: http.Request) -> set[str]:
    """The host the proxy connects to and the one the Host header names: a server may route
    by either."""
    return {request.host, request.pretty_host}


def is_sso_post(flow: http.HTTPFlow) -> bool:
    """A POST to a cloud's SAML endpoint, however its URL is spelt: Alibaba Cloud's role or
    user SSO path on its sign-in hosts, AWS's `/saml` (and `/saml/acs/<id>`) on its global
    and regional sign-in hosts. The URL is read as a permissive server routes it (letter case,
    a trailing dot, percent-encoding, `;` parameters, dot segments, repeated slashes)."""
    request = flow.request
    if request.data.method != b"POST":
        return False
    return any(endpoint_at(host, request.path) is not None for host in _hosts(request))


is_alibaba_sso = is_sso_post
"""The old name (it was never Alibaba's only)."""


def to_sso_host(flow: http.HTTPFlow) -> bool:
    """A request to a cloud's sign-in host, whatever its path."""
    return any(is_sso_host(host) for host in _hosts(flow.request))


class SamlInspector:
    def __init__(self, outfile: Any = None) -> None:
        self.settings = Settings(Config(), None, None)
        self.outfile = outfile
        self._requests = ClockWatch()
        """The AuthnRequests seen going to Entra ID (SP-initiated sign-in), for SAML021/022."""
        self._releases: dict[str, tuple[str, str, float]] = {}
        """Release tokens handed out on hold pages: token -> (SAMLResponse digest, URL,
        expiry on the monotonic clock)."""

    # ----- lifecycle ------------------------------------------------------------------
    def load(self, loader: Any) -> None:
        for name, typespec, default, help_text in OPTIONS:
            loader.add_option(name, typespec, default, help_text)
        saml_view.register()

    def configure(self, updated: set[str]) -> None:
        if "connection_strategy" in updated:
            self._hold_lazily()
        if not any(name.startswith("saml_") for name in updated):
            return
        o = ctx.options
        try:
            self.settings = parse_settings(
                idp_metadata=o.saml_idp_metadata,
                idp_cert=o.saml_idp_cert,
                sp_key=o.saml_sp_key,
                profile=o.saml_profile,
                sp_entity_id=o.saml_sp_entity_id,
                skew=o.saml_skew,
                idp_entity_id=o.saml_idp_entity_id,
            )
        except ValueError as e:
            raise exceptions.OptionsError(f"samlscope: {e}") from None
        if o.saml_report:
            from samlscope.decoder.errors import InputError
            from samlscope.paths import check_output

            inputs = (o.saml_idp_metadata, o.saml_idp_cert, o.saml_sp_key)
            try:
                check_output(o.saml_report, inputs, what="saml_report", allow_link=False)
            except InputError as e:
                raise exceptions.OptionsError(f"samlscope: {e}") from None
        if not 1 <= o.saml_timeout <= 300:
            raise exceptions.OptionsError(
                f"samlscope: saml_timeout {o.saml_timeout} is outside 1-300 seconds"
            )
        self._hold_lazily()

    def _hold_lazily(self) -> None:
        """In hold mode, connect upstream only when a request needs it: eager would connect at
        CONNECT time, before the POST can be held (and fail the tunnel when the SP is not
        reachable, as in a reproduction offline). Checked whenever either option changes.
        (An option given twice on the command line would leave every samlscope option
        unapplied and the addon unreached: addon/saml_inspector.py stops mitmdump then.)"""
        o = ctx.options
        if o.saml_hold and "connection_strategy" in o and o.connection_strategy != "lazy":
            ctx.options.update(connection_strategy="lazy")
            logger.info("samlscope: saml_hold set connection_strategy=lazy")

    def running(self) -> None:
        from mitmproxy.version import VERSION

        # The modules samlscope loads (lxml, xmlsec, rich, the rules) are long-lived objects
        # that every full garbage collection would walk again; freeze them out of its way.
        # Measured: without this the proxy served 3-6% fewer ordinary requests (bench/proxy.py).
        gc.freeze()
        if self._master_kind() == "WebMaster" and _version(VERSION) < FIXED_CVE:
            logger.log(
                ALERT,
                "samlscope: mitmweb %s has an unauthenticated web API "
                "(CVE-2025-23217, fixed in 11.1.2): any page you visit through this proxy "
                "can read every captured SAML assertion. Use mitmdump or mitmproxy, or "
                "upgrade (Python 3.12+).",
                VERSION,
            )

    def done(self) -> None:
        saml_view.unregister()

    # ----- hooks ----------------------------------------------------------------------
    # The hooks are plain functions: an ordinary flow returns at once (no coroutine, no event
    # loop round trip); a watched one returns the coroutine that mitmproxy then awaits.
    # Only POSTs are ever watched: every other flow leaves on a bytes comparison (the decoded
    # `method` property and an option lookup cost ~1% of proxy throughput on ordinary traffic).
    def request(self, flow: http.HTTPFlow) -> Coroutine[Any, Any, None] | None:
        if flow.request.data.method != b"POST" or flow.response is not None:
            return None
        if not (ctx.options.saml_hold and flow.live):
            return None
        try:
            watched = self._watched(flow)
        except Exception:  # cannot tell whether it carries SAML: a POST is held (fail closed)
            watched = flow.request.method == "POST"
        if not watched or self._release(flow):
            return None
        return self._hold(flow)

    def response(self, flow: http.HTTPFlow) -> Coroutine[Any, Any, None] | None:
        data = flow.request.data
        if data.host in ENTRA_HOSTS:  # one set lookup for every other flow
            if b"SAMLRequest=" in data.path:
                self._saw_request(flow)
            return self._idp_page(flow)
        if data.host.endswith(IDP_HOST_SUFFIXES) or any(m in data.path for m in IDP_PATHS):
            return self._idp_page(flow)  # another IdP's host, or a self-hosted IdP's path
        if flow.request.data.method != b"POST":
            return None
        if (flow.live and flow.metadata.get(HELD)) or not self._watched_safely(flow):
            return None  # a live held flow was reported in request(); a replayed one is here
        if not flow.live:
            # Replayed from a file (mitmdump -nr): no live traffic waits on the event loop,
            # so the analysis runs inline, without a thread hand-off per flow.
            try:
                report = self._analyse(flow)
            except Exception as e:
                logger.warning("samlscope: analysis failed: %s", _why(e))
                return None
            self._emit(flow, report)
            return None
        return self._analyse_and_emit(flow)

    def error(self, flow: http.HTTPFlow) -> Coroutine[Any, Any, None] | None:
        if flow.request.data.method != b"POST" or flow.response is not None:
            return None
        if not flow.metadata.get(HELD) and self._watched_safely(flow):
            return self._analyse_and_emit(flow)
        return None

    def _saw_request(self, flow: http.HTTPFlow) -> None:
        try:
            when = flow.request.timestamp_start
            started = datetime.fromtimestamp(when, UTC) if when else None
            self._requests.saw(flow.request.pretty_url, started, ())
        except Exception as e:  # never costs the flow anything
            logger.warning("samlscope: reading the AuthnRequest failed: %s", _why(e))

    def _idp_page(self, flow: http.HTTPFlow) -> Coroutine[Any, Any, None] | None:
        """An answer of Entra ID's sign-in host: an error page (the login stopped at the IdP)
        gets the same finding, comment, mark and report line as a SAML POST. Nothing is held:
        no assertion exists to protect."""
        response = flow.response
        if response is None or "html" not in response.headers.get("content-type", ""):
            return None
        if flow.request.data.method == b"POST" and self._watched_safely(flow):
            return None  # a SAML POST to the IdP itself (saml_any_acs): analysed as such
        if not flow.live:
            self._report_idp_page(flow)
            return None
        return self._report_idp_page_in_worker(flow)

    def _idp_report(self, flow: http.HTTPFlow) -> Report | None:
        from samlscope.analysis import analyse
        from samlscope.decoder.readers.flowfile import idp_error_from_flow

        capture = idp_error_from_flow(flow, f"flow {_flow_label(flow)} {flow.request.pretty_url}")
        if capture is None:
            return None
        s = self.settings
        return analyse(capture, s.config, s.trust, sp_key=s.sp_key)

    def _report_idp_page(self, flow: http.HTTPFlow) -> None:
        try:
            report = self._idp_report(flow)
        except Exception as e:
            logger.warning("samlscope: reading the IdP's page failed: %s", _why(e))
            return
        if report is not None:
            self._emit(flow, report)

    async def _report_idp_page_in_worker(self, flow: http.HTTPFlow) -> None:
        try:
            loop = asyncio.get_running_loop()
            job = loop.run_in_executor(_worker(), self._idp_report, flow)
            report = await asyncio.wait_for(job, timeout=float(ctx.options.saml_timeout))
        except Exception as e:
            logger.warning("samlscope: reading the IdP's page failed: %s", _why(e))
            return
        if report is not None:
            self._emit(flow, report)

    async def _hold(self, flow: http.HTTPFlow) -> None:
        from samlscope.addon.held_page import failure_page

        # Fail closed: from here on the flow has a local answer, whatever happens below.
        flow.metadata[HELD] = True
        flow.response = http.Response.make(
            200,
            failure_page("the analysis did not finish").encode(),
            {**PAGE_HEADERS, "Content-Security-Policy": CSP_FALLBACK},
        )
        try:
            report = await self._analyse_in_worker(flow)
            from samlscope.view.html_page import csp, render_html

            release = self._releasable(flow)
            page = render_html(report, release=release).encode()
        except Exception as e:
            reason = _why(e)
            logger.warning("samlscope: held the POST; analysis failed: %s", reason)
            flow.response = http.Response.make(
                200,
                failure_page(reason).encode(),
                {**PAGE_HEADERS, "Content-Security-Policy": CSP_FALLBACK},
            )
            flow.comment = f"samlscope: held; analysis failed: {reason}"
            flow.marked = ":x:"
            return
        flow.response = http.Response.make(
            200, page, {**PAGE_HEADERS, "Content-Security-Policy": csp(release)}
        )
        self._emit(flow, report)

    # ----- hold, read, then continue -------------------------------------------------
    def _releasable(self, flow: http.HTTPFlow) -> Release | None:
        """A one-time release for this held POST: the hold page's "Continue" form carries its
        token, bound to exactly these fields (every one, in order) and this URL, for
        RELEASE_SECONDS."""
        from samlscope.view.html_page import Release

        found = flow_form(flow)
        if found is None or found.form is None:
            return None
        pairs = found.form.pairs
        token = secrets.token_urlsafe(24)
        url = flow.request.pretty_url
        self._releases[token] = (_digest(pairs), url, time.monotonic() + RELEASE_SECONDS)
        while len(self._releases) > MAX_RELEASES:
            self._releases.pop(next(iter(self._releases)))
        return Release(url, pairs, token)

    def _release(self, flow: http.HTTPFlow) -> bool:
        """True for the one POST a hold page released: its token is spent and the POST goes
        to the SP with exactly the fields that were analysed, nothing added, removed, changed
        or reordered. A replayed, altered, extended or forged release is held."""
        from urllib.parse import urlencode

        from samlscope.decoder.message.bindings import form_pairs
        from samlscope.view.html_page import RELEASE_FIELD

        try:
            body = request_body(flow)
        except ValueError:
            return False
        if RELEASE_FIELD.encode() not in body:
            return False
        pairs = form_pairs(body.decode("utf-8", "replace"))
        tokens = [v for k, v in pairs if k == RELEASE_FIELD]
        if len(tokens) != 1:
            for token in tokens:
                self._releases.pop(token, None)
            return False
        grant = self._releases.pop(tokens[0], None)  # spent whatever happens next
        if grant is None:
            return False
        digest, url, expires = grant
        fields = tuple((k, v) for k, v in pairs if k != RELEASE_FIELD)
        if (
            time.monotonic() > expires
            or url != flow.request.pretty_url
            or not hmac.compare_digest(digest, _digest(fields))
        ):
            return False
        flow.request.headers.pop("content-encoding", None)
        flow.request.headers["content-type"] = "application/x-www-form-urlencoded"
        flow.request.content = urlencode(fields).encode()
        flow.metadata[RELEASED] = True
        from samlscope.view.sanitize import clean

        logger.info("samlscope: released the held SAML POST to %s", clean(url))
        return True

    # ----- internals ------------------------------------------------------------------
    def _watched(self, flow: http.HTTPFlow) -> bool:
        """A POST samlscope analyses (and, in hold mode, holds): one to a cloud's SAML
        endpoint; one to a cloud's sign-in host whose body may carry a SAMLResponse under any
        spelling, or cannot be read (ambiguous: held rather than let through); with
        saml_any_acs, any POST whose form has a SAMLResponse field."""
        if flow.request.method != "POST":
            return False
        if is_sso_post(flow):
            return True
        if to_sso_host(flow):
            try:
                return mentions_saml(request_body(flow))
            except ValueError:
                return bool(flow.request.raw_content)
        if not ctx.options.saml_any_acs:
            return False
        return flow_form(flow) is not None

    def _watched_safely(self, flow: http.HTTPFlow) -> bool:
        try:
            return self._watched(flow)
        except Exception as e:
            logger.warning("samlscope: could not inspect a flow; it goes on untouched: %s", _why(e))
            return False

    async def _analyse_and_emit(self, flow: http.HTTPFlow) -> None:
        """Outside hold mode: a failure is logged and the flow goes on untouched."""
        try:
            report = await self._analyse_in_worker(flow)
        except Exception as e:
            logger.warning("samlscope: analysis failed; the flow goes on untouched: %s", _why(e))
            return
        self._emit(flow, report)

    async def _analyse_in_worker(self, flow: http.HTTPFlow) -> Report:
        """The report, analysed in the worker thread within saml_timeout seconds; raises
        AnalysisFailed (or the analysis' own exception) otherwise."""
        budget = float(ctx.options.saml_timeout)
        loop = asyncio.get_running_loop()
        job = loop.run_in_executor(_worker(), self._analyse, flow)
        try:
            return await asyncio.wait_for(job, timeout=budget)
        except TimeoutError:
            raise AnalysisFailed(
                f"the analysis took longer than {budget:g} s (saml_timeout)"
            ) from None

    def _analyse(self, flow: http.HTTPFlow) -> Report:
        from samlscope.analysis import analyse

        capture = capture_from_flow(flow, f"flow {_flow_label(flow)} {flow.request.pretty_url}")
        if capture is None:
            raise AnalysisFailed("the POST has no SAMLResponse form field")
        if not flow.live:  # replayed with -r: judge at the capture's own time
            capture = capture._replace(captured_at_source="flow timestamp (replayed)")
        capture = capture._replace(authn_requests=tuple(self._requests.requests))
        s = self.settings
        return analyse(capture, s.config, s.trust, sp_key=s.sp_key)

    def _emit(self, flow: http.HTTPFlow, report: Report) -> None:
        try:
            from samlscope.addon.report_log import append_json_line
            from samlscope.rules.engine import Severity
            from samlscope.view.json_report import report_dict
            from samlscope.view.terminal import (
                compact_lines,
                lines,
                make_console,
                plain_width,
                render,
                render_compact,
                styled,
            )

            record = report_dict(report)
            flow.metadata[DONE] = record
            held = "held here, not forwarded · " if flow.metadata.get(HELD) else ""
            flow.comment = flow_comment(report).replace("samlscope: ", f"samlscope: {held}", 1)
            flow.marked = flow_mark(report)
            if ctx.options.saml_report:
                try:
                    append_json_line(ctx.options.saml_report, record)
                except OSError as e:
                    logger.warning(
                        "samlscope: could not append to saml_report: %s", e.strerror or e
                    )
            if self._master_kind() == "DumpMaster" or self.outfile is not None:
                out = self.outfile or sys.stdout
                quiet = not report.findings or all(
                    f.severity is Severity.INFO for f in report.findings
                )
                compact = quiet and not ctx.options.saml_verbose and report.message is not None
                if styled(out, None):  # a colour terminal: through rich
                    console = make_console(out)
                    (render_compact if compact else render)(report, console)
                else:  # a pipe or a file: the same lines, plain, without rich
                    view = (
                        compact_lines(report, plain_width())
                        if compact
                        else lines(report, plain_width())
                    )
                    view.write_plain(out)
            else:
                buf = io.StringIO()
                lines(report, 100).write_plain(buf)
                logger.info("samlscope: %s\n%s", report.verdict, buf.getvalue())
        except Exception as e:
            logger.warning("samlscope: reporting failed; the flow goes on untouched: %s", _why(e))

    @staticmethod
    def _master_kind() -> str:
        try:
            return type(ctx.master).__name__
        except AttributeError:
            return ""


def _flow_label(flow: http.HTTPFlow) -> str:
    """A flow's short ID as mitmproxy shows it; the whole ID where the short one says nothing
    (flows written by tools with counted IDs share `00000000`)."""
    short = flow.id[:8]
    return flow.id if short.strip("0") == "" else short


def _version(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def _digest(pairs: tuple[tuple[str, str], ...]) -> str:
    """A digest of form fields: names, values and their order."""
    return hashlib.sha256(repr(pairs).encode("utf-8", "replace")).hexdigest()


def flow_comment(report: Report) -> str:
    """The verdict and the codes, as the flow list shows them."""
    codes = ", ".join(dict.fromkeys(f.code for f in report.findings if f.severity.value != "info"))
    return f"samlscope: {report.verdict}" + (f" [{codes}]" if codes else "")


def flow_mark(report: Report) -> str:
    """The verdict at a glance: ✘ fails, ⚠ warnings or not judged at its own time, ✔ clean."""
    if report.message is None or (report.failed and not report.stale):
        return ":x:"
    if report.stale or any(f.severity.value == "warning" for f in report.findings):
        return ":warning:"
    return ":white_check_mark:"


def _why(error: BaseException) -> str:
    """An analysis failure in one line of our words (never a traceback)."""
    if isinstance(error, AnalysisFailed):
        return str(error)
    from samlscope.view.sanitize import clean

    return clean(f"{type(error).__name__}: {error}")[:300]


def repeated_options(argv: list[str]) -> list[str]:
    """samlscope's options given more than once on a mitmproxy command line (`--set NAME=...`
    or `--set=NAME=...`). mitmproxy then refuses that option and every samlscope option
    deferred with it, and the addon is never reached: saml_hold would be off without a word."""
    names: list[str] = []
    for i, arg in enumerate(argv):
        if arg == "--set" and i + 1 < len(argv):
            spec = argv[i + 1]
        elif arg.startswith("--set="):
            spec = arg[len("--set=") :]
        else:
            continue
        name = spec.split("=", 1)[0].strip()
        if name.startswith("saml_"):
            names.append(name)
    return sorted({n for n in names if names.count(n) > 1})

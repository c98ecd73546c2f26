"""The "SAML" content view: decoded, pretty-printed XML with samlscope's findings on top.

mitmproxy 12 replaced the content-view API (`Contentview.prettify`) of 11 (`View.__call__`);
both are served from the same `prettify_form` function. Findings come from the analysis the
addon stored on the flow; the XML is re-read with the hardened parser, never from a raw dump.
"""

from __future__ import annotations

from typing import Any

from mitmproxy import contentviews

from samlscope.decoder.errors import DecodeError
from samlscope.decoder.message.bindings import decode_value, parse_form
from samlscope.view.sanitize import clean

NAME = "SAML"
FORM = "application/x-www-form-urlencoded"


def _wrapped(text: str, indent: int = 2, width: int = 78) -> list[str]:
    import textwrap

    return textwrap.wrap(
        text,
        width=width,
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + 2),
        break_long_words=False,
        break_on_hyphens=False,
    )


def _report(flow: Any) -> dict[str, Any] | None:
    report = getattr(flow, "metadata", {}).get("samlscope") if flow is not None else None
    return report if isinstance(report, dict) else None


def _findings(report: dict[str, Any]) -> list[str]:
    lines = [f"samlscope: {report.get('verdict')}"]
    if report.get("stopped_at") != "idp":
        lines.append(f"signature: {report.get('signature', {}).get('status')}")
    for f in report.get("findings", []):
        # Every finding with its fix, wrapped: the pane is narrow.
        lines += _wrapped(f"{f['severity'].upper()} {f['code']} {f['name']}: {f['message']}")
        lines += _wrapped(f"fix: {f['fix']}", indent=4)
    return [*lines, ""]


def at_idp(flow: Any) -> bool:
    """The flow is an IdP's error page that the addon analysed (IDP501)."""
    report = _report(flow)
    return report is not None and report.get("stopped_at") == "idp"


def prettify_idp_page(flow: Any) -> str:
    """The findings on an IdP's error page, then where it was served: never the page's HTML."""
    report = _report(flow)
    if report is None or report.get("stopped_at") != "idp":
        raise ValueError("not an IdP error page samlscope analysed")
    lines = _findings(report)
    error = report.get("idp_error") or {}
    for key in ("url", "code", "message", "request_id", "correlation_id", "timestamp"):
        if error.get(key):
            lines += _wrapped(f"{key.replace('_', ' ')}: {error[key]}", indent=0)
    return "\n".join(clean(line) for line in lines)


def prettify_form(data: bytes, flow: Any) -> str:
    """The SAMLResponse in a form body as text; ValueError when there is none."""
    fields = parse_form(data.decode("utf-8", "replace"))
    value = fields.get("SAMLResponse")
    if value is None:
        if at_idp(flow):
            return prettify_idp_page(flow)
        raise ValueError("no SAMLResponse in this body")
    lines = []
    report = _report(flow)
    if report is not None:
        lines += _findings(report)
    if "RelayState" in fields:
        lines.append(f"RelayState: {fields['RelayState']}")
    from lxml import etree

    from samlscope.decoder.message.xmlparse import parse_xml

    try:
        root = parse_xml(decode_value(value).xml)
    except DecodeError as e:
        lines.append(f"(cannot decode: {e.message})")
    else:
        lines.append(etree.tostring(root, pretty_print=True, encoding="unicode"))
    return "\n".join(clean(line) for line in lines)


def priority(data: bytes, content_type: str | None, flow: Any = None) -> float:
    # The built-in URL-encoded view answers 1.0 for forms: win over it for SAML posts; an IdP
    # error page the addon analysed shows its findings before the HTML view.
    if content_type == FORM and b"SAMLResponse=" in data:
        return 2.0
    return 2.0 if "html" in (content_type or "") and at_idp(flow) else 0.0


if hasattr(contentviews, "Contentview"):  # mitmproxy >= 12

    class SamlContentview(contentviews.Contentview):  # type: ignore[misc,name-defined]
        name = NAME
        syntax_highlight = "xml"

        def prettify(self, data: bytes, metadata: Any) -> str:
            return prettify_form(data, metadata.flow)

        def render_priority(self, data: bytes, metadata: Any) -> float:
            return priority(data, metadata.content_type, getattr(metadata, "flow", None))

    VIEW: Any = SamlContentview()

    def register() -> None:
        contentviews.add(VIEW)

    def unregister() -> None:
        """mitmproxy 12 replaces a same-named view on add; there is nothing to remove."""

else:  # mitmproxy 11

    class SamlView(contentviews.View):  # type: ignore[misc,name-defined]
        name = NAME

        def __call__(
            self,
            data: bytes,
            *,
            content_type: str | None = None,
            flow: Any = None,
            http_message: Any = None,
            **unknown: Any,
        ) -> Any:
            try:
                text = prettify_form(data, flow)
            except ValueError:
                return None
            return "SAML Response (decoded)", contentviews.format_text(text)

        def render_priority(
            self, data: bytes, *, content_type: str | None = None, **unknown: Any
        ) -> float:
            return priority(data, content_type, unknown.get("flow"))

    VIEW = SamlView()

    def register() -> None:
        if contentviews.get(NAME) is None:
            contentviews.add(VIEW)

    def unregister() -> None:
        if VIEW in contentviews.views:
            contentviews.remove(VIEW)

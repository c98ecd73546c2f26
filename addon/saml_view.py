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


def prettify_form(data: bytes, flow: Any) -> str:
    """The SAMLResponse in a form body as text; ValueError when there is none."""
    fields = parse_form(data.decode("utf-8", "replace"))
    value = fields.get("SAMLResponse")
    if value is None:
        raise ValueError("no SAMLResponse in this body")
    lines = []
    report = getattr(flow, "metadata", {}).get("samlscope") if flow is not None else None
    if isinstance(report, dict):
        lines.append(f"samlscope: {report.get('verdict')}")
        lines.append(f"signature: {report.get('signature', {}).get('status')}")
        for f in report.get("findings", []):
            # Every finding with its fix, wrapped: the pane is narrow.
            lines += _wrapped(f"{f['severity'].upper()} {f['code']} {f['name']}: {f['message']}")
            lines += _wrapped(f"fix: {f['fix']}", indent=4)
        lines.append("")
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


def priority(data: bytes, content_type: str | None) -> float:
    # The built-in URL-encoded view answers 1.0 for forms: win over it for SAML posts.
    return 2.0 if content_type == FORM and b"SAMLResponse=" in data else 0.0


if hasattr(contentviews, "Contentview"):  # mitmproxy >= 12

    class SamlContentview(contentviews.Contentview):  # type: ignore[misc,name-defined]
        name = NAME
        syntax_highlight = "xml"

        def prettify(self, data: bytes, metadata: Any) -> str:
            return prettify_form(data, metadata.flow)

        def render_priority(self, data: bytes, metadata: Any) -> float:
            return priority(data, metadata.content_type)

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
            return priority(data, content_type)

    VIEW = SamlView()

    def register() -> None:
        if contentviews.get(NAME) is None:
            contentviews.add(VIEW)

    def unregister() -> None:
        if VIEW in contentviews.views:
            contentviews.remove(VIEW)

"""The page a held SAML POST gets when its analysis failed: the POST was still not forwarded.

Kept free of the SAML stack (lxml, xmlsec, rich) so it can be served before anything else is
imported, and whatever went wrong there.
"""

from __future__ import annotations

from html import escape

from samlscope.view.sanitize import visible  # standard library only: safe before the stack

CSP_FALLBACK = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def failure_page(reason: str) -> str:
    shown = visible(reason)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>samlscope: SAML POST held, analysis failed</title>"
        "<style>body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:40em;"
        "padding:0 1em;color:#1d1d1f}.error{color:#b00020}</style></head><body>"
        "<h1>SAML login held at the proxy</h1>"
        '<p class="error"><strong>samlscope could not analyse this SAML POST: '
        f"{escape(shown, quote=True)}.</strong></p>"
        "<p>The POST was <strong>not</strong> forwarded to the service provider, so the "
        "assertion was not consumed. The proxy's log has the details.</p></body></html>"
    )

from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity

WATCHED = ("SAMLResponse", "RelayState")
WHO_TAKES = (
    "Java servlets (getParameter), Go's FormValue and Flask take the first value; PHP ($_POST), "
    "Django (QueryDict) and Rails take the last; ASP.NET (Request.Form) joins them with a comma"
)


def _near(name: str) -> str | None:
    """The watched field a name stands for on a lenient SP (trimmed, any letter case)."""
    if name in WATCHED:
        return None
    return next((w for w in WATCHED if name.strip().lower() == w.lower()), None)


class DuplicateFormField(Rule):
    """SAML023 duplicate-form-field

    ## What it checks
    The posted form itself: that it has one `SAMLResponse` field and at most one `RelayState`,
    and no field whose name is one of them only after trimming white space or ignoring letter
    case (`\tSAMLResponse`, `samlresponse`).

    ## Why it breaks the login
    Which of two values an SP reads depends on the web framework it runs on, not on SAML: Java
    servlets (`getParameter`), Go and Flask take the first, PHP and Django the last, ASP.NET
    joins them with a comma (which no base64 decoder accepts). A form with two different
    SAMLResponse values can therefore be judged on one assertion while the SP consumes the
    other, and the same capture succeeds at one SP and fails at another. A name that differs
    only by white space or case is a different field to a strict SP and the same one to a
    lenient one. No IdP writes such a form: a proxy, a browser extension or a custom
    integration that re-posts the form does, or somebody replaying a login by hand. samlscope
    judges the first value (what a servlet reads) and shows the others.

    ## Example
    `SAMLResponse=PHNhbWxw…&RelayState=https%3A%2F%2Fhome.console.aliyun.com&SAMLResponse=PHN…`

    ## How to fix
    Post the form exactly as the IdP's auto-post page builds it: one `SAMLResponse` field and
    one `RelayState`. Remove whatever adds or renames fields on the way (a proxy rewriting the
    body, a browser extension, a script that re-posts the form); capture the login again
    without it.
    """

    code = "SAML023"
    name = "duplicate-form-field"
    severity = Severity.ERROR
    needs_message = False
    fix = (
        "Post the IdP's form as it is: one SAMLResponse and one RelayState field; remove the "
        "proxy, extension or script that adds or renames fields, and capture the login again."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        fields = ctx.capture.fields
        if not fields:
            return
        for name in WATCHED:
            values = [v for k, v in fields if k == name]
            if len(values) < 2:
                continue
            differ = len(set(values)) > 1
            yield self.finding(
                f"The form carries {len(values)} {name} fields"
                + (", with different values" if differ else ", all with the same value")
                + f". {WHO_TAKES}. samlscope judged the first"
                + (
                    "; an SP that takes another consumes a value nobody analysed."
                    if differ
                    else "; every SP reads the same value, except ASP.NET, which joins them."
                ),
                severity=None if differ else Severity.WARNING,
                evidence={
                    "field": name,
                    "count": len(values),
                    "values_differ": differ,
                    "lengths": [len(v) for v in values],
                },
            )
        for name, value in fields:
            near = _near(name)
            if near is None:
                continue
            yield self.finding(
                f"The form has a field named {name!r}: to a strict SP it is not {near}, to one "
                f"that trims names or ignores their case it is. samlscope read only the field "
                f"named exactly {near}.",
                severity=Severity.WARNING,
                evidence={"field": name, "stands_for": near, "length": len(value)},
            )

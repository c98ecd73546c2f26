from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.message.names import SUCCESS
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


def _short(code: str | None) -> str:
    return (code or "(none)").rpartition(":")[2]


class StatusNotSuccess(Rule):
    """SAML010 status-not-success

    ## What it checks
    The top-level `samlp:StatusCode` of the Response. Anything but
    `urn:oasis:names:tc:SAML:2.0:status:Success` (or a missing Status) is reported with the
    nested second-level code, the StatusMessage, and the meaning of any AADSTS code in it.

    ## Why it breaks the login
    A non-Success status means Entra ID itself refused to issue an assertion: there is nothing
    for Alibaba Cloud to log in with. The reason is in the StatusMessage (`AADSTS50105: ...`),
    not on Alibaba's side.

    ## Example
    `<samlp:StatusCode Value="...:Requester"><samlp:StatusCode Value="...:RequestUnsupported"/>`
    with `<samlp:StatusMessage>AADSTS75006: ...</samlp:StatusMessage>`.

    ## How to fix
    The fix line gives the Entra admin center path for the AADSTS code in the StatusMessage
    (the same table as IDP501; `samlscope explain IDP501` lists it). For example: AADSTS50105
    — assign the user or group to the Alibaba Cloud app (Entra admin center > Enterprise
    applications > the app > Users and groups); AADSTS700016 — the Identifier (Entity ID) in
    Basic SAML Configuration must be `urn:alibaba:cloudcomputing:international` (or
    `urn:alibaba:cloudcomputing` for the China site); AADSTS50011 — add the Reply URL
    `https://signin.alibabacloud.com/saml-role/sso`.
    Source: Microsoft, "Microsoft Entra authentication and authorization error codes"
    (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
    """

    code = "SAML010"
    name = "status-not-success"
    severity = Severity.ERROR
    fix = "Act on the StatusMessage: the refusal happened at {idp}, not at {sp}."

    def check(self, ctx: Context) -> Iterator[Finding]:
        status = ctx.response.status
        if status is None or status.code is None:
            yield self.finding(
                "The Response has no Status/StatusCode; an SP cannot tell it succeeded.",
                evidence={"status": None},
            )
            return
        if status.code == SUCCESS:
            return
        from samlscope.facts.entra_codes import explain, first_fix  # read on a failure only

        chain = " / ".join(_short(c) for c in (status.code, *status.nested))
        idp = ctx.wording.idp.name
        text = f"{idp[:1].upper() + idp[1:]} answered with status {chain}"
        if status.message:
            text += f": {status.message!r}"
        entra = ctx.wording.idp.key == "entra"  # AADSTS codes are Entra's
        meanings = explain(status.message) if entra else []
        if meanings:
            text += " — " + "; ".join(f"{c}: {m}" for c, m in meanings)
        fix = first_fix(status.message, ctx.profile.roles) if entra else None
        if not (status.message or "").strip():
            text += " and no StatusMessage: the cause is written only in {logs}"
            fix = fix or "Find the refused sign-in in {logs} by its time, and act on its cause."
        yield self.finding(
            ctx.wording.fill(text + "."),
            fix=fix,  # the code's own fix
            evidence={
                "code": status.code,
                "nested": list(status.nested),
                "message": status.message,
                "aadsts": dict(meanings),
            },
        )

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from samlscope.facts import cloud_named_in
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity

if TYPE_CHECKING:
    from samlscope.decoder.readers.idp_pages import IdpError

_SIGN_INS = (
    "Entra admin center > Identity > Monitoring & health > Sign-in logs (search the Correlation Id)"
)


class IdpSignInError(Rule):
    """IDP501 idp-sign-in-error

    ## What it checks
    A capture with no SAML POST but with the IdP's own error page: Microsoft Entra ID's "Sign
    in to your account" page on its sign-in host, carrying an AADSTS code; Okta's "403 App Not
    Assigned" or policy page; AD FS's "An error occurred" (Activity ID, Relying party, Error
    time, an MSIS code when shown) or older "Reference number" page; Google Workspace's three
    403 codes; Keycloak's "We are sorry..." ("Invalid requester"); PingFederate's "Unexpected
    System Error" with its reference; PingOne's codes. The code, the
    message, the Request Id, the Correlation Id and the Timestamp are read from the page (its
    `$Config` data and its troubleshooting details), and the code is explained with the Entra
    admin center path of its fix. The same table explains AADSTS codes in SAML010.

    ## Why it breaks the login
    The login stopped at the IdP, before any assertion was issued: the browser never posted
    anything to the service provider, so nothing on the SP's side (RAM, the SP metadata) is
    involved yet. The codes seen in SAML single sign-on to a gallery app:
    - AADSTS50105: the user is not assigned to the app (nested groups are not supported);
    - AADSTS50020: a guest or external account not in, or not allowed into, the app's tenant;
    - AADSTS501241: the NameID's (Unique User Identifier's) source attribute is empty;
    - AADSTS53003: a Conditional Access policy blocked the sign-in;
    - AADSTS50076, AADSTS50079: multi-factor authentication required, or its registration;
    - AADSTS50034, AADSTS50057, AADSTS50053, AADSTS50126: no such user, account disabled,
      account locked, wrong user name or password;
    - AADSTS165000: the request does not match the browser session (cookies, copied URLs);
    - AADSTS50003, AADSTS50146: the app has no (app-specific) signing certificate;
    - AADSTS50011, AADSTS700016, AADSTS650056, AADSTS75011: only when the SP sends an
      AuthnRequest (SP-initiated sign-in, as Alibaba Cloud's user-based SSO does): the reply
      URL, the Identifier, the app's set-up, or the requested authentication method.

    ## Example
    `AADSTS50105: Your administrator has configured the application Alibaba Cloud Service
    (Role-based SSO) ('…') to block users unless they are specifically granted ('assigned')
    access to the application.`

    ## How to fix
    The fix line gives the code's own fix, for example for AADSTS50105: Entra admin center >
    Identity > Applications > Enterprise applications > the app > Users and groups > Add
    user/group, with an app role whose value is the role pair (for Alibaba Cloud role-based
    SSO, "RAM role ARN,IdP ARN"). Any code: https://login.microsoftonline.com/error?code=NNNNN,
    and the sign-in itself in Entra's Sign-in logs, found by its Correlation Id. Source:
    Microsoft, "Microsoft Entra authentication and authorization error codes"
    (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
    """

    code = "IDP501"
    name = "idp-sign-in-error"
    severity = Severity.ERROR
    fix = "Look the code up at https://login.microsoftonline.com/error and in " + _SIGN_INS + "."
    needs_message = False

    def _other(self, error: IdpError) -> Finding:
        """Another IdP's page: its case's cause and the fix in that IdP's console."""

        from samlscope.facts.idp_pages import page_case  # only a capture of such a page

        case = page_case(error.idp_key, error.code)
        name = case.name if case else error.code
        text = f"The login stopped at {error.idp}, before any assertion was issued: {name}"
        text += f": {case.cause}." if case else "."
        if error.message:
            text += f" The page says: {error.message!r}."
        ids = [f"{label} {value}" for label, value in error.troubleshooting()]
        if ids:
            text += " " + ", ".join(ids) + "."
        return self.finding(
            text,
            fix=case.fix if case else "Find the refused sign-in in {logs}.",
            evidence={
                "idp": error.idp,
                "code": error.code,
                "name": name,
                "message": error.message,
                "details": dict(error.details),
                "url": error.url,
                "status": error.status,
                "stopped_at": "idp",
            },
        )

    def check(self, ctx: Context) -> Iterator[Finding]:
        error = ctx.capture.idp_error
        if error is None:
            return
        from samlscope.facts.entra_codes import fix_for, lookup  # read for an IdP page only

        if error.idp_key != "entra":
            yield self._other(error)
            return
        entry = lookup(error.code)
        code = error.code or "an error"
        text = f"The login stopped at {error.idp}, before any assertion was issued: {code}"
        if entry is not None:
            text += f" ({entry.name}): {entry.cause}."
            if entry.sp_request:
                text += (
                    " This happens only when the SP sends an AuthnRequest (SP-initiated sign-in)."
                )
        else:
            text += ", which is not in samlscope's table."
        if error.message:
            text += f" The page says: {error.message!r}."
        ids = [f"{label} {value}" for label, value in error.troubleshooting()]
        if ids:
            text += " " + ", ".join(ids) + "."
        number = (error.code or "").removeprefix("AADSTS")
        named = cloud_named_in(error.app_name or "")
        roles = ctx.profile.roles or (named.roles if named is not None else None)
        fix = (
            fix_for(error.code or "", roles)
            or f"Look the code up at https://login.microsoftonline.com/error?code={number} and "
            f"find the sign-in in {_SIGN_INS}."
        )
        yield self.finding(
            text,
            fix=fix,
            evidence={
                "idp": error.idp,
                "code": error.code,
                "name": entry.name if entry else None,
                "message": error.message,
                "request_id": error.request_id,
                "correlation_id": error.correlation_id,
                "timestamp": error.timestamp,
                "url": error.url,
                "status": error.status,
                "app_name": error.app_name,
                "app_id": error.app_id,
                "stopped_at": "idp",
            },
        )

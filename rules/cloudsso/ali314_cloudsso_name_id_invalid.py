from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts.alibaba_user_sso import GUID
from samlscope.facts.cloudsso import USER_NAME, USER_NAME_WORDS, USERS
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class CloudSsoNameIdInvalid(Rule):
    """ALI314 cloudsso-name-id-invalid

    ## What it checks
    On a CloudSSO directory's endpoint (`https://signin-<region>.alibabacloudsso.com/saml/acs/
    <id>`): that the NameID can be a CloudSSO user name, which CloudSSO matches it with: up to
    64 characters, letters, digits and only `@`, `_`, `-`, `.`. An object ID or another opaque
    identifier (Entra's `user.objectid`, a persistent NameID) names no user.

    ## Why it breaks the login
    CloudSSO signs in the user whose user name equals the NameID. A NameID it cannot match is
    answered with "InvalidSubjectValue" or "InvalidUser". Sources: Alibaba Cloud, "Overview of
    SSO logon" (https://www.alibabacloud.com/help/en/cloudsso/user-guide/overview) and "FAQ
    about SSO" (https://www.alibabacloud.com/help/en/cloudsso/support/faq-about-sso).

    ## Example
    NameID `3f2a7c1e-9b4d-4e8f-a6b2-7c1d9e0f3a5b` (an object ID), or `Zhang San` (a space).

    ## How to fix
    In the IdP, send the attribute that holds the CloudSSO user name as the NameID (in Entra:
    the app's Single sign-on > Attributes & Claims > Unique User Identifier, usually
    `user.userprincipalname`); when users come by SCIM, send the attribute SCIM writes into the
    user name. Or create the user with that name (CloudSSO console > Users).
    """

    code = "ALI314"
    name = "cloudsso-name-id-invalid"
    severity = Severity.ERROR
    fix = (
        "Send the CloudSSO user name as the NameID ({claims}), or create the user with that "
        f"name ({USERS})."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.endpoint_kind != "sso" or ctx.assertion is None:  # the family: CloudSSO only
            return
        name_id = ctx.assertion.name_id
        if name_id is None or not name_id.value.strip():
            return  # SAML015
        value = name_id.value.strip()
        evidence = {"name_id": name_id.value, "format": name_id.format}
        if GUID.fullmatch(value) or (len(value) > 40 and "@" not in value):
            yield self.finding(
                f"The NameID {value!r} is an opaque identifier (an object ID or a persistent "
                "ID), not a CloudSSO user name: CloudSSO matches the NameID with the user name "
                "(often the user's e-mail-like UPN).",
                evidence=evidence,
            )
        elif not USER_NAME.fullmatch(value):
            yield self.finding(
                f"The NameID {value!r} cannot be a CloudSSO user name ({USER_NAME_WORDS}).",
                evidence=evidence,
            )

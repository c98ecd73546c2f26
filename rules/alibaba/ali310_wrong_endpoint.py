from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts import USER_SSO_AUDIENCE, profile_for_audience
from samlscope.facts.alibaba import PROFILES, ROLES
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.role_pair import near_misses

ROLE_AUDIENCES = frozenset(a for p in PROFILES for a in p.audiences)
"""Role-based SSO's Audiences on every site."""


class WrongEndpoint(Rule):
    """ALI310 wrong-endpoint

    ## What it checks
    Whether a role-based SSO assertion (a Role attribute, audience
    `urn:alibaba:cloudcomputing[:international]`) was posted to a user-based SSO endpoint
    (`…/saml/SSO`), or a user-based SSO assertion (audience
    `https://signin.aliyun.com/<account>/saml/SSO`) to the role-based one (`/saml-role/sso`),
    or an assertion made for CloudSSO (its Audience is a directory's entity ID on
    `signin-<region>.alibabacloudsso.com`) to either.

    ## Why it breaks the login
    Alibaba Cloud has two different SAML integrations: role-based SSO logs in to a RAM role,
    user-based SSO to a RAM user (Alibaba Cloud, "SAML response for user-based SSO"). Each
    endpoint expects its own assertion shape and audience; the other kind is rejected.

    ## Example
    Role and RoleSessionName claims posted to `https://signin.aliyun.com/1234567890123456/saml/SSO`.

    ## How to fix
    Use the enterprise app that matches the integration configured in RAM: for role-based SSO
    the gallery app "Alibaba Cloud Service (Role-based SSO)" with Reply URL
    `https://signin.alibabacloud.com/saml-role/sso`; for user-based SSO the account's own
    `…/saml/SSO` Reply URL and Identifier from RAM console > SSO > User-based SSO.
    """

    code = "ALI310"
    name = "wrong-endpoint"
    severity = Severity.ERROR
    fix = (
        "Use the IdP application and Reply URL that match the SSO type configured in RAM: "
        "{reply_url}."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        kind = ctx.endpoint_kind
        assertion = ctx.assertion
        if kind is None or assertion is None:
            return
        audiences = assertion.conditions.audiences if assertion.conditions else ()
        made_for = [p for a in audiences if (p := profile_for_audience(a)) is not None]
        other = next((p for p in made_for if p.cloud != ctx.profile.cloud), None)
        if other is not None and other.acs_kind != "role":  # another Alibaba Cloud SP
            yield self.finding(
                f"The assertion was made for {other.title} (its Audience), and posted to "
                f"{ctx.profile.title}'s {kind}-based SSO endpoint {ctx.endpoint!r}: the IdP "
                f"application of the other integration posted here.",
                evidence={"endpoint": ctx.endpoint, "endpoint_kind": kind, "made_for": other.name},
            )
            return
        role_shaped = (
            assertion.attribute(ROLES.role) is not None
            or bool(near_misses(assertion, ROLES.role, ROLES))
            or any(ctx.profile.accepts_audience(a) or a in ROLE_AUDIENCES for a in audiences)
        )
        user_shaped = any(USER_SSO_AUDIENCE.match(a) for a in audiences)
        if kind == "user" and role_shaped and not user_shaped:
            yield self.finding(
                f"A role-based SSO assertion was posted to the user-based SSO endpoint "
                f"{ctx.endpoint!r}; role SSO posts to /saml-role/sso.",
                evidence={"endpoint": ctx.endpoint, "endpoint_kind": kind},
            )
        elif kind == "role" and user_shaped and not role_shaped:
            yield self.finding(
                f"A user-based SSO assertion (audience {audiences[0]!r}) was posted to the "
                f"role-based SSO endpoint {ctx.endpoint!r}.",
                evidence={"endpoint": ctx.endpoint, "endpoint_kind": kind},
            )

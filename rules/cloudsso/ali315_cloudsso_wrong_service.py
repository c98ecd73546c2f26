from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts import profile_for_audience
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class CloudSsoWrongService(Rule):
    """ALI315 cloudsso-wrong-service

    ## What it checks
    On a CloudSSO directory's endpoint: that the assertion was made for CloudSSO, not for
    another service provider: an Audience of RAM role-based SSO
    (`urn:alibaba:cloudcomputing[:international]`), of RAM user-based SSO or of AWS, or
    role attributes, mean the IdP application of another integration posted here.

    ## Why it breaks the login
    CloudSSO and RAM SSO are separate SAML service providers with their own entity IDs and
    ACS URLs. An assertion made for RAM names RAM's audience and a RAM role, which CloudSSO
    neither accepts nor reads: CloudSSO signs in its own users by NameID. Source: Alibaba
    Cloud, "GetDirectorySAMLServiceProviderInfo" (each directory's own entity ID and ACS URL)
    (https://www.alibabacloud.com/help/en/cloudsso/developer-reference/api-cloudsso-2021-05-15-getdirectorysamlserviceproviderinfo).

    ## Example
    Audience `urn:alibaba:cloudcomputing:international` and a Role attribute posted to
    `https://signin-cn-shanghai.alibabacloudsso.com/saml/acs/51d298a9-…`.

    ## How to fix
    Use a separate IdP application for CloudSSO, set up from the directory's SP metadata
    (CloudSSO console > Settings > SSO Logon): its Identifier is the directory's entity ID and
    its Reply URL the directory's ACS URL. Keep the RAM role-SSO application for RAM.
    """

    code = "ALI315"
    name = "cloudsso-wrong-service"
    severity = Severity.ERROR
    fix = (
        "Set up a separate IdP application for CloudSSO from the directory's SP metadata: "
        "{identifier} and {reply_url} as CloudSSO gives them."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.endpoint_kind != "sso" or ctx.assertion is None:  # the family: CloudSSO only
            return
        audiences = ctx.assertion.conditions.audiences if ctx.assertion.conditions else ()
        for audience in audiences:
            other = profile_for_audience(audience)
            if other is not None and other.cloud != ctx.profile.cloud:
                yield self.finding(
                    f"The assertion was made for {other.title} (Audience {audience!r}), and "
                    f"posted to a CloudSSO directory's endpoint {ctx.endpoint!r}: CloudSSO is "
                    "another service provider, with its own entity ID.",
                    evidence={"audience": audience, "made_for": other.name},
                )
                return

from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts import ALIBABA_CN, ALIBABA_INTL, USER_SSO_AUDIENCE
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity

SITE_NAME = {ALIBABA_INTL.sp_entity_id: "international", ALIBABA_CN.sp_entity_id: "China"}
"""Which Alibaba Cloud site an audience value belongs to."""
SITE_OF_AUDIENCE = {
    ALIBABA_INTL.sp_entity_id: "the international site's (signin.alibabacloud.com)",
    ALIBABA_CN.sp_entity_id: "the China site's (signin.aliyun.com)",
}


class AudienceMismatch(Rule):
    """SAML013 audience-mismatch

    ## What it checks
    That one `Conditions/AudienceRestriction/Audience` equals the SP's entity ID:
    `urn:alibaba:cloudcomputing:international` (international site),
    `urn:alibaba:cloudcomputing` (China site), `https://signin.aliyun.com/<account>/saml/SSO`
    for user-based SSO, or `--sp-entity-id` for the generic profile. It names the other site's
    value when that is what was sent.

    ## Why it breaks the login
    An assertion is only for the audiences it names (SAML 2.0 Core §2.5.1.4); Alibaba Cloud
    requires its own entity ID among them (Alibaba Cloud, "SAML assertion attributes for
    role-based SSO"). Entra writes the app's Identifier (Entity ID) there, so a wrong
    Identifier, or an app set up for the other site, fails every login.

    ## Example
    `<Audience>urn:alibaba:cloudcomputing</Audience>` posted to `signin.alibabacloud.com`.

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Single sign-on > Basic SAML Configuration,
    set Identifier (Entity ID) to `urn:alibaba:cloudcomputing:international` for the
    international site, or `urn:alibaba:cloudcomputing` for the China site, and mark it Default.
    """

    code = "SAML013"
    name = "audience-mismatch"
    severity = Severity.ERROR
    fix = "Set {identifier} to the entity ID {sp} expects."

    def check(self, ctx: Context) -> Iterator[Finding]:
        assertion = ctx.assertion
        if assertion is None:
            return
        audiences = assertion.conditions.audiences if assertion.conditions else ()
        user_sso = ctx.endpoint_kind == "user"
        expected = ctx.config.sp_entity_id or ctx.profile.sp_entity_id
        if user_sso and not ctx.config.sp_entity_id:
            if any(USER_SSO_AUDIENCE.match(a) for a in audiences):
                return
            want = "https://signin.aliyun.com/<account ID>/saml/SSO (user-based SSO)"
        elif expected is None:
            yield self.finding(
                "The audience was not checked: the generic profile does not know which entity "
                f"ID the service provider expects (the assertion names {len(audiences)} "
                "audience(s)). Pass --sp-entity-id to check it.",
                severity=Severity.INFO,
                evidence={"audiences": list(audiences), "expected": None},
                fix="Pass --sp-entity-id with the service provider's entity ID.",
            )
            return
        elif expected in audiences:
            return
        else:
            want = expected
        shown = ", ".join(repr(a) for a in audiences) if audiences else "no Audience at all"
        message = f"The assertion's audience is {shown}; the SP requires {want!r}."
        sent = next((a for a in audiences if a in SITE_OF_AUDIENCE and a != expected), None)
        if sent is not None:
            message += (
                f" The audience sent is {SITE_OF_AUDIENCE[sent]} entity ID: the app is set up for "
                "the other site."
            )
        evidence = {"audiences": list(audiences), "expected": want}
        if sent is not None:
            evidence["set_up_for_site"] = SITE_NAME[sent]
        yield self.finding(message, evidence=evidence)

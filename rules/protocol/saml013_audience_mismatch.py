from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts import USER_SSO_AUDIENCE, profile_for_audience, sibling_sites
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


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
        given = ctx.config.sp_entity_id
        profile = ctx.profile
        if user_sso and not given:
            if any(USER_SSO_AUDIENCE.match(a) for a in audiences):
                return
            want = "https://signin.aliyun.com/<account ID>/saml/SSO (user-based SSO)"
        elif given is not None:
            if given in audiences:
                return
            want = given
        elif profile.sp_entity_id is None and profile.audience_pattern is None:
            yield self.finding(
                "The audience was not checked: the generic profile does not know which entity "
                f"ID the service provider expects (the assertion names {len(audiences)} "
                "audience(s)). Pass --sp-entity-id to check it.",
                severity=Severity.INFO,
                evidence={"audiences": list(audiences), "expected": None},
                fix="Pass --sp-entity-id with the service provider's entity ID.",
            )
            return
        elif any(profile.accepts_audience(a) for a in audiences):
            return  # every value the SP accepts counts (AWS takes two)
        else:
            want = profile.sp_entity_id or profile.audience_shape
        shown = ", ".join(repr(a) for a in audiences) if audiences else "no Audience at all"
        accepted = [a for a in profile.audiences if a != want] if not given else []
        also = f" (or {', '.join(map(repr, accepted))})" if accepted and not user_sso else ""
        message = f"The assertion's audience is {shown}; the SP requires {want!r}{also}."
        other = next(
            (
                p
                for a in audiences
                if (p := profile_for_audience(a)) is not None and p in sibling_sites(profile)
            ),
            None,
        )
        evidence: dict[str, object] = {"audiences": list(audiences), "expected": want}
        if other is not None and other.site_name:
            host = other.hosts[0] if other.hosts else ""
            message += (
                f" The audience sent is the {other.site_name} site's ({host}) entity ID: the "
                "app is set up for the other site."
            )
            evidence["set_up_for_site"] = other.site_name
        yield self.finding(message, evidence=evidence)

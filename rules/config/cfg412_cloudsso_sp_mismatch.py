from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts import consoles, endpoint
from samlscope.rules.config._base import ConfigContext, ConfigRule
from samlscope.rules.engine import Finding, Severity

_SP = "CloudSSO console > Settings > SSO Logon > SP metadata (entity ID and ACS URL)"


class CloudSsoSpMismatch(ConfigRule):
    """CFG412 cloudsso-sp-mismatch

    ## What it checks
    With a CloudSSO directory's SP information (`aliyun cloudsso
    GetDirectorySAMLServiceProviderInfo`: its entity ID and ACS URL): that the IdP application
    for CloudSSO (an Entra application whose Reply URL is on `*.alibabacloudsso.com`) has
    exactly that Identifier and Reply URL, and that the captured logins to CloudSSO name that
    entity ID as their Audience and were posted to that ACS URL.

    ## Why it breaks the login
    Each CloudSSO directory is its own SAML service provider: its entity ID and ACS URL carry
    the directory's ID and a per-directory UUID, so an application copied from another
    directory, region or a RAM SSO set-up names the wrong ones, and CloudSSO refuses its
    assertions. Source: Alibaba Cloud, "GetDirectorySAMLServiceProviderInfo"
    (https://www.alibabacloud.com/help/en/cloudsso/developer-reference/api-cloudsso-2021-05-15-getdirectorysamlserviceproviderinfo).
    That the Audience must be the directory's entity ID is presumed (standard SAML), not
    documented by CloudSSO.

    ## Example
    The Entra app's Identifier `https://signin-cn-shanghai.alibabacloudsso.com/saml/sp/d-old…`
    while the directory answers `…/saml/sp/d-00fc2p61ab`.

    ## How to fix
    Download the directory's SP metadata (CloudSSO console > Settings > SSO Logon) and upload
    it to the IdP application, or copy its entity ID into the Identifier and its ACS URL into
    the Reply URL (Entra: the app's Single sign-on > Basic SAML Configuration).
    """

    code = "CFG412"
    name = "cloudsso-sp-mismatch"
    severity = Severity.ERROR
    fix = f"Set the IdP application's Identifier and Reply URL to the directory's ({_SP})."

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        directories = [d for d in cctx.config.directories if d.entity_id or d.acs]
        if not directories:
            return
        entity_ids = {d.entity_id for d in directories if d.entity_id}
        acs = {d.acs.rstrip("/").lower() for d in directories if d.acs}
        found = next((e for e in map(endpoint, [d.acs for d in directories]) if e), None)
        cloud = found.profile.cloud if found is not None else None
        if cloud is None:
            return
        for app in cctx.config.apps:
            if app.cloud != cloud:
                continue
            wrong_ids = [i for i in app.identifiers if i not in entity_ids]
            if entity_ids and not set(app.identifiers) & entity_ids:
                yield self.finding(
                    f"{app.name or app.source!r} has the Identifier "
                    f"{', '.join(map(repr, wrong_ids)) or '(none)'}; the CloudSSO directory's "
                    f"entity ID is {', '.join(map(repr, sorted(entity_ids)))}.",
                    evidence={"app": app.name, "identifiers": list(app.identifiers)},
                )
            replies = {u.rstrip("/").lower() for u in app.reply_urls}
            if acs and not replies & acs:
                yield self.finding(
                    f"{app.name or app.source!r} posts to {', '.join(map(repr, app.reply_urls))}; "
                    f"the CloudSSO directory's ACS URL is {', '.join(map(repr, sorted(acs)))}.",
                    evidence={"app": app.name, "reply_urls": list(app.reply_urls)},
                )
        for report in cctx.logins:
            if report.profile.cloud != cloud or report.message is None:
                continue
            assertion = report.message.response.consumed
            audiences = assertion.conditions.audiences if assertion and assertion.conditions else ()
            if entity_ids and audiences and not set(audiences) & entity_ids:
                yield self.finding(
                    f"{report.capture.source} names the Audience "
                    f"{', '.join(map(repr, audiences))}; the CloudSSO directory's entity ID is "
                    f"{', '.join(map(repr, sorted(entity_ids)))}.",
                    evidence={"login": report.capture.source, "audiences": list(audiences)},
                    fix=f"Set {consoles(cloud).app}'s Identifier to the directory's entity ID "
                    f"({_SP}).",
                )

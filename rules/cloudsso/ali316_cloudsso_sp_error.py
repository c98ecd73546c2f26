from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts.cloudsso import ERROR_CODE, ERRORS
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.sp_answer import explained_by, explaining


class CloudSsoSpError(Rule):
    """ALI316 cloudsso-sp-error

    ## What it checks
    When the capture holds CloudSSO's answer to the POST: whether it names one of the errors
    CloudSSO answers a refused SAML login with ("InvalidSubjectValue", "InvalidUser"), and
    which finding on the response explains it; when none does, where the cause lies instead
    (the CloudSSO users).

    ## Why it breaks the login
    CloudSSO matches the NameID with a user name. "InvalidSubjectValue" and "InvalidUser" mean
    no user could be matched: the NameID is not a user name (ALI314), or it is a name no
    CloudSSO user has (a user not created or synchronised under another name). Source: Alibaba
    Cloud, "FAQ about SSO" (https://www.alibabacloud.com/help/en/cloudsso/support/faq-about-sso).

    ## Example
    The CloudSSO page after the POST shows "InvalidUser" for NameID `alice@contoso.com`, while
    the CloudSSO user is called `alice@contoso.onmicrosoft.com`.

    ## How to fix
    Fix the finding it names; when it names none, compare the NameID with the user names in
    CloudSSO console > Users, and create the user or change what the IdP sends as the NameID.
    """

    code = "ALI316"
    name = "cloudsso-sp-error"
    severity = Severity.ERROR
    late = True
    fix = "Compare the NameID with the user names in CloudSSO console > Users."

    def check(self, ctx: Context) -> Iterator[Finding]:
        answer = ctx.capture.answer
        if ctx.endpoint_kind != "sso" or answer is None:  # the family: CloudSSO only
            return
        text = answer.body[:300_000].decode("utf-8", "replace") + " " + (answer.location or "")
        found = ERROR_CODE.search(text)
        if found is None:
            return
        code = found.group(1)
        entry = ERRORS[code]
        explained = explaining(ctx, entry.explained_by)
        message = f"CloudSSO answered {code}: {entry.cause}."
        if explained:
            message += explained_by(explained)
        else:
            message += (
                f" No finding on the response explains it: the cause is in {entry.elsewhere}."
            )
        yield self.finding(
            message,
            evidence={"error_code": code, "explained_by": explained},
            fix=None if explained else f"Check {entry.elsewhere}.",
        )

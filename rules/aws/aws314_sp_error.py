from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts.aws_answers import CHECK, STS_CODE, answer_in
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.sp_answer import apply_their_fix, explained_by, explaining


class AwsSpError(Rule):
    """AWS314 sp-error

    ## What it checks
    When the capture holds AWS's answer to the POST (its sign-in page, or the STS error a
    command-line login printed): whether it is one of the answers AWS documents for a refused
    SAML sign-in ("Your request included an invalid SAML response", "RoleSessionName is
    required in AuthnResponse", "Response signature invalid", "Not authorized to perform
    sts:AssumeRoleWithSAML", ...), and which finding on the response explains it. When none
    does, the cause lies in IAM (the SAML provider, the role's trust policy), and `samlscope
    check` with the IAM exports confirms it. A login AWS refused is never "should log in".

    ## Why it breaks the login
    AWS's answer is the SP's own verdict. Tying it to the finding that explains it saves
    guessing; an answer nothing in the response explains points at the configuration in IAM.
    Source: AWS, "Troubleshoot SAML 2.0 federation with AWS"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html).

    ## Example
    The AWS sign-in page says "Your request included an invalid SAML response. To logout,
    click here." for a response without the RoleSessionName attribute (AWS302).

    ## How to fix
    Apply the fix of the finding that explains the answer. When none does, compare the
    provider ARN and the role's trust policy in IAM with the Role value (`aws iam get-role`,
    `aws iam get-saml-provider`) and run `samlscope check` with them.
    """

    code = "AWS314"
    name = "sp-error"
    severity = Severity.ERROR
    late = True
    fix = "Apply the fix of the finding that explains it; if none does, " + CHECK + "."

    def check(self, ctx: Context) -> Iterator[Finding]:
        answer = ctx.capture.answer
        if answer is None:
            return
        text = answer.body[:300_000].decode("utf-8", "replace") + " " + (answer.location or "")
        found = answer_in(text)
        if found is None:
            return
        sts = STS_CODE.search(text)
        said = f" ({sts.group(1)})" if sts else ""
        explained = explaining(ctx, found.explained_by)
        message = f"AWS refused the sign-in{said}: {found.cause}."
        if explained:
            message += explained_by(explained)
            fix = apply_their_fix(explained)
        else:
            message += (
                f" No finding on the response explains it: the cause is in {found.elsewhere}."
            )
            fix = f"The cause is outside this response ({found.elsewhere}): {CHECK}."
        yield self.finding(
            message,
            fix=fix,
            evidence={
                "answer": found.key,
                "sts_code": sts.group(1) if sts else None,
                "explained_by": explained,
            },
        )

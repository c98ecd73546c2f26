from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts.alibaba_sts import CHECK, CHECK_USER_SSO, error_code_in, lookup
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.sp_answer import apply_their_fix, explained_by, explaining


class SpErrorCode(Rule):
    """ALI311 sp-error-code

    ## What it checks
    Whether Alibaba Cloud's answer to the POST (its sign-in page, the redirect, or the JSON
    answer of the STS API that command-line logins print) names one of its documented error
    codes, and which of samlscope's own findings explain it:
    - `AuthenticationFail.SAMLAssertion.Expired`: TIME201, TIME202 (and TIME203's clocks);
    - `AuthenticationFail.SAMLAssertion.Invalid`: the signature (SIG1xx), the Destination,
      Recipient, Audience, Issuer and subject (SAML011–SAML015), or RAM's stale metadata
      (CFG401, CFG407);
    - `AuthenticationFail.IDPMetadata.Invalid`: the metadata in RAM (CFG401, CFG402);
    - `EntityNotExist.SAMLProvider`, `EntityNotExist.RoleArn`: the Role value (ALI303–ALI305)
      or RAM (CFG405);
    - `InvalidParameter.RoleSessionName` (ALI302, ALI306), `InvalidParameter.DurationSeconds`
      (ALI307, CFG406), `MissingParameter.*` (ALI301, ALI304), `NoPermission` (CFG403).

    ## Why it breaks the login
    The code is Alibaba Cloud's own reason for refusing the login. When a finding on the
    response explains it, that finding's fix is the one to apply. When none does, the response
    is fine as far as it shows, and the cause is on the RAM side: a SAML provider or role that
    does not exist under that name, or metadata RAM holds that is no longer the IdP's.

    ## Example
    The sign-in page answers `EntityNotExist.SAMLProvider` for a response whose Role value
    names `saml-provider/AAD` while the RAM identity provider is called `aad`.

    ## How to fix
    Apply the fix of the finding that explains the code. If none does, compare the Role value
    with RAM (RAM console > Identities > Roles, and SSO > Role-based SSO > the identity
    provider), or run `samlscope check` with `aliyun ims GetSAMLProvider` and
    `aliyun ram GetRole` output. Source: Alibaba Cloud, "AssumeRoleWithSAML"
    (https://alibabacloud.com/help/en/ram/api-assumerolewithsaml).
    """

    code = "ALI311"
    name = "sp-error-code"
    severity = Severity.ERROR
    fix = "Apply the fix of the finding that explains it; if none does, " + CHECK + "."
    needs_message = False
    late = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        answer = ctx.capture.answer
        body = answer.body.decode("utf-8", "replace") if answer is not None else ""
        code = error_code_in(body, answer.location or "") if answer is not None else None
        if code is None:
            return
        entry = lookup(code)
        if entry is None:
            yield self.finding(
                f"Alibaba Cloud answered with the error code {code}, which is not in "
                "samlscope's table.",
                evidence={"code": code, "explained_by": []},
            )
            return
        explained = explaining(ctx, entry.explained_by)
        text = f"Alibaba Cloud answered {code}: {entry.cause}."
        if explained:
            text += explained_by(explained)
            fix = apply_their_fix(explained)
        else:
            text += (
                " None of samlscope's findings on this response explains it, so the cause is "
                f"outside it: {entry.ram_side}."
            )
            check = CHECK_USER_SSO if ctx.endpoint_kind == "user" else CHECK
            fix = f"The cause is outside this response ({entry.ram_side}): {check}."
        yield self.finding(
            text,
            fix=fix,
            evidence={
                "code": code,
                "explained_by": explained,
                "explaining_rules": list(entry.explained_by),
            },
        )

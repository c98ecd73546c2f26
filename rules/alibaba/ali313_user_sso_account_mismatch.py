from __future__ import annotations

import re
from collections.abc import Iterator

from samlscope.facts import USER_SSO_AUDIENCE
from samlscope.facts.alibaba_user_sso import RAM_USER_SSO
from samlscope.lazyre import lazy_pattern
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.urlparts import split_url

_ACCOUNT = lazy_pattern(r"/(\d{6,20})/saml/sso/?$", re.IGNORECASE)


def account_of(url: str | None) -> str | None:
    """The account ID in a per-account user-SSO URL (`https://…/<account ID>/saml/SSO`)."""
    parts = split_url(url) if url else None
    found = _ACCOUNT.search(parts.path) if parts is not None else None
    return found.group(1) if found else None


class UserSsoAccountMismatch(Rule):
    """ALI313 user-sso-account-mismatch

    ## What it checks
    On Alibaba Cloud's user-based SSO endpoint: that the account ID in the URL posted to
    (`https://signin.aliyun.com/<account ID>/saml/SSO`) is the account ID of the assertion's
    user-SSO Audience (`https://signin.aliyun.com/<account ID>/saml/SSO`).

    ## Why it breaks the login
    User-based SSO is set up per Alibaba Cloud account: its Audience (the SP entity ID) and its
    ACS carry the account ID. An assertion whose Audience names another account was made for
    that account's SP, and is refused here. It happens when an Entra app is copied for a second
    account (or a test account) and its Identifier is not changed. Source: Alibaba Cloud,
    "SAML response for user-based SSO"
    (https://github.com/AlibabaCloudDocs/ram/blob/master/intl.en-US/SSO%20Management/User-based%20SSO/SAML%20response%20for%20user-based%20SSO.md).

    ## Example
    Posted to `https://signin.aliyun.com/1234567890123456/saml/SSO`, Audience
    `https://signin.aliyun.com/9999999999999999/saml/SSO`.

    ## How to fix
    In Entra admin center > Enterprise applications > the app > Single sign-on > Basic SAML
    Configuration, set the Identifier (Entity ID) and Reply URL to this account's values, as
    the SP metadata of RAM console > SSO > User-based SSO gives them.
    """

    code = "ALI313"
    name = "user-sso-account-mismatch"
    severity = Severity.ERROR
    fix = (
        "Set the IdP application's Identifier ({identifier}) and Reply URL ({reply_url}) to "
        f"this account's values, from the SP metadata in {RAM_USER_SSO}."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.endpoint_kind != "user" or ctx.assertion is None:  # the family: Alibaba's only
            return
        posted = account_of(ctx.endpoint)
        conditions = ctx.assertion.conditions
        audiences = [
            a for a in (conditions.audiences if conditions else ()) if USER_SSO_AUDIENCE.match(a)
        ]
        if posted is None or not audiences:
            return
        accounts = {account_of(a) for a in audiences}
        if posted in accounts:
            return
        others = sorted(a for a in accounts if a)
        yield self.finding(
            f"The response was posted to account {posted}'s user-SSO endpoint, but its Audience "
            f"names account {', '.join(others)} ({audiences[0]!r}): it was made for another "
            "account's user-based SSO.",
            evidence={
                "posted_account": posted,
                "audience_accounts": others,
                "audiences": audiences,
            },
        )

from __future__ import annotations

from samlscope.rules.engine import Severity
from samlscope.rules.role_pair import SessionValueRule


class RoleSessionNameInvalid(SessionValueRule):
    """ALI306 role-session-name-invalid

    ## What it checks
    That RoleSessionName has exactly one value, 2–64 characters long, made only of letters,
    digits and `. @ - _ = , +`. A value of 33 to 64 characters is fine: Alibaba Cloud's own
    Entra walkthrough signs in `ssotest01@example.onmicrosoft.com` (33 characters). The
    character set is the one Alibaba Cloud documents for RoleSessionName in "SAML assertion
    attributes for role-based SSO"
    (https://www.alibabacloud.com/help/en/ram/saml-response-for-role-based-sso).

    ## Why it breaks the login
    Alibaba Cloud uses RoleSessionName as the session name (`<role>/<RoleSessionName>`) and
    refuses values outside its format, often without naming the cause (a display name with a
    space or Chinese characters is a known case).

    ## Example
    `Zhang San 张三` (a space and non-ASCII characters), or a 70-character value.

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Single sign-on > Attributes & Claims, edit
    the RoleSessionName claim: use an ASCII source of at most 64 characters
    (`user.userprincipalname`, as Alibaba's walkthrough does, `user.mailnickname`, or a
    transformation such as ExtractMailPrefix()).
    Source: Alibaba Cloud, "Implement role-based SSO from Microsoft Entra ID to Alibaba Cloud"
    (https://www.alibabacloud.com/help/en/ram/implement-role-based-sso-from-azure-ad).
    """

    code = "ALI306"
    name = "role-session-name-invalid"
    severity = Severity.ERROR
    fix = (
        "Source RoleSessionName from an ASCII value of 2-64 characters (UPN, mailnickname, "
        "ExtractMailPrefix): {claims}."
    )
    local = "RoleSessionName"

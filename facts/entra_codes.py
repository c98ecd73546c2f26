"""The AADSTS error codes Microsoft Entra ID reports in SAML single sign-on, as data.

One table serves both places they appear: Entra's own error page (IDP501: the login stopped at
Entra and no assertion was issued) and the StatusMessage of a failed Response (SAML010). Each
entry has the code's cause and, where it has one, the Entra admin center path of the fix.

Source: Microsoft, "Microsoft Entra authentication and authorization error codes"
(https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
The live text of any code: https://login.microsoftonline.com/error?code=NNNNN
"""

from __future__ import annotations

from samlscope.facts.model import RoleFacts
from samlscope.lazyre import lazy_pattern
from samlscope.record import Record

_APP = "Entra admin center > Identity > Applications > Enterprise applications > the app > "
_USERS = "Entra admin center > Identity > Users > All users > the user > "
_SIGN_INS = (
    "Entra admin center > Identity > Monitoring & health > Sign-in logs (search the Correlation Id)"
)


class AadstsCode(Record):
    name: str
    cause: str
    fix: str | None = None
    sp_request: bool = False
    """Occurs only when the SP sends an AuthnRequest (SP-initiated sign-in, as Alibaba Cloud's
    user-based SSO does); never for role-based SSO started from My Apps."""


TABLE: dict[str, AadstsCode] = {
    "50105": AadstsCode(
        "EntitlementGrantsNotFound",
        "the signed-in user is not assigned to the enterprise application, directly or "
        "through a group the user is a direct member of (nested groups are not supported)",
        "Assign the user, or a group the user is a direct member of, to the app with an app "
        "role whose value is the role the SP expects: " + _APP + "Users and groups > Add "
        "user/group. Members of a group inside an assigned group do not count.",
    ),
    "50020": AadstsCode(
        "UserUnauthorized",
        "the user's account is from another tenant (a guest or an external account) and does "
        "not exist in, or is not allowed into, the tenant of the app",
        "Invite the user as a guest (Entra admin center > Identity > Users > All users > New "
        "user > Invite external user) and assign the guest to the app (" + _APP + "Users and "
        "groups), or have the user sign in with an account of the app's own tenant; a "
        "sign-in URL naming /common/ instead of the tenant ID sends guests to the wrong tenant.",
    ),
    "501241": AadstsCode(
        "MandatoryInputMissing",
        "a claim transformation, usually the Unique User Identifier (NameID), has an empty "
        "source attribute for this user",
        "Give the NameID a source every user has, or fill the attribute in on this user: "
        + _APP
        + "Single sign-on > Attributes & Claims > Unique User Identifier (Name ID) (for example "
        "user.userprincipalname instead of user.mail or an empty extension attribute).",
    ),
    "53003": AadstsCode(
        "BlockedByConditionalAccess",
        "a Conditional Access policy blocked the sign-in",
        "Find the policy on the sign-in's Conditional Access tab in " + _SIGN_INS + ", then "
        "satisfy it (compliant or joined device, allowed location, approved client) or change "
        "it: Entra admin center > Protection > Conditional Access > Policies.",
    ),
    "50076": AadstsCode(
        "UserStrongAuthClientAuthNRequired",
        "multi-factor authentication is required (a policy, or a new location) and this "
        "sign-in did not complete it",
        "Sign in again interactively in a browser and complete the MFA prompt; " + _SIGN_INS + " "
        "> Authentication details shows which method was asked for.",
    ),
    "50079": AadstsCode(
        "UserStrongAuthEnrollmentRequired",
        "the user must register for multi-factor authentication before signing in",
        "The user registers a method at https://aka.ms/mysecurityinfo (Security info), or an "
        "admin adds one: " + _USERS + "Authentication methods.",
    ),
    "50034": AadstsCode(
        "UserAccountNotFound",
        "no such user exists in the tenant (a typo in the user name, or another tenant)",
        "Check the user name against " + _USERS[: -len("the user > ")] + " and the tenant in the "
        "sign-in URL; create or invite the account if it is missing.",
    ),
    "50057": AadstsCode(
        "UserDisabled",
        "the user's account is disabled",
        "Enable the account: " + _USERS + "Edit properties > Settings > Account enabled (a "
        "synced account is enabled in the on-premises directory instead).",
    ),
    "50053": AadstsCode(
        "IdsLocked",
        "the account is locked after too many failed sign-ins, or the sign-in came from an IP "
        "address with malicious activity",
        "Wait for the lockout to end or reset the password ("
        + _USERS
        + "Reset password); "
        + _SIGN_INS
        + " shows the failed attempts and their IP addresses.",
    ),
    "50126": AadstsCode(
        "InvalidUserNameOrPassword",
        "the user name or password is wrong",
        "The user signs in with the right password, or resets it (" + _USERS + "Reset "
        "password; for a federated or pass-through account, on-premises).",
    ),
    "165000": AadstsCode(
        "InvalidRequest",
        "the request does not match the browser session's tokens: cookies, form fields or a "
        "URL were copied between sessions or tabs, or the browser blocked Microsoft's cookies",
        "Sign out, clear the browser's cookies for login.microsoftonline.com, allow its cookies, "
        "and start the sign-in again from My Apps in a single tab.",
    ),
    "50003": AadstsCode(
        "MissingSigningKey",
        "the app has no active SAML signing certificate",
        "Create a certificate and make it active: " + _APP + "Single sign-on > SAML "
        "Certificates > Edit; then upload the new Federation Metadata XML to {sp_trust}.",
    ),
    "50146": AadstsCode(
        "MissingCustomSigningKey",
        "the app must be set up with an app-specific signing key and has none",
        "Add a signing certificate to the app: " + _APP + "Single sign-on > SAML "
        "Certificates; then upload the new Federation Metadata XML to {sp_trust}.",
    ),
    "50011": AadstsCode(
        "InvalidReplyTo",
        "the reply URL (AssertionConsumerServiceURL) in the SP's request is not one of the "
        "app's Reply URLs",
        "Add the exact ACS URL of the SP's request: "
        + _APP
        + "Single sign-on > Basic SAML Configuration > Reply URL (Assertion Consumer Service "
        "URL); letter case and a trailing slash count.",
        sp_request=True,
    ),
    "700016": AadstsCode(
        "UnauthorizedClient_DoesNotMatchRequest",
        "no app in the tenant has the Identifier (the Issuer of the SP's request), or the "
        "request went to another tenant",
        "Set the Identifier to the SP's entity ID exactly (the Issuer of its AuthnRequest): "
        + _APP
        + "Single sign-on > Basic SAML Configuration > Identifier (Entity ID); and check the "
        "tenant in the sign-in URL.",
        sp_request=True,
    ),
    "650056": AadstsCode(
        "MisconfiguredApplication",
        "the app the request names is misconfigured: its Identifier does not match the "
        "request, or it lacks a service principal or consent in this tenant",
        "Check that the SP's request names this app's Identifier ("
        + _APP
        + "Single sign-on > Basic SAML Configuration > Identifier) and that the app is an "
        "enterprise application of this tenant, not only an app registration.",
        sp_request=True,
    ),
    "75011": AadstsCode(
        "NoMatchedAuthnContextInOutputClaims",
        "the SP's request asks for an authentication method (RequestedAuthnContext) that the "
        "user's sign-in did not use, such as a password when the user signed in with MFA, "
        "passwordless or a federated IdP",
        "Sign in again with the method the SP asks for, or have the SP stop requiring it (an "
        'AuthnRequest without RequestedAuthnContext, or Comparison="minimum").',
        sp_request=True,
    ),
    "75005": AadstsCode("Saml2MessageInvalid", "the SAML message Entra received is invalid"),
    "7500514": AadstsCode(
        "SupportedSamlResponseTypeNotFound", "a supported SAML response type was not found"
    ),
    "750054": AadstsCode(
        "SAMLRequestMissing", "SAMLRequest or SAMLResponse missing for the Redirect binding"
    ),
    "75008": AadstsCode("RequestDeniedError", "the request was denied: unexpected Destination"),
    "75016": AadstsCode(
        "Saml2AuthenticationRequestInvalidNameIDPolicy",
        "the NameIDPolicy in the request is invalid",
        "The SP must ask for a NameID format Entra supports (persistent, emailAddress, "
        "unspecified, transient), or none.",
        sp_request=True,
    ),
    "76021": AadstsCode(
        "ApplicationRequiresSignedRequests",
        "the request was not signed while the app requires signed requests",
        sp_request=True,
    ),
    "76026": AadstsCode(
        "RequestIssueTimeExpired", "the request's IssueInstant is too old", sp_request=True
    ),
    "75001": AadstsCode("BindingSerializationError", "the binding could not be serialized"),
    "75003": AadstsCode("UnsupportedBindingError", "the binding is not supported"),
    "900236": AadstsCode(
        "InvalidSamlRequest", "the SAML request has an unsupported property", sp_request=True
    ),
    "50006": AadstsCode("InvalidSignature", "the signature of the request is invalid"),
    "50008": AadstsCode("InvalidSamlToken", "the SAML token is invalid"),
    "50010": AadstsCode("AudienceUriValidationFailed", "audience URI validation failed"),
    "50107": AadstsCode("InvalidRealmUri", "the requested federation realm does not exist"),
}

AADSTS = {code: entry.cause for code, entry in TABLE.items()}
"""code -> cause (the table's first use, kept for callers)."""

_CODE = lazy_pattern(r"AADSTS(\d{5,7})")
UNKNOWN = "not in samlscope's table; look it up at https://login.microsoftonline.com/error"


def lookup(code: str | None) -> AadstsCode | None:
    """The entry of `AADSTS50105` or `50105`, or None."""
    if not code:
        return None
    return TABLE.get(code.upper().removeprefix("AADSTS"))


def explain(message: str | None) -> list[tuple[str, str]]:
    """[(code, meaning)] for every AADSTS code in a StatusMessage."""
    if not message:
        return []
    return [(f"AADSTS{c}", AADSTS.get(c, UNKNOWN)) for c in _CODE.findall(message)]


def role_value_hint(roles: RoleFacts) -> str:
    """Appended to the AADSTS50105 fix when the app signs in to a cloud's role SSO."""
    first = f" ({roles.role_arn_name} first)" if roles.order_required else ""
    return (
        f" For {roles.cloud} role-based SSO the app role's value is the pair "
        f"'{roles.pair_example}'{first}."
    )


def fix_for(code: str, roles: RoleFacts | None) -> str | None:
    entry = lookup(code)
    if entry is None or not entry.fix:
        return None
    extra = role_value_hint(roles) if roles and code.removeprefix("AADSTS") == "50105" else ""
    return entry.fix + extra


def first_fix(message: str | None, roles: RoleFacts | None = None) -> str | None:
    """The fix of the first AADSTS code in a text that has one in the table."""
    for code in _CODE.findall(message or ""):
        fix = fix_for(code, roles)
        if fix:
            return fix
    return None

"""Each IdP as data: how it is recognised (Issuer and metadata entityID patterns, hosts), what
it calls its settings and where they are changed in its console, and its own claim names.

Rule texts name a setting by key (`{claims}`, `{reply_url}` ...) and the IdP recognised from
the login fills it in (rules/wording.py). Sources: each vendor's admin documentation, cited in
docs/sources.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from samlscope.lazyre import lazy_pattern
from samlscope.record import Record

ENTRA_HOSTS = frozenset(
    {
        "login.microsoftonline.com",
        "login.microsoft.com",
        "login.windows.net",
        "login.microsoftonline.us",
        "login.partner.microsoftonline.cn",
        "login.chinacloudapi.cn",
    }
)
"""Microsoft Entra ID's sign-in hosts (global, US Government, operated by 21Vianet)."""
ENTRA_CLOCK = "Entra ID"
"""Whose clock an HTTP Date header of Entra's sign-in hosts shows (a capture's clock offsets
and TIME203's evidence name it so)."""
ENTRA_ROLE_CLAIM = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"
"""Entra's default role claim (what an app role becomes unless mapped to a cloud's name)."""
ENTRA_DEFAULT_ROLES = frozenset({"user", "msiam_access"})
"""App role values Entra creates by itself (Default Access): they name no cloud role."""


class Idp(Record):
    key: str
    name: str
    """The IdP product, as people call it ("Microsoft Entra ID"), or "the IdP"."""
    settings: Mapping[str, str] = MappingProxyType({})
    """Where each setting is changed in its console (keys: see GENERIC_SETTINGS)."""
    claim_words: str = "an attribute named '{full}'"
    """How this IdP's console names one attribute of the assertion: `{full}` the full name,
    `{name}` its last part, `{namespace}` the rest (Entra splits a claim so)."""
    role_source: str = ""
    """Where a cloud's Role value comes from in this IdP (appended to a fix), if it says."""
    portal: str = "the IdP's application portal"
    """Where users start an IdP-initiated sign-in."""
    role_order_note: str = ""
    """What this IdP's own recipe for the Role value puts first, when known (a sentence)."""


GENERIC_SETTINGS = {
    "reply_url": "the ACS (reply) URL configured for this application in the IdP",
    "identifier": "the SP entity ID (audience) configured for this application in the IdP",
    "signing": "the IdP's signing setting for this application (sign the assertion)",
    "algorithm": "the IdP's signature algorithm setting for this application",
    "certificates": "the IdP's signing certificates for this application",
    "claims": "the attributes (claims) the IdP releases to this application",
    "encryption": "the IdP's assertion-encryption setting for this application",
    "assignment": "the users and groups the IdP allows to use this application",
    "app_roles": "the role values the IdP sends for this application's users",
    "metadata": "the IdP's current metadata",
    "clock": "the IdP server's clock (NTP)",
    "name_id": "the NameID the IdP sends for this application",
    "logs": "the IdP's sign-in logs",
    "request_signing": "the IdP's setting that requires signed authentication requests for "
    "this application",
    "assignment_required": "the IdP's setting that lets only assigned users use this application",
}

_ENTRA_APP = "Entra admin center > Enterprise applications > the app > "
ENTRA = Idp(
    "entra",
    "Microsoft Entra ID",
    {
        "reply_url": _ENTRA_APP + "Single sign-on > Basic SAML Configuration > Reply URL",
        "identifier": _ENTRA_APP + "Single sign-on > Basic SAML Configuration > Identifier "
        "(Entity ID), marked Default",
        "signing": _ENTRA_APP + 'Single sign-on > SAML Certificates > Edit > Signing Option "Sign '
        'SAML assertion" (or "Sign SAML response and assertion")',
        "algorithm": _ENTRA_APP + "Single sign-on > SAML Certificates > Edit > Signing Algorithm",
        "certificates": _ENTRA_APP + "Single sign-on > SAML Certificates",
        "claims": _ENTRA_APP + "Single sign-on > Attributes & Claims",
        "name_id": _ENTRA_APP + "Single sign-on > Attributes & Claims > Unique User Identifier "
        "(Name ID)",
        "logs": "Entra admin center > Identity > Monitoring & health > Sign-in logs",
        "encryption": _ENTRA_APP + "Security > Token encryption",
        "assignment": _ENTRA_APP + "Users and groups",
        "request_signing": _ENTRA_APP + "Single sign-on > SAML Certificates > Verification "
        "certificates (optional) > Edit > Require verification certificates",
        "assignment_required": _ENTRA_APP + "Properties > Assignment required?",
        "app_roles": "Entra admin center > App registrations > the app > App roles > the "
        "role's Value",
        "metadata": "Federation Metadata XML (" + _ENTRA_APP + "Single sign-on > SAML "
        "Certificates)",
        "clock": "the clock of the machine that captured the login (Entra's clock is kept by "
        "Microsoft)",
    },
    claim_words="a claim with Name '{name}' and Namespace '{namespace}'",
    role_source=", Source attribute user.assignedroles (each app role's Value)",
    portal="My Apps (https://myapps.microsoft.com)",
)
ADFS = Idp(
    "adfs",
    "AD FS",
    {
        "reply_url": "AD FS Management > Relying Party Trusts > the trust > Properties > Endpoints",
        "identifier": "AD FS Management > Relying Party Trusts > the trust > Properties > "
        "Identifiers",
        "signing": "Set-AdfsRelyingPartyTrust -SamlResponseSignature MessageAndAssertion (or "
        "AssertionOnly)",
        "algorithm": "AD FS Management > Relying Party Trusts > the trust > Properties > Advanced "
        "> Secure hash algorithm",
        "certificates": "AD FS Management > Service > Certificates > Token-signing",
        "claims": "AD FS Management > Relying Party Trusts > the trust > Edit Claim Issuance "
        "Policy",
        "name_id": "AD FS Management > Relying Party Trusts > the trust > Edit Claim Issuance "
        "Policy (the rule whose outgoing claim type is Name ID)",
        "logs": "the AD FS Admin event log (Event Viewer > Applications and Services Logs > "
        "AD FS > Admin: event 364, with the Activity ID)",
        "encryption": "AD FS Management > Relying Party Trusts > the trust > Properties > "
        "Encryption",
        "assignment": "AD FS Management > Relying Party Trusts > the trust > Edit Access Control "
        "Policy",
        "metadata": "the AD FS federation metadata (/FederationMetadata/2007-06/"
        "FederationMetadata.xml)",
        "clock": "the AD FS server's clock (Windows Time service)",
    },
    claim_words="a claim rule whose Outgoing claim type is '{full}'",
    role_source=", built by a claim rule from the user's groups",
    portal="the AD FS sign-on page (/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=<identifier>)",
    role_order_note=(
        "AWS's own AD FS claim rule builds the value provider ARN first, which AWS accepts and "
        "Alibaba Cloud refuses."
    ),
)
_OKTA_APP = "Okta Admin Console > Applications > the app > "
OKTA = Idp(
    "okta",
    "Okta",
    {
        "reply_url": _OKTA_APP + "General > SAML Settings > Single sign-on URL",
        "identifier": _OKTA_APP + "General > SAML Settings > Audience URI (SP Entity ID)",
        "signing": _OKTA_APP + "General > SAML Settings > Assertion Signature: Signed",
        "algorithm": _OKTA_APP + "General > SAML Settings > Signature Algorithm",
        "certificates": _OKTA_APP + "Sign On > SAML Signing Certificates",
        "claims": _OKTA_APP + "General > SAML Settings > Attribute Statements",
        "name_id": _OKTA_APP + "General > SAML Settings > Name ID format and Application username",
        "encryption": _OKTA_APP + "General > SAML Settings > Assertion Encryption",
        "assignment": _OKTA_APP + "Assignments",
        "metadata": "the IdP metadata on the app's Sign On tab",
    },
    claim_words="an Attribute Statement with Name '{full}' (Name format: URI Reference)",
    role_source=", from the app's role settings or group attribute statements",
    portal="the Okta End-User Dashboard",
    role_order_note=(
        "Okta's AWS app builds the value from its Role Value Pattern, provider ARN first, which "
        "AWS accepts and Alibaba Cloud refuses."
    ),
)
_GOOGLE_APP = "Google Admin console > Apps > Web and mobile apps > the app > "
GOOGLE = Idp(
    "google",
    "Google Workspace",
    {
        "reply_url": _GOOGLE_APP + "Service provider details > ACS URL",
        "identifier": _GOOGLE_APP + "Service provider details > Entity ID",
        "signing": _GOOGLE_APP + "Service provider details > Signed response",
        "certificates": _GOOGLE_APP + "Google Identity Provider details > Certificate",
        "claims": _GOOGLE_APP + "SAML attribute mapping",
        "name_id": _GOOGLE_APP + "Service provider details > Name ID format and Name ID",
        "logs": "Google Admin console > Reporting > Audit and investigation > SAML log events",
        "assignment": _GOOGLE_APP + "User access",
        "metadata": "the IdP metadata (Google Identity Provider details > Download metadata)",
    },
    claim_words="a SAML attribute mapping of a custom user attribute to App attribute '{full}'",
    role_source=", from a custom user attribute (Admin console > Directory > Users > the user)",
    portal="the Google apps menu (or https://accounts.google.com/o/saml2/initsso)",
)
_KEYCLOAK_CLIENT = "Keycloak admin console > Clients > the client > "
KEYCLOAK = Idp(
    "keycloak",
    "Keycloak",
    {
        "reply_url": _KEYCLOAK_CLIENT + "Advanced > Assertion Consumer Service POST Binding URL",
        "identifier": _KEYCLOAK_CLIENT + "Settings > Client ID",
        "signing": _KEYCLOAK_CLIENT + "Keys / Signature and Encryption > Sign assertions",
        "algorithm": _KEYCLOAK_CLIENT + "Signature and Encryption > Signature algorithm",
        "certificates": "Keycloak admin console > Realm settings > Keys",
        "claims": _KEYCLOAK_CLIENT + "Client scopes > the dedicated scope > Mappers",
        "name_id": _KEYCLOAK_CLIENT + "Settings > Name ID format (and its mapper)",
        "logs": "Keycloak admin console > Realm settings > Events (login events), and the "
        "server log",
        "encryption": _KEYCLOAK_CLIENT + "Keys > Encrypt assertions",
        "metadata": "the realm's SAML 2.0 Identity Provider Metadata",
    },
    claim_words="a mapper with SAML Attribute Name '{full}' (NameFormat: URI Reference)",
    role_source=", from a Role list or User Attribute mapper",
    portal="the client's IDP-Initiated SSO URL (/realms/<realm>/protocol/saml/clients/<name>)",
)
_ONELOGIN_APP = "OneLogin Administration > Applications > the app > "
ONELOGIN = Idp(
    "onelogin",
    "OneLogin",
    {
        "reply_url": _ONELOGIN_APP + "Configuration > ACS (Consumer) URL",
        "identifier": _ONELOGIN_APP + "Configuration > Audience (EntityID)",
        "signing": _ONELOGIN_APP + "SSO > SAML Signature Element: Assertion (or Both)",
        "algorithm": _ONELOGIN_APP + "SSO > SAML Signature Algorithm",
        "certificates": _ONELOGIN_APP + "SSO > X.509 Certificate",
        "claims": _ONELOGIN_APP + "Parameters",
        "encryption": _ONELOGIN_APP + "Configuration > Encrypt assertion",
        "assignment": "OneLogin Administration > Users / Roles",
        "metadata": "the app's SSO tab > More Actions > SAML Metadata",
    },
    claim_words="a parameter named '{full}' with 'Include in SAML assertion' checked",
    role_source=", from a macro or a role mapping",
    portal="the OneLogin portal",
)
_PING_CONN = "PingFederate > Applications > SP Connections > the connection > "
PING = Idp(
    "pingfederate",
    "PingFederate",
    {
        "reply_url": _PING_CONN + "Protocol Settings > Assertion Consumer Service URL",
        "identifier": _PING_CONN + "General Info > Partner's Entity ID (Connection ID)",
        "signing": _PING_CONN + "Protocol Settings > Signature Policy: always sign the assertion",
        "algorithm": _PING_CONN + "Credentials > Digital Signature Settings > Signing Algorithm",
        "certificates": _PING_CONN + "Credentials > Digital Signature Settings",
        "claims": _PING_CONN + "Assertion Creation > Attribute Contract",
        "encryption": _PING_CONN + "Protocol Settings > Encryption Policy",
        "metadata": "PingFederate's metadata export (System > Protocol Metadata > Metadata Export)",
    },
    claim_words="an Attribute Contract entry '{full}' (name format URI)",
    portal="PingFederate's IdP-initiated URL (/idp/startSSO.ping?PartnerSpId=<identifier>)",
)
_AUTH0_APP = "Auth0 Dashboard > Applications > the app > Addons > SAML2 Web App > "
AUTH0 = Idp(
    "auth0",
    "Auth0",
    {
        "reply_url": _AUTH0_APP + "Application Callback URL",
        "identifier": _AUTH0_APP + 'Settings > "audience"',
        "signing": _AUTH0_APP + 'Settings > "signResponse" (false signs the assertion)',
        "algorithm": _AUTH0_APP + 'Settings > "signatureAlgorithm"',
        "certificates": "Auth0 Dashboard > Applications > the app > Settings > Advanced Settings "
        "> Certificates",
        "claims": _AUTH0_APP + 'Settings > "mappings"',
        "metadata": "the app's Addons > SAML2 Web App > Usage > Identity Provider Metadata",
    },
    claim_words="a mapping to '{full}' in the SAML2 add-on's \"mappings\"",
)
SHIBBOLETH = Idp(
    "shibboleth",
    "Shibboleth IdP",
    {
        "reply_url": "the AssertionConsumerService of the SP's metadata that the IdP loads "
        "(conf/metadata-providers.xml)",
        "identifier": "the SP's entityID in the metadata the IdP loads",
        "signing": "conf/relying-party.xml: the SAML2.SSO profile's signAssertions",
        "algorithm": "the IdP's signing configuration (conf/relying-party.xml, "
        "SignatureSigningConfiguration)",
        "certificates": "credentials/idp-signing.crt",
        "claims": "conf/attribute-resolver.xml and conf/attribute-filter.xml",
        "encryption": "conf/relying-party.xml: the SAML2.SSO profile's encryptAssertions",
        "metadata": "the IdP's metadata (metadata/idp-metadata.xml)",
    },
    claim_words="an attribute encoded with name '{full}' (attribute-resolver.xml, released in "
    "attribute-filter.xml)",
)
_JUMPCLOUD_APP = "JumpCloud Admin Portal > SSO Applications > the app > "
JUMPCLOUD = Idp(
    "jumpcloud",
    "JumpCloud",
    {
        "reply_url": _JUMPCLOUD_APP + "SSO > ACS URL",
        "identifier": _JUMPCLOUD_APP + "SSO > SP Entity ID",
        "signing": _JUMPCLOUD_APP + "SSO > Sign Assertion",
        "certificates": _JUMPCLOUD_APP + "SSO > IdP Certificate",
        "claims": _JUMPCLOUD_APP + "SSO > Attributes",
        "assignment": _JUMPCLOUD_APP + "User Groups",
        "metadata": "the app's SSO tab > Export Metadata",
    },
    claim_words="an attribute named '{full}' (a constant value, or a user attribute)",
    role_source=", as a constant value",
    portal="the JumpCloud User Portal",
)
GENERIC_IDP = Idp("generic", "the IdP")

_RECOGNISE: tuple[tuple[re.Pattern[str], Idp], ...] = (
    (
        lazy_pattern(r"^https://sts\.windows\.net/|^https://login\.microsoftonline\.(com|us)/"),
        ENTRA,
    ),
    (
        lazy_pattern(r"^https://sts\.chinacloudapi\.cn/|^https://login\.partner\.microsoftonline"),
        ENTRA,
    ),
    (lazy_pattern(r"/adfs/services/trust/?$", re.I), ADFS),
    (lazy_pattern(r"^https?://www\.okta\.com/|\.okta(preview|-emea)?\.com/", re.I), OKTA),
    (lazy_pattern(r"^https://accounts\.google\.com/o/saml2", re.I), GOOGLE),
    (lazy_pattern(r"/realms/[^/]+/?$", re.I), KEYCLOAK),
    (lazy_pattern(r"onelogin\.com/", re.I), ONELOGIN),
    (lazy_pattern(r"pingone\.|pingidentity\.|pingfederate", re.I), PING),
    (lazy_pattern(r"^urn:[\w.-]+\.auth0\.com$|\.auth0\.com/", re.I), AUTH0),
    (lazy_pattern(r"/idp/shibboleth/?$", re.I), SHIBBOLETH),
    (lazy_pattern(r"jumpcloud", re.I), JUMPCLOUD),
)


def recognise(*identifiers: str | None) -> Idp:
    """The IdP product behind an Issuer or metadata entityID (the first one recognised)."""
    for value in identifiers:
        if not value:
            continue
        if value.startswith("idp:"):  # a page already told which IdP it is
            return by_key(value[4:])
        for pattern, idp in _RECOGNISE:
            if pattern.search(value.strip()):
                return idp
    return GENERIC_IDP


_BY_KEY = {
    idp.key: idp
    for idp in (ENTRA, ADFS, OKTA, GOOGLE, KEYCLOAK, ONELOGIN, PING, AUTH0, SHIBBOLETH, JUMPCLOUD)
}


_STARTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        lazy_pattern(r"^https://(?:launcher\.)?myapps\.microsoft\.com/(?:api/)?signin/", re.I),
        "entra",
    ),
    (lazy_pattern(r"idpinitiated=true", re.I), "entra"),
    (lazy_pattern(r"\.okta(?:preview|-emea)?\.com/home/[^/]+/[^/]+/\d+", re.I), "okta"),
    (lazy_pattern(r"/adfs/ls/IdpInitiatedSignOn\.aspx", re.I), "adfs"),
    (lazy_pattern(r"accounts\.google\.com/o/saml2/initsso", re.I), "google"),
    (lazy_pattern(r"/idp/startSSO\.ping", re.I), "pingfederate"),
    (lazy_pattern(r"/protocol/saml/clients/[^/?#]+", re.I), "keycloak"),
)
"""URLs that start an IdP-initiated sign-in: Entra's My Apps launcher, an Okta app's embed
link, AD FS's IdpInitiatedSignOn.aspx?loginToRp=, Google's initsso, PingFederate's
startSSO.ping, Keycloak's IdP-initiated client URL."""


_ANY_START = lazy_pattern("|".join(f"(?:{pattern.pattern})" for pattern, _ in _STARTS), re.I)
"""Any of them: one search for the many URLs of a capture that start nothing."""


def idp_start(url: str) -> Idp | None:
    """The IdP whose IdP-initiated sign-in this URL starts, else None."""
    if "://" not in url or not _ANY_START.search(url):
        return None
    return next((by_key(key) for pattern, key in _STARTS if pattern.search(url)), None)


def by_key(key: str) -> Idp:
    """An IdP by its key (`okta`); the neutral one for any other."""
    return _BY_KEY.get(key, GENERIC_IDP)

"""What the IdPs other than Entra show when they stop a login, and what each case means.

Each IdP's error page is matched leniently by its visible text (the vendors change their markup
without notice). Per IdP: where its pages are (hosted IdPs by host, self-hosted ones by the
shape of their paths), the texts that name a case, the trace ID its admins ask for, and per
case its cause and the fix in that IdP's console (a template the IdP's words fill in).

Sources: Okta, "App Sign-on Error 403 - User attempted unauthorized access to app"
(https://support.okta.com/help/s/article/App-Sign-on-Error-403-User-attempted-unauthorized-access-to-app);
Microsoft, "AD FS troubleshooting - events and logging" and "AD FS 2.0: How to troubleshoot
token issuance problems"
(https://technet.microsoft.com/library/adfs2-troubleshooting-token-issuance-problems(v=ws.10).aspx);
Google, "SAML app error messages" (https://support.google.com/a/answer/6301076);
Ping Identity, "PingFederate: Unexpected System Error"
(https://docs.pingidentity.com/r/en-us/pingfederate-100/rkj1564003028579) and "PingOne for
Enterprise error codes" (https://docs.pingidentity.com/r/en-us/pingoneforenterprise/p14e_error_codes);
Keycloak's "We are sorry..." page with "Invalid requester" as its users report it
(https://github.com/BookStackApp/BookStack/issues/1950).
"""

from __future__ import annotations

import re
from functools import cache

from samlscope.lazyre import lazy_pattern
from samlscope.record import Record


class PageCase(Record):
    """One way an IdP's page says it stopped the login."""

    code: str
    """The IdP's own code when it shows one (`MSIS7007`, `app_not_configured_for_user`), else
    a short key of ours (`app-not-assigned`)."""
    pattern: re.Pattern[str]
    """Matches the page's visible text (case-insensitive)."""
    name: str
    cause: str
    fix: str
    """A template: {assignment}, {identifier}, {logs}... are the IdP's own words."""


class PageReader(Record):
    """Where an IdP's error pages are, and how to read them."""

    idp: str
    """The IdP's key (facts.idps)."""
    hosts: tuple[str, ...] = ()
    """Host suffixes of a hosted IdP (`.okta.com`)."""
    paths: tuple[str, ...] = ()
    """Path markers of a self-hosted IdP (`/adfs/`), lower case."""
    marker: re.Pattern[str] | None = None
    """Text every error page of this IdP shows (what tells it from its other pages)."""
    cases: tuple[PageCase, ...] = ()
    trace: tuple[tuple[str, re.Pattern[str]], ...] = ()
    """(label, pattern): the IDs its admins ask for; group 1 is the value."""


_GUID = r"([0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})"

OKTA = PageReader(
    "okta",
    hosts=(".okta.com", ".oktapreview.com", ".okta-emea.com", ".okta-gov.com"),
    marker=lazy_pattern(
        r"not assigned this app|not allowed to access this app|App Not Assigned", re.I
    ),
    cases=(
        PageCase(
            "app-not-assigned",
            lazy_pattern(r"not assigned this app|App Not Assigned", re.I),
            "403 App Not Assigned",
            "the user is not assigned to the app in Okta (directly or through a group)",
            "Assign the user, or a group the user is in, to the app: {assignment}.",
        ),
        PageCase(
            "policy-deny",
            lazy_pattern(r"not allowed to access this app", re.I),
            "access denied by the app's sign-on policy",
            "the app's authentication policy denies this user, group, network or device",
            "Allow the user's group, network or device in the app's authentication policy "
            "(Okta Admin Console > Applications > the app > Sign On > User authentication "
            "policy).",
        ),
    ),
)
ADFS = PageReader(
    "adfs",
    paths=("/adfs/",),
    marker=lazy_pattern(
        r"An error occurred|There was a problem accessing the site|Activity ID|Reference number",
        re.I,
    ),
    cases=(
        PageCase(
            "MSIS7007",
            lazy_pattern(r"MSIS7007", re.I),
            "no relying party trust for the requested identifier",
            "the request names an identifier (the SP's entity ID) that no relying party trust has",
            "Add the SP's entity ID to the trust's identifiers: {identifier}.",
        ),
        PageCase(
            "MSIS3110",
            lazy_pattern(r"MSIS3110", re.I),
            "the ACS URL is not on the trust",
            "the AssertionConsumerService URL requested is not among the trust's SAML endpoints",
            "Add the SP's ACS URL to the trust's endpoints: {reply_url}.",
        ),
        PageCase(
            "MSIS7012",
            lazy_pattern(r"MSIS7012", re.I),
            "IdP-initiated sign-on is disabled",
            "AD FS's IdP-initiated sign-on page is off (AD FS 2016 and later turn it off by "
            "default), so the login from the AD FS portal cannot start",
            "Turn it on with Set-AdfsProperties -EnableIdpInitiatedSignonPage $true.",
        ),
        PageCase(
            "error",
            lazy_pattern(r"An error occurred|There was a problem accessing the site", re.I),
            "AD FS refused the sign-in without saying why on the page",
            "the cause is written in the AD FS Admin event log (event 364, or 184), under the "
            "Activity ID the page shows",
            "Find the event by the Activity ID in {logs}, and act on the error it names.",
        ),
    ),
    trace=(
        ("Activity ID", lazy_pattern(r"Activity ID:?\s*" + _GUID, re.I)),
        ("Reference number", lazy_pattern(r"Reference number:?\s*" + _GUID, re.I)),
        (
            "Relying party",
            lazy_pattern(r"Relying party:?\s*([^\n<]{1,200}?)\s*(?:Error time|$)", re.I),
        ),
        (
            "Error time",
            lazy_pattern(
                r"Error time:?\s*([^\n<]{1,80}?)\s*(?:Node name|Proxy|Error details|Cookie|$)", re.I
            ),
        ),
    ),
)
GOOGLE = PageReader(
    "google",
    hosts=("accounts.google.com",),
    marker=lazy_pattern(r"app_not_configured|app_not_enabled_for_user", re.I),
    cases=(
        PageCase(
            "app_not_configured_for_user",
            lazy_pattern(r"app_not_configured_for_user", re.I),
            "the request's Issuer is not the app's Entity ID",
            "the SP's request names an Issuer that differs from the app's Entity ID (Google "
            "compares them case-sensitively)",
            "Set the app's Entity ID to exactly the SP's entity ID: {identifier}.",
        ),
        PageCase(
            "app_not_enabled_for_user",
            lazy_pattern(r"app_not_enabled_for_user", re.I),
            "the app is off for the user's organisational unit",
            "the SAML app is OFF for the organisational unit (or group) the user is in",
            "Turn the app ON for the user's organisational unit: {assignment}.",
        ),
        PageCase(
            "app_not_configured",
            lazy_pattern(r"app_not_configured\b", re.I),
            "no SAML app for this service provider",
            "no SAML app in Google Workspace has this service provider's entity ID",
            "Add the SAML app for this service provider (Google Admin console > Apps > Web and "
            "mobile apps > Add app > Add custom SAML app).",
        ),
    ),
)
KEYCLOAK = PageReader(
    "keycloak",
    paths=("/realms/",),
    marker=lazy_pattern(r"We are sorry", re.I),
    cases=(
        PageCase(
            "invalid-requester",
            lazy_pattern(r"Invalid requester", re.I),
            "Invalid requester",
            "the request's Issuer is no client ID of the realm, or the client requires signed "
            "requests ('Client signature required') and the request was not signed",
            "Set the client ID to the SP's entity ID, or turn 'Client signature required' off "
            "for an SP that does not sign: {identifier}.",
        ),
        PageCase(
            "error",
            lazy_pattern(r"We are sorry", re.I),
            "Keycloak refused the request",
            "Keycloak's page names the reason; the realm's login events and the server log "
            "have the details",
            "Find the login in {logs}, and act on the error it names.",
        ),
    ),
)
PINGFEDERATE = PageReader(
    "pingfederate",
    paths=("/idp/sso.saml2", "/idp/startsso.ping", "/idp/"),
    marker=lazy_pattern(r"Unexpected System Error", re.I),
    cases=(
        PageCase(
            "unexpected-system-error",
            lazy_pattern(r"Unexpected System Error", re.I),
            "Unexpected System Error",
            "PingFederate failed the request; the cause is in its server.log under the page's "
            "reference code",
            "Search PingFederate's server.log (and audit.log) for the reference code.",
        ),
    ),
    trace=(
        ("Reference", lazy_pattern(r"reference(?: code| number)?:?\s*([A-Za-z0-9-]{4,64})", re.I)),
    ),
)
PINGONE = PageReader(
    "pingfederate",
    hosts=(".pingone.com", ".pingone.eu", ".pingone.asia", ".pingidentity.com"),
    marker=lazy_pattern(r"\b[A-Z]{3,10}_\d{3}\b"),
    cases=(
        PageCase(
            "AUTHZ_001",
            lazy_pattern(r"AUTHZ_001|not authorized to access the requested resource", re.I),
            "not authorized for the application",
            "the user is not entitled to the application in PingOne",
            "Give the user access to the application: {assignment}.",
        ),
        PageCase(
            "error",
            lazy_pattern(r"\b[A-Z]{3,10}_\d{3}\b"),
            "PingOne refused the sign-in",
            "PingOne's code names the reason",
            "Look the code up in PingOne's error codes and its audit log.",
        ),
    ),
)
READERS: tuple[PageReader, ...] = (OKTA, ADFS, GOOGLE, KEYCLOAK, PINGONE, PINGFEDERATE)
"""Every IdP page reader but Entra's (decoder/readers/idp_pages.py reads Entra's), in order."""
HOST_SUFFIXES = tuple(h for r in READERS for h in r.hosts)
PATH_MARKERS = tuple(p for r in READERS for p in r.paths)


@cache
def _matchers() -> tuple[tuple[PageReader, frozenset[str], tuple[str, ...]], ...]:
    """Each reader with its hosts as matched: exactly (without a leading dot), or as a suffix."""
    return tuple((r, frozenset(h.lstrip(".") for h in r.hosts), r.hosts) for r in READERS)


def reader_for(host: str, path: str) -> PageReader | None:
    """The reader of the IdP a URL belongs to (a hosted IdP's host, a self-hosted one's path).
    Asked for every entry of a capture, so the hosts are matched without a loop in Python."""
    host = host.lower()
    lowered = path.lower()
    for reader, exact, suffixes in _matchers():
        if host in exact or (suffixes and host.endswith(suffixes)):
            return reader
        for marker in reader.paths:
            if marker in lowered:
                return reader
    return None


def page_case(idp: str, code: str | None) -> PageCase | None:
    """A case of an IdP's error page by its code."""
    for reader in READERS:
        if reader.idp == idp:
            found = next((c for c in reader.cases if c.code == code), None)
            if found is not None:
                return found
    return None

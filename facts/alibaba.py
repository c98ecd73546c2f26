"""Alibaba Cloud's role-based and user-based SSO, as data.

Sources: Alibaba Cloud, "Configure Alibaba Cloud as a trusted SP for role-based SSO" (entity
IDs and ACS URLs); "SAML assertion attributes for role-based SSO" (attribute names);
"AssumeRoleWithSAML" (ARN formats); "Implement role-based SSO from Microsoft Entra ID to
Alibaba Cloud" (the app role Value "RAM role ARN,IdP ARN": "An incorrect order will cause the
SSO to fail"; a 33-character RoleSessionName signing in); "SAML response for user-based SSO".
See docs/sources.md.
"""

from __future__ import annotations

import re

from samlscope.facts.model import Consoles, Profile, RoleFacts
from samlscope.lazyre import lazy_pattern

ROLES = RoleFacts(
    cloud="Alibaba Cloud",
    kind="alibaba",
    namespaces=("https://www.aliyun.com/SAML-Role/Attributes/",),
    near=(
        ("http://www.aliyun.com/SAML-Role/Attributes/", "http:// instead of https://"),
        (
            "https://aws.amazon.com/SAML/Attributes/",
            "the AWS namespace (copied from an AWS setup?)",
        ),
        ("http://www.amazonaws.cn/SAML/Attributes/", "the AWS China namespace"),
    ),
    role_arn=lazy_pattern(r"acs:ram::(\d+):role/([A-Za-z0-9_.\-]{1,64})"),
    provider_arn=lazy_pattern(r"acs:ram::(\d+):saml-provider/([A-Za-z0-9_.\-]{1,128})"),
    arn_prefix="acs:",
    foreign=(("arn:aws", "is an AWS ARN, not an Alibaba Cloud acs:ram ARN"),),
    role_arn_name="RAM role ARN",
    provider_arn_name="IdP ARN",
    role_arn_shape="acs:ram::<account ID>:role/<name>, name of letters, digits, '.', '_', '-', "
    "up to 64",
    provider_arn_shape="acs:ram::<account ID>:saml-provider/<name>, up to 128 letters, digits, "
    "'.', '_', '-'",
    pair="RAM role ARN,IdP ARN",
    pair_example="acs:ram::<account ID>:role/<role name>,acs:ram::<account ID>:saml-provider/"
    "<IdP name>",
    order_required=True,
    session_name_min=2,
    session_name_max=64,
    session_name_allowed=lazy_pattern(r"[A-Za-z0-9.@\-_=,+]"),
    session_name_words="letters, digits, . @ - _ = , +",
    duration_min=900,
    duration_max=43200,
    duration_default_max=3600,
    role_console="RAM console > Identities > Roles > the role (its ARN)",
    provider_console="RAM console > SSO > Role-based SSO > the identity provider (its ARN)",
)

CONSOLES = Consoles(
    service="RAM",
    role="RAM role",
    provider="identity provider",
    app="the Alibaba Cloud app",
    upload="RAM console > SSO > Role-based SSO > the identity provider > Modify (metadata file)",
    trust="RAM console > Identities > Roles > the role > Trust Policy",
    roles="RAM console > Identities > Roles",
    providers="RAM console > SSO > Role-based SSO",
    max_session="RAM console > Identities > Roles > the role > Maximum Session Duration",
    action="sts:AssumeRole",
    over_max_session="the session ends after {max} s",
)

ENCRYPTION_NOTE = "Alibaba Cloud documents no support for encrypted assertions."
PATH_CASE_NOTE = (
    "Alibaba Cloud's own AssumeRoleWithSAML sample echoes '/saml-role/SSO', so it may match "
    "case-insensitively; that is not documented."
)

IDP_INITIATED = frozenset({"role"})
"""Role-based SSO starts only at the IdP (Microsoft, "Microsoft Entra SSO integration with
Alibaba Cloud Service (Role-based SSO)": the app supports IdP-initiated SSO only)."""

INTL = Profile(
    "alibaba-intl",
    "urn:alibaba:cloudcomputing:international",
    "https://signin.alibabacloud.com/saml-role/sso",
    ("signin.alibabacloud.com", "signin-intl.aliyun.com"),
    cloud="alibaba",
    audiences=("urn:alibaba:cloudcomputing:international",),
    roles=ROLES,
    title="Alibaba Cloud",
    consoles=CONSOLES,
    encryption_note=ENCRYPTION_NOTE,
    path_case_note=PATH_CASE_NOTE,
    idp_initiated_kinds=IDP_INITIATED,
    takes_encrypted=False,
    site="intl",
    site_name="international",
)
CN = INTL._replace(
    name="alibaba-cn",
    sp_entity_id="urn:alibaba:cloudcomputing",
    role_acs="https://signin.aliyun.com/saml-role/sso",
    hosts=("signin.aliyun.com",),
    audiences=("urn:alibaba:cloudcomputing",),
    site="cn",
    site_name="China",
)
"""The China site: the same SP facts at its own endpoint and entity ID."""
PROFILES = (INTL, CN)

ROLE_SSO_PATH = "/saml-role/sso"
USER_SSO_PATH = lazy_pattern(r"^/(?:\d+/)?saml/sso$", re.IGNORECASE)
USER_SSO_AUDIENCE = lazy_pattern(r"^https://signin(?:-intl)?\.aliyun\.com/\d+/saml/SSO$", re.I)
"""The Audience of a user-based SSO assertion (Alibaba Cloud, "SAML response for user-based
SSO")."""

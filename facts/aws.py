"""AWS role-based SAML sign-in (IAM SAML 2.0 federation), in all three partitions, as data.

Sources: AWS, "Configure SAML assertions for the authentication response"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html:
the global endpoint https://signin.aws.amazon.com/saml and regional
https://region-code.signin.aws.amazon.com/saml, /saml/acs/IdP-ID with encryption; exactly one
SubjectConfirmation with NotOnOrAfter and Recipient; Audience; the Role, RoleSessionName
(2-64 characters) and SessionDuration (900-43200 s) attributes); the same page for the China
partition (https://docs.amazonaws.cn/en_us/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html,
endpoint https://signin.amazonaws.cn/saml); AWS, "Troubleshoot SAML 2.0 federation with AWS"
(https://docs.amazonaws.cn/en_us/IAM/latest/UserGuide/troubleshoot_saml.html: the China
partition's http://www.amazonaws.cn/SAML/Attributes/ names). What could not be confirmed is
listed in the README ("AWS: what is confirmed").
"""

from __future__ import annotations

from samlscope.facts.model import Consoles, Profile, RoleFacts
from samlscope.lazyre import lazy_pattern

_NAME = r"((?:[A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,64})"
_PROVIDER = r"([A-Za-z0-9_.-]{1,128})"
_ACS_PATH = lazy_pattern(r"^/(?:static/)?saml(?:/acs/[\w-]{1,128})?/?$")
_NEAR_ALIBABA = (
    "https://www.aliyun.com/SAML-Role/Attributes/",
    "the Alibaba Cloud namespace (copied from an Alibaba Cloud setup?)",
)
CONSOLES = Consoles(
    service="IAM",
    role="IAM role",
    provider="SAML provider",
    app="the AWS app",
    upload="IAM console > Identity providers > the provider > Replace metadata",
    trust="IAM console > Roles > the role > Trust relationships > Edit trust policy",
    roles="IAM console > Roles",
    providers="IAM console > Identity providers",
    max_session="IAM console > Roles > the role > Summary > Maximum session duration > Edit",
    action="sts:AssumeRoleWithSAML",
    over_max_session="AssumeRoleWithSAML refuses a DurationSeconds above it, so a command-line "
    "login that passes the claim on fails",
)
SESSION_NAME = lazy_pattern(r"[A-Za-z0-9_+=,.@-]")
"""One RoleSessionName character: STS's `[a-zA-Z_0-9+=,.@-]` (ASCII only; Python's word
class would also take every Unicode letter)."""


def _roles(kind: str, partition: str, namespaces: tuple[str, ...]) -> RoleFacts:
    others = [p for p in ("aws", "aws-cn", "aws-us-gov") if p != partition]
    words = {"aws": "AWS", "aws-cn": "AWS China", "aws-us-gov": "AWS GovCloud (US)"}
    return RoleFacts(
        cloud="AWS",
        kind=kind,
        namespaces=namespaces,
        near=(
            ("http://aws.amazon.com/SAML/Attributes/", "http:// instead of https://"),
            _NEAR_ALIBABA,
        ),
        role_arn=lazy_pattern(rf"arn:{partition}:iam::(\d{{12}}):role/{_NAME}"),
        provider_arn=lazy_pattern(rf"arn:{partition}:iam::(\d{{12}}):saml-provider/{_PROVIDER}"),
        arn_prefix=f"arn:{partition}:",
        foreign=(
            ("acs:ram", "is an Alibaba Cloud RAM ARN, not an AWS IAM ARN"),
            *(
                (
                    f"arn:{p}:",
                    f"is an ARN of the {p} partition ({words[p]}), not of {partition} "
                    f"({words[partition]})",
                )
                for p in others
            ),
        ),
        role_arn_name="IAM role ARN",
        provider_arn_name="SAML provider ARN",
        role_arn_shape=f"arn:{partition}:iam::<12-digit account ID>:role/<optional path/><name>, "
        "name of letters, digits and '+=,.@_-', up to 64",
        provider_arn_shape=f"arn:{partition}:iam::<12-digit account ID>:saml-provider/<name>, up "
        "to 128 letters, digits, '.', '_', '-'",
        pair="role ARN,SAML provider ARN",
        pair_example=f"arn:{partition}:iam::<account ID>:role/<role name>,arn:{partition}:iam::"
        "<account ID>:saml-provider/<provider name>",
        order_required=False,
        session_name_min=2,
        session_name_max=64,
        session_name_allowed=SESSION_NAME,
        session_name_words="letters, digits and + = , . @ _ -; no spaces",
        duration_min=900,
        duration_max=43200,
        duration_default_max=3600,
        role_console="IAM console > Roles > the role (its ARN)",
        provider_console="IAM console > Identity providers > the provider (its ARN)",
    )


GLOBAL_NAMESPACE = "https://aws.amazon.com/SAML/Attributes/"
ROLES = _roles("aws", "aws", (GLOBAL_NAMESPACE,))
CN_ROLES = _roles(
    "aws-cn", "aws-cn", (GLOBAL_NAMESPACE, "http://www.amazonaws.cn/SAML/Attributes/")
)
US_GOV_ROLES = _roles("aws-us-gov", "aws-us-gov", (GLOBAL_NAMESPACE,))

IDP_INITIATED = frozenset({"role"})
"""AWS's SAML sign-in is IdP-initiated: the IdP posts to https://signin.aws.amazon.com/saml
and AWS sends no AuthnRequest (AWS, "Enable SAML 2.0 federated principals to access the AWS
Management Console")."""

AWS = Profile(
    "aws",
    "https://signin.aws.amazon.com/saml",
    "https://signin.aws.amazon.com/saml",
    ("signin.aws.amazon.com",),
    cloud="aws",
    audiences=("https://signin.aws.amazon.com/saml", "urn:amazon:webservices"),
    regional_hosts=lazy_pattern(r"[a-z]{2}(?:-[a-z]+)+-\d\.signin\.aws\.amazon\.com"),
    acs_path=_ACS_PATH,
    idp_initiated_kinds=IDP_INITIATED,
    consoles=CONSOLES,
    roles=ROLES,
    title="AWS",
)
AWS_CN = AWS._replace(
    name="aws-cn",
    sp_entity_id="https://signin.amazonaws.cn/saml",
    role_acs="https://signin.amazonaws.cn/saml",
    hosts=("signin.amazonaws.cn",),
    audiences=("https://signin.amazonaws.cn/saml", "urn:amazon:webservices:cn-north-1"),
    regional_hosts=lazy_pattern(r"cn-[a-z]+-\d\.signin\.amazonaws\.cn"),
    roles=CN_ROLES,
    title="AWS China",
)
AWS_US_GOV = AWS._replace(
    name="aws-us-gov",
    sp_entity_id="https://signin.amazonaws-us-gov.com/saml",
    role_acs="https://signin.amazonaws-us-gov.com/saml",
    hosts=("signin.amazonaws-us-gov.com",),
    audiences=("https://signin.amazonaws-us-gov.com/saml", "urn:amazon:webservices:govcloud"),
    regional_hosts=lazy_pattern(r"us-gov-[a-z]+-\d\.signin\.amazonaws-us-gov\.com"),
    roles=US_GOV_ROLES,
    title="AWS GovCloud (US)",
)
"""The other partitions: AWS's facts at their own endpoints, audiences and ARN grammar."""
PROFILES = (AWS, AWS_CN, AWS_US_GOV)


def is_iam_arn(value: str) -> bool:
    """An IAM ARN of any partition (`arn:aws-cn:iam::...`)."""
    return any(value.startswith(f"{p.roles.arn_prefix}iam::") for p in PROFILES if p.roles)

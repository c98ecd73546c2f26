"""What AWS answers a SAML sign-in it refuses, and the findings that explain each answer.

AWS shows these texts on its sign-in page after the POST, and the STS API returns them to a
command-line login (`An error occurred (InvalidIdentityToken) when calling the
AssumeRoleWithSAML operation: ...`). Sources: AWS, "Troubleshoot SAML 2.0 federation with AWS"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html), and the texts the
maintainers of AWS sign-in tools quote (saml2aws, aws-adfs, okta-aws-cli-assume-role).
"""

from __future__ import annotations

import re

from samlscope.lazyre import lazy_pattern
from samlscope.record import Record


class AwsAnswer(Record):
    key: str
    pattern: re.Pattern[str]
    cause: str
    explained_by: tuple[str, ...]
    """Rule codes whose findings explain this answer."""
    elsewhere: str
    """Where the cause lies when no finding explains it."""


_SIGNATURE = ("SIG101", "SIG102", "SIG103", "SIG104", "SIG106")
CHECK = (
    "run `samlscope check` with the IdP metadata and the IAM exports (aws iam "
    "get-saml-provider, aws iam get-role) to confirm"
)
ANSWERS: tuple[AwsAnswer, ...] = (
    AwsAnswer(
        "role-session-name",
        lazy_pattern(r"RoleSessionName (?:is required|in AuthnResponse must match)", re.I),
        "the RoleSessionName attribute is missing or not 2-64 of the allowed characters",
        ("AWS302", "AWS306"),
        "the IdP's RoleSessionName claim",
    ),
    AwsAnswer(
        "signature",
        lazy_pattern(r"Response signature invalid", re.I),
        "AWS could not verify the response's signature with the metadata IAM holds",
        _SIGNATURE,
        "the metadata IAM holds for the provider: it lacks the certificate the IdP signs with "
        "now (CFG401)",
    ),
    AwsAnswer(
        "issuer",
        lazy_pattern(r"Issuer not present in specified provider", re.I),
        "the response's Issuer is not the entity ID in the metadata IAM holds",
        ("SAML014",),
        "the metadata IAM holds: another IdP's, or another tenant's (CFG407)",
    ),
    AwsAnswer(
        "audience",
        lazy_pattern(r"does not contain the required audience", re.I),
        "the assertion's Audience is not one AWS accepts",
        ("SAML013",),
        "the IdP application's Identifier",
    ),
    AwsAnswer(
        "duration",
        lazy_pattern(r"DurationSeconds exceeds the MaxSessionDuration", re.I),
        "the requested session duration is above the role's maximum",
        ("AWS307",),
        "the role's maximum session duration (CFG406), or a command-line tool's own duration",
    ),
    AwsAnswer(
        "arn",
        lazy_pattern(r"Request ARN is invalid|minimum field size of 20.{0,40}PrincipalArn", re.I),
        "the Role value's pair is malformed (one ARN only, or the order a caller expected)",
        ("AWS301", "AWS304", "AWS305"),
        "the IdP's Role values",
    ),
    AwsAnswer(
        "provider",
        lazy_pattern(r"Specified provider doesn.t exist", re.I),
        "no SAML provider with the Role value's provider ARN exists in IAM",
        ("AWS304", "AWS305"),
        "IAM: the provider's name or account differs from the Role value's provider ARN",
    ),
    AwsAnswer(
        "not-authorized",
        lazy_pattern(r"Not authorized to perform sts:AssumeRoleWithSAML", re.I),
        "the role's trust policy does not let this provider assume it",
        ("AWS304", "AWS305"),
        "the role's trust policy: its Federated principal must be the provider's ARN and its "
        "SAML:aud the endpoint the login is posted to (CFG403, CFG408)",
    ),
    AwsAnswer(
        "invalid-response",
        lazy_pattern(r"Your request included an invalid SAML response", re.I),
        "AWS refused the response (its attributes, its subject confirmation or its signature)",
        ("AWS301", "AWS302", "AWS304", "AWS306", "AWS313", *_SIGNATURE, "SAML012", "SAML013"),
        "IAM: the provider and the role's trust policy",
    ),
)
STS_CODE = lazy_pattern(r"An error occurred \(([A-Za-z]+)\) when calling the AssumeRoleWithSAML")


def answer_in(text: str) -> AwsAnswer | None:
    """The documented AWS answer a text (AWS's page, a CLI's error) contains, else None."""
    return next((a for a in ANSWERS if a.pattern.search(text)), None)

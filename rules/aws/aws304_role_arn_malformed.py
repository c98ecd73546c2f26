from __future__ import annotations

from samlscope.rules.engine import Severity
from samlscope.rules.role_pair import RoleArnMalformedCheck


class RoleArnMalformed(RoleArnMalformedCheck):
    """AWS304 role-arn-malformed

    ## What it checks
    That each Role value is two comma-separated ARNs of the partition posted to: an IAM role
    ARN `arn:aws:iam::<12-digit account>:role/<optional path/><name>` and a SAML provider ARN
    `arn:aws:iam::<account>:saml-provider/<name>` (`arn:aws-cn:` for AWS China,
    `arn:aws-us-gov:` for GovCloud). A value copied from the other cloud (`acs:ram::...`, the
    Alibaba Cloud app's role) or from another partition is named as exactly that.

    ## Why it breaks the login
    AWS assumes the role the value names with the provider it names; a value that is not two
    ARNs of this partition names nothing AWS knows, and the login fails with "Your request
    included an invalid SAML response" or "Not authorized to perform sts:AssumeRoleWithSAML".

    ## Example
    `acs:ram::1234567890123456:role/aadrole,acs:ram::1234567890123456:saml-provider/AAD`
    posted to `https://signin.aws.amazon.com/saml`: the Alibaba Cloud app role's value.

    ## How to fix
    Copy both ARNs from the IAM console (Roles > the role > ARN; Identity providers > the
    provider > ARN) into the AWS app's role Value: Entra admin center > App registrations >
    the AWS app > App roles. Several roles are several app roles, not one joined value.
    Source: AWS, "Configure SAML assertions for the authentication response"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).
    """

    code = "AWS304"
    name = "role-arn-malformed"
    severity = Severity.ERROR
    fix = (
        "Copy both ARNs from the IAM console (Roles, Identity providers) into the AWS app role "
        "Value: 'role ARN,SAML provider ARN' ({app_roles})."
    )

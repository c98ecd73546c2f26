from __future__ import annotations

from samlscope.rules.engine import Severity
from samlscope.rules.role_pair import MissingClaimRule


class MissingRole(MissingClaimRule):
    """AWS301 missing-role

    ## What it checks
    That the assertion has the attribute `https://aws.amazon.com/SAML/Attributes/Role` (the
    China partition also accepts `http://www.amazonaws.cn/SAML/Attributes/Role`) with at least
    one value, and names near misses: no namespace, `http://`, letter case, Alibaba Cloud's
    namespace copied from the Alibaba Cloud app, or Entra's own role claim.

    ## Why it breaks the login
    AWS reads the IAM role to assume only from this attribute; its name is case-sensitive.
    Without it AWS answers "Your request included an invalid SAML response".

    ## Example
    `<Attribute Name="https://www.aliyun.com/SAML-Role/Attributes/Role">` posted to
    `https://signin.aws.amazon.com/saml`: the claims of the Alibaba Cloud app, not of AWS's.

    ## How to fix
    In Entra admin center > Enterprise applications > the AWS app > Single sign-on >
    Attributes & Claims, the claim Name `Role`, Namespace `https://aws.amazon.com/SAML/Attributes`,
    Source attribute `user.assignedroles`; and assign the user an app role whose value is
    `arn:aws:iam::<account>:role/<name>,arn:aws:iam::<account>:saml-provider/<name>`.
    Source: AWS, "Configure SAML assertions for the authentication response"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).
    """

    code = "AWS301"
    name = "missing-role"
    severity = Severity.ERROR
    fix = "In {claims}, add {role_claim}, whose value is the pair {role_value}{role_source}."
    claim = "Role"

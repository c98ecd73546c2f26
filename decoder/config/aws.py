"""The aws CLI's IAM answers: `aws iam get-saml-provider` (its SAMLMetadataDocument),
`list-saml-providers`, `get-role` and `list-roles` (the trust policy and MaxSessionDuration).

Shapes, from AWS's IAM API reference (https://docs.aws.amazon.com/IAM/latest/APIReference/):
GetSAMLProvider answers SAMLMetadataDocument, CreateDate, ValidUntil, Tags (and, newer,
SAMLProviderUUID, AssertionEncryptionMode, PrivateKeyList), but not the provider's ARN, which
is the request's parameter; ListSAMLProviders answers SAMLProviderList, each with Arn,
ValidUntil and CreateDate; GetRole answers Role and ListRoles answers Roles, a list, each with
RoleName, Arn, AssumeRolePolicyDocument and MaxSessionDuration. The CLI prints the trust
policy as a JSON object; the raw API URL-encodes it; both are read. A get-saml-provider answer
that carries an `Arn` or `SAMLProviderArn` (written in by hand, or by a script) is taken at its
word.
"""

from __future__ import annotations

from typing import Any

from samlscope.decoder.config.alibaba import statements
from samlscope.decoder.config.metadata import idp_from_metadata
from samlscope.decoder.config.model import ConfigSet, RamProvider, RamRole, as_int
from samlscope.decoder.errors import InputError
from samlscope.facts.aws import is_iam_arn

_MAX_ITEMS = 10_000


def _is_iam(item: dict[str, Any]) -> bool:
    arn = item.get("Arn")
    return isinstance(arn, str) and is_iam_arn(arn)


def _name(arn: str | None, fallback: str) -> str:
    return arn.rpartition("/")[2] if arn else fallback


def _provider(document: dict[str, Any], source: str) -> RamProvider:
    xml = document["SAMLMetadataDocument"]
    if not xml.strip():
        raise InputError(f"{source}: SAMLMetadataDocument is empty")
    arn = next(
        (document[k] for k in ("SAMLProviderArn", "Arn") if isinstance(document.get(k), str)),
        None,
    )
    metadata = idp_from_metadata(xml.encode("utf-8"), f"{source} (metadata IAM holds)")
    return RamProvider(source, _name(arn, source), arn, metadata, "aws")


def _role(item: dict[str, Any], source: str) -> RamRole:
    policy = item.get("AssumeRolePolicyDocument")
    arn = item.get("Arn") if isinstance(item.get("Arn"), str) else None
    return RamRole(
        source,
        str(item.get("RoleName") or _name(arn, "")),
        arn,
        statements(policy, source) if policy is not None else None,
        as_int(item.get("MaxSessionDuration")),
        "aws",
    )


def read_aws(document: dict[str, Any], source: str, config: ConfigSet) -> bool:
    """An IAM SAML provider or role answer into `config`; False when it is neither."""
    if isinstance(document.get("SAMLMetadataDocument"), str):
        config.providers.append(_provider(document, source))
        config.inputs.append((source, "iam-saml-provider"))
        return True
    listed = document.get("SAMLProviderList")
    if isinstance(listed, list):
        for item in listed[:_MAX_ITEMS]:
            if isinstance(item, dict) and _is_iam(item):
                arn = item["Arn"]
                config.providers.append(RamProvider(source, _name(arn, ""), arn, None, "aws"))
        config.inputs.append((source, "iam-saml-provider-list"))
        return True
    role = document.get("Role")
    if isinstance(role, dict) and _is_iam(role):
        config.roles.append(_role(role, source))
        config.inputs.append((source, "iam-role"))
        return True
    roles = document.get("Roles")
    if isinstance(roles, list):
        config.roles += [
            _role(r, source) for r in roles[:_MAX_ITEMS] if isinstance(r, dict) and _is_iam(r)
        ]
        config.inputs.append((source, "iam-role-list"))
        return True
    return False

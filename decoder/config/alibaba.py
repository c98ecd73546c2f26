"""The aliyun CLI's answers: `aliyun ims GetSAMLProvider` / `ListSAMLProviders` and
`aliyun ram GetRole` / `ListRoles` (List forms carry no metadata and no trust policy); for
user-based SSO `aliyun ims GetUserSsoSettings` (UserSsoSettings: SsoEnabled, MetadataDocument
in base64, SsoLoginWithDomain, AuxiliaryDomain), `aliyun ims GetUser` / `ListUsers` (User,
Users.User[], with UserPrincipalName; `aliyun ram` answers with UserName only are read too)
and `aliyun ims GetDefaultDomain` (DefaultDomainName). Shapes: Alibaba Cloud's IMS API
reference (https://www.alibabacloud.com/help/en/ram/developer-reference/api-ims-2019-08-15-getuserssosettings
and its GetUser, ListUsers and GetDefaultDomain pages).

The public shapes differ in places (`Federated` and `saml:recipient` are a string or a list),
so the readers accept both.
"""

from __future__ import annotations

import base64
import binascii
import json
import urllib.parse
from collections.abc import Callable
from typing import Any, TypeVar

from samlscope.decoder.config.metadata import idp_from_metadata
from samlscope.decoder.config.model import (
    ConfigSet,
    IdpMetadata,
    RamProvider,
    RamRole,
    RamUser,
    TrustStatement,
    UserSsoSettings,
    as_dict,
    as_int,
    strings,
)
from samlscope.decoder.errors import InputError


def _provider(item: dict[str, Any], source: str) -> RamProvider:
    encoded = item.get("EncodedSAMLMetadataDocument")
    metadata = _metadata(encoded, source, "EncodedSAMLMetadataDocument")
    arn = item.get("Arn") if isinstance(item.get("Arn"), str) else None
    return RamProvider(source, str(item.get("SAMLProviderName", "")), arn, metadata)


def statements(policy: Any, source: str) -> tuple[TrustStatement, ...]:
    """A trust policy's statements: a JSON object (the aws CLI decodes it), a JSON string (the
    aliyun CLI) or a URL-encoded JSON string (IAM's raw API answer)."""
    if isinstance(policy, str):
        text = policy.strip()
        if text.startswith("%7B") or text.startswith("%7b"):
            text = urllib.parse.unquote(text)
        try:
            policy = json.loads(text)
        except (ValueError, RecursionError):
            raise InputError(f"{source}: AssumeRolePolicyDocument is not JSON") from None
    if not isinstance(policy, dict):
        return ()
    raw = policy.get("Statement")
    out = []
    for st in raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []:
        if not isinstance(st, dict):
            continue
        principal: dict[str, Any] = as_dict(st.get("Principal"))
        recipients: tuple[str, ...] = ()
        audiences: list[tuple[str, str]] = []
        condition: dict[str, Any] = as_dict(st.get("Condition"))
        for op_name, operator in condition.items():
            if isinstance(operator, dict):
                for key, value in operator.items():
                    if str(key).lower() == "saml:recipient":
                        recipients += strings(value)
                    elif str(key).lower() == "saml:aud":
                        audiences += [(str(op_name), v) for v in strings(value)]
        out.append(
            TrustStatement(
                str(st.get("Effect", "")),
                strings(st.get("Action")),
                strings(principal.get("Federated")),
                recipients,
                tuple(audiences),
            )
        )
    return tuple(out)


def _role(item: dict[str, Any], source: str) -> RamRole:
    policy = item.get("AssumeRolePolicyDocument")
    max_session = item.get("MaxSessionDuration")
    return RamRole(
        source,
        str(item.get("RoleName", "")),
        item.get("Arn") if isinstance(item.get("Arn"), str) else None,
        statements(policy, source) if policy is not None else None,
        as_int(max_session),
    )


_T = TypeVar("_T")
_LIST_SUFFIX = {"get": "", "list": "-list"}


def _form(document: dict[str, Any]) -> str:
    return "list" if any(k in document for k in ("SAMLProviders", "Roles")) else "get"


def _aliyun(
    document: dict[str, Any],
    keys: tuple[str, str],
    reader: Callable[[dict[str, Any], str], _T],
    target: list[_T],
    source: str,
) -> bool:
    """`{"Role": {...}}` (Get) or `{"Roles": {"Role": [...]}}` (List) into `target`."""
    single, plural = keys
    if isinstance(document.get(single), dict):
        target.append(reader(document[single], source))
        return True
    if isinstance(document.get(plural), dict):
        items = document[plural].get(single) or []
        target += [reader(i, source) for i in items if isinstance(i, dict)]
        return True
    return False


RAM_USER_SSO_UPLOAD = "RAM console > SSO > User-based SSO > SSO Settings > Edit (metadata file)"


def _metadata(encoded: object, source: str, field: str) -> IdpMetadata | None:
    if not isinstance(encoded, str) or not encoded.strip():
        return None
    try:
        xml = base64.b64decode("".join(encoded.split()), validate=True)
    except (binascii.Error, ValueError):
        raise InputError(f"{source}: {field} is not base64") from None
    return idp_from_metadata(xml, f"{source} (metadata RAM holds)")


def _bool(value: object, default: bool | None) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return default


def _user_sso(item: dict[str, Any], source: str, config: ConfigSet) -> None:
    metadata = _metadata(item.get("MetadataDocument"), source, "MetadataDocument")
    aux = item.get("AuxiliaryDomain")
    settings = UserSsoSettings(
        source,
        _bool(item.get("SsoEnabled"), None),
        _bool(item.get("SsoLoginWithDomain"), True) is not False,
        aux.strip().lower() if isinstance(aux, str) and aux.strip() else None,
        metadata,
    )
    config.user_sso.append(settings)
    if metadata is not None:  # CFG401/402/407 judge it like a role-SSO provider's
        config.providers.append(
            RamProvider(source, "user-based SSO", None, metadata, upload=RAM_USER_SSO_UPLOAD)
        )


def _user(item: dict[str, Any], source: str) -> RamUser | None:
    upn = item.get("UserPrincipalName")
    name = item.get("UserName")
    upn = upn.strip() if isinstance(upn, str) and upn.strip() else None
    if not isinstance(name, str) or not name.strip():
        name = upn.rpartition("@")[0] if upn else None
    if not name:
        return None
    return RamUser(source, name.strip(), upn)


def _is_ram(item: dict[str, Any]) -> bool:
    arn = item.get("Arn")
    return not (isinstance(arn, str) and arn.startswith("arn:"))


def _users(document: dict[str, Any], source: str, config: ConfigSet) -> bool:
    single = document.get("User")
    if isinstance(single, dict) and _is_ram(single):
        user = _user(single, source)
        if user is not None:
            config.users.append(user)
            config.inputs.append((source, "ram-user"))
            return True
    plural = document.get("Users")
    items = plural.get("User") if isinstance(plural, dict) else None
    if isinstance(items, list):
        found = [_user(i, source) for i in items[:100_000] if isinstance(i, dict) and _is_ram(i)]
        config.users += [u for u in found if u is not None]
        if _bool(document.get("IsTruncated"), False):
            config.users_truncated = True
        config.inputs.append((source, "ram-user-list"))
        return True
    return False


def read_aliyun(document: dict[str, Any], source: str, config: ConfigSet) -> bool:
    """A RAM SAML provider, role, user, user-SSO settings or default-domain answer into
    `config`; False when it is none of these."""
    if isinstance(document.get("UserSsoSettings"), dict):
        _user_sso(document["UserSsoSettings"], source, config)
        config.inputs.append((source, "ram-user-sso-settings"))
        return True
    domain = document.get("DefaultDomainName")
    if isinstance(domain, str) and domain.strip():
        config.default_domains.append(domain.strip().lower())
        config.inputs.append((source, "ram-default-domain"))
        return True
    if _users(document, source, config):
        return True
    if _aliyun(document, ("SAMLProvider", "SAMLProviders"), _provider, config.providers, source):
        config.inputs.append((source, "ram-saml-provider" + _LIST_SUFFIX[_form(document)]))
        return True
    if _aliyun(document, ("Role", "Roles"), _role, config.roles, source):
        config.inputs.append((source, "ram-role" + _LIST_SUFFIX[_form(document)]))
        return True
    return False

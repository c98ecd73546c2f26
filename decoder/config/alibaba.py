"""The aliyun CLI's answers: `aliyun ims GetSAMLProvider` / `ListSAMLProviders` and
`aliyun ram GetRole` / `ListRoles` (List forms carry no metadata and no trust policy).

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
    RamProvider,
    RamRole,
    TrustStatement,
    as_dict,
    as_int,
    strings,
)
from samlscope.decoder.errors import InputError


def _provider(item: dict[str, Any], source: str) -> RamProvider:
    metadata = None
    encoded = item.get("EncodedSAMLMetadataDocument")
    if isinstance(encoded, str) and encoded.strip():
        try:
            xml = base64.b64decode("".join(encoded.split()), validate=True)
        except (binascii.Error, ValueError):
            raise InputError(f"{source}: EncodedSAMLMetadataDocument is not base64") from None
        metadata = idp_from_metadata(xml, f"{source} (metadata RAM holds)")
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


def read_aliyun(document: dict[str, Any], source: str, config: ConfigSet) -> bool:
    """A RAM SAML provider or role answer into `config`; False when it is neither."""
    if _aliyun(document, ("SAMLProvider", "SAMLProviders"), _provider, config.providers, source):
        config.inputs.append((source, "ram-saml-provider" + _LIST_SUFFIX[_form(document)]))
        return True
    if _aliyun(document, ("Role", "Roles"), _role, config.roles, source):
        config.inputs.append((source, "ram-role" + _LIST_SUFFIX[_form(document)]))
        return True
    return False

"""The configuration on both sides of a login, read from the files a support engineer collects.

Each file is recognised by its content, never by its name:
- SAML IdP metadata (Entra's Federation Metadata XML with its RoleDescriptors, or any IdP
  metadata) and Alibaba Cloud SP metadata (either site);
- Entra application JSON with `appRoles`: the manifest from the admin center (Microsoft Graph
  or the older Azure AD Graph format), a Graph application or servicePrincipal, also inside a
  `{"value": [...]}` list as `az ad app show` and Graph Explorer print them;
- the aliyun CLI's answers: `aliyun ims GetSAMLProvider` / `ListSAMLProviders` and
  `aliyun ram GetRole` / `ListRoles` (List forms carry no metadata and no trust policy);
- anything `samlscope inspect` reads (its logins cross-check the configuration).

The public shapes differ in places (`Federated` and `saml:recipient` are a string or a list), so
the readers accept both. A file that is none of these is an InputError naming what it is.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from lxml import etree

from samlscope.decoder.certs import CertInfo
from samlscope.decoder.errors import DecodeError, InputError
from samlscope.decoder.trust import MD, metadata_store
from samlscope.decoder.urlparts import host_of
from samlscope.decoder.xmlparse import parse_xml
from samlscope.record import Record

MAX_CONFIG_FILE = 20_000_000
SITE_HOSTS = {"signin.alibabacloud.com": "intl", "signin.aliyun.com": "cn"}
"""The role-SSO host of each Alibaba Cloud site."""


class IdpMetadata(Record):
    source: str
    entity_id: str | None
    certificates: tuple[CertInfo, ...]
    entra: bool
    """Entra's Federation Metadata XML (it carries WS-Federation RoleDescriptors)."""


class SpMetadata(Record):
    source: str
    entity_id: str | None
    acs: tuple[str, ...]
    site: str | None
    """`intl` or `cn` for Alibaba Cloud's role-SSO metadata, else None."""


class AppRole(Record):
    display_name: str
    value: str | None
    enabled: bool


class EntraApp(Record):
    source: str
    name: str
    roles: tuple[AppRole, ...]
    reply_urls: tuple[str, ...]
    identifiers: tuple[str, ...]


class TrustStatement(Record):
    effect: str
    actions: tuple[str, ...]
    federated: tuple[str, ...]
    recipients: tuple[str, ...]
    """The `saml:recipient` condition values (StringEquals or StringLike)."""


class RamProvider(Record):
    source: str
    name: str
    arn: str | None
    metadata: IdpMetadata | None
    """The metadata RAM holds (GetSAMLProvider); None for the List form."""


class RamRole(Record):
    source: str
    name: str
    arn: str | None
    statements: tuple[TrustStatement, ...] | None
    """The trust policy (GetRole); None for the List form."""
    max_session: int | None


@dataclass
class ConfigSet:
    idp_metadata: list[IdpMetadata] = field(default_factory=list)
    sp_metadata: list[SpMetadata] = field(default_factory=list)
    apps: list[EntraApp] = field(default_factory=list)
    providers: list[RamProvider] = field(default_factory=list)
    roles: list[RamRole] = field(default_factory=list)
    capture_files: list[str] = field(default_factory=list)
    inputs: list[tuple[str, str]] = field(default_factory=list)
    """(source, kind) for every file read, in order."""
    notes: list[str] = field(default_factory=list)


def _strings(value: Any) -> tuple[str, ...]:
    """A string or a list of strings (the public docs show both)."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def idp_from_metadata(data: bytes, source: str) -> IdpMetadata:
    try:
        root = parse_xml(data)
    except DecodeError as e:
        raise InputError(f"{source} is not usable metadata: {e.message}") from None
    return _idp(root, source)


def _idp(root: etree._Element, source: str) -> IdpMetadata:
    store = metadata_store(root, source, require_certs=False)
    certs = tuple(a.cert for a in store.anchors if a.cert is not None)
    return IdpMetadata(
        source,
        store.entity_ids[0] if store.entity_ids else None,
        certs,
        entra=root.find(f".//{{{MD}}}RoleDescriptor") is not None,
    )


def _metadata_xml(data: bytes, source: str, config: ConfigSet) -> bool:
    """Read IdP or SP metadata; False when the XML is not metadata (a SAML message, say)."""
    try:
        root = parse_xml(data)
    except DecodeError:
        return False
    if root.tag not in (f"{{{MD}}}EntityDescriptor", f"{{{MD}}}EntitiesDescriptor"):
        return False
    is_idp = any(
        root.find(f".//{{{MD}}}{name}") is not None
        for name in ("IDPSSODescriptor", "RoleDescriptor")
    )
    if is_idp:
        config.idp_metadata.append(_idp(root, source))
        config.inputs.append((source, "idp-metadata"))
        return True
    sp = root.find(f".//{{{MD}}}SPSSODescriptor")
    if sp is not None:
        acs = tuple(el.get("Location", "") for el in sp.iter(f"{{{MD}}}AssertionConsumerService"))
        site = next((SITE_HOSTS[h] for h in map(host_of, acs) if h in SITE_HOSTS), None)
        entity = root if root.tag == f"{{{MD}}}EntityDescriptor" else sp.getparent()
        entity_id = entity.get("entityID") if entity is not None else None
        config.sp_metadata.append(SpMetadata(source, entity_id, acs, site))
        config.inputs.append((source, "sp-metadata"))
        return True
    raise InputError(f"{source} is SAML metadata with neither an IdP nor an SP descriptor")


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


def _statements(policy: Any, source: str) -> tuple[TrustStatement, ...]:
    if isinstance(policy, str):
        try:
            policy = json.loads(policy)
        except ValueError:
            raise InputError(f"{source}: AssumeRolePolicyDocument is not JSON") from None
    if not isinstance(policy, dict):
        return ()
    raw = policy.get("Statement")
    out = []
    for st in raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []:
        if not isinstance(st, dict):
            continue
        principal: dict[str, Any] = _dict(st.get("Principal"))
        recipients: tuple[str, ...] = ()
        condition: dict[str, Any] = _dict(st.get("Condition"))
        for operator in condition.values():
            if isinstance(operator, dict):
                for key, value in operator.items():
                    if str(key).lower() == "saml:recipient":
                        recipients += _strings(value)
        out.append(
            TrustStatement(
                str(st.get("Effect", "")),
                _strings(st.get("Action")),
                _strings(principal.get("Federated")),
                recipients,
            )
        )
    return tuple(out)


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _role(item: dict[str, Any], source: str) -> RamRole:
    policy = item.get("AssumeRolePolicyDocument")
    max_session = item.get("MaxSessionDuration")
    return RamRole(
        source,
        str(item.get("RoleName", "")),
        item.get("Arn") if isinstance(item.get("Arn"), str) else None,
        _statements(policy, source) if policy is not None else None,
        _int(max_session),
    )


def _app(item: dict[str, Any], source: str) -> EntraApp:
    roles = []
    for role in item.get("appRoles") or []:
        if isinstance(role, dict):
            value = role.get("value")
            roles.append(
                AppRole(
                    str(role.get("displayName") or ""),
                    value if isinstance(value, str) else None,
                    role.get("isEnabled", True) is not False,
                )
            )
    replies = list(_strings(item.get("replyUrls")))
    replies += [
        u.get("url", "") for u in item.get("replyUrlsWithType") or [] if isinstance(u, dict)
    ]
    web = _dict(item.get("web"))
    replies += list(_strings(web.get("redirectUris")))
    identifiers = _strings(item.get("identifierUris")) + _strings(item.get("servicePrincipalNames"))
    name = str(item.get("displayName") or item.get("appDisplayName") or "")
    return EntraApp(source, name, tuple(roles), tuple(dict.fromkeys(replies)), identifiers)


def _is_alibaba_app(app: EntraApp) -> bool:
    """From a list of applications, only the Alibaba Cloud app is judged."""
    return (
        any(host_of(u) in SITE_HOSTS for u in app.reply_urls)
        or any(i.startswith("urn:alibaba:cloudcomputing") for i in app.identifiers)
        or any((r.value or "").startswith("acs:ram::") for r in app.roles)
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


def _json(document: Any, source: str, config: ConfigSet) -> bool:
    """Read a JSON configuration file; False when it is not one (a HAR, a SAML-tracer export)."""
    if not isinstance(document, dict):
        return False
    # The aliyun CLI's answers: Get forms hold one object, List forms a list under a key.
    if _aliyun(document, ("SAMLProvider", "SAMLProviders"), _provider, config.providers, source):
        config.inputs.append((source, "ram-saml-provider" + _LIST_SUFFIX[_form(document)]))
        return True
    if _aliyun(document, ("Role", "Roles"), _role, config.roles, source):
        config.inputs.append((source, "ram-role" + _LIST_SUFFIX[_form(document)]))
        return True
    value = document.get("value")
    candidates: list[Any] = value if isinstance(value, list) else [document]
    apps = [_app(c, source) for c in candidates if isinstance(c, dict) and "appRoles" in c]
    if not apps:
        return False
    chosen = [a for a in apps if _is_alibaba_app(a)] if len(apps) > 1 else apps
    if not chosen:
        config.notes.append(f"{source}: none of its {len(apps)} applications is Alibaba Cloud's")
    config.apps += chosen
    config.inputs.append((source, "entra-application"))
    return True


_CAPTURE_JSON = re.compile(rb'\{\s*"(log|requests)"\s*:')
"""The first key of a HAR (`log`) or a SAML-tracer export (`requests`)."""


def read_config_file(path: str, config: ConfigSet) -> None:
    """Add what one file holds to `config` (a capture file is remembered for `inspect`)."""
    from samlscope.decoder.bindings import looks_like_xml
    from samlscope.decoder.inputs import read_head

    head = read_head(path, 64).removeprefix(b"\xef\xbb\xbf").lstrip()
    if _CAPTURE_JSON.match(head):  # a HAR or SAML-tracer export: only the capture readers
        config.capture_files.append(path)  # read it (streamed), never a whole parse here
        config.inputs.append((path, "capture"))
        return
    if head.startswith(b"{") or looks_like_xml(head):
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_CONFIG_FILE + 1)
        except OSError as e:
            raise InputError(f"cannot read {path}: {e.strerror or e}") from None
        if len(data) > MAX_CONFIG_FILE:
            config.capture_files.append(path)  # a large HAR: streamed by the capture readers
            config.inputs.append((path, "capture"))
            return
        data = data.removeprefix(b"\xef\xbb\xbf")
        if head.startswith(b"{"):
            try:
                document = json.loads(data)
            except (ValueError, RecursionError) as e:
                raise InputError(f"{path} is not valid JSON: {str(e)[:200]}") from None
            if _json(document, path, config):
                return
        elif _metadata_xml(data, path, config):
            return
    config.capture_files.append(path)
    config.inputs.append((path, "capture"))

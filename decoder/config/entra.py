"""Entra application JSON with `appRoles`: the manifest from the admin center (Microsoft Graph
or the older Azure AD Graph format), a Graph application or servicePrincipal, also inside a
`{"value": [...]}` list as `az ad app show` and Graph Explorer print them."""

from __future__ import annotations

import re
from typing import Any

from samlscope.decoder.config.model import (
    SITE_HOSTS,
    AppRole,
    ConfigSet,
    EntraApp,
    as_dict,
    strings,
)
from samlscope.decoder.urlparts import host_of


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
    replies = list(strings(item.get("replyUrls")))
    replies += [
        u.get("url", "") for u in item.get("replyUrlsWithType") or [] if isinstance(u, dict)
    ]
    web = as_dict(item.get("web"))
    replies += list(strings(web.get("redirectUris")))
    identifiers = strings(item.get("identifierUris")) + strings(item.get("servicePrincipalNames"))
    name = str(item.get("displayName") or item.get("appDisplayName") or "")
    return EntraApp(source, name, tuple(roles), tuple(dict.fromkeys(replies)), identifiers)


_AWS_HOST = re.compile(
    r"(?:[a-z0-9-]+\.)?signin\.(?:aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)"
)


_AWS_IDENTIFIERS = ("urn:amazon:webservices", "https://signin.aws", "https://signin.amazonaws")


def _cloud_of(app: EntraApp) -> str | None:
    """Which cloud an application signs in to (from a list, only those apps are judged): by its
    reply URLs and identifiers first, and only then by its role values, since a value copied
    from the other cloud's app is one of the mistakes to find."""
    hosts = [host_of(u) for u in app.reply_urls]
    if any(h in SITE_HOSTS for h in hosts) or any(
        i.startswith("urn:alibaba:cloudcomputing") for i in app.identifiers
    ):
        return "alibaba"
    if any(h and _AWS_HOST.fullmatch(h) for h in hosts) or any(
        i.startswith(_AWS_IDENTIFIERS) for i in app.identifiers
    ):
        return "aws"
    values = [(r.value or "").strip() for r in app.roles]
    if any(v.startswith("acs:ram::") for v in values):
        return "alibaba"
    if any(v.startswith("arn:aws") for v in values):
        return "aws"
    return None


def read_entra_apps(document: dict[str, Any], source: str, config: ConfigSet) -> bool:
    """The Entra applications in a JSON document into `config`; False when it holds none."""
    value = document.get("value")
    candidates: list[Any] = value if isinstance(value, list) else [document]
    apps = [_app(c, source) for c in candidates if isinstance(c, dict) and "appRoles" in c]
    if not apps:
        return False
    clouds = [_cloud_of(a) for a in apps]
    if len(apps) > 1:
        chosen = [a._replace(cloud=c) for a, c in zip(apps, clouds, strict=True) if c]
    else:
        chosen = [apps[0]._replace(cloud=clouds[0] or "alibaba")]
    if not chosen:
        config.notes.append(
            f"{source}: none of its {len(apps)} applications signs in to Alibaba Cloud or AWS"
        )
    config.apps += chosen
    config.inputs.append((source, "entra-application"))
    return True

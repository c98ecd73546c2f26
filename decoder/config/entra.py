"""Entra application JSON with `appRoles`: the manifest from the admin center (Microsoft Graph
or the older Azure AD Graph format), a Graph application or servicePrincipal, also inside a
`{"value": [...]}` list as `az ad app show` and Graph Explorer print them."""

from __future__ import annotations

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


def _is_alibaba_app(app: EntraApp) -> bool:
    """From a list of applications, only the Alibaba Cloud app is judged."""
    return (
        any(host_of(u) in SITE_HOSTS for u in app.reply_urls)
        or any(i.startswith("urn:alibaba:cloudcomputing") for i in app.identifiers)
        or any((r.value or "").startswith("acs:ram::") for r in app.roles)
    )


def read_entra_apps(document: dict[str, Any], source: str, config: ConfigSet) -> bool:
    """The Entra applications in a JSON document into `config`; False when it holds none."""
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

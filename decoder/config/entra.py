"""Entra application JSON with `appRoles`: the manifest from the admin center (Microsoft Graph
or the older Azure AD Graph format), a Graph application or servicePrincipal, also inside a
`{"value": [...]}` list as `az ad app show` and Graph Explorer print them."""

from __future__ import annotations

from typing import Any

from samlscope.decoder.config.model import (
    AppRole,
    ConfigSet,
    EntraApp,
    as_dict,
    strings,
)
from samlscope.facts import cloud_of_app


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
    verification = as_dict(item.get("requestSignatureVerification"))
    signed = verification.get("isSignedRequestRequired")
    assignment = item.get("appRoleAssignmentRequired")
    return EntraApp(
        source,
        name,
        tuple(roles),
        tuple(dict.fromkeys(replies)),
        identifiers,
        signed_requests_required=signed if isinstance(signed, bool) else None,
        token_encryption_key=_text(item.get("tokenEncryptionKeyId")),
        assignment_required=assignment if isinstance(assignment, bool) else None,
        preferred_thumbprint=_thumbprint(item.get("preferredTokenSigningKeyThumbprint")),
        app_id=_text(item.get("appId")),
    )


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _thumbprint(value: Any) -> str | None:
    """A SHA-1 thumbprint as Entra's portal shows it (40 uppercase hex digits), else None
    (absent, "unused", or not a thumbprint)."""
    text = _text(value)
    if text is None:
        return None
    digits = "".join(c for c in text if c not in " :").upper()
    return digits if len(digits) == 40 and all(c in "0123456789ABCDEF" for c in digits) else None


def _cloud_of(app: EntraApp) -> str | None:
    values = tuple((r.value or "").strip() for r in app.roles)
    return cloud_of_app(tuple(app.reply_urls), tuple(app.identifiers), values)


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
    for app in chosen:
        same = next(
            (i for i, a in enumerate(config.apps) if app.app_id and a.app_id == app.app_id),
            None,
        )
        if same is None:
            config.apps.append(app)
        else:  # the application and its service principal: one app
            config.apps[same] = config.apps[same].merged(app)
    config.inputs.append((source, "entra-application"))
    return True

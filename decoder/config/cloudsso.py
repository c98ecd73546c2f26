"""The aliyun CLI's CloudSSO answers for one directory: GetDirectorySAMLServiceProviderInfo
(the directory as SAML SP: entity ID and ACS URL) and GetExternalSAMLIdentityProvider (the
IdP CloudSSO trusts: its metadata, or its entity ID and certificate, and whether SSO logon is
on). Shapes as Alibaba Cloud's API reference shows them
(https://www.alibabacloud.com/help/en/cloudsso/developer-reference/api-cloudsso-2021-05-15-getexternalsamlidentityprovider).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from samlscope.decoder.config.metadata import idp_from_metadata
from samlscope.decoder.config.model import ConfigSet, IdpMetadata, RamProvider, SsoDirectory
from samlscope.decoder.errors import InputError


def _text(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _metadata(item: dict[str, Any], source: str) -> IdpMetadata | None:
    encoded = _text(item, "EncodedMetadataDocument")
    if encoded is not None:
        try:
            xml = base64.b64decode(encoded, validate=False)
        except (binascii.Error, ValueError):
            raise InputError(f"{source}: EncodedMetadataDocument is not base64") from None
        return idp_from_metadata(xml, f"{source} (metadata CloudSSO holds)")
    certificate = _text(item, "X509Certificate")
    if certificate is None:
        return None
    from samlscope.decoder.signature.certs import cert_from_base64_text

    try:
        cert = cert_from_base64_text(certificate)
    except ValueError as e:
        raise InputError(f"{source}: X509Certificate is not a certificate ({e})") from None
    return IdpMetadata(
        f"{source} (certificate CloudSSO holds)", _text(item, "EntityId"), (cert,), False
    )


def read_cloudsso(document: dict[str, Any], source: str, config: ConfigSet) -> bool:
    """A CloudSSO directory's SP or IdP answer into `config`; False when it is neither."""
    sp = document.get("SAMLServiceProvider")
    if isinstance(sp, dict) and ("AcsUrl" in sp or "EntityId" in sp):
        config.directories.append(
            SsoDirectory(
                source, _text(sp, "DirectoryId"), _text(sp, "EntityId"), _text(sp, "AcsUrl")
            )
        )
        config.inputs.append((source, "cloudsso-sp"))
        return True
    idp = document.get("SAMLIdentityProviderConfiguration")
    if isinstance(idp, dict):
        directory = _text(idp, "DirectoryId")
        status = _text(idp, "SSOStatus")
        name = f"CloudSSO directory {directory}" if directory else "the CloudSSO directory"
        config.providers.append(RamProvider(source, name, None, _metadata(idp, source), "cloudsso"))
        config.directories.append(
            SsoDirectory(
                source,
                directory,
                None,
                None,
                None if status is None else status.lower() == "enabled",
            )
        )
        config.inputs.append((source, "cloudsso-idp"))
        return True
    return False

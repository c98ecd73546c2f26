"""SAML metadata: an IdP's (Entra's Federation Metadata XML, or any IdP's) and an SP's."""

from __future__ import annotations

from lxml import etree

from samlscope.decoder.config.model import ConfigSet, IdpMetadata, SpMetadata
from samlscope.decoder.errors import DecodeError, InputError
from samlscope.decoder.message.xmlparse import parse_xml
from samlscope.decoder.signature.trust import MD, metadata_store
from samlscope.facts import site_of_host
from samlscope.urlparts import host_of


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


def read_metadata_xml(data: bytes, source: str, config: ConfigSet) -> bool:
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
        site = next((s for s in (site_of_host(host_of(u)) for u in acs) if s), None)
        entity = root if root.tag == f"{{{MD}}}EntityDescriptor" else sp.getparent()
        entity_id = entity.get("entityID") if entity is not None else None
        config.sp_metadata.append(SpMetadata(source, entity_id, acs, site))
        config.inputs.append((source, "sp-metadata"))
        return True
    raise InputError(f"{source} is SAML metadata with neither an IdP nor an SP descriptor")

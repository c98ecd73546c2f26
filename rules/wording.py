"""Words for the two sides of a login: which service provider and which IdP, and where a
setting is changed in that IdP's console.

Rule texts are written once, as templates: `{sp}` is "Alibaba Cloud" under an Alibaba profile
and "the service provider" under `generic`; `{reply_url}`, `{identifier}`, `{signing}`, ...
name the setting in the console of the IdP recognised from the Issuer (or the metadata's
entityID): Microsoft Entra ID, AD FS, Okta, Google Workspace, Keycloak, OneLogin, PingFederate,
Auth0 or Shibboleth; for any other IdP the words are neutral. Only rule-authored text is
filled in, never a value from the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from samlscope.cache import small_cache
from samlscope.facts.idps import GENERIC_SETTINGS, Idp, recognise
from samlscope.facts.model import Profile
from samlscope.lazyre import lazy_pattern
from samlscope.record import Record


class Wording(Record):
    sp: str
    """"Alibaba Cloud", or "the service provider" under the generic profile."""
    sp_trust: str
    """Where the SP's trust in the IdP is configured (the RAM console, or neutral words)."""
    idp: Idp
    cloud: Mapping[str, str] = MappingProxyType({})
    """The words that depend on the service provider and the IdP together: {role_claim},
    {session_claim}, {duration_claim} (the attribute in the IdP console's terms),
    {role_value} (the Role value's shape), {role_source}, {portal}, {app}."""

    def fill(self, template: str) -> str:
        """A rule-authored template with {sp}, {idp}, {sp_trust}, the IdP's settings and the
        SP × IdP words filled in; any other brace (a value quoted from the input, say) is left
        as written."""
        if "{" not in template:
            return template
        values = {**GENERIC_SETTINGS, **self.idp.settings, **self.cloud}
        values.update(
            sp=self.sp,
            Sp=self.sp[:1].upper() + self.sp[1:],
            idp=self.idp.name,
            sp_trust=self.sp_trust,
        )
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group()), template)


_PLACEHOLDER = lazy_pattern(r"\{([A-Za-z_]+)\}")


GENERIC_TRUST = "the service provider's configuration of this IdP"


@small_cache(maxsize=64, longest=1024)
def wording_for(profile_name: str, *identifiers: str | None) -> Wording:
    """The words for a login judged under this profile, with the IdP recognised from these
    identifiers (Issuer, metadata entityID)."""
    from samlscope.facts import PROFILES

    profile = PROFILES[profile_name]
    said = profile.consoles
    idp = recognise(*identifiers)
    return Wording(
        profile.title or "the service provider",
        f"the {said.upload}" if said is not None else GENERIC_TRUST,
        idp,
        MappingProxyType(_cloud_words(profile, idp)),
    )


def _cloud_words(profile: Profile, idp: Idp) -> dict[str, str]:
    """The words a fix needs from the service provider and the IdP together."""
    words = {
        "portal": idp.portal,
        "app": profile.consoles.app if profile.consoles else "the application",
        "role_source": idp.role_source,
    }
    roles = profile.roles
    if roles is None:
        return words

    def claim(local: str) -> str:
        full = roles.namespace + local
        namespace = roles.namespace.rstrip("/")
        return idp.claim_words.format(full=full, name=local, namespace=namespace)

    first = f" ({roles.role_arn_name} first)" if roles.order_required else ""
    words.update(
        role_claim=claim("Role"),
        session_claim=claim("RoleSessionName"),
        duration_claim=claim("SessionDuration"),
        role_value=f"'{roles.pair_example}'{first}",
    )
    return words

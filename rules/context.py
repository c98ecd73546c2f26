"""What every rule receives: the decoded message, the signature verdict, time and config."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from samlscope.facts import endpoint_kind
from samlscope.record import Record

if TYPE_CHECKING:  # annotations only: the addon imports Config before any SAML arrives
    from samlscope.decoder.errors import DecodeError
    from samlscope.decoder.message.model import Assertion, Response, SamlMessage
    from samlscope.decoder.readers.capture import Capture
    from samlscope.decoder.signature.trust import TrustStore
    from samlscope.decoder.signature.verify import Verification
    from samlscope.facts import Profile
    from samlscope.rules.engine import Finding
    from samlscope.rules.wording import Wording


DEFAULT_SKEW = timedelta(seconds=300)


class Config(Record):
    """What the user told samlscope (flags or addon options). Rules read it, never argv."""

    profile: str = "auto"
    skew: timedelta = DEFAULT_SKEW
    at: datetime | None = None
    """The evaluation time given with --at (overrides the capture's own time)."""
    endpoint: str | None = None
    relay_state: str | None = None
    sp_entity_id: str | None = None
    idp_entity_id: str | None = None
    """The Issuer to expect (--idp-entity-id): what SAML014 checks when no metadata names it,
    as when only a certificate or a key is trusted."""


class Context:
    """One analysis as the rules see it. Built once per capture and never changed; what rules
    read on every check (the response, the consumed assertion) is looked up here once."""

    __slots__ = (
        "_response",
        "_wording",
        "assertion",
        "capture",
        "config",
        "endpoint",
        "endpoint_kind",
        "evaluated_at",
        "findings",
        "message",
        "problem",
        "profile",
        "relay_state",
        "time_source",
        "trust",
        "verification",
    )
    capture: Capture
    config: Config
    profile: Profile
    evaluated_at: datetime
    time_source: str
    """Where evaluated_at came from: `--at`, the capture's own time, or `now (...)`."""
    endpoint: str | None
    """The URL the response was posted to (capture, else --endpoint)."""
    endpoint_kind: str | None
    """`role` or `user` when that URL is one of Alibaba Cloud's SSO endpoints, else None."""
    relay_state: str | None
    trust: TrustStore | None
    problem: DecodeError | None
    message: SamlMessage | None
    verification: Verification | None
    assertion: Assertion | None
    """The assertion an SP consumes (None without one, or without a decoded message)."""
    findings: tuple[Finding, ...]
    """What the other rules found: set for `late` rules only (empty before)."""

    def __init__(
        self,
        *,
        capture: Capture,
        config: Config,
        profile: Profile,
        evaluated_at: datetime,
        time_source: str,
        endpoint: str | None,
        relay_state: str | None,
        trust: TrustStore | None,
        problem: DecodeError | None = None,
        message: SamlMessage | None = None,
        verification: Verification | None = None,
    ) -> None:
        self.capture = capture
        self.config = config
        self.profile = profile
        self.evaluated_at = evaluated_at
        self.time_source = time_source
        self.endpoint = endpoint
        self.endpoint_kind = endpoint_kind(endpoint)  # several rules ask; it is asked once
        self.relay_state = relay_state
        self.trust = trust
        self.problem = problem
        self.message = message
        self.verification = verification
        self._response = message.response if message is not None else None
        self.assertion = self._response.consumed if self._response is not None else None
        self.findings = ()
        self._wording: Wording | None = None

    @property
    def wording(self) -> Wording:
        """Which SP and IdP to name, and the IdP console's words for its settings (the same
        few recur, so wording_for caches them; worked out once per login)."""
        if self._wording is None:
            self._wording = self._word()
        return self._wording

    def _word(self) -> Wording:
        from samlscope.rules.wording import wording_for

        issuers: list[str | None] = []
        if self.message is not None:
            r = self.message.response
            issuers += [r.issuer, *(a.issuer for a in r.assertions)]
        if self.trust is not None:
            issuers += list(self.trust.entity_ids)
        if self.config.idp_entity_id:
            issuers.append(self.config.idp_entity_id)
        if self.capture.idp_error is not None:
            issuers.insert(0, f"idp:{self.capture.idp_error.idp_key}")
        return wording_for(self.profile.name, *issuers)

    @property
    def sp(self) -> str:
        """ "Alibaba Cloud" under an Alibaba profile, else "the service provider"."""
        return self.wording.sp

    @property
    def response(self) -> Response:
        assert self._response is not None, "rule needs a decoded message"
        return self._response

    @property
    def has_capture_time(self) -> bool:
        """True when evaluated_at is when the response was posted, not merely "now"."""
        return not self.time_source.startswith("now")

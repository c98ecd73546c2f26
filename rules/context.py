"""What every rule receives: the decoded message, the signature verdict, time and config."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from samlscope.record import Record

if TYPE_CHECKING:  # annotations only: the addon imports Config before any SAML arrives
    from samlscope.decoder.capture import Capture
    from samlscope.decoder.errors import DecodeError
    from samlscope.decoder.model import Assertion, Response, SamlMessage
    from samlscope.decoder.trust import TrustStore
    from samlscope.decoder.verify import Verification
    from samlscope.rules.profiles import Profile
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


class Context(Record):
    capture: Capture
    config: Config
    profile: Profile
    evaluated_at: datetime
    time_source: str
    """Where evaluated_at came from: `--at`, the capture's own time, or `now (...)`."""
    endpoint: str | None
    """The URL the response was posted to (capture, else --endpoint)."""
    relay_state: str | None
    trust: TrustStore | None
    problem: DecodeError | None = None
    message: SamlMessage | None = None
    verification: Verification | None = None

    @property
    def wording(self) -> Wording:
        """Which SP and IdP to name, and the IdP console's words for its settings (the same
        few recur, so wording_for caches them)."""
        from samlscope.rules.wording import wording_for

        issuers: list[str | None] = []
        if self.message is not None:
            r = self.message.response
            issuers += [r.issuer, *(a.issuer for a in r.assertions)]
        if self.trust is not None:
            issuers += list(self.trust.entity_ids)
        return wording_for(self.profile.name, *issuers)

    @property
    def sp(self) -> str:
        """ "Alibaba Cloud" under an Alibaba profile, else "the service provider"."""
        return self.wording.sp

    @property
    def response(self) -> Response:
        assert self.message is not None, "rule needs a decoded message"
        return self.message.response

    @property
    def assertion(self) -> Assertion | None:
        return self.response.consumed

    @property
    def has_capture_time(self) -> bool:
        """True when evaluated_at is when the response was posted, not merely "now"."""
        return not self.time_source.startswith("now")

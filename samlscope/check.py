"""`samlscope check FILE...`: the configuration on both sides, and logins against it.

One pipeline, as for `inspect`: each file is recognised (decoder.config); captured logins go
through the same `analyse()` (verified against the metadata RAM holds when it was given, since
that is what Alibaba Cloud verifies with, else the IdP metadata); then the CFG4xx rules run
over everything together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from samlscope.decoder.config import ConfigSet, IdpMetadata, read_config_file
from samlscope.decoder.signature.trust import Anchor, TrustStore
from samlscope.facts import profile_for_url, site_of_host
from samlscope.record import Record
from samlscope.report import Report
from samlscope.rules.config._base import ConfigContext, run_config_rules, trust_for
from samlscope.rules.context import Config
from samlscope.rules.engine import Finding, Severity
from samlscope.urlparts import host_of


class CheckReport(Record):
    config: ConfigSet
    logins: tuple[Report, ...]
    findings: tuple[Finding, ...]
    evaluated_at: datetime
    time_source: str
    site: str | None

    @property
    def verdict(self) -> str:
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        head = (
            f"configuration: {errors} error{'s' * (errors != 1)}"
            if errors
            else "configuration: no blocking error found"
        )
        failing = sum(1 for r in self.logins if r.failed)
        if failing:
            head += f"; {failing} of {len(self.logins)} logins fail (samlscope inspect says why)"
        return head

    @property
    def failed(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings) or any(
            r.failed for r in self.logins
        )


def _trust(metadata: IdpMetadata | None) -> TrustStore | None:
    if metadata is None or not metadata.certificates:
        return None
    anchors = tuple(Anchor(c.pem, c, True) for c in metadata.certificates)
    ids = (metadata.entity_id,) if metadata.entity_id else ()
    return TrustStore("metadata", metadata.source, anchors, ids)


def _site(config: ConfigSet, logins: Sequence[Report]) -> str | None:
    for report in logins:
        if report.profile.site:
            return report.profile.site
    for sp in config.sp_metadata:
        if sp.site:
            return sp.site
    for app in config.apps:
        for url in app.reply_urls:
            site = site_of_host(host_of(url))
            if site:
                return site
    return None


def _cloud_of(url: str | None) -> str | None:
    """The cloud a capture was posted to (its verdict needs that cloud's trust)."""
    found = profile_for_url(url)
    return found.cloud if found is not None else None


def run_check(
    paths: Sequence[str], at: datetime | None, now: datetime | None = None
) -> CheckReport:
    from samlscope.analysis import analyse
    from samlscope.decoder.readers.capture import Capture
    from samlscope.decoder.readers.inputs import read_captures
    from samlscope.rules.registry import all_rules

    config = ConfigSet()
    for path in paths:
        read_config_file(path, config)

    def judged(capture: Capture) -> Report:
        """A login verified with what its own cloud holds (where it was posted, else what
        the login itself says: a first look without trust tells the cloud)."""
        cloud = _cloud_of(capture.endpoint)
        if cloud is None and len({p.cloud for p in config.providers}) > 1:
            cloud = analyse(capture, Config(at=at), None).profile.cloud
        return analyse(capture, Config(at=at), _trust(trust_for(config, cloud)))

    logins = tuple(
        judged(capture)
        for path in config.capture_files
        for capture in read_captures(path, config.notes)
    )
    evaluated_at = at or now or datetime.now(UTC)
    time_source = "--at" if at is not None else "now"
    site = _site(config, logins)
    cctx = ConfigContext(config, logins, evaluated_at, time_source, site)
    findings = run_config_rules(cctx, all_rules("config"))
    return CheckReport(config, logins, tuple(findings), evaluated_at, time_source, site)

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
from samlscope.facts import site_of_host
from samlscope.record import Record
from samlscope.report import Report
from samlscope.rules.config._base import ConfigContext, run_config_rules
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


def run_check(
    paths: Sequence[str], at: datetime | None, now: datetime | None = None
) -> CheckReport:
    from samlscope.analysis import analyse
    from samlscope.decoder.readers.inputs import read_captures
    from samlscope.rules.registry import all_rules

    config = ConfigSet()
    for path in paths:
        read_config_file(path, config)
    held = next((p.metadata for p in config.providers if p.metadata is not None), None)
    trust = _trust(held) or _trust(next(iter(config.idp_metadata), None))
    logins = tuple(
        analyse(capture, Config(at=at), trust)
        for path in config.capture_files
        for capture in read_captures(path, config.notes)
    )
    evaluated_at = at or now or datetime.now(UTC)
    time_source = "--at" if at is not None else "now"
    site = _site(config, logins)
    cctx = ConfigContext(config, logins, evaluated_at, time_source, site)
    findings = run_config_rules(cctx, all_rules("config"))
    return CheckReport(config, logins, tuple(findings), evaluated_at, time_source, site)

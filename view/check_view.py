"""Views of `samlscope check`: what was read (certificates, app roles, RAM and IAM objects) and the
CFG4xx findings, as a rich terminal view and as JSON."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from samlscope import __version__
from samlscope.check import CheckReport
from samlscope.decoder.signature.certs import CertInfo
from samlscope.decoder.timeutil import iso
from samlscope.facts import consoles, words
from samlscope.facts.idps import ENTRA_DEFAULT_ROLES as DEFAULT_ROLES
from samlscope.facts.roles import grammar_for, parse_role
from samlscope.view.json_report import cert_dict, finding_dict, report_dict
from samlscope.view.sanitize import text
from samlscope.view.terminal import SEVERITY_STYLE


def _role_verdict(value: str | None, cloud: str = "alibaba") -> str:
    role = consoles(cloud).role
    if not value:
        return f"no value (a default role: gives no {role})"
    if value.strip().lower() in DEFAULT_ROLES:
        return f"default role: gives no {role}"
    parsed = parse_role(value, grammar_for(cloud, value))
    if parsed.problems:
        return "; ".join(parsed.problems)
    if parsed.reversed:
        return "reversed: IdP ARN first" if words(cloud).order_required else "ok (provider first)"
    return "ok"


def _clouds(report: CheckReport) -> list[str]:
    config = report.config
    found = {p.cloud for p in config.providers} | {r.cloud for r in config.roles}
    found |= {a.cloud for a in config.apps}
    found |= {r.profile.cloud for r in report.logins if r.profile.cloud}
    return sorted(found)


def _certificates(report: CheckReport) -> list[tuple[CertInfo, str, str | None]]:
    """(certificate, who holds it, entityID) for every IdP signing certificate read."""
    out: list[tuple[CertInfo, str, str | None]] = []
    for md in report.config.idp_metadata:
        out += [
            (c, "IdP metadata" + (" (Entra)" if md.entra else ""), md.entity_id)
            for c in md.certificates
        ]
    for p in report.config.providers:
        if p.metadata is not None:
            out += [
                (c, f"{consoles(p.cloud).service} provider {p.name}", p.metadata.entity_id)
                for c in p.metadata.certificates
            ]
    return out


def check_dict(report: CheckReport) -> dict[str, Any]:
    at = report.evaluated_at
    config = report.config
    return {
        "tool": {"name": "samlscope", "version": __version__},
        "evaluated_at": iso(at),
        "time_source": report.time_source,
        "site": report.site,
        "clouds": _clouds(report),
        "verdict": report.verdict,
        "inputs": [{"source": s, "kind": k} for s, k in config.inputs],
        "certificates": [
            {
                **(cert_dict(c) or {}),
                "held_by": who,
                "entity_id": entity,
                "days_left": int((c.not_after - at).total_seconds() // 86400),
            }
            for c, who, entity in _certificates(report)
        ],
        "app_roles": [
            {
                "app": app.name,
                "source": app.source,
                "display_name": r.display_name,
                "value": r.value,
                "enabled": r.enabled,
                "verdict": _role_verdict(r.value, app.cloud),
                "cloud": app.cloud,
            }
            for app in config.apps
            for r in app.roles
        ],
        "ram_providers": [
            {
                "name": p.name,
                "arn": p.arn,
                "source": p.source,
                "entity_id": p.metadata.entity_id if p.metadata else None,
                "cloud": p.cloud,
            }
            for p in config.providers
        ],
        "ram_roles": [
            {
                "name": r.name,
                "arn": r.arn,
                "source": r.source,
                "max_session_duration": r.max_session,
                "trusted_providers": None
                if r.statements is None
                else sorted({f for s in r.statements for f in s.federated}),
                "recipients": None
                if r.statements is None
                else sorted({x for s in r.statements for x in s.recipients}),
                "saml_aud": None
                if r.statements is None
                else sorted({v for s in r.statements for _, v in s.audiences}),
                "cloud": r.cloud,
            }
            for r in config.roles
        ],
        "user_sso": [
            {
                "source": u.source,
                "sso_enabled": u.enabled,
                "sso_login_with_domain": u.login_with_domain,
                "auxiliary_domain": u.auxiliary_domain,
                "entity_id": u.metadata.entity_id if u.metadata else None,
            }
            for u in config.user_sso
        ],
        "ram_users": [
            {"name": u.name, "principal_name": u.principal_name, "source": u.source}
            for u in config.users
        ],
        "default_domains": list(config.default_domains),
        "logins": [report_dict(r) for r in report.logins],
        "notes": list(config.notes),
        "findings": [finding_dict(f) for f in report.findings],
    }


def _lines(*values: str) -> Any:
    out = text(values[0])
    for value in values[1:]:
        out.append("\n")
        out.append_text(text(value))
    return out


class _Rows:
    """A table as lines: each row's first cell, then each other cell after its column's name.
    No value is ever broken (ARNs, thumbprints and entity IDs are copied from here), at any
    width and in a pipe; a terminal wraps long lines visually only."""

    def __init__(self, title: str, *columns: str) -> None:
        self.title = title
        self.columns = columns
        self.rows: list[tuple[Any, ...]] = []

    def add_row(self, *cells: Any) -> None:
        self.rows.append(cells)

    def lines(self) -> list[Any]:
        out = [text(self.title, "bold underline")]
        for first, *rest in self.rows:
            for part in first.split("\n"):
                line = text("  ")
                line.append_text(part)
                out.append(line)
            for column, cell in zip(self.columns[1:], rest, strict=True):
                if not cell.plain.strip():
                    continue
                for n, part in enumerate(cell.split("\n")):
                    row = text(f"    {column}: " if n == 0 else " " * (6 + len(column)))
                    row.append_text(part)
                    out.append(row)
        return out


def _table(title: str, *columns: str) -> _Rows:
    return _Rows(title, *columns)


def render_check(report: CheckReport, console: Console) -> None:
    at = report.evaluated_at
    parts: list[Any] = []
    verdict = text(
        f"{'✘' if report.failed else '✔'} {report.verdict}",
        "bold red" if report.failed else "bold green",
    )
    parts.append(verdict)
    where = {"intl": "international site", "cn": "China site"}.get(report.site or "", "unknown")
    clouds = _clouds(report)
    if clouds == ["aws"]:
        where = "AWS"
    parts.append(text(f"site: {where} · evaluated at {iso(at)} ({report.time_source})", "dim"))
    if report.findings:  # what to act on first, then the tables that back it
        parts.append(text("findings", "bold underline"))
        for f in report.findings:
            line = text(f"{f.severity.value.upper()} {f.code} ", SEVERITY_STYLE[f.severity])
            line.append_text(text(f"{f.name}: {f.message}"))
            parts.append(line)
            parts.append(text(f"  fix: {f.fix}", "dim"))
    certs = _certificates(report)
    if certs:
        table = _table(
            "IdP signing certificates",
            "held by",
            "thumbprint (SHA-1) / SHA-256",
            "valid",
            "days left",
        )
        for cert, who, entity in certs:
            days = int((cert.not_after - at).total_seconds() // 86400)
            prints = text(cert.sha1)
            prints.append("\n")
            prints.append_text(text(cert.sha256, "dim"))
            held = text(who)
            held.append("\n")
            held.append_text(text(entity or "", "dim"))
            table.add_row(
                held,
                prints,
                _lines(iso(cert.not_before) or "", iso(cert.not_after) or ""),
                text(str(days), "red" if days < 30 else ""),
            )
        parts.append(table)
    roles = [(app, r) for app in report.config.apps for r in app.roles]
    if roles:
        table = _table("Entra app roles", "displayName", "value", "verdict")
        for app, r in roles:
            verdict_text = _role_verdict(r.value, app.cloud)
            table.add_row(
                text(r.display_name),
                text(r.value or "(none)"),
                text(verdict_text, "green" if verdict_text == "ok" else "red"),
            )
        parts.append(table)
    if report.config.providers or report.config.roles:
        owners = {p.cloud for p in report.config.providers} | {r.cloud for r in report.config.roles}
        title = " and ".join(consoles(c).service for c in sorted(owners))
        table = _table(title, "object", "ARN", "trusts / entityID", "max session")
        for p in report.config.providers:
            table.add_row(
                text("SAML provider"),
                text(p.arn or p.name),
                text(p.metadata.entity_id if p.metadata else "(list: no metadata)"),
                text(""),
            )
        for role in report.config.roles:
            trusts = (
                "(list: no trust policy)"
                if role.statements is None
                else ", ".join(sorted({f for s in role.statements for f in s.federated})) or "none"
            )
            auds = sorted({v for s in role.statements or () for _, v in s.audiences})
            if auds:
                trusts += f" (SAML:aud {', '.join(auds)})"
            table.add_row(
                text("role"),
                text(role.arn or role.name),
                text(trusts),
                text(str(role.max_session or "")),
            )
        parts.append(table)
    for u in report.config.user_sso:
        state = {True: "on", False: "OFF", None: "unknown"}[u.enabled]
        domain = "user@domain" if u.login_with_domain else "user name alone"
        parts.append(
            text(
                f"user-based SSO ({u.source}): {state}; NameID {domain}; auxiliary domain "
                f"{u.auxiliary_domain or '(none)'}",
                "red" if u.enabled is False else "",
            )
        )
    if report.config.users:
        shown = ", ".join(u.principal_name or u.name for u in report.config.users[:10])
        more = f" … ({len(report.config.users)} in all)" if len(report.config.users) > 10 else ""
        parts.append(text(f"RAM users: {shown}{more}"))
    for login in report.logins:
        parts.append(
            text(
                f"login {login.capture.source}: {login.verdict}", "red" if login.failed else "green"
            )
        )
    for note in report.config.notes:
        parts.append(text(f"note: {note}", "yellow"))
    parts.append(verdict)
    for part in parts:
        for line in part.lines() if isinstance(part, _Rows) else [part]:
            console.print(line, soft_wrap=True)

from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.urlparts import split_url

ALLOWED = (
    "aliyun.com",
    "alibabacloud.com",
    "hichina.com",
    "yunos.com",
    "taobao.com",
    "tmall.com",
    "alipay.com",
)
SPEC_LIMIT = 80


def _allowed(host: str) -> bool:
    return any(host == d or host.endswith("." + d) for d in ALLOWED)


class RelayStateNotAllowed(Rule):
    """ALI308 relay-state-not-allowed

    ## What it checks
    The RelayState posted with the response (Alibaba profiles): it must be an `https://` URL on
    an Alibaba-owned domain — `aliyun.com`, `alibabacloud.com`, `hichina.com`, `yunos.com`,
    `taobao.com`, `tmall.com`, `alipay.com` or a subdomain. Lookalikes such as
    `aliyun.com.evil.net` or `evilaliyun.com` are named as such. Over 80 bytes (the SAML
    bindings' limit) is noted.

    ## Why it breaks the login
    Alibaba Cloud redirects to the RelayState after login only when it is one of its own
    domains; otherwise the user lands on the console home page (Alibaba Cloud, "Configure
    Alibaba Cloud as a trusted SP for role-based SSO"). So a wrong RelayState does not block the
    login, but the user does not arrive where they expected — and a foreign URL there may be an
    open-redirect attempt.

    ## Example
    `RelayState=http://ecs.console.aliyun.com` (http), or `https://aliyun.com.evil.net/`.

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Single sign-on > Basic SAML Configuration,
    set Relay State to an `https://` console URL such as `https://ecs.console.aliyun.com/`,
    or leave it empty for the console home.
    """

    code = "ALI308"
    name = "relay-state-not-allowed"
    severity = Severity.WARNING
    fix = "Set {idp}'s Relay State for {app} to an https:// Alibaba console URL, or leave it empty."

    def check(self, ctx: Context) -> Iterator[Finding]:
        relay = ctx.relay_state
        if not relay:  # the family runs under Alibaba Cloud's profiles only
            return
        evidence = {"relay_state": relay}
        parts = split_url(relay)
        host = parts.host.rstrip(".") if parts is not None else ""
        if parts is None or parts.scheme not in ("http", "https") or not host:
            yield self.finding(
                f"RelayState {relay!r} is not a URL: Alibaba Cloud will open the "
                "console home page instead.",
                evidence=evidence,
            )
        elif not _allowed(host):
            lookalike = any(d.split(".")[0] in host for d in ALLOWED)
            what = (
                "looks like an Alibaba domain but is not one"
                if lookalike
                else "is not an Alibaba-owned domain"
            )
            yield self.finding(
                f"RelayState host {host!r} {what}: Alibaba Cloud will not "
                "redirect there (console home instead).",
                evidence={**evidence, "host": host, "lookalike": lookalike},
            )
        elif parts.scheme != "https":
            yield self.finding(
                f"RelayState {relay!r} uses http://; use https://.", evidence=evidence
            )
        if len(relay.encode()) > SPEC_LIMIT:
            yield self.finding(
                f"RelayState is {len(relay.encode())} bytes; the SAML bindings limit it to 80 "
                "(Alibaba Cloud documents no limit).",
                evidence=evidence,
                severity=Severity.INFO,
            )

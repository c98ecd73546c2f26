"""A mitmproxy addon for tests: no connection leaves the machine.

Load it after samlscope's addon. It refuses every upstream connection to a non-loopback address
(in server_connect, before any socket is opened) and answers any request still unanswered for a
non-loopback host with 403, so background traffic from a browser under test goes nowhere.
"""

import ipaddress
import logging

from mitmproxy import http

LOOPBACK_NAMES = {"localhost"}


def _loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class OfflineGuard:
    def __init__(self) -> None:
        self.refused: list[str] = []

    def request(self, flow: http.HTTPFlow) -> None:
        if flow.response is None and not _loopback(flow.request.host):
            self.refused.append(flow.request.pretty_url)
            flow.response = http.Response.make(403, b"offline test guard", {})

    def server_connect(self, data) -> None:  # type: ignore[no-untyped-def]
        host = data.server.address[0] if data.server.address else ""
        if not _loopback(host):
            logging.warning("offline guard refused a connection to %s", host)
            data.server.error = f"offline test guard: {host} is not loopback"


addons = [OfflineGuard()]

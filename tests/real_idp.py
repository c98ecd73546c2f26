"""A real IdP for the tests: Debian's SimpleSAMLphp, configured in a temporary folder and served
by PHP's built-in server on a loopback port. Everything it needs (its signing key pair, users,
the service providers it signs in to) is written here; nothing outside the folder is touched.

SimpleSAMLphp keys each service provider by its entity ID, which it always sends as the
Audience; `audience` adds more. So each misconfiguration a real admin makes is one SP entry,
and each user carries the attributes of one case.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from helpers import free_port, self_signed, stop, wait_for_port

WWW = Path("/usr/share/simplesamlphp/www")
PHP = shutil.which("php") or "/usr/bin/php"
MISSING = (
    "SimpleSAMLphp is not installed (Debian: apt-get install simplesamlphp php-cli php-xml "
    "php-mbstring php-curl; .ci/run installs them)"
)

ALI = "https://www.aliyun.com/SAML-Role/Attributes/"
AWS = "https://aws.amazon.com/SAML/Attributes/"
ALI_ROLE = "acs:ram::1234567890123456:role/sspadmin,acs:ram::1234567890123456:saml-provider/ssp"
AWS_ROLE = "arn:aws:iam::123456789012:role/SspAdmins,arn:aws:iam::123456789012:saml-provider/Ssp"
INTL_ACS = "https://signin.alibabacloud.com/saml-role/sso"
AWS_ACS = "https://signin.aws.amazon.com/saml"
CN_ACS = "https://signin.aliyun.com/saml-role/sso"
USER_SSO = "https://signin.aliyun.com/1234567890123456/saml/SSO"

USERS: dict[str, dict[str, list[str]]] = {
    "alice": {
        "uid": ["alice"],
        "logon": ["alice@contoso.onaliyun.com"],
        f"{ALI}Role": [ALI_ROLE],
        f"{ALI}RoleSessionName": ["alice"],
    },
    # the admin pasted the pair provider first, as some IdPs' own recipes do
    "bob": {
        "uid": ["bob"],
        f"{ALI}Role": [",".join(reversed(ALI_ROLE.split(",")))],
        f"{ALI}RoleSessionName": ["bob"],
    },
    # RoleSessionName not released
    "carol": {"uid": ["carol"], f"{ALI}Role": [ALI_ROLE]},
    "dave": {"uid": ["dave"], f"{AWS}Role": [AWS_ROLE], f"{AWS}RoleSessionName": ["dave"]},
}
PASSWORD = "not-a-secret"

SPS: dict[str, dict[str, Any]] = {
    "urn:alibaba:cloudcomputing:international": {"acs": INTL_ACS},
    "urn:alibaba:cloudcomputing": {"acs": CN_ACS},
    # the China site's entity ID on an application that posts to the international site
    "urn:samlscope:test:other-site": {"acs": INTL_ACS, "audience": ["urn:alibaba:cloudcomputing"]},
    # user-based SSO (China site, per account): the NameID is the RAM user's logon name
    USER_SSO: {
        "acs": USER_SSO,
        "simplesaml.nameidattribute": "logon",
        "NameIDFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
        "attributes": [],
    },
    "https://signin.aws.amazon.com/saml": {"acs": AWS_ACS},
    "urn:amazon:webservices": {"acs": AWS_ACS},
    "urn:samlscope:test:sha1": {
        "acs": INTL_ACS,
        "audience": ["urn:alibaba:cloudcomputing:international"],
        "signature.algorithm": "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
    },
    "urn:samlscope:test:response-only": {
        "acs": INTL_ACS,
        "audience": ["urn:alibaba:cloudcomputing:international"],
        "saml20.sign.assertion": False,
        "saml20.sign.response": True,
    },
    "urn:samlscope:test:unsigned": {
        "acs": INTL_ACS,
        "audience": ["urn:alibaba:cloudcomputing:international"],
        "saml20.sign.assertion": False,
        "saml20.sign.response": False,
    },
}


def available() -> bool:
    return (WWW / "saml2" / "idp" / "SSOService.php").exists() and Path(PHP).exists()


def _php(value: Any) -> str:
    """A PHP literal for a str, bool, list or dict."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, list):
        return "[" + ", ".join(_php(v) for v in value) + "]"
    if isinstance(value, dict):
        return "[" + ", ".join(f"{_php(k)} => {_php(v)}" for k, v in value.items()) + "]"
    raise TypeError(type(value))


def key_pair(folder: Path, name: str, cn: str) -> Path:
    """A fresh RSA key (`name`.key) and its self-signed certificate (`name`.crt, returned)."""
    pem = folder / f"{name}.crt"
    self_signed(rsa.generate_private_key(65537, 2048), cn, folder / f"{name}.key", pem)
    return pem


def configure(root: Path) -> None:
    """SimpleSAMLphp's configuration, users and SP entries under `root`."""
    for sub in ("config", "metadata", "cert", "log", "data", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    key_pair(root / "cert", "idp", "samlscope test SimpleSAMLphp IdP")
    config = {
        "baseurlpath": "/",
        "certdir": f"{root}/cert/",
        "loggingdir": f"{root}/log/",
        "datadir": f"{root}/data/",
        "tempdir": f"{root}/tmp/",
        "metadatadir": f"{root}/metadata/",
        "technicalcontact_name": "samlscope tests",
        "technicalcontact_email": "tests@example.invalid",
        "secretsalt": "samlscope-tests-salt-not-a-secret",
        "auth.adminpassword": "samlscope-tests-not-a-secret",
        "admin.protectmetadata": False,
        "timezone": "UTC",
        "logging.handler": "file",
        "enable.saml20-idp": True,
        "module.enable": {"exampleauth": True, "core": True, "saml": True},
        "store.type": "phpsession",
        # Debian's default cookie settings make Chromium drop the session over plain http
        "session.cookie.samesite": "Lax",
        "session.cookie.secure": False,
        "session.phpsession.savepath": f"{root}/tmp",
        "language.default": "en",
    }
    (root / "config" / "config.php").write_text(f"<?php\n$config = {_php(config)};\n")
    users = {f"{name}:{PASSWORD}": attrs for name, attrs in USERS.items()}
    # exampleauth:UserPass reads "user:password" => attributes after the class name
    text = f"<?php\n$config = ['users' => array_merge(['exampleauth:UserPass'], {_php(users)})];\n"
    (root / "config" / "authsources.php").write_text(text)
    hosted = {
        "host": "__DEFAULT__",
        "privatekey": "idp.key",
        "certificate": "idp.crt",
        "auth": "users",
        "attributes.NameFormat": "urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
    }
    (root / "metadata" / "saml20-idp-hosted.php").write_text(
        f"<?php\n$metadata['urn:samlscope:test:simplesamlphp'] = {_php(hosted)};\n"
    )
    lines = ["<?php"]
    for entity_id, sp in SPS.items():
        entry = {
            "AssertionConsumerService": sp["acs"],
            "NameIDFormat": "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
            "simplesaml.nameidattribute": "uid",
            "saml20.sign.response": False,
            "saml20.sign.assertion": True,
            **{k: v for k, v in sp.items() if k != "acs"},
        }
        lines.append(f"$metadata[{_php(entity_id)}] = {_php(entry)};")
    (root / "metadata" / "saml20-sp-remote.php").write_text("\n".join(lines) + "\n")
    (root / "router.php").write_text(ROUTER)


ROUTER = """<?php
// PHP's built-in server: run SimpleSAMLphp's scripts with their path info (module.php/...).
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (preg_match('#^(/.+?\\.php)(/.*)?$#', $path, $m) && is_file($_SERVER['DOCUMENT_ROOT'] . $m[1])) {
    $_SERVER['SCRIPT_NAME'] = $m[1];
    $_SERVER['PHP_SELF'] = $m[1] . ($m[2] ?? '');
    $_SERVER['PATH_INFO'] = $m[2] ?? '';
    $_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . $m[1];
    chdir(dirname($_SERVER['SCRIPT_FILENAME']));
    require $_SERVER['SCRIPT_FILENAME'];
    return true;
}
return false;
"""


class Idp:
    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.base = f"http://127.0.0.1:{port}"
        self.metadata = root / "idp-metadata.xml"

    def start_url(self, sp_entity_id: str) -> str:
        """SimpleSAMLphp's IdP-initiated sign-on for one SP."""
        from urllib.parse import quote

        return f"{self.base}/saml2/idp/SSOService.php?spentityid={quote(sp_entity_id, safe='')}"


@contextmanager
def running(root: Path) -> Iterator[Idp]:
    """SimpleSAMLphp configured under `root` and served on a free loopback port."""
    configure(root)
    env = {**os.environ, "SIMPLESAMLPHP_CONFIG_DIR": str(root / "config")}
    for attempt in range(3):  # a free port can be taken between finding and binding it
        port = free_port()
        proc = subprocess.Popen(
            [PHP, "-S", f"127.0.0.1:{port}", "-t", str(WWW), str(root / "router.php")],
            env=env,
            stdout=(root / "log" / "server.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(port, proc, seconds=20)
            break
        except pytest.fail.Exception:
            proc.kill()
            proc.wait()
            if attempt == 2:
                raise
    idp = Idp(root, port)
    try:
        with urllib.request.urlopen(f"{idp.base}/saml2/idp/metadata.php", timeout=20) as answer:
            idp.metadata.write_bytes(answer.read())
        yield idp
    finally:
        stop(proc, 10)


def login_form(idp: Idp, sp_entity_id: str, user: str) -> str:
    """What SimpleSAMLphp's page posts to the SP after `user` signs in (the form body, as a
    browser sends it), fetched without a browser: its IdP-initiated start, its login form."""
    import http.cookiejar
    import re
    from html import unescape
    from urllib.parse import urlencode

    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(idp.start_url(sp_entity_id), timeout=20) as page:
        login_url, text = page.geturl(), page.read().decode()
    state = re.search(r'name="AuthState" value="([^"]+)"', text)
    assert state is not None, text[:500]
    body = urlencode({"username": user, "password": PASSWORD, "AuthState": unescape(state[1])})
    with opener.open(login_url.split("?")[0], body.encode(), timeout=20) as page:
        text = page.read().decode()
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', text))
    assert "SAMLResponse" in fields, text[:500]
    return urlencode({k: unescape(v) for k, v in fields.items()})


def save(folder: Path) -> None:
    """Capture one run's logins as samples that tests replay without PHP: each case's form
    body and the IdP's metadata (its certificate only; the key stays in the temporary folder)."""
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, running(Path(tmp)) as idp:
        files = {"idp-metadata.xml": idp.metadata.read_bytes()}
        for name, (sp, user) in GOLDEN.items():
            files[f"{name}.form"] = (login_form(idp, sp, user) + "\n").encode()
    for name, content in files.items():  # every login captured first; then each put in place
        part = folder / f".{name}.part"
        part.write_bytes(content)
        os.replace(part, folder / name)


GOLDEN = {
    "alibaba-valid": ("urn:alibaba:cloudcomputing:international", "alice"),
    "alibaba-cn-valid": ("urn:alibaba:cloudcomputing", "alice"),
    "user-sso-valid": (USER_SSO, "alice"),
    "alibaba-reversed-role": ("urn:alibaba:cloudcomputing:international", "bob"),
    "alibaba-no-session-name": ("urn:alibaba:cloudcomputing:international", "carol"),
    "aws-valid": ("urn:amazon:webservices", "dave"),
    "sha1": ("urn:samlscope:test:sha1", "alice"),
    "unsigned": ("urn:samlscope:test:unsigned", "alice"),
}
"""The cases saved as samples (samples/simplesamlphp/): `python tests/real_idp.py DIR`."""


if __name__ == "__main__":
    import sys

    save(Path(sys.argv[1]))

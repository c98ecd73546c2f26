"""Remove bearer secrets and mask identities in any text a capture holds.

One `Scrubber` serves every capture format (`samlscope redact`): it is handed strings (URLs,
header values, bodies, JSON values) and structured pairs (headers, form fields, query strings)
and returns them without anything that could be replayed or that names the user:

- SAML messages wherever they sit (a form field, a URL, an auto-post page's hidden input, a
  base64 blob, a decoded XML string): signature values, digests and encrypted data are emptied
  and identities masked; what is left still decodes, so `samlscope inspect` reads the redacted
  capture (its signature status is then `redacted`);
- OAuth/OIDC tokens and codes in URLs, form and JSON bodies (`access_token`, `id_token`,
  `refresh_token`, `code`, `sig`, ...), and anything shaped like a JWT;
- secret headers (Authorization, Cookie, Set-Cookie, X-Ms-RefreshTokenCredential, ...);
- identities (NameID, UPN, e-mail, display name, object ID) learnt from the SAML messages,
  replaced everywhere by stable placeholders (`user1@redacted.invalid`), so findings still
  read: a placeholder keeps whatever made a value break a rule (an `@`, a length over 64, a
  character Alibaba Cloud does not allow).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import Counter
from collections.abc import Iterable
from html import escape, unescape
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus, unquote_plus

from lxml import etree

from samlscope.decoder.errors import DecodeError
from samlscope.decoder.message.bindings import decode_value
from samlscope.decoder.message.extract import REDACTED_MARK
from samlscope.decoder.message.names import (
    ASSERTION,
    DS,
    GUID,
    IDENTITY_CLAIM,
    SAML,
    XENC,
    local_name,
    q,
)
from samlscope.decoder.message.xmlparse import parse_xml
from samlscope.lazyre import lazy_pattern

if TYPE_CHECKING:
    from samlscope.report import Report

REDACTED = "[redacted by samlscope]"
SECRET_WORDS = (
    "token",
    "secret",
    "signature",
    "credential",
    "password",
    "passwd",
    "assertion",
    "cookie",
    "session",
    "csrf",
    "xsrf",
    "apikey",
    "accesskey",
    "privatekey",
    "samlart",
    "canary",
)
"""A header, cookie, parameter or JSON key whose name contains one of these is a secret."""
SECRET_PARTS = frozenset(
    {
        "sig",
        "key",
        "auth",
        "authorization",
        "code",
        "pwd",
        "otp",
        "ctx",
        "jwt",
        "bearer",
        "sid",
        "ft",
    }
)
"""...or whose name has one of these as a word of its own (`X-Api-Key`, `X-Sig`, `code`,
Entra's flow token `sFT`)."""
_NOT_SECRET_BEFORE = {
    "code": frozenset({"error", "status", "response", "reason", "country", "zip", "post", "lang"}),
    "key": frozenset({"idempotency", "cache", "sort", "primary", "foreign", "partition"}),
}
"""Words that make `code` or `key` ordinary (`error_code`, `X-Cache-Key`): a support engineer
needs them, and they hold no secret."""
KEEP_NAMES = lazy_pattern(r"^(?:access-control-|:authority$|content-|accept)", re.I)
"""Names kept whatever they contain: what a support engineer reads (CORS, content types)."""
_WORDS = lazy_pattern(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_BLOB = lazy_pattern(r"[A-Za-z0-9+/_-]{32,}={0,2}")
_BEARER = lazy_pattern(r"\b(Bearer|Basic|Negotiate|NTLM|Digest)(\s+)([A-Za-z0-9._~+/=-]{8,})")
_GUID = lazy_pattern(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)


def secret_name(name: str) -> str | None:
    """Why a header, cookie, parameter or JSON key name marks its value as a secret (the rule,
    for the receipt), or None."""
    if not name or KEEP_NAMES.match(name):
        return None
    flat = re.sub(r"[^a-z0-9]", "", name.lower())
    for word in SECRET_WORDS:
        if word in flat:
            return f"name contains '{word}'"
    parts = [w.lower() for w in _WORDS.findall(name)]
    for i, part in enumerate(parts):
        if part in SECRET_PARTS:
            before = parts[i - 1] if i else ""
            if before not in _NOT_SECRET_BEFORE.get(part, frozenset()):
                return f"name has the word '{part}'"
    return None


def secret_value(value: str) -> str | None:
    """Why a whole value is a secret by its shape alone (the rule, for the receipt), or None:
    a JWT, an HTTP credential (`Bearer ...`), or a long base64 blob. GUIDs and hex digests
    (request and correlation IDs) are kept: support needs them."""
    text = value.strip().strip('"')
    if _JWT.fullmatch(text):
        return "value shaped like a JWT"
    if _BEARER.match(text):
        return "value shaped like an HTTP credential"
    if _BLOB.fullmatch(text) and not _GUID.match(text):
        classes = (
            any(c.isupper() for c in text)
            + any(c.islower() for c in text)
            + any(c.isdigit() for c in text)
        )
        if classes == 3:
            return "value shaped like a long base64 blob"
    return None


STRUCTURAL_KEYS = frozenset(
    {
        "text",
        "url",
        "method",
        "httpVersion",
        "mimeType",
        "comment",
        "startedDateTime",
        "serverIPAddress",
        "connection",
        "redirectURL",
        "pageref",
        "title",
        "statusText",
        "encoding",
        "_samlscope",
    }
)
"""HAR and SAML-tracer keys whose values are scrubbed as text, never dropped by shape."""
SAML_FIELDS = ("SAMLResponse", "SAMLRequest")
_PAIR = lazy_pattern(r"(?<![\w-])([A-Za-z_][\w.-]{0,60})=([^&#\s\"'<>]*)")
_JSON_PAIR = lazy_pattern(r'("([A-Za-z_][\w.-]{0,60})"\s*:\s*")((?:[^"\\]|\\.)*)(")')
_HIDDEN_INPUT = lazy_pattern(r"<input\b[^>]*>", re.I)
_INPUT_NAME = lazy_pattern(r"""\bname\s*=\s*(["'])(SAMLResponse|SAMLRequest)\1""", re.I)
_INPUT_VALUE = lazy_pattern(r"""(\bvalue\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_BASE64_RUN = lazy_pattern(r"[A-Za-z0-9+/%]{200,}={0,2}(?:%3D){0,2}")
_JWT = lazy_pattern(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
_SAML_NS = "urn:oasis:names:tc:SAML:2.0:"
_ALLOWED_SESSION_NAME = lazy_pattern(r"^[A-Za-z0-9.@\-_=,+]{2,64}$")


_HEADER_LISTS = ("headers", "requestheaders", "responseheaders")


class Scrubber:
    def __init__(self, *, mask_identities: bool = True) -> None:
        self.mask_identities = mask_identities
        self.identities: dict[str, str] = {}
        self.removed: Counter[str] = Counter()
        self._kinds: Counter[str] = Counter()
        self._pattern: re.Pattern[str] | None = None
        self._masks: set[str] = {REDACTED}

    # ----- identities -----------------------------------------------------------------
    def learn(self, root: etree._Element) -> None:
        """Remember the identities a SAML document carries (NameID, identity claims)."""
        if not self.mask_identities:
            return
        for el in root.iter(q(SAML, "NameID")):
            self._learn(el.text)
        for assertion in root.iter(ASSERTION):
            for attr in assertion.iter(q(SAML, "Attribute")):
                if IDENTITY_CLAIM.search(attr.get("Name", "")):
                    for value in attr:
                        self._learn(value.text)

    def learn_report(self, report: Report) -> None:
        """The same, from an analysed login's model (no second parse of its XML)."""
        if not self.mask_identities:
            return
        if report.capture.idp_error is not None:
            self._learn(report.capture.idp_error.user)
        if report.message is None:
            return
        for assertion in report.message.response.assertions:
            if assertion.name_id is not None:
                self._learn(assertion.name_id.value)
            for attr in assertion.attributes:
                if IDENTITY_CLAIM.search(attr.name):
                    for value in attr.values:
                        self._learn(value)

    def _learn(self, value: str | None) -> None:
        value = (value or "").strip()
        if len(value) < 3 or value in self.identities or value in self._masks:
            return
        kind = "guid" if GUID.match(value) else "email" if "@" in value else "name"
        self._kinds[kind] += 1
        self.identities[value] = _placeholder(value, kind, self._kinds[kind])
        self._masks.add(self.identities[value])
        self._pattern = None

    def _identity_pattern(self) -> re.Pattern[str] | None:
        if self._pattern is None and self.identities:
            forms: dict[str, str] = {}
            for value, mask in self.identities.items():
                for form, masked in (
                    (value, mask),
                    (quote(value, safe=""), quote(mask, safe="")),
                    (quote_plus(value, safe=""), quote_plus(mask, safe="")),
                    (escape(value), escape(mask)),
                ):
                    forms.setdefault(form.lower(), masked)
            self._forms = forms
            alternatives = sorted(forms, key=len, reverse=True)
            self._pattern = re.compile("|".join(map(re.escape, alternatives)), re.I)
        return self._pattern

    def mask(self, text: str) -> str:
        pattern = self._identity_pattern()
        if pattern is None:
            return text
        out, n = pattern.subn(lambda m: self._forms[m.group().lower()], text)
        if n:
            self.removed["identity"] += n
        return out

    # ----- SAML -----------------------------------------------------------------------
    def saml_xml(self, xml: bytes) -> bytes | None:
        """A SAML document with signature values, digests and ciphertext emptied and
        identities masked; None when it does not parse."""
        try:
            root = parse_xml(xml)
        except DecodeError:
            return None
        self.learn(root)
        for tag in (f"{{{DS}}}SignatureValue", f"{{{DS}}}DigestValue", f"{{{XENC}}}CipherValue"):
            for el in root.iter(tag):
                if (el.text or "").strip():
                    el.text = ""
                    self.removed[local_name(tag)] += 1
                    if tag.endswith("SignatureValue"):
                        el.append(etree.ProcessingInstruction(REDACTED_MARK))
        if self.identities:
            for el in root.iter():
                if not isinstance(el.tag, str):
                    continue
                if el.text:
                    el.text = self.mask(el.text)
                if el.tail:
                    el.tail = self.mask(el.tail)
                for name, value in el.attrib.items():
                    el.set(name, self.mask(str(value)))
        return etree.tostring(root)

    def saml_value(self, value: str) -> str:
        """A SAMLResponse/SAMLRequest value (base64, maybe deflated or URL-encoded), redacted
        and re-encoded as plain base64; the redaction marker when it does not decode."""
        try:
            xml = decode_value(value).xml
        except DecodeError:
            self.removed["undecodable SAML value"] += 1
            return REDACTED
        redacted = self.saml_xml(xml)
        if redacted is None:
            self.removed["undecodable SAML value"] += 1
            return REDACTED
        self.removed["SAML message"] += 1
        return base64.b64encode(redacted).decode()

    def _maybe_saml_blob(self, blob: str) -> str:
        """A long base64 run found in free text: redacted when it decodes to SAML, written
        back in the same encoding (percent-encoded when it was)."""
        encoded = "%" in blob
        raw = unquote_plus(blob) if encoded else blob
        try:
            data = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=False)
        except (binascii.Error, ValueError):
            return blob
        if b"SAML" not in data and not data.startswith(b"\x1f\x8b"):
            try:
                data = decode_value(raw).xml
            except DecodeError:
                return blob
            if b"SAML" not in data:
                return blob
        redacted = self.saml_value(raw)
        return quote(redacted, safe="") if encoded and redacted != REDACTED else redacted

    # ----- text -----------------------------------------------------------------------
    def text(self, text: str) -> str:
        """Any string from a capture: every secret removed, identities masked."""
        if not text:
            return text
        stripped = text.lstrip()
        if (
            stripped.startswith("<")
            and _SAML_NS in text
            and ("Response" in text or "Request" in text)
        ):
            redacted = self.saml_xml(stripped.encode("utf-8"))
            if redacted is not None:
                return redacted.decode("utf-8")
        if "SAML" in text:
            text = _HIDDEN_INPUT.sub(self._hidden_input, text)
        if "=" in text:
            text = _PAIR.sub(self._pair, text)
        if '"' in text and ":" in text:
            text = _JSON_PAIR.sub(self._json_pair, text)
        if len(text) >= 200:
            text = _BASE64_RUN.sub(lambda m: self._maybe_saml_blob(m.group()), text)
        text, jwts = _JWT.subn(REDACTED, text)
        if jwts:
            self.removed["value shaped like a JWT"] += jwts
        if " " in text:
            text, credentials = _BEARER.subn(lambda m: m.group(1) + m.group(2) + REDACTED, text)
            if credentials:
                self.removed["value shaped like an HTTP credential"] += credentials
        return self.mask(text)

    def _hidden_input(self, match: re.Match[str]) -> str:
        tag = match.group()
        if not _INPUT_NAME.search(tag):
            return tag
        return _INPUT_VALUE.sub(
            lambda m: (
                f"{m.group(1)}{m.group(2)}{self.saml_value(unescape(m.group(3)))}{m.group(2)}"
            ),
            tag,
            count=1,
        )

    def _pair(self, match: re.Match[str]) -> str:
        name, value = match.group(1), match.group(2)
        return f"{name}={self.field(name, value, encoded=True)}"

    def _json_pair(self, match: re.Match[str]) -> str:
        name = match.group(2)
        if name in SAML_FIELDS or secret_name(name) or secret_value(match.group(3)):
            return match.group(1) + self.field(name, match.group(3)) + match.group(4)
        return match.group()

    def field(self, name: str, value: str, *, encoded: bool = False) -> str:
        """One named value (form field, query parameter, JSON key)."""
        if name in SAML_FIELDS:
            if not value.strip() or value.startswith(REDACTED[:9]):
                return value  # nothing to redact (an IdP-initiated launch's empty SAMLRequest=)
            redacted = self.saml_value(unquote_plus(value) if encoded else value)
            return quote(redacted, safe="") if encoded and redacted != REDACTED else redacted
        if not value or value == REDACTED or value == quote(REDACTED, safe=""):
            return value
        why = secret_name(name) or secret_value(unquote_plus(value) if encoded else value)
        if why:
            self.removed[f"field {name[:60]} ({why})"] += 1
            return quote(REDACTED, safe="") if encoded else REDACTED
        return value

    def header(self, name: str, value: str) -> str:
        why = secret_name(name) or secret_value(value)
        if why:
            if value and value != REDACTED:
                self.removed[f"header {name.lower()[:60]} ({why})"] += 1
            return REDACTED
        return self.text(value)

    def pairs(self, items: Iterable[Any], *, headers: bool = False) -> list[Any]:
        """HAR/SAML-tracer name/value lists: `{"name":..., "value":...}` or `[name, value]`."""
        out: list[Any] = []
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                name, value = item["name"], item.get("value")
                if isinstance(value, str):
                    value = (
                        self.header(name, value) if headers else self.text(self.field(name, value))
                    )
                out.append({**item, "value": value})
            elif isinstance(item, list) and len(item) >= 2 and isinstance(item[0], str):
                value = item[1]
                if isinstance(value, str):
                    value = (
                        self.header(item[0], value)
                        if headers
                        else self.text(self.field(item[0], value))
                    )
                out.append([item[0], value, *item[2:]])
            else:
                out.append(self.json(item))
        return out

    def _named(self, name: str, value: Any, header: bool) -> Any:
        if not isinstance(value, str):
            return self.json(value)
        return self.header(name, value) if header else self.text(self.field(name, value))

    def json(self, value: Any) -> Any:
        """Every string in a JSON value scrubbed; name/value lists and cookies by structure."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.json(v) for v in value]
        if not isinstance(value, dict):
            return value
        out: dict[str, Any] = {}
        for key, item in value.items():
            lowered = str(key).lower()
            if lowered == "cookies" and isinstance(item, list):
                if item:
                    self.removed["cookies"] += len(item)
                out[key] = []
            elif lowered in _HEADER_LISTS and isinstance(item, list):
                out[key] = self.pairs(item, headers=True)
            elif lowered in ("querystring", "params", "post", "get") and isinstance(item, list):
                out[key] = self.pairs(item)
            elif (
                isinstance(item, str)
                and key not in STRUCTURAL_KEYS
                and (key in SAML_FIELDS or secret_name(key) or secret_value(item))
            ):
                out[key] = self.text(self.field(key, item))
            else:
                out[key] = self.json(item)
        return out


def _placeholder(value: str, kind: str, n: int) -> str:
    """A stable stand-in that keeps what a rule judges: an @, a length over 64, characters
    outside Alibaba Cloud's RoleSessionName set."""
    if kind == "guid":
        return f"00000000-0000-4000-8000-{n:012d}"
    mask = f"user{n}@redacted.invalid" if kind == "email" else f"user{n}"
    if not _ALLOWED_SESSION_NAME.match(value):
        odd = sum(1 for c in value if not re.match(r"[A-Za-z0-9.@\-_=,+]", c))
        if odd:
            mask += f" ({odd} not allowed)"
        if len(value) > 64:
            mask = mask.ljust(len(value), "x")
    return mask

"""A strict, minimal DER reader for the X.509 fields samlscope shows (serial, issuer, subject,
validity) and the public key it verifies with. Importing `cryptography.x509` costs more than
everything else `samlscope inspect` needs at start-up, and an embedded certificate is
attacker-controlled input, so this reader accepts only definite-length DER within bounds and
raises ValueError on anything else.
(tests/decoder/test_der.py checks it against cryptography on every certificate we have.)
"""

from __future__ import annotations

from datetime import UTC, datetime

_NAMES = {
    "2.5.4.3": "CN",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "2.5.4.6": "C",
    "2.5.4.9": "STREET",
    "0.9.2342.19200300.100.1.25": "DC",
    "0.9.2342.19200300.100.1.1": "UID",
}
_MAX_DEPTH = 8


class Reader:
    """Reads TLV items from a byte range."""

    def __init__(self, data: bytes, start: int = 0, end: int | None = None) -> None:
        self.data, self.pos, self.end = data, start, len(data) if end is None else end

    def done(self) -> bool:
        return self.pos >= self.end

    def read(self) -> tuple[int, int, int]:
        """(tag, start of content, end of content); advances past the item."""
        d, pos = self.data, self.pos
        if pos + 2 > self.end:
            raise ValueError("truncated DER")
        tag, length = d[pos], d[pos + 1]
        if tag & 0x1F == 0x1F:
            raise ValueError("multi-byte DER tags are not used in certificates")
        pos += 2
        if length & 0x80:
            count = length & 0x7F
            if count == 0 or count > 4 or pos + count > self.end:
                raise ValueError("bad DER length")
            length = int.from_bytes(d[pos : pos + count], "big")
            pos += count
        if pos + length > self.end:
            raise ValueError("DER item runs past its container")
        self.pos = pos + length
        return tag, pos, pos + length

    def expect(self, tag: int) -> tuple[int, int]:
        got, start, end = self.read()
        if got != tag:
            raise ValueError(f"expected DER tag {tag:#x}, found {got:#x}")
        return start, end


def _oid(data: bytes) -> str:
    if not data:
        raise ValueError("empty OID")
    parts = [data[0] // 40, data[0] % 40] if data[0] < 80 else [2, data[0] - 80]
    value = 0
    for byte in data[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    return ".".join(map(str, parts))


def _string(tag: int, data: bytes) -> str:
    if tag == 0x1E:  # BMPString
        return data.decode("utf-16-be", "replace")
    if tag == 0x1C:  # UniversalString
        return data.decode("utf-32-be", "replace")
    if tag == 0x14:  # TeletexString, read as Latin-1 as OpenSSL does
        return data.decode("latin-1")
    return data.decode("utf-8", "replace")


def _escape(value: str) -> str:
    out = "".join("\\" + ch if ch in ',+"\\<>;' else ch for ch in value)
    if out.startswith(("#", " ")):
        out = "\\" + out
    if out.endswith(" "):
        out = out[:-1] + "\\ "
    return out


def _name(data: bytes, start: int, end: int) -> str:
    rdns = []
    outer = Reader(data, start, end)
    while not outer.done():
        set_start, set_end = outer.expect(0x31)
        parts = []
        inner = Reader(data, set_start, set_end)
        while not inner.done():
            seq_start, seq_end = inner.expect(0x30)
            pair = Reader(data, seq_start, seq_end)
            oid_start, oid_end = pair.expect(0x06)
            tag, v_start, v_end = pair.read()
            oid = _oid(data[oid_start:oid_end])
            key = _NAMES.get(oid, oid)
            parts.append(f"{key}={_escape(_string(tag, data[v_start:v_end]))}")
        rdns.append("+".join(parts))
    return ",".join(reversed(rdns))


def _time(tag: int, text: bytes) -> datetime:
    s = text.decode("ascii")
    if not s.endswith("Z"):
        raise ValueError("certificate time without Z")
    if tag == 0x17:  # UTCTime YYMMDDHHMMSSZ
        year = int(s[:2])
        year += 2000 if year < 50 else 1900
        rest = s[2:-1]
    elif tag == 0x18:  # GeneralizedTime YYYYMMDDHHMMSSZ
        year, rest = int(s[:4]), s[4:-1]
    else:
        raise ValueError("bad certificate time tag")
    if len(rest) != 10 or not rest.isdigit():
        raise ValueError("bad certificate time")
    return datetime(
        year,
        int(rest[0:2]),
        int(rest[2:4]),
        int(rest[4:6]),
        int(rest[6:8]),
        int(rest[8:10]),
        tzinfo=UTC,
    )


def _tbs(der: bytes) -> Reader:
    top = Reader(der)
    cert_start, cert_end = top.expect(0x30)
    if cert_end != len(der):
        raise ValueError("trailing data after the certificate")
    cert = Reader(der, cert_start, cert_end)
    return Reader(der, *cert.expect(0x30))


def public_key_info(der: bytes) -> bytes:
    """The DER SubjectPublicKeyInfo of a DER X.509 certificate (header included), the form
    a PEM "PUBLIC KEY" holds."""
    tbs = _tbs(der)
    tag, _, _ = tbs.read()
    if tag == 0xA0:  # [0] version, then the serial number
        tbs.read()
    for _ in range(4):  # signature algorithm, issuer, validity, subject
        tbs.expect(0x30)
    start = tbs.pos
    tbs.expect(0x30)
    return der[start : tbs.pos]


def certificate_fields(der: bytes) -> tuple[str, str, str, datetime, datetime]:
    """(serial hex, issuer, subject, not_before, not_after) of a DER X.509 certificate."""
    tbs = _tbs(der)
    tag, start, end = tbs.read()
    if tag == 0xA0:  # [0] version
        tag, start, end = tbs.read()
    if tag != 0x02:
        raise ValueError("no serial number")
    serial = int.from_bytes(der[start:end], "big", signed=True)
    tbs.expect(0x30)  # signature algorithm
    issuer = _name(der, *tbs.expect(0x30))
    validity = Reader(der, *tbs.expect(0x30))
    tag1, s1, e1 = validity.read()
    tag2, s2, e2 = validity.read()
    subject = _name(der, *tbs.expect(0x30))
    serial_hex = format(serial, "x") if serial >= 0 else "-" + format(-serial, "x")
    return serial_hex, issuer, subject, _time(tag1, der[s1:e1]), _time(tag2, der[s2:e2])

"""Hard limits that bound the time and memory spent on one attacker-controlled SAMLResponse.

Alibaba Cloud accepts at most 100,000 characters of SAMLAssertion (Alibaba Cloud,
"AssumeRoleWithSAML"); real Entra responses with 150 group claims stay far below. The caps below
are twenty times that, so a real response never meets them, while a hostile one (a 50 MB
attribute, a DEFLATE bomb) is refused before it is parsed.
"""

ALIBABA_ASSERTION_LIMIT = 100_000
"""Characters of base64 SAMLResponse that Alibaba Cloud accepts (AssumeRoleWithSAML)."""

MAX_ENCODED_CHARS = 2_000_000
"""Largest encoded SAMLResponse value decoded at all."""

MAX_XML_BYTES = 1_500_000
"""Largest decoded (or inflated) XML document parsed."""

MAX_INPUT_FILE_BYTES = 8_000_000
"""Largest raw/form/XML input file read by `samlscope inspect` (HAR and flow files stream)."""
# Depth is bounded by libxml2 itself: without XML_PARSE_HUGE (never set here) it refuses
# documents nested deeper than 256 elements, which become SAML001.

MAX_BODY_BYTES = 8_000_000
"""Largest HTTP request body read, after its Content-Encoding is undone (decoded incrementally:
a compression bomb stops here, see decoder/readers/bodies.py)."""

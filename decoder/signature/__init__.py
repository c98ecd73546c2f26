"""Signature and trust: `verify` checks the XML signatures with python-xmlsec, `trust` builds
what is trusted (IdP metadata, a certificate, a key), `certs` and `der` read certificates, and
`algorithms` names the signature and digest algorithms."""

"""Signature and certificate rules (SIG1xx), read from decoder.verify's verdict."""

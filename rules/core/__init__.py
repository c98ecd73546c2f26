"""Decoding and structure rules (SAML0xx) that the protocol rules do not cover."""

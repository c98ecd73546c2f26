"""Capture readers, bindings, hardened XML parsing, the typed model, and signature checks."""

"""The mitmproxy addon (`mitmdump -s addon/saml_inspector.py`) and the SAML content view."""

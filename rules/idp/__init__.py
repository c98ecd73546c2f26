"""Rules for a login that stopped at the IdP: its own error page, before any assertion."""

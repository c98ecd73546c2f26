"""Configuration rules (CFG4xx): the IdP, Entra app, RAM provider and RAM role, read by
`samlscope check`, cross-checked against each other and against captured logins."""

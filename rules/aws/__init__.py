"""AWS role-based SAML sign-in (IAM SAML federation, every partition): the role rules."""

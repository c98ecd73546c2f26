"""Protocol rules (SAML010–SAML018): status, Destination, Recipient, Audience, Issuer..."""

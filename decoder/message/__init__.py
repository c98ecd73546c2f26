"""The SAML message: from the posted value to the typed model.

`bindings` undoes the HTTP bindings (base64, URL-encoding, DEFLATE), `xmlparse` parses
attacker-controlled XML safely, `extract` reads it into the typed `model`, `decrypt` opens
EncryptedAssertions with the SP key, and `decode` runs those steps for one capture.
`names` holds the SAML namespaces and element names.
"""

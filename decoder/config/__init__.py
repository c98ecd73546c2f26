"""The configuration on both sides of a login, read from the files a support engineer collects.

Each file is recognised by its content, never by its name (read.py):
- SAML IdP metadata (Entra's Federation Metadata XML with its RoleDescriptors, or any IdP
  metadata) and Alibaba Cloud SP metadata (either site): metadata.py;
- Entra application JSON with `appRoles`: entra.py;
- the aliyun CLI's answers (IMS SAML providers, RAM roles): alibaba.py;
- the aws CLI's answers (IAM SAML providers and roles): aws.py;
- the aliyun CLI's CloudSSO answers (a directory's SP and its IdP): cloudsso.py;
- anything `samlscope inspect` reads (its logins cross-check the configuration).

What they produce is in model.py. A file that is none of these is an InputError naming what it
is. The names below are the public interface (they were one module, `samlscope.decoder.config`).
"""

from samlscope.decoder.config.metadata import idp_from_metadata
from samlscope.decoder.config.model import (
    MAX_CONFIG_FILE,
    AppRole,
    ConfigSet,
    EntraApp,
    IdpMetadata,
    RamProvider,
    RamRole,
    RamUser,
    SpMetadata,
    SsoDirectory,
    TrustStatement,
    UserSsoSettings,
)
from samlscope.decoder.config.read import read_config_file

__all__ = [
    "MAX_CONFIG_FILE",
    "AppRole",
    "ConfigSet",
    "EntraApp",
    "IdpMetadata",
    "RamProvider",
    "RamRole",
    "RamUser",
    "SpMetadata",
    "SsoDirectory",
    "TrustStatement",
    "UserSsoSettings",
    "idp_from_metadata",
    "read_config_file",
]

"""samlscope: find out why a SAML login to Alibaba Cloud failed."""

__version__ = "0.1.0"

"""samlscope: find out why a SAML login to Alibaba Cloud failed."""

__version__ = "0.1.0"

from samlscope import codecache as _codecache

_codecache.install()  # samlscope's modules from one file, if `make` wrote it (see codecache)

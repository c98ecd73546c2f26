"""What samlscope reads, one subpackage per kind of input:

- `readers/`: capture files and pasted text (HAR, SAML-tracer, flow files, prose, form posts);
- `message/`: the SAML message (bindings, hardened XML parsing, the model, decryption);
- `signature/`: signature verification, trust anchors, certificates, algorithms;
- `config/`: the configuration files `samlscope check` reads (metadata, Entra apps, RAM).

`errors`, `limits` and `timeutil` are shared by all of them (URLs: `samlscope.urlparts`).

The modules used to sit side by side in this package. Their old import paths
(`samlscope.decoder.har`, `samlscope.decoder.verify`, ...) still work: each names the same
module object as its new path, so code written against them keeps running unchanged.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

_GROUPS = {
    "readers": (
        "capture",
        "inputs",
        "har",
        "samltracer",
        "flowfile",
        "prose",
        "jsonstream",
        "posts",
    ),
    "message": ("bindings", "xmlparse", "model", "extract", "decrypt", "decode", "names"),
    "signature": ("verify", "certs", "der", "algorithms", "trust"),
}
MOVED = {name: f"{group}.{name}" for group, names in _GROUPS.items() for name in names}
"""Old module name (under samlscope.decoder) -> its path today."""


class _Alias:
    """Loads an old module path as the module at its new path (the same object)."""

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: Any) -> ModuleType:
        import importlib

        return importlib.import_module(self.target)

    def exec_module(self, module: ModuleType) -> None:
        """The module ran at its new path already."""


class _MovedModules:
    """A meta-path finder for the old paths only; it costs one string test per import."""

    prefix = __name__ + "."

    @classmethod
    def find_spec(cls, fullname: str, path: Any = None, target: Any = None) -> Any:
        if not fullname.startswith(cls.prefix):
            return None
        moved = MOVED.get(fullname[len(cls.prefix) :])
        if moved is None:
            return None
        from importlib.machinery import ModuleSpec

        return ModuleSpec(fullname, cast("Loader", _Alias(cls.prefix + moved)))


if not any(getattr(f, "prefix", None) == _MovedModules.prefix for f in sys.meta_path):
    sys.meta_path.append(_MovedModules)


def __getattr__(name: str) -> ModuleType:
    """`from samlscope.decoder import verify` (an old module name) still works."""
    if name in MOVED:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

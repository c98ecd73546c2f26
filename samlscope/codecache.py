"""samlscope's compiled modules in one file, so a run does not pay the import system's search
and file reads for each of them.

One `samlscope inspect` imports about 120 samlscope modules (one per rule, by design). For each
of them Python's import system searches the package's folders, checks the source's time and
size, opens and reads its `.pyc` and validates its header: about 170 thousand instructions a
module, a tenth of the run. `make` writes every module's code into one file
(`samlscope/__pycache__/codecache.<python>.bin`, by `samlscope.codecache.main()`), and
`samlscope/__init__.py` puts a finder for it in front of the import system: one read of that
file, then one `stat` per module to check the source is the one compiled.

Never stale: a module whose source changed since (time or size), or that the file does not
hold, is imported the usual way. No file, another Python, another optimisation level: the
finder is not installed at all.
"""

from __future__ import annotations

import marshal
import os
import sys
from importlib.machinery import ModuleSpec
from types import CodeType, ModuleType
from typing import Any

FORMAT = 1
"""Bumped whenever the file's layout changes (the header names it)."""

_Entry = tuple[str, tuple[str, ...] | None, int, int, int, int]
"""origin, the package's search locations (None for a module), source mtime_ns and size,
start and end of the code in the file."""


def path() -> str:
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__")
    return os.path.join(folder, f"codecache.{sys.implementation.cache_tag}.bin")


def _header() -> bytes:
    from importlib.util import MAGIC_NUMBER

    return b"samlscope-codecache %d %d " % (FORMAT, sys.flags.optimize) + MAGIC_NUMBER


class _Spec(ModuleSpec):
    cached = None  # type: ignore[assignment]
    """No `__cached__`: the module's code comes from the cache file, not a .pyc (and working
    out the .pyc's name cost about as much as finding the module)."""


class CodeCache:
    """The finder and loader of the modules the file holds (importlib's MetaPathFinder and
    Loader protocols)."""

    def __init__(self, code: memoryview, index: dict[str, _Entry]) -> None:
        self._code = code
        self._index = index

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        entry = self._index.get(fullname)
        if entry is None:
            return None
        try:
            origin, locations, mtime, size = entry[:4]
            stat = os.stat(origin)
        except (OSError, TypeError, ValueError):  # gone, or an entry this code cannot read
            return None
        if stat.st_mtime_ns != mtime or stat.st_size != size:  # edited since: the usual way
            return None
        loader: Any = self  # a Loader by protocol (importlib.abc is costly to import)
        spec = _Spec(fullname, loader, origin=origin, is_package=locations is not None)
        if locations is not None:
            spec.submodule_search_locations = list(locations)
        spec.has_location = True
        return spec

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        exec(self.get_code(module.__name__), module.__dict__)

    def get_code(self, fullname: str) -> CodeType:
        start, end = self._index[fullname][4:]
        try:
            code = marshal.loads(self._code[start:end])
        except (EOFError, ValueError, TypeError):
            code = None
        if not isinstance(code, CodeType):  # a damaged file: compiled from the source instead
            source, origin = self.get_source(fullname), self.get_filename(fullname)
            code = compile(source, origin, "exec", dont_inherit=True)
        return code

    def get_filename(self, fullname: str) -> str:
        return self._index[fullname][0]

    def is_package(self, fullname: str) -> bool:
        return self._index[fullname][1] is not None

    def get_source(self, fullname: str) -> str:
        from importlib.util import decode_source

        with open(self.get_filename(fullname), "rb") as f:
            return decode_source(f.read())


def install(file: str | None = None) -> CodeCache | None:
    """Put the cache in front of the import system, if its file (by default `path()`) is there
    and fits this Python; otherwise change nothing."""
    try:
        with open(file or path(), "rb") as f:
            data = f.read()
    except OSError:
        return None
    header = _header()
    if not data.startswith(header):
        return None
    try:
        size = int.from_bytes(data[len(header) : len(header) + 4], "little")
        start = len(header) + 4
        index = marshal.loads(data[start : start + size])
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(index, dict):
        return None
    cache = CodeCache(memoryview(data)[start + size :], index)
    sys.meta_path.insert(0, cache)
    return cache


PACKAGES = (
    "samlscope",
    "samlscope.addon",
    "samlscope.decoder",
    "samlscope.facts",
    "samlscope.rules",
    "samlscope.view",
)
"""Each maps to a folder of its own (pyproject's package-dir)."""


def _modules() -> list[str]:
    """Every samlscope module, found where the installed package maps it."""
    import importlib
    import pkgutil

    found: list[str] = []
    for package in PACKAGES:
        found.append(package)
        module = importlib.import_module(package)
        found += (info.name for info in pkgutil.walk_packages(module.__path__, package + "."))
    return list(dict.fromkeys(found))


def build(names: list[str], target: str) -> int:
    """Write the file (to a temporary name, then renamed into place) for these modules: their
    code as the import system compiles it for this Python, and each source's time and size.
    Returns how many modules it holds (a module without a source file is left out)."""
    import importlib.util

    for finder in [f for f in sys.meta_path if isinstance(f, CodeCache)]:
        sys.meta_path.remove(finder)  # compiled from the sources, never from an older file
    index: dict[str, _Entry] = {}
    blobs: list[bytes] = []
    offset = 0
    for name in names:
        spec = importlib.util.find_spec(name)
        loader: Any = spec.loader if spec is not None else None
        if spec is None or spec.origin is None or not hasattr(loader, "get_code"):
            continue
        blob = marshal.dumps(loader.get_code(name))
        stat = os.stat(spec.origin)
        locations = spec.submodule_search_locations
        index[name] = (
            spec.origin,
            tuple(locations) if locations is not None else None,
            stat.st_mtime_ns,
            stat.st_size,
            offset,
            offset + len(blob),
        )
        blobs.append(blob)
        offset += len(blob)
    table = marshal.dumps(index)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    temporary = f"{target}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as f:
            f.write(_header() + len(table).to_bytes(4, "little") + table + b"".join(blobs))
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return len(index)


def main() -> int:
    """Write samlscope's own file (`make` does, after byte-compiling)."""
    target = path()
    try:  # every module but samlscope itself, which is imported before the cache is installed
        count = build([name for name in _modules() if name != "samlscope"], target)
    except OSError as e:  # a read-only install: runs import as usual
        print(f"samlscope: code cache not written: {e.strerror or e}", file=sys.stderr)
        return 0
    print(f"samlscope: {count} modules in {target}")
    return 0

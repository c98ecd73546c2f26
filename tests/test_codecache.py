"""The code cache: modules come from it while their sources are the ones compiled, and the
import system's usual way otherwise (edited, damaged, another Python)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from samlscope import codecache

MODULES = ["pk", "pk.a", "pk.sub", "pk.sub.b"]

PROBE = """
import sys
sys.path.insert(0, sys.argv[1])
from samlscope import codecache
cache = codecache.install(sys.argv[2])
print("installed" if cache is not None else "not installed")
import pk.a, pk.sub.b
for module in (pk, pk.a, pk.sub, pk.sub.b):
    cached = type(module.__spec__.loader).__name__ == "CodeCache"
    print(module.__name__, "cache" if cached else "usual", getattr(module, "X", None))
print("path", pk.sub.__path__ == [sys.argv[1] + "/pk/sub"], pk.a.__file__.endswith("pk/a.py"))
"""


def _package(root: Path) -> None:
    (root / "pk" / "sub").mkdir(parents=True)
    (root / "pk" / "__init__.py").write_text("X = 'pk'\n")
    (root / "pk" / "a.py").write_text("from __future__ import annotations\nX = 1\n")
    (root / "pk" / "sub" / "__init__.py").write_text("")
    (root / "pk" / "sub" / "b.py").write_text("from pk.a import X as A\nX = A + 1\n")


def _run(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout.splitlines()


def _build(root: Path, file: Path) -> int:
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); from samlscope import codecache; "
        "print(codecache.build(sys.argv[3:], sys.argv[2]))"
    )
    return int(_run("-c", script, str(root), str(file), *MODULES)[0])


def test_modules_come_from_the_cache_as_they_would_from_their_files(tmp_path: Path) -> None:
    _package(tmp_path)
    file = tmp_path / "cache.bin"
    assert _build(tmp_path, file) == 4
    out = _run("-c", PROBE, str(tmp_path), str(file))
    assert out == [
        "installed",
        "pk cache pk",
        "pk.a cache 1",
        "pk.sub cache None",
        "pk.sub.b cache 2",
        "path True True",
    ]


def test_an_edited_module_is_imported_the_usual_way(tmp_path: Path) -> None:
    _package(tmp_path)
    file = tmp_path / "cache.bin"
    _build(tmp_path, file)
    (tmp_path / "pk" / "a.py").write_text("from __future__ import annotations\nX = 10\n")
    out = _run("-c", PROBE, str(tmp_path), str(file))
    assert "pk.a usual 10" in out and "pk.sub.b cache 11" in out


def test_a_damaged_file_still_imports_every_module(tmp_path: Path) -> None:
    _package(tmp_path)
    file = tmp_path / "cache.bin"
    _build(tmp_path, file)
    data = file.read_bytes()
    file.write_bytes(data[:-40])  # the last module's code cut short: compiled from its source
    out = _run("-c", PROBE, str(tmp_path), str(file))
    assert out[0] == "installed" and "pk.sub.b cache 2" in out and "pk.a cache 1" in out
    for damaged in (b"", data[:10], b"samlscope-codecache 999 0 " + data[30:]):
        file.write_bytes(damaged)
        out = _run("-c", PROBE, str(tmp_path), str(file))
        assert out[0] == "not installed" and "pk.a usual 1" in out


def test_samlscope_runs_from_its_own_cache(tmp_path: Path) -> None:
    """`make` writes samlscope's cache: the command then loads its rules from it."""
    assert codecache.main() == 0
    probe = (
        "import io, sys\n"
        "from samlscope.cli import main\n"
        "main(['rules'], stdout=io.StringIO())\n"
        "m = sys.modules['samlscope.rules.alibaba.ali303_role_arn_order']\n"
        "print(type(m.__spec__.loader).__name__, m.__file__)\n"
    )
    out = _run("-c", probe)
    assert out[0].startswith("CodeCache ") and out[0].endswith("ali303_role_arn_order.py")
    assert _run("-m", "samlscope", "--version")[0].startswith("samlscope ")

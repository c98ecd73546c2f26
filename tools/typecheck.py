"""Run mypy over the package as it is installed: `samlscope.decoder` lives in `decoder/`.

mypy cannot follow setuptools' `package-dir` mapping, so this builds a tree of symbolic links
under build/typecheck that has the installed shape, and checks that tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / "build" / "typecheck"
MAPPING = {
    "decoder": "decoder",
    "rules": "rules",
    "view": "view",
    "addon": "addon",
    "facts": "facts",
}


def build_tree() -> Path:
    if TREE.exists():
        shutil.rmtree(TREE)
    pkg = TREE / "samlscope"
    pkg.mkdir(parents=True)
    for entry in (ROOT / "samlscope").iterdir():
        if entry.suffix in {".py", ".typed"}:
            (pkg / entry.name).symlink_to(entry)
    for name, folder in MAPPING.items():
        if (ROOT / folder).is_dir():
            (pkg / name).symlink_to(ROOT / folder, target_is_directory=True)
    return TREE


def main() -> int:
    tree = build_tree()
    base = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")]
    env = dict(os.environ, MYPYPATH=str(tree))
    status = subprocess.call([*base, "-p", "samlscope"], env=env, cwd=ROOT)
    samples = [str(ROOT / "samples" / name) for name in ("generate.py", "captures.py")]
    return status or subprocess.call([*base, *samples], cwd=ROOT)


if __name__ == "__main__":
    raise SystemExit(main())

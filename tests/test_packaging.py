"""The installed shape: one namespace, matching libxml2, a light import path."""

from __future__ import annotations

import subprocess
import sys

import lxml.etree
import xmlsec

from helpers import ROOT


def test_lxml_and_xmlsec_share_libxml2() -> None:
    assert xmlsec.get_libxml_version() == lxml.etree.LIBXML_VERSION


def test_no_top_level_rules_or_decoder_package() -> None:
    code = "import importlib.util as u; print(u.find_spec('rules'), u.find_spec('decoder'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/")
    assert out.stdout.strip() == "None None"


def test_python_dash_m_and_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "samlscope", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0 and out.stdout.startswith("samlscope ")


def test_inspect_of_a_raw_response_does_not_import_mitmproxy() -> None:
    sample = ROOT / "samples" / "entra" / "valid.b64"
    code = (
        "import io, sys; from samlscope.cli import main; "
        f"main(['inspect', '--json', '{sample}'], stdout=io.StringIO()); "
        "print('mitmproxy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_committed_samples_match_the_generator() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "samples" / "generate.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr


def test_the_command_collects_garbage_again_once_started() -> None:
    """run() keeps the cyclic GC off during start-up only: the analysis runs with it on, and
    the start-up objects are frozen out of its way."""
    probe = (
        "import gc, sys\n"
        "import samlscope.cli as cli\n"
        "from samlscope.analysis import analyse\n"
        "def spy(*args, **kwargs):\n"
        "    print('GC', gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr)\n"
        "    return analyse(*args, **kwargs)\n"
        "import samlscope.analysis\n"
        "samlscope.analysis.analyse = spy\n"
        "sys.argv = ['samlscope', 'inspect', '--format', 'brief', sys.argv[1]]\n"
        "cli.run()\n"
    )
    sample = ROOT / "samples" / "entra" / "valid.b64"
    done = subprocess.run(
        [sys.executable, "-c", probe, str(sample)], capture_output=True, text=True, timeout=60
    )
    assert done.stderr.count("GC True True") == 1, done.stderr[-2000:]
    assert done.returncode == 0 and done.stdout.strip(), done.stdout  # flushed before exit


def test_every_package_folder_is_installed() -> None:
    """A non-editable install ships only the packages pyproject lists: every folder with an
    __init__.py under a mapped folder must be among them (samlscope.rules.config once was not)."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(project["packages"])
    found = set()
    for name, folder in project["package-dir"].items():
        for init in (ROOT / folder).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((name, *parts)))
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert listed - found == set()


def test_the_old_decoder_module_paths_name_the_same_modules() -> None:
    """decoder/ was split into readers/, message/, signature/ and config/; code written against
    the old flat paths keeps working, and gets the very module the new path names."""
    import importlib

    from samlscope.decoder import MOVED

    for old, new in MOVED.items():
        assert importlib.import_module(f"samlscope.decoder.{old}") is importlib.import_module(
            f"samlscope.decoder.{new}"
        ), old
    from samlscope.decoder import verify  # the attribute form too
    from samlscope.decoder.config import ConfigSet, read_config_file
    from samlscope.decoder.har import read_har_log

    assert verify.__name__ == "samlscope.decoder.signature.verify"
    assert callable(read_har_log) and callable(read_config_file) and ConfigSet is not None


def test_the_command_starts_argparse_without_gettext() -> None:
    """The samlscope command's process imports argparse without gettext (a stand-in, removed
    at once): argparse's words stay English, and a later `import gettext` is the real one."""
    probe = (
        "import sys\n"
        "from samlscope.command import _argparse_without_gettext\n"
        "_argparse_without_gettext()\n"
        "import argparse\n"
        "print('gettext' in sys.modules, argparse._('usage: '))\n"
        "import gettext\n"
        "print(hasattr(gettext, 'translation'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["False", "usage:", "True"]
    usage = subprocess.run(
        [sys.executable, "-m", "samlscope", "inspect", "--no-such-flag"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert usage.returncode == 2 and usage.stderr.startswith("usage: samlscope inspect")

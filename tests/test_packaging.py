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

"""Fix templates name the console of the recognised IdP; other braces stay as written."""

from __future__ import annotations

from samlscope.rules.wording import wording_for

ENTRA = "https://sts.windows.net/8c2a7d1e-5b4f-4e3a-9d6c-0f1e2d3c4b5a/"


def test_placeholders_are_filled_and_nothing_else_is_touched() -> None:
    w = wording_for("alibaba-intl", ENTRA)
    filled = w.fill("{Sp} refuses it: fix {reply_url}; keep {0} {x:>3} {{sp}} {unknown} {")
    assert filled.startswith("Alibaba Cloud refuses it: fix ")
    assert "{reply_url}" not in filled and "Entra" in filled
    assert filled.endswith("; keep {0} {x:>3} {Alibaba Cloud} {unknown} {")


def test_a_template_without_braces_is_returned_as_it_is() -> None:
    text = "Nothing to fill."
    assert wording_for("generic").fill(text) is text

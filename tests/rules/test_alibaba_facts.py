"""The Alibaba facts settled by Alibaba Cloud's Entra walkthrough: a 33-64 character
RoleSessionName logs in; a reversed Role pair certainly fails, and the message says so."""

from __future__ import annotations

import pytest

from helpers import generator, inspect_xml


def _codes_and_messages(name_id: str, role: str | None = None) -> dict[str, str]:
    g = generator()
    attributes = g.default_attributes(name_id)
    if role is not None:
        attributes[g.ROLE_NS + "Role"] = [role]
    xml = g.xml_bytes(g.signed(name_id=name_id, attributes=attributes))
    result = inspect_xml(xml)
    return {f["code"]: f["message"] for f in result.report["findings"]}


@pytest.mark.parametrize(
    "name",
    ["ssotest01@example.onmicrosoft.com", "a" * 30 + "@" + "b" * 33, "ab"],
    ids=["walkthrough-33", "64", "2"],
)
def test_role_session_names_alibaba_accepts(name: str) -> None:
    assert "ALI306" not in _codes_and_messages(name)


@pytest.mark.parametrize("name", ["a" * 65, "x", "Zhang San"], ids=["65", "1", "space"])
def test_role_session_names_alibaba_refuses(name: str) -> None:
    assert "ALI306" in _codes_and_messages(name)


def test_a_reversed_role_pair_is_said_to_fail() -> None:
    g = generator()
    message = _codes_and_messages("alice@contoso.example", g.REVERSED_ROLE)["ALI303"]
    assert "incorrect order makes the SSO fail" in message
    assert "not documented" not in message

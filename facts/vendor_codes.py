"""`samlscope explain` by a vendor's own code or text: an AADSTS code, an Alibaba Cloud STS
error code, a text AWS answers with, a CloudSSO error, or an IdP error page's code (Okta, AD FS
MSIS, Google, Keycloak, PingFederate, PingOne). The cause and the fix are the same texts the
rules use (one home per fact)."""

from __future__ import annotations

from samlscope.record import Record


class VendorCode(Record):
    code: str
    vendor: str
    """Whose code it is: `Microsoft Entra ID`, `Alibaba Cloud`, `AWS`, `Okta`..."""
    name: str
    cause: str
    fix: str
    """A template: the IdP's console words ({assignment}...) are filled in by the caller."""
    rules: tuple[str, ...] = ()
    """The rules whose findings explain it, or report it."""
    idp: str = "generic"
    """The IdP whose words fill the fix."""


def explain_vendor(code: str) -> VendorCode | None:
    """The explanation of a vendor code or answer text, else None."""
    text = code.strip()
    if not text:
        return None
    from samlscope.facts.entra_codes import lookup as aadsts

    if text.upper().startswith("AADSTS") or text.isdigit():
        entry = aadsts(text)
        if entry is not None:
            number = text.upper().removeprefix("AADSTS")
            fix = (
                entry.fix or f"Look it up at https://login.microsoftonline.com/error?code={number}."
            )
            return VendorCode(
                f"AADSTS{number}",
                "Microsoft Entra ID",
                entry.name,
                entry.cause,
                fix,
                ("IDP501", "SAML010"),
                "entra",
            )
    from samlscope.facts.alibaba_sts import CODE_PATTERN
    from samlscope.facts.alibaba_sts import lookup as sts

    if CODE_PATTERN.fullmatch(text) or text == "InternalError":
        found = sts(text)
        if found is not None:
            return VendorCode(
                text,
                "Alibaba Cloud",
                text,
                found.cause,
                "Apply the fix of "
                + (", ".join(found.explained_by) or "the finding that explains it")
                + f"; if none fires, the cause is in {found.ram_side}.",
                ("ALI311", *found.explained_by),
            )
    from samlscope.facts.cloudsso import ERRORS

    if text in ERRORS:
        entry_sso = ERRORS[text]
        return VendorCode(
            text,
            "Alibaba Cloud CloudSSO",
            text,
            entry_sso.cause,
            f"Apply the fix of {', '.join(entry_sso.explained_by)}; if none fires, the cause is "
            f"in {entry_sso.elsewhere}.",
            ("ALI316", *entry_sso.explained_by),
        )
    from samlscope.facts.aws_answers import answer_in

    answered = answer_in(text)
    if answered is not None:
        return VendorCode(
            answered.key,
            "AWS",
            text[:120],
            answered.cause,
            f"Apply the fix of the finding that explains it ({', '.join(answered.explained_by)}); "
            f"if none fires, the cause is in {answered.elsewhere}.",
            ("AWS314", *answered.explained_by),
        )
    from samlscope.facts.idp_pages import READERS
    from samlscope.facts.idps import by_key

    lowered = text.lower()
    for reader in READERS:
        for case in reader.cases:
            if case.code.lower() == lowered and case.code != "error":
                return VendorCode(
                    case.code,
                    by_key(reader.idp).name,
                    case.name,
                    case.cause,
                    case.fix,
                    ("IDP501",),
                    reader.idp,
                )
    return None

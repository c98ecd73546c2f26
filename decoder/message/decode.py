"""Capture → SamlMessage: decode the binding, parse safely, read the model."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from lxml import etree

from samlscope.decoder.errors import DecodeError, Problem
from samlscope.decoder.message.bindings import decode_value
from samlscope.decoder.message.extract import extract_response
from samlscope.decoder.message.model import SamlMessage
from samlscope.decoder.message.xmlparse import parse_xml
from samlscope.decoder.readers.capture import Capture
from samlscope.record import Record

if TYPE_CHECKING:
    from samlscope.decoder.message.decrypt import DecryptionProblem

EMPTY_MAP: Mapping[str, etree._Element] = MappingProxyType({})


class Parsed(Record):
    """A decoded message and the element tree it was read from (for signature checks)."""

    message: SamlMessage
    root: etree._Element
    original: etree._Element | None = None
    """The tree before decryption (its Response signature covers the ciphertext)."""
    standalone: Mapping[str, etree._Element] = EMPTY_MAP
    """Each decrypted assertion as its own document, by ID: its signature was made there."""


def decode_capture(capture: Capture, sp_key: bytes | None = None) -> Parsed:
    """Decode, parse and read one capture; raises DecodeError with a SAML00x problem."""
    if capture.error is not None:
        raise DecodeError(Problem.UNDECODABLE, capture.error)
    notes: tuple[str, ...]
    encoded_length: int | None
    if capture.xml is not None:
        xml, encoded_length, notes = capture.xml, None, ("read as an XML document",)
    elif capture.value is not None:
        decoded = decode_value(capture.value, posted=capture.form_decoded)
        xml, encoded_length, notes = decoded.xml, decoded.encoded_length, decoded.notes
    else:
        raise DecodeError(Problem.UNDECODABLE, "the capture holds no SAMLResponse")
    try:
        root = parse_xml(xml)
    except DecodeError as e:
        if e.evidence.get("cause") == "truncated" and encoded_length is not None:
            _add_length_evidence(e, encoded_length, notes)
        raise
    response = extract_response(root)  # SAML003 before anything else
    original = None
    decrypted = 0
    problems: tuple[DecryptionProblem, ...] = ()
    standalone: Mapping[str, etree._Element] = EMPTY_MAP
    if sp_key is not None and response.encrypted_assertions:
        import copy

        from samlscope.decoder.message.decrypt import decrypt_assertions  # only with an SP key

        original = copy.deepcopy(root)
        decrypted, problems, standalone = decrypt_assertions(root, sp_key)
        response = extract_response(root)
    notes = (*capture.notes, *notes)  # what the reader did to find it, then how it decoded
    message = SamlMessage(response, len(xml), encoded_length, notes, decrypted, problems)
    return Parsed(message, root, original, standalone)


def _add_length_evidence(error: DecodeError, encoded_length: int, notes: tuple[str, ...]) -> None:
    """A value cut short often leaves a base64 length that is not a multiple of 4."""
    if any("padding" in n for n in notes):
        error.message += (
            f"; its base64 is {encoded_length:,} characters, not a multiple of 4, as a value "
            "cut short would be"
        )
        error.evidence = {**error.evidence, "base64_padding_repaired": True}

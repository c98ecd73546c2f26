"""Capture → SamlMessage: decode the binding, parse safely, read the model."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from samlscope.decoder.bindings import decode_value
from samlscope.decoder.capture import Capture
from samlscope.decoder.errors import DecodeError, Problem
from samlscope.decoder.extract import extract_response
from samlscope.decoder.model import SamlMessage
from samlscope.decoder.xmlparse import parse_xml


@dataclass(frozen=True)
class Parsed:
    """A decoded message and the element tree it was read from (for signature checks)."""

    message: SamlMessage
    root: etree._Element


def decode_capture(capture: Capture) -> Parsed:
    """Decode, parse and read one capture; raises DecodeError with a SAML00x problem."""
    if capture.error is not None:
        raise DecodeError(Problem.UNDECODABLE, capture.error)
    notes: tuple[str, ...]
    encoded_length: int | None
    if capture.xml is not None:
        xml, encoded_length, notes = capture.xml, None, ("read as an XML document",)
    elif capture.value is not None:
        decoded = decode_value(capture.value)
        xml, encoded_length, notes = decoded.xml, decoded.encoded_length, decoded.notes
    else:
        raise DecodeError(Problem.UNDECODABLE, "the capture holds no SAMLResponse")
    root = parse_xml(xml)
    response = extract_response(root)
    return Parsed(SamlMessage(response, len(xml), encoded_length, notes), root)

"""Recognise a configuration file by its content, never by its name, and read it.

Each reader takes a parsed JSON document and returns True when it recognised it. A cloud's
configuration readers are added to JSON_READERS; XML is SAML metadata (metadata.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from samlscope.decoder.config.alibaba import read_aliyun
from samlscope.decoder.config.aws import read_aws
from samlscope.decoder.config.cloudsso import read_cloudsso
from samlscope.decoder.config.entra import read_entra_apps
from samlscope.decoder.config.metadata import read_metadata_xml
from samlscope.decoder.config.model import MAX_CONFIG_FILE, ConfigSet
from samlscope.decoder.errors import InputError
from samlscope.lazyre import lazy_pattern

JsonReader = Callable[[dict[str, Any], str, ConfigSet], bool]
JSON_READERS: tuple[JsonReader, ...] = (read_aws, read_cloudsso, read_aliyun, read_entra_apps)
"""Tried in order; the first that recognises a document reads it (IAM before RAM: both
answer GetRole as `{"Role": {...}}`, told apart by the ARN)."""


def _json(document: Any, source: str, config: ConfigSet) -> bool:
    """Read a JSON configuration file; False when it is not one (a HAR, a SAML-tracer export)."""
    if not isinstance(document, dict):
        return False
    return any(reader(document, source, config) for reader in JSON_READERS)


_CAPTURE_JSON = lazy_pattern(rb'\{\s*"(log|requests)"\s*:')
"""The first key of a HAR (`log`) or a SAML-tracer export (`requests`)."""


def read_config_file(path: str, config: ConfigSet) -> None:
    """Add what one file holds to `config` (a capture file is remembered for `inspect`)."""
    from samlscope.decoder.message.bindings import looks_like_xml
    from samlscope.decoder.readers.inputs import read_head

    head = read_head(path, 64).removeprefix(b"\xef\xbb\xbf").lstrip()
    if _CAPTURE_JSON.match(head):  # a HAR or SAML-tracer export: only the capture readers
        config.capture_files.append(path)  # read it (streamed), never a whole parse here
        config.inputs.append((path, "capture"))
        return
    if head.startswith(b"{") or looks_like_xml(head):
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_CONFIG_FILE + 1)
        except OSError as e:
            raise InputError(f"cannot read {path}: {e.strerror or e}") from None
        if len(data) > MAX_CONFIG_FILE:
            config.capture_files.append(path)  # a large HAR: streamed by the capture readers
            config.inputs.append((path, "capture"))
            return
        data = data.removeprefix(b"\xef\xbb\xbf")
        if head.startswith(b"{"):
            try:
                document = json.loads(data)
            except (ValueError, RecursionError) as e:
                raise InputError(f"{path} is not valid JSON: {str(e)[:200]}") from None
            if _json(document, path, config):
                return
        elif read_metadata_xml(data, path, config):
            return
    config.capture_files.append(path)
    config.inputs.append((path, "capture"))

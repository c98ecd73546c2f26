"""Where samlscope may write: an output never replaces an input, never follows a link it was not
asked to, and a bad path is one line (InputError, exit 2) before anything is written.

Every output goes through here: `inspect --html`, `redact -o`, `proxy --report` and the addon's
`saml_report`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable

from samlscope.decoder.errors import InputError


def _same(a: str, b: str) -> bool:
    try:
        if os.path.samefile(a, b):
            return True
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def check_output(
    path: str, inputs: Iterable[str | None], *, what: str, allow_link: bool = True
) -> None:
    """Raise InputError when `path` cannot be written as a new file or names one of the
    inputs (through a symbolic or a hard link too); with allow_link=False, a link at `path`
    itself is refused (an appended report file must not be redirected elsewhere)."""
    if not path or "\x00" in path:
        raise InputError(f"{what}: an empty or invalid path")
    for source in inputs:
        if source and source != "-" and _same(path, source):
            raise InputError(
                f"{what} {path} is one of the inputs ({source}): samlscope never writes over a "
                "capture or a key"
            )
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as e:
        raise InputError(f"{what}: cannot use {path}: {e.strerror or e}") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode) and not allow_link:
            raise InputError(f"{what}: {path} is a symbolic link; give the file itself")
        if stat.S_ISDIR(os.stat(path).st_mode if stat.S_ISLNK(info.st_mode) else info.st_mode):
            raise InputError(f"{what}: {path} is a directory; give a file name")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise InputError(f"{what}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"{what}: the folder {folder} is not writable")

"""`saml_report`: one JSON object per line, appended so that a crash never spoils earlier lines.

Each line is written with a single write() on a descriptor opened O_APPEND; the file is created
with mode 0600 (a report describes a bearer credential), and an existing regular file is made
0600 too (one created by hand, or by an older tool, may be readable by others). If the last
line was left incomplete (a crash mid-write), the next line starts on a fresh line so every
complete line stays valid.
"""

from __future__ import annotations

import os
import stat
from typing import Any

from samlscope.view.json_report import dumps


def append_json_line(path: str, record: dict[str, Any]) -> None:
    line = dumps(record).encode() + b"\n"
    # O_NOFOLLOW: a link planted at the report's path cannot send the lines elsewhere.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) != 0o600:
            os.fchmod(fd, 0o600)  # not a FIFO or a terminal: those keep their modes
        if stat.S_ISREG(info.st_mode) and info.st_size:
            with open(path, "rb") as fh:
                fh.seek(-1, os.SEEK_END)
                if fh.read(1) != b"\n":
                    line = b"\n" + line
        os.write(fd, line)
    finally:
        os.close(fd)

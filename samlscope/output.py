"""Where `samlscope inspect` writes its reports: every format is a view of the one Report, and
each report is written as soon as it is made, so memory does not grow with the number of logins
(the summary that ends a run keeps one small Row per login).

Formats: `rich` (the terminal view), `ticket` (plain text to paste), `brief` (one line per
login), `json` (one document, streamed), `jsonl` (one `reports[]` object per line), and `xml`
(the decoded XML, pretty and sanitised). `--html FILE` writes the one-page report alongside.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any, TextIO

from samlscope.report import Report

if TYPE_CHECKING:
    from samlscope.view.ticket import Row

FULL_REPORTS = 5
"""In the rich view, logins after this many are shown as one line each (errors in full)."""


class Writer:
    wants_rows = True
    """Whether close() reads the rows (a summary): building them imports the ticket view."""

    def add(self, report: Report) -> None:
        raise NotImplementedError

    def close(self, rows: list[Row]) -> None:
        """After the last report (rows: one per login for a summary, when there were several
        logins; none for one)."""

    def abort(self) -> None:
        """The run failed: leave nothing half-written."""


class _Triage:
    """Blocks of output kept until the run ends, so that several logins are shown for triage:
    the summary first, then the failing logins, then the others. A single login is written
    as soon as it is made. Kept in temporary files (unlinked, owner only), not in memory."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.first: str | None = None
        self.first_failed = False
        self.failing: IO[str] | None = None
        self.others: IO[str] | None = None
        self.count = 0

    def add(self, block: str, failed: bool) -> None:
        self.count += 1
        if self.count == 1:  # held back until a second login shows this is a run of several
            self.first, self.first_failed = block, failed
            return
        if self.failing is None or self.others is None:  # a run of several: keep them on disk
            import tempfile

            self.failing = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
            self.others = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        if self.first is not None:
            (self.failing if self.first_failed else self.others).write(self.first)
            self.first = None
        (self.failing if failed else self.others).write(block)

    def close(self, head: str) -> None:
        if self.failing is None or self.others is None:  # one login (or none): written as is
            if self.first is not None:
                self.out.write(self.first)
            return
        self.out.write(head)
        for kept in (self.failing, self.others):
            kept.seek(0)
            for chunk in iter(lambda f=kept: f.read(1 << 16), ""):  # type: ignore[misc]
                self.out.write(chunk)
            kept.close()


class RichWriter(Writer):
    """The terminal view: styled through rich on a colour terminal, else the same lines as
    plain text (then rich is never imported). Several logins: the summary first, then the
    failing logins, then the others."""

    def __init__(self, stdout: TextIO, color: bool | None, show_all: bool) -> None:
        from samlscope.view.terminal import make_console, plain_width, styled

        self.out = stdout
        self.console = make_console(stdout, color=color) if styled(stdout, color) else None
        self.width = self.console.width if self.console is not None else plain_width()
        self.show_all = show_all
        self.count = 0
        self.triage = _Triage(stdout)

    def _render(self, print_to: Any) -> str:
        """What a printing function writes, as text (styled for a colour terminal)."""
        if self.console is not None:
            with self.console.capture() as captured:
                print_to(self.console)
            return captured.get()
        import io

        buffer = io.StringIO()
        print_to(buffer)
        return buffer.getvalue()

    def _line(self, line: str) -> str:
        def write(target: Any) -> None:
            if self.console is not None:
                from samlscope.view.terminal import text

                target.print(text(line).to_rich(), soft_wrap=True)
            else:
                target.write(line.rstrip() + "\n")

        return self._render(write)

    def add(self, report: Report) -> None:
        from samlscope.view.terminal import lines

        self.count += 1
        failed = report.failed or report.message is None
        if self.count <= FULL_REPORTS or failed or self.show_all:
            view = lines(report, self.width, show_all=self.show_all)
            block = self._render(
                view.print if self.console is not None else view.write_plain  # type: ignore[arg-type]
            )
        else:
            from samlscope.view.ticket import brief

            block = self._line(brief(report))
        self.triage.add(block, failed)

    def close(self, rows: list[Row]) -> None:
        head = ""
        if len(rows) > 1:
            from samlscope.view.ticket import summary

            head = "".join(self._line(line) for line in summary(rows)) + self._line("")
        self.triage.close(head)


class TicketWriter(Writer):
    def __init__(self, stdout: TextIO, show_identities: bool) -> None:
        self.out = stdout
        self.show_identities = show_identities
        self.triage = _Triage(stdout)

    def add(self, report: Report) -> None:
        from samlscope.view.ticket import ticket

        block = "\n".join(ticket(report, show_identities=self.show_identities)) + "\n\n"
        self.triage.add(block, report.failed or report.message is None)

    def close(self, rows: list[Row]) -> None:
        from samlscope.view.ticket import summary

        head = "\n".join(summary(rows)) + "\n\n" if len(rows) > 1 else ""
        self.triage.close(head)


class BriefWriter(Writer):
    def __init__(self, stdout: TextIO) -> None:
        self.out = stdout

    def add(self, report: Report) -> None:
        from samlscope.view.ticket import brief

        self.out.write(brief(report) + "\n")


class JsonWriter(Writer):
    """One JSON document, written report by report: nothing is written before the first."""

    wants_rows = False

    def __init__(self, stdout: TextIO, include_raw: bool, lines: bool = False) -> None:
        self.out = stdout
        self.include_raw = include_raw
        self.lines = lines
        self.count = 0

    def add(self, report: Report) -> None:
        from samlscope.view.json_report import dumps, raw_dict, report_dict

        record = report_dict(report)
        if self.include_raw:
            record["raw"] = raw_dict(report)
        if self.lines:
            self.out.write(dumps(record) + "\n")
        else:
            if not self.count:
                from samlscope import __version__

                tool = dumps({"name": "samlscope", "version": __version__})
                self.out.write(f'{{\n  "tool": {tool},\n  "reports": [\n')
            else:
                self.out.write(",\n")
            self.out.write(dumps(record, indent=2))
        self.count += 1

    def close(self, rows: list[Row]) -> None:
        if self.count and not self.lines:
            self.out.write("\n  ]\n}\n")


class XmlWriter(Writer):
    wants_rows = False

    def __init__(self, stdout: TextIO) -> None:
        self.out = stdout

    def add(self, report: Report) -> None:
        from samlscope.view.json_report import pretty_xml
        from samlscope.view.sanitize import clean

        self.out.write(f"<!-- samlscope: {clean(report.capture.source)} -->\n")
        self.out.write(pretty_xml(report) + "\n")


def stdout_writer(
    fmt: str,
    stdout: TextIO,
    *,
    color: bool | None,
    show_all: bool,
    show_identities: bool,
    include_raw: bool,
) -> Writer:
    if fmt == "ticket":
        return TicketWriter(stdout, show_identities)
    if fmt == "brief":
        return BriefWriter(stdout)
    if fmt in ("json", "jsonl"):
        return JsonWriter(stdout, include_raw, lines=fmt == "jsonl")
    if fmt == "xml":
        return XmlWriter(stdout)
    return RichWriter(stdout, color, show_all)

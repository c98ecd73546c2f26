"""The `samlscope` command line: inspect, rules, explain.

Exit codes (ExitStatus): 0 no error-severity finding; 1 at least one error finding (an
undecodable input is one: SAML001); 2 usage error (bad flag, unreadable file); 3 samlscope itself
failed (a bug: --debug shows the traceback); 130 interrupted; 141 standard output was closed
by its reader (`| head`), quietly.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from datetime import timedelta
from enum import IntEnum
from functools import cache
from typing import TYPE_CHECKING, NoReturn, TextIO

from samlscope import __version__
from samlscope.command import _plural, _same
from samlscope.decoder.errors import InputError
from samlscope.decoder.timeutil import parse_instant
from samlscope.facts import PROFILE_CHOICES
from samlscope.rules.context import Config
from samlscope.rules.engine import RuleFailed

if TYPE_CHECKING:
    from samlscope.report import Report
    from samlscope.view.ticket import Row


class ExitStatus(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERNAL = 3
    INTERRUPTED = 130
    BROKEN_PIPE = 141
    """The reader of standard output closed it (`| head`): quietly, as a shell reports a
    process ended by SIGPIPE."""


def _say(stderr: TextIO, message: str) -> None:
    """Everything samlscope writes to stderr: file names and input-derived text included, so
    control characters (terminal escapes) are removed here, at the one exit."""
    from samlscope.view.sanitize import clean

    stderr.write(clean(message.rstrip("\n")) + "\n")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(ExitStatus.USAGE, f"{self.prog}: error: {message}\n")


@cache
def _columns() -> int:
    """The terminal width as shutil.get_terminal_size reads it (COLUMNS, then the terminal),
    without importing shutil (with bz2 and lzma) and asking once, not once per argument."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 80
    except (AttributeError, ValueError, OSError):
        return 80


class _Formatter(argparse.HelpFormatter):
    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = _columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


def _seconds(value: str) -> timedelta:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not 0 <= seconds <= 86400:
        raise argparse.ArgumentTypeError("skew must be between 0 and 86400 seconds")
    return timedelta(seconds=seconds)


def _instant(value: str):  # type: ignore[no-untyped-def]
    parsed = parse_instant(value)
    if parsed is None:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 time: {value!r} (e.g. 2026-11-01T09:00:00Z)"
        )
    return parsed


def _inspect_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="a file, or - for stdin")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument(
        "--format",
        choices=("rich", "ticket", "brief", "json", "jsonl"),
        default="rich",
        help="rich: the terminal view (default); ticket: plain text to paste into a ticket; "
        "brief: one line per login; json: one document (= --json); jsonl: one line per login",
    )
    parser.add_argument(
        "--html", metavar="FILE", help="also write a standalone one-page HTML report (mode 0600)"
    )
    parser.add_argument("--xml", action="store_true", help="print the decoded XML (sanitised)")
    parser.add_argument(
        "--show-identities",
        action="store_true",
        help="keep NameID, UPN, e-mail and names in ticket, summary and HTML output",
    )
    parser.add_argument(
        "--all", action="store_true", help="show every attribute and every login in full"
    )
    parser.add_argument(
        "--at",
        type=_instant,
        help="evaluation time (ISO 8601; default: the capture's own time, else now)",
    )
    parser.add_argument("--endpoint", help="URL the response was posted to")
    parser.add_argument("--relay-state", help="RelayState posted with the response")
    trust = parser.add_mutually_exclusive_group()
    trust.add_argument("--idp-metadata", metavar="FILE", help="Entra Federation Metadata XML")
    trust.add_argument("--idp-cert", metavar="FILE", help="IdP signing certificate (PEM, .cer)")
    parser.add_argument("--sp-key", metavar="FILE", help="SP private key for EncryptedAssertion")
    parser.add_argument("--profile", choices=PROFILE_CHOICES, default="auto")
    parser.add_argument("--sp-entity-id", help="expected Audience for the generic profile")
    parser.add_argument(
        "--idp-entity-id",
        metavar="ID",
        help="expected Issuer (the IdP's entity ID) when only a certificate or a key is trusted; "
        "with --idp-metadata it comes from the metadata",
    )
    parser.add_argument(
        "--skew",
        type=_seconds,
        default=timedelta(seconds=300),
        metavar="SECONDS",
        help="allowed clock skew (default 300)",
    )
    parser.add_argument(
        "--color",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="force or disable colour (default: when a terminal)",
    )
    parser.add_argument(
        "--include-raw",
        action="store_true",
        help="also put the raw SAMLResponse and XML in --json output "
        "(a bearer credential: share with care)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def _proxy_arguments(parser: argparse.ArgumentParser) -> None:
    from samlscope import proxy_cmd

    proxy_cmd.add_arguments(parser)


def _redact_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="IN")
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write here (a new file, mode 0600; never the input) instead of standard output",
    )
    parser.add_argument(
        "--keep-identities",
        action="store_true",
        help="keep NameID, UPN, e-mail and display names (default: stable placeholders)",
    )
    redact_trust = parser.add_mutually_exclusive_group()
    redact_trust.add_argument("--idp-metadata", metavar="FILE")
    redact_trust.add_argument("--idp-cert", metavar="FILE")


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument(
        "--at", type=_instant, help="evaluation time for certificate validity (default: now)"
    )
    parser.add_argument("--color", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def _diff_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", metavar="A", help="a login: FILE, or FILE#N for its Nth SAML POST")
    parser.add_argument("b", metavar="B", help="the other login, the same way")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--at", type=_instant, help="judge both logins at this time")
    parser.add_argument("--idp-metadata", metavar="FILE", help="trust anchor for both")
    parser.add_argument("--color", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def _explain_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "code",
        help="a rule code (SIG108), or a vendor's code or text: AADSTS50105, "
        "EntityNotExist.Role, 'Your request included an invalid SAML response', MSIS7007...",
    )


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    pass


COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "inspect": ("decode, verify and explain SAMLResponses", _inspect_arguments),
    "proxy": ("run mitmdump with the samlscope addon", _proxy_arguments),
    "redact": (
        "write a shareable copy of a capture (HAR, SAML-tracer, flow file, SAMLResponse)",
        _redact_arguments,
    ),
    "check": (
        "check the configuration on both sides (IdP and SP metadata, Entra app JSON, "
        "aliyun GetSAMLProvider/GetRole output, captures)",
        _check_arguments,
    ),
    "diff": ("what differs, that matters, between two logins", _diff_arguments),
    "rules": ("list every rule: code, name, severity", _no_arguments),
    "explain": ("print one rule's documentation", _explain_arguments),
}


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand argv names (its first word that is not an option), if it is one."""
    word = next((a for a in argv if not a.startswith("-")), None)
    return word if word in COMMANDS else None


def _untranslated_argparse() -> None:
    """argparse's own words ("usage:", "options") in English, as the rest of samlscope.

    argparse asks gettext for a translation of each of them, and gettext searches the locale
    folders for a catalogue on every call when none is found (Python ships none for argparse):
    that search, with the locale module it imports, cost 5-7 ms of a run. (The samlscope
    command does not even import gettext: samlscope.command.)
    """
    argparse._ = _same  # type: ignore[attr-defined]
    argparse.ngettext = _plural  # type: ignore[attr-defined]


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; given the command a run names, only that subcommand is built (building
    every subcommand's arguments cost a run more than analysing a response)."""
    _untranslated_argparse()
    parser = _Parser(
        prog="samlscope",
        description="Find out why a SAML login failed.",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"samlscope {__version__}")
    # prog given: argparse would otherwise build a help formatter just to name the commands.
    sub = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser, prog="samlscope"
    )
    parser.commands = sub.choices  # type: ignore[attr-defined]
    for name, (help_text, add_arguments) in COMMANDS.items():
        if command is None or name == command:
            add_arguments(sub.add_parser(name, help=help_text, formatter_class=_Formatter))
    return parser


def _inspect(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> ExitStatus:
    from samlscope.analysis import analyse
    from samlscope.decoder.readers.inputs import read_captures
    from samlscope.decoder.signature.trust import check_entity_id, load_trust
    from samlscope.facts import choose_profile
    from samlscope.output import stdout_writer
    from samlscope.rules.registry import login_rules

    if args.html:
        from samlscope.paths import check_output

        inputs = (*args.inputs, args.idp_metadata, args.idp_cert, args.sp_key)
        check_output(args.html, inputs, what="--html")
    trust = load_trust(args.idp_metadata, args.idp_cert)
    check_entity_id(trust, args.idp_entity_id)
    sp_key = None
    if args.sp_key:
        from samlscope.decoder.message.decrypt import load_sp_key  # only with an SP key

        sp_key = load_sp_key(args.sp_key)
    config = Config(
        profile=args.profile,
        skew=args.skew,
        at=args.at,
        endpoint=args.endpoint,
        relay_state=args.relay_state,
        sp_entity_id=args.sp_entity_id,
        idp_entity_id=args.idp_entity_id,
    )
    notes: list[str] = []
    fmt = "json" if args.json else ("xml" if args.xml else args.format)
    writers = [
        stdout_writer(
            fmt,
            stdout,
            color=args.color,
            show_all=args.all,
            show_identities=args.show_identities,
            include_raw=args.include_raw,
        )
    ]
    if args.html:
        from samlscope.view.html_page import HtmlWriter

        writers.append(HtmlWriter(args.html, show_identities=args.show_identities))
    # A summary has one row per login; the ticket view builds them, and only once a second
    # login shows the run has several (--json and xml need none).
    summarised = any(w.wants_rows for w in writers)
    # Rules are imported now, so start-up ends here: those of the cloud the run names (by
    # --profile or --endpoint); another cloud's rules are imported by its first login.
    named = args.profile != "auto" or args.endpoint
    login_rules(choose_profile(args.profile, args.endpoint).profile.cloud if named else None)
    _started()
    rows: list[Row] = []
    first: Report | None = None
    count = 0
    failed = False
    try:
        for path in args.inputs:
            for ordinal, capture in enumerate(read_captures(path, notes), 1):
                capture = capture._replace(ordinal=ordinal)
                report = analyse(capture, config, trust, sp_key=sp_key)
                for writer in writers:
                    writer.add(report)
                if summarised and count == 0:
                    first = report
                elif summarised:
                    from samlscope.view.ticket import Row

                    if first is not None:
                        rows.append(Row.of(first, args.show_identities))
                        first = None
                    rows.append(Row.of(report, args.show_identities))
                count += 1
                failed = failed or report.failed
    except BaseException:
        for writer in writers:
            writer.abort()  # an --html file being written is removed, never left half-done
        raise
    for note in notes:
        _say(stderr, f"samlscope: note: {note}\n")
    for writer in writers:
        writer.close(rows)  # an --html file is only put in place when it holds a report
    if not count:
        _say(stderr, "samlscope: error: no SAML POST (SAMLResponse) found in the input\n")
        return ExitStatus.USAGE
    return ExitStatus.FINDINGS if failed else ExitStatus.OK


def _redact(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> ExitStatus:
    from samlscope.decoder.signature.trust import load_trust
    from samlscope.redact import redact

    trust = load_trust(args.idp_metadata, args.idp_cert)
    done = redact(
        args.input,
        args.output,
        stdout,
        config=Config(),
        trust=trust,
        mask_identities=not args.keep_identities,
    )
    listing = ", ".join(f"{n} {what}" for what, n in sorted(done.removed.items())) or "nothing"
    _say(stderr, f"samlscope redact ({done.kind}): removed {listing}\n")
    return ExitStatus.OK


def _check(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    from samlscope.check import run_check
    from samlscope.view.check_view import check_dict, render_check

    report = run_check(args.files, args.at)
    if args.json:
        from samlscope.view.json_report import dumps

        stdout.write(dumps(check_dict(report), indent=2) + "\n")
    else:
        from samlscope.view.terminal import make_console

        render_check(report, make_console(stdout, color=args.color))
    return ExitStatus.FINDINGS if report.failed else ExitStatus.OK


def _diff(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    from samlscope.decoder.signature.trust import load_trust
    from samlscope.diff import diff, pick
    from samlscope.view.diff_view import diff_dict, render_diff

    trust = load_trust(args.idp_metadata, None)
    config = Config(at=args.at)
    result = diff(pick(args.a, config, trust), pick(args.b, config, trust))
    if args.json:
        from samlscope.view.json_report import dumps

        stdout.write(dumps(diff_dict(result), indent=2) + "\n")
    else:
        from samlscope.view.terminal import make_console

        render_diff(result, make_console(stdout, color=args.color))
    return ExitStatus.FINDINGS if result.regressed else ExitStatus.OK


def _rules(stdout: TextIO) -> ExitStatus:
    from samlscope.rules.registry import all_rules

    for rule in all_rules():
        stdout.write(f"{rule.code:8} {rule.severity.value:8} {rule.name}\n")
    return ExitStatus.OK


def _explain(code: str, stdout: TextIO, stderr: TextIO) -> ExitStatus:
    from samlscope.rules.registry import rule_by_code

    rule = rule_by_code(code)
    if rule is None:
        return _explain_vendor(code, stdout, stderr)
    stdout.write(f"{rule.code} {rule.name} ({rule.severity.value}, {rule.family})\n\n")
    stdout.write(rule.doc().split("\n", 1)[1].strip() + "\n")
    return ExitStatus.OK


def _explain_vendor(code: str, stdout: TextIO, stderr: TextIO) -> ExitStatus:
    """A vendor's code or answer text (AADSTS50105, EntityNotExist.Role, an AWS answer, an IdP
    page's code): its cause and fix, in the same words the rules use."""
    from samlscope.facts.vendor_codes import explain_vendor
    from samlscope.rules.wording import wording_for
    from samlscope.view.sanitize import clean

    found = explain_vendor(code)
    if found is None:
        _say(
            stderr,
            f"samlscope: error: no rule and no known vendor code {code!r} (see `samlscope "
            "rules`; AADSTS codes, Alibaba Cloud and CloudSSO error codes, AWS's answers and "
            "Okta, AD FS, Google, Keycloak and Ping error codes are known)\n",
        )
        return ExitStatus.USAGE
    words = wording_for("generic", f"idp:{found.idp}")
    stdout.write(clean(f"{found.code} ({found.vendor}): {found.name}") + "\n\n")
    stdout.write(clean(f"Cause: {found.cause}.") + "\n")
    stdout.write(clean(f"Fix: {words.fill(found.fix)}") + "\n")
    if found.rules:
        stdout.write(f"Rules: {', '.join(dict.fromkeys(found.rules))} (samlscope explain CODE)\n")
    return ExitStatus.OK


def run() -> NoReturn:
    """The `samlscope` command: main() in a process of its own.

    Start-up makes tens of thousands of objects that live as long as the process (modules,
    classes, the rules), and the cyclic garbage collector walked them about 20 times during one
    `inspect` (8 ms of a 45 ms run). So it is off until start-up is over (`_started`), and then
    leaves those objects out of every later collection.
    """
    gc.disable()
    status = main()
    if _command_in(sys.argv[1:]) == "proxy":  # mitmproxy's own shutdown: the usual exit
        sys.exit(status)
    _leave(status)


def _leave(status: int) -> NoReturn:
    """Exit without tearing the interpreter down. By now every output file is closed (each
    writer closes or aborts, and puts its file in place, before main returns) and only the
    standard streams are left to flush. Python's teardown of the ~200 modules and objects one
    run loaded cost about 3% of an `inspect`, for memory the process is about to give back."""
    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105 (contextlib is not otherwise imported)
            stream.flush()
        except (OSError, ValueError):  # a reader that went away, or a closed stream
            pass
    os._exit(status)


def _silence(stdout: TextIO) -> None:
    """Standard output's reader is gone: point it at /dev/null so that the interpreter's
    final flush does not complain about the broken pipe."""
    try:
        fd = stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _started() -> None:
    """Start-up is over: freeze what exists (see run) and collect what the work allocates."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(_command_in(argv))
    args, extra = parser.parse_known_args(argv)
    if extra:  # an unknown flag: say so with the subcommand's own usage
        sub = getattr(parser, "commands", {}).get(getattr(args, "command", None), parser)
        sub.error(f"unrecognized arguments: {' '.join(extra)}")
    debug = getattr(args, "debug", False)
    if args.command != "inspect":
        _started()  # inspect says so itself, once it has loaded what it needs
    try:
        if args.command == "inspect":
            return _inspect(args, stdout, stderr)
        if args.command == "diff":
            return _diff(args, stdout)
        if args.command == "check":
            return _check(args, stdout)
        if args.command == "rules":
            return _rules(stdout)
        if args.command == "redact":
            return _redact(args, stdout, stderr)
        if args.command == "proxy":
            from samlscope import proxy_cmd

            return proxy_cmd.run(args, stdout)
        return _explain(args.code, stdout, stderr)
    except InputError as e:
        _say(stderr, f"samlscope: error: {e}\n")
        return ExitStatus.USAGE
    except KeyboardInterrupt:
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:  # `samlscope inspect --json | head`: the reader has what it wanted
        _silence(stdout)
        return ExitStatus.BROKEN_PIPE
    except (RuleFailed, Exception) as e:
        if debug:
            raise
        _say(
            stderr,
            f"samlscope: internal error: {type(e).__name__}: {e}\n"
            "This is a bug in samlscope; run again with --debug for a traceback.\n",
        )
        return ExitStatus.INTERNAL

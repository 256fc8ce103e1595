"""Argument parsing and dispatch. Each command imports what it needs when it runs.

Human text by default, ``--json`` for programs; a known failure is one line
on stderr and a non-zero exit, a traceback only with ``--debug``.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import sys
import threading
from collections.abc import Callable
from typing import Any, NoReturn

from cm_desk import __version__
from cm_desk.cli.errors import CliError

EXIT_INTERNAL = 70  # EX_SOFTWARE


def _common(suppress: bool) -> argparse.ArgumentParser:
    """Options valid before and after the command (``cm-desk --home D search x``
    and ``cm-desk search x --home D``); after it they must not reset what was
    given before it, hence SUPPRESS defaults on the command's copy."""
    default = argparse.SUPPRESS if suppress else None
    flag_default = argparse.SUPPRESS if suppress else False
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--home",
        metavar="DIR",
        default=default,
        help="workspace directory (default: $CM_DESK_HOME or the user data dir)",
    )
    common.add_argument(
        "--json", action="store_true", default=flag_default, help="print JSON instead of text"
    )
    common.add_argument(
        "--debug", action="store_true", default=flag_default, help="show tracebacks on errors"
    )
    return common


# Adds one or more commands' subparsers: (the subparsers, the common options).
Builder = Callable[[Any, argparse.ArgumentParser], None]


def _add_demo(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    sub.add_parser("demo", parents=[common], help="create or refresh a demo workspace")


def _add_import(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    imp = sub.add_parser("import", parents=[common], help="import mail into the workspace")
    imp_sub = imp.add_subparsers(dest="format", metavar="FORMAT", required=True)
    md = imp_sub.add_parser("maildir", parents=[common], help="import a Maildir (cur/ and new/)")
    md.add_argument("path", metavar="PATH")
    md.add_argument("--account", default="maildir", help="account to file the mail under")
    md.add_argument(
        "--address",
        action="append",
        default=[],
        metavar="ADDR",
        help="your own address in this mail (repeatable): marks your sent mail",
    )
    md.add_argument("--jobs", type=int, default=None, help="parser processes (default: cores)")


def _add_search(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    se = sub.add_parser("search", parents=[common], help="search mail and mentions")
    se.add_argument("query", nargs="+", metavar="QUERY")
    se.add_argument("--limit", type=int, default=50, help="rows to show (default 50)")
    se.add_argument("--count", action="store_true", help="print only the number of matches")


def _add_followups(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    fu = sub.add_parser("followups", parents=[common], help="list open promises")
    fu.add_argument("--due", choices=("today", "overdue", "week"))
    fu.add_argument("--owner", metavar="NAME", help="'me' or a colleague's name")
    sub.add_parser("waiting", parents=[common], help="who is still waiting for an answer")


def _from(module: str) -> Builder:
    """The ``add_arguments`` of a command module, imported when it is needed."""

    def add(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
        import importlib

        importlib.import_module(f"cm_desk.cli.{module}").add_arguments(sub, common)

    return add


# Each builder adds the commands named with it, in the order ``--help`` lists them.
_BUILDERS: tuple[tuple[tuple[str, ...], Builder], ...] = (
    (("demo",), _add_demo),
    (("import",), _add_import),
    (("search",), _add_search),
    (("followups", "waiting"), _add_followups),
    (("account",), _from("account_cmd")),
    (("sync",), _from("sync_cmd")),
    (("reply", "forward", "outbox"), _from("outbox_cmd")),
    (("source", "feeds"), _from("feeds_cmd")),
    (("rule",), _from("rules_cmd")),
    (("colleague", "person"), _from("colleague_cmd")),
)


def _named_command(argv: list[str]) -> str | None:
    """The command ``argv`` names, found the way argparse will: the first word
    that is neither an option nor ``--home``'s value (the one global option
    that takes a value: a new one must be skipped here too). None if no word."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help"):
            return None  # help lists every command
        if len(word) >= 4 and "--home".startswith(word):  # argparse takes "--ho" too
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; for a command named in ``argv``, with only that command's
    part (building every command's takes 8 ms and imports their modules).
    Help, errors and the app get the whole one."""
    common = _common(suppress=True)
    p = argparse.ArgumentParser(
        prog="cm-desk",
        parents=[_common(suppress=False)],
        description="A workstation for community managers. Without a command, opens the app.",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="open the app on the demo workspace (created on first use)",
    )
    p.add_argument("--version", action="version", version=f"cm-desk {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    named = _named_command(argv) if argv is not None else None
    builders = [b for names, b in _BUILDERS if named in names] or [b for _, b in _BUILDERS]
    for build in builders:
        build(sub, common)
    return p


def _command(args: argparse.Namespace) -> Callable[[argparse.Namespace], int]:
    if args.command == "search":
        from cm_desk.cli.search_cmd import run_search

        return run_search
    if args.command == "import":
        from cm_desk.cli.import_cmd import run_import

        return run_import
    if args.command == "demo":
        from cm_desk.cli.demo_cmd import run_demo

        return run_demo
    if args.command == "followups":
        from cm_desk.cli.followups_cmd import run_followups

        return run_followups
    if args.command == "account":
        from cm_desk.cli.account_cmd import run_account

        return run_account
    if args.command == "sync":
        from cm_desk.cli.sync_cmd import run_sync

        return run_sync
    if args.command in ("reply", "forward", "outbox"):
        from cm_desk.cli.outbox_cmd import run_outbox

        return run_outbox
    if args.command == "source":
        from cm_desk.cli.feeds_cmd import run_source

        return run_source
    if args.command == "feeds":
        from cm_desk.cli.feeds_cmd import run_feeds

        return run_feeds
    if args.command == "colleague":
        from cm_desk.cli.colleague_cmd import run_colleague

        return run_colleague
    if args.command == "person":
        from cm_desk.cli.colleague_cmd import run_person

        return run_person
    if args.command == "rule":
        from cm_desk.cli.rules_cmd import run_rule

        return run_rule
    if args.command == "waiting":
        from cm_desk.cli.followups_cmd import run_waiting

        return run_waiting
    from cm_desk.cli.app_cmd import run_app

    return run_app


def run(argv: list[str], *, leave_when_done: bool = False) -> int:
    """Parse ``argv``, run the command, turn failures into exit codes.

    With ``leave_when_done`` (the console entry point), a headless command's
    process ends through :func:`leave` instead of returning.
    """
    args = _parser(argv).parse_args(argv)
    code = _run(args)
    if leave_when_done and args.command is not None:
        leave(code)
    return code


def leave(code: int) -> NoReturn:
    """End the process now, without the interpreter's teardown.

    Python frees every object of every module before it exits: after a sync
    that loaded the mail, keyring and store code that takes 25 ms, a tenth of
    a sync with nothing new. What of the teardown matters is done here, in
    the interpreter's order: other threads finish (``threading._shutdown``,
    which also stops executors), ``atexit`` handlers run (logging, temporary
    directories, worker pools), and standard output is flushed. Commands close
    their files and stores themselves. Where the private hook is missing (a
    future Python), the normal exit is used.
    """
    shutdown = getattr(threading, "_shutdown", None)
    if shutdown is None:
        sys.exit(code)
    shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the descriptor closed (cm-desk sync >&-)
            continue
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (| head): nothing to add
            stream.flush()
    os._exit(code)


def _run(args: argparse.Namespace) -> int:
    try:
        return _command(args)(args)
    except CliError as exc:
        if args.debug:
            raise
        print(f"cm-desk: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(
            "cm-desk: interrupted (what was written is complete; run again to go on)",
            file=sys.stderr,
        )
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if args.debug:
            raise
        first_line = (str(exc).splitlines() or [""])[0][:300]
        print(
            f"cm-desk: internal error: {type(exc).__name__}: {first_line} "
            "(run again with --debug for details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL

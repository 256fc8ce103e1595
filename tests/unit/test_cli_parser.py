"""The command line parser built for one command reads argv as the whole one does."""

from __future__ import annotations

import pytest

from cm_desk.cli.main import _BUILDERS, _named_command, _parser

SAMPLES = [
    ["--home", "/w", "sync", "bench"],
    ["--home=/w", "--json", "sync", "--allow-deletes"],
    ["sync", "bench", "--home", "/w", "--debug"],
    ["--debug", "search", "refund", "from:me", "--count", "--home", "/w"],
    ["search", "--json", "--limit", "3", "x"],
    ["import", "maildir", "/m", "--address", "a@b", "--address", "c@d", "--jobs", "2"],
    ["demo", "--home", "/d"],
    ["followups", "--due", "today", "--owner", "me"],
    ["waiting"],
    ["account", "list", "--json"],
    ["reply", "12", "--message", "Thanks!", "--no-quote", "--home", "/w"],
    ["forward", "12", "--to", "john", "--note", "over to you"],
    ["reply", "12"],  # refused (no text): by both
    ["outbox", "--home", "/w"],
    ["source", "list"],
    ["feeds", "refresh", "--home", "/w"],
    ["rule", "list"],
    ["colleague", "list"],
    ["person", "merge", "1", "2"],
    ["--home", "sync", "search", "x"],  # a workspace called "sync"
    ["--demo"],
    [],
    ["--ho", "/w", "demo"],  # argparse's abbreviation of --home
    ["--hom=/w", "sync"],
    ["--help", "search", "x"],
    ["-h", "sync"],
]


@pytest.mark.parametrize("argv", SAMPLES, ids=lambda a: " ".join(a) or "(app)")
def test_one_command_parser_reads_argv_like_the_whole_one(argv: list[str]) -> None:
    try:
        whole = vars(_parser().parse_args(argv))
    except SystemExit:  # a sample the CLI refuses must be refused either way
        with pytest.raises(SystemExit):
            _parser(argv).parse_args(argv)
        return
    assert vars(_parser(argv).parse_args(argv)) == whole


def test_the_command_is_the_first_word_that_is_no_option_value() -> None:
    assert _named_command(["--home", "sync", "search", "x"]) == "search"
    assert _named_command(["--home=/w", "--json", "sync"]) == "sync"
    assert _named_command(["--json"]) is None
    assert _named_command(["--ho", "demo", "sync"]) == "sync"
    assert _named_command(["-h", "sync"]) is None  # help lists every command
    commands = [name for names, _ in _BUILDERS for name in names]
    assert len(commands) == len(set(commands)) == 15

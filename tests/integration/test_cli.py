"""The command line as a user runs it: real processes on a real workspace."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.maildir_fixture import MESSAGES, make_maildir


def cm(
    *args: str, home: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CM_DESK_HOME"}
    cmd = [sys.executable, "-m", "cm_desk", *args]
    if home is not None:
        cmd += ["--home", str(home)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture()
def imported(tmp_path: Path) -> Path:
    maildir = make_maildir(tmp_path / "Maildir")
    home = tmp_path / "ws"
    cm("import", "maildir", str(maildir), "--address", "sam@community.example", home=home)
    return home


def test_import_keeps_every_file_and_reimport_adds_nothing(tmp_path: Path) -> None:
    maildir = make_maildir(tmp_path / "Maildir")
    before = {p: p.stat().st_mtime_ns for p in maildir.rglob("*") if p.is_file()}
    home = tmp_path / "ws"
    first = json.loads(cm("import", "maildir", str(maildir), "--json", home=home).stdout)
    assert first["imported"] == len(MESSAGES)  # garbage and the Message-ID clash included
    assert first["unreadable_as_mail"] == 1
    again = json.loads(cm("import", "maildir", str(maildir), "--json", home=home).stdout)
    assert again["imported"] == 0 and again["already_present"] == len(MESSAGES)
    after = {p: p.stat().st_mtime_ns for p in maildir.rglob("*") if p.is_file()}
    assert after == before  # read-only on the Maildir
    assert cm("search", "--count", "*", home=home).stdout.strip() == str(len(MESSAGES))


def test_search_count_json_and_folding(imported: Path) -> None:
    assert cm("search", "--count", "ideeen", home=imported).stdout == "2\n"
    assert cm("search", "--count", "الاعمال", home=imported).stdout == "1\n"
    out = json.loads(cm("search", "--json", "*", "--limit", "2", home=imported).stdout)
    assert set(out) == {"count", "elapsed_ms", "rows"}
    assert out["count"] == len(MESSAGES) and len(out["rows"]) == 2
    row = out["rows"][0]
    assert {"id", "date", "from", "subject", "kind"} <= set(row)
    dates = [
        r["date"] for r in json.loads(cm("search", "--json", "*", home=imported).stdout)["rows"]
    ]
    assert dates == sorted(dates, reverse=True)


def test_sent_reply_marks_the_question_answered(imported: Path) -> None:
    waiting = json.loads(cm("waiting", "--json", home=imported).stdout)
    subjects = {w["subject"] for w in waiting}
    assert "Billing complaint" in subjects
    assert not any("meetup" in s for s in subjects)  # Sam answered Anna
    assert cm("search", "--count", "is:unanswered", "from:anna", home=imported).stdout == "0\n"


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "(open",
        "close)",
        "-",
        ":",
        "NEAR(a b)",
        "a AND",
        "'; DROP TABLE items; --",
        "from:",
        "^start",
    ],
)
def test_malformed_queries_never_crash(imported: Path, query: str) -> None:
    proc = cm("search", query, home=imported, check=False)
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (0, 1)
    if proc.returncode == 1:
        assert proc.stderr.startswith("cm-desk: error: ") and proc.stderr.count("\n") == 1


def test_errors_are_one_line(tmp_path: Path) -> None:
    proc = cm("search", "x", home=tmp_path / "nothing", check=False)
    assert proc.returncode == 1 and "no workspace" in proc.stderr and "Traceback" not in proc.stderr
    proc = cm("import", "maildir", str(tmp_path / "nope"), home=tmp_path / "ws", check=False)
    assert proc.returncode == 1 and "not a Maildir" in proc.stderr
    proc = cm("search", "is:purple", home=tmp_path / "ws", check=False)
    assert proc.returncode == 1


def test_own_addresses_are_remembered_across_imports(tmp_path: Path) -> None:
    maildir = make_maildir(tmp_path / "Maildir")
    home = tmp_path / "ws"
    cm("import", "maildir", str(maildir), "--address", "sam@community.example", home=home)
    other = make_maildir(tmp_path / "Other")
    (other / "cur" / "1700000009.M9P1.host:2,S").write_bytes(
        b"From: Sam <sam@community.example>\r\nTo: bob@example.com\r\nSubject: Re: Billing\r\n"
        b"Date: Fri, 17 Nov 2023 08:00:00 +0000\r\nMessage-ID: <s9@community.example>\r\n"
        b"In-Reply-To: <clash@example.org>\r\n\r\nRefund is on its way.\r\n"
    )
    cm("import", "maildir", str(other), home=home)  # no --address this time
    assert cm("search", "--count", "is:outbound", home=home).stdout == "2\n"


def test_store_file_is_private(imported: Path) -> None:
    assert (imported / "cm-desk.sqlite3").stat().st_mode & 0o077 == 0


def test_version_is_the_package_version() -> None:
    import cm_desk

    proc = cm("--version")
    assert proc.stdout.strip() == f"cm-desk {cm_desk.__version__}"


def test_output_arrives_whole_and_a_closed_pipe_is_no_error(tmp_path: Path) -> None:
    """Headless commands end without the interpreter's teardown (cli.main.leave):
    buffered output must still arrive whole, and a reader that stops early
    (``| head``) is neither an error nor a traceback."""
    home = tmp_path / "demo"
    cm("demo", home=home)
    env = {k: v for k, v in os.environ.items() if k != "CM_DESK_HOME"}
    cmd = [sys.executable, "-m", "cm_desk", "search", "--json", "*", "--limit", "100000"]
    cmd += ["--home", str(home)]
    whole = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert whole.returncode == 0
    out = json.loads(whole.stdout)
    assert len(out["rows"]) == out["count"] > 100
    assert len(whole.stdout) > 1 << 16  # more than a pipe holds: the early reader below breaks it
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(1)
    proc.stdout.close()  # the reader goes away before the writer is done
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "Exception ignored" not in err


def test_leaving_runs_what_the_interpreter_would(tmp_path: Path) -> None:
    """Other threads finish and atexit handlers run before the process ends,
    with the command's exit status."""
    script = f"""
import atexit, pathlib, sys, threading, time
from cm_desk.cli.main import leave
out = pathlib.Path({str(tmp_path)!r})
atexit.register(lambda: (out / "atexit").write_text("ran"))
def late():
    time.sleep(0.2)
    (out / "thread").write_text("done")
threading.Thread(target=late).start()
sys.stdout.write("buffered, not yet flushed")
leave(3)
"""
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 3
    assert proc.stdout == "buffered, not yet flushed"
    assert (tmp_path / "atexit").read_text() == "ran"
    assert (tmp_path / "thread").read_text() == "done"


def test_a_command_started_without_stdout_ends_cleanly(imported: Path) -> None:
    """``cm-desk search x >&-``: no output to give, and no traceback about it."""
    env = {k: v for k, v in os.environ.items() if k != "CM_DESK_HOME"}
    cmd = [sys.executable, "-m", "cm_desk", "search", "--count", "*", "--home", str(imported)]
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, capture_output=False, env=env)
    assert proc.returncode == 0
    closed = subprocess.run(
        ["sh", "-c", '"$@" >&-', "sh", *cmd], stderr=subprocess.PIPE, env=env, timeout=120
    )
    assert closed.returncode == 0, closed.stderr
    assert b"Traceback" not in closed.stderr

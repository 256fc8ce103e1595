#!/usr/bin/env python3
"""Time ``cm-desk import maildir`` on a Maildir: wall time, CPU, peak memory.

Usage: python benchmarks/import_bench.py MAILDIR [--runs 1] [--keep DIR]

Each run imports into a fresh workspace in a separate process (as a user
would run it) and prints one line per run plus the message count; the peak
RSS is that of the largest process of the run (the writer or a parser).
Compare with ../shared/bench/peer_notmuch.sh and baseline_sqlite_fts.py on
the same Maildir (../shared/bench/mailbox_gen.py DIR N --seed 42).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def count_files(maildir: Path) -> int:
    """Message files in cur/ and new/."""
    return sum(
        1
        for sub in ("cur", "new")
        if (maildir / sub).is_dir()
        for name in os.listdir(maildir / sub)
        if not name.startswith(".")
    )


def run_once(maildir: Path, home: Path) -> tuple[float, float, int]:
    """Import once; returns (wall seconds, CPU seconds of the run, peak RSS in MB)."""
    shutil.rmtree(home, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cm_desk",
            "import",
            "maildir",
            str(maildir),
            "--home",
            str(home),
            "--address",
            "robin@hub.example.org",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss // 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("maildir", type=Path)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="workspace to leave the last import in")
    a = ap.parse_args()
    files = count_files(a.maildir)
    home = a.keep or Path(tempfile.mkdtemp(prefix="cm-desk-bench-"))
    for run in range(1, a.runs + 1):
        wall, cpu, rss = run_once(a.maildir, home)
        db = sqlite3.connect(home / "cm-desk.sqlite3")
        stored = db.execute("SELECT count(*) FROM items").fetchone()[0]
        db.close()
        size = (home / "cm-desk.sqlite3").stat().st_size / 1e6
        print(
            f"run {run}: {files} files -> {stored} items in {wall:.2f} s wall, "
            f"{cpu:.2f} s CPU, peak RSS {rss} MB, store {size:.0f} MB"
        )
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cm_desk", "import", "maildir", str(a.maildir), "--home", str(home)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"re-import (adds nothing): {time.perf_counter() - t0:.2f} s")
    if not a.keep:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()

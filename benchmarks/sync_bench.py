"""Time ``cm-desk sync`` against the shared benchmark Dovecot, as peer_mbsync.sh times mbsync.

Usage (the Dovecot from ../shared/bench, with the N-message corpus)::

    ../shared/bench/dovecot_up.sh BASE N
    python benchmarks/sync_bench.py BASE N [--runs 3] [--new 100] [--keep DIR]

Per run, on a fresh workspace: (a) full sync, (b) no-change sync, (c) sync
after NEW messages were delivered into the server's Maildir (as an MDA does,
using the shared mailbox_gen.py). Whole ``cm-desk`` processes; wall time,
CPU time and peak RSS of each. Needs a keyring: the script runs itself inside
``dbus-run-session`` with a private gnome-keyring when none is running.

The package is byte-compiled first, as an installed one is (pip writes the
``.pyc`` files); with PYTHONDONTWRITEBYTECODE set, as on some CI machines,
every run would otherwise compile cm_desk from source (about 0.07 s).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "bench"
CM_DESK = Path(sys.executable).with_name("cm-desk")


def _timed(args: list[str], stdin: str | None = None) -> tuple[float, float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, input=stdin, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024, done.stdout.strip()


def add_account_args(home: Path, port: int) -> list[str]:
    """``cm-desk account add`` of the bench account (password bench on stdin)."""
    return [
        str(CM_DESK),
        "--home",
        str(home),
        "account",
        "add",
        "bench",
        "--imap",
        f"127.0.0.1:{port}",
        "--smtp",
        "127.0.0.1:25",
        "--security",
        "none",
        "--user",
        "bench",
        "--address",
        "robin@hub.example.org",
        "--password-stdin",
    ]


def _in_keyring_session() -> None:
    """Re-run this script inside a private D-Bus session with an unlocked keyring."""
    if os.environ.get("CM_DESK_BENCH_KEYRING") == "1":
        return
    script = (
        "echo -n bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; "
        'exec "$0" "$@"'
    )
    home = tempfile.mkdtemp(prefix="cm-desk-bench-keyring-")  # a new, unlockable login keyring
    env = dict(
        os.environ,
        CM_DESK_BENCH_KEYRING="1",
        HOME=home,
        XDG_RUNTIME_DIR=home,
        XDG_DATA_HOME=f"{home}/data",
    )
    argv = ["dbus-run-session", "--", "sh", "-c", script, sys.executable, *sys.argv]
    os.execvpe("dbus-run-session", argv, env)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("base", type=Path, help="BASE_DIR given to dovecot_up.sh")
    p.add_argument("n", type=int, help="messages in the corpus")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--new", type=int, default=100)
    p.add_argument("--port", type=int, default=int(os.environ.get("IMAP_PORT", 10143)))
    p.add_argument("--keep", type=Path, help="leave the last workspace here")
    args = p.parse_args()
    _in_keyring_session()
    package = Path(__file__).resolve().parent.parent / "cm_desk"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    maildir = args.base.resolve() / "mail" / "bench" / "Maildir"
    delivered = args.n
    print(f"cm-desk sync against Dovecot 127.0.0.1:{args.port}, corpus N={args.n}")
    for run in range(1, args.runs + 1):
        subprocess.run(
            [str(SHARED / "dovecot_up.sh"), str(args.base), str(args.n)],
            check=True,
            capture_output=True,
        )
        delivered = args.n
        home = Path(tempfile.mkdtemp(prefix="cm-desk-sync-bench-"))
        cm = [str(CM_DESK), "--home", str(home)]
        _timed(add_account_args(home, args.port), stdin="bench")
        wall, cpu, rss, out = _timed([*cm, "sync", "bench"])
        count = subprocess.run([*cm, "search", "--count", "*"], capture_output=True, text=True)
        print(
            f"run {run} full_sync     {wall:7.2f} s  cpu {cpu:6.2f} s  peak RSS {rss:5.0f} MB"
            f"  items {count.stdout.strip()}  | {out}"
        )
        for _ in range(3):
            wall, cpu, rss, out = _timed([*cm, "sync", "bench"])
            print(f"run {run} noop_resync   {wall:7.3f} s  cpu {cpu:6.2f} s | {out}")
        subprocess.run(
            [
                sys.executable,
                str(SHARED / "mailbox_gen.py"),
                str(maildir),
                "--start",
                str(delivered),
                "--count",
                str(args.new),
                "--new",
                "--chown",
                "benchimap",
                "-j",
                "1",
            ],
            check=True,
            capture_output=True,
        )
        wall, cpu, rss, out = _timed([*cm, "sync", "bench"])
        print(f"run {run} incr_new{args.new:<5} {wall:7.3f} s  cpu {cpu:6.2f} s | {out}")
        if args.keep and run == args.runs:
            shutil.rmtree(args.keep, ignore_errors=True)
            shutil.move(home, args.keep)
        else:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()

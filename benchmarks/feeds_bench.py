"""Time ``cm-desk feeds refresh`` against the shared 200-feed server, as peer_newsboat.sh
times newsboat.

Usage::

    python benchmarks/feeds_bench.py [--feeds 200] [--latency-ms 0] [--runs 3]

Starts ``../shared/bench/feeds_serve.py`` on a free port, adds every feed of its
``/urls.txt`` to a fresh workspace, then times whole ``cm-desk`` processes:
the cold refresh, and a second one (every feed unchanged: all 304). Prints
wall and CPU time, peak RSS, and the server's own counters (200s, 304s,
bytes sent) for each.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
SERVE = HERE.parent.parent / "shared" / "bench" / "feeds_serve.py"
CM_DESK = Path(sys.executable).with_name("cm-desk")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as resp:  # loopback only
        return bytes(resp.read())


def _timed(args: list[str]) -> tuple[float, float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    last = (done.stdout.strip().splitlines() or [""])[-1]
    return wall, cpu, after.ru_maxrss / 1024, last


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--feeds", type=int, default=200)
    p.add_argument("--latency-ms", type=int, default=0)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            str(SERVE),
            "--port",
            str(port),
            "--feeds",
            str(args.feeds),
            "--latency-ms",
            str(args.latency_ms),
            "--max-seconds",
            "1800",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # bounded: the server starts within seconds
            try:
                urls = _get(base + "/urls.txt").decode().split()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("feeds_serve.py did not start")
        print(f"cm-desk feeds refresh, {len(urls)} feeds, latency {args.latency_ms} ms")
        for run in range(1, args.runs + 1):
            home = Path(tempfile.mkdtemp(prefix="cm-desk-feeds-bench-"))
            opml = home.parent / f"{home.name}.opml"
            outlines = "".join(f'<outline text="f{i}" xmlUrl="{u}"/>' for i, u in enumerate(urls))
            opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
            cm = [str(CM_DESK), "--home", str(home)]
            subprocess.run([*cm, "source", "import", str(opml)], check=True, capture_output=True)
            for step in ("cold", "all_304"):
                _get(base + "/_reset")
                wall, cpu, rss, last = _timed([*cm, "feeds", "refresh", "--all"])
                stats = json.loads(_get(base + "/_stats"))
                print(
                    f"run {run} {step:<8} {wall:6.2f} s  cpu {cpu:5.2f} s  peak RSS {rss:4.0f} MB"
                    f"  | {last} | server: {json.dumps(stats, sort_keys=True)}"
                )
            shutil.rmtree(home, ignore_errors=True)
            opml.unlink(missing_ok=True)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

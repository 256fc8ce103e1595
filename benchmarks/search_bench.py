#!/usr/bin/env python3
"""Time the 20 reference searches as the app runs them, and as whole processes.

Usage: python benchmarks/search_bench.py WORKSPACE [--reps 5]
       [--queries ../shared/bench/queries.py] [--reference ../shared/bench/results/queries.tsv]
       [--n 10000]

For each query: hit count (with the notmuch and FTS5-baseline counts from the
reference file, and whether ours lies between them ±1%), the median in-process
time from query text to the first 50 newest rows, and the median wall time of
a whole ``cm-desk search --limit 50`` process.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "bench"


def load_queries(path: Path) -> list[tuple[str, str]]:
    """(name, notmuch query) pairs from the shared queries.py."""
    spec = importlib.util.spec_from_file_location("bench_queries", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return [(q[0], q[1]) for q in mod.QUERIES]


def load_reference(path: Path, n: str) -> dict[tuple[str, str], int]:
    """{(tool, query name): hits} for corpus size ``n``."""
    ref: dict[tuple[str, str], int] = {}
    if not path.exists():
        return ref
    with path.open() as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["n"] == n:
                ref[(row["tool"], row["query"])] = int(row["hits"])
    return ref


def main() -> None:
    from cm_desk.store.search import count, search

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("workspace", type=Path)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--queries", type=Path, default=SHARED / "queries.py")
    ap.add_argument("--reference", type=Path, default=SHARED / "results" / "queries.tsv")
    ap.add_argument("--n", default="")
    a = ap.parse_args()
    conn = sqlite3.connect(a.workspace / "cm-desk.sqlite3")
    n = a.n or str(conn.execute("SELECT count(*) FROM items").fetchone()[0])
    ref = load_reference(a.reference, n)
    print(
        f"{'query':16s} {'hits':>6s} {'notmuch':>7s} {'fts5':>6s} ok "
        f"{'page ms':>8s} {'process ms':>10s}"
    )
    worst_page = worst_proc = 0.0
    for name, query in load_queries(a.queries):
        hits = count(conn, query)
        pages = []
        for _ in range(a.reps + 1):
            pages.append(search(conn, query, limit=50).elapsed_ms)
        page = statistics.median(pages[1:])
        procs = []
        for _ in range(a.reps):
            t0 = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "cm_desk",
                    "search",
                    "--home",
                    str(a.workspace),
                    "--limit",
                    "50",
                    query,
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            procs.append((time.perf_counter() - t0) * 1000)
        proc = statistics.median(procs)
        nm, fts = ref.get(("notmuch", name)), ref.get(("py-sqlite3-fts5", name))
        ok = ""
        if nm is not None and fts is not None:
            lo, hi = min(nm, fts) * 0.99, max(nm, fts) * 1.01
            ok = "ok" if lo <= hits <= hi else "NO"
        print(
            f"{name:16s} {hits:6d} {nm if nm is not None else '-':>7} "
            f"{fts if fts is not None else '-':>6} {ok:2s} {page:8.2f} {proc:10.1f}"
        )
        worst_page, worst_proc = max(worst_page, page), max(worst_proc, proc)
    print(
        f"worst first page {worst_page:.2f} ms in-process; worst whole process {worst_proc:.0f} ms"
    )


if __name__ == "__main__":
    main()

"""``cm-desk search QUERY [--limit N] [--count] [--json]``: newest first."""

from __future__ import annotations

import argparse
import sqlite3
import sys

from cm_desk.cli import output
from cm_desk.cli.errors import CliError
from cm_desk.cli.workspace_open import existing, fast_connection
from cm_desk.store.query_lang import QueryError
from cm_desk.store.search import count, search


def run_search(args: argparse.Namespace) -> int:
    """Print the hits of a query (or only their number with ``--count``)."""
    query = " ".join(args.query)
    if args.limit < 0:
        raise CliError("--limit must be 0 or more")
    conn = fast_connection(existing(args))
    try:
        if args.count:
            n = count(conn, query)
            output.emit_json({"count": n}) if args.json else print(n)
            return 0
        result = search(conn, query, limit=args.limit)
        total = count(conn, query) if args.json else None
    except QueryError as exc:
        shown = query if len(query) <= 60 else query[:57] + "…"
        raise CliError(f"cannot search for {shown!r}: {exc}") from exc
    except sqlite3.OperationalError as exc:
        raise CliError(f"the search failed: {exc}") from exc
    finally:
        conn.close()
    if args.json:
        output.emit_json(
            {
                "count": total,
                "elapsed_ms": round(result.elapsed_ms, 3),
                "rows": [r.as_json() for r in result.rows],
            }
        )
        return 0
    if not result.rows:
        print("no matches", file=sys.stderr)
        return 0
    for r in result.rows:
        kind = "" if r.kind == "mail" else f" [{r.kind}]"
        print(f"{output.local_time(r.date)}  {output.fit(r.sender, 24)}  {r.subject}{kind}")
    return 0

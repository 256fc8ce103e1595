"""The only place for SQLite-specific SQL: pragmas, the FTS5 index, write locks.

PostgreSQL support will add its counterparts here (tsvector index, advisory
locks); everything else in the store speaks portable SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

# Applied to every new connection. WAL lets the UI read while the writer writes;
# synchronous=NORMAL is durable across application crashes in WAL mode.
CONNECT_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA cache_size=-65536",
)

# Set before the first table exists: 16 KiB pages store raw messages (tens of KB
# each) in far fewer overflow pages than the 4 KiB default (import 1.8x faster).
NEW_DB_PRAGMAS = ("PRAGMA page_size=16384",)

FTS_TABLE = "item_fts"
FTS_COLUMNS = ("subject", "sender", "recipients", "body")

# Contentless: the index holds no copy of the text (items.body_text has it).
# Its rowid is items.sort_key, so ORDER BY rowid DESC is newest first.
CREATE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    + ", ".join(FTS_COLUMNS)
    + ", content='', tokenize=\"unicode61 remove_diacritics 2\")"
)
DROP_FTS = f"DROP TABLE IF EXISTS {FTS_TABLE}"

_FTS_INSERT = f"INSERT INTO {FTS_TABLE}(rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?)"
_FTS_DELETE = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {', '.join(FTS_COLUMNS)}) "
    "VALUES ('delete', ?, ?, ?, ?, ?)"
)

IndexRow = tuple[int, str, str, str, str]


def apply_pragmas(dbapi_connection: sqlite3.Connection, new_database: bool) -> None:
    """Configure a fresh DB-API connection (and page size on a brand-new file)."""
    cur = dbapi_connection.cursor()
    try:
        if new_database:
            for pragma in NEW_DB_PRAGMAS:
                cur.execute(pragma)
        for pragma in CONNECT_PRAGMAS:
            cur.execute(pragma)
    finally:
        cur.close()


def fts_insert(cursor: Any, rows: Iterable[IndexRow]) -> None:
    """Add rows ``(sort_key, subject, sender, recipients, body)`` to the index."""
    cursor.executemany(_FTS_INSERT, rows)


def fts_delete(cursor: Any, rows: Iterable[IndexRow]) -> None:
    """Remove rows; a contentless index needs the exact values that were indexed."""
    cursor.executemany(_FTS_DELETE, rows)


def quote_fts(text: str) -> str:
    """Quote a user's word or phrase as an FTS5 string: never an operator."""
    return '"' + text.replace('"', '""') + '"'


def fts_column_filter(columns: Sequence[str], expr: str) -> str:
    """Restrict an FTS5 expression to some columns: ``{a b} : expr``."""
    if len(columns) == 1:
        return f"{columns[0]} : {expr}"
    return "{" + " ".join(columns) + "} : " + expr

"""Plain SQL in the caller's transaction, on the DB-API connection underneath.

The write paths that run on every sync (storing mail, its server places and
flags, keyword rules) are written once, in plain SQL with ``?`` placeholders,
and run on whatever the caller holds: a bare ``sqlite3`` connection (the lean
``cm-desk sync``, which never imports SQLAlchemy), or a SQLAlchemy
``Connection`` inside ``Store.write()`` (import, the app, tests), whose DB-API
connection and open transaction are used as they are. Drivers with the
``format`` parameter style (psycopg) get ``%s`` instead of ``?``.

Column names are always quoted: ``references`` is an SQL keyword.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from cm_desk.store.sqlutil import chunks


class Sql:
    """A DB-API connection, spoken to in ``?``-style SQL."""

    __slots__ = ("_conn", "_format")

    def __init__(self, dbapi_connection: Any, *, format_style: bool = False) -> None:
        self._conn = dbapi_connection
        self._format = format_style

    @classmethod
    def of(cls, conn: object) -> Sql:
        """``conn`` as plain SQL: a :class:`Sql`, a DB-API connection, or a
        SQLAlchemy ``Connection`` (its driver connection, same transaction)."""
        if isinstance(conn, Sql):
            return conn
        if isinstance(conn, sqlite3.Connection):
            return cls(conn)
        driver = getattr(getattr(conn, "connection", None), "driver_connection", None)
        if driver is None:
            raise TypeError(f"not a database connection: {type(conn).__name__}")
        style = getattr(getattr(conn, "dialect", None), "paramstyle", "qmark")
        return cls(driver, format_style=style in ("format", "pyformat"))

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self._format else sql

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        """Every row of a query, as tuples."""
        cur = self._conn.cursor()
        try:
            cur.execute(self._sql(sql), tuple(params))
            return list(cur.fetchall())
        finally:
            cur.close()

    def first(self, sql: str, params: Sequence[object] = ()) -> Any | None:
        """The first row of a query, or None."""
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: Sequence[object] = ()) -> Any:
        """The first column of the first row, or None."""
        row = self.first(sql, params)
        return None if row is None else row[0]

    def run(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run one statement; the number of rows it changed."""
        cur = self._conn.cursor()
        try:
            cur.execute(self._sql(sql), tuple(params))
            return int(cur.rowcount or 0)
        finally:
            cur.close()

    def many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        """Run one statement once per parameter row."""
        if not rows:
            return
        cur = self._conn.cursor()
        try:
            cur.executemany(self._sql(sql), rows)
        finally:
            cur.close()

    def insert(self, table: str, rows: Sequence[Mapping[str, object]]) -> None:
        """Insert dict rows (all with the keys of the first)."""
        if not rows:
            return
        columns = list(rows[0])
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        self.many(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",
            [tuple(r[c] for c in columns) for r in rows],
        )

    def insert_id(self, table: str, values: Mapping[str, object]) -> int:
        """Insert one row; its new ``id``."""
        names = ", ".join(f'"{c}"' for c in values)
        marks = ", ".join("?" for _ in values)
        found = self.scalar(
            f"INSERT INTO {table} ({names}) VALUES ({marks}) RETURNING id", list(values.values())
        )
        return int(found)

    def rows_in(
        self, sql: str, values: Sequence[object], params: Sequence[object] = ()
    ) -> Iterator[Any]:
        """Rows of ``sql`` whose ``{in}`` is filled with ``values``, a slice at a time
        (``params`` bind before the list)."""
        for chunk in chunks(values):
            marks = ", ".join("?" for _ in chunk)
            yield from self.rows(sql.replace("{in}", marks), [*params, *chunk])

    def run_in(self, sql: str, values: Sequence[object], params: Sequence[object] = ()) -> int:
        """Run ``sql`` with ``{in}`` filled with ``values``, a slice at a time; rows changed."""
        changed = 0
        for chunk in chunks(values):
            marks = ", ".join("?" for _ in chunk)
            changed += self.run(sql.replace("{in}", marks), [*params, *chunk])
        return changed

    def cursor(self) -> Any:
        """A cursor of the connection (for :mod:`cm_desk.store.dialect`)."""
        return self._conn.cursor()

"""Named workspace settings of one kind (``kind:name`` keys in ``workspace_settings``):
saved searches, senders whose images the CM trusts. Preferences of the app itself
live in QSettings; these belong to the workspace and travel with it.

Plain SQL (:class:`~cm_desk.store.sql.Sql`): the window reads these before
SQLAlchemy is imported, on any connection :meth:`Sql.of` takes.
"""

from __future__ import annotations

from cm_desk.store.sql import Sql


def named(conn: object, kind: str) -> dict[str, str]:
    """Every setting of ``kind``, by name."""
    prefix = kind + ":"
    # A key range, not LIKE: "_" and "%" in a kind or name are plain characters.
    rows = Sql.of(conn).rows(
        'SELECT "key", value FROM workspace_settings WHERE "key" >= ? AND "key" < ?',
        [prefix, kind + chr(ord(":") + 1)],
    )
    return {k[len(prefix) :]: v for k, v in rows}


def put(conn: object, kind: str, name: str, value: str) -> None:
    """Set ``kind:name`` (replacing what was there) in the caller's transaction."""
    key = f"{kind}:{name}"
    db = Sql.of(conn)
    db.run('DELETE FROM workspace_settings WHERE "key" = ?', [key])
    db.run('INSERT INTO workspace_settings ("key", value) VALUES (?, ?)', [key, value])


DEMO_VERSION_KEY = "demo_version"  # set by the demo builder: a demo workspace


def is_demo(conn: object) -> bool:
    """Whether the workspace is a demo (its placeholder servers are never contacted)."""
    found = Sql.of(conn).first(
        'SELECT "key" FROM workspace_settings WHERE "key" = ?', [DEMO_VERSION_KEY]
    )
    return found is not None

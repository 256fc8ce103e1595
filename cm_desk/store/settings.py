"""Named workspace settings of one kind (``kind:name`` keys in ``workspace_settings``):
saved searches, senders whose images the CM trusts. Preferences of the app itself
live in QSettings; these belong to the workspace and travel with it."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from cm_desk.store.schema import Setting


def named(conn: Connection, kind: str) -> dict[str, str]:
    """Every setting of ``kind``, by name."""
    prefix = kind + ":"
    rows = conn.execute(
        # A key range, not LIKE: "_" and "%" in a kind or name are plain characters.
        select(Setting.key, Setting.value).where(
            Setting.key >= prefix, Setting.key < kind + chr(ord(":") + 1)
        )
    ).all()
    return {k[len(prefix) :]: v for k, v in rows}


def put(conn: Connection, kind: str, name: str, value: str) -> None:
    """Set ``kind:name`` (replacing what was there) in the caller's transaction."""
    key = f"{kind}:{name}"
    conn.execute(delete(Setting).where(Setting.key == key))
    conn.execute(insert(Setting).values(key=key, value=value))


DEMO_VERSION_KEY = "demo_version"  # set by the demo builder: a demo workspace


def is_demo(conn: Connection) -> bool:
    """Whether the workspace is a demo (its placeholder servers are never contacted)."""
    found = select(Setting.key).where(Setting.key == DEMO_VERSION_KEY)
    return conn.execute(found).first() is not None

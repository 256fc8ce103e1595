"""Feed sources' fetch state in plain SQL (no SQLAlchemy import).

A refresh where every feed answers 304 must finish in well under a second,
and importing SQLAlchemy and the models alone costs a third of that; so
choosing the due sources and recording how each fetch ended is plain SQL on
a DB-API connection — the store's own connection inside its transaction
when mentions are written too. Dates are epoch seconds, as
:class:`cm_desk.store.schema.EpochSeconds` stores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_DUE = """
SELECT s.id, s.name, s.url, s.kind, s.poll_minutes,
       coalesce(f.etag, ''), coalesce(f.last_modified, ''), coalesce(f.failures, 0)
FROM sources s LEFT JOIN feed_state f ON f.source_id = s.id
WHERE s.enabled AND (? OR f.next_fetch_at IS NULL OR f.next_fetch_at <= ?)
ORDER BY s.id
"""


@dataclass(frozen=True)
class DueSource:
    """A source to fetch now, with the validators of its last answer."""

    id: int
    name: str
    url: str
    kind: str
    poll_minutes: int
    etag: str
    last_modified: str
    failures: int


@dataclass(frozen=True)
class FetchState:
    """How one fetch ended, as ``feed_state`` keeps it."""

    source_id: int
    fetched_at: int
    next_at: int
    status: str  # ok, not_modified, error
    error: str
    failures: int
    etag: str = ""  # kept only when the fetch succeeded
    last_modified: str = ""
    moved_to: str = ""  # a permanent redirect's target: becomes the source's URL


def due_sources(conn: Any, now: int, force: bool) -> list[DueSource]:
    """Enabled sources whose next fetch is due (all of them with ``force``)."""
    return [DueSource(*row) for row in conn.execute(_DUE, (1 if force else 0, now)).fetchall()]


def save_state(cursor: Any, state: FetchState) -> str:
    """Record a fetch; returns the source's new URL when it moved (else "")."""
    ok = state.status != "error"
    values: dict[str, Any] = {
        "last_fetch_at": state.fetched_at,
        "next_fetch_at": state.next_at,
        "last_status": state.status,
        "last_error": state.error,
        "failures": state.failures,
    }
    if ok:
        values.update(
            last_ok_at=state.fetched_at, etag=state.etag, last_modified=state.last_modified
        )
    columns = list(values)
    cursor.execute(
        f"UPDATE feed_state SET {', '.join(f'{c} = ?' for c in columns)} WHERE source_id = ?",
        [*values.values(), state.source_id],
    )
    if not cursor.rowcount:
        cursor.execute(
            f"INSERT INTO feed_state (source_id, {', '.join(columns)}, etag, last_modified) "
            f"VALUES (?, {', '.join('?' for _ in columns)}, '', '')"
            if not ok
            else f"INSERT INTO feed_state (source_id, {', '.join(columns)}) "
            f"VALUES (?, {', '.join('?' for _ in columns)})",
            [state.source_id, *values.values()],
        )
    moved = state.moved_to if ok else ""
    if moved:
        taken = cursor.execute("SELECT 1 FROM sources WHERE url = ?", (moved,)).fetchone()
        if taken:
            return ""
        cursor.execute("UPDATE sources SET url = ? WHERE id = ?", (moved, state.source_id))
    return moved

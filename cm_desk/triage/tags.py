"""Tags the CM puts on items (complaint, bug, praise…)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, delete, func, insert, select

from cm_desk.domain.models import Changes
from cm_desk.store.engine import Store
from cm_desk.store.rules import ensure_tag
from cm_desk.store.schema import Item, ItemTag, Tag
from cm_desk.store.sqlutil import chunks
from cm_desk.triage.triage_state import conversations_of


def ensure_tag_in(conn: Connection, name: str, color: str = "") -> int:
    """The id of tag ``name`` (matched case-insensitively), created if new."""
    return ensure_tag(conn, name, color)


def tag_items_in(
    conn: Connection, item_ids: Iterable[int], tag_name: str, *, color: str = ""
) -> Changes:
    """Put a tag on items in the caller's transaction (already tagged ones are skipped)."""
    ids = sorted(set(item_ids))
    tag_id = ensure_tag_in(conn, tag_name, color)
    if not ids:
        return Changes()
    known: set[int] = set()
    tagged: set[int] = set()
    for chunk in chunks(ids):
        known.update(conn.execute(select(Item.id).where(Item.id.in_(chunk))).scalars())
        tagged.update(
            conn.execute(
                select(ItemTag.item_id).where(ItemTag.tag_id == tag_id, ItemTag.item_id.in_(chunk))
            ).scalars()
        )
    new = [i for i in ids if i in known and i not in tagged]
    if new:
        conn.execute(insert(ItemTag), [{"item_id": i, "tag_id": tag_id} for i in new])
    return Changes(items_updated=len(new), conversations=conversations_of(conn, new))


def tag_items(store: Store, item_ids: Iterable[int], tag_name: str) -> Changes:
    """Tag items, creating the tag if needed."""
    with store.write() as conn:
        return tag_items_in(conn, item_ids, tag_name)


def untag_items(store: Store, item_ids: Iterable[int], tag_name: str) -> Changes:
    """Take a tag off items (a missing tag changes nothing)."""
    ids = sorted(set(item_ids))
    with store.write() as conn:
        tag_id = conn.execute(
            select(Tag.id).where(func.lower(Tag.name) == tag_name.strip().lower())
        ).scalar()
        if tag_id is None or not ids:
            return Changes()
        removed = 0
        for chunk in chunks(ids):
            removed += conn.execute(
                delete(ItemTag).where(ItemTag.tag_id == tag_id, ItemTag.item_id.in_(chunk))
            ).rowcount
        return Changes(items_updated=removed, conversations=conversations_of(conn, ids))

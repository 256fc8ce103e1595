"""Bulk writes of public mentions (feed entries, posts, comments) as items.

A mention is stored like a mail item: an ``items`` row (kind ``mention``), its
lossless source in ``item_raw`` (the mention as UTF-8 JSON, since a feed entry
has no raw bytes of its own worth keeping) and a full-text row. Mentions are
deduplicated per source by guid or URL, so polling a feed again adds nothing.
A mention answering another one we hold (``in_reply_to_url``) joins that
conversation; any other mention starts its own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from cm_desk.domain.models import Changes, Direction, ItemKind, NewMention, Triage
from cm_desk.domain.text import detect_language, html_to_text
from cm_desk.store import dialect
from cm_desk.store.indexing import index_row
from cm_desk.store.rule_apply import apply_rules
from cm_desk.store.sql import Sql
from cm_desk.store.sqlutil import chunks, make_sort_key

IdentityLookup = Callable[[Sql, str, dict[str, str]], dict[str, int]]

_FIELDS = dataclasses.fields(NewMention)
_SUBJECT_FROM_TEXT = 120  # characters of an untitled post used as its subject


def mention_key(mention: NewMention) -> str:
    """What identifies a mention within its source: its guid, else its URL.

    An entry with neither (rare, but feeds do that) is known by its content.
    """
    return mention.guid or mention.url or "sha:" + _digest(mention_raw(mention))


def mention_raw(mention: NewMention) -> bytes:
    """The lossless stored form of a mention: its fields as UTF-8 JSON."""
    # Every field is a plain string but the date: no need for asdict's deep copy.
    fields = {f.name: getattr(mention, f.name) for f in _FIELDS}
    fields["published"] = mention.published.isoformat()
    return json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _digest(raw: bytes) -> str:
    # The same content key as mail (cm_desk.mail.parse.raw_digest); the store
    # does not import the mail package.
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def _timestamp(when: datetime) -> int:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp())


_MENTION = ItemKind.MENTION.value


def _existing_keys(db: Sql, source_id: int | None, keys: Sequence[str]) -> set[str]:
    """Keys (guid or url) of this source's mentions that are already stored."""
    same_source = "source_id IS NULL" if source_id is None else "source_id = ?"
    source = [] if source_id is None else [source_id]
    found: set[str] = set()
    for chunk in chunks(keys, 300):  # three IN lists of it in one statement
        shas = [k[4:] for k in chunk if k.startswith("sha:")]
        marks = ", ".join("?" for _ in chunk)
        known = f"guid IN ({marks}) OR url IN ({marks})"
        if shas:
            known += f" OR raw_sha IN ({', '.join('?' for _ in shas)})"
        rows = db.rows(
            f"SELECT guid, url, raw_sha FROM items WHERE kind = ? AND {same_source} AND ({known})",
            [_MENTION, *source, *chunk, *chunk, *shas],
        )
        for guid, url, sha in rows:
            found.update(k for k in (guid, url) if k)
            found.add("sha:" + sha)
    return found


def _first_by_url(db: Sql, column: str, urls: Sequence[str], mentions_only: bool) -> dict[str, int]:
    """``column`` of the oldest stored item with each URL (mentions only, or any item)."""
    kind = "kind = ? AND " if mentions_only else ""
    found: dict[str, int] = {}
    for url, value in db.rows_in(
        f"SELECT url, {column} FROM items WHERE {kind}url IN ({{in}}) ORDER BY id",
        urls,
        [_MENTION] if mentions_only else [],
    ):
        found.setdefault(url, value)
    return found


def _link_sources(db: Sql, source_id: int, item_ids: set[int]) -> None:
    """Record that ``source_id`` also found these mentions (once)."""
    have = {
        row[0]
        for row in db.rows_in(
            "SELECT item_id FROM mention_sources WHERE source_id = ? AND item_id IN ({in})",
            sorted(item_ids),
            [source_id],
        )
    }
    db.many(
        "INSERT INTO mention_sources (item_id, source_id) VALUES (?, ?)",
        [(i, source_id) for i in sorted(item_ids - have)],
    )


def _identity_ids(
    db: Sql, batch: Sequence[NewMention], identities: IdentityLookup
) -> dict[tuple[str, str], int]:
    """Identity ids per ``(network, handle)``; people are created as needed."""
    wanted: dict[str, dict[str, str]] = {}
    for m in batch:
        handle = _handle(m)
        if handle:
            wanted.setdefault(m.network or "web", {}).setdefault(handle, m.author or handle)
    out: dict[tuple[str, str], int] = {}
    for network, values in wanted.items():
        for value, ident in identities(db, network, values).items():
            out[(network, value)] = ident
    return out


def _handle(m: NewMention) -> str:
    return (m.author_handle or m.author).strip().lower()


def add_mentions(
    conn: object,
    source_id: int | None,
    batch: Sequence[NewMention],
    identities: IdentityLookup,
) -> Changes:
    """Store a batch of mentions from one source in the caller's transaction
    (``conn``: anything :meth:`Sql.of` takes).

    ``identities(db, network, {handle: display name})`` returns the identity
    id of each handle, creating people as needed (``Ingestor._identities``).
    """
    db = Sql.of(conn)
    changes = Changes()
    unique: dict[str, NewMention] = {}
    for m in batch:
        unique.setdefault(mention_key(m), m)
    urls = [m.url for m in unique.values() if m.url]
    existing = _existing_keys(db, source_id, sorted(set(unique) | set(urls)))
    fresh: list[NewMention] = []
    for key, m in unique.items():
        if key in existing or m.url in existing:
            continue
        if m.url:
            existing.add(m.url)  # one URL, two guids in one batch: keep the first
        fresh.append(m)
    # The same article reached through another source is that mention, found
    # here too: it lists this source as well instead of appearing twice.
    elsewhere = _first_by_url(db, "id", sorted({m.url for m in fresh if m.url}), True)
    if elsewhere and source_id is not None:
        _link_sources(db, source_id, {elsewhere[m.url] for m in fresh if m.url in elsewhere})
    fresh = [m for m in fresh if m.url not in elsewhere]
    changes.skipped_duplicates = len(batch) - len(fresh)
    if not fresh:
        return changes
    fresh.sort(key=lambda m: _timestamp(m.published))

    ident_ids = _identity_ids(db, fresh, identities)
    parents = sorted({m.in_reply_to_url for m in fresh if m.in_reply_to_url})
    conv_of_url = _first_by_url(db, "conversation_id", parents, False)
    now = int(datetime.now(UTC).timestamp())
    next_item = (db.scalar("SELECT max(id) FROM items") or 0) + 1
    next_conv = (db.scalar("SELECT max(id) FROM conversations") or 0) + 1

    new_convs: dict[int, dict[str, Any]] = {}
    touched: dict[int, int] = {}  # existing conversation -> newest date in batch
    items: list[dict[str, Any]] = []
    raws: list[dict[str, Any]] = []
    fts: list[dialect.IndexRow] = []
    for offset, m in enumerate(fresh):
        item_id = next_item + offset
        ts = _timestamp(m.published)
        text = m.text or html_to_text(m.html)
        subject = m.title or " ".join(text.split())[:_SUBJECT_FROM_TEXT]
        conv = conv_of_url.get(m.in_reply_to_url) if m.in_reply_to_url else None
        if conv is None:
            conv = next_conv
            next_conv += 1
            new_convs[conv] = {
                "id": conv,
                "subject": subject,
                # No subject key: mail threading must never fall back onto a post.
                "subject_key": "",
                "account_id": None,
                "created_at": ts,
                "last_activity_at": ts,
            }
        elif conv in new_convs:
            new_convs[conv]["last_activity_at"] = max(new_convs[conv]["last_activity_at"], ts)
        else:
            touched[conv] = max(touched.get(conv, 0), ts)
        if m.url:
            conv_of_url.setdefault(m.url, conv)  # later replies in this batch join it
        raw = mention_raw(m)
        sort_key = make_sort_key(ts, item_id)
        handle = _handle(m)
        items.append(
            {
                "id": item_id,
                "sort_key": sort_key,
                "kind": ItemKind.MENTION.value,
                "direction": Direction.IN.value,
                "triage": Triage.NEW.value,
                "account_id": None,
                "source_id": source_id,
                "conversation_id": conv,
                "from_identity_id": ident_ids.get((m.network or "web", handle)),
                "from_name": m.author,
                "from_addr": m.author_handle,
                "to_addrs": "",
                "cc_addrs": "",
                "subject": m.title,
                "date": ts,
                "received_at": now,
                "message_id": "",
                "in_reply_to": m.in_reply_to_url,
                "references": "",
                "url": m.url,
                "guid": m.guid,
                "body_text": text,
                "body_html": m.html,
                "language": m.language or detect_language(f"{m.title}\n{text}"),
                "raw_sha": _digest(raw),
                "size": len(raw),
                "has_attachments": False,
                "parse_error": "",
                "spam_score": 0.0,
                "seen": False,
                "flagged": False,
                "answered_at": None,
                "snoozed_until": None,
            }
        )
        raws.append({"item_id": item_id, "raw": raw})
        fts.append(index_row(sort_key, m.title, f"{m.author} {m.author_handle}".strip(), "", text))

    db.insert("conversations", list(new_convs.values()))
    db.insert("items", items)
    apply_rules(db, items)
    db.insert("item_raw", raws)
    if source_id is not None:
        db.many(
            "INSERT INTO mention_sources (item_id, source_id) VALUES (?, ?)",
            [(i["id"], source_id) for i in items],
        )
    dialect.fts_insert(db.cursor(), fts)
    db.many(
        "UPDATE conversations SET last_activity_at = ? WHERE id = ? AND last_activity_at < ?",
        [(ts, conv, ts) for conv, ts in touched.items()],
    )
    changes.items_added = len(items)
    changes.conversations = set(new_convs) | set(touched)
    return changes

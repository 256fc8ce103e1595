"""Monitored sources and their refresh: fetch (network), parse, store (one writer).

A refresh asks every due source at once (``feeds.fetch``), parses what came
back, and stores each source's new mentions with its fetch state in one
transaction. Validators (ETag, Last-Modified) are kept from the very first
answer, so the second refresh is already conditional. A failing source backs
off (doubling from its poll interval, or as long as the server's Retry-After
asks) and shows why; the others go on. A permanent redirect updates the
source's address.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from urllib.parse import urlsplit

from sqlalchemy import Row, delete, func, insert, select, update

from cm_desk.feeds.entries import PRESETS, FeedError, detect_preset, parse_feed
from cm_desk.feeds.fetch import FetchLimits, FetchRequest, FetchResult, fetch_all
from cm_desk.store.engine import Store
from cm_desk.store.ingest import Ingestor
from cm_desk.store.schema import FeedState, MentionSource, Source

MAX_BACKOFF = timedelta(hours=12)


class SourceError(Exception):
    """A request about sources that cannot be done, in a sentence."""


@dataclass(frozen=True)
class SourceView:
    """A source as the CLI and the app list it."""

    id: int
    name: str
    url: str
    preset: str
    enabled: bool
    last_status: str
    last_error: str
    last_ok_at: datetime | None
    next_fetch_at: datetime | None
    mentions: int


@dataclass(frozen=True)
class Refreshed:
    """What one refresh did with one source."""

    source_id: int
    name: str
    status: str  # ok, not_modified, error
    added: int = 0
    seen_elsewhere: int = 0  # entries already known (this or another source)
    error: str = ""
    warning: str = ""
    moved_to: str = ""


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def add_source(
    store: Store, url: str, *, name: str = "", preset: str = "", now: datetime | None = None
) -> SourceView:
    """Start monitoring ``url`` (no network: the first refresh fetches it)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceError(f"not a web address: {url!r} (it must start with http:// or https://)")
    preset = preset or detect_preset(url)
    if preset not in PRESETS:
        raise SourceError(f"unknown preset {preset!r}; one of: {', '.join(PRESETS)}")
    with store.write() as conn:
        if conn.execute(select(Source.id).where(Source.url == url)).first():
            raise SourceError(f"already monitored: {url}")
        source_id = conn.execute(
            insert(Source)
            .values(name=name or parts.hostname, kind=preset, url=url, created_at=_now(now))
            .returning(Source.id)
        ).scalar_one()
        conn.execute(insert(FeedState).values(source_id=source_id))
    return next(s for s in list_sources(store) if s.id == source_id)


def list_sources(store: Store) -> list[SourceView]:
    """Every source with its last status and how many mentions it found."""
    count = (
        select(func.count())
        .where(MentionSource.source_id == Source.id)
        .correlate(Source)
        .scalar_subquery()
    )
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(
                Source.id,
                Source.name,
                Source.url,
                Source.kind,
                Source.enabled,
                FeedState.last_status,
                FeedState.last_error,
                FeedState.last_ok_at,
                FeedState.next_fetch_at,
                count,
            )
            .outerjoin(FeedState, FeedState.source_id == Source.id)
            .order_by(Source.name, Source.id)
        ).all()
    return [
        SourceView(
            r.id,
            r.name,
            r.url,
            r.kind,
            bool(r.enabled),
            r.last_status or "",
            r.last_error or "",
            r.last_ok_at,
            r.next_fetch_at,
            int(r[-1] or 0),
        )
        for r in rows
    ]


def remove_source(store: Store, which: str) -> SourceView:
    """Stop monitoring a source (by id, name or URL); its mentions stay."""
    found = [s for s in list_sources(store) if which in (str(s.id), s.name, s.url)]
    if not found:
        raise SourceError(f"no source {which!r} (see 'cm-desk source list')")
    if len(found) > 1:
        raise SourceError(f"{which!r} names {len(found)} sources; give its id or URL")
    with store.write() as conn:
        conn.execute(delete(Source).where(Source.id == found[0].id))
    return found[0]


def refresh(
    store: Store,
    *,
    limits: FetchLimits | None = None,
    now: datetime | None = None,
    force: bool = False,
    verify: ssl.SSLContext | bool = True,
) -> list[Refreshed]:
    """Fetch every due source (all with ``force``), store what is new."""
    when = _now(now)
    with store.engine.connect() as conn:
        due = conn.execute(
            select(
                Source.id,
                Source.name,
                Source.url,
                Source.kind,
                Source.poll_minutes,
                FeedState.etag,
                FeedState.last_modified,
                FeedState.failures,
            )
            .outerjoin(FeedState, FeedState.source_id == Source.id)
            .where(Source.enabled.is_(True))
            .where(
                (FeedState.next_fetch_at.is_(None) | (FeedState.next_fetch_at <= when))
                if not force
                else Source.id.is_not(None)
            )
            .order_by(Source.id)
        ).all()
    results = fetch_all(
        [FetchRequest(r.id, r.url, r.etag or "", r.last_modified or "") for r in due],
        limits,
        verify=verify,
    )
    rows = cast(list[Row[Any]], list(due))
    return [_store(store, row, result, when) for row, result in zip(rows, results, strict=True)]


def _store(store: Store, row: Row[Any], result: FetchResult, when: datetime) -> Refreshed:
    source_id, name, url = int(row.id), str(row.name), str(row.url)
    preset, poll, failures = str(row.kind), row.poll_minutes, row.failures
    parsed = None
    error, warning = result.error, ""
    if result.status == "ok":
        try:
            parsed = parse_feed(result.body, url, preset)
            warning = parsed.warning
        except FeedError as exc:
            error = str(exc)
    ok = not error
    interval = timedelta(minutes=max(1, int(poll or 30)))
    if ok:
        next_at = when + interval
    else:
        backoff = min(MAX_BACKOFF, interval * 2 ** min(int(failures or 0), 10))
        if result.retry_after is not None:
            backoff = max(backoff, timedelta(seconds=result.retry_after))
        next_at = when + backoff
    added = seen = 0
    with store.write() as conn:
        if parsed is not None and parsed.mentions:
            changes = Ingestor(None).add_mentions(conn, source_id, parsed.mentions)
            added, seen = changes.items_added, changes.skipped_duplicates
        values: dict[str, object] = {
            "last_fetch_at": when,
            "next_fetch_at": next_at,
            "last_status": result.status if ok else "error",
            "last_error": error,
            "failures": 0 if ok else int(failures or 0) + 1,
        }
        if ok:
            values["last_ok_at"] = when
            values["etag"] = result.etag
            values["last_modified"] = result.last_modified
        state = conn.execute(
            update(FeedState).where(FeedState.source_id == source_id).values(**values)
        )
        if not state.rowcount:
            conn.execute(insert(FeedState).values(source_id=source_id, **values))
        moved = result.moved_to if ok else ""
        if moved and not conn.execute(select(Source.id).where(Source.url == moved)).first():
            conn.execute(update(Source).where(Source.id == source_id).values(url=moved))
        else:
            moved = ""
    status = result.status if ok else "error"
    return Refreshed(source_id, name, status, added, seen, error, warning, moved)


def describe(results: Sequence[Refreshed]) -> str:
    """One line for a status bar or the CLI."""
    added = sum(r.added for r in results)
    failed = sum(1 for r in results if r.status == "error")
    line = f"{len(results)} sources checked, {added} new mentions"
    return line + (f", {failed} failing" if failed else "")

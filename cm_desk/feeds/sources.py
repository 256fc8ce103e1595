"""Monitored sources: added (no network needed), listed with their state, removed.

Fetching them is :mod:`cm_desk.feeds.refresh`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import delete, func, insert, select, update

from cm_desk.domain.sentence import Sentence
from cm_desk.feeds.entries import PRESETS, detect_preset
from cm_desk.store.engine import Store
from cm_desk.store.schema import FeedState, MentionSource, Source


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


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def add_source(
    store: Store, url: str, *, name: str = "", preset: str = "", now: datetime | None = None
) -> SourceView:
    """Start monitoring ``url`` (no network: the first refresh fetches it)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceError(
            Sentence(
                "not a web address: {url} (it must start with http:// or https://)", url=repr(url)
            )
        )
    preset = preset or detect_preset(url)
    if preset not in PRESETS:
        raise SourceError(
            Sentence(
                "unknown preset {preset}; one of: {all}",
                preset=repr(preset),
                all=", ".join(PRESETS),
            )
        )
    with store.write() as conn:
        if conn.execute(select(Source.id).where(Source.url == url)).first():
            raise SourceError(Sentence("already monitored: {url}", url=url))
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


def set_enabled(store: Store, which: str, enabled: bool) -> SourceView:
    """Pause a source (no more fetching, its mentions stay) or resume it (fetched next)."""
    found = _one(store, which)
    with store.write() as conn:
        conn.execute(update(Source).where(Source.id == found.id).values(enabled=enabled))
        if enabled:  # due at once: the next refresh fetches it
            conn.execute(
                update(FeedState).where(FeedState.source_id == found.id).values(next_fetch_at=None)
            )
    return next(s for s in list_sources(store) if s.id == found.id)


def _one(store: Store, which: str) -> SourceView:
    found = [s for s in list_sources(store) if which in (str(s.id), s.name, s.url)]
    if not found:
        raise SourceError(f"no source {which!r} (see 'cm-desk source list')")
    if len(found) > 1:
        raise SourceError(f"{which!r} names {len(found)} sources; give its id or URL")
    return found[0]


def remove_source(store: Store, which: str) -> SourceView:
    """Stop monitoring a source (by id, name or URL); its mentions stay."""
    found = _one(store, which)
    with store.write() as conn:
        conn.execute(delete(Source).where(Source.id == found.id))
    return found

"""Refreshing sources: fetch on a network thread, parse in worker processes, store here.

The three overlap: a feed is handed to a parser as soon as its body is in,
and parsed feeds are written while others are still on the way. Writes are
grouped (up to :data:`WRITE_BATCH` mentions per transaction, each source's
mentions and fetch state together), so a refresh where nothing changed is
one transaction, and a crash at any point loses nothing: a source whose
state was not committed is simply fetched again.

Validators (ETag, Last-Modified) are kept from the very first answer, so the
second refresh is already conditional. A failing source backs off (doubling
from its poll interval, or as long as the server's Retry-After asks) and
shows why; the others go on. A permanent redirect updates the source's
address.
"""

from __future__ import annotations

import logging
import os
import queue
import sqlite3
import ssl
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from cm_desk.domain.sentence import Sentence, sentence_of
from cm_desk.feeds.fetch import FetchLimits, FetchRequest, FetchResult, fetch_all
from cm_desk.store.feedstate import DueSource, FetchState, due_sources, save_state

if TYPE_CHECKING:
    from cm_desk.store.engine import Store
    from cm_desk.store.lite import LiteStore

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=12)
WRITE_BATCH = 2000  # mentions per transaction
POOL_FROM = 8  # due sources from which parsing goes to worker processes
MAX_WORKERS = 4
PARSE_TIMEOUT = 120.0  # seconds without any news before the rest is given up


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


def parse_body(body: bytes, url: str, preset: str) -> Any:
    """Worker: a fetched body as a ``ParsedFeed``, or the sentence saying why it is none."""
    from cm_desk.feeds.entries import FeedError, parse_feed

    try:
        return parse_feed(body, url, preset)
    except FeedError as exc:
        return sentence_of(exc)


@dataclass
class _Done:
    """A source ready to be written: its fetch and, when it sent a feed, the parse."""

    index: int
    row: DueSource
    result: FetchResult
    parsed: Any = None  # ParsedFeed
    error: str = ""
    mentions: int = field(default=0)


@dataclass(frozen=True)
class Lean:
    """Where a refresh reads and writes without importing SQLAlchemy.

    ``reader`` is a plain connection to the workspace database; ``opener``
    opens a store to write mentions with (plain ``sqlite3`` when the schema is
    current), which happens only once there are mentions to write.
    """

    reader: sqlite3.Connection
    opener: Callable[[], Store | LiteStore]


def _due(target: Store | Lean, when: datetime, force: bool) -> list[DueSource]:
    now = int(when.timestamp())
    if isinstance(target, Lean):
        return due_sources(target.reader, now, force)
    with target.engine.connect() as conn:
        return due_sources(conn.connection.driver_connection, now, force)


class _Parsers:
    """Where bodies are parsed: worker processes for a big refresh, else right here."""

    def __init__(self, due: int, events: queue.Queue[tuple[str, int, Any]]) -> None:
        cpus = os.cpu_count() or 1
        self.workers = min(MAX_WORKERS, cpus) if due >= POOL_FROM and cpus > 1 else 0
        self.events = events
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, index: int, body: bytes, url: str, preset: str) -> None:
        if self.workers and self._pool is None:
            from cm_desk.feeds.entries import warm
            from cm_desk.workers import process_pool

            self._pool = process_pool(self.workers, warm)  # only once a body is in
        if self._pool is None:
            self.events.put(("parsed", index, _run_here(body, url, preset)))
            return
        future = self._pool.submit(parse_body, body, url, preset)
        future.add_done_callback(lambda f: self.events.put(("parsed", index, f)))

    def close(self, broken: bool = False) -> None:
        if broken:
            self.workers = 0
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _run_here(body: bytes, url: str, preset: str) -> Future[Any]:
    done: Future[Any] = Future()
    try:
        done.set_result(parse_body(body, url, preset))
    except Exception as exc:  # delivered like a worker's failure
        done.set_exception(exc)
    return done


def _outcome(done: _Done, future: Future[Any]) -> None:
    from cm_desk.feeds.entries import ParsedFeed

    try:
        value = future.result()
    except Exception as exc:
        # A bug or a parser process that died on this feed: the source shows
        # it and is tried again later; the rest of the refresh goes on.
        log.error("parsing %s failed", done.row.url, exc_info=exc)
        value = Sentence(
            "the feed could not be read (the parser failed: {kind})", kind=type(exc).__name__
        )
    if isinstance(value, ParsedFeed):
        done.parsed = value
        done.mentions = len(value.mentions)
    else:
        done.error = value if isinstance(value, str) else str(value)  # a Sentence stays one


def refresh(
    target: Store | Lean,
    *,
    limits: FetchLimits | None = None,
    now: datetime | None = None,
    force: bool = False,
    verify: ssl.SSLContext | bool = True,
) -> list[Refreshed]:
    """Fetch every due source (all with ``force``), store what is new."""
    when = now or datetime.now(UTC)
    due = _due(target, when, force)
    if not due:
        return []
    events: queue.Queue[tuple[str, int, Any]] = queue.Queue()
    requests = [FetchRequest(r.id, r.url, r.etag or "", r.last_modified or "") for r in due]

    def fetch() -> None:
        try:
            fetch_all(
                requests,
                limits,
                verify=verify,
                on_result=lambda i, result: events.put(("fetched", i, result)),
            )
        except BaseException as exc:  # a bug: re-raised on the caller's thread
            events.put(("crashed", -1, exc))
        finally:
            events.put(("fetched_all", -1, None))

    threading.Thread(target=fetch, name="feeds-fetch", daemon=True).start()
    parsers = _Parsers(len(due), events)
    writer = _Writer(target)
    outcomes: dict[int, Refreshed] = {}
    waiting: dict[int, _Done] = {}  # being parsed
    ready: list[_Done] = []
    fetching = True
    try:
        while fetching or waiting:
            try:
                kind, index, payload = events.get(timeout=PARSE_TIMEOUT)
            except queue.Empty:
                for done in waiting.values():
                    done.error = Sentence("reading the feed took too long")
                ready += waiting.values()
                waiting.clear()
                break
            if kind == "crashed":
                raise payload
            if kind == "fetched_all":
                fetching = False
            elif kind == "fetched":
                done = _Done(index, due[index], payload)
                if payload.status == "ok":
                    waiting[index] = done
                    parsers.submit(index, payload.body, done.row.url, done.row.kind)
                else:
                    ready.append(done)
            elif isinstance(payload.exception(), BrokenProcessPool) and parsers.workers:
                # A parser process died (killed, out of memory): the feeds it
                # held are read here instead, and so is the rest.
                parsers.close(broken=True)
                done = waiting[index]
                parsers.submit(index, done.result.body, done.row.url, done.row.kind)
            else:  # parsed
                done = waiting.pop(index)
                _outcome(done, payload)
                ready.append(done)
            if ready and (
                sum(d.mentions for d in ready) >= WRITE_BATCH or not (fetching or waiting)
            ):
                writer.write(ready, when, outcomes)
                ready = []
        if ready:
            writer.write(ready, when, outcomes)
    finally:
        parsers.close()
        writer.close()
    return [outcomes[i] for i in range(len(due)) if i in outcomes]


class _Writer:
    """Writes finished sources: fetch states alone in plain SQL, mentions through the store."""

    def __init__(self, target: Store | Lean) -> None:
        self.target = target
        self._opened: Store | LiteStore | None = None

    def _store(self) -> Store | LiteStore:
        if not isinstance(self.target, Lean):
            return self.target
        if self._opened is None:
            self._opened = self.target.opener()
        return self._opened

    def close(self) -> None:
        if self._opened is not None:
            self._opened.close()
            self._opened = None

    def write(self, ready: list[_Done], when: datetime, outcomes: dict[int, Refreshed]) -> None:
        if isinstance(self.target, Lean) and not any(d.parsed for d in ready):
            conn = self.target.reader
            conn.execute("BEGIN IMMEDIATE")
            try:
                cursor = conn.cursor()
                for done in ready:
                    outcomes[done.index] = _apply(cursor, None, done, when)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return
        from cm_desk.store.sql import Sql

        with self._store().write() as store_conn:
            cursor = Sql.of(store_conn).cursor()
            for done in ready:
                outcomes[done.index] = _apply(cursor, store_conn, done, when)


def _apply(cursor: Any, conn: Any, done: _Done, when: datetime) -> Refreshed:
    """Store one source's new mentions (``conn``: a store connection) and its fetch state."""
    row, result = done.row, done.result
    error = result.error or done.error
    warning = done.parsed.warning if done.parsed is not None else ""
    ok = not error
    interval = timedelta(minutes=max(1, int(row.poll_minutes or 30)))
    if ok:
        next_at = when + interval
    else:
        backoff = min(MAX_BACKOFF, interval * 2 ** min(row.failures, 10))
        if result.retry_after is not None:
            backoff = max(backoff, timedelta(seconds=result.retry_after))
        next_at = when + backoff
    added = seen = 0
    if done.parsed is not None and done.parsed.mentions:
        from cm_desk.store.ingest import Ingestor

        changes = Ingestor(None).add_mentions(conn, row.id, done.parsed.mentions)
        added, seen = changes.items_added, changes.skipped_duplicates
    status = result.status if ok else "error"
    moved = save_state(
        cursor,
        FetchState(
            source_id=row.id,
            fetched_at=int(when.timestamp()),
            next_at=int(next_at.timestamp()),
            status=status,
            error=error,
            failures=0 if ok else row.failures + 1,
            etag=result.etag,
            last_modified=result.last_modified,
            moved_to=result.moved_to,
        ),
    )
    return Refreshed(row.id, row.name, status, added, seen, error, warning, moved)


def describe(results: Sequence[Refreshed]) -> str:
    """One line for a status bar or the CLI."""
    added = sum(r.added for r in results)
    failed = sum(1 for r in results if r.status == "error")
    line = f"{len(results)} sources checked, {added} new mentions"
    return line + (f", {failed} failing" if failed else "")

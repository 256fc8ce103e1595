"""Import a Maildir (``cur/`` and ``new/``) through the same parser as IMAP sync.

Read-only on the Maildir. Parsing runs in worker processes (both cores of a
small machine) that are started before anything else so their start-up
overlaps the caller's; a bounded window of chunks is in flight so memory
stays flat however big the folder, and the single writer stores a batch per
transaction. Importing again adds nothing: workers ask the store which
digests it holds already and skip parsing those, and the writer deduplicates
by content digest in any case.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

from cm_desk.domain.models import Changes, ParsedMessage
from cm_desk.mail.parse import parse_message, raw_digest

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

CHUNK = 48  # messages per worker task
BATCH = 500  # messages per write transaction (small: the last one is written alone)
SMALL = 300  # below this, parsing in-process beats starting workers

KnownCheck = Callable[[Sequence[str]], set[str]]


class MaildirError(Exception):
    """The path is not a readable Maildir."""


@dataclass(frozen=True, slots=True)
class MaildirEntry:
    """One message file and the flags its name carries."""

    path: str
    size: int
    seen: bool
    flagged: bool
    answered: bool


@dataclass(frozen=True, slots=True)
class Skipped:
    """A message the store holds already (found by a worker, not parsed)."""

    digest: str
    size: int


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file that could not be read at all (permissions, vanished)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Progress:
    """How far an import is (messages and bytes)."""

    done: int
    total: int
    bytes_done: int
    bytes_total: int


Result = ParsedMessage | Skipped | Unreadable


def _size_from_name(name: str) -> int:
    """The ``,S=<size>`` Dovecot and others put in Maildir names, or -1."""
    at = name.find(",S=")
    if at < 0:
        return -1
    digits = name[at + 3 :].split(",", 1)[0].split(":", 1)[0]
    return int(digits) if digits.isdigit() else -1


def scan(root: str | os.PathLike[str]) -> list[MaildirEntry]:
    """Every message file of a Maildir, in name order (one syscall per file at most)."""
    base = Path(root)
    subdirs = [base / "cur", base / "new"]
    if not any(d.is_dir() for d in subdirs):
        raise MaildirError(f"{base} is not a Maildir (no cur/ or new/ directory)")
    entries: list[MaildirEntry] = []
    for sub in subdirs:
        if not sub.is_dir():
            continue
        try:
            with os.scandir(sub) as it:
                found = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            raise MaildirError(f"cannot read {sub}: {exc.strerror}") from exc
        for e in found:
            try:
                if not e.is_file():
                    continue
                size = _size_from_name(e.name)
                if size < 0:
                    size = e.stat().st_size
            except OSError:
                continue  # vanished while we looked: another client moved it
            flags = e.name.rsplit(":2,", 1)[1] if ":2," in e.name else ""
            entries.append(
                MaildirEntry(
                    path=e.path,
                    size=size,
                    seen="S" in flags,
                    flagged="F" in flags,
                    answered="R" in flags,
                )
            )
    return entries


def _read(entry: MaildirEntry) -> bytes | Unreadable:
    try:
        with open(entry.path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        return Unreadable(entry.path, exc.strerror or str(exc))


def _parse_chunk(chunk: list[MaildirEntry], known: KnownCheck | None) -> list[Result]:
    """Worker: read, skip what the store has, parse the rest."""
    raws = [_read(entry) for entry in chunk]
    digests = [raw_digest(r) if isinstance(r, bytes) else "" for r in raws]
    have = known([d for d in digests if d]) if known is not None else set()
    out: list[Result] = []
    for entry, raw, digest in zip(chunk, raws, digests, strict=True):
        if isinstance(raw, Unreadable):
            out.append(raw)
        elif digest in have:
            out.append(Skipped(digest, len(raw)))
        else:
            out.append(
                parse_message(raw, seen=entry.seen, flagged=entry.flagged, answered=entry.answered)
            )
    return out


RawMessage = tuple[bytes, bool, bool, bool]  # bytes, seen, flagged, answered


def _parse_raws(chunk: list[RawMessage]) -> list[ParsedMessage]:
    return [
        parse_message(raw, seen=seen, flagged=flagged, answered=answered)
        for raw, seen, flagged, answered in chunk
    ]


def parse_raw_chunk(chunk: list[RawMessage]) -> list[ParsedMessage]:
    """Worker: parse messages that arrived over the network (IMAP sync).

    They come back *without* their raw bytes (``raw=b""``): the caller has
    them, and sending them back would double what is pickled, a copy that
    holds the GIL of the receiving process (the app's UI thread waits for it).
    """
    return [replace(message, raw=b"") for message in _parse_raws(chunk)]


class Parsing(Protocol):
    """A chunk being parsed: its messages, once :meth:`result` is asked for."""

    def result(self) -> list[ParsedMessage]: ...


class _ParseHere:
    """A chunk parsed when its result is asked for, on the asking thread (so
    the thread that received it only receives), raw bytes kept."""

    def __init__(self, chunk: list[RawMessage]) -> None:
        self._chunk = chunk

    def result(self) -> list[ParsedMessage]:
        return _parse_raws(self._chunk)


class ParserPool:
    """Parser processes, started eagerly; ``workers <= 1`` parses in-process."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        if self.workers > 1:
            from cm_desk.workers import process_pool  # multiprocessing: only when used

            self._pool = process_pool(self.workers)

    def __enter__(self) -> ParserPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (pending chunks are cancelled)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def parse_raw(self, chunk: list[RawMessage]) -> Parsing:
        """``chunk`` parsed by a worker, whose messages come back without their
        raw bytes (see :func:`parse_raw_chunk`); without workers, parsed by the
        thread that takes the result, raw bytes kept."""
        if self._pool is not None:
            return self._pool.submit(parse_raw_chunk, chunk)
        return _ParseHere(chunk)

    def parse(
        self,
        entries: list[MaildirEntry],
        known: KnownCheck | None = None,
    ) -> Iterator[Result]:
        """Results in Maildir order, with a bounded number of chunks in flight."""
        chunks = [entries[i : i + CHUNK] for i in range(0, len(entries), CHUNK)]
        if self._pool is None or len(entries) < SMALL:
            for chunk in chunks:
                yield from _parse_chunk(chunk, known)
            return
        # Chunks are only submitted as results are taken, so the window must
        # outlast a whole write batch or the workers idle while the writer writes.
        window = max(self.workers * 4, 2 * BATCH // CHUNK + self.workers)
        pending: deque[Future[list[Result]]] = deque()
        todo = iter(chunks)
        for chunk in todo:
            pending.append(self._pool.submit(_parse_chunk, chunk, known))
            if len(pending) >= window:
                break
        while pending:
            results = pending.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append(self._pool.submit(_parse_chunk, nxt, known))
            yield from results


@dataclass
class ImportResult:
    """What an import did: the store's changes and the files it could not read."""

    changes: Changes
    unreadable: list[Unreadable]


def import_maildir(
    entries: list[MaildirEntry],
    write_batch: Callable[[list[ParsedMessage]], Changes],
    pool: ParserPool,
    progress: Callable[[Progress], None] | None = None,
    known: KnownCheck | None = None,
) -> ImportResult:
    """Import scanned ``entries``: parse in ``pool``, store in batches via ``write_batch``."""
    total_bytes = sum(e.size for e in entries)
    result = ImportResult(Changes(), [])
    batch: list[ParsedMessage] = []
    done = done_bytes = 0
    if progress:
        progress(Progress(0, len(entries), 0, total_bytes))
    for item in pool.parse(entries, known):
        done += 1
        if isinstance(item, Unreadable):
            result.unreadable.append(item)
            continue
        if isinstance(item, Skipped):
            result.changes.skipped_duplicates += 1
            done_bytes += item.size
            continue
        done_bytes += len(item.raw)
        batch.append(item)
        if len(batch) >= BATCH:
            result.changes.merge(write_batch(batch))
            batch = []
            if progress:
                progress(Progress(done, len(entries), done_bytes, total_bytes))
    if batch:
        result.changes.merge(write_batch(batch))
    if progress:
        progress(Progress(done, len(entries), done_bytes, total_bytes))
    return result

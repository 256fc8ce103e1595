"""Import a Maildir (``cur/`` and ``new/``) through the same parser as IMAP sync.

Read-only on the Maildir. Parsing runs in worker processes (both cores of a
small machine), a bounded window of chunks is in flight so memory stays flat
however big the folder, and the single writer stores a batch per transaction.
Importing again adds nothing: the store deduplicates by content digest.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from cm_desk.domain.models import Changes, ParsedMessage
from cm_desk.mail.parse import parse_message

CHUNK = 48  # messages per worker task
BATCH = 1000  # messages per write transaction
SMALL = 300  # below this, parsing in-process beats starting workers


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
class Progress:
    """How far an import is (messages and bytes)."""

    done: int
    total: int
    bytes_done: int
    bytes_total: int


def scan(root: str | os.PathLike[str]) -> list[MaildirEntry]:
    """Every message file of a Maildir, oldest name first."""
    base = Path(root)
    subdirs = [base / "cur", base / "new"]
    if not any(d.is_dir() for d in subdirs):
        raise MaildirError(f"{base} is not a Maildir (no cur/ or new/ directory)")
    entries: list[MaildirEntry] = []
    for sub in subdirs:
        if not sub.is_dir():
            continue
        try:
            names = os.listdir(sub)
        except OSError as exc:
            raise MaildirError(f"cannot read {sub}: {exc.strerror}") from exc
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = sub / name
            try:
                st = path.stat()
            except OSError:
                continue  # vanished while we looked: another client moved it
            if not path.is_file():
                continue
            flags = name.rsplit(":2,", 1)[1] if ":2," in name else ""
            entries.append(
                MaildirEntry(
                    path=str(path),
                    size=st.st_size,
                    seen="S" in flags,
                    flagged="F" in flags,
                    answered="R" in flags,
                )
            )
    return entries


def _parse_chunk(chunk: list[MaildirEntry]) -> list[ParsedMessage | str]:
    """Worker: parse a chunk of files; an unreadable file becomes an error string."""
    out: list[ParsedMessage | str] = []
    for entry in chunk:
        try:
            with open(entry.path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            out.append(f"{entry.path}: {exc.strerror}")
            continue
        out.append(
            parse_message(raw, seen=entry.seen, flagged=entry.flagged, answered=entry.answered)
        )
    return out


def parse_all(
    entries: list[MaildirEntry], workers: int | None = None
) -> Iterator[ParsedMessage | str]:
    """Parsed messages in Maildir order, produced by a bounded worker pool."""
    chunks = [entries[i : i + CHUNK] for i in range(0, len(entries), CHUNK)]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if len(entries) < SMALL or workers <= 1:
        for chunk in chunks:
            yield from _parse_chunk(chunk)
        return
    ctx = multiprocessing.get_context("spawn")  # fork is unsafe next to Qt threads
    window = workers * 4
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        pending: deque[Future[list[ParsedMessage | str]]] = deque()
        todo = iter(chunks)
        for chunk in todo:
            pending.append(pool.submit(_parse_chunk, chunk))
            if len(pending) >= window:
                break
        while pending:
            results = pending.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append(pool.submit(_parse_chunk, nxt))
            yield from results


def import_maildir(
    root: str | os.PathLike[str],
    write_batch: Callable[[list[ParsedMessage]], Changes],
    progress: Callable[[Progress], None] | None = None,
    workers: int | None = None,
) -> tuple[Changes, list[str]]:
    """Import every message of ``root``; returns what changed and unreadable files."""
    entries = scan(root)
    total_bytes = sum(e.size for e in entries)
    changes = Changes()
    errors: list[str] = []
    batch: list[ParsedMessage] = []
    done = done_bytes = 0
    if progress:
        progress(Progress(0, len(entries), 0, total_bytes))
    for result in parse_all(entries, workers):
        done += 1
        if isinstance(result, str):
            errors.append(result)
            continue
        done_bytes += len(result.raw)
        batch.append(result)
        if len(batch) >= BATCH:
            changes.merge(write_batch(batch))
            batch = []
            if progress:
                progress(Progress(done, len(entries), done_bytes, total_bytes))
    if batch:
        changes.merge(write_batch(batch))
    if progress:
        progress(Progress(done, len(entries), done_bytes, total_bytes))
    return changes, errors

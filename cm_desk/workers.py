"""Worker processes for CPU-bound parsing (mail, feeds), started the safe way.

``spawn``, never ``fork``: forking next to Qt or network threads copies
locks held by threads that do not exist in the child. Every worker ends
when its parent dies, even by SIGKILL, instead of waiting on its task queue
forever.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

WORKER_NICENESS = 10  # parsing is background work: a keystroke must not wait for it


def _warm() -> None:
    """Nothing: submitted once per worker so processes start before work arrives."""


def _exit_with_parent() -> None:
    """Worker initializer: end this process when the parent dies; and yield the
    CPU to the parent (the app's UI thread, the writer) whenever both want it."""
    with contextlib.suppress(OSError, AttributeError):  # no nice() on Windows
        os.nice(WORKER_NICENESS)
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def process_pool(workers: int, warm: Callable[[], None] = _warm) -> ProcessPoolExecutor:
    """``workers`` processes, started now; ``warm`` (a module-level no-op) runs once
    in each, so the modules it lives in are imported before the first real task."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_exit_with_parent,
    )
    for _ in range(workers):
        pool.submit(warm)
    return pool

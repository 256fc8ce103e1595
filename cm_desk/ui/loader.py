"""Runs store reads off the UI thread and hands plain results back to it.

Workers never touch widgets: they return values, which one queued signal
brings back to the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    finished = Signal(object, object)  # (tag, result or exception)


class _Job(QRunnable):
    def __init__(self, relay: _Relay, tag: str, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.relay, self.tag, self.fn = relay, tag, fn

    def run(self) -> None:
        try:
            result: Any = self.fn()
        except Exception as exc:
            result = exc
        self.relay.finished.emit(self.tag, result)


class Loader(QObject):
    """Submit ``fn`` to a single database worker; ``loaded(tag, result)`` on return."""

    loaded = Signal(str, object)
    failed = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one database worker, as SQLite has one writer
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)

    def submit(self, tag: str, fn: Callable[[], Any]) -> None:
        """Run ``fn`` in the worker."""
        self._pool.start(_Job(self._relay, tag, fn))

    def wait(self, msecs: int = 5000) -> bool:
        """Block until queued jobs are done (used on shutdown and in tests)."""
        return bool(self._pool.waitForDone(msecs))

    def _deliver(self, tag: str, result: object) -> None:
        if isinstance(result, Exception):
            self.failed.emit(tag, result)
        else:
            self.loaded.emit(tag, result)

"""Feed refresh in the app's background: on a schedule, on demand, never on the UI thread.

A worker of its own (so a slow feed never delays mail) runs
:func:`cm_desk.feeds.refresh.refresh` for the sources that are due; each
source keeps its own interval and back-off in the store, so the timer only
has to look again every minute. F5 fetches every source at once. The result
comes back through a queued signal as one line for the status bar, and
``refreshed`` tells the panes when new mentions arrived.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from cm_desk.ui.i18n import human, tr

if TYPE_CHECKING:
    from cm_desk.feeds.refresh import Refreshed
    from cm_desk.store.engine import Store

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 60_000  # how often due sources are looked for


class _Relay(QObject):
    done = Signal(object)  # list[Refreshed] | str (what went wrong)


class _RefreshJob(QRunnable):
    def __init__(self, store: Store, relay: _Relay, force: bool) -> None:
        super().__init__()
        self.store, self.relay, self.force = store, relay, force

    def run(self) -> None:
        try:
            from cm_desk.feeds.refresh import refresh  # httpx: loaded by the first refresh

            self.relay.done.emit(refresh(self.store, force=self.force))
        except Exception as exc:  # a bug: logged with context, the app goes on
            log.exception("background feed refresh failed")
            self.relay.done.emit(
                tr("the refresh failed ({error}); see the log").format(error=type(exc).__name__)
            )


def summary(results: list[Refreshed]) -> str:
    """The status-bar line for a refresh."""
    added = sum(r.added for r in results)
    failing = [r for r in results if r.status == "error"]
    line = tr("feeds: {n} new").format(n=added) if added else tr("feeds: up to date")
    if len(failing) == 1:
        line += f" · {failing[0].name}: {human(failing[0].error)}"
    elif failing:
        line += " · " + tr("{n} sources failing (see Sources)").format(n=len(failing))
    return line


class FeedService(QObject):
    """Schedules background feed refreshes and reports them for the status bar."""

    status = Signal(str)
    refreshed = Signal(object)  # list[Refreshed] that added mentions: panes refresh
    finished = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.running = False
        self._again = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self._run(force=False))
        self.last_line = ""
        self._forced = False

    def start(self, delay_ms: int = 0) -> None:
        """Begin the schedule (first look after ``delay_ms``)."""
        self._timer.start(delay_ms)

    def stop(self, wait_ms: int = 3000) -> None:
        """No further refreshes; give a running one a moment to finish."""
        self._timer.stop()
        self._pool.waitForDone(wait_ms)

    def refresh_now(self) -> None:
        """Fetch every source now (F5), whatever their schedule says."""
        self._run(force=True)

    def _run(self, force: bool) -> None:
        if self.running:
            self._again = self._again or force
            return
        self.running = True
        self._forced = force
        self._timer.stop()
        if force:
            self.status.emit(tr("Checking feeds…"))
        self._pool.start(_RefreshJob(self.store, self._relay, force))

    def _on_done(self, outcome: object) -> None:
        self.running = False
        if isinstance(outcome, list):
            if outcome:
                self.last_line = summary(outcome)
            elif self._forced:  # F5 with nothing to fetch (otherwise: nothing was due yet)
                self.last_line = tr("feeds: no active sources")
            if any(r.added for r in outcome):
                self.refreshed.emit(outcome)
        else:
            self.last_line = tr("feeds: {problem}").format(problem=outcome)
        if self.last_line:
            self.status.emit(self.last_line)
        self.finished.emit()
        if self._again:
            self._again = False
            self.refresh_now()
            return
        self._timer.start(CHECK_EVERY_MS)

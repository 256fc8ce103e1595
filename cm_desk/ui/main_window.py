"""The main window: wiring only. The full queue/conversation/follow-up panes
arrive with the desktop issue; for now it shows who is still waiting and the
open promises of the workspace, loaded in the background.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cm_desk.domain.models import PromiseRow, WaitingRow
from cm_desk.domain.text import mostly_rtl, short_age
from cm_desk.store.engine import Store
from cm_desk.store.queries import followups, still_waiting
from cm_desk.ui.feed_service import FeedService
from cm_desk.ui.loader import Loader
from cm_desk.ui.models.rows import Row, RowsModel
from cm_desk.ui.sync_service import SyncService

log = logging.getLogger(__name__)


def _titled(title: str, view: QListView) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    label = QLabel(f"<b>{title}</b>")
    label.setBuddy(view)
    layout.addWidget(label)
    layout.addWidget(view)
    return box


class MainWindow(QMainWindow):
    """Top-level window of one workspace."""

    def __init__(self, store: Store, title: str) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle(f"cm-desk — {title}")
        self.waiting_model = RowsModel()
        self.followups_model = RowsModel()
        self.waiting_view = self._list(self.waiting_model)
        self.followups_view = self._list(self.followups_model)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(_titled("&Still waiting for an answer", self.waiting_view))
        splitter.addWidget(_titled("&Follow-ups (open promises)", self.followups_view))
        splitter.setSizes([600, 500])
        self.setCentralWidget(splitter)
        self.resize(1100, 700)
        self.loader = Loader(self)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_failed)
        self.sync = SyncService(store, self)
        self.sync.synced.connect(lambda _result: self.refresh())
        self.sync_label = QLabel()
        self.statusBar().addPermanentWidget(self.sync_label)
        self.sync.status.connect(self.sync_label.setText)
        self.feeds = FeedService(store, self)
        self.feeds.refreshed.connect(lambda _results: self.refresh())
        self.feeds_label = QLabel()
        self.statusBar().addPermanentWidget(self.feeds_label)
        self.feeds.status.connect(self.feeds_label.setText)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self._refresh_all)
        self.statusBar().showMessage("Loading…")
        self.refresh()

    def _refresh_all(self) -> None:
        self.refresh()
        self.sync.sync_now()
        self.feeds.refresh_now()

    @staticmethod
    def _list(model: RowsModel) -> QListView:
        view = QListView()
        view.setModel(model)
        view.setUniformItemSizes(True)
        view.setAlternatingRowColors(True)
        return view

    def refresh(self) -> None:
        """Reload both panes in the database worker."""
        store = self.store

        def load() -> tuple[list[WaitingRow], list[PromiseRow]]:
            now = datetime.now(UTC)
            with store.engine.connect() as conn:
                return still_waiting(conn, now), followups(conn, now)

        self.loader.submit("panes", load)

    def _on_loaded(self, tag: str, result: object) -> None:
        waiting, promises = cast(tuple[list[WaitingRow], list[PromiseRow]], result)
        self.waiting_model.set_rows(
            [
                Row(
                    f"{short_age(w.age_seconds):>5}   {w.sender} — {w.subject}",
                    f"{w.sender}\n{w.subject}\nwaiting {short_age(w.age_seconds)}",
                    w.id,
                    mostly_rtl(f"{w.sender} {w.subject}"),
                )
                for w in waiting
            ]
        )
        self.followups_model.set_rows(
            [
                Row(
                    ("⚠ " if p.overdue else "")
                    + (p.due.astimezone().strftime("%a %d %b") if p.due else "no date")
                    + f"   {p.owner}: {p.what}",
                    f"{p.what}\npromised to {p.promised_to}\nin “{p.conversation_subject}”",
                    p.id,
                    mostly_rtl(p.what),
                )
                for p in promises
            ]
        )
        overdue = sum(1 for p in promises if p.overdue)
        self.statusBar().showMessage(
            f"{len(waiting)} people waiting · {len(promises)} open promises · {overdue} overdue"
        )

    def _on_failed(self, tag: str, error: object) -> None:
        log.error(
            "loading %s failed", tag, exc_info=error if isinstance(error, BaseException) else None
        )
        self.statusBar().showMessage(f"Could not load the workspace: {error}")

    def closeEvent(self, event: object) -> None:
        self.sync.stop()
        self.feeds.stop()
        self.loader.wait(3000)
        super().closeEvent(event)  # type: ignore[arg-type]

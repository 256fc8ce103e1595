"""Search from the queue: ``/`` to type a query, Enter to list its hits, Esc back to the
view, Ctrl+S to keep the query as a ★ view. Queries run in the database worker."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QInputDialog, QLineEdit

from cm_desk.store.queue import save_search, saved_searches
from cm_desk.ui.i18n import tr

if TYPE_CHECKING:
    from cm_desk.store.engine import Store
    from cm_desk.ui.main_window import MainWindow

SEARCH_LIMIT = 2000  # hits listed; the status bar says how many more match


def _saved(store: Store) -> list[tuple[str, str]]:
    with store.engine.connect() as conn:
        return saved_searches(conn)


class SearchBar(QObject):
    """The search box of the queue pane and the saved searches among its views."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.box = QLineEdit()
        self.box.setPlaceholderText(
            tr("/ search: {example}").format(example='from:anna tag:refund "dark mode" date:7d..')
        )
        self.box.returnPressed.connect(lambda: self.run())
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.box, self.end)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        save = QShortcut(QKeySequence("Ctrl+S"), self.box, self.save)
        save.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.save_dialog: QInputDialog | None = None
        window.loader.loaded.connect(self._on_loaded)

    def load_saved(self) -> None:
        """List the saved searches among the views (read in the worker)."""
        store = self.window.store
        self.window.loader.submit("saved_searches", lambda: _saved(store))

    def start(self) -> None:
        """/: type a query (the same language as 'cm-desk search'); Esc goes back."""
        self.box.setFocus()
        self.box.selectAll()

    def run(self, query: str | None = None) -> None:
        query = (query if query is not None else self.box.text()).strip()
        if not query:
            self.window.load_view()
            return
        store = self.window.store

        def load() -> tuple[list[int], int, str]:
            from cm_desk.store.search import count, search

            conn = store.raw_connection()
            try:
                now = datetime.now(UTC)
                hits = search(conn, query, limit=SEARCH_LIMIT, now=now).rows
                total = count(conn, query, now) if len(hits) == SEARCH_LIMIT else len(hits)
                return [h.id for h in hits], total, query
            finally:
                conn.close()

        self.window.loader.submit("search", load)

    def save(self) -> None:
        """Ctrl+S in the search box: keep the query as a view of the queue."""
        window = self.window
        query = self.box.text().strip()
        if not query:
            window.say(tr("Type a search first, then Ctrl+S keeps it as a view"))
            return
        dialog = QInputDialog(window)
        dialog.setWindowTitle(tr("Save search"))
        dialog.setLabelText(tr("Name for the view showing {query}:").format(query=repr(query)))
        store = window.store

        def named(name: str) -> None:
            def keep() -> tuple[str, str]:
                with store.write() as conn:
                    save_search(conn, name, query)
                return name.strip(), query

            if name.strip():
                window.loader.submit("saved_search", keep)

        def back() -> None:  # the CM goes on in the queue
            window.activateWindow()
            window.queue_view.setFocus()

        dialog.textValueSelected.connect(named)
        dialog.finished.connect(lambda _result: back())
        self.save_dialog = dialog
        dialog.open()
        dialog.activateWindow()

    def end(self) -> None:
        self.box.clear()
        self.window.load_view()
        self.window.queue_view.setFocus()

    def _add_saved(self, name: str, query: str, *, select: bool) -> None:
        views = self.window.view_box
        data = "saved:" + query
        at = views.findData(data)
        if at < 0:
            views.addItem(f"★ {name}", data)
            at = views.count() - 1
        if select:
            views.setCurrentIndex(at)

    def _on_loaded(self, tag: str, result: object) -> None:
        window = self.window
        if tag == "search":
            ids, total, query = cast(tuple[list[int], int, str], result)
            window.queue_model.set_ids(ids)
            if ids:
                window.queue_view.setCurrentIndex(window.queue_model.index(0))
                window.queue_view.setFocus()
            if total > len(ids):
                found = tr("first {shown} of {total} items match {query} (Esc: back to the view)")
            else:
                found = tr("{total} items match {query} (Esc: back to the view)")
            window.say(found.format(shown=len(ids), total=total, query=repr(query)))
        elif tag == "saved_search":
            name, query = cast(tuple[str, str], result)
            self.box.clear()
            self._add_saved(name, query, select=True)
            window.say(
                tr("Saved the search {query} as the view ★ {name}").format(
                    query=repr(query), name=name
                )
            )
        elif tag == "saved_searches":
            for name, query in cast(list[tuple[str, str]], result):
                self._add_saved(name, query, select=False)
            wanted = window.settings.value("queue/view")
            at = window.view_box.findData(wanted) if wanted else -1
            if at > 0 and at != window.view_box.currentIndex():
                window.view_box.setCurrentIndex(at)

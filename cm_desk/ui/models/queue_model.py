"""The queue as a Qt model: every id of a view at once, rows fetched a page at a time.

``data()`` never queries: a row not yet in the cache asks for its page
(``page_wanted``) and shows as loading until :meth:`QueueModel.add_rows`
brings it, from the database worker. The cache is bounded, so a 50,000-item
view costs its ids plus a few pages of rows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from cm_desk.domain.text import mostly_rtl
from cm_desk.store.queue import QueueRow

PAGE = 100
CACHE_ROWS = 5000

Index = QModelIndex | QPersistentModelIndex


class QueueModel(QAbstractListModel):
    """Rows of one queue view; :data:`RowRole` gives the :class:`QueueRow` (or None)."""

    RowRole = Qt.ItemDataRole.UserRole + 1
    ItemIdRole = Qt.ItemDataRole.UserRole + 2

    page_wanted = Signal(int, list)  # (generation, ids of the page)

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[int] = []
        self.generation = 0  # bumped per view load: late pages of an old view are dropped
        self._cache: OrderedDict[int, QueueRow] = OrderedDict()
        self._asked: set[int] = set()  # page numbers requested, not yet delivered

    def set_ids(self, ids: list[int]) -> None:
        """Show a new view (its rows load as they come into sight)."""
        self.beginResetModel()
        self.generation += 1
        self.ids = list(ids)
        self._asked.clear()
        self.endResetModel()

    def add_rows(self, generation: int, rows: Mapping[int, QueueRow]) -> None:
        """Rows from the worker; repaint where they are."""
        if generation != self.generation:
            return
        for item_id, row in rows.items():
            self._cache[item_id] = row
            self._cache.move_to_end(item_id)
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)
        if not rows or not self.ids:
            return
        where = {item_id: n for n, item_id in enumerate(self.ids)}
        hit = sorted(where[i] for i in rows if i in where)
        for page in {n // PAGE for n in hit}:
            self._asked.discard(page)
        if hit:
            self.dataChanged.emit(self.index(hit[0]), self.index(hit[-1]))

    def forget(self, item_ids: list[int]) -> None:
        """Drop cached rows (they changed in the store) so they load again."""
        for item_id in item_ids:
            self._cache.pop(item_id, None)
        self._asked.clear()
        if self.ids:
            self.dataChanged.emit(self.index(0), self.index(len(self.ids) - 1))

    def row_at(self, n: int) -> QueueRow | None:
        if not 0 <= n < len(self.ids):
            return None
        row = self._cache.get(self.ids[n])
        if row is None:
            page = n // PAGE
            if page not in self._asked:
                self._asked.add(page)
                self.page_wanted.emit(self.generation, self.ids[page * PAGE : (page + 1) * PAGE])
        return row

    # -- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        if role == self.ItemIdRole:
            return self.ids[index.row()]
        row = self.row_at(index.row())
        if role == self.RowRole:
            return row
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{row.sender} — {row.subject}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.sender}\n{row.subject}\n{row.snippet}"
        if role == Qt.ItemDataRole.TextAlignmentRole and mostly_rtl(row.subject):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

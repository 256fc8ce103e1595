"""A read-only list model of preformatted rows (the first panes' model).

Rows arrive complete from a worker (plain values), so ``data()`` never
touches the database; rows whose content is right-to-left are aligned to the right.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a list pane and its tooltip.

    ``rtl`` follows the content (an Arabic subject), not the row's first
    characters, which may be a Latin date or age.
    """

    text: str
    tooltip: str = ""
    item_id: int = 0
    rtl: bool = False
    header: bool = False  # a group heading: bold, not selectable


class RowsModel(QAbstractListModel):
    """Rows shown as they are; replaced wholesale when a fresh load arrives."""

    ItemIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Row] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if row.rtl:
                return int(
                    Qt.AlignmentFlag.AlignRight
                    | Qt.AlignmentFlag.AlignAbsolute
                    | Qt.AlignmentFlag.AlignVCenter
                )
            return None
        if role == self.ItemIdRole:
            return row.item_id
        if role == Qt.ItemDataRole.FontRole and row.header:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if (
            index.isValid()
            and 0 <= index.row() < len(self._rows)
            and self._rows[index.row()].header
        ):
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)

    def set_rows(self, rows: list[Row]) -> None:
        """Replace every row (a reset: the old rows may share nothing with the new)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

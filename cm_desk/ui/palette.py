"""The command palette (Ctrl+K): every action, found by name (the shortcut list is
:mod:`cm_desk.ui.shortcut_editor`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from cm_desk.ui.i18n import tr


class ListKeys(QObject):
    """Up and Down in a search field move in the list of what it found; the text
    keeps the focus, so the CM types and picks without leaving it."""

    def __init__(self, field: QLineEdit, results: QAbstractItemView) -> None:
        super().__init__(field)
        self.results = results
        field.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        arrow = (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        )
        if not arrow:
            return False
        model = self.results.model()
        count = model.rowCount() if model is not None else 0
        if count:
            step = 1 if event.key() == Qt.Key.Key_Down else -1  # type: ignore[attr-defined]
            row = max(0, min(count - 1, self.results.currentIndex().row() + step))
            self.results.setCurrentIndex(model.index(row, 0))
        return True


class CommandPalette(QDialog):
    """Type part of an action's name; Enter runs the highlighted one."""

    def __init__(self, parent: QWidget, actions: list[tuple[str, str, Callable[[], None]]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Command palette"))
        self.actions_list = actions  # (title, key, run)
        self.query = QLineEdit()
        self.query.setPlaceholderText(tr("Type an action: reply, escalate, snooze…"))
        self.results = QListWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results)
        self.query.textChanged.connect(self._filter)
        self.query.returnPressed.connect(self._run)
        self.keys = ListKeys(self.query, self.results)
        self.resize(460, 360)
        self._filter("")

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        self.results.clear()
        for title, key, _run in self.actions_list:
            if all(w in title.casefold() for w in words):
                self.results.addItem(f"{title}    {key}")
        self.results.setCurrentRow(0)

    def _run(self) -> None:
        current = self.results.currentItem()
        if current is None:
            return
        chosen = current.text().split("    ")[0]
        self.accept()
        for title, _key, run in self.actions_list:
            if title == chosen:
                run()
                return

"""The command palette (Ctrl+K) and the shortcut list (?): every action, found by name."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QVBoxLayout, QWidget

from cm_desk.ui.i18n import tr


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
        self.query.installEventFilter(self)
        self.resize(460, 360)
        self._filter("")

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        self.results.clear()
        for title, key, _run in self.actions_list:
            if all(w in title.casefold() for w in words):
                self.results.addItem(f"{title}    {key}")
        self.results.setCurrentRow(0)

    def eventFilter(self, obj: object, event: object) -> bool:
        """Up and Down move in the list while the text keeps the focus."""
        arrow = (
            obj is self.query
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        )
        if arrow:
            step = 1 if event.key() == Qt.Key.Key_Down else -1  # type: ignore[attr-defined]
            row = self.results.currentRow() + step
            self.results.setCurrentRow(max(0, min(self.results.count() - 1, row)))
            return True
        return False

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


class ShortcutList(QDialog):
    """All shortcuts, as bound right now."""

    def __init__(self, parent: QWidget, rows: list[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        table = "".join(
            f"<tr><td align='right'><b>{key}</b>&nbsp;&nbsp;</td><td>{title}</td></tr>"
            for title, key in rows
        )
        change = tr("Change a key in the settings file: {setting}").format(
            setting="<code>shortcuts/&lt;action&gt;=&lt;key&gt;</code>"
        )
        label = QLabel(f"<table>{table}</table><p>{change}</p>")
        label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(label)

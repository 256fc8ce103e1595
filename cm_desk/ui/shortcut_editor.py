"""The shortcut list (?): every action with its key, and the place to change a key.

Keyboard first: type to find an action (Up and Down move in the list), Enter
records a new key for it — the next key, or two in a row like ``G, Q`` —
and Escape cancels the recording. A key :mod:`cm_desk.ui.key_rules` refuses is
explained in a sentence; a key taken is saved in the settings and the window
rebinds it at once (``applied``). Each row, or all of them, can go back to its
default.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cm_desk.ui.i18n import tr
from cm_desk.ui.key_rules import refusal, shown
from cm_desk.ui.palette import ListKeys
from cm_desk.ui.shortcuts import SHORTCUTS, Shortcut, key_for, save_key, title

_Index = QModelIndex | QPersistentModelIndex


class ShortcutModel(QAbstractTableModel):
    """Rows of :data:`SHORTCUTS`: the action's title and the key bound to it now."""

    def __init__(self, keys: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys = keys

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(SHORTCUTS)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 2

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        sc = SHORTCUTS[index.row()]
        return title(sc) if index.column() == 0 else shown(self.keys[sc.action])

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return tr("Action") if section == 0 else tr("Key")

    def set_keys(self, keys: dict[str, str]) -> None:
        self.keys = keys
        self.dataChanged.emit(self.index(0, 1), self.index(len(SHORTCUTS) - 1, 1))


class _RecorderKeys(QObject):
    """Escape in the key field cancels the recording instead of being recorded, and
    Tab (which QKeySequenceEdit lets pass unrecorded) is taken as the key pressed,
    so the CM hears why it cannot be one."""

    def __init__(
        self, field: QKeySequenceEdit, cancel: Callable[[], None], take: Callable[[str], None]
    ) -> None:
        super().__init__(field)
        self.cancel = cancel
        self.take = take
        field.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.cancel()
            return True
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.take("Shift+Tab" if event.key() == Qt.Key.Key_Backtab else "Tab")
            return True
        return False


class ShortcutEditor(QDialog):
    """Every shortcut as bound now; Enter on a row records a new key for it."""

    def __init__(self, parent: QWidget, settings: QSettings, applied: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.settings = settings
        self.applied = applied
        self._recording_for: Shortcut | None = None
        self.model = ShortcutModel(self._keys(), self)
        self.rows = QSortFilterProxyModel(self)
        self.rows.setSourceModel(self.model)
        self.rows.setFilterKeyColumn(0)
        self.rows.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.query = QLineEdit()
        self.query.setPlaceholderText(tr("Find an action; Enter changes its key"))
        self.query.setClearButtonEnabled(True)
        self.table = QTableView()
        self.table.setModel(self.rows)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setShowGrid(False)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list_keys = ListKeys(self.query, self.table)

        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.recorder = QKeySequenceEdit()
        self.recorder.setMaximumSequenceLength(2)  # one key, or two in a row ("G, Q")
        self.recorder.editingFinished.connect(self._recorded)
        self.recorder_keys = _RecorderKeys(self.recorder, self.cancel, self._take_pressed)
        self.recording = QWidget()
        record = QHBoxLayout(self.recording)
        record.setContentsMargins(0, 0, 0, 0)
        record.addWidget(self.prompt, 1)
        record.addWidget(self.recorder)
        self.recording.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.change_button = QPushButton(tr("C&hange key…"))
        self.reset_button = QPushButton(tr("&Reset to default"))
        self.reset_all_button = QPushButton(tr("Reset &all"))
        for button in (self.change_button, self.reset_button, self.reset_all_button):
            button.setAutoDefault(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        for standard in buttons.buttons():
            if isinstance(standard, QPushButton):  # Enter records a key, never closes the list
                standard.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        self.change_button.clicked.connect(self.record)
        self.reset_button.clicked.connect(self.reset)
        self.reset_all_button.clicked.connect(self.reset_all)

        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.recording)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.query.textChanged.connect(self._filter)
        self.query.returnPressed.connect(self.record)
        self.table.activated.connect(lambda _index: self.record())
        self.resize(620, 620)
        self._filter("")

    def _tell(self, label: QLabel, text: str) -> None:
        """A sentence in the UI's direction: one that starts with a key ("J is already…")
        would otherwise be laid out left to right in Arabic."""
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        label.setText(("\u200f" if rtl else "\u200e") + text)

    def _keys(self) -> dict[str, str]:
        return {sc.action: key_for(sc, self.settings) for sc in SHORTCUTS}

    def _filter(self, text: str) -> None:
        self.rows.setFilterFixedString(text.strip())
        if not self.table.currentIndex().isValid() and self.rows.rowCount():
            self.table.setCurrentIndex(self.rows.index(0, 0))

    def current(self) -> Shortcut | None:
        """The shortcut of the highlighted row."""
        index = self.rows.mapToSource(self.table.currentIndex())
        return SHORTCUTS[index.row()] if index.isValid() else None

    def record(self) -> None:
        """Enter: wait for the new key of the highlighted action."""
        sc = self.current()
        if sc is None:
            return
        self._recording_for = sc
        self._tell(
            self.prompt,
            tr("Press the new key for “{action}” (Escape cancels)").format(action=title(sc)),
        )
        self.message.clear()
        self.recorder.clear()
        self.recording.show()
        self.recorder.setFocus()

    def cancel(self) -> None:
        """Escape while recording: nothing changes."""
        self._end_recording()
        self._tell(self.message, tr("Nothing changed"))

    def _end_recording(self) -> None:
        self.recording.hide()
        self.recorder.clear()
        self.query.setFocus()

    def _recorded(self) -> None:
        if not self.recording.isVisible():
            return
        seq = self.recorder.keySequence()
        sc = self._recording_for
        self._end_recording()
        if seq.isEmpty() or sc is None:
            return
        self._take(sc, seq.toString(QKeySequence.SequenceFormat.PortableText))

    def _take_pressed(self, key: str) -> None:
        sc = self._recording_for
        self._end_recording()
        if sc is not None:
            self._take(sc, key)

    def _take(self, sc: Shortcut, key: str) -> bool:
        keys = self._keys()
        why = refusal(sc, key, keys)
        if why is not None:
            self._tell(self.message, why)
            return False
        save_key(sc, key, self.settings)
        self._applied()
        self._tell(
            self.message, tr("“{action}” is now {key}").format(action=title(sc), key=shown(key))
        )
        return True

    def _applied(self) -> None:
        self.model.set_keys(self._keys())
        self.applied()

    def reset(self) -> None:
        """This row's key back to its default (refused while another action has it)."""
        sc = self.current()
        if sc is not None:
            self._take(sc, sc.key)
            self.query.setFocus()

    def reset_all(self) -> None:
        """Every key back to its default."""
        self.settings.remove("shortcuts")
        self._applied()
        self._tell(self.message, tr("Every key is back to its default"))
        self.query.setFocus()

"""Escalate in one step: a colleague, a note, by when — then forward, acknowledge, track."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from cm_desk.store.queue import QueueRow
from cm_desk.ui.i18n import tr


@dataclass(frozen=True)
class EscalationRequest:
    """What the CM chose."""

    item_id: int
    colleague_id: int
    note: str
    due_text: str
    tell_customer: bool


class EscalateDialog(QDialog):
    """Non-blocking (``open()``); ``chosen`` carries the request when the CM confirms."""

    def __init__(
        self, parent: QWidget, row: QueueRow, colleagues: list[tuple[int, str, str, str]]
    ) -> None:
        super().__init__(parent)
        self.row = row
        self.setWindowTitle(tr("Escalate"))
        self.colleague = QComboBox()
        for cid, name, team, email in colleagues:
            shown = f"{name} — {team}" if team else name
            if not email:
                shown = tr("{colleague} (no address)").format(colleague=shown)
            self.colleague.addItem(shown, cid)
        self.note = QLineEdit()
        self.note.setPlaceholderText(tr("what they should do, e.g. refund the second charge"))
        self.due = QLineEdit(tr("in 3 days"))
        self.tell = QCheckBox(tr("&Tell the customer who has it now"))
        self.tell.setChecked(row.kind == "mail")
        self.tell.setEnabled(row.kind == "mail")
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{row.sender}</b> — {row.subject}"))
        for text, field in (
            (tr("&Colleague:"), self.colleague),
            (tr("&Note:"), self.note),
            (tr("&By:"), self.due),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow(self.tell)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def request(self) -> EscalationRequest:
        return EscalationRequest(
            self.row.id,
            int(self.colleague.currentData()),
            self.note.text().strip(),
            self.due.text().strip(),
            self.tell.isChecked(),
        )

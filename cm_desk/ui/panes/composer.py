"""The inline reply composer: a template in the conversation's language, the text, and
— for "reply and promise" — what is promised and by when, sent in one action.

The same form logs how the CM reached out to a mention's author where they
posted, or writes to that author by mail when their address is known (a new
message, with a subject, that threads into the mention's conversation).

Ctrl+Enter sends (into the outbox: nothing leaves before the sync delivers
it), Esc puts the draft away. The window does the writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cm_desk.domain.models import Address
from cm_desk.domain.text import mostly_rtl
from cm_desk.store.queue import QueueRow
from cm_desk.triage.templates import Template, about_post_subject, fill, first_name
from cm_desk.ui.i18n import tr


@dataclass(frozen=True)
class Draft:
    """What the CM asked to send."""

    item_id: int
    conversation_id: int
    body: str
    promise: str  # "" for a plain reply
    due_text: str  # as typed ("friday", "vrijdag"…); read by the window
    reached_out: bool = False  # a mention: log how the CM answered where it was posted
    to: Address | None = None  # a new mail to a mention's author, not a reply
    subject: str = ""  # the new mail's subject


class ReplyComposer(QWidget):
    """Hidden until a reply is started; ``send(Draft)`` when the CM confirms."""

    send = Signal(object)  # Draft
    closed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.row: QueueRow | None = None
        self.templates: list[Template] = []
        self.mention = False
        self.mail_to: Address | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.to_value = QLabel()
        self.to_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subject = QLineEdit()
        self.template_box = QComboBox()
        self.template_box.currentIndexChanged.connect(self._use_template)
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        self.promise = QLineEdit()
        self.promise.setPlaceholderText(
            tr("what you promise, e.g. I'll tell you when the fix is out")
        )
        self.due = QLineEdit()
        self.due.setPlaceholderText(tr("friday, in 3 days, vrijdag, الجمعة…"))
        self.due.textChanged.connect(lambda _t: self._refresh_fields())
        send = self.send_button = QPushButton(tr("&Send (Ctrl+Enter)"))
        send.clicked.connect(self._send)
        cancel = QPushButton(tr("Cancel (Esc)"))
        cancel.clicked.connect(self.close_draft)

        form = QFormLayout()
        self.to_label = QLabel(tr("To:"))
        form.addRow(self.to_label, self.to_value)
        self.subject_label = QLabel(tr("S&ubject:"))
        self.subject_label.setBuddy(self.subject)
        form.addRow(self.subject_label, self.subject)
        self.template_label = QLabel(tr("&Template:"))
        self.template_label.setBuddy(self.template_box)
        form.addRow(self.template_label, self.template_box)
        self.promise_label = QLabel(tr("&Promise:"))
        self.promise_label.setBuddy(self.promise)
        self.due_label = QLabel(tr("&By:"))
        self.due_label.setBuddy(self.due)
        form.addRow(self.promise_label, self.promise)
        form.addRow(self.due_label, self.due)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(send)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._send)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_draft)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.hide()

    def open_for(self, row: QueueRow, templates: list[Template], *, with_promise: bool) -> None:
        """Start a reply to ``row`` (a mail); with a promise to fill in when asked.

        For a mention, which cannot be answered by mail, the same form logs how
        the CM reached out where it was posted (the text becomes a note).
        """
        self.row, self.templates = row, templates
        self.mention = row.kind == "mention"
        self.mail_to = None
        if self.mention:
            self.heading.setText(
                tr(
                    "<b>Log how you reached out to {name}</b> on {channel} "
                    "(o opens the post, y copies its link, m writes by mail)"
                ).format(name=escape(row.sender), channel=escape(row.channel))
            )
        else:
            self.heading.setText(
                tr("<b>Reply to {name}</b> — {subject}").format(
                    name=escape(row.sender), subject=escape(row.subject)
                )
            )
        self.template_box.blockSignals(True)
        self.template_box.clear()
        self.template_box.addItem(tr("(no template)"), None)
        for t in templates:
            self.template_box.addItem(f"{t.name} [{t.language}]", t.name)
        self.template_box.setCurrentIndex(0)
        self.template_box.blockSignals(False)
        self.body.setPlainText("")
        self.promise.clear()
        self.due.clear()
        for w in (self.promise_label, self.promise, self.due_label, self.due):
            w.setVisible(with_promise)
        self.template_label.setVisible(not self.mention)
        self.template_box.setVisible(not self.mention)
        for w in (self.to_label, self.to_value, self.subject_label, self.subject):
            w.setVisible(False)
        self.send_button.setText(
            tr("&Log it (Ctrl+Enter)") if self.mention else tr("&Send (Ctrl+Enter)")
        )
        self.body.setPlaceholderText(
            tr("what you wrote, and where (e.g. replied on Reddit with the workaround)")
            if self.mention
            else ""
        )
        self.show()
        (self.promise if with_promise else self.body).setFocus()

    def open_mail(self, row: QueueRow, to: Address, templates: list[Template]) -> None:
        """Write to a mention's author by mail: a new message about their post."""
        self.open_for(row, templates, with_promise=False)
        self.mention = False
        self.mail_to = to
        shown = f"{to.name} <{to.addr}>" if to.name else to.addr
        self.heading.setText(
            tr("<b>Write to {name} by mail</b> about their post on {channel}").format(
                name=escape(row.sender), channel=escape(row.channel)
            )
        )
        self.to_value.setText(shown)
        about = row.subject or row.snippet
        self.subject.setText(about_post_subject(row.language, about))
        for w in (self.to_label, self.to_value, self.subject_label, self.subject):
            w.setVisible(True)
        self.template_label.setVisible(True)
        self.template_box.setVisible(True)
        self.send_button.setText(tr("&Send (Ctrl+Enter)"))
        self.body.setPlaceholderText("")
        self.body.setFocus()

    def fields(self) -> dict[str, str]:
        row = self.row
        if row is None:
            return {}
        return {
            "first": first_name(row.sender),
            "name": row.sender,
            "subject": row.subject,
            "due": self.due.text().strip(),
        }

    def _use_template(self, index: int) -> None:
        name = self.template_box.itemData(index)
        chosen = next((t for t in self.templates if t.name == name), None)
        if chosen is not None:
            self.body.setPlainText(fill(chosen.body, self.fields()))
            rtl = mostly_rtl(chosen.body)
            self.body.setLayoutDirection(
                Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
            )

    def _refresh_fields(self) -> None:
        if self.template_box.currentIndex() > 0:
            self._use_template(self.template_box.currentIndex())

    def _send(self) -> None:
        row = self.row
        if row is None or not self.isVisible():
            return
        body = self.body.toPlainText().strip()
        if not body:
            self.heading.setText(
                tr("<b>Reply to {name}</b> — write something first").format(name=escape(row.sender))
            )
            return
        if self.mail_to is not None:
            subject = self.subject.text().strip()
            if not subject:
                self.heading.setText(
                    tr("<b>Write to {name}</b> — give it a subject").format(name=escape(row.sender))
                )
                self.subject.setFocus()
                return
            self.send.emit(
                Draft(row.id, row.conversation_id, body, "", "", to=self.mail_to, subject=subject)
            )
            return
        promising = self.promise.isVisible()
        promise = self.promise.text().strip() if promising else ""
        due = self.due.text().strip() if promising else ""
        if promising and not promise:
            self.heading.setText(
                tr("<b>Reply to {name}</b> — say what you promise").format(name=escape(row.sender))
            )
            self.promise.setFocus()
            return
        self.send.emit(Draft(row.id, row.conversation_id, body, promise, due, self.mention))

    def close_draft(self) -> None:
        self.hide()
        self.row = None
        self.mail_to = None
        self.closed.emit()

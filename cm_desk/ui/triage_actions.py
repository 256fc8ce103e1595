"""Triage from the keyboard: done, spam or abusive, tag, note, snooze.

Each action asks what it needs in a small non-blocking prompt, writes in the
database worker and reports in the status bar; the queue then reloads and
the selection stays where it was, on the next item.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QPlainTextEdit, QWidget

from cm_desk.domain.models import Triage
from cm_desk.store.queue import QueueRow
from cm_desk.ui.dates import moment
from cm_desk.ui.focus import focus_keeper
from cm_desk.ui.i18n import human, tr
from cm_desk.ui.loader import Loader

if TYPE_CHECKING:
    from cm_desk.store.engine import Store


class TriageActions(QObject):
    """The actions on the selected queue item; ``done`` fires after each write."""

    done = Signal(str)  # what happened, in a sentence
    failed = Signal(str)

    def __init__(
        self, store: Store, loader: Loader, parent: QWidget, current: Callable[[], QueueRow | None]
    ) -> None:
        super().__init__(parent)
        self.store, self.loader, self.parent_widget, self.current = store, loader, parent, current
        self.prompt: QInputDialog | None = None

    def _write(self, what: str, fn: Callable[[], Any]) -> None:
        def run() -> str:
            fn()
            return what

        self.loader.submit("action", run)

    def _ask(self, label: str, answer: Callable[[str], None], *, multiline: bool = False) -> None:
        """A non-blocking prompt; ``answer`` gets the text when the CM confirms."""
        dialog = QInputDialog(self.parent_widget)
        dialog.setWindowTitle("cm-desk")
        dialog.setLabelText(label)
        if multiline:
            dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.textValueSelected.connect(answer)
        dialog.finished.connect(focus_keeper(self.parent_widget))
        self.prompt = dialog
        dialog.open()
        for edit in dialog.findChildren(QPlainTextEdit):
            edit.setTabChangesFocus(True)  # Tab reaches OK; Ctrl+Enter confirms
        QShortcut(QKeySequence("Ctrl+Return"), dialog, dialog.accept)
        dialog.activateWindow()  # typing goes straight into the prompt
        field = dialog.findChild(QPlainTextEdit) if multiline else dialog.findChild(QLineEdit)
        if field is not None:
            field.setFocus()

    # -- the actions

    def mark(self, triage: Triage) -> None:
        from cm_desk.triage.triage_state import set_triage

        row = self.current()
        if row is None:
            return
        said = {
            Triage.DONE: tr("Marked done: {subject}"),
            Triage.SPAM: tr("Marked spam: {subject}"),
            Triage.ABUSE: tr("Marked abusive (kept): {subject}"),
        }
        self._write(
            said.get(triage, tr("Marked {state}: {subject}")).format(
                state=triage.value, subject=row.subject
            ),
            lambda: set_triage(self.store, [row.id], triage),
        )

    def spam_menu(self) -> None:
        """! asks which: spam, or abusive (kept on record, never answered automatically)."""
        menu = QMenu(self.parent_widget)
        menu.addAction(tr("&Spam"), lambda: self.mark(Triage.SPAM))
        menu.addAction(tr("&Abusive (keep on record)"), lambda: self.mark(Triage.ABUSE))
        menu.popup(self.parent_widget.mapToGlobal(self.parent_widget.rect().center()))
        self.menu = menu

    def tag(self) -> None:
        from cm_desk.triage.tags import tag_items

        row = self.current()
        if row is None:
            return

        def answer(text: str) -> None:
            name = text.strip()
            if name:
                self._write(
                    tr("Tagged {tag}: {subject}").format(tag=name, subject=row.subject),
                    lambda: tag_items(self.store, [row.id], name),
                )

        self._ask(tr("Tag (e.g. complaint, bug, praise):"), answer)

    def note(self) -> None:
        from cm_desk.triage.notes import add_note

        row = self.current()
        if row is None:
            return

        def answer(text: str) -> None:
            if text.strip():
                self._write(
                    tr("Note added"),
                    lambda: add_note(self.store, row.conversation_id, text.strip(), item_id=row.id),
                )

        self._ask(tr("Internal note (never sent):"), answer, multiline=True)

    def snooze(self) -> None:
        from cm_desk.triage.triage_state import snooze
        from cm_desk.triage.when import WhenError, parse_when

        row = self.current()
        if row is None:
            return

        def answer(text: str) -> None:
            try:
                until = parse_when(text, datetime.now(UTC))
            except WhenError as exc:
                self.failed.emit(human(exc))
                return
            self._write(
                tr("Snoozed until {when}: {subject}").format(
                    when=moment(until), subject=row.subject
                ),
                lambda: snooze(self.store, [row.id], until),
            )

        self._ask(tr("Snooze until (friday, in 3 days, vrijdag, الجمعة…):"), answer)

    # -- promises (the follow-up pane)

    def settle(self, promise_id: int, outcome: str) -> None:
        from cm_desk.domain.models import PromiseStatus
        from cm_desk.triage.promises import settle_promise

        status = PromiseStatus.KEPT if outcome == "kept" else PromiseStatus.BROKEN
        self._write(
            tr("Promise marked kept")
            if status is PromiseStatus.KEPT
            else tr("Promise marked broken"),
            lambda: settle_promise(self.store, promise_id, status),
        )

    def reschedule(self, promise_id: int) -> None:
        from cm_desk.triage.promises import reschedule_promise
        from cm_desk.triage.when import END_OF_DAY, WhenError, parse_when

        def answer(text: str) -> None:
            try:
                due = parse_when(text, datetime.now(UTC), END_OF_DAY)
            except WhenError as exc:
                self.failed.emit(human(exc))
                return
            self._write(
                tr("Promise now due {due}").format(due=moment(due)),
                lambda: reschedule_promise(self.store, promise_id, due),
            )

        self._ask(tr("New due date (friday, in 3 days, vrijdag, الجمعة…):"), answer)

    def _due(self, typed: str) -> datetime | None:
        """A typed due date (end of that day), or None after saying why it cannot be read."""
        from cm_desk.triage.when import END_OF_DAY, WhenError, parse_when

        try:
            return parse_when(typed, datetime.now(UTC), END_OF_DAY)
        except WhenError as exc:
            self.failed.emit(human(exc))
            return None

    # -- replies

    def reply(self, draft: Any) -> bool:
        """Queue a reply (and record its promise); False when the due date cannot be read."""
        from cm_desk.mail.outbox import queue_new, queue_reply
        from cm_desk.triage.promises import make_promise

        due = None
        if draft.promise:
            if not draft.due_text:
                self.failed.emit(tr("say by when you promise it (e.g. friday, in 3 days, vrijdag)"))
                return False
            due = self._due(draft.due_text)
            if due is None:
                return False

        def run() -> None:
            if draft.reached_out:
                _log_reached_out(self.store, draft)
            elif draft.to:
                queue_new(self.store, draft.item_id, draft.to, draft.subject, draft.body)
            else:
                queue_reply(self.store, draft.item_id, draft.body)
            if draft.promise:
                make_promise(
                    self.store, draft.conversation_id, draft.promise, due, item_id=draft.item_id
                )

        if draft.reached_out:
            what = tr("Logged: you reached out")
        elif draft.to:
            what = tr("Mail to {address} queued (it leaves with the next sync)").format(
                address=draft.to.addr
            )
        else:
            what = tr("Reply queued (it leaves with the next sync)")
        if due is not None:
            what += tr("; promise due {due}").format(due=moment(due))
        self._write(what, run)
        return True

    # -- escalation

    def escalate(self, request: Any) -> bool:
        """Forward, acknowledge and track; False when the due date cannot be read."""
        from cm_desk.triage.escalation import escalate_item

        due = self._due(request.due_text) if request.due_text else None
        if request.due_text and due is None:
            return False

        def run() -> str:
            return escalate_item(
                self.store,
                request.item_id,
                request.colleague_id,
                request.note,
                due,
                tell_customer=request.tell_customer,
            )

        self.loader.submit("action", run)
        return True


def _log_reached_out(store: Store, draft: Any) -> None:
    """A mention answered where it was posted: a note says how, and it counts as answered."""
    from cm_desk.triage.notes import add_note
    from cm_desk.triage.triage_state import mark_answered, set_triage

    add_note(store, draft.conversation_id, f"Reached out: {draft.body}", item_id=draft.item_id)
    mark_answered(store, [draft.item_id])
    set_triage(store, [draft.item_id], Triage.DONE)

"""The follow-up pane: open promises grouped Overdue / Today / This week / Later.

Everything here reads and writes the local store only, so the pane works
the same with no network at all. Enter on a promise offers: kept, broken,
reschedule (a typed date), or open its conversation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QListView, QMenu

from cm_desk.domain.models import PromiseRow
from cm_desk.domain.text import mostly_rtl
from cm_desk.ui.dates import moment
from cm_desk.ui.i18n import tr
from cm_desk.ui.models.rows import Row, RowsModel

GROUPS = ("Overdue", "Today", "This week", "Later", "No date")


def group_title(group: str) -> str:
    """A heading of :data:`GROUPS` in the UI language."""
    return {
        "Overdue": tr("Overdue"),
        "Today": tr("Today"),
        "This week": tr("This week"),
        "Later": tr("Later"),
        "No date": tr("No date"),
    }.get(group, group)


def group_of(p: PromiseRow, now: datetime) -> str:
    """Which heading a promise goes under, by its due date in local time."""
    if p.due is None:
        return "No date"
    if p.due < now:
        return "Overdue"
    local_now = now.astimezone()
    due = p.due.astimezone()
    midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    if due < midnight + timedelta(days=1):
        return "Today"
    if due < midnight + timedelta(days=7):
        return "This week"
    return "Later"


def grouped_rows(promises: list[PromiseRow], now: datetime) -> list[Row]:
    """Headings with their promises, soonest first, the owner named on each."""
    groups: dict[str, list[PromiseRow]] = {g: [] for g in GROUPS}
    for p in promises:
        groups[group_of(p, now)].append(p)
    out: list[Row] = []
    for name, members in groups.items():
        if not members:
            continue
        out.append(Row(f"{group_title(name)} ({len(members)})", header=True))
        for p in members:
            # Isolated: an Arabic day name, a translated "me" or an Arabic name
            # must not reorder the rest.
            when = "\u2068" + (moment(p.due) if p.due else tr("no date")) + "\u2069"
            owner = "\u2068" + (tr("me") if p.owner == "me" else p.owner) + "\u2069"
            tooltip = (
                p.what,
                tr("promised to {person}").format(person=p.promised_to),
                tr("in “{subject}”").format(subject=p.conversation_subject),
            )
            out.append(
                Row(
                    f"{when} · {owner}: {p.what}",
                    "\n".join(tooltip),
                    p.id,
                    mostly_rtl(p.what),
                )
            )
    return out


class FollowupsPane(QListView):
    """The open promises; ``act(promise_id, action)`` asks the window to carry one out."""

    act = Signal(int, str)  # kept, broken, reschedule, open
    owners_changed = Signal(list)  # "me" and the colleagues who owe something

    def __init__(self) -> None:
        super().__init__()
        self.rows_model = RowsModel()
        self.setModel(self.rows_model)
        self.setWordWrap(True)  # whole promises, no scrolling sideways
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAlternatingRowColors(True)
        self.promises: dict[int, PromiseRow] = {}
        self.all_promises: list[PromiseRow] = []
        self.now = datetime.now().astimezone()
        self.owner = ""  # "" everyone, "me", or a colleague's name
        self.menu: QMenu | None = None

    def set_owner(self, owner: str) -> None:
        """Only the promises ``owner`` has to keep ("" for everyone's)."""
        self.owner = owner
        self.show_promises(self.all_promises, self.now)

    def show_promises(self, promises: list[PromiseRow], now: datetime) -> None:
        """Show ``promises`` (those of :attr:`owner` only, when one is chosen)."""
        current = self.current_promise()
        self.all_promises, self.now = list(promises), now
        owners = sorted({p.owner for p in promises if p.owner != "me"}, key=str.casefold)
        self.owners_changed.emit(["me", *owners])
        shown = [p for p in promises if self.owner in ("", p.owner)]
        self.promises = {p.id: p for p in shown}
        self.rows_model.set_rows(grouped_rows(shown, now))
        for n in range(self.rows_model.rowCount()):
            index = self.rows_model.index(n)
            if current is not None and index.data(RowsModel.ItemIdRole) == current:
                self.setCurrentIndex(index)
                break
        else:
            self._first_promise()

    def _first_promise(self) -> None:
        for n in range(self.rows_model.rowCount()):
            index = self.rows_model.index(n)
            if index.data(RowsModel.ItemIdRole):
                self.setCurrentIndex(index)
                return

    def current_promise(self) -> int | None:
        value = self.currentIndex().data(RowsModel.ItemIdRole)
        return int(value) if value else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_menu()
            return
        super().keyPressEvent(event)

    def open_menu(self) -> None:
        """Kept, broken, reschedule or open — each with its own letter."""
        promise = self.current_promise()
        if promise is None:
            return
        menu = QMenu(self)

        def choose(action: str) -> Callable[[], None]:
            return lambda: self.act.emit(promise, action)

        menu.addAction(tr("&Kept"), choose("kept"))
        menu.addAction(tr("&Broken"), choose("broken"))
        menu.addAction(tr("&Reschedule…"), choose("reschedule"))
        menu.addAction(tr("&Open the conversation"), choose("open"))
        rect = self.visualRect(self.currentIndex())
        menu.popup(self.viewport().mapToGlobal(rect.bottomLeft()))
        self.menu = menu

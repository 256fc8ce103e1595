"""Merge this person with…: one person behind an address and a handle, from the keyboard.

The person the side panel shows is kept. The CM picks the other one in a
:class:`~cm_desk.ui.panes.person_picker.PersonPicker` (people are looked up in
the database worker), confirms in one sentence, and the merge runs in the
worker too (:func:`~cm_desk.triage.people.merge_people_in` in ``store.write()``).
What happened is said in the status bar, and the window reloads the queue, the
thread and the person panel, keeping the selection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from cm_desk.store.person import PersonCard, PersonMatch
from cm_desk.ui.focus import focus_keeper
from cm_desk.ui.i18n import tr
from cm_desk.ui.loader import Loader
from cm_desk.ui.panes.person_picker import PersonPicker

if TYPE_CHECKING:
    from cm_desk.store.engine import Store

LOOK_UP, MERGE = "merge_candidates", "merge"  # the loader tags of this action


def _isolated(name: str) -> str:
    return f"\u2068{name or tr('(no name)')}\u2069"


class PersonMerge(QObject):
    """The action behind the "merge this person" key; one merge at a time."""

    def __init__(
        self,
        store: Store,
        loader: Loader,
        parent: QWidget,
        person: Callable[[], PersonCard | None],
        say: Callable[[str], None],
        changed: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self.store, self.loader, self.parent_widget = store, loader, parent
        self.person, self.say, self.changed = person, say, changed
        self.picker: PersonPicker | None = None
        self.confirm: QMessageBox | None = None
        self._restore_focus: Callable[..., None] = lambda *_: None  # set as the picker opens
        self._names: tuple[str, str] = ("", "")  # (kept, merged) while a merge runs
        loader.loaded.connect(self._on_loaded)

    def start(self) -> None:
        """Ask who else the shown person is."""
        card = self.person()
        if card is None:
            self.say(tr("No person to merge: open a conversation whose sender is known"))
            return
        self._restore_focus = focus_keeper(self.parent_widget)
        picker = PersonPicker(self.parent_widget, card.id, card.name)
        picker.wanted.connect(self._look_up)
        picker.picked.connect(lambda other: self._ask_to_confirm(card, cast(PersonMatch, other)))
        picker.rejected.connect(self._restore_focus)
        self.picker = picker
        picker.open()
        picker.activateWindow()
        picker.query.setFocus()
        self._look_up("")

    def _look_up(self, text: str) -> None:
        store = self.store

        def load() -> tuple[str, list[PersonMatch]]:
            from cm_desk.store.person import people_matching

            with store.read() as conn:
                return text, people_matching(conn, text)

        self.loader.submit(LOOK_UP, load)

    def _ask_to_confirm(self, keep: PersonCard, other: PersonMatch) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("Merge people"),
            tr(
                "Merge {other} into {keep}? Their addresses, handles, history and promises "
                "become {keep}'s, and this cannot be undone."
            ).format(other=_isolated(other.name), keep=_isolated(keep.name)),
            QMessageBox.StandardButton.Cancel,
            self.parent_widget,
        )
        merge = box.addButton(tr("&Merge"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(merge)

        def answered(_result: int) -> None:
            if box.clickedButton() is merge:
                self._merge(keep, other)
            self._restore_focus()

        box.finished.connect(answered)
        self.confirm = box
        box.open()

    def _merge(self, keep: PersonCard, other: PersonMatch) -> None:
        store, keep_id, other_id = self.store, keep.id, other.id
        self._names = (keep.name, other.name)

        def run() -> str:
            from cm_desk.store.sql import Sql
            from cm_desk.triage.common import NotFoundError
            from cm_desk.triage.people import merge_people_in

            with store.write() as conn:
                mine = Sql.of(conn).scalar(
                    "SELECT count(*) FROM people WHERE id IN (?, ?) AND is_me = ?",
                    [keep_id, other_id, True],
                )
                if mine:
                    return "me"
                try:
                    merge_people_in(conn, keep_id, other_id)
                except NotFoundError:
                    return "gone"
                except ValueError:
                    return "self"
            return "merged"

        self.loader.submit(MERGE, run)

    def _on_loaded(self, tag: str, result: object) -> None:
        if tag == LOOK_UP and self.picker is not None:
            text, people = cast(tuple[str, list[PersonMatch]], result)
            self.picker.show_people(text, people)
        elif tag == MERGE:
            keep, other = (_isolated(name) for name in self._names)
            said = {
                "merged": tr("{other} is now part of {keep}: one person, one history"),
                "gone": tr("{other} is no longer there (merged or removed meanwhile)"),
                "me": tr("That is your own address: it is never merged with anyone"),
                "self": tr("A person cannot be merged with themself"),
            }[str(result)]
            if result == "merged":
                self.changed(said.format(keep=keep, other=other))
            else:
                self.say(said.format(keep=keep, other=other))

"""Who else is this person? A search over people by name, address or handle.

The picker only shows what it is given: it asks for people with ``wanted``
(debounced as the CM types) and the window's database worker answers with
:meth:`PersonPicker.show_people`. Non-blocking (``open()``); Up and Down move
in the list while the search keeps the focus; Enter picks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from cm_desk.domain.html_safe import neutralise_bidi
from cm_desk.domain.text import mostly_rtl
from cm_desk.store.person import PersonMatch
from cm_desk.ui.i18n import tr
from cm_desk.ui.models.rows import Row, RowsModel
from cm_desk.ui.palette import ListKeys

TYPING_PAUSE_MS = 150  # ask the worker once the CM pauses, not on every key


def shown(person: PersonMatch, *, this: bool = False) -> str:
    """A found person on one line: the name (isolated; ``this``: marked as the person
    being merged into), then how we know them (what a narrow list elides)."""
    name = "\u2068" + (neutralise_bidi(person.name) or tr("(no name)")) + "\u2069"
    if this:
        name = tr("{person} (this person)").format(person=name)
    known = ", ".join(f"{net}: {neutralise_bidi(value)}" for net, value in person.identities)
    return f"{name} — {known}" if known else name


class PersonPicker(QDialog):
    """Pick the person to merge with ``keep``; ``picked`` carries them."""

    wanted = Signal(str)  # the search, once the CM pauses
    picked = Signal(object)  # the PersonMatch chosen

    def __init__(self, parent: QWidget, keep: int, name: str) -> None:
        super().__init__(parent)
        self.keep, self.name = keep, neutralise_bidi(name) or tr("(no name)")
        self.found: dict[int, PersonMatch] = {}
        self.found_for: str | None = None  # the search the list answers
        self._pick_pending = False  # Enter came before the answer: pick when it lands
        self.setWindowTitle(tr("Merge {name} with…").format(name=self.name))
        self.query = QLineEdit()
        self.query.setPlaceholderText(tr("name, address or handle"))
        self.query.setClearButtonEnabled(True)
        label = QLabel(
            tr("&Who else is {name}? Their mail and posts become one history.").format(
                name=f"\u2068{self.name}\u2069"
            )
        )
        label.setBuddy(self.query)
        label.setWordWrap(True)
        self.model = RowsModel()
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setUniformItemSizes(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)  # the end, also in Arabic
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search keeps the keys
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (label, self.query, self.results, self.hint):
            layout.addWidget(widget)
        self.keys = ListKeys(self.query, self.results)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._ask)
        self.query.textChanged.connect(self._typed)
        self.query.returnPressed.connect(self._pick)
        self.results.activated.connect(lambda _index: self._pick())
        self.resize(560, 380)

    def _typed(self, _text: str) -> None:
        self._pick_pending = False  # an Enter before was for another search
        self._pause.start()

    def _ask(self) -> None:
        self._pause.stop()
        self.wanted.emit(self.query.text())

    def show_people(self, text: str, people: list[PersonMatch]) -> None:
        """What the worker found for ``text`` (an answer to an older search is dropped)."""
        if text != self.query.text():
            return
        self.found, self.found_for = {p.id: p for p in people}, text
        rows = []
        for p in people:
            line = shown(p, this=p.id == self.keep)
            rows.append(Row(line, line, p.id, mostly_rtl(p.name)))
        self.model.set_rows(rows)
        if rows:
            self.results.setCurrentIndex(self.model.index(0, 0))
        self.hint.setText("" if rows else tr("No one has that name, address or handle."))
        if self._pick_pending:
            self._pick_pending = False
            self._pick()

    def _pick(self) -> None:
        if self.found_for != self.query.text():  # the list still shows an older search
            self._pick_pending = True
            if self._pause.isActive():
                self._ask()
            return
        index = self.results.currentIndex()
        person = self.found.get(int(index.data(RowsModel.ItemIdRole) or 0))
        if person is None:
            return
        if person.id == self.keep:
            self.hint.setText(
                tr("That is {name}: a person cannot be merged with themself.").format(
                    name=f"\u2068{self.name}\u2069"
                )
            )
            return
        self.picked.emit(person)
        self.accept()

"""Merge this person with… (l), by keystrokes only, on the demo workspace: the store
and the person panel are checked afterwards."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cm_desk.store.engine import Store
from cm_desk.store.schema import Identity, Person
from cm_desk.ui.main_window import MainWindow
from cm_desk.ui.panes.person_picker import PersonPicker

# In the demo, Olivia Bennett mailed (and posted on Mastodon); her Reddit handle
# is still a person of its own.
HANDLE = ("reddit", "u/olivia_bennett")


def _to_sender(qtbot: QtBot, w: MainWindow, sender: str) -> None:
    """j until the selected item is from ``sender`` and the panel shows them."""
    for _ in range(40):
        row = w.current_row()
        if row is not None and row.sender == sender:
            break
        qtbot.keyClick(w.queue_view, Qt.Key.Key_J)
        qtbot.waitUntil(lambda: w.current_row() is not None, timeout=10_000)
    qtbot.waitUntil(
        lambda: w.person.card is not None and w.person.card.name == sender, timeout=10_000
    )


def _open_picker(qtbot: QtBot, w: MainWindow) -> PersonPicker:
    qtbot.keyClick(w.queue_view, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: w.merge.picker is not None and w.merge.picker.isVisible())
    picker = w.merge.picker
    assert picker is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.query)
    return picker


def _search(qtbot: QtBot, picker: PersonPicker, text: str) -> None:
    """Type a search over what is there and wait for the worker's answer."""
    qtbot.keyClick(picker.query, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(picker.query, text)
    qtbot.waitUntil(lambda: picker.found_for == text, timeout=10_000)


def _person_of(store: Store, network: str, value: str) -> int:
    with store.engine.connect() as conn:
        return int(
            conn.execute(
                select(Identity.person_id).where(
                    Identity.network == network, Identity.value == value
                )
            ).scalar_one()
        )


def test_merge_a_handle_into_the_person_by_keys(
    qtbot: QtBot, window: MainWindow, artifacts: Path
) -> None:
    w, store = window, window.store
    _to_sender(qtbot, w, "Olivia Bennett")
    row = w.current_row()
    assert row is not None and w.person.card is not None
    keep = w.person.card.id
    other = _person_of(store, *HANDLE)
    assert other != keep

    picker = _open_picker(qtbot, w)
    _search(qtbot, picker, "olivia")
    assert picker.model.rowCount() >= 3  # her mail person, her Reddit and HN handles
    picker.grab().save(str(artifacts / "person_picker.png"))

    # Herself: said, and nothing happens.
    _search(qtbot, picker, "olivia.bennett@mail")
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    assert "cannot be merged with themself" in picker.hint.text()
    assert picker.isVisible()

    _search(qtbot, picker, "u/olivia")
    assert picker.model.rowCount() == 1
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.merge.confirm is not None and w.merge.confirm.isVisible())
    confirm = w.merge.confirm
    assert confirm is not None
    assert "u/olivia_bennett289" in confirm.text() and "Olivia Bennett" in confirm.text()
    qtbot.waitUntil(lambda: confirm.isAncestorOf(QApplication.focusWidget()))
    confirm.grab().save(str(artifacts / "person_merge_confirm.png"))
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "merge"
    ):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    assert _person_of(store, *HANDLE) == keep
    with store.engine.connect() as conn:
        assert conn.execute(select(Person.id).where(Person.id == other)).first() is None
    assert "is now part of" in w.statusBar().currentMessage()
    # The panel shows both identities; the same item is still selected.
    qtbot.waitUntil(
        lambda: w.person.card is not None and HANDLE in w.person.card.identities,
        timeout=10_000,
    )
    assert ("email", "olivia.bennett@mail.example") in w.person.card.identities
    assert "u/olivia_bennett" in w.person.toPlainText()
    current = w.current_row()
    assert current is not None and current.id == row.id
    assert QApplication.focusWidget() is w.queue_view


def test_the_picker_reads_arabic_right_to_left(
    qtbot: QtBot, arabic_ui: None, window: MainWindow, artifacts: Path
) -> None:
    _to_sender(qtbot, window, "إبراهيم النجار")
    picker = _open_picker(qtbot, window)
    _search(qtbot, picker, "ibrahim")
    assert picker.isRightToLeft() and picker.model.rowCount() >= 1
    assert picker.windowTitle().startswith("دمج")
    picker.grab().save(str(artifacts / "person_picker_arabic.png"))
    picker.reject()

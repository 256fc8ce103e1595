"""Triage on the demo workspace by keystrokes only; the store is checked after each one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cm_desk.demo import build_demo
from cm_desk.store.engine import Store, open_store
from cm_desk.store.schema import Item, ItemTag, Note, Tag
from cm_desk.ui.main_window import MainWindow
from cm_desk.workspace import Workspace


@pytest.fixture()
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    QCoreApplication.setOrganizationName("cm-desk-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    store = open_store(Workspace(tmp_path / "ws"))
    build_demo(store, now=datetime.now(UTC))
    w = MainWindow(store, "demo", demo=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.current_row() is not None, timeout=10_000)
    w.queue_view.setFocus()
    yield w
    w.close()
    store.close()


def _item(store: Store, item_id: int) -> dict[str, object]:
    with store.engine.connect() as conn:
        return dict(conn.execute(select(Item.__table__).where(Item.id == item_id)).mappings().one())


def _act(qtbot: QtBot, w: MainWindow, key: Qt.Key, text: str = "") -> None:
    """Press a triage key on the queue, answer its prompt, wait for the write."""
    if not text:
        with qtbot.waitSignal(
            w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "action"
        ):
            qtbot.keyClick(w.queue_view, key)
        return
    qtbot.keyClick(w.queue_view, key)
    qtbot.waitUntil(lambda: w.triage.prompt is not None and w.triage.prompt.isVisible())
    prompt = w.triage.prompt
    assert prompt is not None
    qtbot.waitUntil(lambda: prompt.isAncestorOf(QApplication.focusWidget()))
    focus = QApplication.focusWidget()
    qtbot.keyClicks(focus, text)
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "action"
    ):
        qtbot.keyClick(focus, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_done_snooze_tag_note_and_spam_from_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    w, store = window, window.store

    first = w.current_row()
    assert first is not None
    _act(qtbot, w, Qt.Key.Key_E)
    assert _item(store, first.id)["triage"] == "done"
    qtbot.waitUntil(lambda: first.id not in w.queue_model.ids, timeout=10_000)
    assert w.queue_view.currentIndex().row() == 0  # the next item took its place

    second = w.current_row()
    assert second is not None and second.id != first.id
    _act(qtbot, w, Qt.Key.Key_Z, "vrijdag")
    until = _item(store, second.id)["snoozed_until"]
    assert isinstance(until, datetime)
    assert until.astimezone().weekday() == 4 and until.astimezone().hour == 9
    qtbot.waitUntil(lambda: second.id not in w.queue_model.ids, timeout=10_000)

    third = w.current_row()
    assert third is not None
    _act(qtbot, w, Qt.Key.Key_T, "complaint")
    _act(qtbot, w, Qt.Key.Key_N, "Called her back; waiting on billing.")
    with store.engine.connect() as conn:
        tags = conn.execute(
            select(Tag.name).join(ItemTag).where(ItemTag.item_id == third.id)
        ).scalars()
        assert "complaint" in set(tags)
        notes = conn.execute(
            select(Note.body).where(Note.conversation_id == third.conversation_id)
        ).scalars()
        assert "Called her back; waiting on billing." in set(notes)

    # ! asks which: s marks spam.
    qtbot.keyClick(w.queue_view, Qt.Key.Key_Exclam)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "action"
    ):
        qtbot.keyClick(menu, Qt.Key.Key_S)
    assert _item(store, third.id)["triage"] == "spam"


def test_a_date_that_cannot_be_read_says_so_and_changes_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    w = window
    row = w.current_row()
    assert row is not None
    qtbot.keyClick(w.queue_view, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: w.triage.prompt is not None and w.triage.prompt.isVisible())
    prompt = w.triage.prompt
    assert prompt is not None
    qtbot.waitUntil(lambda: prompt.isAncestorOf(QApplication.focusWidget()))
    focus = QApplication.focusWidget()
    qtbot.keyClicks(focus, "whenever")
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "cannot read 'whenever'" in w.statusBar().currentMessage())
    assert _item(w.store, row.id)["snoozed_until"] is None

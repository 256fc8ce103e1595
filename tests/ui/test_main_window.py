"""The main window on the demo workspace: three panes, loaded off the UI thread,
driven from the keyboard, safe to look at; screenshots for a person to check."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from cm_desk.store.engine import Store
from cm_desk.store.queue import QueueRow
from cm_desk.store.thread import Entry, Thread
from cm_desk.ui.main_window import MainWindow
from cm_desk.ui.models.queue_model import QueueModel
from cm_desk.ui.models.rows import Row, RowsModel
from cm_desk.ui.panes.conversation_pane import ConversationPane, flag_deceptive_links


@pytest.fixture()
def demo(demo_store: Store) -> Store:
    return demo_store


def _row(n: int) -> QueueRow:
    return QueueRow(
        n, "mail", "mail", f"Sender {n}", f"Subject {n}", "", datetime.now(UTC), "en",
        False, False, "new", 0, None, False, n,
    )  # fmt: skip


def test_rows_model_is_a_valid_qt_model(qtmodeltester: ModelTester) -> None:
    model = RowsModel()
    model.set_rows([Row("2 d   Anna — Ideeën"), Row("5 h   سليم — جدول الأعمال", "tip", 3, True)])
    qtmodeltester.check(model)
    rtl = model.index(1, 0)
    assert model.data(rtl, Qt.ItemDataRole.TextAlignmentRole) is not None
    assert model.data(rtl, RowsModel.ItemIdRole) == 3
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) is None


def test_queue_model_loads_pages_on_demand_and_is_a_valid_qt_model(
    qtmodeltester: ModelTester,
) -> None:
    model = QueueModel()
    asked: list[list[int]] = []
    model.page_wanted.connect(lambda _gen, ids: asked.append(ids))
    model.set_ids(list(range(1, 50_001)))
    assert model.rowCount() == 50_000
    assert model.data(model.index(12_345)) == "…"  # not loaded: asks for its page, once
    model.data(model.index(12_399))
    assert asked == [list(range(12_301, 12_401))]
    model.add_rows(model.generation, {i: _row(i) for i in asked[0]})
    assert model.data(model.index(12_345)) == "Sender 12346 — Subject 12346"
    model.add_rows(model.generation - 1, {1: _row(1)})  # a page of an older view: dropped
    assert model.data(model.index(0), QueueModel.RowRole) is None
    for page in range(3):
        model.add_rows(
            model.generation, {i: _row(i) for i in range(page * 100 + 1, page * 100 + 101)}
        )
    qtmodeltester.check(model)


def test_conversation_pane_loads_nothing_and_flags_what_deceives(qtbot: QtBot) -> None:
    pane = ConversationPane()
    qtbot.addWidget(pane)
    now = datetime.now(UTC)
    html = (
        '<p>Pay here: <a href="https://evil.example/pay">https://bank.example/login</a>'
        '<img src="https://tracker.example/open.gif" alt="">'
        '<img src="file:///etc/passwd"></p>'
    )
    pane.show_thread(
        Thread(1, "Your account", [Entry("mail", now, 1, "in", "Bank", "x", "", html, "", "en")])
    )
    shown = pane.toHtml()
    assert "tracker.example" not in shown and "/etc/passwd" not in shown
    assert "goes to evil.example" in shown
    assert pane.remote_images == 1
    assert pane.loadResource(2, "file:///etc/passwd") is None
    assert "⚠" not in flag_deceptive_links('<a href="https://www.example.org/x">example.org</a>')


def test_triage_keys_move_open_and_jump_between_panes(
    qtbot: QtBot, demo: Store, artifacts: Path
) -> None:
    window = MainWindow(demo, "demo", demo=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.conversation.shown is not None, timeout=10_000)
    assert window.queue_model.rowCount() > 5
    assert window.followups.rows_model.rowCount() > 3
    qtbot.waitUntil(lambda: "people waiting" in window.statusBar().currentMessage())
    card = window.person.card  # who the conversation is with, across channels
    assert card is not None and card.history and card.identities
    first_row = window.current_row()
    assert first_row is not None and card.name.split()[0] in first_row.sender
    window.grab().save(str(artifacts / "main_window.png"))

    window.queue_view.setFocus()
    first = window.conversation.shown
    qtbot.keyClick(window.queue_view, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: window.conversation.shown is not first, timeout=10_000)
    assert window.queue_view.currentIndex().row() == 1
    qtbot.keyClick(window.queue_view, Qt.Key.Key_K)
    assert window.queue_view.currentIndex().row() == 0
    qtbot.keyClick(window, Qt.Key.Key_G)
    qtbot.keyClick(window, Qt.Key.Key_C)
    assert window.conversation.hasFocus()
    qtbot.keyClick(window.conversation, Qt.Key.Key_J)  # j/k work from the conversation too
    assert window.queue_view.currentIndex().row() == 1
    qtbot.keyClick(window, Qt.Key.Key_G)
    qtbot.keyClick(window, Qt.Key.Key_F)
    assert window.followups_view.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_G)
    qtbot.keyClick(window, Qt.Key.Key_Q)
    assert window.queue_view.hasFocus()

    # An Arabic conversation, opened from the keyboard.
    arabic = next(
        n
        for n in range(window.queue_model.rowCount())
        if (r := window.queue_model.row_at(n)) is not None and r.language == "ar"
    )
    for _ in range(arabic - window.queue_view.currentIndex().row()):
        qtbot.keyClick(window.queue_view, Qt.Key.Key_J)
    qtbot.waitUntil(
        lambda: (
            window.conversation.shown is not None
            and any(e.language == "ar" for e in window.conversation.shown.entries)
        ),
        timeout=10_000,
    )
    assert 'dir="rtl"' in window.conversation.toHtml() or "right" in window.conversation.toHtml()
    window.grab().save(str(artifacts / "main_window_arabic.png"))

    # Another view; F5 reloads without blocking.
    window.view_box.setCurrentIndex(window.view_box.findData("mentions"))
    qtbot.waitUntil(
        lambda: (r := window.queue_model.row_at(0)) is not None and r.kind == "mention",
        timeout=10_000,
    )
    with qtbot.waitSignal(window.loader.loaded, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    window.grab().save(str(artifacts / "main_window_mentions.png"))
    window.close()


def test_layout_and_view_are_restored_on_the_next_start(qtbot: QtBot, demo: Store) -> None:
    window = MainWindow(demo, "demo", demo=True)
    qtbot.addWidget(window)
    window.show()
    window.view_box.setCurrentIndex(window.view_box.findData("spam"))
    window.splitter.setSizes([300, 700, 300])
    sizes = window.splitter.sizes()
    window.close()
    again = MainWindow(demo, "demo", demo=True)
    qtbot.addWidget(again)
    again.show()
    assert again.current_view().value == "spam"
    # The same proportions (the offscreen screen may clamp the window's width).
    share = [n / sum(sizes) for n in sizes]
    restored = again.splitter.sizes()
    assert [n / sum(restored) for n in restored] == pytest.approx(share, abs=0.04)
    qtbot.waitUntil(
        lambda: (r := again.queue_model.row_at(0)) is not None and r.triage in ("spam", "abuse"),
        timeout=10_000,
    )
    again.close()


def test_badges_say_overdue_and_escalated() -> None:
    from cm_desk.ui.panes.queue_delegate import badges

    now = datetime.now(UTC)
    row = _row(1)
    late = dataclasses.replace(
        row, promise_due=now - timedelta(hours=1), escalated=True, priority=2
    )
    assert [t for t, _ in badges(late, now)] == ["!!", "escalated", "overdue"]

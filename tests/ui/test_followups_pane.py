"""The follow-up pane with every network access failing: grouped, settled and
rescheduled from the keyboard, the store checked after each step."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cm_desk.domain.models import PromiseRow, PromiseStatus
from cm_desk.store.engine import Store
from cm_desk.store.schema import Promise
from cm_desk.ui.main_window import MainWindow
from cm_desk.ui.panes.followups_pane import group_of, grouped_rows

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # a Tuesday


def _promise(n: int, due: datetime | None) -> PromiseRow:
    return PromiseRow(
        n, f"promise {n}", due, "me", PromiseStatus.OPEN, n, "subject", "Anna", NOW, False
    )


def test_promises_fall_into_overdue_today_this_week_later(local_tz: Any) -> None:
    local_tz("UTC")
    assert group_of(_promise(1, NOW - timedelta(minutes=1)), NOW) == "Overdue"
    assert group_of(_promise(2, NOW + timedelta(hours=8)), NOW) == "Today"
    assert group_of(_promise(3, NOW + timedelta(days=3)), NOW) == "This week"
    assert group_of(_promise(4, NOW + timedelta(days=9)), NOW) == "Later"
    assert group_of(_promise(5, None), NOW) == "No date"
    rows = grouped_rows(
        [_promise(4, NOW + timedelta(days=9)), _promise(1, NOW - timedelta(1))], NOW
    )
    assert [r.text for r in rows if r.header] == ["Overdue (1)", "Later (1)"]


@pytest.fixture()
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every network access fails, as on a train."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(101, "Network is unreachable")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture()
def window(qtbot: QtBot, demo_store: Store, offline: None) -> Iterator[MainWindow]:
    w = MainWindow(demo_store, "demo")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.followups.current_promise() is not None, timeout=10_000)
    yield w
    w.close()


def _menu_choice(qtbot: QtBot, w: MainWindow, key: Qt.Key) -> None:
    qtbot.keyClick(w.followups, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    qtbot.keyClick(QApplication.activePopupWidget(), key)


def _status(w: MainWindow, promise_id: int) -> tuple[str, datetime | None]:
    with w.store.engine.connect() as conn:
        row = conn.execute(
            select(Promise.status, Promise.due_at).where(Promise.id == promise_id)
        ).one()
    return str(row.status), row.due_at


def test_followups_work_with_no_network(qtbot: QtBot, window: MainWindow, artifacts: Path) -> None:
    w = window
    # F5 tries mail and feeds: both fail quietly; the pane is unaffected.
    qtbot.keyClick(w, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not w.sync.running and not w.feeds.running, timeout=20_000)
    qtbot.waitUntil(lambda: w.current_row() is not None, timeout=10_000)
    assert w.sync_label.full_text() and w.sync_label.width() <= 420  # long news is elided
    headers = [
        w.followups.rows_model.index(n).data()
        for n in range(w.followups.rows_model.rowCount())
        if not w.followups.rows_model.index(n).data(w.followups.rows_model.ItemIdRole)
    ]
    assert headers[0].startswith("Overdue (")
    assert any(h.startswith(("This week (", "Later (", "Today (")) for h in headers)
    w.grab().save(str(artifacts / "main_window_followups.png"))

    # By owner: mine only, then a colleague's, then everyone's again.
    everyone = len(w.followups.promises)
    w.owner_box.setCurrentIndex(w.owner_box.findData("me"))
    assert w.followups.promises and {p.owner for p in w.followups.promises.values()} == {"me"}
    colleague = w.owner_box.itemData(w.owner_box.count() - 1)
    w.owner_box.setCurrentIndex(w.owner_box.count() - 1)
    assert {p.owner for p in w.followups.promises.values()} == {colleague}
    w.owner_box.setCurrentIndex(0)
    assert len(w.followups.promises) == everyone

    qtbot.keyClick(w, Qt.Key.Key_G)
    qtbot.keyClick(w, Qt.Key.Key_F)
    assert w.followups.hasFocus()
    first = w.followups.current_promise()
    assert first is not None
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "action"
    ):
        _menu_choice(qtbot, w, Qt.Key.Key_K)
    assert _status(w, first)[0] == "kept"
    qtbot.waitUntil(lambda: first not in w.followups.promises, timeout=10_000)

    second = w.followups.current_promise()
    assert second is not None
    _menu_choice(qtbot, w, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: w.triage.prompt is not None and w.triage.prompt.isVisible())
    prompt = w.triage.prompt
    assert prompt is not None
    qtbot.waitUntil(lambda: prompt.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClicks(QApplication.focusWidget(), "vrijdag")
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "action"
    ):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    status, due = _status(w, second)
    assert status == "open" and due is not None
    assert due.astimezone().weekday() == 4 and due.astimezone().hour == 17

    third = w.followups.current_promise()
    assert third is not None
    with qtbot.waitSignal(
        w.reads.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "thread"
    ):
        _menu_choice(qtbot, w, Qt.Key.Key_O)
    shown = w.conversation.shown
    assert shown is not None and shown.id == w.followups.promises[third].conversation_id

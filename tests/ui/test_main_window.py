"""The first window on the demo workspace: loads off the UI thread, refreshes on F5."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from cm_desk.demo import build_demo
from cm_desk.store.engine import open_store
from cm_desk.ui.main_window import MainWindow
from cm_desk.ui.models.rows import Row, RowsModel
from cm_desk.workspace import Workspace


def test_rows_model_is_a_valid_qt_model(qtmodeltester: ModelTester) -> None:
    model = RowsModel()
    model.set_rows([Row("2 d   Anna — Ideeën"), Row("5 h   سليم — جدول الأعمال", "tip", 3, True)])
    qtmodeltester.check(model)
    rtl = model.index(1, 0)
    assert model.data(rtl, Qt.ItemDataRole.TextAlignmentRole) is not None
    assert model.data(rtl, RowsModel.ItemIdRole) == 3
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) is None


def test_main_window_shows_waiting_and_followups(
    qtbot: QtBot, tmp_path: Path, artifacts: Path
) -> None:
    store = open_store(Workspace(tmp_path))
    build_demo(store, now=datetime.now(UTC))
    window = MainWindow(store, "demo")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loader.loaded, timeout=10000):
        window.show()
    assert window.waiting_model.rowCount() > 5
    assert window.followups_model.rowCount() > 3
    assert "people waiting" in window.statusBar().currentMessage()
    window.grab().save(str(artifacts / "main_window.png"))

    window.waiting_view.setFocus()
    with qtbot.waitSignal(window.loader.loaded, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    window.close()
    store.close()

"""GUI tests run offscreen; screenshots land in test-artifacts/ for a person to look at.

Every test keeps its window state in its own settings file, ``demo_store``
is a fresh demo workspace, ``window`` the window on it (a test module may define
its own), and ``arabic_ui`` runs a test in the Arabic UI, right to left.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cm_desk.demo import build_demo
from cm_desk.store.engine import Store, open_store
from cm_desk.ui import i18n
from cm_desk.ui.main_window import MainWindow
from cm_desk.workspace import Workspace
from tests.qt_settings import private_settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path) -> None:
    private_settings(tmp_path / "cfg")


@pytest.fixture()
def demo_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(Workspace(tmp_path / "ws"))
    build_demo(store, now=datetime.now(UTC))
    yield store
    store.close()


@pytest.fixture()
def window(qtbot: QtBot, demo_store: Store) -> Iterator[MainWindow]:
    """The window on the demo workspace, its first item selected, the queue focused."""
    w = MainWindow(demo_store, "demo", demo=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.current_row() is not None, timeout=10_000)
    w.queue_view.setFocus()
    yield w
    w.close()


@pytest.fixture()
def arabic_ui(qapp: QApplication) -> Iterator[None]:
    """The Arabic translation installed and the layout right to left; afterwards the
    translators, Qt's default locale and the direction are as they were."""
    before = QLocale()
    translators = i18n.install(qapp, QLocale(QLocale.Language.Arabic))
    assert len(translators) == 2  # ours, and Qt's own words
    try:
        # The translation asks for right to left (Qt applies that itself unless a
        # direction was set by hand, as some tests do).
        assert QCoreApplication.translate("QGuiApplication", "QT_LAYOUT_DIRECTION") == "RTL"
        qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        yield
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        QLocale.setDefault(before)
        qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


@pytest.fixture()
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

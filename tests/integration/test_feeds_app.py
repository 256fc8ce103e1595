"""The app's background feed refresh against a real HTTP server: mentions arrive
without the UI thread waiting, and the status line says what happened."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cm_desk.feeds.sources import add_source
from cm_desk.store.engine import Store, open_store
from cm_desk.ui.feed_service import FeedService
from cm_desk.workspace import Workspace
from tests.integration.feed_server import FeedServer, Item, rss2
from tests.qt_settings import private_settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(Workspace(tmp_path / "ws"))
    yield s
    s.close()


def _items(n: int) -> list[Item]:
    return [
        Item(
            title=f"Acme post {i}",
            link=f"https://blog.example/p/{i}",
            guid=f"p-{i}",
            summary="about Acme",
            published=datetime(2026, 11, 23, 10, i, tzinfo=UTC),
        )
        for i in range(n)
    ]


def test_background_refresh_brings_mentions_and_names_a_failing_source(
    qtbot: QtBot, store: Store
) -> None:
    with FeedServer() as server:
        server.feed("/blog.rss", rss2(_items(3)))
        server.status("/gone.rss", 404)
        server.latency = 0.3  # the UI thread must not feel it
        add_source(store, server.url("/blog.rss"), name="Blog")
        add_source(store, server.url("/gone.rss"), name="Gone")
        service = FeedService(store)
        lines: list[str] = []
        service.status.connect(lines.append)
        try:
            with qtbot.waitSignal(service.refreshed, timeout=30_000) as got:
                service.refresh_now()
                assert service.running  # returned at once: the work is elsewhere
            assert {r.name: r.added for r in got.args[0]} == {"Blog": 3, "Gone": 0}
            qtbot.waitUntil(lambda: not service.running, timeout=10_000)
            assert lines[0] == "Checking feeds…"
            assert lines[-1] == "feeds: 3 new · Gone: the server answered 404 Not Found"

            # Again with nothing new: every feed answers 304, nothing is refreshed.
            with (
                qtbot.assertNotEmitted(service.refreshed, wait=0),
                qtbot.waitSignal(service.finished, timeout=30_000),
            ):
                service.refresh_now()
            assert lines[-1].startswith("feeds: up to date")
        finally:
            service.stop()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM items").scalar() == 3


def test_an_urgent_mention_is_announced(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    from cm_desk.domain.keywords import RuleSpec
    from cm_desk.store import rules
    from cm_desk.ui.main_window import MainWindow

    private_settings(tmp_path / "cfg")
    with store.write() as conn:
        rules.save_rule(conn, RuleSpec("outage", ("down", "outage"), priority=3))
    with FeedServer() as server:
        urgent = Item(
            title="Is Acme down for everyone?",
            link="https://blog.example/p/down",
            guid="p-down",
            summary="Outage since this morning",
            published=datetime(2026, 11, 23, 11, 0, tzinfo=UTC),
        )
        items = [*_items(2), urgent]
        server.feed("/blog.rss", rss2(items))
        add_source(store, server.url("/blog.rss"), name="Blog")
        window = MainWindow(store, "test")
        qtbot.addWidget(window)
        window.show()
        try:
            with qtbot.waitSignal(
                window.loader.loaded,
                timeout=30_000,
                check_params_cb=lambda tag, _r: tag == "urgent",
            ):
                window.feeds.refresh_now()
            assert window.notifier.shown
            title, text = window.notifier.shown[-1]
            assert title.startswith("Urgent") and "Is Acme down for everyone?" in text
            assert "Urgent" in window.statusBar().currentMessage()  # no tray offscreen
        finally:
            window.close()

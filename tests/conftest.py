"""Shared fixtures: a real SQLite workspace store, mail ingestion into it, a fixed time zone."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from cm_desk.domain.models import Changes
from cm_desk.mail.parse import parse_message
from cm_desk.store.engine import Store, open_store
from cm_desk.store.ingest import Ingestor
from cm_desk.store.schema import Account
from cm_desk.workspace import Workspace

ME = "cm@desk.example"  # the community manager's own address in store fixtures


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    """A freshly created and migrated workspace store."""
    s = open_store(Workspace(tmp_path / "workspace"))
    yield s
    s.close()


@pytest.fixture()
def raw_conn(store: Store) -> Iterator[Any]:
    """A DB-API connection to ``store``, as ``cm-desk search`` uses."""
    conn = store.raw_connection()
    yield conn
    conn.close()


Ingest = Callable[[Sequence[bytes]], Changes]


@pytest.fixture()
def ingest(store: Store) -> Ingest:
    """Parse raw messages and store them as one batch of account 1 (whose address is ME)."""
    with store.write() as conn:
        conn.execute(insert(Account).values(id=1, name="test", address=ME, created_at=0))
    ingestor = Ingestor(1, me=[ME])

    def run(raws: Sequence[bytes]) -> Changes:
        with store.write() as conn:
            return ingestor.add_messages(conn, [parse_message(r) for r in raws])

    return run


@pytest.fixture()
def local_tz(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Set the process's local time zone (``date:`` ranges are local days)."""

    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()

"""Alembic migrations: an empty file becomes the current schema, and back."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from cm_desk.store.engine import open_store
from cm_desk.store.migrate import (
    HEAD,
    MIGRATIONS,
    alembic_config,
    current_revision,
    upgrade_to_head,
)
from cm_desk.store.schema import Base
from cm_desk.workspace import Workspace


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def test_head_constant_is_the_scripts_head() -> None:
    script = ScriptDirectory(str(MIGRATIONS))
    assert script.get_heads() == [HEAD]
    assert script.get_current_head() == HEAD


def test_upgrade_of_an_empty_database_creates_every_table(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    engine = create_engine(url)
    assert current_revision(engine) is None
    upgrade_to_head(engine)
    assert current_revision(engine) == HEAD
    engine.dispose()
    tables = _tables(url)
    assert set(Base.metadata.tables) <= tables
    assert {"item_fts", "alembic_version"} <= tables


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    engine = create_engine(url)
    upgrade_to_head(engine)
    with engine.connect() as conn:
        insp = inspect(conn)
        for name, table in Base.metadata.tables.items():
            columns = {c["name"] for c in insp.get_columns(name)}
            assert columns == {c.name for c in table.columns}, name
        fts_sql = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'item_fts'")
        ).scalar()
    engine.dispose()
    assert isinstance(fts_sql, str)
    assert "fts5" in fts_sql and "remove_diacritics 2" in fts_sql and "content=''" in fts_sql


def test_downgrade_to_base_and_upgrade_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}"
    engine = create_engine(url)
    cfg = alembic_config(engine)
    upgrade_to_head(engine)
    command.downgrade(cfg, "base")  # type: ignore[arg-type]
    assert current_revision(engine) is None
    assert _tables(url) <= {"alembic_version"}
    upgrade_to_head(engine)
    assert current_revision(engine) == HEAD
    engine.dispose()
    assert {"items", "item_fts", "conversations"} <= _tables(url)


def test_open_store_twice_is_a_no_op(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    first = open_store(workspace)
    with first.engine.begin() as conn:
        conn.execute(text("INSERT INTO workspace_settings(key, value) VALUES ('marker', 'kept')"))
        schema_before = conn.execute(
            text("SELECT type, name, sql FROM sqlite_master ORDER BY name")
        ).all()
    first.close()
    second = open_store(workspace)
    with second.engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM workspace_settings")).scalar() == "kept"
        assert (
            conn.execute(text("SELECT type, name, sql FROM sqlite_master ORDER BY name")).all()
            == schema_before
        )
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    assert current_revision(second.engine) == HEAD
    second.close()


def test_new_store_uses_wal_and_16k_pages(tmp_path: Path) -> None:
    store = open_store(Workspace(tmp_path / "ws"))
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA page_size")).scalar() == 16384
            assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 16384
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        store.close()

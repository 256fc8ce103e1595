"""Alembic migrations, run on every start before the store is used.

``HEAD`` (in :mod:`cm_desk.store.revision`) names the newest revision so that
lean entry points (``cm-desk search``) can tell with one query whether the
schema is current without importing Alembic or SQLAlchemy.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from cm_desk.store.revision import HEAD

__all__ = ["HEAD", "MIGRATIONS", "current_revision", "upgrade_to_head"]
MIGRATIONS = Path(__file__).with_name("migrations")


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config(engine: Engine) -> object:
    """An Alembic ``Config`` bound to ``engine`` (no alembic.ini file needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade_to_head(engine: Engine) -> None:
    """Bring the schema to ``HEAD`` (creating it in an empty database)."""
    if current_revision(engine) == HEAD:
        return
    from alembic import command

    command.upgrade(alembic_config(engine), "head")  # type: ignore[arg-type]

"""Where a workspace lives: ``--home``, ``$CM_DESK_HOME`` or the user data dir.

Kept free of heavy imports: ``cm-desk search`` starts through here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DB_NAME = "cm-desk.sqlite3"


class WorkspaceError(Exception):
    """A workspace that cannot be used (not writable, not a directory...)."""


@dataclass(frozen=True)
class Workspace:
    """A directory holding one cm-desk store and its local files."""

    home: Path

    @property
    def db_path(self) -> Path:
        """The embedded SQLite database of this workspace."""
        return self.home / DB_NAME

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the store."""
        return f"sqlite:///{self.db_path}"

    def exists(self) -> bool:
        """True when the store has been created already."""
        return self.db_path.exists()

    def ensure(self) -> None:
        """Create the directory (private to the user) if needed."""
        try:
            self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise WorkspaceError(f"cannot create workspace {self.home}: {exc.strerror}") from exc
        if not os.access(self.home, os.W_OK):
            raise WorkspaceError(f"workspace {self.home} is not writable")


def default_home() -> Path:
    """The platform's per-user data directory for cm-desk."""
    import platformdirs  # only when no --home/CM_DESK_HOME is given

    return Path(platformdirs.user_data_dir("cm-desk", appauthor=False))


def resolve(home: str | os.PathLike[str] | None = None) -> Workspace:
    """The workspace chosen by ``--home``, then ``$CM_DESK_HOME``, then the default."""
    chosen = home or os.environ.get("CM_DESK_HOME")
    path = Path(chosen).expanduser() if chosen else default_home()
    return Workspace(home=path.absolute())


def demo_home() -> Path:
    """Where ``cm-desk --demo`` keeps its demo workspace unless --home says otherwise."""
    return default_home().parent / "cm-desk-demo"

"""Window state written by tests goes to a private settings file, never the user's."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings


def private_settings(directory: Path) -> None:
    """Point QSettings (and so every window's saved layout) at ``directory``."""
    QCoreApplication.setOrganizationName("cm-desk-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(directory))

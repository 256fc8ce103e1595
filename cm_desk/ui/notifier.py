"""Desktop notifications for urgent new items (what keyword rules marked priority 2 or 3).

The system tray shows them where there is one; elsewhere (no tray, headless)
the status bar does, so nothing urgent goes unsaid.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from cm_desk.store.queue import QueueRow
from cm_desk.ui.i18n import tr


def summary(rows: list[QueueRow]) -> tuple[str, str]:
    """Title and text of one notification for ``rows``."""
    first = rows[0]
    title = (
        tr("Urgent: {sender}").format(sender=first.sender)
        if len(rows) == 1
        else tr("{n} urgent items").format(n=len(rows))
    )
    lines = [f"{r.sender} — {r.subject}" for r in rows[:3]]
    if len(rows) > 3:
        lines.append(tr("and {n} more").format(n=len(rows) - 3))
    return title, "\n".join(lines)


class Notifier:
    """Shows a notification; ``fallback`` gets the text when there is no tray."""

    def __init__(self, parent: QWidget, fallback: Callable[[str], None]) -> None:
        self.fallback = fallback
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(QIcon.fromTheme("mail-unread"), parent)
            self.tray.show()
        self.shown: list[tuple[str, str]] = []  # what was said, newest last
        self._told: set[int] = set()

    def urgent(self, rows: list[QueueRow]) -> None:
        rows = [r for r in rows if r.id not in self._told]  # each item is announced once
        if not rows:
            return
        self._told.update(r.id for r in rows)
        title, text = summary(rows)
        self.shown.append((title, text))
        if self.tray is not None and QSystemTrayIcon.supportsMessages():
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, 10_000)
        else:
            self.fallback(f"{title}: {text.splitlines()[0]}")

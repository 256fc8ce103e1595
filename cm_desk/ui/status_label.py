"""A status-bar label that never pushes the rest aside: long text elided, whole in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy


class StatusLabel(QLabel):
    """Shows as much of its text as fits (at most ``max_width`` pixels)."""

    def __init__(self, max_width: int = 420) -> None:
        super().__init__()
        self._full = ""
        self.setMaximumWidth(max_width)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        wanted = min(self.fontMetrics().horizontalAdvance(self._full) + 8, self.maximumWidth())
        self.setMinimumWidth(wanted)  # the status bar gives it this much, never more than max
        width = max(self.width(), wanted) - 8
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        super().setText(shown)

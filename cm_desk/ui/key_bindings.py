"""The window's keyboard shortcuts: one QShortcut per action and place, rebound in place.

Triage keys act only in the queue and the conversation (a plain letter there
never reaches a text field); the other keys act in the whole window. When the
CM changes a key, :meth:`KeyBindings.rebind` gives the existing QShortcut
objects their new key, so a key never stays bound twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from cm_desk.ui.shortcuts import SHORTCUTS, Shortcut, key_for


class KeyBindings:
    """Every shortcut of :data:`SHORTCUTS` bound to its handler, with the keys as
    bound now in :attr:`bound` (action → key; the same dict for the window's life)."""

    def __init__(
        self,
        window: QWidget,
        triage_places: Sequence[QWidget],
        handlers: Mapping[str, Callable[[], None]],
        settings: QSettings,
    ) -> None:
        self.settings = settings
        self.bound: dict[str, str] = {}
        self._shortcuts: dict[str, list[QShortcut]] = {}
        for sc in SHORTCUTS:
            seq = key_for(sc, settings)
            self.bound[sc.action] = seq
            places = tuple(triage_places) if sc.triage else (window,)
            self._shortcuts[sc.action] = [self._bind(sc, seq, where, handlers) for where in places]

    @staticmethod
    def _bind(
        sc: Shortcut, seq: str, where: QWidget, handlers: Mapping[str, Callable[[], None]]
    ) -> QShortcut:
        shortcut = QShortcut(QKeySequence(seq), where)
        if sc.triage:
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(handlers[sc.action])
        return shortcut

    def rebind(self) -> None:
        """Give every shortcut the key the settings hold now."""
        for sc in SHORTCUTS:
            seq = key_for(sc, self.settings)
            if seq == self.bound[sc.action]:
                continue
            self.bound[sc.action] = seq
            for shortcut in self._shortcuts[sc.action]:
                shortcut.setKey(QKeySequence(seq))

    def shortcuts(self, action: str) -> list[QShortcut]:
        """The QShortcut objects of ``action`` (one per place it acts in)."""
        return list(self._shortcuts[action])

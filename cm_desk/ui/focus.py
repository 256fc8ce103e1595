"""After a prompt or dialog closes, the CM goes on where they were."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QWidget


def focus_keeper(window: QWidget) -> Callable[..., None]:
    """A callback (connect it to the dialog's ``finished``) that gives the keyboard
    focus back to the widget that has it now, in ``window``."""
    back_to = QApplication.focusWidget()

    def restore(*_: object) -> None:
        window.activateWindow()
        if back_to is not None:
            back_to.setFocus()

    return restore

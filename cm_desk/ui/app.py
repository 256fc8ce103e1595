"""Composition root of the desktop app: store, workers, main window."""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING

from cm_desk.workspace import Workspace

if TYPE_CHECKING:
    from cm_desk.store.engine import Store


def _no_display() -> bool:
    """True on a Linux box with no screen and no platform chosen (Qt would abort)."""
    return (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )


def run(workspace: Workspace) -> int:
    """Start Qt on ``workspace`` and run until the window closes."""
    if _no_display():
        print(
            "cm-desk: error: no display to open the window on (DISPLAY and WAYLAND_DISPLAY "
            "are unset); run it in a desktop session, or headless with "
            "QT_QPA_PLATFORM=offscreen. The command-line tools work without one: "
            "cm-desk --help",
            file=sys.stderr,
        )
        return 1
    from PySide6.QtWidgets import QApplication, QMessageBox

    from cm_desk.store.dialect import APP_CACHE_KIB
    from cm_desk.ui.app_store import AppStore
    from cm_desk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("cm-desk")
    app.setOrganizationName("cm-desk")
    from cm_desk.ui import i18n

    i18n.install(app)  # the user's language; Arabic also turns the layout right to left
    # A small page cache per connection: the app reads pages here and there,
    # the OS keeps the file cached, and 64 MB per pooled connection was most
    # of the window's memory.
    lazy = AppStore.check(workspace, APP_CACHE_KIB)
    if lazy is not None:  # current schema: SQLAlchemy loads in a worker, after the window
        store: Store | AppStore = lazy
        demo = lazy.demo
    else:  # new or older: create or migrate before anything reads
        from cm_desk.store.engine import open_store
        from cm_desk.store.settings import is_demo

        try:
            store = open_store(workspace, cache_kib=APP_CACHE_KIB)
        except Exception as exc:
            QMessageBox.critical(
                None,
                "cm-desk",
                i18n.tr("Cannot open the workspace {path}:").format(path=workspace.home)
                + f"\n{exc}",
            )
            return 1
        with store.read() as conn:
            demo = is_demo(conn)
    window = MainWindow(store, str(workspace.home), demo=demo)
    window.show()
    # What is loaded by now lives as long as the app: the collector need not
    # walk it again. A full collection of the whole heap (Qt wrappers, modules)
    # holds the GIL for 30-70 ms, whichever thread triggers it: a stall in the
    # window while a sync's parse results pour in.
    gc.freeze()
    if demo:
        window.sync_label.setText(i18n.tr("Demo workspace: mail and feeds stay offline"))
    else:
        # After the first rows, when the CM pauses: launch never waits on the
        # network, and the sync's first use of the store (loading SQLAlchemy)
        # never slows the first keys. Mail first: it is what the CM answers.
        window.after_first_rows(lambda: window.sync.start(delay_ms=200))
        window.after_first_rows(lambda: window.feeds.start(delay_ms=1200))
    try:
        return int(app.exec())
    finally:
        store.close()

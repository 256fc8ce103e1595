"""First run without the command line: feeds added, a mail account checked before it is
saved, and every refusal said in the dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cm_desk.store.engine import Store
from cm_desk.store.schema import Account, Source
from cm_desk.ui.main_window import MainWindow
from tests.integration.feed_server import closed_port


@pytest.fixture(autouse=True)
def _no_keyring() -> Iterator[None]:
    """This machine's keyring is never written by a test: there is none, as headless."""
    import keyring
    from keyring.backends import fail

    from cm_desk import secrets

    secrets._choose_backend()  # once per process; then ours wins
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    yield
    keyring.set_keyring(before)


@pytest.fixture()
def window(qtbot: QtBot, tmp_path: Path, store: Store) -> Iterator[MainWindow]:
    w = MainWindow(store, "new")
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def _submit(qtbot: QtBot, w: MainWindow) -> None:
    dialog = w.setup_dialog
    with qtbot.waitSignal(w.net.loaded, timeout=30_000):
        qtbot.keyClick(
            QApplication.focusWidget() or dialog,
            Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier,
        )


def test_setup_opens_on_an_empty_workspace_and_adds_feeds_and_refuses_bad_mail(
    qtbot: QtBot, window: MainWindow, store: Store, artifacts: Path
) -> None:
    w = window
    qtbot.waitUntil(lambda: getattr(w, "setup_dialog", None) is not None, timeout=10_000)
    dialog = w.setup_dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.address.hasFocus())
    dialog.grab().save(str(artifacts / "first_run.png"))

    # Feeds only: the good one is added, the bad one is named.
    dialog.feeds.setFocus()
    qtbot.keyClicks(dialog.feeds, "https://www.reddit.com/r/example/.rss")
    qtbot.keyClick(dialog.feeds, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.feeds, "ftp://nope.example/feed")
    _submit(qtbot, w)
    assert "not a web address" in dialog.message.text() and dialog.isVisible()
    with store.engine.connect() as conn:
        assert conn.execute(select(Source.kind)).scalars().all() == ["reddit"]

    # A mail server that refuses: nothing is saved, the dialog says which and why.
    dialog.feeds.clear()
    port = closed_port()
    dialog.address.setFocus()
    qtbot.keyClicks(dialog.address, "cm@desk.example")
    for field, text in ((dialog.imap, f"127.0.0.1:{port}"), (dialog.smtp, f"127.0.0.1:{port}")):
        field.setFocus()
        qtbot.keyClicks(field, text)
    dialog.security.setCurrentIndex(dialog.security.findData("none"))
    dialog.password.setFocus()
    qtbot.keyClicks(dialog.password, "s3cret-password")
    _submit(qtbot, w)
    shown = dialog.message.text()
    assert "IMAP:" in shown and "SMTP:" in shown and "refused" in shown
    assert "s3cret-password" not in shown
    with store.engine.connect() as conn:
        assert conn.execute(select(Account.id)).first() is None

    # No network check wanted, but no keyring here either: that is said too.
    dialog.unchecked.setChecked(True)
    _submit(qtbot, w)
    assert "keyring" in dialog.message.text()
    with store.engine.connect() as conn:
        assert conn.execute(select(Account.id)).first() is None

"""Attachments and inline images in the conversation pane: shown from the message
itself, saved from the keyboard, names that cannot disguise themselves."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QIODevice, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from cm_desk.store.engine import Store
from cm_desk.ui.main_window import MainWindow


def _png() -> bytes:
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(0x2471A3)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


PAYLOAD = b"MZ\x90\x00 not really a program"


def _mail() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Ann Smit <ann@example.org>"
    msg["To"] = "cm@desk.example"
    msg["Subject"] = "Our new logo"
    msg["Message-ID"] = "<logo-1@example.org>"
    msg["Date"] = "Mon, 23 Nov 2026 10:00:00 +0000"
    msg.set_content("See the logo below, and the report attached.")
    msg.add_alternative('<p>See the logo: <img src="cid:logo@example.org" alt="logo"></p>', "html")
    html_part = msg.get_payload()[1]
    html_part.add_related(_png(), "image", "png", cid="<logo@example.org>")
    msg.add_attachment(PAYLOAD, "application", "octet-stream", filename="report\u202egnp.exe")
    return bytes(msg)


@pytest.fixture()
def window(qtbot: QtBot, tmp_path: Path, store: Store, ingest: Any) -> Iterator[MainWindow]:
    ingest([_mail()])
    w = MainWindow(store, "test", demo=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.conversation.shown is not None, timeout=10_000)
    yield w
    w.close()


def test_inline_image_shown_attachment_listed_and_saved(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, artifacts: Path
) -> None:
    w = window
    pane = w.conversation
    image = pane.loadResource(
        QTextDocument.ResourceType.ImageResource.value, QUrl("cid:logo@example.org")
    )
    assert isinstance(image, QImage) and not image.isNull()
    for other in ("file:///etc/passwd", "https://tracker.example/p.gif", "logo.png"):
        assert (
            pane.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(other)) is None
        )
    shown = pane.toHtml()
    assert "reportgnp.exe" in shown and "\u202e" not in shown  # the override is gone
    w.grab().save(str(artifacts / "attachments.png"))

    target = tmp_path / "saved.bin"
    pane.setFocus()
    qtbot.keyClick(pane, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: w.links.save_dialog is not None and w.links.save_dialog.isVisible())
    dialog = w.links.save_dialog
    assert dialog.selectedFiles()[0].endswith("reportgnp.exe")
    name_field = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name_field is not None
    name_field.setText(str(target))  # typed, a path would open the completer's popup
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog and name_field.hasFocus())
    with qtbot.waitSignal(
        w.loader.loaded, timeout=10_000, check_params_cb=lambda t, _r: t == "saved"
    ):
        qtbot.keyClick(name_field, Qt.Key.Key_Return)
    assert target.read_bytes() == PAYLOAD
    assert "Saved" in w.statusBar().currentMessage()


def _html_mail(src: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "News Letter <news@shop.example>"
    msg["To"] = "cm@desk.example"
    msg["Subject"] = "Our autumn news"
    msg["Message-ID"] = "<news-1@shop.example>"
    msg["Date"] = "Mon, 23 Nov 2026 11:00:00 +0000"
    msg.set_content(f'<p>Hello <img src="{src}" alt="banner"></p>', "html")
    return bytes(msg)


def test_remote_images_load_only_when_the_cm_trusts_the_sender(
    qtbot: QtBot, tmp_path: Path, store: Store, ingest: Any
) -> None:
    from tests.integration.feed_server import FeedServer

    with FeedServer() as server:
        server.feed("/banner.png", _png(), content_type="image/png")
        url = server.url("/banner.png")
        ingest([_html_mail(url)])
        w = MainWindow(store, "test", demo=True)
        qtbot.addWidget(w)
        w.show()
        pane = w.conversation
        qtbot.waitUntil(lambda: pane.shown is not None, timeout=10_000)
        assert pane.remote_images == 1 and "[banner]" in pane.toPlainText()
        assert server.requests == []  # nothing fetched behind the CM's back
        assert pane.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(url)) is None

        pane.setFocus()
        with qtbot.waitSignal(w.net.loaded, timeout=15_000):
            qtbot.keyClick(pane, Qt.Key.Key_I)
        image = pane.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(url))
        assert isinstance(image, QImage) and not image.isNull()
        assert [r.path for r in server.requests] == ["/banner.png"]
        w.close()

        # Trusted from now on: the next time the thread opens, its images come by themselves.
        again = MainWindow(store, "test", demo=True)
        qtbot.addWidget(again)
        with qtbot.waitSignal(again.net.loaded, timeout=15_000):
            again.show()
        assert again.conversation.remote_images == 0
        assert len(server.requests) == 2
        again.close()

"""What the CM does with what a conversation shows: links, attachments, remote images,
a mention's post. Writes and fetches run on the window's workers, never here.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMenu

from cm_desk.domain.html_safe import sanitize
from cm_desk.store.thread import allow_images
from cm_desk.ui.i18n import tr
from cm_desk.ui.panes.conversation_pane import safe_filename, shows_html
from cm_desk.ui.remote_images import fetch_images, remote_sources
from cm_desk.ui.shortcuts import spoken

if TYPE_CHECKING:
    from collections.abc import Callable

    from cm_desk.ui.main_window import MainWindow


class ConversationActions(QObject):
    """Open a link, save an attachment, trust a sender's images, open or copy a post."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.conversation = window.conversation
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl  # tests replace it
        self.save_dialog: QFileDialog | None = None
        self.attachment_menu: QMenu | None = None
        window.conversation.link_clicked.connect(self.on_link)
        window.loader.loaded.connect(self._on_loaded)
        window.net.loaded.connect(self._on_net)

    def on_link(self, url: QUrl) -> None:
        """A click in the conversation: save an attachment, or open a web or mail link."""
        if url.scheme() == "cm-attachment":
            found = [a for a in self.conversation.attachments() if str(a.id) == url.path()]
            if found:
                self.save_attachment(found[0])
        elif url.scheme() in ("http", "https", "mailto"):
            self.open_url(url)
            self.window.say(tr("Opened {url}").format(url=url.toString()))

    def choose_attachment(self) -> None:
        """a: save an attachment of the shown thread (a menu when there are several)."""
        files = self.conversation.attachments()
        if not files:
            self.window.say(tr("No attachments in this conversation"))
            return
        if len(files) == 1:
            self.save_attachment(files[0])
            return
        menu = QMenu(self.window)
        for n, a in enumerate(files[:9], start=1):
            menu.addAction(f"&{n} {safe_filename(a.filename)}", partial(self.save_attachment, a))
        menu.popup(self.conversation.mapToGlobal(self.conversation.rect().center()))
        self.attachment_menu = menu

    def save_attachment(self, attachment: Any) -> None:
        """Ask where (non-blocking), then write the bytes in the database worker."""
        dialog = QFileDialog(self.window, tr("Save attachment"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.selectFile(safe_filename(attachment.filename))
        store = self.window.store

        def chosen(path: str) -> None:
            def write() -> str:
                from cm_desk.mail.attachments import attachment_bytes

                with store.engine.connect() as conn:
                    _info, data = attachment_bytes(conn, attachment.id)
                with open(path, "wb") as fh:
                    fh.write(data)
                return tr("Saved {path} ({size} bytes)").format(path=path, size=len(data))

            self.window.loader.submit("saved", write)

        dialog.fileSelected.connect(chosen)
        self.save_dialog = dialog
        dialog.open()
        dialog.activateWindow()  # typing goes straight into the file name

    def open_original(self) -> None:
        """o: a mention's post in the browser (the only way to answer it)."""
        row = self.window.current_row()
        if row is not None and row.url:
            self.open_url(QUrl(row.url))
            self.window.say(
                tr("Opened {url}; {reply} logs how you reached out, {mail} writes by mail").format(
                    url=row.url,
                    reply=spoken(self.window.bound["reply"]),
                    mail=spoken(self.window.bound["mail_author"]),
                )
            )

    def copy_link(self) -> None:
        """y: a mention's link, to paste where the CM answers."""
        row = self.window.current_row()
        if row is not None and row.url:
            QGuiApplication.clipboard().setText(row.url)
            self.window.say(tr("Copied {url}").format(url=row.url))

    def load_images(self) -> None:
        """i: show this sender's remote images, now and from now on."""
        senders = [a for a, n in self.conversation.blocked.items() if a and n]
        if not senders:
            self.window.say(tr("No remote images held back here"))
            return
        store = self.window.store

        def allow() -> str:
            with store.write() as conn:
                for address in senders:
                    allow_images(conn, address)
            return tr("Images from {senders} will show from now on").format(
                senders=", ".join(senders)
            )

        self.conversation.allowed = self.conversation.allowed | frozenset(senders)
        self.conversation.add_images({})  # re-render: their images are no longer blocked
        self.window.loader.submit("saved", allow)
        self.fetch_trusted_images()

    def fetch_trusted_images(self) -> None:
        """Fetch, on the network worker, the remote images of trusted senders not yet here."""
        thread = self.conversation.shown
        if thread is None:
            return
        wanted = [
            url
            for e in thread.entries
            if e.address in self.conversation.allowed and shows_html(e)
            for url in remote_sources(sanitize(e.html))
            if url not in self.conversation.images
        ]
        if wanted:
            shown_id = thread.id
            self.window.net.submit("images", lambda: (shown_id, fetch_images(wanted)))

    def _on_loaded(self, tag: str, result: object) -> None:
        if tag == "saved":
            self.window.say(str(result))

    def _on_net(self, tag: str, result: object) -> None:
        if tag == "images":
            thread_id, fetched = cast(tuple[int, dict[str, bytes]], result)
            shown = self.conversation.shown
            if shown is not None and shown.id == thread_id and fetched:
                self.conversation.add_images(fetched)

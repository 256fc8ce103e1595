"""The conversation pane: a thread as a timeline, safe to look at.

Mail and feed HTML is sanitised (nh3) and remote images are replaced by
their alt text; the view never loads anything by itself — QTextBrowser would
read a resource name as a local file path — so :meth:`loadResource` answers
only with the thread's own inline (``cid:``) images, read beforehand. Links
open only through the CM (their target shows in the status bar, and a link
whose text names another address is flagged). Every
paragraph takes its own direction (Arabic right-to-left, Dutch and English
left-to-right), and the words of keyword rules are marked.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from cm_desk.domain.html_safe import block_remote_images, neutralise_bidi, sanitize
from cm_desk.domain.keywords import Matcher, highlight_spans
from cm_desk.domain.text import mostly_rtl
from cm_desk.store.thread import AttachmentRef, Entry, Thread
from cm_desk.ui.dates import moment
from cm_desk.ui.i18n import tr

_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_URLISH = re.compile(r"^(?:https?://)?([a-z0-9.-]+\.[a-z]{2,})(?:[/:?#]|$)", re.IGNORECASE)


def _direction(direction: str) -> str:
    """How an entry came about, when it was not simply received."""
    return {"out": tr("you replied"), "fwd": tr("forwarded")}.get(direction, "")


def _promise_status(status: str) -> str:
    return {
        "open": tr("open"),
        "kept": tr("kept"),
        "broken": tr("broken"),
        "cancelled": tr("cancelled"),
    }.get(status, status)


def _host(text: str) -> str:
    m = _URLISH.match(text.strip())
    return m.group(1).lower() if m else ""


def flag_deceptive_links(safe_html: str) -> str:
    """Mark links whose text shows one address while they go to another."""

    def check(m: re.Match[str]) -> str:
        href, inner = m.group(1), m.group(2)
        shown = _host(html.unescape(_TAGS.sub("", inner)))
        target = _host(html.unescape(href))
        if shown and target and shown != target and not target.endswith("." + shown):
            warning = html.escape(tr("⚠ goes to {host}").format(host=target))
            return f'{m.group(0)} <span style="color:#c0392b">{warning}</span>'
        return m.group(0)

    return _LINK.sub(check, safe_html)


def _marked(text: str, matchers: list[Matcher]) -> str:
    """Plain text as HTML paragraphs, each in its own direction, keywords marked."""
    out = []
    for para in re.split(r"\n\s*\n", text.strip()):
        spans = highlight_spans(matchers, para) if matchers else []
        pieces, pos = [], 0
        for start, end in spans:
            pieces.append(html.escape(para[pos:start]))
            pieces.append(
                f'<span style="background:#ffe58a;color:#000">{html.escape(para[start:end])}</span>'
            )
            pos = end
        pieces.append(html.escape(para[pos:]))
        body = "".join(pieces).replace("\n", "<br>")
        direction = "rtl" if mostly_rtl(para) else "ltr"
        align = "right" if direction == "rtl" else "left"
        out.append(f'<p dir="{direction}" align="{align}">{body}</p>')
    return "".join(out)


def safe_filename(name: str) -> str:
    """A file name fit to show and to suggest: no bidi tricks, no directories."""
    cleaned = neutralise_bidi(name).replace("/", "_").replace("\\", "_").strip(" .")
    return "".join(ch for ch in cleaned if ch.isprintable()) or "attachment"


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return tr("{n} MB").format(n=f"{n / (1024 * 1024):.1f}")
    if n >= 1024:
        return tr("{n} KB").format(n=max(1, n // 1024))
    return tr("{n} bytes").format(n=n)


def _when(dt: datetime) -> str:
    """The date of an entry, isolated: an Arabic day name must not pull the line around."""
    return "\u2068" + moment(dt, year=True) + "\u2069"


def render(
    thread: Thread,
    matchers: list[Matcher],
    allowed: frozenset[str] = frozenset(),
    save_key: str = "a",
) -> tuple[str, dict[str, int]]:
    """The thread as one HTML document, and per sender how many remote images were held back.

    ``allowed``: senders whose remote images may show (the CM said so); ``save_key``:
    the key that saves an attachment, as bound now.
    """
    blocked: dict[str, int] = {}
    parts = [f"<h3>{html.escape(neutralise_bidi(thread.subject))}</h3>"]
    for e in thread.entries:
        text, held = _entry(e, matchers, allowed, save_key)
        parts.append(text)
        if held:
            blocked[e.address] = blocked.get(e.address, 0) + held
    return "".join(parts), blocked


def shows_html(e: Entry) -> bool:
    """Whether an entry is shown as its (sanitised) HTML: mail that has it, as a mail
    client would; a post shows its text, where the rule keywords are marked."""
    if not e.html:
        return False
    return e.kind != "mention" or not e.text.strip()


def _box(background: str, head: str, body: str) -> str:
    """An entry: its heading on a band of its colour, then its body. Blocks, not a
    one-cell table around it all: Qt lays out a table twice as slowly, and that
    was half of what a keystroke to the next conversation cost."""
    return f'<p dir="ltr" style="background-color:{background}"><small>{head}</small></p>{body}'


def _entry(
    e: Entry, matchers: list[Matcher], allowed: frozenset[str], save_key: str
) -> tuple[str, int]:
    when = html.escape(_when(e.when))
    if e.kind == "note":
        line = html.escape(tr("Internal note · {author} · {when}")).format(
            author=html.escape(e.sender), when=when
        )
        return (
            _box("#fff3c4", line, _marked(e.text, [])) + "<hr>",
            0,
        )
    if e.kind == "promise":
        promise = (
            tr("Promise ({status}) · {owner} by {due}")
            if e.due
            else tr("Promise ({status}) · {owner}")
        )
        line = html.escape(promise).format(
            status=html.escape(_promise_status(e.status)),
            owner=html.escape(e.owner or tr("you")),
            due=html.escape(_when(e.due)) if e.due else "",
        )
        return (
            _box("#d6ebfa", line, _marked(e.text, [])) + "<hr>",
            0,
        )
    label = html.escape(_direction(e.direction))
    # Isolated, so an Arabic name cannot pull the address and date around it.
    name, _, addr = neutralise_bidi(e.sender).partition(" <")
    who = "\u2068" + html.escape(name or tr("(unknown)")) + "\u2069"
    if addr:
        who += html.escape(" <" + addr)
    head = f"<b>{who}</b>" + (f" · {label}" if label else "") + f" · {when}"
    if e.url:
        target = html.escape(e.url, quote=True)
        head += f' · <a href="{target}">{html.escape(_host(e.url) or tr("link"))}</a>'
    held = 0
    if not shows_html(e):
        body = _marked(neutralise_bidi(e.text), matchers)
    elif e.address and e.address in allowed:  # the CM trusts this sender's images
        body = flag_deceptive_links(sanitize(e.html))
    else:  # sanitised, remote images held back
        shown = block_remote_images(sanitize(e.html))
        body, held = flag_deceptive_links(shown.html), shown.remote_images
    files = [a for a in e.attachments if not (a.inline and a.content_id)]
    if files:
        listed = "".join(
            f'<li><a href="cm-attachment:{a.id}">{html.escape(safe_filename(a.filename))}</a>'
            f" <small>({html.escape(a.content_type or tr('file'))}, {_size(a.size)})</small></li>"
            for a in files
        )
        heading = html.escape(tr("Attachments ({key} saves one):").format(key=save_key))
        body += f"<p><small>{heading}</small></p><ul>{listed}</ul>"
    background = "#e3e8ea" if e.direction in ("out", "fwd") else "#f3f4f5"
    return (
        _box(background, head, body) + "<hr>",
        held,
    )


class ConversationPane(QTextBrowser):
    """Shows one thread; loads nothing on its own.

    Inline ``cid:`` images are handed in with the thread (read in the database
    worker); every other resource name gets nothing.
    """

    link_hovered = Signal(str)
    link_clicked = Signal(QUrl)  # the window decides: save an attachment, open a web link

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)  # a click asks (wired by the window), never navigates here
        self.setOpenExternalLinks(False)
        self.highlighted.connect(lambda url: self.link_hovered.emit(url.toString()))
        self.anchorClicked.connect(self.link_clicked.emit)
        self.images: dict[str, bytes] = {}
        self.matchers: list[Matcher] = []
        self.shown: Thread | None = None
        self.remote_images = 0
        self.blocked: dict[str, int] = {}  # sender -> remote images held back
        self.allowed: frozenset[str] = frozenset()
        self.save_key = "a"  # the key that saves an attachment, named under the attachments
        self.setPlaceholderText(tr("Select an item in the queue and press Enter."))

    def show_thread(
        self,
        thread: Thread | None,
        images: dict[str, bytes] | None = None,
        allowed: frozenset[str] = frozenset(),
    ) -> None:
        self.shown = thread
        self.images = dict(images or {})
        self.allowed = allowed
        if thread is None:
            self.clear()
            self.blocked, self.remote_images = {}, 0
            return
        self._render()

    def _render(self) -> None:
        if self.shown is None:
            return
        document, self.blocked = render(self.shown, self.matchers, self.allowed, self.save_key)
        self.remote_images = sum(self.blocked.values())
        self.document().clear()  # drop cached resources: fetched images load afresh
        self.setHtml(document)

    def set_save_key(self, key: str) -> None:
        """The key that saves an attachment changed: the thread shown names the new one."""
        if key != self.save_key:
            self.save_key = key
            self._render()

    def add_images(self, fetched: dict[str, bytes]) -> None:
        """Remote images the window fetched for a trusted sender: shown at once."""
        self.images.update(fetched)
        self._render()

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Only images handed in (inline ones, and remote ones fetched for a trusted
        sender): never a file, never the network from here."""
        key = name.toString() if isinstance(name, QUrl) else str(name)
        data = self.images.get(key)
        if data is None or kind != QTextDocument.ResourceType.ImageResource.value:
            return None
        image = QImage.fromData(data)
        return None if image.isNull() else image

    def attachments(self) -> list[AttachmentRef]:
        """The shown thread's attachments (inline images aside), newest mail first."""
        if self.shown is None:
            return []
        return [
            a
            for e in reversed(self.shown.entries)
            for a in e.attachments
            if not (a.inline and a.content_id)
        ]


MAX_INLINE_IMAGES = 20
MAX_INLINE_BYTES = 2 * 1024 * 1024


def inline_images(conn: Any, thread: Thread | None) -> dict[str, bytes]:
    """The thread's inline images by ``cid:`` name (worker side; bounded in count and size)."""
    from cm_desk.mail.attachments import AttachmentNotFound, attachment_bytes

    found: dict[str, bytes] = {}
    if thread is None:
        return found
    for e in thread.entries:
        for a in e.attachments:
            if len(found) >= MAX_INLINE_IMAGES:
                return found
            wanted = a.inline and a.content_id and a.content_type.startswith("image/")
            if not wanted or a.size > MAX_INLINE_BYTES:
                continue
            try:
                _info, data = attachment_bytes(conn, a.id)
            except AttachmentNotFound:
                continue
            found["cid:" + a.content_id.strip("<>")] = data
    return found

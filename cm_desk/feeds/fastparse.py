"""Well-formed RSS and Atom feeds read with expat, with feedparser's results.

feedparser costs most of a feed refresh's CPU: a Python call per SAX event
and a dict subclass for every field. For a well-formed feed, feedparser's
own strict parser is expat too, so the same document can be read here by
ElementTree's C tree builder and the fields a mention needs picked from the
tree (:mod:`cm_desk.feeds.fastentry`) — about an eighth of the work.

"The same" is the whole point: :func:`parse` answers only where it can
reproduce feedparser exactly and returns ``None`` otherwise, and the caller
then asks feedparser. It declines documents feedparser would read with its
loose parser (not well-formed, undecodable in the declared encoding, an XML
declaration not at the very start), any DOCTYPE or entity declaration (there
should be none left after :func:`cm_desk.feeds.entries.defuse`), ``xml:base``,
roots other than RSS 0.9x/2.0, RSS 1.0 and Atom 1.0, and every construct
the entry reader does not know. Nothing is fetched: expat gets a string with
no DTD, so there is no entity to expand or resolve.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from cm_desk.feeds.fastentry import EntryReader
from cm_desk.feeds.feeddates import UnsureDateError
from cm_desk.feeds.feedns import ATOM, Names, UnsureError, declared_version

# Byte order marks and first bytes of "<?xm" in encodings other than UTF-8.
_WIDE_STARTS = (
    b"\xfe\xff",
    b"\xff\xfe",
    b"\x00\x00\xfe\xff",
    b"\x00",
    b"<\x00",
    b"\x4c\x6f\xa7\x94",
)
_DECL_ENCODING = re.compile(rb"<\?[^\n]*?encoding=[\"']([^\"'\n]*)[\"']")
_XML_DECL = re.compile(r"<\?xml[^>]*?>")
_UTF8_DECL = "<?xml version='1.0' encoding='utf-8'?>"
_FIRST_ELEMENT = re.compile(r"<\w")
_DECLARATION = re.compile(r"<!(?!--)")
_BASE_ATTR = re.compile(r"base\s*=", re.IGNORECASE)  # a literal start keeps the scan fast
_ENCODINGS = frozenset(
    ["utf-8", "ascii", "gb18030", "gbk", "big5", "shift_jis", "euc_jp", "euc_kr"]
    + [f"iso8859-{n}" for n in range(1, 17)]
    + [f"cp{n}" for n in range(1250, 1259)]
    + ["koi8-r", "koi8-u", "mac-roman"]
)
_RSS_VERSIONS = {"0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"}


@dataclass(frozen=True)
class FastFeed:
    """A feed as feedparser would give it, reduced to what mentions are made of.

    ``entries`` hold feedparser's keys for the fields a mention reads
    (``link``, ``title``, ``id``, ``content``, ``summary_detail``, ``summary``,
    ``author_detail``, ``author`` and the first date that is set).
    """

    version: str
    title: str
    entries: list[dict[str, Any]]


def parse(body: bytes) -> FastFeed | None:
    """The feed in ``body`` (already defused), or ``None`` when feedparser must read it."""
    try:
        return _parse(body)
    except (UnsureError, UnsureDateError, ParseError):
        return None


def _parse(body: bytes) -> FastFeed:
    text = _utf8_document(_decode(body))
    head = text[: m.start()] if (m := _FIRST_ELEMENT.search(text)) else text
    if _DECLARATION.search(head):
        raise UnsureError("DOCTYPE or declaration")
    for m in _BASE_ATTR.finditer(text):
        before = text[m.start() - 1]
        if not (before.isalnum() or before in "_.-"):  # "database=" is no attribute
            raise UnsureError("xml:base")  # relative links would resolve against it
    parser: XMLPullParser[Element] = XMLPullParser(events=("start-ns", "start"))
    parser.feed(text)
    parser.close()
    decls: list[tuple[str | None, str]] = []
    root_decls: list[tuple[str | None, str]] = []
    root: Element | None = None
    for event in parser.read_events():
        value = event[-1]
        if isinstance(value, tuple):  # start-ns: (prefix, uri)
            if value[1]:
                decls.append((value[0] or None, value[1]))
        elif root is None and isinstance(value, Element):
            root, root_decls = value, list(decls)
    if root is None:
        raise UnsureError("no element")
    names = Names(decls)
    return _Feed(root, names, root_decls).read()


def _decode(body: bytes) -> str:
    """The document as text, decoded as feedparser decodes it when all goes well."""
    if body.startswith(_WIDE_STARTS):
        raise UnsureError("UTF-16, UTF-32 or EBCDIC")
    bom = body.startswith(codecs.BOM_UTF8)
    data = body[3:] if bom else body
    declared = ""
    if data.startswith(b"<?"):
        end = data.find(b"\n")
        line = data if end < 0 else data[:end]
        count = line.count(b"encoding=")
        if count:
            m = _DECL_ENCODING.match(line)
            if count > 1 or not m or b"?>" not in line[m.end() :] or not m.group(1).isascii():
                raise UnsureError("unclear encoding declaration")
            declared = m.group(1).decode().lower()
    if bom and declared not in ("", "utf-8", "utf8"):
        raise UnsureError("byte order mark and declaration disagree")
    encoding = "gb18030" if declared == "gb2312" else declared or "utf-8"
    try:
        if codecs.lookup(encoding).name not in _ENCODINGS:
            raise UnsureError(f"encoding {encoding}")
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:  # feedparser would guess another
        raise UnsureError(str(exc)) from exc


def _utf8_document(text: str) -> str:
    """feedparser's rewrite: its own XML declaration instead of the document's."""
    m = _XML_DECL.match(text)
    return _UTF8_DECL + text[m.end() :] if m else _UTF8_DECL + "\n" + text


class _Feed:
    """Walks one document's feed level; entries go to an :class:`EntryReader`."""

    def __init__(self, root: Element, names: Names, root_decls: list[tuple[str | None, str]]):
        self._root = root
        self._tag = names.tag
        self._kind = names.tag(root.tag)
        version = declared_version(root_decls)
        if self._kind == "rss" and not version.startswith("rss"):
            given = names.attrs(root).get("version", "")
            version = _RSS_VERSIONS.get(given) or ("rss20" if given.startswith("2.") else "rss")
        elif self._kind == "feed" and root.tag != f"{{{ATOM}}}feed":
            raise UnsureError("Atom before 1.0")
        elif self._kind == "rdf:rdf" and not version.startswith("rss"):
            raise UnsureError("RDF that is no RSS 1.0 or 0.90")
        elif self._kind not in ("rss", "feed", "rdf:rdf"):
            raise UnsureError(f"root element {root.tag}")
        self._version = version
        self._reader = EntryReader(names, version)
        self._title = ""
        self._entries: list[dict[str, Any]] = []

    def read(self) -> FastFeed:
        """Title and entries, in document order."""
        if self._kind == "rss":
            channels = [c for c in self._root if self._tag(c.tag) == "channel"]
            if len(channels) != 1 or len(self._root) != 1:
                raise UnsureError("RSS with other than one channel")
            self._level(channels[0], 3, "item")
        elif self._kind == "feed":
            self._level(self._root, 2, "entry")
        else:
            self._rdf()
        return FastFeed(self._version, self._title, self._entries)

    def _rdf(self) -> None:
        """RSS 1.0: channel, image, items and textinput are siblings."""
        channels = 0
        for child in self._root:
            tag = self._tag(child.tag)
            if tag == "channel":
                channels += 1
                self._level(child, 3, "")
            elif tag == "item":
                self._entries.append(self._reader.read(child, 2))
            elif tag in ("image", "textinput"):
                self._image(child, 2)
            else:
                self._inert(child)
        if channels != 1:
            raise UnsureError("RDF with other than one channel")

    def _level(self, parent: Element, depth: int, entry_tag: str) -> None:
        """The children of a channel (or Atom feed), which sit at ``depth``."""
        for child in parent:
            tag = self._tag(child.tag)
            if tag == entry_tag:
                self._entries.append(self._reader.read(child, depth))
            elif tag in ("title", "dc:title"):
                self._feed_title(child, depth)
            elif tag in ("image", "textinput") and entry_tag != "entry":
                self._image(child, depth)
            else:
                self._inert(child)

    def _feed_title(self, element: Element, depth: int) -> None:
        value, _ = self._reader.text(element, "text/plain", False)
        if self._reader.claims_title(value, depth):
            self._title = value

    def _image(self, element: Element, depth: int) -> None:
        """An image or text input: its title is its own, but feedparser remembers its depth."""
        reader = self._reader
        reader.title_depth = -1
        image = self._tag(element.tag) == "image"
        allowed = (
            ("title", "link", "description", "url", "width", "height")
            if image
            else (
                "title",
                "link",
                "description",
                "name",
            )
        )
        for child in element:
            tag = self._tag(child.tag)
            if tag not in allowed or len(child):
                raise UnsureError(f"<{tag}> in <{element.tag}>")
            if tag == "title" and reader.text(child, "text/plain", False)[0]:
                reader.title_depth = depth + 1

    def _inert(self, element: Element) -> None:
        """A feed-level element that must not hide anything feedparser would pick up."""
        for node in element.iter():
            if self._tag(node.tag) in _FEED_DANGER:
                raise UnsureError(f"<{node.tag}> where feedparser would use it")


# Elements that change feed or entry fields wherever feedparser meets them.
# fmt: off
_FEED_DANGER = frozenset([
    "item", "entry", "channel", "feed", "rss", "rdf:rdf", "title", "dc:title", "media:title",
    "summary", "itunes:summary", "content", "content:encoded", "fullitem", "body", "xhtml:body",
    "image", "textinput", "source",
])
# fmt: on

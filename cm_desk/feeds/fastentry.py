"""One feed entry read from an ElementTree element, field for field as feedparser would.

feedparser is a state machine over SAX events; the fields a mention needs
come out of it with rules that are easy to get subtly wrong, so they are
spelled out here as they are, not as they ought to be:

- a ``<title>`` is kept only if no non-empty title was seen at the same or a
  shallower depth of the entry; ``media:title`` does not count for that;
- ``<link>`` text always wins; an ``href`` link wins only as ``rel=alternate``
  with an HTML type; a ``<guid>``/``<id>`` that is a permalink is the link
  only while there is none yet;
- a second description-like element (``media:description`` in Mastodon
  feeds) becomes *content* when no content was seen, and content wins over
  the summary;
- Atom ``type="xhtml"`` markup is re-serialised and loses its wrapping div;
- every text value is stripped, then re-decoded when it was UTF-8 read as
  Latin-1, then has C1 controls mapped through windows-1252 — but an author's
  ``<name>`` and ``<email>`` are taken raw;
- dates parse as in :mod:`cm_desk.feeds.feeddates`.

Anything outside the elements listed here, anything nested where feedparser
would do something clever, raises :class:`UnsureError`.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element

from cm_desk.feeds.feeddates import parse_date
from cm_desk.feeds.feedns import HANDLED, RESERVED, XHTML_TAGS, Names, UnsureError

XHTML = "application/xhtml+xml"
_TEXT_TYPES = frozenset({"text/plain", "text/html", XHTML})
_HTML_TYPES = frozenset({"text/html", XHTML})
_SHORT_TYPES = {"text": "text/plain", "plain": "text/plain", "html": "text/html", "xhtml": XHTML}
# feedparser maps C1 controls to the characters windows-1252 has at those bytes.
_CP1252_HOLES = (0x81, 0x8D, 0x8F, 0x90, 0x9D)  # bytes windows-1252 leaves undefined
_C1 = {i: bytes([i]).decode("cp1252") for i in range(0x80, 0xA0) if i not in _CP1252_HOLES}
_HAS_C1 = re.compile("[\x80-\x9f]")
_SCHEME_SLASHES = re.compile(r"^([A-Za-z][A-Za-z0-9+,.-]*://)/+")
_AMP_NAME = re.compile(r"&([A-Za-z0-9_]+);")
# Where feedparser would start guessing whether plain text is HTML.
_MAYBE_HTML = re.compile(r"</\w+>|&#?\w+;")
_EMAIL = re.compile(
    r"[a-zA-Z0-9_.+-]+@(?:\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.|(?:[a-zA-Z0-9-]+\.)+)"
    r"(?:[a-zA-Z]{2,4}|[0-9]{1,3})\]?(?:\?subject=\S+)?"
)
_AUTHOR_PARTS = {"name": "name", "email": "email", "uri": "href", "url": "href", "homepage": "href"}
_DATES = ("published_parsed", "updated_parsed", "created_parsed")
# fmt: off
_HARMLESS = (
    "category", "keywords", "enclosure", "expirationdate", "rights", "copyright", "dc:subject",
    "dc:rights", "dc:language", "dc:publisher", "dc:contributor", "dcterms:valid",
    "media:category", "media:keywords", "media:thumbnail", "media:rating", "media:credit",
    "media:license", "media:restriction", "media:player", "itunes:subtitle", "itunes:explicit",
    "itunes:block", "itunes:image", "itunes:keywords", "itunes:category",
)
# fmt: on
KINDS: dict[str, tuple[str, str]] = {
    "title": ("title", ""),
    "dc:title": ("title", ""),
    "media:title": ("title", "keep depth"),
    "description": ("description", ""),
    "dc:description": ("description", ""),
    "media:description": ("description", ""),
    "summary": ("summary", ""),
    "itunes:summary": ("summary", ""),
    "content": ("content", "text/plain"),
    "content:encoded": ("content", "text/html"),
    "link": ("link", ""),
    "guid": ("guid", ""),
    "id": ("guid", ""),
    "author": ("author", ""),
    "dc:author": ("author", ""),
    "dc:creator": ("author", ""),
    "itunes:author": ("author", ""),
    "contributor": ("contributor", ""),
    "pubdate": ("date", "published_parsed"),
    "published": ("date", "published_parsed"),
    "issued": ("date", "published_parsed"),
    "dcterms:issued": ("date", "published_parsed"),
    "updated": ("date", "updated_parsed"),
    "modified": ("date", "updated_parsed"),
    "lastbuilddate": ("date", "updated_parsed"),
    "dc:date": ("date", "updated_parsed"),
    "dcterms:modified": ("date", "updated_parsed"),
    "created": ("date", "created_parsed"),
    "dcterms:created": ("date", "created_parsed"),
    "source": ("source", ""),
    # Handled by feedparser, but nothing they do reaches a mention's fields.
    **dict.fromkeys(_HARMLESS, ("leaf", "")),
    "media:content": ("inert", ""),
    "media:group": ("inert", ""),
}


def finish(text: str) -> str:
    """feedparser's last touch on every text value (mojibake repair, C1 mapping)."""
    if text.isascii():
        return text
    with contextlib.suppress(UnicodeError):  # most text is no mojibake
        text = text.encode("latin-1").decode("utf-8")
    return text.translate(_C1) if _HAS_C1.search(text) else text


def resolve(uri: str) -> str:
    """A URI as feedparser resolves it against an empty base: extra slashes after
    ``scheme://`` go."""
    return _SCHEME_SLASHES.sub(r"\1", uri)


def _unwrap_div(pieces: list[str]) -> list[str]:
    """feedparser drops a ``<div>`` that wraps all of an Atom xhtml value."""
    while len(pieces) > 1 and not pieces[-1].strip():
        pieces.pop()
    start = 0
    while len(pieces) - start > 1 and not pieces[start].strip():
        start += 1
    pieces = pieces[start:]
    if not pieces or pieces[-1] != "</div>":
        return pieces
    if not (pieces[0] == "<div>" or pieces[0].startswith("<div ")):
        return pieces
    open_tags = 0
    for piece in pieces[:-1]:
        if piece.startswith("</"):
            open_tags -= 1
            if open_tags == 0:
                return pieces  # the div closed before the end: it wraps only part
        elif piece.startswith("<") and not piece.endswith("/>"):
            open_tags += 1
    return pieces[1:-1]


Handler = Callable[[Element, int, str], None]


class EntryReader:
    """Reads entries of one document; also the feed-level text rules they share.

    ``title_depth`` is feedparser's memory of the depth of the last non-empty
    title; the feed walker reads and sets it too, because a feed title is
    kept or dropped by the same rule.
    """

    def __init__(self, names: Names, version: str) -> None:
        self._tag = names.tag
        self._attrs = names.attrs
        self._atom = version.startswith("atom")
        self._atom10 = version == "atom10"
        self.title_depth = -1
        self._handlers: dict[str, tuple[Handler, str]] = {}
        self._fields: dict[str, Any] = {}
        self._depths: dict[str, int] = {}
        self._dates: dict[str, str] = {}
        self._authored = False

    def read(self, item: Element, depth: int) -> dict[str, Any]:
        """The fields of the entry ``item`` (at ``depth``) that a mention reads."""
        attrs = self._attrs(item)
        if "lastmod" in attrs or "href" in attrs:
            raise UnsureError("entry attributes that feedparser turns into fields")
        fields: dict[str, Any] = {}
        self._fields = fields
        if attrs.get("rdf:about"):
            fields["id"] = attrs["rdf:about"]
        self._depths, self._dates = {}, {}
        self._authored = False
        self.title_depth = -1
        self._children(item, depth + 1)
        for key in _DATES:
            if key in self._dates:
                parsed = parse_date(self._dates[key])
                fields[key] = parsed
                if parsed:
                    break
        return fields

    def text(self, element: Element, default_type: str, plain_matters: bool) -> tuple[str, str]:
        """(value, content type) of a text construct, as feedparser's ``pop`` leaves it."""
        attrs = self._attrs(element)
        if attrs.get("mode") == "base64":
            raise UnsureError("base64 content")
        kind = attrs.get("type", default_type)
        kind = _SHORT_TYPES.get(kind, kind)
        if kind not in _TEXT_TYPES:
            raise UnsureError(f"content type {kind}")
        if len(element):
            if kind != XHTML:
                raise UnsureError("markup inside escaped content")  # feedparser switches type
            pieces = [html.escape(element.text, quote=False)] if element.text else []
            self._xhtml(element, pieces)
            value = "".join(_unwrap_div(pieces) if self._atom10 else pieces)
        elif kind == XHTML:
            value = html.escape(element.text or "", quote=False)
        else:
            value = element.text or ""
        value = value.strip()
        if plain_matters and kind == "text/plain" and not self._atom and _MAYBE_HTML.search(value):
            raise UnsureError("plain text that feedparser may call HTML")
        return finish(value), kind

    def _xhtml(self, parent: Element, pieces: list[str]) -> None:
        for child in parent:
            tag = self._tag(child.tag)
            if tag.startswith("xhtml:"):
                tag = tag[6:]
            if tag not in XHTML_TAGS:
                raise UnsureError(f"<{tag}> in xhtml content")
            if any(name[0] == "{" for name in child.attrib):
                raise UnsureError("namespaced attribute in xhtml content")
            attrs = []
            for key, value in self._attrs(child).items():
                quoted = html.escape(value, quote=False).replace('"', "&quot;")
                attrs.append(f' {key}="{quoted}"')
            pieces.append(f"<{tag}{''.join(attrs)}>")
            if child.text:
                pieces.append(html.escape(child.text, quote=False))
            self._xhtml(child, pieces)
            pieces.append(f"</{tag}>")
            if child.tail:
                pieces.append(html.escape(child.tail, quote=False))

    def _children(self, parent: Element, depth: int) -> None:
        for child in parent:
            try:
                handler, arg = self._handlers[child.tag]
            except KeyError:
                handler, arg = self._handlers[child.tag] = self._handler_for(self._tag(child.tag))
            handler(child, depth, arg)

    def _handler_for(self, tag: str) -> tuple[Handler, str]:
        kind, arg = KINDS.get(tag, ("", ""))
        if kind:
            return getattr(self, "_on_" + kind.replace(" ", "_")), arg
        key = tag.replace(":", "_", 1)  # feedparser's handler name and field name
        if key in RESERVED:
            raise UnsureError(f"<{tag}> would overwrite a field")
        if key in HANDLED:
            raise UnsureError(f"<{tag}> in an entry")
        return self._on_inert, ""

    def _store(self, key: str, value: str, depth: int) -> None:
        """feedparser keeps the value found least deep (the last of equals)."""
        old = self._depths.get(key)
        if old is None or depth <= old:
            self._depths[key] = depth
            self._fields[key] = value

    @staticmethod
    def _leaf_text(element: Element) -> str:
        if len(element):
            raise UnsureError(f"<{element.tag}> has children")
        return (element.text or "").strip()

    def claims_title(self, value: str, depth: int, *, remember: bool = True) -> bool:
        """feedparser's title rule: a title at ``depth`` replaces the kept one unless
        a non-empty title was seen at this depth or shallower; a non-empty one is
        remembered (``media:title`` is not). True when ``value`` is to be kept."""
        wins = not -1 < self.title_depth <= depth
        if value and remember:
            self.title_depth = depth
        return wins

    def _on_title(self, element: Element, depth: int, keep_depth: str) -> None:
        value, _ = self.text(element, "text/plain", False)
        if self.claims_title(value, depth, remember=not keep_depth):
            self._store("title", value, depth)

    def _on_description(self, element: Element, depth: int, _: str) -> None:
        self._summary(element, depth, "text/html")

    def _on_summary(self, element: Element, depth: int, _: str) -> None:
        self._summary(element, depth, "text/plain")

    def _summary(self, element: Element, depth: int, default_type: str) -> None:
        if "summary" in self._fields and "content" not in self._fields:
            self._on_content(element, depth, "text/plain")  # a second summary is content
            return
        value, kind = self.text(element, default_type, True)
        self._store("summary", value, depth)
        self._fields["summary_detail"] = {"type": kind, "value": value}

    def _on_content(self, element: Element, depth: int, default_type: str) -> None:
        value, kind = self.text(element, default_type, True)
        self._fields.setdefault("content", []).append({"type": kind, "value": value})
        self._fields.setdefault("summary", value)

    def _on_link(self, element: Element, depth: int, _: str) -> None:
        attrs = self._attrs(element)
        if "url" in attrs or "uri" in attrs:
            raise UnsureError("link with url/uri attributes")
        if "href" in attrs:
            if len(element):
                raise UnsureError("link with children")
            rel = attrs.get("rel", "alternate")
            kind = attrs.get("type", "application/atom+xml" if rel == "self" else "text/html")
            if rel == "alternate" and _SHORT_TYPES.get(kind, kind) in _HTML_TYPES:
                self._fields["link"] = resolve(attrs["href"])
            return
        value = finish(resolve(self._leaf_text(element)))
        self._fields["link"] = _AMP_NAME.sub(r"&\1", value.replace("&amp;", "&"))

    def _on_guid(self, element: Element, depth: int, _: str) -> None:
        is_link = self._attrs(element).get("ispermalink", "true") == "true"
        value = self._leaf_text(element)
        value = finish(resolve(value) if is_link else value)
        self._store("id", value, depth)
        if is_link:
            self._fields.setdefault("link", value)

    def _on_author(self, element: Element, depth: int, _: str) -> None:
        if self._authored:
            raise UnsureError("two authors")  # feedparser mixes their details
        self._authored = True
        for child in element:
            part = _AUTHOR_PARTS.get(self._tag(child.tag))
            if part is None:
                raise UnsureError(f"<{child.tag}> in an author")
            value = self._leaf_text(child)
            if part == "href":
                value = finish(resolve(value))
            self._fields.setdefault("author_detail", {})[part] = value
        own = (element.text or "") + "".join(child.tail or "" for child in element)
        self._store("author", finish(own.strip()), depth)
        self._sync_author(self._fields.get("author_detail", {}))

    def _sync_author(self, person: dict[str, str]) -> None:
        """feedparser's ``_sync_author_detail``: the name from the parts, or the
        parts from the name ("x@example.org (Name)")."""
        fields = self._fields
        if person:
            name, email = person.get("name"), person.get("email")
            if name or email:
                fields["author"] = f"{name} ({email})" if name and email else name or email
            return
        author = fields.get("author")
        if not author:
            return
        m = _EMAIL.search(author)
        email = m.group(0) if m else None
        if email:
            author = author.replace(email, "").replace("()", "").replace("<>", "")
            author = author.replace("&lt;&gt;", "").strip()
            author = author.removeprefix("(").removesuffix(")").strip()
        if author or email:
            fields.setdefault("author_detail", person)
        if author:
            person["name"] = author
        if email:
            person["email"] = email

    def _on_contributor(self, element: Element, depth: int, _: str) -> None:
        for child in element:
            if self._tag(child.tag) not in _AUTHOR_PARTS:
                raise UnsureError(f"<{child.tag}> in a contributor")
            self._leaf_text(child)

    def _on_date(self, element: Element, depth: int, key: str) -> None:
        self._dates[key] = finish(self._leaf_text(element))

    def _on_source(self, element: Element, depth: int, _: str) -> None:
        self._leaf_text(element)
        self.title_depth = -1

    def _on_leaf(self, element: Element, depth: int, _: str) -> None:
        self._leaf_text(element)

    def _on_inert(self, element: Element, depth: int, _: str) -> None:
        self._children(element, depth + 1)

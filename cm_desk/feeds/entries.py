"""Feed bytes → mentions: feedparser made safe and fast, and the shapes of the big sources.

Well-formed feeds are read by :mod:`cm_desk.feeds.fastparse`, which gives
feedparser's own fields at an eighth of its cost; whatever it is not sure of
(broken XML, odd encodings, constructs it does not know) goes to feedparser,
imported only then. Either way the entry is a mapping with feedparser's keys.

feedparser's loose parser still expands internal entities, so a "billion
laughs" DOCTYPE would eat memory: every DOCTYPE is cut out before parsing
(feeds have no business declaring entities; external ones are never
fetched). Its own sanitiser and relative-URI pass are turned off — half its
run time — because HTML is sanitised once, here, with nh3
(:mod:`cm_desk.domain.html_safe`), and bidi overrides are taken out of
titles, names and text.

Presets know their sources: Google Alerts wraps every link in a
``google.com/url?…&url=REAL`` redirect and bolds the matched words in titles;
Reddit, Hacker News (hnrss) and Mastodon put the author in their own places;
WordPress puts the post in ``content:encoded``. Identity of an entry: its
guid/id, else a digest of its canonical link and title, where the canonical
link drops tracking parameters, so an entry that comes back re-tagged or
re-dated is the same mention.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from cm_desk.domain.html_safe import neutralise_bidi, sanitize
from cm_desk.domain.models import NewMention, SourceKind
from cm_desk.domain.sentence import Sentence
from cm_desk.domain.text import detect_language, html_to_text
from cm_desk.feeds import fastparse

PRESETS = tuple(kind.value for kind in SourceKind)  # rss, google_alerts, reddit, …

_DOCTYPE = re.compile(rb"<!DOCTYPE(?:[^\[>]*\[.*?\]\s*>|[^>]*>)", re.IGNORECASE | re.DOTALL)
_ENTITY_DECL = re.compile(rb"<!ENTITY[^>]*>", re.IGNORECASE)
_TRACKING = re.compile(
    r"^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref|ref_src|ref_url|"
    r"spm|_hsenc|_hsmi|ncid|cmpid|s_cid|yclid|si)$",
    re.IGNORECASE,
)


def warm() -> None:
    """Nothing: run once in each parser process so this module (and the fast
    parser) is imported before the first feed arrives."""


class FeedError(Exception):
    """The bytes are not a feed we can read; the message says what they are."""


@dataclass(frozen=True)
class ParsedFeed:
    """A feed's title and its entries as mentions."""

    title: str
    mentions: list[NewMention]
    warning: str = ""  # parsed, but not cleanly (a broken feed we could still read)


def canonical_url(url: str) -> str:
    """``url`` without tracking parameters, fragment, default port or host case."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    if parts.scheme not in ("http", "https"):
        return url.strip()
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80)
        or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = [(k, v) for k, v in query if not _TRACKING.match(k)]
    return urlunsplit((parts.scheme, host, parts.path or "/", urlencode(kept), ""))


def unwrap_google(url: str) -> str:
    """The real article behind a Google Alerts ``google.com/url?…&url=`` link."""
    parts = urlsplit(url)
    if (parts.hostname or "").endswith("google.com") and parts.path == "/url":
        for key, value in parse_qsl(parts.query):
            if key in ("url", "q") and value.startswith(("http://", "https://")):
                return value
    return url


def defuse(body: bytes) -> bytes:
    """The feed without DOCTYPE and entity declarations (no expansion bombs, no
    external entities)."""
    head, tail = body[:65536], body[65536:]
    head = _DOCTYPE.sub(b"", head)
    head = _ENTITY_DECL.sub(b"", head)
    return head + tail


def _when(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                year, month, day, hour, minute, second = (int(v) for v in value[:6])
                return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
            except (TypeError, ValueError):
                continue
    return None


def _is_html(block: Mapping[str, Any]) -> bool:
    return "html" in str(block.get("type", "text/html"))


def _content(entry: Mapping[str, Any], rss: bool) -> tuple[str, str]:
    """(html, text) of an entry: ``content:encoded`` first, then the summary.

    In RSS (``rss``), plain-text "content" can only be a second description
    feedparser took for content: a ``media:description``, the alt text of an
    image attached to a Mastodon post. The item's own HTML description is the
    post, and wins over it.
    """
    detail = entry.get("summary_detail") or {}
    html_only = rss and bool(detail.get("value")) and _is_html(detail)
    for block in [*(entry.get("content") or []), detail]:
        if not block or not block.get("value") or (html_only and not _is_html(block)):
            continue
        value = str(block["value"])
        if _is_html(block):
            return sanitize(value), neutralise_bidi(html_to_text(value))
        value = neutralise_bidi(value)
        return "<p>" + html.escape(value) + "</p>", value  # plain text is text, not markup
    summary = str(entry.get("summary") or "")
    return (sanitize(summary), neutralise_bidi(html_to_text(summary))) if summary else ("", "")


def _author(entry: Mapping[str, Any], preset: str) -> tuple[str, str]:
    """(display name, handle or profile URL) of whoever wrote the entry."""
    detail = entry.get("author_detail") or {}
    name = str(detail.get("name") or entry.get("author") or "").strip()
    href = str(detail.get("href") or "").strip()
    if preset == "reddit":
        handle = name.removeprefix("/u/").removeprefix("u/")
        return handle, href or (f"https://www.reddit.com/user/{handle}" if handle else "")
    if preset == "mastodon" and not name:
        link = str(entry.get("link") or "")
        m = re.match(r"(https?://[^/]+)/@([^/]+)/", link)
        if m:
            return "@" + m.group(2), f"{m.group(1)}/@{m.group(2)}"
    if preset == "hackernews" and name:
        return name, href or f"https://news.ycombinator.com/user?id={name}"
    return name, href


def _network(preset: str, url: str) -> str:
    if preset != SourceKind.RSS.value:
        return preset
    host = (urlsplit(url).hostname or "").lower()
    for needle, network in (
        ("reddit.com", "reddit"),
        ("ycombinator.com", "hackernews"),
        ("hnrss.org", "hackernews"),
        ("google.com", "google_alerts"),
    ):
        if host.endswith(needle):
            return network
    return "web"


def detect_preset(feed_url: str) -> str:
    """The preset a feed URL looks like (``rss`` when it looks like nothing special)."""
    parts = urlsplit(feed_url)
    host = (parts.hostname or "").lower()
    if host.endswith("google.com") and parts.path.startswith("/alerts/feeds/"):
        return "google_alerts"
    if host.endswith("reddit.com"):
        return "reddit"
    if host.endswith("hnrss.org") or host.endswith("news.ycombinator.com"):
        return "hackernews"
    if re.search(r"/(tags/[^/]+|@[^/]+)\.rss$", parts.path):
        return "mastodon"
    if parts.path.rstrip("/").endswith("/feed"):
        return "blog"
    return SourceKind.RSS.value


def parse_feed(body: bytes, feed_url: str, preset: str = "rss", *, fast: bool = True) -> ParsedFeed:
    """Entries of a feed as mentions; raises :class:`FeedError` for what is no feed.

    ``fast=False`` reads with feedparser only: the reference the fast path is
    checked against.
    """
    if not body.strip():
        raise FeedError(Sentence("the server sent an empty answer"))
    safe = defuse(body)
    quick = fastparse.parse(safe) if fast else None
    entries: Sequence[Mapping[str, Any]]
    if quick is None:
        version, title, entries, warning = _read_with_feedparser(safe)
    else:
        version, title, entries, warning = quick.version, quick.title, quick.entries, ""
    if not entries and not version:
        head = body[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            raise FeedError(Sentence("the address gives a web page, not a feed"))
        raise FeedError(Sentence("this is not a feed (no RSS or Atom found)"))
    mentions = []
    rss = version.startswith("rss")
    for entry in entries:
        mention = _mention(entry, feed_url, preset, rss=rss)
        if mention is not None:
            mentions.append(mention)
    return ParsedFeed(html_to_text(title).strip(), mentions, warning)


def _read_with_feedparser(body: bytes) -> tuple[str, str, Sequence[Mapping[str, Any]], str]:
    """(version, title, entries, warning) by feedparser, for what the fast path declines."""
    import feedparser  # only here: most feeds never need it

    # A stream, not bytes: feedparser would try to open bytes as a file name first.
    parsed = feedparser.parse(
        io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False, response_headers={}
    )
    entries = parsed.get("entries") or []
    warning = ""
    if parsed.get("bozo") and entries:
        exc = parsed.get("bozo_exception")
        warning = Sentence(
            "the feed is not well-formed ({kind}); read what could be read",
            kind=type(exc).__name__,
        )
    title = str(parsed.get("feed", {}).get("title") or "")
    return str(parsed.get("version") or ""), title, entries, warning


def _mention(
    entry: Mapping[str, Any], feed_url: str, preset: str, *, rss: bool
) -> NewMention | None:
    link = str(entry.get("link") or "").strip()
    if preset == "google_alerts" or "google.com/url" in link:
        link = unwrap_google(link)
    link = canonical_url(link) if link else ""
    # Google bolds the keywords; a bidi override in a title would reverse what follows it.
    title = neutralise_bidi(html_to_text(str(entry.get("title") or ""))).strip()
    body_html, text = _content(entry, rss)
    if not (link or title or text.strip()):
        return None
    guid = str(entry.get("id") or "").strip()
    if not guid:
        guid = "sha:" + hashlib.sha256(f"{link}\n{title}".encode()).hexdigest()[:32]
    author, handle = (neutralise_bidi(v) for v in _author(entry, preset))
    published = _when(entry) or datetime.now(UTC)
    return NewMention(
        source_url=feed_url,
        url=link,
        guid=guid,
        title=title,
        author=author,
        author_handle=handle,
        network=_network(preset, link or feed_url),
        published=published,
        text=text.strip(),
        html=body_html,
        language=detect_language(f"{title}\n{text}"),
    )

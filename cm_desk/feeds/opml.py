"""OPML, the feed readers' exchange format: import a subscription list, export ours.

Import reads every ``outline`` with an ``xmlUrl`` (at any depth; folders are
only grouping), skips what is not http(s) or already monitored, and reports
both. The file is defused first like a feed (no DOCTYPE, no entities), so a
hostile OPML cannot expand or reach outside.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.sax.saxutils import quoteattr

from cm_desk.feeds.entries import defuse, detect_preset


class OpmlError(Exception):
    """The file is not OPML we can read."""


@dataclass(frozen=True)
class Outline:
    """One subscription: its address, title and (when it says) its preset."""

    url: str
    title: str
    preset: str


@dataclass
class OpmlImport:
    """What an import found."""

    feeds: list[Outline] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # not http(s), with the reason


def read_opml(data: bytes) -> OpmlImport:
    """The subscriptions in an OPML document."""
    try:
        root = ET.fromstring(defuse(data))
    except ET.ParseError as exc:
        raise OpmlError(f"not readable as OPML: {exc}") from None
    if root.tag.lower() != "opml":
        raise OpmlError(f"not an OPML file (its root element is <{root.tag}>)")
    found = OpmlImport()
    seen: set[str] = set()
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or "").strip()
        if not url:
            continue
        title = (node.get("title") or node.get("text") or "").strip()
        if not url.startswith(("http://", "https://")):
            found.skipped.append(f"{url} (not a web address)")
            continue
        if url in seen:
            continue
        seen.add(url)
        preset = (node.get("cmDeskPreset") or "").strip() or detect_preset(url)
        found.feeds.append(Outline(url, title, preset))
    return found


def write_opml(feeds: list[Outline], title: str = "cm-desk sources") -> bytes:
    """An OPML 2.0 document of ``feeds`` (the preset kept in ``cmDeskPreset``)."""
    now = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_text(title)}</title><dateCreated>{now}</dateCreated></head>",
        "  <body>",
    ]
    for f in feeds:
        lines.append(
            f'    <outline type="rss" text={quoteattr(f.title)} title={quoteattr(f.title)} '
            f"xmlUrl={quoteattr(f.url)} cmDeskPreset={quoteattr(f.preset)}/>"
        )
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""Random feeds built from real-world pieces: the fast path equals feedparser on all of them.

Each entry is a random choice and order of element snippets seen in real
feeds, including the awkward ones (two descriptions, a guid before the link,
titles nested in extension elements, mojibake, odd date zones). Also: the
date reader against feedparser's own date parser, and the handler names the
entry reader relies on against feedparser's classes.
"""

from __future__ import annotations

import feedparser.api
import pytest
from feedparser.datetimes import _parse_date
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cm_desk.feeds import fastentry, fastparse, feedns
from cm_desk.feeds.entries import defuse, parse_feed
from cm_desk.feeds.feeddates import UnsureDateError, parse_date
from tests.unit.test_feed_fastparse import assert_same

DATES = [
    "Sun, 22 Nov 2026 09:00:00 GMT",
    "Mon, 23 Nov 2026 10:30:00 +0100",
    "Mon, 23 Nov 26 10:30 EST",
    "23 Nov 2026 10:30:00 -03:30",
    "Mon, 23 Nov 2026 10:30:00 CEST",
    "2026-11-22T09:00:00Z",
    "2026-11-22T09:00:00+05:30",
    "2026-11-22T09:00+0145",
    "2026-11-22",
    "",
]
RSS_PIECES = [
    "<title>Plain title</title>",
    "<title><![CDATA[A <b>bold</b> title]]></title>",
    "<title>A &amp; B &lt;i&gt;</title>",
    "<title></title>",
    "<title>  Ideeën \u201cquoted\u201d  </title>",
    "<title>CafÃ© \u0085 \u0093x\u0094</title>",
    "<dc:title>DC title</dc:title>",
    "<media:title>Media title</media:title>",
    "<link>https://x.example/a</link>",
    "<link>https://x.example/b?x=1&amp;y=2&amp;amp;z=3</link>",
    "<link></link>",
    "<link>  http:///x.example/c </link>",
    '<atom:link href="https://x.example/alt" rel="alternate"/>',
    '<atom:link href="https://x.example/self" rel="self" type="application/rss+xml"/>',
    '<atom:link href="https://x.example/d"/>',
    "<guid>https://x.example/g1</guid>",
    '<guid isPermaLink="false">g2</guid>',
    '<guid isPermaLink="true">https://x.example/g3</guid>',
    "<guid></guid>",
    "<description>&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;</description>",
    "<description><![CDATA[<p>CDATA <b>html</b> هنا</p>]]></description>",
    "<description></description>",
    "<description>plain words only</description>",
    "<dc:description>dc description</dc:description>",
    "<content:encoded><![CDATA[<p>full text</p>]]></content:encoded>",
    "<content:encoded></content:encoded>",
    '<media:content url="https://m.example/1.png"><media:rating>nonadult</media:rating>'
    '<media:description type="plain">alt text</media:description></media:content>',
    '<media:content url="https://m.example/2.png"><media:title>mt</media:title>'
    "<media:description>media description</media:description></media:content>",
    '<media:thumbnail url="https://m.example/t.png"/>',
    '<media:group><media:content url="https://m.example/3.png"/></media:group>',
    "<author>jan@example.org (Jan)</author>",
    "<author>Name Only</author>",
    "<dc:creator>Joost</dc:creator>",
    "<dc:creator></dc:creator>",
    "<category>news</category>",
    '<category domain="https://c.example/">more</category>',
    "<comments>https://x.example/comments</comments>",
    '<enclosure url="https://x.example/a.mp3" length="1" type="audio/mpeg"/>',
    "<wfw:commentRss>https://x.example/feed</wfw:commentRss>",
    "<slash:comments>3</slash:comments>",
    '<source url="https://s.example/">Elsewhere</source>',
    '<foo:bar xmlns:foo="urn:foo">x</foo:bar>',
    '<foo:box xmlns:foo="urn:foo" a="1"><title>nested title</title><foo:y/></foo:box>',
    *(f"<pubDate>{d}</pubDate>" for d in DATES),
    *(f"<dc:date>{d}</dc:date>" for d in DATES[::3]),
]
ATOM_PIECES = [
    "<title>Plain</title>",
    '<title type="html">&lt;b&gt;Bold&lt;/b&gt; &amp;amp;</title>',
    '<title type="text">Text &lt;b&gt;</title>',
    '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X <b>Y</b></div></title>',
    "<title></title>",
    "<id>urn:uuid:1</id>",
    "<id>https://a.example/1</id>",
    "<id></id>",
    '<link href="https://a.example/alt"/>',
    '<link rel="alternate" type="text/html" href="https://a.example/alt2"/>',
    '<link rel="enclosure" href="https://a.example/a.mp3"/>',
    '<link rel="self" href="https://a.example/self"/>',
    '<link rel="alternate" type="application/json" href="https://a.example/j"/>',
    '<content type="html">&lt;p&gt;Content&lt;/p&gt;</content>',
    '<content type="text">Plain &lt;content&gt;</content>',
    "<content>untyped</content>",
    '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>X <i>h</i></p><br/></div>'
    "</content>",
    '<content type="xhtml"><p xmlns="http://www.w3.org/1999/xhtml">no div</p></content>',
    '<content type="html"></content>',
    "<summary>Summary</summary>",
    '<summary type="html">&lt;p&gt;Summary&lt;/p&gt;</summary>',
    "<author><name>Anna</name><uri>https://anna.example/</uri></author>",
    "<author><name>Bob</name><email>bob@example.org</email></author>",
    "<author><name/></author>",
    "<contributor><name>Cee</name></contributor>",
    '<category term="t" label="l"/>',
    '<media:thumbnail url="https://m.example/t.png"/>',
    *(f"<published>{d}</published>" for d in DATES),
    *(f"<updated>{d}</updated>" for d in DATES[::2]),
]
NS = (
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"'
)
FEED_TITLES = ["<title>Feed</title>", "<title></title>", "<title>A &amp;amp; B</title>", ""]


def _entries(pieces: list[str]) -> st.SearchStrategy[list[list[str]]]:
    return st.lists(st.lists(st.sampled_from(pieces), max_size=8), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    atom=st.booleans(),
    title=st.sampled_from(FEED_TITLES),
    rss_items=_entries(RSS_PIECES),
    atom_entries=_entries(ATOM_PIECES),
)
def test_random_feeds_read_the_same(
    atom: bool, title: str, rss_items: list[list[str]], atom_entries: list[list[str]]
) -> None:
    if atom:
        entries = "".join("<entry>" + "".join(e) + "</entry>" for e in atom_entries)
        body = f'<feed xmlns="http://www.w3.org/2005/Atom" {NS}>{title}{entries}</feed>'
    else:
        items = "".join("<item>" + "".join(e) + "</item>" for e in rss_items)
        body = (
            f'<rss version="2.0" {NS} xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f"{title}{items}</channel></rss>"
        )
    data = ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode()
    reference = parse_feed(data, "https://f.example/feed", fast=False)
    assert_same(parse_feed(data, "https://f.example/feed"), reference)


def test_random_pieces_mostly_take_the_fast_path() -> None:
    """The pieces above are common: each one alone must not make the fast path step aside."""
    for piece in RSS_PIECES:
        body = f'<rss version="2.0" {NS} xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        body += f"<item>{piece}</item></channel></rss>"
        assert fastparse.parse(defuse(body.encode())) is not None, piece
    for piece in ATOM_PIECES:
        body = f'<feed xmlns="http://www.w3.org/2005/Atom" {NS}><entry>{piece}</entry></feed>'
        assert fastparse.parse(defuse(body.encode())) is not None, piece


_DATE_PARTS = st.tuples(
    st.sampled_from(["", "Mon, ", "Sunday ", "Tue,  "]),
    st.integers(0, 32),
    st.sampled_from(["Jan", "feb", "MAR", "September", "Dec", "Foo"]),
    st.sampled_from(["2026", "26", "89", "90", "1899"]),
    st.sampled_from(["09:00", "9:05:07", "23:59:60", "24:00"]),
    st.sampled_from(
        ["GMT", "UT", "Z", "EST", "pdt", "MEST", "CEST", "+0100", "-03:30", "+05", "GMT+1", ""]
    ),
)
_W3C_PARTS = st.tuples(
    st.sampled_from(["2026", "1999", "0001"]),
    st.sampled_from(["-01", "-12", "-13", "-02"]),
    st.sampled_from(["-01", "-29", "-31", ""]),
    st.sampled_from(["", "T10:00", "t10:00:05", " 23:59:59.5", "T25:00"]),
    st.sampled_from(["", "Z", "z", "+01:00", "-0130", "+0145", "+01"]),
)


@settings(max_examples=500, deadline=None)
@given(rfc=_DATE_PARTS, w3c=_W3C_PARTS)
def test_dates_equal_feedparsers_or_are_refused(
    rfc: tuple[str, int, str, str, str, str], w3c: tuple[str, str, str, str, str]
) -> None:
    day_name, day, month, year, clock, zone = rfc
    for text in (f"{day_name}{day} {month} {year} {clock} {zone}".strip(), "".join(w3c)):
        try:
            mine = parse_date(text)
        except UnsureDateError:
            continue
        theirs = _parse_date(text)
        assert theirs is not None and tuple(mine or ())[:6] == tuple(theirs)[:6], text


def test_date_reader_refuses_what_it_does_not_know() -> None:
    for text in ("yesterday", "22/11/2026", "2026-11-22T09:00:00 GMT", "Nov 22 2026 09:00 GMT"):
        with pytest.raises(UnsureDateError):
            parse_date(text)
    assert parse_date("") is None
    assert tuple(parse_date("2026-11-22T09:00:00+01:00") or ())[:6] == (2026, 11, 22, 8, 0, 0)


def test_the_handler_lists_match_feedparser() -> None:
    """The entry reader's idea of which elements feedparser handles is feedparser's."""
    names = {
        name.split("_", 2)[2].lower()
        for name in dir(feedparser.api.StrictFeedParser)
        if name.startswith(("_start_", "_end_"))
    }
    assert names == feedns.HANDLED
    for tag in feedns.XHTML_TAGS:  # no end handler fires inside xhtml content
        assert tag not in names and f"xhtml_{tag}" not in names
    for tag in fastentry.KINDS:
        assert tag.replace(":", "_", 1) in names or fastentry.KINDS[tag][0] == "inert"

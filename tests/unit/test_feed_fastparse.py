"""The fast feed path gives exactly feedparser's mentions, or steps aside.

Every sample is read twice, by ``parse_feed`` (fast path first) and by
``parse_feed(fast=False)`` (feedparser only), and the results must be equal
field for field; ``published`` may differ only where the entry has no date
and both fall back to "now".
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cm_desk.feeds import fastparse
from cm_desk.feeds.entries import FeedError, ParsedFeed, defuse, parse_feed
from tests.unit.test_feed_entries import GOOGLE_ALERT, HN, MASTODON, REDDIT, WORDPRESS


def assert_same(fast: ParsedFeed, reference: ParsedFeed) -> None:
    """Equal feeds; undated entries get "now" on both sides, so only that may differ."""
    assert (fast.title, fast.warning) == (reference.title, reference.warning)
    assert len(fast.mentions) == len(reference.mentions)
    recent = datetime.now(UTC) - timedelta(minutes=5)
    for mine, theirs in zip(fast.mentions, reference.mentions, strict=True):
        if mine.published != theirs.published:
            assert mine.published > recent and theirs.published > recent
            mine = dataclasses.replace(mine, published=theirs.published)
        assert mine == theirs


def check(
    body: bytes, *, fast: bool = True, url: str = "https://f.example/feed", preset: str = "rss"
) -> ParsedFeed:
    """Both readings of ``body`` are equal; the fast path answered (or declined) as told."""
    assert (fastparse.parse(defuse(body)) is not None) is fast
    reference = parse_feed(body, url, preset, fast=False)
    result = parse_feed(body, url, preset)
    assert_same(result, reference)
    return result


def rss(items: str, *, head: str = "", channel: str = "<title>Feed</title>", ns: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0" {ns}><channel>'
        f"{channel}{items}</channel></rss>"
    ).encode()


def atom(entries: str, *, feed: str = "<title>Feed</title>", ns: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" {ns}>'
        f"{feed}{entries}</feed>"
    ).encode()


DC = 'xmlns:dc="http://purl.org/dc/elements/1.1/"'
MEDIA = 'xmlns:media="http://search.yahoo.com/mrss/"'


@pytest.mark.parametrize(
    ("body", "url", "preset"),
    [
        (GOOGLE_ALERT, "https://www.google.com/alerts/feeds/1/2", "google_alerts"),
        (REDDIT, "https://www.reddit.com/search.rss?q=acme", "reddit"),
        (HN, "https://hnrss.org/newest?q=acme", "hackernews"),
        (MASTODON, "https://social.example/tags/acme.rss", "mastodon"),
        (WORDPRESS, "https://blog.example.nl/feed/", "blog"),
    ],
)
def test_the_big_sources_take_the_fast_path_with_feedparsers_results(
    body: bytes, url: str, preset: str
) -> None:
    assert check(body, url=url, preset=preset).mentions


def test_atom_xhtml_text_and_html_constructs() -> None:
    xhtml = 'xmlns:x="http://www.w3.org/1999/xhtml"'
    feed = atom(
        '<entry><id>urn:1</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
        "Acme <b>down</b> &amp; out</div></title>"
        '<content type="xhtml"> <x:div class="post"><x:p>Hallo <x:a href="https://a.example/?a=1&amp;b=2">'
        'daar</x:a></x:p><x:br/><x:img src="https://a.example/i.png" alt="&quot;i&quot;"/>'
        "</x:div> </content>"
        '<summary type="text">Kort &lt;b&gt; samengevat</summary>'
        "<updated>2026-11-20T10:00:00+01:00</updated></entry>"
        '<entry><id>urn:2</id><title type="html">&lt;i&gt;Two&lt;/i&gt; &amp;amp; more</title>'
        '<summary type="html">&lt;p&gt;first&lt;/p&gt;</summary>'
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>a</p></div>'
        '<div xmlns="http://www.w3.org/1999/xhtml"><p>b</p></div></content>'
        "<published>2026-11-20T10:00:00Z</published></entry>"
        '<entry><id>urn:3</id><title type="text">Plain &lt;b&gt; title</title>'
        '<content type="text">De &lt;script&gt; tekst</content><summary>na de content</summary>'
        "<updated>2026-11-21</updated></entry>",
        ns=xhtml,
    )
    first, _, third = check(feed).mentions
    assert first.title == "Acme down & out" and "daar" in first.text
    assert "<script>" in third.text


def test_rss_1_0_rdf() -> None:
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel rdf:about="https://r.example/"><title>RDF &amp; co</title><link>https://r.example/</link>
<description>d</description><image rdf:resource="https://r.example/i.png"/>
<items><rdf:Seq><rdf:li rdf:resource="https://r.example/1"/><rdf:li rdf:resource="https://r.example/2"/>
</rdf:Seq></items></channel>
<image rdf:about="https://r.example/i.png"><title>Logo</title><url>https://r.example/i.png</url>
<link>https://r.example/</link></image>
<item rdf:about="https://r.example/1"><title>Een</title><link>https://r.example/1</link>
<description>Over &lt;b&gt;Acme&lt;/b&gt;</description><dc:creator>Sanne</dc:creator>
<dc:date>2026-11-20T10:00:00+01:00</dc:date></item>
<item rdf:about="https://r.example/2"><title>Twee</title><dc:date>2026-11-21T10:00:00Z</dc:date>
<content:encoded><![CDATA[<p>Alles over Acme</p>]]></content:encoded></item>
</rdf:RDF>"""
    one, two = check(body).mentions
    assert one.guid == "https://r.example/1" and one.author == "Sanne"
    assert two.url == "" and two.text == "Alles over Acme"


def test_cdata_entities_dutch_and_arabic() -> None:
    body = rss(
        "<item><title><![CDATA[Ideeën voor het café & de reünie]]></title>"
        "<link>https://n.example/a?x=1&amp;y=2</link>"
        "<description>&amp;lt;b&amp;gt;vet&amp;lt;/b&amp;gt; "
        "&lt;i&gt;schuin&lt;/i&gt;</description>"
        "<pubDate>Tue, 24 Nov 2026 07:00:00 +0100</pubDate></item>"
        "<item><title>لماذا تم إيقاف حسابي؟</title><guid>https://a.example/ar/1</guid>"
        "<description><![CDATA[<p>مستخدمو Acme يشتكون من البطء</p>]]></description>"
        "<pubDate>24 Nov 26 07:00 EST</pubDate></item>",
        channel="<title><![CDATA[Nieuws &amp; meer]]></title>",
    )
    nl, ar = check(body).mentions
    assert nl.title == "Ideeën voor het café & de reünie" and ar.language == "ar"
    assert ar.url == "https://a.example/ar/1"


@pytest.mark.parametrize("encoding", ["iso-8859-1", "windows-1252"])
def test_declared_single_byte_encodings(encoding: str) -> None:
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
        "<title>Café</title>"
        "<item><title>Reünie \u201cmet\u201d €uro</title><link>https://e.example/1</link>"
        "<description>Ideeën – en meer</description></item></channel></rss>"
    )
    body = text.encode("cp1252")  # the quotes and dash are C1 bytes under ISO-8859-1
    [m] = check(body).mentions
    assert m.title == "Reünie \u201cmet\u201d €uro"


def test_utf8_read_as_latin1_is_repaired_as_feedparser_does() -> None:
    [m] = check(
        rss("<item><title>CafÃ© rÃ©union</title><link>https://e.example/2</link></item>")
    ).mentions
    assert m.title == "Café réunion"


def test_missing_dates_ids_and_links() -> None:
    body = rss(
        "<item><title>Only a title</title></item>"
        "<item><description>Only text</description></item>"
        '<item><guid isPermaLink="false">id-3</guid><title>No link</title></item>'
        "<item></item>"
    )
    assert len(check(body).mentions) == 3
    assert check(atom("<entry><title>Bare</title></entry>")).mentions[0].url == ""


def test_links_and_guids_win_in_feedparsers_order() -> None:
    check(
        atom(
            '<entry><id>https://i.example/1</id><link rel="enclosure" href="https://i.example/a.mp3"/>'
            '<link rel="self" href="https://i.example/self"/>'
            "<title>ids are links until one comes</title></entry>"
            '<entry><link href="https://i.example/first"/><link rel="alternate" type="text/html" '
            'href="https://i.example/second"/><link rel="related" href="https://i.example/rel"/>'
            "<id>tag:x,2026:2</id><title>two alternates</title></entry>"
            '<entry><link rel="alternate" type="application/json" href="https://i.example/j"/>'
            '<link href="http:////i.example/slashes"/><title>types</title></entry>'
        )
    )
    check(
        rss(
            "<item><guid>https://g.example/1</guid><link>https://g.example/link</link></item>"
            "<item><link>https://g.example/2</link><guid>https://g.example/guid</guid></item>"
            '<item><guid isPermaLink="False">https://g.example/3</guid><title>x</title></item>'
            "<item><link>https://g.example/4?a=1&amp;amp;b=2&amp;c;</link></item>"
        )
    )


def test_authors_in_all_their_forms() -> None:
    body = rss(
        "<item><title>a</title><author>jan@example.org (Jan Jansen)</author></item>"
        "<item><title>b</title><author>Piet &lt;piet@example.org&gt;</author></item>"
        "<item><title>c</title><author>kees@example.org</author></item>"
        "<item><title>d</title><dc:creator>  Fatima  </dc:creator></item>"
        "<item><title>e</title><author>Just A Name</author></item>",
        ns=DC,
    )
    names = [m.author for m in check(body).mentions]
    assert names == ["Jan Jansen", "Piet", "kees@example.org", "Fatima", "Just A Name"]
    check(
        atom(
            "<entry><title>a</title><author><name>Anna</name><email>anna@example.org</email>"
            "<uri>https://anna.example/</uri></author></entry>"
            "<entry><title>b</title><author><email>e@example.org</email></author></entry>"
            "<entry><title>c</title><author><name/></author><contributor><name>Bob</name>"
            "</contributor></entry>"
        )
    )


def test_namespaces_under_any_prefix() -> None:
    renamed = (
        b'<?xml version="1.0"?><rss version="2.0" xmlns:d="http://purl.org/dc/elements/1.1/" '
        b'xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:a="http://www.w3.org/2005/Atom">'
        b"<channel><a:title>Feed</a:title><item><title>t</title><d:creator>Ed</d:creator>"
        b'<c:encoded>&lt;p&gt;full&lt;/p&gt;</c:encoded><a:link href="https://p.example/1"/>'
        b"<d:date>2026-11-20T10:00:00Z</d:date></item></channel></rss>"
    )
    [m] = check(renamed).mentions
    assert (m.author, m.text, m.url) == ("Ed", "full", "https://p.example/1")
    prefixed_atom = (
        b'<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>F</a:title><a:entry>'
        b'<a:title>t</a:title><a:link href="https://p.example/2"/></a:entry></a:feed>'
    )
    check(prefixed_atom)
    # One prefix for two namespaces: feedparser's reading depends on declaration order.
    check(
        rss('<item><x:a xmlns:x="urn:one">1</x:a><x:b xmlns:x="urn:two">2</x:b></item>'), fast=False
    )


def test_feedparser_is_imported_only_for_what_the_fast_path_declines() -> None:
    script = (
        "import sys\n"
        "from cm_desk.feeds.entries import parse_feed\n"
        "from tests.unit.test_feed_entries import WORDPRESS\n"
        "parse_feed(WORDPRESS, 'https://blog.example.nl/feed/', 'blog')\n"
        "assert 'feedparser' not in sys.modules\n"
        "parse_feed(b'<rss version=\"2.0\"><channel><item><title>a & b</title>', 'u')\n"
        "assert 'feedparser' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).parents[2])


def test_a_body_that_names_a_local_file_is_not_read_from_disk(tmp_path: Path) -> None:
    local = tmp_path / "feed.xml"
    local.write_bytes(rss("<item><title>local secret</title></item>"))
    with pytest.raises(FeedError, match="not a feed"):  # feedparser.parse(bytes) opens paths
        parse_feed(str(local).encode(), "https://f.example/feed")


def test_extension_shapes_of_real_feeds() -> None:
    """WordPress.com, Blogger and YouTube add elements and attributes of their own."""
    wordpress_com = rss(
        '<item><title>t</title><link>https://w.example/1</link><post-id xmlns="com-wordpress:'
        'feed-additions:1">42</post-id><dc:creator>Ed</dc:creator></item>',
        channel='<title>W</title><site xmlns="com-wordpress:feed-additions:1">7</site>',
        ns=f'{DC} xmlns:atom="http://www.w3.org/2005/Atom"',
    )
    check(wordpress_com)
    blogger = atom(
        "<entry><id>tag:blogger.com,1999:blog-1.post-2</id><published>2026-11-20T10:00:00.001"
        '+01:00</published><title type="text">Post</title><content type="html">&lt;p&gt;x'
        '&lt;/p&gt;</content><link rel="replies" type="application/atom+xml" href="https://b.'
        'example/c" thr:count="3"/><link rel="alternate" type="text/html" href="https://b.'
        'example/p" title="Post"/><author><name>B</name><gd:image rel="x" src="i"/></author>'
        "<thr:total>3</thr:total></entry>",
        ns='xmlns:thr="http://purl.org/syndication/thread/1.0" '
        'xmlns:gd="http://schemas.google.com/g/2005"',
    )
    check(blogger, fast=False)  # an unknown element inside <author>
    check(blogger.replace(b'<gd:image rel="x" src="i"/>', b""))
    youtube = atom(
        "<entry><id>yt:video:abc</id><yt:videoId>abc</yt:videoId><title>Video</title>"
        '<link rel="alternate" href="https://y.example/watch?v=abc"/><author><name>Chan</name>'
        "<uri>https://y.example/c</uri></author><published>2026-11-20T10:00:00+00:00</published>"
        '<media:group><media:title>Video</media:title><media:content url="u" type="application/'
        'x-shockwave-flash"/><media:thumbnail url="t"/><media:description>About Acme'
        '</media:description><media:community><media:starRating count="3"/></media:community>'
        "</media:group></entry>",
        ns=f'{MEDIA} xmlns:yt="http://www.youtube.com/xml/schemas/2015"',
    )
    [video] = check(youtube).mentions
    assert video.text == "About Acme"


@pytest.mark.parametrize(
    "date",
    [
        "Sun, 22 Nov 2026 09:00:00 GMT",
        "Sun, 22 Nov 2026 09:00:00 EST",
        "Sun, 22 Nov 2026 09:00:00 PDT",
        "22 Nov 2026 09:00 +0530",
        "Sunday, 22 November 2026 09:00:00 -03:30",
        "Sun, 22 Nov 26 09:00:00 Z",
        "Sun, 22 Nov 2026 09:00:00 CEST",
        "2026-11-22T09:00:00Z",
        "2026-11-22T09:00:00.123-05:00",
        "2026-11-22T09:00+0130",
        "2026-11-22 09:00:00",
        "2026-11-22",
    ],
)
def test_dates_read_as_feedparser_reads_them(date: str) -> None:
    check(rss(f"<item><title>t</title><pubDate>{date}</pubDate></item>"))
    check(rss(f"<item><title>t</title><dc:date>{date}</dc:date></item>", ns=DC))
    check(atom(f"<entry><title>t</title><updated>{date}</updated></entry>"))


def test_which_date_counts() -> None:
    check(
        atom(
            "<entry><title>a</title><updated>2026-11-22T09:00:00Z</updated>"
            "<published>2026-11-20T09:00:00Z</published></entry>"
            "<entry><title>b</title><published></published><updated>2026-11-21T09:00:00Z</updated></entry>"
        )
    )
    # Only the date that is used must be readable here.
    check(
        rss(
            "<item><title>c</title><pubDate>Sun, 22 Nov 2026 09:00:00 GMT</pubDate>"
            "<dc:date>22/11/2026</dc:date></item>",
            ns=DC,
        )
    )


def test_summary_content_and_media_descriptions() -> None:
    check(
        atom(
            "<entry><title>s+c</title><summary>teaser</summary>"
            '<content type="html">&lt;p&gt;full&lt;/p&gt;'
            "</content></entry>"
            '<entry><title>c+s</title><content type="html">&lt;p&gt;full&lt;/p&gt;</content>'
            "<summary>later teaser</summary></entry>"
            '<entry><title>empty content</title><content type="html"></content>'
            "<summary>s</summary></entry>"
        )
    )
    mastodon = rss(
        "<item><guid>https://m.example/@a/1</guid><description>&lt;p&gt;post&lt;/p&gt;</description>"
        '<media:content url="https://m.example/1.png" type="image/png" medium="image">'
        '<media:rating scheme="urn:simple">nonadult</media:rating>'
        '<media:description type="plain">alt text</media:description></media:content></item>'
        '<item><title>x</title><media:title>media title</media:title><media:thumbnail url="u"/>'
        "<description>d</description><description>second</description></item>",
        ns=MEDIA,
    )
    post, _ = check(mastodon).mentions
    # feedparser reads the image's alt text (a second description) as content;
    # the post is the item's own HTML description, and is what is kept.
    assert post.text == "post"


def test_feed_titles() -> None:
    check(
        rss(
            "",
            channel="<image><title>Logo</title><url>u</url></image>"
            '<title type="html">A &amp;amp; B</title>',
        )
    )
    check(rss("", channel="<title></title><title>Second</title>"))
    check(rss("<item><title>t</title></item>", channel="<description>no title</description>"))
    check(
        atom(
            "",
            feed='<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
            "X <b>Y</b></div></title>",
        )
    )


@pytest.mark.parametrize(
    "body",
    [
        # Not well-formed: feedparser's loose parser reads it, with a warning.
        b'<rss version="2.0"><channel><title>t</title><item><title>a & b</title></item></channel>',
        b"<rss version='2.0'><channel><item><title>unclosed</title></channel></rss>",
        # Not a feed we know.
        b"<html><head><title>Welcome</title></head><body><p>hi</p></body></html>",
        b'<?xml version="1.0"?><opml version="2.0"><head/><body/></opml>',
        b'<feed xmlns="http://purl.org/atom/ns#" version="0.3"><title>old</title></feed>',
        # Declarations, bases, odd encodings, whitespace before the declaration.
        # (defuse() strips declarations from the first 64 KiB only)
        b'<?xml version="1.0"?><!--' + b"x" * 70_000 + b'--><!DOCTYPE rss><rss version="2.0"/>',
        b'<rss version="2.0" xml:base="https://b.example/"><channel><title>t</title></channel></rss>',
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        b"<title>caf\xe9</title></channel></rss>",
        b'<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel/></rss>',
        b'  <?xml version="1.0"?><rss version="2.0"><channel/></rss>',
        # Constructs feedparser handles in ways not reproduced here.
        rss(
            '<item><title>geo</title><georss:point xmlns:georss="http://www.georss.org/georss">'
            "1 2</georss:point></item>"
        ),
        rss("<item><title>a</title><author>x</author><dc:creator>y</dc:creator></item>", ns=DC),
        rss("<item><title>t</title><summary>plain &amp;amp; html-ish</summary></item>"),
        rss("<item><title>t</title><pubDate>yesterday</pubDate></item>"),
        rss("<item><title>t</title><description>d<b>bold</b></description></item>"),
        atom("<entry><title>t</title><source><title>elsewhere</title></source></entry>"),
    ],
)
def test_the_fast_path_steps_aside_where_it_cannot_be_sure(body: bytes) -> None:
    assert fastparse.parse(defuse(body)) is None
    try:
        reference = parse_feed(body, "https://f.example/feed", fast=False)
    except Exception as exc:  # whatever feedparser's path raises, the fast path must too
        with pytest.raises(type(exc)):
            parse_feed(body, "https://f.example/feed")
        return
    assert_same(parse_feed(body, "https://f.example/feed"), reference)

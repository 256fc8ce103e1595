"""Feed bytes → mentions: presets, identity, canonical links, hostile XML."""

from __future__ import annotations

import time

import pytest

from cm_desk.feeds.entries import (
    FeedError,
    canonical_url,
    defuse,
    detect_preset,
    parse_feed,
    unwrap_google,
)
from cm_desk.feeds.fetch import retry_after_seconds

GOOGLE_ALERT = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Google Alert - acme</title>
<entry><id>tag:google.com,2013:googlealerts/feed:1</id>
<title type="html">Waarom &lt;b&gt;Acme&lt;/b&gt; klanten boos zijn</title>
<link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://blog.example.nl/acme%3Futm_source%3Dga&amp;ct=ga"/>
<published>2026-11-20T10:00:00Z</published>
<content type="html">De &lt;b&gt;Acme&lt;/b&gt; app crasht sinds de update.</content></entry>
<entry><id>tag:google.com,2013:googlealerts/feed:2</id>
<title type="html">لماذا &lt;b&gt;Acme&lt;/b&gt; بطيء</title>
<link href="https://www.google.com/url?rct=j&amp;url=https://news.example.ae/acme"/>
<published>2026-11-21T08:00:00Z</published>
<content type="html">مستخدمو &lt;b&gt;Acme&lt;/b&gt; يشتكون من البطء</content></entry>
</feed>""".encode()

REDDIT = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>acme : search</title>
<entry><author><name>/u/grumpy_dev</name><uri>https://www.reddit.com/user/grumpy_dev</uri></author>
<content type="html">&lt;p&gt;Acme lost my data again&lt;/p&gt;</content>
<id>t3_abc123</id><link href="https://www.reddit.com/r/acme/comments/abc123/lost_data/"/>
<updated>2026-11-22T12:00:00+00:00</updated><title>Acme lost my data</title></entry></feed>"""

HN = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Hacker News: acme</title>
<item><title>Show HN: An Acme alternative</title>
<description><![CDATA[<p>Article URL: https://alt.example/</p>]]></description>
<pubDate>Sun, 22 Nov 2026 09:00:00 +0000</pubDate>
<link>https://alt.example/?ref=hn</link><dc:creator>pg_fan</dc:creator>
<comments>https://news.ycombinator.com/item?id=42</comments>
<guid isPermaLink="false">https://news.ycombinator.com/item?id=42</guid></item></channel></rss>"""

MASTODON = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
<title>#acme</title><item><guid isPermaLink="true">https://social.example/@anna/1131</guid>
<link>https://social.example/@anna/1131</link><pubDate>Mon, 23 Nov 2026 10:00:00 +0000</pubDate>
<description>&lt;p&gt;Dank je &lt;a href="https://social.example/tags/acme"&gt;#acme&lt;/a&gt;,
het werkt weer!&lt;/p&gt;</description></item></channel></rss>"""

WORDPRESS = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
xmlns:content="http://purl.org/rss/1.0/modules/content/"
xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Een blog</title>
<item><title>Mijn ervaring met Acme</title><link>https://blog.example.nl/2026/acme/</link>
<dc:creator>Joost</dc:creator><pubDate>Tue, 24 Nov 2026 07:00:00 +0000</pubDate>
<description>Kort...</description>
<content:encoded><![CDATA[<p>De <strong>volledige</strong> tekst over Acme.</p><img src="https://tracker.example/p.gif">]]></content:encoded>
</item></channel></rss>"""


def test_google_alerts_links_are_unwrapped_and_titles_plain() -> None:
    feed = parse_feed(GOOGLE_ALERT, "https://www.google.com/alerts/feeds/1/2", "google_alerts")
    nl, ar = feed.mentions
    assert nl.url == "https://blog.example.nl/acme"  # unwrapped, tracking dropped
    assert nl.title == "Waarom Acme klanten boos zijn"
    assert nl.text == "De Acme app crasht sinds de update."
    assert (nl.language, nl.network) == ("nl", "google_alerts")
    assert ar.title == "لماذا Acme بطيء" and ar.language == "ar"
    assert nl.published.isoformat() == "2026-11-20T10:00:00+00:00"


def test_reddit_hn_mastodon_and_wordpress_authors_and_content() -> None:
    [r] = parse_feed(REDDIT, "https://www.reddit.com/search.rss?q=acme", "reddit").mentions
    assert (r.author, r.author_handle) == ("grumpy_dev", "https://www.reddit.com/user/grumpy_dev")
    assert r.text == "Acme lost my data again" and r.guid == "t3_abc123"
    [h] = parse_feed(HN, "https://hnrss.org/newest?q=acme", "hackernews").mentions
    assert h.author == "pg_fan" and h.url == "https://alt.example/"
    assert h.network == "hackernews"
    [m] = parse_feed(MASTODON, "https://social.example/tags/acme.rss", "mastodon").mentions
    assert (m.author, m.author_handle) == ("@anna", "https://social.example/@anna")
    assert "het werkt weer" in m.text and m.language == "nl"
    [w] = parse_feed(WORDPRESS, "https://blog.example.nl/feed/", "blog").mentions
    assert w.text == "De volledige tekst over Acme."  # content:encoded, not the teaser
    assert "tracker.example" in w.html  # kept raw here; sanitised when stored or shown
    assert w.author == "Joost"


def test_an_entry_without_id_is_known_by_link_and_title_whatever_its_tracking_or_date() -> None:
    def feed(link: str, date: str) -> bytes:
        return (
            '<rss version="2.0"><channel><title>t</title><item><title>Acme down?</title>'
            f"<link>{link}</link><pubDate>{date}</pubDate></item></channel></rss>"
        ).encode()

    a = parse_feed(feed("https://x.example/p?id=1", "Mon, 23 Nov 2026 10:00:00 +0000"), "u")
    b = parse_feed(
        feed("https://X.example/p?utm_medium=rss&amp;id=1#top", "Tue, 24 Nov 2026 10:00:00 +0000"),
        "u",
    )
    assert a.mentions[0].guid == b.mentions[0].guid
    assert a.mentions[0].url == b.mentions[0].url == "https://x.example/p?id=1"


def test_plain_text_content_is_escaped_not_trusted() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>1</id>'
        b'<title>x</title><content type="text">&lt;script&gt;alert(1)&lt;/script&gt;</content>'
        b"</entry></feed>"
    )
    [m] = parse_feed(body, "u").mentions
    assert m.text == "<script>alert(1)</script>"
    assert "<script>" not in m.html and "&lt;script&gt;" in m.html


def test_entity_bombs_and_external_entities_are_never_expanded() -> None:
    levels = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{levels}]>'
        '<rss version="2.0"><channel><title>&l9;</title><item><title>a &l9;</title>'
        "<link>http://a.example/1</link></item></channel></rss>"
    ).encode()
    started = time.monotonic()
    [m] = parse_feed(bomb, "u").mentions
    assert time.monotonic() - started < 2 and len(m.title) < 100
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>t</title><item><title>a &x; b</title>'
        b"<link>http://a.example/2</link></item></channel></rss>"
    )
    [x] = parse_feed(xxe, "u").mentions
    assert "root:" not in x.title + x.text
    assert b"DOCTYPE" not in defuse(xxe)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<!DOCTYPE html><html><body>Welcome</body></html>", "web page, not a feed"),
        (b"{not: xml", "not a feed"),
        (b"   ", "empty answer"),
    ],
)
def test_what_is_no_feed_says_so(body: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(body, "u")


def test_broken_but_readable_feed_is_read_with_a_warning() -> None:
    broken = b'<rss version="2.0"><channel><title>t</title><item><title>a & b</title>'
    broken += b"<link>http://a.example/3</link></item></channel>"  # & and no </rss>
    feed = parse_feed(broken, "u")
    assert [m.url for m in feed.mentions] == ["http://a.example/3"] and feed.warning


def test_helpers() -> None:
    assert canonical_url("HTTPS://Example.COM:443/a?utm_source=x&id=3&fbclid=9#f") == (
        "https://example.com/a?id=3"
    )
    assert unwrap_google("https://www.google.com/url?q=https://a.example/x&sa=U") == (
        "https://a.example/x"
    )
    assert detect_preset("https://www.google.com/alerts/feeds/0123/4567") == "google_alerts"
    assert detect_preset("https://www.reddit.com/r/acme/.rss") == "reddit"
    assert detect_preset("https://hnrss.org/newest?q=acme") == "hackernews"
    assert detect_preset("https://mastodon.social/tags/acme.rss") == "mastodon"
    assert detect_preset("https://mastodon.social/@acme.rss") == "mastodon"
    assert detect_preset("https://blog.example.nl/feed/") == "blog"
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("soon") is None


def test_entry_html_is_sanitised_and_names_lose_bidi_overrides() -> None:
    from cm_desk.feeds.entries import parse_feed

    feed = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>Bill \xe2\x80\xaegnp.exe</title><link>https://b.example/1</link>"
        b"<author>x@example.org (Eve \xe2\x80\xaeevil)</author>"
        b"<description><![CDATA[<p onmouseover='x()'>Hi<script>steal()</script>"
        b"<img src='https://t.example/p.gif' onerror='x()'></p>]]></description>"
        b"</item></channel></rss>"
    )
    [m] = parse_feed(feed, "https://b.example/feed").mentions
    assert m.html == '<p>Hi<img src="https://t.example/p.gif"></p>'
    assert m.text == "Hi"
    assert "\u202e" not in m.title + m.author


def test_a_mastodon_post_with_an_image_keeps_its_text_not_the_alt_text() -> None:
    feed = MASTODON.replace(
        b"</description></item>",
        b'</description><media:content url="https://social.example/1.png" type="image/png">'
        b'<media:description type="plain">a cat on a keyboard</media:description>'
        b"</media:content></item>",
    ).replace(
        b'<rss version="2.0">', b'<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">'
    )
    for fast in (True, False):
        (post,) = parse_feed(
            feed, "https://social.example/tags/acme.rss", "mastodon", fast=fast
        ).mentions
        assert "het werkt weer" in post.text and "cat" not in post.text

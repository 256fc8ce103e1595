"""OPML import and export: nested folders, odd entries, hostile files, round trip."""

from __future__ import annotations

import pytest

from cm_desk.feeds.opml import OpmlError, Outline, read_opml, write_opml

SUBSCRIPTIONS = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Thunderbird</title></head><body>
<outline text="Merk">
  <outline text="Google Alert - acme" type="rss"
     xmlUrl="https://www.google.com/alerts/feeds/0123/4567"/>
  <outline title="r/acme" type="rss" xmlUrl="https://www.reddit.com/r/acme/.rss"/>
</outline>
<outline text="Blog &amp; nieuws" xmlUrl="https://blog.example.nl/feed/"/>
<outline text="dubbel" xmlUrl="https://blog.example.nl/feed/"/>
<outline text="lokaal" xmlUrl="file:///etc/passwd"/>
<outline text="folder only"/>
</body></opml>"""


def test_import_reads_nested_outlines_and_names_what_it_skips() -> None:
    found = read_opml(SUBSCRIPTIONS)
    assert [(f.url, f.title, f.preset) for f in found.feeds] == [
        ("https://www.google.com/alerts/feeds/0123/4567", "Google Alert - acme", "google_alerts"),
        ("https://www.reddit.com/r/acme/.rss", "r/acme", "reddit"),
        ("https://blog.example.nl/feed/", "Blog & nieuws", "blog"),
    ]
    assert found.skipped == ["file:///etc/passwd (not a web address)"]


def test_export_then_import_round_trips_with_presets() -> None:
    feeds = [
        Outline("https://x.example/a.rss?x=1&y=2", 'Quotes "and" <tags>', "rss"),
        Outline("https://social.example/tags/acme.rss", "مرصد", "mastodon"),
    ]
    assert read_opml(write_opml(feeds)).feeds == feeds


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><body>no</body></html>", "not an OPML file"),
        (b"<opml><body><outline", "not readable"),
    ],
)
def test_what_is_no_opml_says_so(data: bytes, message: str) -> None:
    with pytest.raises(OpmlError, match=message):
        read_opml(data)


def test_entities_are_never_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<opml version="2.0"><body><outline text="x" xmlUrl="https://a.example/f"/></body></opml>'
    )
    assert [f.url for f in read_opml(bomb).feeds] == ["https://a.example/f"]

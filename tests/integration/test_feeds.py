"""Feed refresh against a real HTTP server on loopback: conditional GETs, no
duplicates, redirects, and every hostile server bounded while the others update."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cm_desk.feeds.fetch import FetchLimits
from cm_desk.feeds.refresh import refresh
from cm_desk.feeds.sources import add_source, list_sources
from cm_desk.store.engine import Store, open_store
from cm_desk.workspace import Workspace
from tests.integration.feed_server import FeedServer, Item, closed_port, rss2

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _items(prefix: str, n: int, *, guid: str = "", tracking: str = "utm_source=rss") -> list[Item]:
    return [
        Item(
            title=f"{prefix} post {i} over Acme",
            link=f"https://blog.example/{prefix}/{i}?{tracking}",
            guid=f"{guid}{prefix}-{i}",
            summary=f"Iemand schrijft over Acme ({i}).",
            published=datetime(2026, 11, 23, 10, i % 60, tzinfo=UTC),
        )
        for i in range(n)
    ]


def _cli(home: str) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``cm-desk --home HOME …`` as a subprocess."""

    def cm(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cm_desk", "--home", home, *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    return cm


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    with FeedServer() as srv:
        yield srv


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(Workspace(tmp_path / "ws"))
    yield s
    s.close()


def _mentions(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(
            conn.exec_driver_sql("SELECT count(*) FROM items WHERE kind='mention'").scalar() or 0
        )


def test_second_refresh_is_conditional_and_nothing_is_duplicated(
    server: FeedServer, store: Store
) -> None:
    server.feed("/a.rss", rss2(_items("a", 5)))
    server.feed("/b.rss", rss2(_items("b", 3)), weak_etag=True)
    server.feed("/c.rss", rss2(_items("c", 2)), etag=None)  # Last-Modified only
    for path in ("/a.rss", "/b.rss", "/c.rss"):
        add_source(store, server.url(path))
    first = refresh(store, now=T0)
    assert [r.added for r in first] == [5, 3, 2]
    for n in range(1, 4):
        again = refresh(store, now=T0 + timedelta(hours=n), force=True)
        assert [r.status for r in again] == ["not_modified"] * 3
    for path in ("/a.rss", "/b.rss", "/c.rss"):
        assert server.count(path) == 4 and server.conditional_count(path) == 3
    assert _mentions(store) == 10
    # A changed feed adds only its new entries.
    server.feed("/a.rss", rss2(_items("a", 7)))
    [a, b, c] = refresh(store, now=T0 + timedelta(hours=5), force=True)
    assert (a.status, a.added, a.seen_elsewhere) == ("ok", 2, 5)
    assert (b.status, c.status) == ("not_modified", "not_modified")
    assert _mentions(store) == 12


def test_the_same_article_through_two_alerts_is_one_mention(
    server: FeedServer, store: Store
) -> None:
    server.feed("/one.rss", rss2(_items("x", 2)))
    server.feed("/two.rss", rss2(_items("x", 2, guid="other-", tracking="utm_medium=alert")))
    add_source(store, server.url("/one.rss"), name="one")
    add_source(store, server.url("/two.rss"), name="two")
    refresh(store, now=T0)
    assert _mentions(store) == 2
    assert sorted(v.mentions for v in list_sources(store)) == [2, 2]


def test_permanent_redirect_updates_the_source(server: FeedServer, store: Store) -> None:
    server.feed("/new.rss", rss2(_items("r", 1)))
    server.redirect("/old.rss", "/new.rss", status=301)
    add_source(store, server.url("/old.rss"))
    [r] = refresh(store, now=T0)
    assert r.moved_to == server.url("/new.rss") and r.added == 1
    assert list_sources(store)[0].url == server.url("/new.rss")


def test_hostile_servers_are_bounded_and_the_others_still_update(
    server: FeedServer, store: Store
) -> None:
    server.feed("/good.rss", rss2(_items("g", 2)))
    server.trickle("/trickle.rss", rss2(_items("t", 50)), bytes_per_second=1)
    server.hang("/hang.rss")
    server.huge("/huge.rss", size=100 * 1024 * 1024)
    server.huge("/bomb.rss", size=100 * 1024 * 1024, gzip=True)
    server.redirect("/loop-a", "/loop-b")
    server.redirect("/loop-b", "/loop-a")
    server.status("/busy.rss", 429, headers={"Retry-After": "3600"})
    page = b"<!DOCTYPE html><html><body>Shop</body></html>"
    server.feed("/page.html", page, content_type="text/html")
    server.feed("/broken.rss", b"<rss><channel><title>x</title><item><title>a &")
    paths = [
        "/good.rss",
        "/trickle.rss",
        "/hang.rss",
        "/huge.rss",
        "/bomb.rss",
        "/loop-a",
        "/busy.rss",
        "/page.html",
        "/broken.rss",
    ]
    for path in paths:
        add_source(store, server.url(path), name=path.strip("/"))
    add_source(store, f"http://127.0.0.1:{closed_port()}/refused.rss", name="refused")
    limits = FetchLimits(deadline=3.0, read_timeout=2.0, max_bytes=2 * 1024 * 1024)
    started = time.monotonic()
    results = {r.name: r for r in refresh(store, limits=limits, now=T0)}
    assert time.monotonic() - started < 10
    assert results["good.rss"].added == 2
    expect = {
        "trickle.rss": "within 3 s",
        "hang.rss": "stopped answering",
        "huge.rss": "larger than 2 MB",
        "bomb.rss": "larger than 2 MB",
        "loop-a": "in a loop",
        "busy.rss": "busy (429), and asks us to wait 3600 s",
        "page.html": "web page, not a feed",
        "refused": "refused the connection",
    }
    for name, words in expect.items():
        assert results[name].status == "error" and words in results[name].error, results[name]
    assert results["broken.rss"].status in ("ok", "error")
    busy = next(v for v in list_sources(store) if v.name == "busy.rss")
    assert busy.next_fetch_at is not None and busy.next_fetch_at >= T0 + timedelta(hours=1)
    # Nothing stored is lost by a failing refresh.
    server.feed("/good.rss", b"<html>oops</html>", content_type="text/html")
    refresh(store, limits=limits, now=T0 + timedelta(hours=2), force=True)
    assert _mentions(store) >= 2


def test_tls_errors_are_named(store: Store) -> None:
    with FeedServer(tls=True) as tls:
        tls.feed("/s.rss", rss2(_items("s", 1)))
        add_source(store, tls.url("/s.rss"))
        [r] = refresh(store, now=T0)
    assert r.status == "error" and "certificate" in r.error and "not trusted" in r.error


def test_cli_source_and_refresh(server: FeedServer, tmp_path: Path) -> None:
    server.feed("/a.rss", rss2(_items("cli", 3)))
    home = str(tmp_path / "cli")

    cm = _cli(home)

    assert cm("source", "add", server.url("/a.rss"), "--name", "Blog").returncode == 0
    dup = cm("source", "add", server.url("/a.rss"))
    assert dup.returncode == 1 and "already monitored" in dup.stderr
    bad = cm("source", "add", "ftp://nope")
    assert bad.returncode == 1 and "not a web address" in bad.stderr
    done = cm("feeds", "refresh")
    assert done.returncode == 0 and "Blog: 3 new" in done.stdout
    listed = json.loads(cm("source", "list", "--json").stdout)
    assert listed[0]["mentions"] == 3 and listed[0]["last_status"] == "ok"
    assert "1 sources checked" in cm("feeds", "refresh", "--all").stdout
    removed = cm("source", "remove", "Blog")
    assert removed.returncode == 0 and "3 mentions stay" in removed.stdout
    assert cm("search", "--count", "Acme").stdout.strip() == "3"


PRESET_OF = {
    "google_alerts": "google_alerts",
    "reddit": "reddit",
    "hacker_news": "hackernews",
    "mastodon": "mastodon",
    "wordpress": "blog",
}


def test_every_preset_sample_in_every_language_parses() -> None:
    from cm_desk.feeds.entries import parse_feed
    from tests.integration.feed_server import BRAND, preset_samples

    seen = set()
    for (name, lang), body in preset_samples(BRAND).items():
        preset = next((p for k, p in PRESET_OF.items() if name.startswith(k)), "rss")
        feed = parse_feed(body, f"https://feeds.example/{name}/{lang}", preset)
        assert len(feed.mentions) == 3 and not feed.warning, (name, lang)
        for m in feed.mentions:
            assert (m.title or m.text) and m.url.startswith("http"), (name, lang, m)
            assert "google.com/url" not in m.url and "<b>" not in m.title
            if preset in ("reddit", "hackernews", "mastodon", "blog"):
                assert m.author, (name, lang, m)
        # Short posts ("A screenshot") may be too short to tell; most are not.
        assert sum(m.language == lang for m in feed.mentions) >= 2, (name, lang)
        seen.add((preset, lang))
    assert {p for p, _ in seen} >= set(PRESET_OF.values())
    assert {lang for _, lang in seen} == {"en", "nl", "ar"}


def test_cli_opml_import_and_export(tmp_path: Path) -> None:
    home = str(tmp_path / "opml")
    opml = tmp_path / "subs.opml"
    opml.write_bytes(
        b'<opml version="2.0"><body><outline text="Alerts">'
        b'<outline text="A" xmlUrl="https://hnrss.org/newest?q=acme"/>'
        b'<outline text="B" xmlUrl="https://mastodon.example/tags/acme.rss"/>'
        b"</outline></body></opml>"
    )

    cm = _cli(home)

    first = cm("source", "import", str(opml))
    assert first.returncode == 0 and "2 sources added, 0 already monitored" in first.stdout
    assert "0 sources added, 2 already monitored" in cm("source", "import", str(opml)).stdout
    listed = json.loads(cm("source", "list", "--json").stdout)
    assert sorted(v["preset"] for v in listed) == ["hackernews", "mastodon"]
    exported = cm("source", "export").stdout
    assert 'xmlUrl="https://hnrss.org/newest?q=acme"' in exported
    missing = cm("source", "import", str(tmp_path / "nope.opml"))
    assert missing.returncode == 1 and "cannot read" in missing.stderr


def test_a_big_refresh_parses_in_worker_processes_and_reuses_connections(
    server: FeedServer, store: Store
) -> None:
    langs = {"en": "post about Acme", "nl": "bericht over Acme", "ar": "منشور عن أكمي"}
    for n in range(12):
        lang = list(langs)[n % 3]
        items = [
            Item(
                title=f"{langs[lang]} {n}-{i}",
                link=f"https://{lang}.example/{n}/{i}",
                guid=f"{lang}-{n}-{i}",
                summary=langs[lang],
                published=datetime(2026, 11, 23, 10, i, tzinfo=UTC),
            )
            for i in range(20)
        ]
        server.feed(f"/f{n}.rss", rss2(items))
        add_source(store, server.url(f"/f{n}.rss"), name=f"f{n}")
    first = refresh(store, now=T0)
    assert [r.status for r in first] == ["ok"] * 12 and sum(r.added for r in first) == 240
    assert _mentions(store) == 240
    before = server.connections
    again = refresh(store, now=T0 + timedelta(hours=1), force=True)
    assert {r.status for r in again} == {"not_modified"}
    # 12 conditional GETs over at most 9 connections: a host gets 6 new ones
    # before it has answered; then each answer hands its connection (a 304
    # leaves it open) to the next request and lets one more new one open.
    assert server.connections - before <= 9
    assert _mentions(store) == 240


def test_a_paused_source_is_not_fetched_until_resumed(server: FeedServer, tmp_path: Path) -> None:
    server.feed("/p.rss", rss2(_items("paused", 2)))
    cm = _cli(str(tmp_path / "ws"))
    assert cm("source", "add", server.url("/p.rss"), "--name", "P").returncode == 0
    paused = cm("source", "pause", "P")
    assert paused.returncode == 0 and "paused" in paused.stdout
    assert "0 sources checked" in cm("feeds", "refresh", "--all").stdout
    assert server.requests == []
    assert "paused" in cm("source", "list").stdout
    assert cm("source", "resume", "P").returncode == 0
    assert "P: 2 new" in cm("feeds", "refresh").stdout  # due at once, no --all needed
    bad = cm("source", "pause", "nope")
    assert bad.returncode == 1 and "no source 'nope'" in bad.stderr

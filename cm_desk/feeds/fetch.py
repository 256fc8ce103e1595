"""Fetching feeds: one async HTTP client, bounded everywhere, polite to servers.

Every fetch is a conditional GET when we hold validators (ETag, weak ones
too, and Last-Modified, kept from the very first answer), so an unchanged
feed costs a 304 and no body. Redirects are followed by hand: at most
``max_redirects``, loops caught, and a chain of permanent ones (301/308)
reported so the source's URL can be updated. Limits that a hostile or broken
server cannot get around:

* an overall deadline per fetch — httpx's timeouts are per operation, so a
  server trickling one byte a second would otherwise never time out;
* a size cap counted on the *decompressed* bytes as they stream, so a small
  gzip bomb stops at the cap instead of filling memory;
* concurrency bounded globally and per host; each host starts with a few
  connections and earns more with every good answer (a burst of connects
  would overflow a small server's accept queue and cost a 1 s SYN retry),
  and halves them when it answers 429/503.

Every failure becomes a :class:`FetchResult` with ``error`` a sentence a
person understands; nothing here raises for a bad server.
"""

from __future__ import annotations

import asyncio
import dataclasses
import email.utils
import ssl
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx

from cm_desk.domain.sentence import Sentence, sentence_of

USER_AGENT = "cm-desk/0.1 (community monitoring; +https://example.org/cm-desk)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)
_REDIRECTS = (301, 302, 303, 307, 308)
_PERMANENT = (301, 308)

Status = Literal["ok", "not_modified", "error"]


@dataclass(frozen=True)
class FetchLimits:
    """How long, how much and how many at once."""

    deadline: float = 30.0  # seconds for a whole fetch, redirects and body included
    connect_timeout: float = 10.0
    read_timeout: float = 10.0  # between two reads
    max_bytes: int = 10 * 1024 * 1024  # decompressed
    max_redirects: int = 5
    concurrency: int = 32
    per_host: int = 24  # the most a host earns; a 429/503 halves it
    per_host_start: int = 6  # new connections a host gets before it has answered


@dataclass(frozen=True)
class FetchRequest:
    """One feed to fetch, with the validators of its last answer."""

    source_id: int
    url: str
    etag: str = ""
    last_modified: str = ""


@dataclass(frozen=True)
class FetchResult:
    """What came of one fetch."""

    source_id: int
    url: str  # the address the answer came from (after redirects)
    status: Status
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    moved_to: str = ""  # permanent redirects only: the source's new address
    error: str = ""
    retry_after: float | None = None  # seconds the server asked us to wait
    http_status: int | None = None
    seconds: float = 0.0
    headers: dict[str, str] = field(default_factory=dict, repr=False)


OnResult = Callable[[int, FetchResult], None]


class _Failed(Exception):
    def __init__(self, message: str, retry_after: float | None = None, code: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.code = code


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """A Retry-After header (seconds, or an HTTP date) as seconds from now."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _describe(exc: BaseException, url: str) -> str:
    """A sentence for a transport failure (never the full traceback)."""
    host = _host(url) or url
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return Sentence(
                "the certificate of {host} is not trusted ({why})",
                host=host,
                why=cause.verify_message,
            )
        if isinstance(cause, ssl.SSLError):
            return Sentence(
                "TLS with {host} failed ({why})",
                host=host,
                why=cause.reason or type(cause).__name__,
            )
        if isinstance(cause, ConnectionRefusedError):
            return Sentence("{host} refused the connection (server down or wrong port)", host=host)
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.ConnectTimeout):
        return Sentence("{host} did not accept a connection in time", host=host)
    if isinstance(exc, httpx.TimeoutException):
        return Sentence("{host} stopped answering", host=host)
    if isinstance(exc, httpx.ConnectError):
        text = str(exc).lower()
        if "name or service" in text or "getaddrinfo" in text or "nodename" in text:
            return Sentence("cannot find {host} (DNS lookup failed)", host=host)
        return Sentence("cannot connect to {host}", host=host)
    if isinstance(exc, httpx.RemoteProtocolError):
        return Sentence("{host} broke off its answer", host=host)
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return Sentence("not a web address we can fetch: {url}", url=url)
    if isinstance(exc, httpx.HTTPError):
        return Sentence("network error with {host}", host=host)
    return Sentence(
        "unexpected failure fetching from {host}: {kind}", host=host, kind=type(exc).__name__
    )


class HostGate:
    """Requests in flight to one host: a slow start, more per good answer, half on 429/503.

    A request beyond the connections the host has already answered on needs a
    new one; at most ``start`` such requests wait for a first answer at once.
    A host is never sent a burst of new connections: a small server's listen
    queue (Python's default is 5) drops the surplus, and the client's SYN is
    only retried a second later.
    """

    def __init__(self, start: int, ceiling: int) -> None:
        self.ceiling = max(1, ceiling)
        self.limit = max(1, min(start, self.ceiling))
        self.opening_cap = self.limit
        self.active = 0
        self.proven = 0  # connections the host has answered on (kept alive)
        self.reusing = 0  # requests in flight on a proven connection
        self.opening = 0  # requests in flight on a connection not yet proven
        self._waiters: deque[asyncio.Future[bool]] = deque()  # first come, first in

    def _may_enter(self) -> bool:
        if self.active >= self.limit:
            return False
        return self.reusing < self.proven or self.opening < self.opening_cap

    def _admit(self) -> bool:
        opens = self.reusing >= self.proven
        self.active += 1
        if opens:
            self.opening += 1
        else:
            self.reusing += 1
        return opens

    async def enter(self) -> bool:
        """Wait for a slot; ``True`` when this request will open a new connection."""
        if not self._waiters and self._may_enter():
            return self._admit()
        waiter: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():  # admitted, then cancelled
                self.leave(waiter.result(), None)
            raise

    def leave(self, opened: bool, code: int | None) -> None:
        """Adjust to how the host answered (``None``: it did not answer at all).

        Only the waiters that may now enter are woken, not all of them: with
        hundreds of feeds on one host, waking everyone on every answer cost
        more CPU than the requests themselves.
        """
        if code in (429, 503):
            self.limit = max(1, self.limit // 2)
        elif code is not None and code < 500:
            self.limit = min(self.ceiling, self.limit + 1)
        if opened:
            self.opening -= 1
            if code is not None:
                self.proven = min(self.ceiling, self.proven + 1)
        else:
            self.reusing -= 1
        self.active -= 1
        while self._waiters and self._may_enter():
            waiter = self._waiters.popleft()
            if not waiter.done():  # else it was cancelled while waiting
                waiter.set_result(self._admit())


class Fetcher:
    """Fetches many feeds concurrently with one client; use ``async with``."""

    def __init__(self, limits: FetchLimits | None = None, *, verify: ssl.SSLContext | bool = True):
        self.limits = limits or FetchLimits()
        timeout = httpx.Timeout(
            connect=self.limits.connect_timeout,
            read=self.limits.read_timeout,
            write=self.limits.read_timeout,
            pool=self.limits.deadline,
        )
        self._client = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            verify=verify,
            limits=httpx.Limits(
                max_connections=self.limits.concurrency,
                max_keepalive_connections=self.limits.concurrency,
            ),
            headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
        )
        self._all = asyncio.Semaphore(self.limits.concurrency)
        self._hosts: dict[str, HostGate] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def fetch_all(
        self, requests: Sequence[FetchRequest], on_result: OnResult | None = None
    ) -> list[FetchResult]:
        """Results in the order of ``requests``; one failing never stops the others.

        ``on_result(index, result)`` is called as each one arrives, so the
        caller can parse and store while the rest are still on the way.
        """

        async def one(index: int, request: FetchRequest) -> FetchResult:
            result = await self.fetch(request)
            if on_result is not None:
                on_result(index, result)
            return result

        return list(await asyncio.gather(*(one(i, r) for i, r in enumerate(requests))))

    async def fetch(self, request: FetchRequest) -> FetchResult:
        """One feed, within the deadline, never raising for what a server does."""
        host = _host(request.url)
        gate = self._hosts.get(host)
        if gate is None:
            gate = self._hosts[host] = HostGate(self.limits.per_host_start, self.limits.per_host)
        started = time.monotonic()
        opened = await gate.enter()
        code: int | None = None
        try:
            async with self._all:
                result = await self._attempt(request)
            code = result.http_status
        finally:  # cancelled, too: the slot and the opening are given back
            gate.leave(opened, code)
        return dataclasses.replace(result, seconds=round(time.monotonic() - started, 3))

    async def _attempt(self, request: FetchRequest) -> FetchResult:
        try:
            # A timeout scope, not wait_for: no extra task per feed.
            async with asyncio.timeout(self.limits.deadline):
                return await self._get(request)
        except TimeoutError:
            return FetchResult(
                request.source_id,
                request.url,
                "error",
                error=Sentence(
                    "no complete answer within {seconds} s "
                    "(the server is too slow or keeps the connection open)",
                    seconds=f"{self.limits.deadline:.0f}",
                ),
            )
        except _Failed as exc:
            return FetchResult(
                request.source_id,
                request.url,
                "error",
                error=sentence_of(exc),
                retry_after=exc.retry_after,
                http_status=exc.code,
            )
        except (httpx.HTTPError, OSError, ssl.SSLError) as exc:
            return FetchResult(
                request.source_id, request.url, "error", error=_describe(exc, request.url)
            )

    async def _get(self, request: FetchRequest) -> FetchResult:
        url = request.url
        seen = {url}
        all_permanent = True
        for hop in range(self.limits.max_redirects + 1):
            headers = {"Accept-Encoding": "gzip, deflate"}
            if hop == 0:  # validators belong to the address that gave them
                if request.etag:
                    headers["If-None-Match"] = request.etag
                if request.last_modified:
                    headers["If-Modified-Since"] = request.last_modified
            async with self._client.stream("GET", url, headers=headers) as resp:
                code = resp.status_code
                if code in _REDIRECTS:
                    target = resp.headers.get("location", "").strip()
                    if not target:
                        raise _Failed(
                            Sentence(
                                "the server redirected ({code}) without saying where", code=code
                            )
                        )
                    nxt = urljoin(url, target)
                    if nxt in seen:
                        raise _Failed(Sentence("the server redirects in a loop"))
                    seen.add(nxt)
                    all_permanent = all_permanent and code in _PERMANENT
                    url = nxt
                    continue
                moved = url if all_permanent and url != request.url else ""
                if code == 304:
                    # A 304 has no body; reading its (empty) end hands the
                    # connection back for the next feed instead of closing it.
                    await resp.aread()
                    return FetchResult(
                        request.source_id,
                        url,
                        "not_modified",
                        etag=resp.headers.get("etag", request.etag),
                        last_modified=resp.headers.get("last-modified", request.last_modified),
                        moved_to=moved,
                        http_status=code,
                    )
                if code in (429, 503):
                    wait = retry_after_seconds(resp.headers.get("retry-after"))
                    busy = (
                        Sentence("the server is busy ({code})", code=code)
                        if wait is None
                        else Sentence(
                            "the server is busy ({code}), and asks us to wait {seconds} s",
                            code=code,
                            seconds=f"{wait:.0f}",
                        )
                    )
                    raise _Failed(busy, wait, code)
                if code >= 400:
                    reason = resp.reason_phrase or "error"
                    said = Sentence("the server answered {code} {reason}", code=code, reason=reason)
                    raise _Failed(said, None, code)
                body = await self._read_capped(resp)
                return FetchResult(
                    request.source_id,
                    url,
                    "ok",
                    body=body,
                    content_type=resp.headers.get("content-type", ""),
                    etag=resp.headers.get("etag", ""),
                    last_modified=resp.headers.get("last-modified", ""),
                    moved_to=moved,
                    http_status=code,
                    headers=dict(resp.headers),
                )
        raise _Failed(Sentence("more than {n} redirects", n=self.limits.max_redirects))

    async def _read_capped(self, resp: httpx.Response) -> bytes:
        """The decompressed body, refused as soon as it passes the cap."""
        cap = self.limits.max_bytes
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and "content-encoding" not in resp.headers and int(declared) > cap:
            raise _Failed(Sentence("the feed is larger than {mb} MB", mb=cap // (1024 * 1024)))
        parts: list[bytes] = []
        total = 0
        async for chunk in resp.aiter_bytes():  # decoded: counts what gzip inflates to
            total += len(chunk)
            if total > cap:
                raise _Failed(Sentence("the feed is larger than {mb} MB", mb=cap // (1024 * 1024)))
            parts.append(chunk)
        return b"".join(parts)


def fetch_all(
    requests: Sequence[FetchRequest],
    limits: FetchLimits | None = None,
    *,
    verify: ssl.SSLContext | bool = True,
    on_result: OnResult | None = None,
) -> list[FetchResult]:
    """Fetch ``requests`` from synchronous code (the CLI, a worker thread)."""

    async def run() -> list[FetchResult]:
        async with Fetcher(limits, verify=verify) as fetcher:
            return await fetcher.fetch_all(requests, on_result)

    return asyncio.run(run())

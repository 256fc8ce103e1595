"""A small IMAP4rev1 client for sync: pipelined commands, literals read in C.

Why not :mod:`imaplib`: it sends one command at a time, parses every
response line with regular expressions in Python, and has no notion of
CONDSTORE/QRESYNC responses (``VANISHED``, ``MODSEQ``). Sync needs several
``UID FETCH`` commands in flight, and bodies read straight from the socket's
buffered reader. Everything else (login failures, TLS) reuses
:mod:`cm_desk.mail.connect` so errors read the same as ``account test``.

Only complete responses leave this module: a connection cut inside a literal
raises :class:`ImapConnectionLost`, never a short body.
"""

from __future__ import annotations

import base64
import contextlib
import io
import re
import socket
import ssl
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import cast

from cm_desk.domain.sentence import Sentence
from cm_desk.mail.connect import TIMEOUT, ConnectionProblem, Endpoint, classify, tls_context

MAX_LINE = 1 << 20  # a response line longer than this is not a server we can talk to

_LITERAL = re.compile(rb"\{(\d+)\+?\}\r\n$")
_TOKEN = re.compile(
    rb'\s*(?:(?P<open>\()|(?P<close>\))|"(?P<q>(?:[^"\\]|\\.)*)"'
    rb"|(?P<atom>[^\s()\"\[\]]+(?:\[[^\]]*\](?:<\d+>)?)?)|(?P<bracket>\[[^\]]*\]))"
)
_CODE = re.compile(rb"^(?:\*|[A-Za-z0-9.]+) (?:OK|NO|BAD|PREAUTH|BYE) \[([^\]]*)\]")


# What the server was doing when it went quiet (named in the timeout's sentence).
_ANSWERING = Sentence("answering")
_MID_MESSAGE = Sentence("sending in the middle of a message")


class ImapError(Exception):
    """The server answered a command with NO or BAD."""


class ImapConnectionLost(ConnectionProblem):
    """The connection ended in the middle of a response."""

    def __init__(
        self,
        message: str = "the connection to the IMAP server was cut (nothing half-read was kept)",
    ) -> None:
        super().__init__("network", message)


class Literal(bytes):
    """A literal string from a response (a body, usually)."""


Token = bytes | Literal | list["Token"] | None


@dataclass(slots=True)
class Response:
    """One server response: ``tag`` is ``*``, ``+`` or a command tag."""

    tag: str
    parts: list[bytes]  # line segments; literals in between, in order

    @property
    def first_line(self) -> bytes:
        return self.parts[0]

    @property
    def literals(self) -> list[bytes]:
        return self.parts[1::2]

    def words(self, n: int) -> list[bytes]:
        """The first ``n`` space-separated words of the first line."""
        return self.parts[0].split(b" ", n)[:n]

    def code(self) -> tuple[str, bytes] | None:
        """The bracketed response code (``UIDVALIDITY 3``) of an OK/NO/BAD/BYE."""
        m = _CODE.match(self.parts[0])
        if not m:
            return None
        name, _, value = m.group(1).partition(b" ")
        return name.decode("ascii", "replace").upper(), value

    def text(self) -> str:
        return b"".join(self.parts[::2]).decode("utf-8", "replace").strip()


def tokens(resp: Response, start: int = 0) -> list[Token]:
    """The parsed tokens of a response (lists for parentheses, literals as bytes)."""
    stack: list[list[Token]] = [[]]
    for index, part in enumerate(resp.parts):
        if index % 2:
            stack[-1].append(Literal(part))
            continue
        seg = part
        if index + 1 < len(resp.parts):
            seg = _LITERAL.sub(b"", seg)
        pos = start if index == 0 else 0
        end = len(seg.rstrip(b"\r\n"))
        while pos < end:
            m = _TOKEN.match(seg, pos)
            if m is None or m.end() == pos:
                pos += 1  # a stray byte a lenient reader skips
                continue
            pos = m.end()
            kind = m.lastgroup
            if kind == "open":
                stack.append([])
            elif kind == "close":
                if len(stack) > 1:
                    done = stack.pop()
                    stack[-1].append(done)
            elif kind == "q":
                stack[-1].append(re.sub(rb"\\(.)", rb"\1", m.group("q")))
            else:
                value = m.group(kind or "atom")
                stack[-1].append(None if value == b"NIL" else value)
    while len(stack) > 1:
        done = stack.pop()
        stack[-1].append(done)
    return stack[0]


def parse_set(text: bytes | str) -> list[int]:
    """The UIDs of a sequence set such as ``1:3,7`` (``*`` is not allowed here)."""
    raw = text.decode("ascii") if isinstance(text, bytes) else text
    out: list[int] = []
    for piece in raw.split(","):
        if not piece:
            continue
        lo, _, hi = piece.partition(":")
        a = int(lo)
        b = int(hi) if hi else a
        if a > b:
            a, b = b, a
        out.extend(range(a, b + 1))
    return out


def compact_set(uids: Iterable[int]) -> str:
    """The shortest sequence set for ``uids``: ``1:3,7``."""
    ordered = sorted(set(uids))
    if not ordered:
        return ""
    pieces = []
    start = prev = ordered[0]
    for uid in ordered[1:]:
        if uid == prev + 1:
            prev = uid
            continue
        pieces.append(f"{start}:{prev}" if prev > start else str(start))
        start = prev = uid
    pieces.append(f"{start}:{prev}" if prev > start else str(start))
    return ",".join(pieces)


def quote(value: str) -> bytes:
    """An IMAP quoted string (or a literal-free error for CR/LF, which never belong)."""
    if "\r" in value or "\n" in value or "\0" in value:
        raise ValueError("IMAP strings cannot contain line breaks")
    return b'"' + value.replace("\\", "\\\\").replace('"', '\\"').encode("utf-8") + b'"'


def mailbox_name(name: str) -> bytes:
    """A mailbox name on the wire (modified UTF-7 for non-ASCII, RFC 3501 5.1.3)."""
    if all(32 <= ord(c) < 127 for c in name):
        return quote(name.replace("&", "&-"))
    out: list[str] = []
    run: list[str] = []
    for ch in name:
        if 32 <= ord(ch) < 127:
            if run:
                b64 = base64.b64encode("".join(run).encode("utf-16-be")).rstrip(b"=")
                out.append("&" + b64.decode().replace("/", ",") + "-")
                run = []
            out.append("&-" if ch == "&" else ch)
        else:
            run.append(ch)
    if run:
        b64 = base64.b64encode("".join(run).encode("utf-16-be")).rstrip(b"=")
        out.append("&" + b64.decode().replace("/", ",") + "-")
    return quote("".join(out))


def decode_mailbox_name(raw: bytes) -> str:
    """The readable form of a modified UTF-7 mailbox name."""
    text = raw.decode("ascii", "replace")

    def one(m: re.Match[str]) -> str:
        inner = m.group(1)
        if not inner:
            return "&"
        data = inner.replace(",", "/")
        data += "=" * (-len(data) % 4)
        try:
            return base64.b64decode(data).decode("utf-16-be")
        except ValueError:
            return m.group(0)

    return re.sub(r"&([^-]*)-", one, text)


@dataclass(slots=True)
class FetchRecord:
    """One ``* n FETCH (...)`` response, the attributes sync cares about."""

    seq: int
    uid: int | None = None
    flags: frozenset[str] | None = None
    modseq: int | None = None
    size: int | None = None
    body: bytes | None = None
    header: bytes | None = None


def fetch_record(resp: Response) -> FetchRecord | None:
    """The FETCH data of an untagged response, or None when it is something else."""
    head = resp.words(3)
    if len(head) < 3 or head[0] != b"*" or not head[2].upper().startswith(b"FETCH"):
        return None
    toks = tokens(resp)
    if len(toks) < 4 or not isinstance(toks[3], list):
        return None
    rec = FetchRecord(int(head[1]))
    attrs = toks[3]
    for i in range(0, len(attrs) - 1, 2):
        key, value = attrs[i], attrs[i + 1]
        if not isinstance(key, bytes):
            continue
        name = key.upper()
        if name == b"UID" and isinstance(value, bytes):
            rec.uid = int(value)
        elif name == b"FLAGS" and isinstance(value, list):
            rec.flags = frozenset(
                v.decode("utf-8", "replace") for v in value if isinstance(v, bytes)
            )
        elif name == b"MODSEQ" and isinstance(value, list) and value:
            first = value[0]
            rec.modseq = int(first) if isinstance(first, bytes) else None
        elif name == b"RFC822.SIZE" and isinstance(value, bytes):
            rec.size = int(value)
        elif name.startswith(b"BODY[HEADER"):
            rec.header = bytes(value) if isinstance(value, bytes) else b""
        elif name == b"BODY[]":
            rec.body = bytes(value) if isinstance(value, bytes) else b""
    return rec


@dataclass
class Selected:
    """What SELECT (with CONDSTORE/QRESYNC) told us about a mailbox."""

    name: str
    uidvalidity: int = 0
    uidnext: int = 0
    exists: int = 0
    highestmodseq: int | None = None
    vanished: list[int] = field(default_factory=list)
    changed: list[FetchRecord] = field(default_factory=list)


class ImapClient:
    """One IMAP connection. Not thread-safe: one thread drives it."""

    def __init__(self, sock: socket.socket, where: Endpoint) -> None:
        self.where = where
        self._sock = sock
        self._reader = sock.makefile("rb", buffering=1 << 16)
        self._counter = 0
        self.capabilities: set[str] = set()
        self.selected: str | None = None  # the mailbox SELECT/EXAMINE opened last
        self.uidnext: dict[str, int] = {}  # the last UIDNEXT seen, by mailbox

    # -- connection ----------------------------------------------------------
    @classmethod
    def connect(cls, where: Endpoint, timeout: float = TIMEOUT) -> ImapClient:
        """Connect and read the greeting; STARTTLS when ``where`` asks for it."""
        sock: socket.socket | None = None
        try:
            sock = socket.create_connection((where.host, where.port), timeout=timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if where.security == "tls":
                sock = tls_context(where.cafile).wrap_socket(sock, server_hostname=where.host)
            client = cls(sock, where)
            greeting = client.read()
            if greeting.first_line.upper().startswith(b"* BYE"):
                raise ConnectionProblem(
                    "refused",
                    Sentence("{host} refused us: {why}", host=where.host, why=greeting.text()),
                )
            client._note_capabilities(greeting)
            if where.security == "starttls":
                client.run("STARTTLS")
                client._reader.close()
                tls = tls_context(where.cafile).wrap_socket(
                    client._sock, server_hostname=where.host
                )
                client._sock = tls
                client._reader = tls.makefile("rb", buffering=1 << 16)
                client.capabilities.clear()
            return client
        except BaseException as exc:
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.close()
            if isinstance(exc, ImapError):
                raise ConnectionProblem(
                    "tls", Sentence("{host} does not offer STARTTLS", host=where.host)
                ) from None
            if isinstance(exc, KeyboardInterrupt | ConnectionProblem):
                raise
            raise classify(exc, where) from None

    def login(self, user: str, password: str) -> None:
        """AUTHENTICATE PLAIN (LOGIN when that is all there is); errors never carry
        the password."""
        if not self.capabilities:
            self.capability()
        try:
            if "AUTH=PLAIN" in self.capabilities and "SASL-IR" in self.capabilities:
                blob = base64.b64encode(f"\0{user}\0{password}".encode())
                _, done = self.run_raw(b"AUTHENTICATE PLAIN " + blob)
            else:
                _, done = self.run_raw(b"LOGIN " + quote(user) + b" " + quote(password))
        except ImapError:
            raise ConnectionProblem(
                "auth", Sentence("the server refused the user name or password")
            ) from None
        # Servers send the capabilities after login in the OK (Dovecot does),
        # and they differ from the pre-login ones; ask when they did not.
        code = done.code()
        if code and code[0] == "CAPABILITY":
            self._note_capabilities(done)
        else:
            self.capability()

    def capability(self) -> set[str]:
        untagged, _ = self.run("CAPABILITY")
        for resp in untagged:
            words = resp.first_line.split()
            if len(words) > 1 and words[1].upper() == b"CAPABILITY":
                self.capabilities = {w.decode().upper() for w in words[2:]}
        return self.capabilities

    def _note_capabilities(self, resp: Response) -> None:
        code = resp.code()
        if code and code[0] == "CAPABILITY":
            self.capabilities = {w.decode().upper() for w in code[1].split()}

    def logout(self) -> None:
        """Say goodbye and close; never raises."""
        with contextlib.suppress(Exception):
            self._sock.settimeout(2)
            self.send(b"LOGOUT")
        self.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._reader.close()
        with contextlib.suppress(Exception):
            self._sock.close()

    def settimeout(self, seconds: float | None) -> None:
        self._sock.settimeout(seconds)

    # -- wire ----------------------------------------------------------------
    def send(self, command: bytes) -> str:
        """Send one command line; returns its tag (pipelining: read later)."""
        self._counter += 1
        tag = f"C{self._counter}"
        try:
            self._sock.sendall(tag.encode() + b" " + command + b"\r\n")
        except (OSError, ssl.SSLError) as exc:
            raise ImapConnectionLost(f"the IMAP connection was cut while sending ({exc})") from None
        return tag

    def _receive(self, size: int | None, waiting_for: Sentence) -> bytes:
        """A line (``size`` None) or exactly ``size`` bytes, as far as they come."""
        try:
            if size is None:
                return self._reader.readline(MAX_LINE)
            return self._reader.read(size) or b""
        except TimeoutError:
            raise ConnectionProblem(
                "timeout",
                Sentence(
                    "{host} stopped {doing} (nothing for {seconds} s)",
                    host=self.where.host,
                    doing=waiting_for,
                    seconds=f"{TIMEOUT:.0f}",
                ),
            ) from None
        except (OSError, ssl.SSLError, ValueError) as exc:
            raise ImapConnectionLost(f"the IMAP connection was cut ({exc})") from None

    def _line(self) -> bytes:
        line = self._receive(None, _ANSWERING)
        if not line.endswith(b"\n"):
            if len(line) >= MAX_LINE:
                raise ImapConnectionLost("the server sent a response line too long to be IMAP")
            raise ImapConnectionLost()
        return line

    def read(self) -> Response:
        """The next complete response, literals and all."""
        line = self._line()
        parts = [line]
        while True:
            m = _LITERAL.search(line)
            if m is None:
                break
            size = int(m.group(1))
            data = self._receive(size, _MID_MESSAGE)
            if len(data) != size:
                raise ImapConnectionLost("the IMAP connection was cut in the middle of a message")
            parts.append(data)
            line = self._line()
            parts.append(line)
        return Response(parts[0].split(b" ", 1)[0].decode("ascii", "replace"), parts)

    def wait(self, tag: str) -> tuple[list[Response], Response]:
        """Untagged responses up to the tagged answer to ``tag``; NO/BAD raise."""
        untagged: list[Response] = []
        while True:
            resp = self.read()
            if resp.tag == tag:
                status = resp.words(2)[1].upper() if len(resp.words(2)) > 1 else b""
                if status != b"OK":
                    raise ImapError(resp.text())
                return untagged, resp
            if resp.tag == "+":
                raise ImapError("the server expected more data than this command has")
            untagged.append(resp)

    def run_raw(self, command: bytes) -> tuple[list[Response], Response]:
        return self.wait(self.send(command))

    def run(self, command: str) -> tuple[list[Response], Response]:
        return self.run_raw(command.encode("ascii"))

    # -- commands sync uses ----------------------------------------------------
    def enable(self, *extensions: str) -> None:
        wanted = [e for e in extensions if e in self.capabilities]
        if wanted and "ENABLE" in self.capabilities:
            self.run("ENABLE " + " ".join(wanted))

    def list_folders(self) -> list[tuple[list[str], str, str]]:
        """``(attributes, delimiter, name)`` of every folder (with SPECIAL-USE when
        the server has it)."""
        cmd = b'LIST "" "*"'
        if "SPECIAL-USE" in self.capabilities or "LIST-EXTENDED" in self.capabilities:
            cmd += b" RETURN (SPECIAL-USE)"
        untagged, _ = self.run_raw(cmd)
        out = []
        for resp in untagged:
            toks = tokens(resp)
            if len(toks) < 5 or not isinstance(toks[1], bytes) or toks[1].upper() != b"LIST":
                continue
            attrs, delim, name = toks[2], toks[3], toks[4]
            names = (
                [a.decode() for a in attrs if isinstance(a, bytes)]
                if isinstance(attrs, list)
                else []
            )
            out.append(
                (
                    names,
                    delim.decode() if isinstance(delim, bytes) else "",
                    decode_mailbox_name(name) if isinstance(name, bytes) else "",
                )
            )
        return out

    def select(
        self,
        name: str,
        *,
        known: tuple[int, int] | None = None,
        readonly: bool = False,
    ) -> Selected:
        """SELECT ``name``; with ``known=(uidvalidity, modseq)`` and QRESYNC the
        server also reports what vanished and what changed since then."""
        cmd = (b"EXAMINE " if readonly else b"SELECT ") + mailbox_name(name)
        if known is not None and "QRESYNC" in self.capabilities:
            cmd += f" (QRESYNC ({known[0]} {known[1]}))".encode()
        elif "CONDSTORE" in self.capabilities:
            cmd += b" (CONDSTORE)"
        self.selected = None  # a refused SELECT leaves no mailbox selected
        untagged, _ = self.run_raw(cmd)
        self.selected = name
        sel = _selected(Selected(name), untagged)
        if sel.uidnext:
            self.uidnext[name] = sel.uidnext
        return sel

    def uid_fetch(self, uids: str, items: str) -> Iterator[FetchRecord]:
        """Records of one ``UID FETCH`` (others' untagged data is dropped)."""
        tag = self.send(f"UID FETCH {uids} {items}".encode())
        while True:
            resp = self.read()
            if resp.tag == tag:
                if resp.words(2)[1:2] != [b"OK"]:
                    raise ImapError(resp.text())
                return
            rec = fetch_record(resp)
            if rec is not None and rec.uid is not None:
                yield rec

    def fetch_pipelined(
        self, batches: Sequence[str], items: str, depth: int = 2
    ) -> Iterator[FetchRecord]:
        """Records of several ``UID FETCH`` commands, ``depth`` of them in flight."""
        pending: list[str] = []
        todo = iter(batches)
        for batch in todo:
            pending.append(self.send(f"UID FETCH {batch} {items}".encode()))
            if len(pending) >= depth:
                break
        while pending:
            resp = self.read()
            if resp.tag == pending[0]:
                if resp.words(2)[1:2] != [b"OK"]:
                    raise ImapError(resp.text())
                pending.pop(0)
                nxt = next(todo, None)
                if nxt is not None:
                    pending.append(self.send(f"UID FETCH {nxt} {items}".encode()))
                continue
            rec = fetch_record(resp)
            if rec is not None and rec.uid is not None:
                yield rec

    def changed_since(self, modseq: int) -> tuple[list[int], list[FetchRecord]]:
        """What vanished and whose flags changed in the selected mailbox since
        ``modseq`` (RFC 7162 ``CHANGEDSINCE`` with ``VANISHED``; needs QRESYNC
        enabled): one round trip, much cheaper than selecting again."""
        untagged, _ = self.run(f"UID FETCH 1:* (FLAGS) (CHANGEDSINCE {modseq} VANISHED)")
        vanished: list[int] = []
        changed: list[FetchRecord] = []
        for resp in untagged:
            words = resp.words(2)
            if len(words) == 2 and words[1].upper() == b"VANISHED":
                vanished.extend(_vanished(resp))
                continue
            rec = fetch_record(resp)
            if rec is not None and rec.uid is not None:
                changed.append(rec)
        return vanished, changed

    def uid_store(self, uids: str, change: str) -> list[FetchRecord]:
        """``UID STORE uids change``; returns FETCH data the server echoed."""
        untagged, _ = self.run(f"UID STORE {uids} {change}")
        return [r for r in (fetch_record(u) for u in untagged) if r is not None]

    def status_many(
        self, names: Sequence[str], meanwhile: Callable[[], object] | None = None
    ) -> dict[str, dict[str, int]]:
        """``STATUS`` of several folders in one round trip (pipelined): for each,
        UIDVALIDITY, UIDNEXT, MESSAGES and HIGHESTMODSEQ when the server has it.
        ``meanwhile`` runs while the server works on the answers."""
        items = "UIDVALIDITY UIDNEXT MESSAGES"
        if "CONDSTORE" in self.capabilities:
            items += " HIGHESTMODSEQ"
        # STATUS must not check the selected mailbox (RFC 3501 6.3.10): close it
        # first, in the same round trip (UNSELECT, RFC 3691, never expunges).
        unselect = (
            self.send(b"UNSELECT")
            if self.selected in names and "UNSELECT" in self.capabilities
            else None
        )
        tags = [self.send(b"STATUS " + mailbox_name(n) + f" ({items})".encode()) for n in names]
        if meanwhile is not None:
            meanwhile()
        if unselect is not None:
            with contextlib.suppress(ImapError):
                self.wait(unselect)
                self.selected = None
        out: dict[str, dict[str, int]] = {}
        for tag in tags:
            try:
                untagged, _ = self.wait(tag)
            except ImapError:
                continue  # that folder is gone or refused: its SELECT will say so
            for resp in untagged:
                toks = tokens(resp)
                if len(toks) < 4 or not isinstance(toks[1], bytes) or toks[1].upper() != b"STATUS":
                    continue
                name = decode_mailbox_name(toks[2]) if isinstance(toks[2], bytes) else ""
                values = toks[3] if isinstance(toks[3], list) else []
                out[name] = {
                    k.decode().upper(): int(v)
                    for k, v in zip(values[::2], values[1::2], strict=False)
                    if isinstance(k, bytes) and isinstance(v, bytes) and v.isdigit()
                }
                if "UIDNEXT" in out[name]:
                    self.uidnext[name] = out[name]["UIDNEXT"]
        return out

    # -- IDLE (RFC 2177): the app waits for new mail on a kept connection -------
    def idle_start(self) -> tuple[str, bool]:
        """Send IDLE and wait for the go-ahead. Returns the tag :meth:`wait_done`
        needs, and whether the server reported a change before the go-ahead."""
        tag = self.send(b"IDLE")
        changed = False
        while True:
            resp = self.read()
            if resp.tag == "+":
                return tag, changed
            if resp.tag == tag:
                raise ImapError(resp.text())  # IDLE refused
            changed |= reports_change(resp)

    def fileno(self) -> int:
        """The socket, for ``select`` while idling."""
        return self._sock.fileno()

    def buffered(self) -> bool:
        """Whether a response has already arrived (read and buffered, here or in
        TLS), so that ``select`` on the socket would not see it."""
        timeout = self._sock.gettimeout()
        try:
            self._sock.settimeout(0.0)  # a look, never a wait
            return bool(cast("io.BufferedReader", self._reader).peek(1))
        except (ssl.SSLWantReadError, BlockingIOError):
            return False
        except (OSError, ValueError):
            return True  # the next read raises what went wrong
        finally:
            with contextlib.suppress(OSError):
                self._sock.settimeout(timeout)

    def idle_read(self) -> bool:
        """Read one response while idling: whether it reports a change (new mail,
        an expunge, changed flags), not just "still here"."""
        return reports_change(self.read())

    def send_done(self) -> None:
        """Ask the server to end IDLE (several connections can be asked at once)."""
        try:
            self._sock.sendall(b"DONE\r\n")
        except (OSError, ssl.SSLError) as exc:
            raise ImapConnectionLost(f"the IMAP connection was cut while sending ({exc})") from None

    def wait_done(self, tag: str) -> bool:
        """The end of IDLE: whether the server reported a change not yet read
        with :meth:`idle_read`."""
        untagged, _ = self.wait(tag)
        return any(reports_change(r) for r in untagged)


def reports_change(resp: Response) -> bool:
    """Whether an untagged response says the mailbox changed (RFC 3501, 7162)."""
    words = resp.words(3)
    if len(words) >= 2 and words[1].upper() == b"VANISHED":
        return True
    return len(words) >= 3 and words[2].strip().upper() in (b"EXISTS", b"EXPUNGE", b"FETCH")


def _selected(sel: Selected, untagged: list[Response]) -> Selected:
    """``sel`` filled in from a SELECT's untagged responses."""
    for resp in untagged:
        code = resp.code()
        if code is not None:
            key, value = code
            if key == "UIDVALIDITY":
                sel.uidvalidity = int(value)
            elif key == "UIDNEXT":
                sel.uidnext = int(value)
            elif key == "HIGHESTMODSEQ":
                sel.highestmodseq = int(value)
            elif key == "NOMODSEQ":
                sel.highestmodseq = None
            continue
        words = resp.words(3)
        if len(words) >= 3 and words[2].upper().startswith(b"EXISTS"):
            sel.exists = int(words[1])
        elif len(words) >= 2 and words[1].upper() == b"VANISHED":
            sel.vanished.extend(_vanished(resp))
        else:
            rec = fetch_record(resp)
            if rec is not None and rec.uid is not None:
                sel.changed.append(rec)
    return sel


def _vanished(resp: Response) -> list[int]:
    words = resp.first_line.rstrip(b"\r\n").split(b" ")
    last = words[-1]
    try:
        return parse_set(last)
    except ValueError:
        return []

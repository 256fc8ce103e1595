"""A small threaded TCP proxy for plain-IMAP tests: cut, count, trigger.

:class:`TcpProxy` listens on a free port of 127.0.0.1 and forwards every
connection to a target ``(host, port)`` (in these tests: Dovecot's plain IMAP
port). Point the client under test at :attr:`TcpProxy.port` instead of the server
and the test can:

* **cut** a connection after exactly ``cut_after_bytes`` bytes went server →
  client (so the client sees the connection die in the middle of, say, a large
  FETCH literal), or every open connection at once with :meth:`TcpProxy.cut_all`;
* **refuse** new connections (each one is closed as soon as it is accepted);
* **count** the IMAP commands the client sends (:attr:`TcpProxy.commands`,
  their first lines in :attr:`TcpProxy.command_lines`) and the FETCH responses
  carrying a message body that the server sends (:attr:`TcpProxy.body_fetches`);
* **trigger** a hook when the k-th command or body FETCH passes — typically to
  SIGKILL the client process at exactly that moment (``kill_at_command=k`` /
  ``kill_at_fetch=k`` with :attr:`TcpProxy.kill_pid`), or a callback
  (``on_command`` / ``on_fetch``) that records or decides.

How the streams are read
------------------------
Each direction is split into protocol text and literal data: a line ending in
``{n}``, ``{n+}`` (LITERAL+) or ``~{n}`` (BINARY) announces ``n`` bytes of
literal data that follow, which are passed on as they arrive and never
inspected. A command (client → server) or a response (server → client) is its
first line plus, for every literal it announces, the literal and the text line
that follows it. Text lines are forwarded whole (IMAP peers always finish their
lines before waiting for the other side); a text line longer than 64 KiB is
passed on in pieces, and only its first piece is inspected.

* A **command** is a first line that starts with a tag, a space and an atom
  (``a1 LOGIN ...``, ``7 UID FETCH ...``). Literal data, ``DONE`` ending IDLE and
  AUTHENTICATE continuation lines are not commands. Known approximation: when a
  server refuses a *synchronising* literal (tagged NO/BAD instead of ``+``) the
  client does not send it, but the proxy still expects it.
* A **body FETCH** is a response starting ``* <n> FETCH (`` whose text (outside
  literals) contains ``BODY[]`` (``BODY[]<0>`` partial fetches too). Known
  approximation: a quoted string containing ``BODY[]`` (an ENVELOPE subject, say)
  in such a response would also match; ``RFC822`` and ``BINARY[]`` are not
  counted.

Counters and ``k`` are global over the proxy's lifetime, across connections,
starting at 1.

Hooks
-----
``on_command(k, line)`` runs for *every* command, ``on_fetch(k, line)`` for every
body FETCH, where ``line`` is the first line of the command (or the text piece of
the FETCH response naming ``BODY[]``), at most 1000 bytes. With ``before=True``
(the default) a hook runs *before* the item is forwarded: before the first byte
of the command reaches the server, before the FETCH text naming ``BODY[]``
(normally the whole response) reaches the client. With ``before=False`` it runs
*after* the whole command / response (through its last line) was forwarded. A
hook returning ``True`` cuts that connection right there — so with
``before=True`` the other side never sees the item. Hooks run on the proxy's
forwarding thread with no lock held; an exception in a hook is stored in
:attr:`TcpProxy.errors` and cuts the connection.

``kill_at_command=k`` / ``kill_at_fetch=k`` send ``kill_signal`` (SIGKILL) to
:attr:`kill_pid` (settable after construction, since the client is usually
started after the proxy) at the k-th item. With ``before=True`` the proxy then
also drops that item and cuts the connection, so the server never sees the
command (or the client never gets the body); with ``before=False`` it forwards
the item first, then kills, and lets the client's dying socket close the
connection naturally. :attr:`killed` records what was killed when.

Cuts
----
By default a cut is an orderly TCP close (FIN) of both sides after everything
already forwarded, so the client receives *exactly* ``cut_after_bytes`` bytes
and then end-of-file in the middle of the IMAP stream. With ``reset=True`` both
sides are reset instead (SO_LINGER 0: RST, and data still queued in the proxy's
socket buffers is dropped, so the client may receive fewer bytes).

Threads: one accept thread plus two forwarding threads per connection, all
daemon threads blocked in ``select``/``recv`` (no polling); :meth:`stop` (or
leaving the ``with`` block) closes everything and joins them with bounded
timeouts.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

Hook = Callable[[int, bytes], bool | None]
"""``hook(k, line) -> cut?``: see the module documentation."""

_LITERAL_AT_END = re.compile(rb"~?\{(\d+)\+?\}\r?\n\Z")
_COMMAND = re.compile(rb"[^\x00-\x20(){%*\"\\+\x7f-\xff]+ [A-Za-z][A-Za-z0-9._-]*(?:[ \r\n]|\Z)")
_FETCH = re.compile(rb"\* \d+ FETCH \(", re.IGNORECASE)
_MAX_TEXT = 64 * 1024
_KEEP = 64  # bytes of an over-long line kept back, so a literal marker is never split
_JOIN_TIMEOUT = 5.0
_LINE_MAX = 1000


@dataclass(frozen=True, slots=True)
class _Piece:
    data: bytes
    literal: bool  # literal data, never inspected
    first: bool  # begins a command / response
    last: bool  # ends a command / response


class _Scanner:
    """Splits one direction of an IMAP stream into text lines and literal data."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._literal_left = 0
        self._at_start = True

    def feed(self, data: bytes) -> list[_Piece]:
        self._buf += data
        out: list[_Piece] = []
        while self._buf:
            if self._literal_left:
                n = min(self._literal_left, len(self._buf))
                out.append(_Piece(bytes(self._buf[:n]), True, False, False))
                del self._buf[:n]
                self._literal_left -= n
                continue
            end = self._buf.find(b"\n")
            if end < 0:
                if len(self._buf) > _MAX_TEXT:  # an over-long line: pass its head on
                    n = len(self._buf) - _KEEP
                    out.append(_Piece(bytes(self._buf[:n]), False, self._at_start, False))
                    self._at_start = False
                    del self._buf[:n]
                break
            line = bytes(self._buf[: end + 1])
            del self._buf[: end + 1]
            first = self._at_start
            marker = _LITERAL_AT_END.search(line)
            if marker is not None:
                self._literal_left = int(marker.group(1))
            last = marker is None
            self._at_start = last
            out.append(_Piece(line, False, first, last))
        return out


class _Conn:
    """One proxied connection: the two sockets and what the pumps know about it."""

    def __init__(
        self, number: int, client: socket.socket, server: socket.socket, cut_after: int | None
    ) -> None:
        self.number = number
        self.client = client
        self.server = server
        self.cut_after = cut_after
        self.sent_to_client = 0
        self.lock = threading.Lock()
        self.closed = False
        self.pumps_done = 0
        self.threads: list[threading.Thread] = []
        # client stream: the command being forwarded (k, first line)
        self.command: tuple[int, bytes] | None = None
        # server stream: is the current response a FETCH; its body-FETCH number
        self.in_fetch = False
        self.fetch: tuple[int, bytes] | None = None

    def claim(self) -> bool:
        """Mark the connection closed; False if it already was (someone else cuts)."""
        with self.lock:
            if self.closed:
                return False
            self.closed = True
            return True

    def cut(self, reset: bool) -> bool:
        """Close both sides now; wakes the other pump. False if already closed."""
        if not self.claim():
            return False
        self.close_sockets(reset)
        return True

    def close_sockets(self, reset: bool) -> None:
        """Close both sockets abruptly (after :meth:`claim`)."""
        for sock in (self.client, self.server):
            with contextlib.suppress(OSError):
                if reset:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    sock.shutdown(socket.SHUT_RD)  # wakes a recv without sending a FIN
                else:
                    sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def pump_finished(self) -> None:
        """Called by each pump as it ends; the second one closes the sockets."""
        with self.lock:
            self.pumps_done += 1
            if self.pumps_done < 2 or self.closed:
                return
            self.closed = True
        for sock in (self.client, self.server):
            with contextlib.suppress(OSError):
                sock.close()


class TcpProxy:
    """A threaded TCP proxy on 127.0.0.1 in front of ``target``; see the module doc.

    It listens as soon as it is constructed (:attr:`port` is ready); use it as a
    context manager or call :meth:`stop`. The public counters may be read at any
    time; :meth:`wait_for` waits for a condition on them.
    """

    host = "127.0.0.1"

    def __init__(
        self,
        target: tuple[str, int],
        *,
        cut_after_bytes: int | None = None,
        on_command: Hook | None = None,
        on_fetch: Hook | None = None,
        before: bool = True,
        kill_at_command: int | None = None,
        kill_at_fetch: int | None = None,
        kill_pid: int | None = None,
        kill_signal: int = signal.SIGKILL,
        refuse: bool = False,
        reset: bool = False,
    ) -> None:
        self.target = target
        #: per connection: cut after this many bytes server → client (read when a
        #: connection is accepted, so changing it affects only later connections)
        self.cut_after_bytes = cut_after_bytes
        self.on_command = on_command
        self.on_fetch = on_fetch
        self.before = before
        self.kill_at_command = kill_at_command
        self.kill_at_fetch = kill_at_fetch
        #: the process to signal for ``kill_at_command`` / ``kill_at_fetch``
        self.kill_pid = kill_pid
        self.kill_signal = kill_signal
        #: close every newly accepted connection at once (may be toggled any time)
        self.refuse = refuse
        self.reset = reset

        #: commands seen client → server (global k of the last one)
        self.commands = 0
        #: their first lines (at most 1000 bytes each), in order
        self.command_lines: list[bytes] = []
        #: FETCH responses carrying ``BODY[]`` seen server → client
        self.body_fetches = 0
        #: connections accepted and forwarded / refused / cut by the proxy
        self.connections = 0
        self.refused = 0
        self.cuts = 0
        self.bytes_to_client = 0
        self.bytes_to_server = 0
        #: ``("command" | "fetch", k, pid)`` for every kill sent
        self.killed: list[tuple[str, int, int]] = []
        #: exceptions raised in hooks, in kills or while connecting to the target
        self.errors: list[BaseException] = []

        self._changed = threading.Condition()
        self._conns: dict[int, _Conn] = {}
        self._stopping = False
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((self.host, 0))
        self._listener.listen(32)
        self.port: int = self._listener.getsockname()[1]
        self._wake_r, self._wake_w = os.pipe()
        self._acceptor = threading.Thread(
            target=self._accept_loop, name=f"tcp-proxy-{self.port}", daemon=True
        )
        self._acceptor.start()

    # ---- public API -----------------------------------------------------

    @property
    def address(self) -> tuple[str, int]:
        """Where clients connect: ``("127.0.0.1", port)``."""
        return (self.host, self.port)

    @property
    def open_connections(self) -> int:
        """Connections currently being forwarded."""
        with self._changed:
            return sum(1 for c in self._conns.values() if not c.closed)

    def cut_all(self) -> int:
        """Cut every open connection now (a network drop); returns how many."""
        with self._changed:
            conns = [c for c in self._conns.values() if not c.closed]
        for conn in conns:
            self._cut(conn)
        return len(conns)

    def wait_for(self, predicate: Callable[[TcpProxy], bool], timeout: float = 10.0) -> bool:
        """Wait (at most ``timeout`` seconds) until ``predicate(self)`` is true."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self), timeout=timeout)

    def stop(self) -> None:
        """Stop accepting, cut every connection, join the threads (bounded)."""
        if self._stopping:
            return
        self._stopping = True
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")
        self._acceptor.join(_JOIN_TIMEOUT)
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._changed:
            conns = list(self._conns.values())
        for conn in conns:
            conn.cut(self.reset)
        for conn in conns:
            for thread in conn.threads:
                thread.join(_JOIN_TIMEOUT)
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ---- accepting ------------------------------------------------------

    def _accept_loop(self) -> None:
        number = 0
        while not self._stopping:
            ready, _, _ = select.select([self._listener.fileno(), self._wake_r], [], [])
            if self._wake_r in ready or self._stopping:
                return
            try:
                client, _addr = self._listener.accept()
            except OSError:
                continue
            if self.refuse:
                self._close_refused(client)
                continue
            try:
                server = socket.create_connection(self.target, timeout=_JOIN_TIMEOUT)
            except OSError as exc:
                self._note_error(exc)
                self._close_refused(client)
                continue
            server.settimeout(None)
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            number += 1
            conn = _Conn(number, client, server, self.cut_after_bytes)
            with self._changed:
                self._conns[number] = conn
                self.connections += 1
                self._changed.notify_all()
            for to_client in (False, True):
                thread = threading.Thread(
                    target=self._pump,
                    args=(conn, to_client),
                    name=f"tcp-proxy-{self.port}-{number}-{'s2c' if to_client else 'c2s'}",
                    daemon=True,
                )
                conn.threads.append(thread)
                thread.start()

    def _close_refused(self, client: socket.socket) -> None:
        with contextlib.suppress(OSError):
            if self.reset:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()
        with self._changed:
            self.refused += 1
            self._changed.notify_all()

    # ---- forwarding -----------------------------------------------------

    def _pump(self, conn: _Conn, to_client: bool) -> None:
        src, dst = (conn.server, conn.client) if to_client else (conn.client, conn.server)
        scanner = _Scanner()
        try:
            while True:
                try:
                    data = src.recv(65536)
                except OSError:
                    self._cut(conn, counted=False)
                    return
                if not data:  # orderly end: pass it on, the other side finishes
                    with contextlib.suppress(OSError):
                        dst.shutdown(socket.SHUT_WR)
                    return
                for piece in scanner.feed(data):
                    if conn.closed:
                        return
                    forward = self._to_client if to_client else self._to_server
                    if not forward(conn, piece):
                        return
        finally:
            conn.pump_finished()
            with self._changed:
                self._changed.notify_all()

    def _to_server(self, conn: _Conn, piece: _Piece) -> bool:
        """Forward one client piece; False when the connection was cut."""
        if piece.first and not piece.literal and _COMMAND.match(piece.data):
            line = piece.data[:_LINE_MAX]
            with self._changed:
                self.commands += 1
                k = self.commands
                self.command_lines.append(line)
                self._changed.notify_all()
            conn.command = (k, line)
            if self.before and self._fire_command(k, line):
                self._cut(conn)
                return False
        if not self._send(conn, conn.server, piece.data, to_client=False):
            return False
        if piece.last and conn.command is not None:
            k, line = conn.command
            conn.command = None
            if not self.before and self._fire_command(k, line):
                self._cut(conn)
                return False
        return True

    def _to_client(self, conn: _Conn, piece: _Piece) -> bool:
        """Forward one server piece; False when the connection was cut."""
        if piece.first:
            conn.in_fetch = bool(_FETCH.match(piece.data))
            conn.fetch = None
        if (
            conn.in_fetch
            and conn.fetch is None
            and not piece.literal
            and b"BODY[]" in piece.data.upper()
        ):
            line = piece.data[:_LINE_MAX]
            with self._changed:
                self.body_fetches += 1
                k = self.body_fetches
                self._changed.notify_all()
            conn.fetch = (k, line)
            if self.before and self._fire_fetch(k, line):
                self._cut(conn)
                return False
        if not self._send(conn, conn.client, piece.data, to_client=True):
            return False
        if piece.last and conn.fetch is not None:
            k, line = conn.fetch
            conn.in_fetch = False
            conn.fetch = None
            if not self.before and self._fire_fetch(k, line):
                self._cut(conn)
                return False
        return True

    def _send(self, conn: _Conn, dst: socket.socket, data: bytes, to_client: bool) -> bool:
        cut = False
        if to_client and conn.cut_after is not None:
            allowed = conn.cut_after - conn.sent_to_client
            if len(data) >= allowed:
                data, cut = data[: max(allowed, 0)], True
        try:
            if data:
                dst.sendall(data)
        except OSError:
            self._cut(conn, counted=False)
            return False
        with self._changed:
            if to_client:
                conn.sent_to_client += len(data)
                self.bytes_to_client += len(data)
            else:
                self.bytes_to_server += len(data)
        if cut:
            self._cut(conn)
            return False
        return True

    def _cut(self, conn: _Conn, counted: bool = True) -> None:
        if not conn.claim():
            return
        with self._changed:  # counted first: a client seeing the cut sees the count
            if counted:
                self.cuts += 1
            self._changed.notify_all()
        conn.close_sockets(self.reset)

    # ---- hooks ----------------------------------------------------------

    def _fire_command(self, k: int, line: bytes) -> bool:
        return self._fire("command", self.on_command, self.kill_at_command, k, line)

    def _fire_fetch(self, k: int, line: bytes) -> bool:
        return self._fire("fetch", self.on_fetch, self.kill_at_fetch, k, line)

    def _fire(self, kind: str, hook: Hook | None, kill_at: int | None, k: int, line: bytes) -> bool:
        """Run the hook and the kill for item k; True when the connection must be cut."""
        cut = False
        if hook is not None:
            try:
                cut = bool(hook(k, line))
            except Exception as exc:
                self._note_error(exc)
                cut = True
        if kill_at == k:
            pid = self.kill_pid
            if pid is None:
                self._note_error(RuntimeError(f"kill_at_{kind}={k} but kill_pid is not set"))
                return True
            with self._changed:  # recorded first: whoever sees the death sees the record
                self.killed.append((kind, k, pid))
                self._changed.notify_all()
            try:
                os.kill(pid, self.kill_signal)
            except OSError as exc:
                self._note_error(exc)
                return True
            cut = cut or self.before  # before: the item must never be forwarded
        return cut

    def _note_error(self, exc: BaseException) -> None:
        with self._changed:
            self.errors.append(exc)
            self._changed.notify_all()

"""Mail sync in the app's background: on a schedule, on demand, never on the UI thread.

One network worker runs :class:`~cm_desk.mail.sync.AccountSync` for every
account (the keyring is read there too); results, progress and failures come
back through queued signals. Each account keeps its own
:class:`~cm_desk.mail.schedule.SyncSchedule`: the steady interval while the
server answers, back-off with jitter while the network is gone, and a pause
for the user after a refused password (F5 tries again). Between syncs the
worker waits on the kept connections with IMAP IDLE, so new mail comes in when
it arrives; the interval stays as the safety net (and for servers without IDLE).
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from cm_desk.domain.sentence import sentence_of
from cm_desk.mail.schedule import SyncSchedule
from cm_desk.ui.i18n import human, tr

if TYPE_CHECKING:  # the mail modules load in the network worker, with its first sync
    from cm_desk.mail.imap import ImapClient
    from cm_desk.mail.sync import SyncProgress
    from cm_desk.store.engine import Store

log = logging.getLogger(__name__)


class _Relay(QObject):
    progress = Signal(object)  # SyncProgress
    account_done = Signal(str, object)  # (account, SyncResult | ConnectionProblem | str)
    outbox_done = Signal(object)  # list[Outcome] | str
    finished = Signal()
    idle_over = Signal(bool)  # whether a server reported a change while we waited


class _SyncJob(QRunnable):
    """Sync every account once (in the network worker)."""

    def __init__(self, store: Store, relay: _Relay, clients: dict[str, ImapClient]) -> None:
        super().__init__()
        self.store, self.relay = store, relay
        self.clients = clients  # logged-in connections kept between runs, by account

    def run(self) -> None:
        from cm_desk import secrets
        from cm_desk.store import mailstate

        try:
            reader = self.store.raw_connection()
            try:
                accounts = mailstate.accounts(reader)
                for account in accounts:
                    self.relay.account_done.emit(account.name, self._one(account, reader, secrets))
            finally:
                reader.close()
            for name in set(self.clients) - {a.name for a in accounts}:
                self.clients.pop(name).logout()  # a removed account: not kept, nor idled on
            self.relay.outbox_done.emit(self._outbox(secrets))
        except Exception:  # a bug: logged with context, the app goes on
            log.exception("background sync failed")
        finally:
            self.relay.finished.emit()

    def _outbox(self, secrets: Any) -> object:
        """Send what waits in the outbox (respecting back-off), settle the uncertain."""
        from cm_desk.mail import outbox

        try:
            return outbox.deliver(self.store, secrets.get_password)
        except outbox.OutboxBusy:
            return []  # the command line is delivering right now
        except (outbox.OutboxError, secrets.SecretsError) as exc:
            return sentence_of(exc)

    def _one(self, account: Any, reader: Any, secrets: Any) -> object:
        from cm_desk.mail.connect import ConnectionProblem
        from cm_desk.mail.sync import AccountSync

        try:
            password = secrets.get_password(account.name)
        except secrets.SecretsError as exc:
            return sentence_of(exc)
        if password is None:
            return tr("no password in the keyring; add the account again")
        sync = AccountSync(
            account, password, reader, lambda: self.store, progress=self.relay.progress.emit
        )
        kept = self.clients.pop(account.name, None)
        try:
            if kept is not None:
                try:
                    result = sync.run(kept)
                    self.clients[account.name] = kept
                    return result
                except ConnectionProblem:
                    kept.close()  # the server hung up while we idled: once more, afresh
            client = sync.connect()
            result = sync.run(client)
            self.clients[account.name] = client
            return result
        except ConnectionProblem as exc:
            return exc


IDLE_MAX = 25 * 60.0  # seconds: servers may drop an IDLE older than 30 minutes (RFC 2177)
DONE_TIMEOUT = 2.0  # seconds for the answers to DONE, else the connection is dropped
SYNC_GAP = 5.0  # seconds at least between a sync and one that IDLE asks for


class _IdleJob(QRunnable):
    """Between syncs, wait on the kept connections' INBOX with IMAP IDLE (RFC 2177),
    so new mail is fetched when it arrives instead of at the next poll.

    Ends when a server reports a change, when ``wake`` is written to (a sync,
    F5, closing the app) or after ``seconds``; then it leaves IDLE, so the
    connections take commands again. A connection that fails is dropped: the
    next scheduled sync opens a fresh one (not at once: a server that keeps
    hanging up must not be hammered).
    """

    def __init__(
        self, clients: dict[str, ImapClient], relay: _Relay, wake: socket.socket, seconds: float
    ) -> None:
        super().__init__()
        self.clients, self.relay, self.wake, self.seconds = clients, relay, wake, seconds

    def run(self) -> None:
        changed = False
        try:
            changed = self._watch()
        except Exception:  # a bug: logged with context, the app goes on
            log.exception("waiting for new mail failed")
        finally:
            with contextlib.suppress(OSError):
                self.wake.close()
            self.relay.idle_over.emit(changed)

    def _watch(self) -> bool:
        from cm_desk.mail.connect import TIMEOUT

        idling: dict[str, tuple[ImapClient, str]] = {}
        changed = False
        woken = self.wake.fileno()
        try:
            for name, client in list(self.clients.items()):
                if select.select([woken], [], [], 0)[0]:
                    return changed  # a sync (or closing the app) came first
                if "IDLE" not in client.capabilities:
                    continue  # polled, as before
                started = self._start(name, client)
                if started is not None:
                    idling[name], news = (client, started[0]), started[1]
                    changed |= news
            deadline = time.monotonic() + self.seconds
            while idling and not changed:
                ready = [n for n, (c, _) in idling.items() if c.buffered()]
                if not ready:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    socks = {c.fileno(): n for n, (c, _) in idling.items()}
                    seen, _, _ = select.select([*socks, woken], [], [], left)
                    if woken in seen:
                        break
                    ready = [socks[fd] for fd in seen if fd in socks]
                for name in ready:
                    try:
                        changed |= idling[name][0].idle_read()
                    except Exception:  # the next poll reconnects (no retry loop)
                        idling.pop(name)
                        self._drop(name)
        finally:
            # DONE to every connection first, then their answers within one
            # deadline: a dead network must not hold a closing app for long.
            for name, (client, _) in list(idling.items()):
                try:
                    client.send_done()
                except Exception:
                    idling.pop(name)
                    self._drop(name)
            deadline = time.monotonic() + DONE_TIMEOUT
            for name, (client, tag) in idling.items():
                try:
                    client.settimeout(max(0.05, deadline - time.monotonic()))
                    changed |= client.wait_done(tag)
                    client.settimeout(TIMEOUT)
                except Exception:  # no answer in time, or a broken one: never reused
                    self._drop(name)
        return changed

    def _start(self, name: str, client: ImapClient) -> tuple[str, bool] | None:
        """Open INBOX read-only and start IDLE: (its tag, whether the server
        already told of a change); None when this connection cannot idle."""
        from cm_desk.mail.connect import ConnectionProblem
        from cm_desk.mail.imap import ImapError

        try:
            news = False
            if client.selected != "INBOX":
                known = client.uidnext.get("INBOX")  # as the sync last saw it
                sel = client.select("INBOX", readonly=True)
                news = known is not None and sel.uidnext != known  # came in meanwhile
            tag, before = client.idle_start()
            return tag, news or before
        except ImapError:
            return None  # refused: this connection is polled, and kept
        except ConnectionProblem:
            self._drop(name)
            return None

    def _drop(self, name: str) -> None:
        client = self.clients.pop(name, None)
        if client is not None:
            client.close()


class _Logout(QRunnable):
    """Close kept connections in the network worker (never on the UI thread)."""

    def __init__(self, clients: dict[str, ImapClient]) -> None:
        super().__init__()
        self.clients = clients

    def run(self) -> None:
        for client in self.clients.values():
            client.logout()
        self.clients.clear()


class SyncService(QObject):
    """Schedules background syncs and reports them in one line for the status bar."""

    status = Signal(str)
    progress = Signal(object)  # SyncProgress
    synced = Signal(object)  # SyncResult that wrote something: panes refresh

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.schedules: dict[str, SyncSchedule] = {}
        self.running = False
        self.refresh_key = "F5"  # the key that syncs now, as the window binds it
        self._again = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress)
        self._relay.account_done.connect(self._on_account)
        self._relay.outbox_done.connect(self._on_outbox)
        self._relay.finished.connect(self._on_finished)
        self._relay.idle_over.connect(self._on_idle_over)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)
        self._lines: dict[str, str] = {}
        self._clients: dict[str, ImapClient] = {}  # used by the network worker only
        self._next: dict[str, float | None] = {}  # seconds until each account's next try
        self._wake: socket.socket | None = None  # ends the IDLE wait, while there is one
        self._stopped = False
        self._last_end = float("-inf")  # when the last sync finished (monotonic)

    def start(self, delay_ms: int = 0) -> None:
        """Begin the schedule (first sync after ``delay_ms``)."""
        self._timer.start(delay_ms)

    def stop(self, wait_ms: int = 3000) -> None:
        """No further syncs; give a running one a moment to finish its batch."""
        self._stopped = True
        self._timer.stop()
        self._end_idle()
        self._pool.waitForDone(wait_ms)
        self._pool.start(_Logout(self._clients))
        self._pool.waitForDone(wait_ms)

    def sync_now(self) -> None:
        """Sync every account now (F5), whatever the back-off said."""
        for schedule in self.schedules.values():
            schedule.user_asked()
        self._start_sync()

    def _start_sync(self) -> None:
        if self._stopped:
            return
        if self.running:
            self._again = True
            return
        self.running = True
        self._timer.stop()
        self._end_idle()  # the worker leaves IDLE, then runs the sync
        self.status.emit(tr("Checking mail…"))
        self._pool.start(_SyncJob(self.store, self._relay, self._clients))

    def _idle(self, seconds: float) -> None:
        """Wait for new mail with IDLE in the worker until the next sync is due."""
        if self._stopped or self._wake is not None or not self._clients:
            return
        self._wake, theirs = socket.socketpair()
        self._pool.start(_IdleJob(self._clients, self._relay, theirs, min(seconds, IDLE_MAX)))

    def _end_idle(self) -> None:
        if self._wake is not None:
            with contextlib.suppress(OSError):
                self._wake.send(b"!")

    def _on_idle_over(self, changed: bool) -> None:
        if self._wake is not None:
            self._wake.close()
            self._wake = None
        if not changed or self.running or self._stopped:
            return
        # New mail: fetch it now, but not within seconds of the last sync (a
        # server, or another client reading mail one by one, may report a
        # change every moment). The back-off still counts.
        wait = SYNC_GAP - (time.monotonic() - self._last_end)
        if wait > 0:
            QTimer.singleShot(int(1000 * wait), self, self._start_sync)
        else:
            self._start_sync()

    def _on_progress(self, p: SyncProgress) -> None:
        self.progress.emit(p)
        self.status.emit(
            tr("{account} {folder}: {done}/{total} messages").format(
                account=p.account, folder=p.folder, done=p.done, total=p.total
            )
        )

    def _on_account(self, name: str, outcome: object) -> None:
        # Loaded by the worker that produced ``outcome``: no import cost here.
        from cm_desk.mail.connect import ConnectionProblem
        from cm_desk.mail.sync import SyncResult

        schedule = self.schedules.setdefault(name, SyncSchedule())
        if isinstance(outcome, SyncResult):
            self._next[name] = schedule.succeeded()
            added = sum(f.added for f in outcome.folders)
            held = [f for f in outcome.folders if f.held_back]
            if held:
                f = held[0]
                self._lines[name] = tr(
                    "{account}: the server no longer lists {held} of {of} messages in {folder}; nothing was deleted here"  # noqa: E501 - one line for the extractor
                ).format(account=name, held=f.held_back, of=f.held_of, folder=f.name)
            elif added:
                self._lines[name] = tr("{account}: {n} new").format(account=name, n=added)
            else:
                self._lines[name] = tr("{account}: up to date").format(account=name)
            if outcome.wrote:
                self.synced.emit(outcome)
        elif isinstance(outcome, ConnectionProblem):
            delay = self._next[name] = schedule.failed(outcome)
            when = (
                tr("press {key} to retry").format(key=self.refresh_key)
                if delay is None
                else tr("retrying in {seconds} s").format(seconds=f"{delay:.0f}")
            )
            self._lines[name] = f"{name}: {human(outcome)} ({when})"
        else:
            schedule.waiting_for_user = True
            self._next[name] = None
            self._lines[name] = f"{name}: {human(outcome)}"

    def _on_outbox(self, outcome: object) -> None:
        from cm_desk.domain.models import OutboxState

        if isinstance(outcome, str):
            self._lines["outbox"] = tr("outbox: {news}").format(news=human(outcome))
            return
        outcomes = outcome if isinstance(outcome, list) else []
        sent = sum(1 for o in outcomes if o.state == OutboxState.SENT)
        uncertain = sum(1 for o in outcomes if o.state == OutboxState.UNCERTAIN)
        parts = [tr("{n} sent").format(n=sent)] if sent else []
        if uncertain:
            parts.append(tr("{n} uncertain: did it arrive? see the outbox").format(n=uncertain))
        if parts:
            self._lines["outbox"] = tr("outbox: {news}").format(news=", ".join(parts))
        else:
            self._lines.pop("outbox", None)

    def _on_finished(self) -> None:
        self.running = False
        self._last_end = time.monotonic()
        if self._stopped:
            return
        if not self.schedules:
            self._lines = {"": tr("No mail account yet")}
        self.status.emit(" · ".join(self._lines.values()))
        if self._again:
            self._again = False
            self.sync_now()
            return
        delays = [d for d in self._next.values() if d is not None]
        delay = min(delays, default=SyncSchedule().interval)
        self._timer.start(int(1000 * delay))
        self._idle(delay)

"""Mail sync in the app's background: on a schedule, on demand, never on the UI thread.

One network worker runs :class:`~cm_desk.mail.sync.AccountSync` for every
account (the keyring is read there too); results, progress and failures come
back through queued signals. Each account keeps its own
:class:`~cm_desk.mail.schedule.SyncSchedule`: the steady interval while the
server answers, back-off with jitter while the network is gone, and a pause
for the user after a refused password (F5 tries again).
"""

from __future__ import annotations

import logging
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
                for account in mailstate.accounts(reader):
                    self.relay.account_done.emit(account.name, self._one(account, reader, secrets))
            finally:
                reader.close()
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
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)
        self._lines: dict[str, str] = {}
        self._clients: dict[str, ImapClient] = {}  # used by the network worker only
        self._next: dict[str, float | None] = {}  # seconds until each account's next try

    def start(self, delay_ms: int = 0) -> None:
        """Begin the schedule (first sync after ``delay_ms``)."""
        self._timer.start(delay_ms)

    def stop(self, wait_ms: int = 3000) -> None:
        """No further syncs; give a running one a moment to finish its batch."""
        self._timer.stop()
        self._pool.waitForDone(wait_ms)
        self._pool.start(_Logout(self._clients))
        self._pool.waitForDone(wait_ms)

    def sync_now(self) -> None:
        """Sync every account now (F5), whatever the back-off said."""
        for schedule in self.schedules.values():
            schedule.user_asked()
        if self.running:
            self._again = True
            return
        self.running = True
        self._timer.stop()
        self.status.emit(tr("Checking mail…"))
        self._pool.start(_SyncJob(self.store, self._relay, self._clients))

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
        if not self.schedules:
            self._lines = {"": tr("No mail account yet")}
        self.status.emit(" · ".join(self._lines.values()))
        if self._again:
            self._again = False
            self.sync_now()
            return
        delays = [d for d in self._next.values() if d is not None]
        self._timer.start(int(1000 * min(delays, default=SyncSchedule().interval)))

"""Replies and forwards through the outbox, against a real Dovecot and a real SMTP server.

Exactly once: the SMTP server receives each message once; a crash or a cut
connection after the server took it never leads to a second delivery
without the user's ``resend``. The reply is filed in Sent with \\Seen, the
original carries \\Answered on the server and here, and the password shows
up nowhere in the workspace or the output.
"""

from __future__ import annotations

import email
import email.policy
import fcntl
import imaplib
import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, update

from cm_desk.domain.models import Direction, OutboxState
from cm_desk.mail import outbox, sent_folder
from cm_desk.mail.compose import ComposeError
from cm_desk.mail.imap import mailbox_name
from cm_desk.mail.parse import parse_message, raw_digest
from cm_desk.mail.sync import AccountSync, SyncResult
from cm_desk.store import mailstate
from cm_desk.store.engine import Store, open_store
from cm_desk.store.ingest import Ingestor
from cm_desk.store.schema import Account, Item, Mailbox, MailLocation
from cm_desk.triage.escalation import add_colleague
from cm_desk.workspace import Workspace
from tests.integration import servers, smtp_faults

PW = servers.PASSWORD
T0 = datetime(2030, 5, 6, 9, 0, tzinfo=UTC)
ORIGINAL_ID = "Order-42.AbC@Customer.Example"  # mixed case: threading headers keep it


def customer_mail(subject: str = "Mijn bestelling is niet aangekomen") -> bytes:
    """A customer's message (Arabic name, Dutch text) that is itself a reply in a thread."""
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = "فاطمة الزهراء <fatima@customer.example>"
    msg["To"] = "support@cm-desk.test"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 06 May 2030 08:00:00 +0200"
    msg["Message-ID"] = f"<{ORIGINAL_ID}>"
    msg["References"] = "<Root-1@Customer.Example>"
    msg.set_content("Hallo,\n\nMijn bestelling #42 is na twee weken nog niet binnen.\n\nFatima\n")
    return msg.as_bytes()


# -- set-up ---------------------------------------------------------------------------


def new_user(dovecot: servers.Dovecot, smtp: servers.Smtp | None) -> str:
    """A fresh Dovecot user (empty mailbox) that the SMTP server also accepts."""
    user = dovecot.new_user()
    if smtp is not None:
        smtp.users.add(user)
    return user


def deliver_to(dovecot: servers.Dovecot, user: str, folder: str, raw: bytes) -> int:
    """Put ``raw`` into ``folder`` of ``user`` on Dovecot; returns its UID."""
    imap = imaplib.IMAP4("127.0.0.1", dovecot.imap_port, timeout=10)
    try:
        imap.login(user, PW)
        typ, data = imap.append(folder, None, None, raw)
        assert typ == "OK", data
        m = re.search(rb"APPENDUID \d+ (\d+)", data[0] or b"")
        assert m, data
        return int(m.group(1))
    finally:
        imap.logout()


def sync(store: Store) -> SyncResult:
    """One real sync of the workspace's account (as ``cm-desk sync`` runs it)."""
    assert store.path is not None
    reader = sqlite3.connect(store.path)
    try:
        [account] = mailstate.accounts(reader)
        return AccountSync(account, PW, reader, lambda: store).run()
    finally:
        reader.close()


def seed_original(store: Store, dovecot: servers.Dovecot, user: str, raw: bytes) -> int:
    """The customer's mail arrives in INBOX on the server and comes in by a sync."""
    deliver_to(dovecot, user, "INBOX", raw)
    sync(store)
    with store.engine.connect() as conn:
        return int(
            conn.execute(select(Item.id).where(Item.raw_sha == raw_digest(raw))).scalar_one()
        )


def imap_folder(dovecot: servers.Dovecot, user: str, folder: str) -> list[tuple[bytes, set[str]]]:
    """Every message in ``folder`` on the server: its bytes and its flags."""
    imap = imaplib.IMAP4("127.0.0.1", dovecot.imap_port, timeout=10)
    try:
        imap.login(user, PW)
        typ, _ = imap.select(folder, readonly=True)
        assert typ == "OK"
        typ, data = imap.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[])")
    finally:
        imap.logout()
    out = []
    for part in data:
        if isinstance(part, tuple):
            flags = re.search(rb"FLAGS \(([^)]*)\)", part[0])
            out.append((part[1], set((flags.group(1) if flags else b"").decode().split())))
    return out


def local_state(store: Store, item_id: int) -> tuple[datetime | None, list[str]]:
    """The original's ``answered_at`` and the stored flags of its locations."""
    with store.engine.connect() as conn:
        answered = conn.execute(select(Item.answered_at).where(Item.id == item_id)).scalar()
        flags = conn.execute(
            select(MailLocation.flags).where(MailLocation.item_id == item_id)
        ).scalars()
        return answered, list(flags)


def wait_until(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def header(raw: bytes, name: str) -> str:
    return str(email.message_from_bytes(raw, policy=email.policy.default)[name] or "")


@pytest.fixture()
def smtps(dovecot: servers.Dovecot) -> Iterator[servers.Smtp]:
    server = servers.start_smtp(dovecot.root, implicit_tls=True)
    try:
        yield server
    finally:
        server.stop()


# -- in-process deliveries ----------------------------------------------------------


class Desk:
    """A workspace with one account on the test servers, driven through the API."""

    def __init__(self, root: Path, dovecot: servers.Dovecot, smtp: servers.Smtp) -> None:
        self.dovecot, self.smtp = dovecot, smtp
        self.user = new_user(dovecot, smtp)
        self.address = f"{self.user}@cm-desk.test"
        self.store = open_store(Workspace(root / "ws"))
        with self.store.write() as conn:
            self.account_id = conn.execute(
                insert(Account)
                .values(
                    name="work",
                    address=self.address,
                    display_name="Sam van Support",
                    imap_host="127.0.0.1",
                    imap_port=dovecot.imaps_port,
                    smtp_host="127.0.0.1",
                    smtp_port=smtp.port,
                    username=self.user,
                    security="tls",
                    cafile=str(dovecot.cafile),
                    created_at=0,
                )
                .returning(Account.id)
            ).scalar_one()
        self.item_id = seed_original(self.store, dovecot, self.user, customer_mail())

    def deliver(self, now: datetime = T0, **kw: object) -> list[outbox.Outcome]:
        return outbox.deliver(self.store, lambda _name: PW, now=now, **kw)  # type: ignore[arg-type]

    def entry(self, entry_id: int) -> outbox.EntryView:
        return next(
            e for e in outbox.list_entries(self.store, include_sent=True) if e.id == entry_id
        )


@pytest.fixture()
def desk(tmp_path: Path, dovecot: servers.Dovecot, smtps: servers.Smtp) -> Iterator[Desk]:
    d = Desk(tmp_path, dovecot, smtps)
    yield d
    d.store.close()


def test_temporary_error_is_retried_with_back_off(desk: Desk) -> None:
    desk.smtp.on_data = smtp_faults.defer(1)
    q = outbox.queue_reply(desk.store, desk.item_id, "We kijken ernaar.", now=T0)
    [first] = desk.deliver(T0)
    assert first.state == OutboxState.QUEUED and "451" in first.detail
    entry = desk.entry(q.entry_id)
    assert entry.attempts == 1 and entry.next_attempt_at == T0 + timedelta(seconds=60)
    assert desk.deliver(T0 + timedelta(seconds=30)) == []  # not due yet
    [second] = desk.deliver(T0 + timedelta(seconds=61))
    assert second.state == OutboxState.SENT, second
    assert len(desk.smtp.received) == 1
    assert header(desk.smtp.received[0], "Message-ID") == f"<{q.message_id}>"
    assert desk.deliver(T0 + timedelta(hours=1)) == []


def test_a_sent_copy_left_out_is_filed_later_exactly_once(desk: Desk) -> None:
    q = outbox.queue_reply(desk.store, desk.item_id, "Het is opgelost.", now=T0)
    with desk.store.write() as conn:  # IMAP out of reach right after the send
        conn.execute(update(Account).values(imap_port=servers.free_port()))
    [sent] = desk.deliver(T0)
    assert sent.state == OutboxState.SENT
    assert any("copy in Sent could not be saved" in w for w in sent.warnings)
    assert imap_folder(desk.dovecot, desk.user, "Sent") == []
    assert desk.deliver(T0 + timedelta(minutes=1)) == []  # still out of reach: waits quietly
    with desk.store.write() as conn:
        conn.execute(update(Account).values(imap_port=desk.dovecot.imaps_port))
    [filed] = desk.deliver(T0 + timedelta(minutes=2))
    assert (filed.entry_id, filed.detail) == (q.entry_id, "its copy is now in Sent")
    assert len(imap_folder(desk.dovecot, desk.user, "Sent")) == 1
    assert desk.deliver(T0 + timedelta(minutes=3)) == []
    assert len(desk.smtp.received) == 1 and desk.entry(q.entry_id).last_error == ""


def test_permanent_error_fails_with_the_servers_reason(desk: Desk) -> None:
    desk.smtp.on_data = smtp_faults.refuse()
    q = outbox.queue_reply(desk.store, desk.item_id, "Thanks!", now=T0)
    [outcome] = desk.deliver(T0)
    assert outcome.state == OutboxState.FAILED and "looks like spam" in outcome.detail
    assert desk.deliver(T0 + timedelta(days=1)) == []  # refused is never retried on its own
    assert desk.smtp.received == []
    assert local_state(desk.store, desk.item_id) == (None, [""])
    desk.smtp.on_data = None
    outbox.resend(desk.store, q.entry_id, now=T0)
    [outcome] = desk.deliver(T0)
    assert outcome.state == OutboxState.SENT and len(desk.smtp.received) == 1
    with pytest.raises(outbox.OutboxError, match="is sent"):
        outbox.discard(desk.store, q.entry_id)
    with pytest.raises(outbox.OutboxError, match="is sent"):
        outbox.resend(desk.store, q.entry_id)


@pytest.mark.parametrize("fault", ["cut", "slow"])
def test_outcome_unknown_after_the_final_dot_is_uncertain_and_never_resent(
    desk: Desk, fault: str
) -> None:
    desk.smtp.on_data = (
        smtp_faults.cut_after_accepting if fault == "cut" else smtp_faults.slow_to_answer(1.5)
    )
    q = outbox.queue_reply(desk.store, desk.item_id, "Komt goed.", now=T0)
    settings = outbox.DeliverySettings(final_reply_timeout=0.5)
    [outcome] = desk.deliver(T0, settings=settings)
    assert outcome.state == OutboxState.UNCERTAIN, outcome
    wait_until(lambda: len(desk.smtp.received) == 1)  # the slow server takes it late
    desk.smtp.on_data = None
    for later in (1, 2):
        [again] = desk.deliver(T0 + timedelta(hours=later))
        assert again.state == OutboxState.UNCERTAIN
        assert "no copy in Sent" in again.detail and f"outbox resend {q.entry_id}" in again.detail
    assert len(desk.smtp.received) == 1
    assert imap_folder(desk.dovecot, desk.user, "Sent") == []
    outbox.discard(desk.store, q.entry_id)
    assert outbox.list_entries(desk.store) == []
    [kept] = outbox.list_entries(desk.store, include_sent=True)  # its id is never reused
    assert kept.state == OutboxState.DISCARDED
    with pytest.raises(outbox.OutboxError, match="is discarded"):
        outbox.discard(desk.store, q.entry_id)
    assert desk.deliver(T0 + timedelta(days=1)) == []


def test_forward_to_a_colleague_attaches_the_original(desk: Desk) -> None:
    add_colleague(desk.store, "John Peters", "john@support.example", "Customer Service")
    q = outbox.queue_forward(desk.store, desk.item_id, "John Peters", "Kun jij dit oppakken?")
    [outcome] = desk.deliver(datetime.now(UTC))
    assert outcome.state == OutboxState.SENT, outcome
    assert desk.smtp.rcpts == [["john@support.example"]]
    sent = email.message_from_bytes(desk.smtp.received[0], policy=email.policy.default)
    assert sent["Subject"] == "Fwd: Mijn bestelling is niet aangekomen"
    attached = [p for p in sent.iter_parts() if p.get_content_type() == "message/rfc822"]
    assert len(attached) == 1
    inner = attached[0].get_content()
    assert isinstance(inner, EmailMessage) and inner["Message-ID"] == f"<{ORIGINAL_ID}>"
    [(copy, flags)] = imap_folder(desk.dovecot, desk.user, "Sent")
    assert copy == desk.smtp.received[0] and "\\Seen" in flags
    [(_, inbox_flags)] = imap_folder(desk.dovecot, desk.user, "INBOX")
    assert "\\Answered" not in inbox_flags  # a forward does not answer the customer
    assert q.recipients == ("john@support.example",)


def test_sent_folder_found_by_listing_when_no_sync_named_it(desk: Desk) -> None:
    with desk.store.write() as conn:
        conn.execute(update(Mailbox).where(Mailbox.role == "sent").values(role=""))
    outbox.queue_reply(desk.store, desk.item_id, "Done.", now=T0)
    [outcome] = desk.deliver(T0)
    assert outcome.state == OutboxState.SENT and outcome.warnings == ()
    [(copy, _)] = imap_folder(desk.dovecot, desk.user, "Sent")
    assert copy == desk.smtp.received[0]


def test_folders_are_listed_and_named_as_the_server_spells_them(desk: Desk) -> None:
    name = "Verzonden & المرسلة"
    imap = imaplib.IMAP4("127.0.0.1", desk.dovecot.imap_port, timeout=10)
    try:
        imap.login(desk.user, PW)
        assert imap.create(mailbox_name(name).decode())[0] == "OK"
        listed = [entry[2] for entry in sent_folder.list_folders(imap)]
        assert name in listed and "INBOX" in listed and "Sent" in listed
        typ, data = imap.append(mailbox_name(name).decode(), None, None, customer_mail())
        assert typ == "OK", data
    finally:
        imap.logout()
    # RFC 3501 modified UTF-7, from the standard UTF-7 codec: "&" for "+", "," for "/".
    arabic = "المرسلة".encode("utf-7").decode().replace("+", "&").replace("/", ",")
    assert len(imap_folder(desk.dovecot, desk.user, f'"Verzonden &- {arabic}"')) == 1


def test_header_injection_is_impossible(desk: Desk) -> None:
    with pytest.raises(ComposeError):
        outbox.queue_forward(desk.store, desk.item_id, "john@x.example\r\nBcc: evil@y.example")
    with pytest.raises(ComposeError):
        outbox.queue_forward(desk.store, desk.item_id, "john@x.example, evil@y.example")
    # A hostile original: its encoded subject and name decode to line breaks.
    hostile = (
        b"From: =?utf-8?q?Eve=0D=0ABcc=3A_victim=3Cvictim=40y=2Eexample=3E?="
        b" <eve@customer.example>\r\n"
        b"To: support@cm-desk.test\r\n"
        b"Subject: =?utf-8?q?Hi=0D=0ABcc:_victim@y.example=0D=0A=0D=0Abody?=\r\n"
        b"Message-ID: <hostile@customer.example>\r\n\r\nhello\r\n"
    )
    with desk.store.write() as conn:
        Ingestor(desk.account_id, me=[desk.address]).add_messages(conn, [parse_message(hostile)])
        item = conn.execute(select(Item.id).where(Item.raw_sha == raw_digest(hostile))).scalar_one()
    # The body tries SMTP smuggling: a lone dot, then a second message's commands.
    body = "Thanks.\r\n.\r\nMAIL FROM:<eve@customer.example>\r\nRCPT TO:<victim@y.example>\r\n"
    outbox.queue_reply(desk.store, item, body, now=T0)
    [outcome] = desk.deliver(T0)
    assert outcome.state == OutboxState.SENT
    assert desk.smtp.rcpts == [["eve@customer.example"]]
    [received] = desk.smtp.received
    head = received.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    assert not [line for line in head if line.lower().startswith(b"bcc")]
    sent = email.message_from_bytes(received, policy=email.policy.default)
    assert [a.addr_spec for a in sent["To"].addresses] == ["eve@customer.example"]
    assert sent["Subject"] == "Re: Hi Bcc: victim@y.example body"
    assert "RCPT TO:<victim@y.example>" in sent.get_content()


def test_only_one_process_delivers_at_a_time(desk: Desk) -> None:
    outbox.queue_reply(desk.store, desk.item_id, "Hallo", now=T0)
    assert desk.store.path is not None
    with (desk.store.path.parent / "outbox.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(outbox.OutboxBusy):
            desk.deliver(T0, settings=outbox.DeliverySettings(lock_wait=0.3))
    [outcome] = desk.deliver(T0)
    assert outcome.state == OutboxState.SENT


# -- the command line, with the password in a real keyring ---------------------------


class Cli:
    """Runs ``cm-desk`` on one workspace, keeping everything it printed."""

    def __init__(self, env: dict[str, str], home: Path) -> None:
        self.env, self.home = env, home
        self.printed: list[str] = []

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "cm_desk", *args, "--home", str(self.home), "--debug"]

    def __call__(self, *args: str, stdin: str = "", rc: int | None = 0) -> str:
        proc = subprocess.run(
            self.argv(*args),
            input=stdin,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.printed += [proc.stdout, proc.stderr]
        if rc is not None:
            assert proc.returncode == rc, (proc.returncode, proc.stdout, proc.stderr)
        return proc.stdout

    def json(self, *args: str, rc: int | None = 0) -> Any:
        return json.loads(self(*args, "--json", rc=rc))

    def add_account(
        self, user: str, imap_port: int, smtp_port: int, security: str, ca: str
    ) -> None:
        self(
            "account",
            "add",
            "work",
            "--imap",
            f"127.0.0.1:{imap_port}",
            "--smtp",
            f"127.0.0.1:{smtp_port}",
            "--user",
            user,
            "--address",
            f"{user}@cm-desk.test",
            "--security",
            security,
            "--cafile",
            ca,
            "--password-stdin",
            stdin=PW + "\n",
        )

    def seed(self, dovecot: servers.Dovecot, user: str) -> int:
        """The customer's mail arrives in INBOX and comes in by ``cm-desk sync``."""
        raw = customer_mail()
        deliver_to(dovecot, user, "INBOX", raw)
        self("sync", "--json")
        with sqlite3.connect(self.home / "cm-desk.sqlite3") as db:
            [(item,)] = db.execute("SELECT id FROM items WHERE raw_sha = ?", (raw_digest(raw),))
        return int(item)

    def assert_password_nowhere(self) -> None:
        assert all(PW not in text for text in self.printed)
        for path in self.home.rglob("*"):
            if path.is_file():
                assert PW.encode() not in path.read_bytes(), path


def test_reply_round_trip(
    keyring_env: dict[str, str], tmp_path: Path, dovecot: servers.Dovecot, smtps: servers.Smtp
) -> None:
    cli = Cli(keyring_env, tmp_path / "ws")
    user = new_user(dovecot, smtps)
    cli.add_account(user, dovecot.imaps_port, smtps.port, "tls", str(dovecot.cafile))
    item = cli.seed(dovecot, user)

    result = cli.json("reply", str(item), "--message", "Beste Fatima,\n\nHet pakket is onderweg.")
    assert isinstance(result, dict) and result["state"] == "sent", result
    assert result["to"] == ["fatima@customer.example"] and result["warnings"] == []

    [received] = smtps.received
    assert smtps.rcpts == [["fatima@customer.example"]]
    assert header(received, "From") == f"{user}@cm-desk.test"
    assert header(received, "Message-ID") == f"<{result['message_id']}>"
    assert header(received, "In-Reply-To") == f"<{ORIGINAL_ID}>"
    assert header(received, "References").split() == [
        "<Root-1@Customer.Example>",
        f"<{ORIGINAL_ID}>",
    ]
    assert header(received, "Subject") == "Re: Mijn bestelling is niet aangekomen"
    # In Sent with \Seen, byte for byte what the SMTP server got.
    [(copy, flags)] = imap_folder(dovecot, user, "Sent")
    assert copy == received and "\\Seen" in flags
    # The original is \Answered on the server and here.
    [(_, inbox_flags)] = imap_folder(dovecot, user, "INBOX")
    assert "\\Answered" in inbox_flags
    store = open_store(Workspace(cli.home))
    try:
        answered_at, location_flags = local_state(store, item)
        assert answered_at is not None and location_flags == ["\\Answered"]
        with store.engine.connect() as conn:
            ours = conn.execute(
                select(Item.direction, Item.conversation_id, Item.raw_sha).where(
                    Item.message_id == result["message_id"]
                )
            ).one()
            original_conv = conn.execute(
                select(Item.conversation_id).where(Item.id == item)
            ).scalar()
        # The reply threads into the conversation at once, as the bytes a sync will find.
        assert ours.direction == Direction.OUT.value and ours.conversation_id == original_conv
        assert ours.raw_sha == raw_digest(copy)
    finally:
        store.close()

    # The next sync finds the Sent copy known already (same bytes): nothing new, nothing
    # to push (the server's \Answered is recorded), and the reply is filed under Sent.
    synced = cli.json("sync")
    assert isinstance(synced, dict) and synced["accounts"][0]["items_added"] == 0, synced
    assert all(f["pushed"] == 0 for f in synced["accounts"][0]["folders"]), synced
    with sqlite3.connect(cli.home / "cm-desk.sqlite3") as db:
        [(folder, flags)] = db.execute(
            "SELECT m.name, l.flags FROM mail_locations l JOIN mailboxes m ON m.id = l.mailbox_id"
            " JOIN items i ON i.id = l.item_id WHERE i.message_id = ?",
            (result["message_id"],),
        )
    assert (folder, flags) == ("Sent", "\\Seen")

    listed = cli.json("outbox", "list", "--all")
    assert isinstance(listed, list) and [e["state"] for e in listed] == ["sent"]
    assert cli("outbox", "send").strip() == "nothing to send"
    assert len(smtps.received) == 1
    cli("reply", "999", "--message", "x", rc=1)  # a --debug failure: still no password
    cli.assert_password_nowhere()


def test_offline_reply_waits_then_goes_exactly_once(
    keyring_env: dict[str, str], tmp_path: Path, dovecot: servers.Dovecot
) -> None:
    cli = Cli(keyring_env, tmp_path / "ws")
    user = new_user(dovecot, None)
    port = servers.free_port()  # nothing listens here yet: the SMTP server is down
    cli.add_account(user, dovecot.imap_port, port, "starttls", str(dovecot.cafile))
    item = cli.seed(dovecot, user)

    result = cli.json("reply", str(item), "--message", "We zoeken het uit.")
    assert isinstance(result, dict) and result["state"] == "queued", result
    assert "refused" in str(result["detail"])
    human = cli("outbox", "send")
    assert "waiting" in human and "refused" in human

    smtp = servers.start_smtp(dovecot.root, implicit_tls=False, port=port)
    try:
        smtp.users.add(user)
        sent = cli.json("outbox", "send")
        assert isinstance(sent, list) and [o["state"] for o in sent] == ["sent"], sent
        assert cli("outbox", "send").strip() == "nothing to send"
        assert len(smtp.received) == 1
        assert header(smtp.received[0], "Message-ID") == f"<{result['message_id']}>"
    finally:
        smtp.stop()
    [(_, inbox_flags)] = imap_folder(dovecot, user, "INBOX")
    assert "\\Answered" in inbox_flags
    cli.assert_password_nowhere()


@pytest.mark.parametrize("server_files_copy", [False, True], ids=["no-copy", "copy-in-sent"])
def test_crash_right_after_the_server_accepted(
    keyring_env: dict[str, str],
    tmp_path: Path,
    dovecot: servers.Dovecot,
    smtps: servers.Smtp,
    server_files_copy: bool,
) -> None:
    cli = Cli(keyring_env, tmp_path / "ws")
    user = new_user(dovecot, smtps)
    cli.add_account(user, dovecot.imaps_port, smtps.port, "tls", str(dovecot.cafile))
    item = cli.seed(dovecot, user)
    killer = smtp_faults.KillOnAccept()
    if server_files_copy:  # like Gmail: the server files it in Sent, we must not APPEND
        killer.before_kill = smtp_faults.files_in_sent(dovecot, user)
        with sqlite3.connect(cli.home / "cm-desk.sqlite3") as db:
            db.execute("UPDATE accounts SET sent_copy = 0")
    smtps.on_data = killer

    proc = subprocess.Popen(
        cli.argv("reply", str(item), "--message", "Het is opgelost."),
        env=keyring_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    killer.pid = proc.pid
    out, err = proc.communicate(timeout=120)
    cli.printed += [out, err]
    assert proc.returncode == -signal.SIGKILL, (out, err)
    assert len(smtps.received) == 1
    smtps.on_data = None

    if server_files_copy:
        settled = cli.json("outbox", "send")
        assert isinstance(settled, list) and [o["state"] for o in settled] == ["sent"]
        assert "copy is in Sent" in settled[0]["detail"]
        assert len(imap_folder(dovecot, user, "Sent")) == 1  # the server's copy, no second
        [(_, inbox_flags)] = imap_folder(dovecot, user, "INBOX")
        assert "\\Answered" in inbox_flags
    else:
        for _ in range(2):  # asked again and again, never sent on its own
            settled = cli.json("outbox", "send", rc=1)
            assert isinstance(settled, list) and [o["state"] for o in settled] == ["uncertain"]
        [entry] = cli.json("outbox", "list")
        assert entry["state"] == "uncertain"
        assert "outbox resend 1" in entry["last_error"] and "discard 1" in entry["last_error"]
        assert len(smtps.received) == 1
        again = cli.json("outbox", "resend", "1")  # the user's say
        assert isinstance(again, dict) and again["state"] == "sent"
        assert len(smtps.received) == 2
        assert header(smtps.received[1], "Message-ID") == header(smtps.received[0], "Message-ID")
    assert cli("outbox", "send").strip() == "nothing to send"
    cli.assert_password_nowhere()


def test_cli_refuses_injected_addresses_in_one_line(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    store = open_store(Workspace(home))
    try:
        with store.write() as conn:
            conn.execute(
                insert(Account).values(
                    name="work",
                    address="sam@cm-desk.test",
                    smtp_host="127.0.0.1",
                    imap_host="127.0.0.1",
                    username="sam",
                    created_at=0,
                )
            )
            Ingestor(1, me=["sam@cm-desk.test"]).add_messages(
                conn, [parse_message(customer_mail())]
            )
    finally:
        store.close()
    for to in ("john@x.example\r\nBcc: evil@y.example", "john@x.example, evil@y.example"):
        proc = subprocess.run(
            [sys.executable, "-m", "cm_desk", "forward", "1", "--to", to, "--home", str(home)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 1
        assert proc.stderr.startswith("cm-desk: error:") and len(proc.stderr.splitlines()) == 1
    with sqlite3.connect(home / "cm-desk.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM outbox").fetchone() == (0,)


def test_new_mail_to_a_mentions_author_threads_into_the_mention(desk: Desk) -> None:
    from cm_desk.domain.models import NewMention
    from cm_desk.store.person import mail_address
    from cm_desk.store.queries import person_of_item
    from cm_desk.store.schema import OutboxEntry, ThreadId
    from cm_desk.triage.people import merge_people

    post = NewMention(
        source_url="",
        url="https://forum.example/t/42",
        guid="forum-42",
        title="cm-desk ate my drafts",
        author="Noor",
        author_handle="noor_dev",
        network="forum",
        published=T0,
        text="Lost two drafts after the update.",
    )
    with desk.store.write() as conn:
        Ingestor(None).add_mentions(conn, None, [post])
        mention = conn.execute(select(Item.id).where(Item.guid == "forum-42")).scalar_one()
        assert mail_address(conn, mention) is None  # a stranger's handle: no address
    ingestor = Ingestor(desk.account_id, me=[desk.address])

    def from_noor(conn: Any, head: str) -> None:
        raw = f"From: Noor <noor@example.org>\r\nTo: {desk.address}\r\n{head}\r\n\r\nHi\r\n"
        ingestor.add_messages(conn, [parse_message(raw.encode())])

    # The CM learns the handle is Noor who also mails us: one person.
    with desk.store.write() as conn:
        from_noor(
            conn,
            "Subject: hello\r\nMessage-ID: <noor1@example.org>\r\n"
            "Date: Mon, 23 Nov 2026 08:00:00 +0000",
        )
        by_mail = conn.execute(
            select(Item.id).where(Item.message_id == "noor1@example.org")
        ).scalar_one()
        keep, other = person_of_item(conn, by_mail), person_of_item(conn, mention)
    assert keep is not None and other is not None
    merge_people(desk.store, keep, other)
    with desk.store.engine.connect() as conn:
        found = mail_address(conn, mention)
        conversation = conn.execute(
            select(Item.conversation_id).where(Item.id == mention)
        ).scalar_one()
    assert found is not None and found.addr == "noor@example.org"

    q = outbox.queue_new(
        desk.store, mention, found, "About your post", "Hoi Noor, which version?", now=T0
    )
    with desk.store.engine.connect() as conn:
        entry = conn.execute(select(OutboxEntry).where(OutboxEntry.id == q.entry_id)).one()
        filed = conn.execute(
            select(ThreadId.conversation_id).where(ThreadId.message_id == q.message_id)
        ).scalar_one()
    assert (entry.kind, entry.conversation_id, filed) == ("new", conversation, conversation)
    [sent] = desk.deliver(T0)
    assert sent.state == OutboxState.SENT
    [raw] = desk.smtp.received
    assert header(raw, "To") == "Noor <noor@example.org>"
    assert header(raw, "Subject") == "About your post" and header(raw, "In-Reply-To") == ""
    with desk.store.engine.connect() as conn:
        ours = conn.execute(
            select(Item.conversation_id, Item.direction).where(Item.message_id == q.message_id)
        ).one()
        answered = conn.execute(select(Item.answered_at).where(Item.id == mention)).scalar()
    assert tuple(ours) == (conversation, Direction.OUT.value)
    assert answered is not None  # the mention counts as answered
    # Noor's answer to our mail lands in the same conversation.
    with desk.store.write() as conn:
        from_noor(
            conn,
            "Subject: Re: About your post\r\nMessage-ID: <noor2@example.org>\r\n"
            f"In-Reply-To: <{q.message_id}>\r\nDate: Tue, 24 Nov 2026 08:00:00 +0000",
        )
        again = conn.execute(
            select(Item.conversation_id).where(Item.message_id == "noor2@example.org")
        ).scalar_one()
    assert again == conversation
    with pytest.raises(ComposeError, match="subject"):
        outbox.queue_new(desk.store, mention, found.addr, " ", "text", now=T0)

"""``cm-desk sync`` against a real Dovecot: full and incremental sync, flags both
ways, expunges, a UIDVALIDITY reset, the mass-delete brake, secrets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration import nasty_mail, server_mail, servers
from tests.integration.sync_support import SyncedAccount, new_account


def _msg(i: int, subject: str = "Question", sender: str = "bob@example.com") -> bytes:
    return (
        f"From: Bob <{sender}>\r\nTo: robin@hub.example.org\r\nSubject: {subject} {i}\r\n"
        f"Message-ID: <q{i}-{subject.replace(' ', '')}@example.com>\r\n"
        f"Date: Mon, 23 Nov 2026 10:{i % 60:02d}:00 +0000\r\n\r\nBody {i}\r\n"
    ).encode()


def _server(acc: SyncedAccount, folder: str = "INBOX") -> tuple[int, dict[int, str]]:
    state = server_mail.server_state(acc.dovecot, acc.user, folder)
    return state.uidvalidity, {uid: digest for uid, (_flags, digest) in state.messages.items()}


def _in_step(acc: SyncedAccount, folder: str = "INBOX") -> None:
    assert acc.local(folder) == _server(acc, folder)


@pytest.fixture()
def account(dovecot: servers.Dovecot, keyring_env: dict[str, str], tmp_path: Path) -> SyncedAccount:
    return new_account(dovecot, keyring_env, tmp_path)


def test_full_sync_of_nasty_mail_matches_the_server(
    dovecot: servers.Dovecot, keyring_env: dict[str, str], tmp_path: Path
) -> None:
    acc = new_account(dovecot, keyring_env, tmp_path, security="tls")
    messages = nasty_mail.nasty_messages()
    server_mail.append_many(dovecot, acc.user, "INBOX", [raw for _name, raw in messages])
    server_mail.append(
        dovecot, acc.user, "Sent", _msg(1, "Re: Question", "robin@hub.example.org"), ("\\Seen",)
    )
    done = acc.sync()
    assert done.returncode == 0, done.stderr
    _in_step(acc)
    _in_step(acc, "Sent")
    assert acc.raw_ok()
    assert acc.integrity() == "ok"
    # Nothing fetched was marked read by the fetch itself (BODY.PEEK).
    flags = server_mail.server_state(dovecot, acc.user, "INBOX").messages
    assert not any("\\Seen" in f for f, _ in flags.values())
    before = acc.fingerprint()
    again = acc.sync("--json")
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert all(f["unchanged"] for f in report["accounts"][0]["folders"])
    assert acc.fingerprint() == before


def test_incremental_new_mail_flags_both_ways_and_expunge(account: SyncedAccount) -> None:
    acc = account
    uids = server_mail.append_many(acc.dovecot, acc.user, "INBOX", [_msg(i) for i in range(8)])
    assert acc.sync().returncode == 0
    acc.execute(
        "INSERT INTO notes (conversation_id, item_id, author, body, created_at) "
        "SELECT i.conversation_id, i.id, '', 'call back', 0 FROM items i "
        "JOIN mail_locations l ON l.item_id = i.id WHERE l.uid = ?",
        (uids[2],),
    )

    # The server side: new mail, a flag set by another client, an expunge.
    new_uid = server_mail.append(acc.dovecot, acc.user, "INBOX", _msg(100))
    server_mail.set_flags(acc.dovecot, acc.user, "INBOX", uids[0], add=("\\Seen", "\\Flagged"))
    server_mail.expunge(acc.dovecot, acc.user, "INBOX", [uids[2]])
    # Our side: the CM read one and flagged another here.
    acc.execute(
        "UPDATE items SET seen = 1 WHERE id = (SELECT item_id FROM mail_locations WHERE uid = ?)",
        (uids[1],),
    )
    acc.execute(
        "UPDATE items SET flagged = 1 WHERE id = "
        "(SELECT item_id FROM mail_locations WHERE uid = ?)",
        (uids[3],),
    )
    done = acc.sync("--json")
    assert done.returncode == 0, done.stderr
    inbox = json.loads(done.stdout)["accounts"][0]["folders"][0]
    assert (inbox["added"], inbox["gone"], inbox["flags_changed"], inbox["pushed"]) == (1, 1, 1, 2)
    _in_step(acc)
    assert new_uid in acc.local()[1]
    seen, flagged = acc.query(
        "SELECT seen, flagged FROM items WHERE id = "
        "(SELECT item_id FROM mail_locations WHERE uid = ?)",
        (uids[0],),
    )[0]
    assert (seen, flagged) == (1, 1)
    server = server_mail.server_state(acc.dovecot, acc.user, "INBOX").messages
    assert "\\Seen" in server[uids[1]][0]
    assert "\\Flagged" in server[uids[3]][0]
    # The expunged message is kept, marked gone, with its note.
    gone = acc.query(
        "SELECT l.gone_at IS NOT NULL, (SELECT count(*) FROM notes n WHERE n.item_id = l.item_id) "
        "FROM mail_locations l WHERE l.uid = ?",
        (uids[2],),
    )
    assert gone == [(1, 1)]
    before = acc.fingerprint()
    assert acc.sync().returncode == 0
    assert acc.fingerprint() == before


def test_uidvalidity_reset_remaps_without_downloading_or_losing_notes(
    account: SyncedAccount,
) -> None:
    acc = account
    server_mail.append_many(acc.dovecot, acc.user, "INBOX", [_msg(i) for i in range(6)])
    assert acc.sync().returncode == 0
    old_uv, _ = acc.local()
    acc.execute(
        "INSERT INTO notes (conversation_id, item_id, author, body, created_at) "
        "SELECT conversation_id, id, '', 'vip', 0 FROM items"
    )
    items_before = int(str(acc.query("SELECT count(*) FROM items")[0][0]))
    server_mail.recreate_folder(acc.dovecot, acc.user, "INBOX")
    server_mail.append(acc.dovecot, acc.user, "INBOX", _msg(50))
    done = acc.sync("--json")
    assert done.returncode == 0, done.stderr
    inbox = json.loads(done.stdout)["accounts"][0]["folders"][0]
    assert inbox["remapped"] == 6 and inbox["added"] == 1
    new_uv, _ = acc.local()
    assert new_uv != old_uv
    _in_step(acc)
    assert acc.query("SELECT count(*) FROM items")[0][0] == items_before + 1
    assert acc.query("SELECT count(*) FROM notes")[0][0] == 6


def test_mass_delete_is_held_back_until_confirmed(account: SyncedAccount) -> None:
    acc = account
    uids = server_mail.append_many(acc.dovecot, acc.user, "INBOX", [_msg(i) for i in range(10)])
    assert acc.sync().returncode == 0
    server_mail.expunge(acc.dovecot, acc.user, "INBOX", uids[:7])
    held = acc.sync()
    assert held.returncode == 1
    assert "7 of the 10" in held.stderr and "--allow-deletes" in held.stderr
    assert len(acc.local()[1]) == 10  # nothing marked gone
    assert acc.sync().returncode == 1  # asked again, not forgotten
    done = acc.sync("--allow-deletes")
    assert done.returncode == 0, done.stderr
    _in_step(acc)
    assert acc.query("SELECT count(*) FROM items")[0][0] == 10


def test_small_expunges_do_not_trip_the_brake(account: SyncedAccount) -> None:
    acc = account
    uids = server_mail.append_many(acc.dovecot, acc.user, "INBOX", [_msg(i) for i in range(3)])
    assert acc.sync().returncode == 0
    server_mail.expunge(acc.dovecot, acc.user, "INBOX", uids[:2])
    assert acc.sync().returncode == 0
    _in_step(acc)


def test_wrong_password_and_unreachable_server_are_one_line(
    account: SyncedAccount, tmp_path: Path
) -> None:
    acc = account
    acc.execute("UPDATE accounts SET imap_port = ?", (servers.free_port(),))
    down = acc.sync()
    assert down.returncode == 1
    assert "refused" in down.stderr and "Traceback" not in down.stderr
    acc.execute("UPDATE accounts SET imap_port = ?", (acc.port,))
    acc.execute("UPDATE accounts SET username = 'nobody-here'")
    bad = acc.sync("--debug")
    assert bad.returncode == 1
    assert "refused the user name or password" in bad.stderr


def test_password_is_only_in_the_keyring(account: SyncedAccount) -> None:
    acc = account
    server_mail.append_many(acc.dovecot, acc.user, "INBOX", [_msg(i) for i in range(3)])
    outputs = [acc.sync("--debug"), acc.sync("--json", "--debug")]
    acc.execute("UPDATE accounts SET imap_port = ?", (servers.free_port(),))
    outputs.append(acc.sync("--debug"))
    secret = servers.PASSWORD.encode()
    for out in outputs:
        assert servers.PASSWORD not in out.stdout + out.stderr
    for path in acc.home.rglob("*"):
        if path.is_file():
            assert secret not in path.read_bytes(), path


def test_more_folders_are_followed_on_request(account: SyncedAccount) -> None:
    acc = account
    server_mail.create_folder(acc.dovecot, acc.user, "Klachten")
    server_mail.append_many(
        acc.dovecot, acc.user, "Klachten", [_msg(i, "Klacht") for i in range(3)]
    )
    server_mail.append(acc.dovecot, acc.user, "INBOX", _msg(1))
    added = acc.cm("account", "folders", "work", "--add", "Klachten")
    assert added.returncode == 0, added.stderr
    assert acc.sync().returncode == 0
    _in_step(acc, "Klachten")
    listed = json.loads(acc.cm("account", "folders", "work", "--json").stdout)
    assert [(f["folder"], f["messages"]) for f in listed] == [
        ("INBOX", 1),
        ("Sent", 0),
        ("Klachten", 3),
    ]
    assert acc.cm("account", "folders", "work", "--remove", "Klachten").returncode == 0
    server_mail.append(acc.dovecot, acc.user, "Klachten", _msg(9, "Klacht"))
    assert acc.sync().returncode == 0
    assert len(acc.local("Klachten")[1]) == 3  # no longer followed; what we had stays
    bad = acc.cm("account", "folders", "work", "--remove", "Nope")
    assert bad.returncode == 1 and "not a folder added" in bad.stderr


def test_a_followed_folder_deleted_on_the_server_is_named_not_a_crash(
    account: SyncedAccount,
) -> None:
    acc = account
    server_mail.create_folder(acc.dovecot, acc.user, "Archief")
    assert acc.cm("account", "folders", "work", "--add", "Archief").returncode == 0
    assert acc.sync().returncode == 0
    server_mail.delete_folder(acc.dovecot, acc.user, "Archief")
    done = acc.sync()
    assert done.returncode == 1 and "Archief" in done.stderr and "refused to open" in done.stderr
    assert "INBOX: up to date" in done.stdout


def test_changed_since_reports_flag_changes_and_expunges_after_a_modseq(
    dovecot: servers.Dovecot,
) -> None:
    """The cheap follow-up to our own flag pushes (instead of a second SELECT)."""
    from cm_desk.mail.connect import Endpoint
    from cm_desk.mail.imap import ImapClient

    user = dovecot.new_user()
    uids = server_mail.append_many(dovecot, user, "INBOX", [_msg(i) for i in range(4)])
    client = ImapClient.connect(Endpoint("127.0.0.1", dovecot.imap_port, "none"))
    try:
        client.login(user, servers.PASSWORD)
        client.enable("QRESYNC")
        sel = client.select("INBOX", known=None)
        assert sel.highestmodseq is not None
        assert client.changed_since(sel.highestmodseq) == ([], [])
        # Another client flags one message and expunges another...
        server_mail.set_flags(dovecot, user, "INBOX", uids[1], add=("\\Flagged",))
        server_mail.expunge(dovecot, user, "INBOX", [uids[3]])
        vanished, changed = client.changed_since(sel.highestmodseq)
        assert vanished == [uids[3]]
        assert [r.uid for r in changed] == [uids[1]]
        assert "\\Flagged" in (changed[0].flags or ())
        assert changed[0].modseq is not None and changed[0].modseq > sel.highestmodseq
        # No flag changed since the newest of those changes (the expunge may be
        # reported once more: sync ignores messages already marked gone).
        vanished, changed = client.changed_since(changed[0].modseq)
        assert changed == [] and set(vanished) <= {uids[3]}
        client.logout()
    finally:
        client.close()

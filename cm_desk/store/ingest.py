"""Bulk writes of parsed mail and mentions: items, people, threads, full-text index.

One call writes one batch in one transaction (the caller holds the write lock
for it), so a batch is either wholly in the store or not at all: a killed
import resumes by simply running again. Messages are deduplicated by the
digest of their raw bytes, so the same message never lands twice while two
different messages that share a Message-ID are both kept.

Threading is incremental JWZ, as notmuch does it: every Message-ID a message
has or references maps to a conversation; a message joining two
conversations merges them; a reply with no known references falls back to
the conversation with the same subject key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cm_desk.domain.models import (
    Changes,
    Direction,
    ItemKind,
    NewMention,
    ParsedMessage,
    Triage,
)
from cm_desk.domain.threading import is_forward, strip_prefixes, subject_key
from cm_desk.store import dialect
from cm_desk.store.indexing import index_row, people_text
from cm_desk.store.rule_apply import apply_rules
from cm_desk.store.sql import Sql
from cm_desk.store.sqlutil import make_sort_key

SPAM_THRESHOLD = 0.5
SUBJECT_WINDOW = 30 * 86400  # seconds: how far apart a reference-less reply may join by subject


# Tables whose rows belong to a conversation (moved along when two merge).
_CONVERSATION_PARTS = ("items", "thread_ids", "promises", "notes", "escalations")


def _now() -> int:
    return int(datetime.now(UTC).timestamp())


@dataclass
class _Threads:
    """Union-find over conversation ids for one batch, backed by ``thread_ids``."""

    db: Sql
    by_msgid: dict[str, int] = field(default_factory=dict)
    by_subject: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (conv, ts)
    parent: dict[int, int] = field(default_factory=dict)
    new_ids: dict[str, int] = field(default_factory=dict)
    merged: dict[int, int] = field(default_factory=dict)

    def find(self, conv: int) -> int:
        while conv in self.parent:
            conv = self.parent[conv]
        return conv

    def preload(self, msgids: set[str]) -> None:
        wanted = sorted(m for m in msgids if m not in self.by_msgid)
        for mid, conv in self.db.rows_in(
            "SELECT message_id, conversation_id FROM thread_ids WHERE message_id IN ({in})", wanted
        ):
            self.by_msgid[mid] = conv

    def by_subject_key(self, key: str, account_id: int | None, ts: int) -> int | None:
        """A recent conversation of the same account with this subject key.

        Only for replies that carry no references at all (broken clients):
        bounded by account and by time so that a stranger's "Re: question"
        months later never lands in someone else's conversation.
        """
        if key in self.by_subject:
            conv, seen = self.by_subject[key]
            if abs(ts - seen) <= SUBJECT_WINDOW:
                return self.find(conv)
        same_account = "account_id IS NULL" if account_id is None else "account_id = ?"
        found = self.db.scalar(
            "SELECT id FROM conversations WHERE subject_key = ? AND last_activity_at >= ? "
            f"AND created_at <= ? AND {same_account} ORDER BY last_activity_at DESC LIMIT 1",
            [key, ts - SUBJECT_WINDOW, ts + SUBJECT_WINDOW]
            + ([] if account_id is None else [account_id]),
        )
        if found is None:
            return None
        self.by_subject[key] = (int(found), ts)
        return int(found)

    def join(self, convs: set[int]) -> int:
        """The surviving conversation of a set (the oldest id); records merges."""
        roots = {self.find(c) for c in convs}
        target = min(roots)
        for other in roots - {target}:
            self.parent[other] = target
            self.merged[other] = target
        return target


class Ingestor:
    """Writes parsed messages of one account (or mentions of one source)."""

    def __init__(self, account_id: int | None, me: Iterable[str] = ()) -> None:
        self.account_id = account_id
        self.me = {a.lower() for a in me}

    # -- people ---------------------------------------------------------
    @staticmethod
    def _identities(
        conn: object, network: str, wanted: dict[str, str], me: frozenset[str] = frozenset()
    ) -> dict[str, int]:
        """Identity ids for ``{value: display name}``, creating people as needed.

        Values in ``me`` are the CM's own: their person is marked ``is_me``.
        """
        db = Sql.of(conn)
        found: dict[str, int] = {}
        values = sorted(wanted)
        found.update(
            db.rows_in(
                "SELECT value, id FROM identities WHERE network = ? AND value IN ({in})",
                values,
                [network],
            )
        )
        missing = [v for v in values if v not in found]
        if missing:
            now = _now()
            next_person = (db.scalar("SELECT max(id) FROM people") or 0) + 1
            next_ident = (db.scalar("SELECT max(id) FROM identities") or 0) + 1
            people, idents = [], []
            for i, value in enumerate(missing):
                name = wanted[value]
                people.append(
                    {
                        "id": next_person + i,
                        "display_name": name,
                        "is_me": value in me,
                        "created_at": now,
                    }
                )
                idents.append(
                    {
                        "id": next_ident + i,
                        "person_id": next_person + i,
                        "network": network,
                        "value": value,
                        "display_name": name,
                    }
                )
                found[value] = next_ident + i
            db.insert("people", people)
            db.insert("identities", idents)
        return found

    # -- mail -----------------------------------------------------------
    def add_messages(self, conn: object, batch: Sequence[ParsedMessage]) -> Changes:
        """Store a batch of messages in the caller's transaction."""
        db = Sql.of(conn)
        changes = Changes()
        unique: dict[str, ParsedMessage] = {}
        for msg in batch:
            unique.setdefault(msg.raw_sha, msg)
        same_account = "account_id IS NULL" if self.account_id is None else "account_id = ?"
        for (sha,) in db.rows_in(
            f"SELECT raw_sha FROM items WHERE {same_account} AND raw_sha IN ({{in}})",
            list(unique),
            [] if self.account_id is None else [self.account_id],
        ):
            unique.pop(sha, None)
        changes.skipped_duplicates = len(batch) - len(unique)
        msgs = sorted(unique.values(), key=lambda m: m.date.timestamp() if m.date else 0)
        if not msgs:
            return changes

        now = _now()
        senders = {m.sender.addr: m.sender.name for m in msgs if m.sender and m.sender.addr}
        ident_ids = self._identities(db, "email", senders, frozenset(self.me))
        if self.me & senders.keys():
            db.run_in(
                "UPDATE people SET is_me = ? WHERE is_me = ? AND id IN "
                "(SELECT person_id FROM identities WHERE network = ? AND value IN ({in}))",
                sorted(self.me),
                [True, False, "email"],
            )

        threads = _Threads(db)
        all_ids: set[str] = set()
        for m in msgs:
            all_ids.update(m.references, m.in_reply_to)
            if m.message_id:
                all_ids.add(m.message_id)
        threads.preload(all_ids)

        next_item = (db.scalar("SELECT max(id) FROM items") or 0) + 1
        next_conv = (db.scalar("SELECT max(id) FROM conversations") or 0) + 1
        new_convs: dict[int, dict[str, object]] = {}
        touched: dict[int, int] = {}  # conversation -> newest date in batch
        items, raws, fts = [], [], []
        atts: list[dict[str, object]] = []
        has_outbound = set()
        for offset, m in enumerate(msgs):
            item_id = next_item + offset
            ts = int(m.date.timestamp()) if m.date else now
            refs = [r for r in (*m.references, *m.in_reply_to) if r]
            ids = [m.message_id, *refs] if m.message_id else refs
            convs = {threads.by_msgid[x] for x in ids if x in threads.by_msgid}
            base, is_reply = strip_prefixes(m.subject)
            key = subject_key(m.subject)
            if not convs and key and is_reply and not refs:
                found = threads.by_subject_key(key, self.account_id, ts)
                if found is not None:
                    convs = {found}
            if convs:
                conv = threads.join(convs)
            else:
                conv = next_conv
                next_conv += 1
                new_convs[conv] = {
                    "id": conv,
                    "subject": base or m.subject,
                    "subject_key": key,
                    "account_id": self.account_id,
                    "created_at": ts,
                    "last_activity_at": ts,
                }
            if key:
                threads.by_subject[key] = (conv, ts)
            for x in ids:
                if x not in threads.by_msgid:
                    threads.new_ids[x] = conv
                threads.by_msgid.setdefault(x, conv)
            touched[conv] = max(touched.get(conv, 0), ts)
            sender = m.sender
            outbound = bool(sender and sender.addr in self.me)
            forward = outbound and is_forward(m.subject)
            direction = Direction.OUT if outbound else Direction.IN
            if forward:
                direction = Direction.FORWARD  # ours, but it answers nobody
            elif outbound:
                has_outbound.add(conv)
            if outbound or (m.auto_submitted and m.spam_score < SPAM_THRESHOLD):
                triage = Triage.DONE  # ours, or an auto-reply nobody waits on
            elif m.spam_score >= SPAM_THRESHOLD:
                triage = Triage.SPAM
            else:
                triage = Triage.OPEN if m.seen else Triage.NEW
            sort_key = make_sort_key(ts, item_id)
            items.append(
                {
                    "id": item_id,
                    "sort_key": sort_key,
                    "kind": ItemKind.MAIL.value,
                    "direction": direction.value,
                    "triage": triage.value,
                    "account_id": self.account_id,
                    "source_id": None,
                    "conversation_id": conv,
                    "from_identity_id": ident_ids.get(sender.addr) if sender else None,
                    "from_name": sender.name if sender else "",
                    "from_addr": sender.addr if sender else "",
                    "to_addrs": ", ".join(a.addr for a in m.to),
                    "cc_addrs": ", ".join(a.addr for a in m.cc),
                    "subject": m.subject,
                    "date": ts,
                    "received_at": now,
                    "message_id": m.message_id,
                    "in_reply_to": " ".join(m.in_reply_to),
                    "references": " ".join(m.references),
                    "url": "",
                    "guid": "",
                    "body_text": m.text,
                    "body_html": m.html,
                    "language": m.language,
                    "raw_sha": m.raw_sha,
                    "size": len(m.raw),
                    "has_attachments": any(not a.inline for a in m.attachments),
                    "parse_error": m.parse_error,
                    "spam_score": m.spam_score,
                    "seen": m.seen or outbound,
                    "flagged": m.flagged,
                    "answered_at": ts if m.answered and not outbound else None,
                    "snoozed_until": None,
                }
            )
            raws.append({"item_id": item_id, "raw": m.raw})
            atts.extend(
                {
                    "item_id": item_id,
                    "part": a.part,
                    "filename": a.filename,
                    "content_type": a.content_type,
                    "size": a.size,
                    "content_id": a.content_id,
                    "inline": a.inline,
                }
                for a in m.attachments
            )
            fts.append(
                index_row(
                    sort_key,
                    m.subject,
                    people_text([sender] if sender else []),
                    people_text((*m.to, *m.cc)),
                    m.text,
                )
            )

        self._apply_merges(db, threads.merged)
        final_touched: dict[int, int] = {}
        for conv, ts in touched.items():
            root = threads.find(conv)
            final_touched[root] = max(final_touched.get(root, 0), ts)
        # A conversation born in this batch but merged into another one is not
        # written at all, and a surviving one is as recent as its newest message.
        new_rows = []
        for conv, row in new_convs.items():
            if conv not in threads.merged:
                row["last_activity_at"] = final_touched[conv]
                new_rows.append(row)
        db.insert("conversations", new_rows)
        for item in items:
            item["conversation_id"] = threads.find(int(item["conversation_id"]))  # type: ignore[arg-type]
        surviving_new = {int(r["id"]) for r in new_rows}  # type: ignore[call-overload]
        self._answered_by_earlier_replies(db, items, surviving_new)
        db.insert("items", items)
        apply_rules(db, items)
        db.insert("item_raw", raws)
        db.insert("attachments", atts)
        db.many(
            "INSERT INTO thread_ids (message_id, conversation_id) VALUES (?, ?)",
            [(k, threads.find(v)) for k, v in threads.new_ids.items()],
        )
        dialect.fts_insert(db.cursor(), fts)
        self._touch(db, final_touched, surviving_new)
        # Our own new mail answers what came before it in its conversation, and
        # a merge can bring an older question and our later reply together.
        self._mark_answered(
            db,
            {threads.find(c) for c in has_outbound}
            | {threads.find(c) for c in threads.merged.values()},
        )
        changes.items_added = len(items)
        changes.conversations = set(final_touched)
        changes.unparseable = sum(1 for m in msgs if m.parse_error)
        return changes

    @staticmethod
    def _apply_merges(db: Sql, merged: dict[int, int]) -> None:
        """Fold merged conversations (and everything hanging off them) into the survivor."""
        if not merged:
            return

        def root(c: int) -> int:
            while c in merged:
                c = merged[c]
            return c

        for loser in merged:
            target = root(loser)
            last = db.scalar("SELECT last_activity_at FROM conversations WHERE id = ?", [loser])
            if last is not None:  # None: born in this batch and never written
                # The survivor is as recent as the newer of the two.
                db.run(
                    "UPDATE conversations SET last_activity_at = ? "
                    "WHERE id = ? AND last_activity_at < ?",
                    [last, target, last],
                )
            for table in _CONVERSATION_PARTS:
                db.run(
                    f"UPDATE {table} SET conversation_id = ? WHERE conversation_id = ?",
                    [target, loser],
                )
            db.run("DELETE FROM conversations WHERE id = ?", [loser])

    @staticmethod
    def _touch(db: Sql, touched: dict[int, int], new: set[int]) -> None:
        """Move existing conversations' last activity forward (one statement, many rows)."""
        db.many(
            "UPDATE conversations SET last_activity_at = ? WHERE id = ? AND last_activity_at < ?",
            [(ts, c, ts) for c, ts in touched.items() if c not in new],
        )

    @staticmethod
    def _answered_by_earlier_replies(
        db: Sql, items: list[dict[str, object]], new_convs: set[int]
    ) -> None:
        """New inbound mail in a conversation we already replied in later is answered.

        (Imports meet mail in any order.) One query over the batch's existing
        conversations, instead of an UPDATE across all of them.
        """
        inbound = [
            i for i in items if i["direction"] == Direction.IN.value and i["answered_at"] is None
        ]
        wanted = sorted({int(i["conversation_id"]) for i in inbound} - new_convs)  # type: ignore[call-overload]
        replies: dict[int, list[int]] = {}
        for conv, date, direction in db.rows_in(
            "SELECT conversation_id, date, direction FROM items WHERE conversation_id IN ({in})",
            wanted,
        ):
            if direction == Direction.OUT.value:
                replies.setdefault(int(conv), []).append(int(date))
        for item in inbound:
            later = [
                d
                for d in replies.get(int(item["conversation_id"]), ())  # type: ignore[call-overload]
                if d >= int(item["date"])  # type: ignore[call-overload]
            ]
            if later:
                item["answered_at"] = min(later)

    @staticmethod
    def _mark_answered(db: Sql, convs: set[int]) -> None:
        """Inbound mail followed by our own message in its conversation is answered."""
        by_conv: dict[int, list[tuple[int, int, str, object]]] = {}
        # Selected by conversation only (the planner has no statistics to weigh
        # a direction index against it); the rest is decided here.
        for item_id, conv, date, direction, answered_at in db.rows_in(
            "SELECT id, conversation_id, date, direction, answered_at FROM items "
            "WHERE conversation_id IN ({in})",
            sorted(convs),
        ):
            by_conv.setdefault(int(conv), []).append((int(date), item_id, direction, answered_at))
        updates: list[tuple[int, int]] = []
        for rows in by_conv.values():
            replies = sorted(d for d, _, direction, _ in rows if direction == Direction.OUT.value)
            if not replies:
                continue
            for date, item_id, direction, answered_at in rows:
                if direction != Direction.IN.value or answered_at is not None:
                    continue
                later = next((r for r in replies if r >= date), None)
                if later is not None:
                    updates.append((later, item_id))
        db.many("UPDATE items SET answered_at = ? WHERE id = ? AND answered_at IS NULL", updates)

    # -- mentions -------------------------------------------------------
    def add_mentions(
        self, conn: Any, source_id: int | None, batch: Sequence[NewMention]
    ) -> Changes:
        """Store mentions from one source, deduplicated by their guid/url."""
        from cm_desk.store.mentions import add_mentions

        return add_mentions(conn, source_id, batch, self._identities)

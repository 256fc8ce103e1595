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

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

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
from cm_desk.store.rules import apply_rules
from cm_desk.store.schema import (
    Attachment,
    Conversation,
    Escalation,
    Identity,
    Item,
    ItemRaw,
    Note,
    Person,
    Promise,
    ThreadId,
    make_sort_key,
)
from cm_desk.store.sqlutil import chunks

SPAM_THRESHOLD = 0.5
SUBJECT_WINDOW = 30 * 86400  # seconds: how far apart a reference-less reply may join by subject


def _now() -> int:
    return int(datetime.now(UTC).timestamp())


@dataclass
class _Threads:
    """Union-find over conversation ids for one batch, backed by ``thread_ids``."""

    conn: Connection
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
        table = ThreadId.__table__
        for chunk in chunks(wanted):
            rows = self.conn.execute(
                select(table.c.message_id, table.c.conversation_id).where(
                    table.c.message_id.in_(chunk)
                )
            )
            for mid, conv in rows:
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
        same_account = (
            Conversation.account_id.is_(None)
            if account_id is None
            else Conversation.account_id == account_id
        )
        found = self.conn.execute(
            select(Conversation.id)
            .where(
                Conversation.subject_key == key,
                same_account,
                Conversation.last_activity_at >= ts - SUBJECT_WINDOW,
                Conversation.created_at <= ts + SUBJECT_WINDOW,
            )
            .order_by(Conversation.last_activity_at.desc())
            .limit(1)
        ).scalar()
        if found is not None:
            self.by_subject[key] = (found, ts)
        return found

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
        conn: Connection, network: str, wanted: dict[str, str], me: frozenset[str] = frozenset()
    ) -> dict[str, int]:
        """Identity ids for ``{value: display name}``, creating people as needed.

        Values in ``me`` are the CM's own: their person is marked ``is_me``.
        """
        found: dict[str, int] = {}
        values = sorted(wanted)
        for chunk in chunks(values):
            rows = conn.execute(
                select(Identity.value, Identity.id).where(
                    Identity.network == network, Identity.value.in_(chunk)
                )
            )
            found.update({value: ident for value, ident in rows})
        missing = [v for v in values if v not in found]
        if missing:
            now = _now()
            next_person = (conn.execute(select(func.max(Person.id))).scalar() or 0) + 1
            next_ident = (conn.execute(select(func.max(Identity.id))).scalar() or 0) + 1
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
            conn.execute(insert(Person), people)
            conn.execute(insert(Identity), idents)
        return found

    # -- mail -----------------------------------------------------------
    def add_messages(self, conn: Connection, batch: Sequence[ParsedMessage]) -> Changes:
        """Store a batch of messages in the caller's transaction."""
        changes = Changes()
        unique: dict[str, ParsedMessage] = {}
        for msg in batch:
            unique.setdefault(msg.raw_sha, msg)
        shas = list(unique)
        for chunk in chunks(shas):
            existing = conn.execute(
                select(Item.raw_sha).where(
                    Item.account_id == self.account_id, Item.raw_sha.in_(chunk)
                )
            ).scalars()
            for sha in existing:
                unique.pop(sha, None)
        changes.skipped_duplicates = len(batch) - len(unique)
        msgs = sorted(unique.values(), key=lambda m: m.date.timestamp() if m.date else 0)
        if not msgs:
            return changes

        now = _now()
        senders = {m.sender.addr: m.sender.name for m in msgs if m.sender and m.sender.addr}
        ident_ids = self._identities(conn, "email", senders, frozenset(self.me))
        if self.me & senders.keys():
            conn.execute(
                update(Person)
                .where(
                    Person.is_me.is_(False),
                    Person.id.in_(
                        select(Identity.person_id).where(
                            Identity.network == "email", Identity.value.in_(sorted(self.me))
                        )
                    ),
                )
                .values(is_me=True)
            )

        threads = _Threads(conn)
        all_ids: set[str] = set()
        for m in msgs:
            all_ids.update(m.references, m.in_reply_to)
            if m.message_id:
                all_ids.add(m.message_id)
        threads.preload(all_ids)

        next_item = (conn.execute(select(func.max(Item.id))).scalar() or 0) + 1
        next_conv = (conn.execute(select(func.max(Conversation.id))).scalar() or 0) + 1
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

        self._apply_merges(conn, threads.merged)
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
        if new_rows:
            conn.execute(insert(Conversation), new_rows)
        for item in items:
            item["conversation_id"] = threads.find(int(item["conversation_id"]))  # type: ignore[call-overload]
        surviving_new = {int(r["id"]) for r in new_rows}  # type: ignore[call-overload]
        self._answered_by_earlier_replies(conn, items, surviving_new)
        conn.execute(insert(Item), items)
        apply_rules(conn, items)
        conn.execute(insert(ItemRaw), raws)
        if atts:
            conn.execute(insert(Attachment), atts)
        if threads.new_ids:
            conn.execute(
                insert(ThreadId),
                [
                    {"message_id": k, "conversation_id": threads.find(v)}
                    for k, v in threads.new_ids.items()
                ],
            )
        dialect.fts_insert(conn.connection.driver_connection.cursor(), fts)  # type: ignore[union-attr]
        self._touch(conn, final_touched, surviving_new)
        # Our own new mail answers what came before it in its conversation, and
        # a merge can bring an older question and our later reply together.
        self._mark_answered(
            conn,
            {threads.find(c) for c in has_outbound}
            | {threads.find(c) for c in threads.merged.values()},
        )
        changes.items_added = len(items)
        changes.conversations = set(final_touched)
        changes.unparseable = sum(1 for m in msgs if m.parse_error)
        return changes

    @staticmethod
    def _apply_merges(conn: Connection, merged: dict[int, int]) -> None:
        """Fold merged conversations (and everything hanging off them) into the survivor."""
        if not merged:
            return

        def root(c: int) -> int:
            while c in merged:
                c = merged[c]
            return c

        for loser in merged:
            target = root(loser)
            last = conn.execute(
                select(Conversation.last_activity_at).where(Conversation.id == loser)
            ).scalar()
            if last is not None:  # None: born in this batch and never written
                # The survivor is as recent as the newer of the two.
                conn.execute(
                    update(Conversation)
                    .where(Conversation.id == target, Conversation.last_activity_at < last)
                    .values(last_activity_at=last)
                )
            for table in (Item, ThreadId, Promise, Note, Escalation):
                conn.execute(
                    update(table)
                    .where(table.conversation_id == loser)
                    .values(conversation_id=target)
                )
            conn.execute(delete(Conversation).where(Conversation.id == loser))

    @staticmethod
    def _touch(conn: Connection, touched: dict[int, int], new: set[int]) -> None:
        """Move existing conversations' last activity forward (one statement, many rows)."""
        rows = [{"cid": c, "ts": ts} for c, ts in touched.items() if c not in new]
        if rows:
            conn.execute(
                update(Conversation)
                .where(
                    Conversation.id == bindparam("cid"),
                    Conversation.last_activity_at < bindparam("ts"),
                )
                .values(last_activity_at=bindparam("ts")),
                rows,
            )

    @staticmethod
    def _answered_by_earlier_replies(
        conn: Connection, items: list[dict[str, object]], new_convs: set[int]
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
        for chunk in chunks(wanted):
            rows = conn.execute(
                select(Item.conversation_id, Item.date).where(
                    Item.conversation_id.in_(chunk), Item.direction == Direction.OUT.value
                )
            )
            for conv, date in rows:
                replies.setdefault(conv, []).append(int(date.timestamp()))
        for item in inbound:
            later = [
                d
                for d in replies.get(int(item["conversation_id"]), ())  # type: ignore[call-overload]
                if d >= int(item["date"])  # type: ignore[call-overload]
            ]
            if later:
                item["answered_at"] = min(later)

    @staticmethod
    def _mark_answered(conn: Connection, convs: set[int]) -> None:
        """Inbound mail followed by our own message in its conversation is answered."""
        if not convs:
            return
        out = Item.__table__.alias("o")
        first_reply = (
            select(func.min(out.c.date))
            .where(
                out.c.conversation_id == Item.conversation_id,
                out.c.direction == Direction.OUT.value,
                out.c.date >= Item.date,
            )
            .scalar_subquery()
        )
        for chunk in chunks(sorted(convs)):
            conn.execute(
                update(Item)
                .where(
                    Item.conversation_id.in_(chunk),
                    Item.direction == Direction.IN.value,
                    Item.answered_at.is_(None),
                    first_reply.is_not(None),
                )
                .values(answered_at=first_reply)
            )

    # -- mentions -------------------------------------------------------
    def add_mentions(
        self, conn: Connection, source_id: int | None, batch: Sequence[NewMention]
    ) -> Changes:
        """Store mentions from one source, deduplicated by their guid/url."""
        from cm_desk.store.mentions import add_mentions

        return add_mentions(conn, source_id, batch, self._identities)

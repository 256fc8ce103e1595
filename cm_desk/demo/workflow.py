"""The CM's work on the demo data after import: triage, tags, promises, escalations, notes.

Everything goes through the triage use cases (their ``_in`` forms, so the
whole demo is one transaction), exactly as the app's own actions would.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select

from cm_desk.demo import content_special
from cm_desk.demo.mailgen import Thread
from cm_desk.demo.plan import PACKS, MailPlan
from cm_desk.demo.roles import Role, when_text
from cm_desk.demo.social import MentionPlan
from cm_desk.domain.models import PromiseStatus, Triage
from cm_desk.store.queries import person_of_item
from cm_desk.store.schema import Item, ReplyTemplate
from cm_desk.store.sqlutil import chunks
from cm_desk.triage.escalation import escalate_in, resolve_escalation_in
from cm_desk.triage.notes import add_note_in
from cm_desk.triage.promises import make_promise_in, settle_promise_in
from cm_desk.triage.tags import ensure_tag_in, tag_items_in
from cm_desk.triage.triage_state import mark_answered_in, set_triage_in

TAG_COLORS = {
    "complaint": "#e53e3e",
    "bug": "#dd6b20",
    "billing": "#3182ce",
    "praise": "#38a169",
    "feature-request": "#805ad5",
    "spam": "#718096",
}


def _items_by(conn: Connection, column: str, keys: Sequence[str]) -> dict[str, tuple[int, int]]:
    """``{key: (item id, conversation id)}`` for items whose ``column`` is in ``keys``."""
    col = getattr(Item, column)
    out: dict[str, tuple[int, int]] = {}
    for chunk in chunks(keys):
        for key, item, conv in conn.execute(
            select(col, Item.id, Item.conversation_id).where(col.in_(chunk))
        ):
            out[key] = (item, conv)
    return out


class Workflow:
    """Applies the demo's triage decisions to freshly imported items."""

    def __init__(self, conn: Connection, now: datetime, colleagues: dict[str, int]) -> None:
        self.conn = conn
        self.now = now
        self.colleagues = colleagues
        self.ids: dict[str, tuple[int, int]] = {}

    def mail(self, plan: MailPlan) -> None:
        """Tags, triage, promises, escalations and notes on the demo mail."""
        for tag, color in TAG_COLORS.items():
            ensure_tag_in(self.conn, tag, color)
        msgids = [m.message_id for t in plan.threads for m in t.mails]
        self.ids = _items_by(self.conn, "message_id", msgids)
        for thread in plan.threads:
            inbound = [self.ids[m.message_id][0] for m in thread.mails if m.inbound]
            if inbound:
                for tag in thread.tags:
                    tag_items_in(self.conn, inbound[:1], tag)
            if thread.triage:
                set_triage_in(self.conn, inbound, Triage(thread.triage))
        for role, thread, due in plan.roles.values():
            self._role(role, thread, due)
        self._notes(plan)

    def _role(self, role: Role, thread: Thread, due: datetime | None) -> None:
        item, conv = self.ids[thread.mails[0].message_id]
        replied = thread.mails[1].when
        updates = [m.when for m in thread.mails if m.part == "update"]
        owner = self.colleagues.get(role.owner) if role.owner else None
        if role.outcome in ("escalated", "escalation-done"):
            assert owner is not None
            esc = escalate_in(self.conn, conv, owner, role.what, item, due, now=replied)
            if role.outcome == "escalation-done":
                resolve_escalation_in(self.conn, esc, when=updates[0])
            return
        person = person_of_item(self.conn, item)
        promise = make_promise_in(self.conn, conv, role.what, due, owner, item, person, now=replied)
        if role.outcome == "kept":
            settle_promise_in(self.conn, promise, PromiseStatus.KEPT, when=updates[0])
        elif role.outcome == "broken":
            nudge = next(m.when for m in thread.mails if m.part == "nudge")
            settle_promise_in(
                self.conn, promise, PromiseStatus.BROKEN, when=nudge + timedelta(hours=1)
            )

    def _notes(self, plan: MailPlan) -> None:
        threads = {t.key: t for t in plan.threads}
        targets: dict[str, Thread] = {f"role:{k}": t for k, (_r, t, _d) in plan.roles.items()}
        targets["abuse"] = threads["abuse"]
        dark = next((t for t in plan.threads if t.scenario == "dark_mode"), None)
        if dark is not None:
            targets["dark_mode"] = dark
        for key, body in content_special.NOTES.items():
            thread = targets.get(f"role:{key}") or targets.get(key)
            if thread is None:
                continue
            item, conv = self.ids[thread.mails[0].message_id]
            due = plan.roles[key][2] if key in plan.roles else None
            written = min(thread.mails[-1].when + timedelta(minutes=30), self.now)
            text = body.format(when=when_text(PACKS["en"], due, self.now))
            add_note_in(self.conn, conv, text, "Sam Jansen", item, now=written)

    def mentions(self, plan: MentionPlan) -> None:
        """Tag mentions; older ones were answered in public or need no answer."""
        found = _items_by(self.conn, "url", [f.url for f in plan.facts])
        done: list[int] = []
        for fact in plan.facts:
            if fact.url not in found:
                continue
            item = found[fact.url][0]
            for tag in fact.tags:
                tag_items_in(self.conn, [item], tag)
            age = self.now - fact.published
            if fact.needs_answer and age > timedelta(days=3):
                reply = min(fact.published + timedelta(hours=5), self.now)
                mark_answered_in(self.conn, [item], reply)
                done.append(item)
            elif not fact.needs_answer and age > timedelta(days=1 if fact.is_comment else 2):
                done.append(item)
        set_triage_in(self.conn, done, Triage.DONE)

    def templates(self) -> None:
        """Sam's reply templates in every language."""
        rows = [
            {"name": t.name, "language": code, "subject": t.subject, "body": t.body}
            for code, pack in PACKS.items()
            for t in pack.templates
        ]
        existing = set(self.conn.execute(select(ReplyTemplate.name, ReplyTemplate.language)))
        rows = [r for r in rows if (r["name"], r["language"]) not in existing]
        if rows:
            self.conn.execute(insert(ReplyTemplate), rows)

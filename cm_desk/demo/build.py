"""``build_demo``: fill an empty store with a realistic, self-consistent demo.

The demo is written through the real paths: mail as RFC 5322 bytes through
the parser and the importer, mentions through the mention importer, the
CM's work through the triage use cases, all in one transaction. A store
that already holds the demo (``demo_version`` is set) is left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, insert, select, update

from cm_desk.demo.mailgen import CM_ADDR, CM_NAME
from cm_desk.demo.plan import PACKS, plan_mail
from cm_desk.demo.roles import COLLEAGUES
from cm_desk.demo.social import DemoSource, plan_mentions
from cm_desk.demo.workflow import Workflow
from cm_desk.domain.models import ItemKind, PromiseStatus
from cm_desk.mail.parse import parse_message
from cm_desk.store.engine import Store
from cm_desk.store.ingest import Ingestor
from cm_desk.store.schema import (
    Account,
    Conversation,
    Escalation,
    FeedState,
    Identity,
    Item,
    Person,
    Promise,
    Setting,
    Source,
)
from cm_desk.store.settings import DEMO_VERSION_KEY
from cm_desk.triage.common import utc
from cm_desk.triage.escalation import add_colleague_in

DEMO_VERSION = "2"
DEMO_ACCOUNT = "demo"
VERSION_KEY = DEMO_VERSION_KEY


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What the demo store holds (open and overdue promises counted at ``now``)."""

    items: int
    mentions: int
    conversations: int
    promises_open: int
    promises_overdue: int
    escalations: int


def build_demo(store: Store, now: datetime | None = None, seed: int = 7) -> DemoSummary:
    """Fill ``store`` with the demo (dates relative to ``now``); no-op if already there.

    Deterministic for a given ``now`` and ``seed``.
    """
    moment = utc(now).replace(microsecond=0)
    with store.write() as conn:
        built = conn.execute(select(Setting.value).where(Setting.key == VERSION_KEY)).scalar()
        if built is None:
            _fill(conn, moment, random.Random(seed))
            conn.execute(insert(Setting).values(key=VERSION_KEY, value=DEMO_VERSION))
        return summarize(conn, moment)


def summarize(conn: Connection, now: datetime) -> DemoSummary:
    """Counts of what a store holds, as :class:`DemoSummary`."""

    def count(stmt: object) -> int:
        return int(conn.execute(stmt).scalar() or 0)  # type: ignore[call-overload]

    open_promise = Promise.status == PromiseStatus.OPEN.value
    return DemoSummary(
        items=count(select(func.count(Item.id))),
        mentions=count(select(func.count(Item.id)).where(Item.kind == ItemKind.MENTION.value)),
        conversations=count(select(func.count(Conversation.id))),
        promises_open=count(select(func.count(Promise.id)).where(open_promise)),
        promises_overdue=count(
            select(func.count(Promise.id)).where(open_promise, Promise.due_at < now)
        ),
        escalations=count(select(func.count(Escalation.id))),
    )


def _account(conn: Connection, now: datetime) -> int:
    found = conn.execute(select(Account.id).where(Account.name == DEMO_ACCOUNT)).scalar()
    if found is not None:
        return int(found)
    result = conn.execute(
        insert(Account)
        .values(
            name=DEMO_ACCOUNT,
            address=CM_ADDR,
            display_name=CM_NAME,
            imap_host="imap.community.example",
            smtp_host="smtp.community.example",
            username=CM_ADDR,
            created_at=now - timedelta(days=60),
        )
        .returning(Account.id)
    )
    return int(result.scalar_one())


def _source(conn: Connection, source: DemoSource, now: datetime) -> int:
    found = conn.execute(select(Source.id).where(Source.url == source.url)).scalar()
    if found is not None:
        return int(found)
    source_id = int(
        conn.execute(
            insert(Source)
            .values(
                name=source.name,
                kind=source.kind.value,
                url=source.url,
                enabled=False,  # placeholder feeds: the demo never goes online
                poll_minutes=30,
                created_at=now - timedelta(days=50),
            )
            .returning(Source.id)
        ).scalar_one()
    )
    fetched = now - timedelta(minutes=25)
    conn.execute(
        insert(FeedState).values(
            source_id=source_id, last_fetch_at=fetched, last_ok_at=fetched, next_fetch_at=None
        )
    )
    return source_id


def _mark_me(conn: Connection) -> None:
    """Sam's own address belongs to the person flagged as "me"."""
    person = select(Identity.person_id).where(
        Identity.network == "email", Identity.value == CM_ADDR
    )
    conn.execute(update(Person).where(Person.id.in_(person)).values(is_me=True))


def _fill(conn: Connection, now: datetime, rng: random.Random) -> None:
    account_id = _account(conn, now)
    colleagues = {name: add_colleague_in(conn, name, addr, team) for name, addr, team in COLLEAGUES}
    mail = plan_mail(rng, now)
    parsed = [parse_message(m.raw, seen=m.seen) for t in mail.threads for m in t.mails]
    Ingestor(account_id, me=[CM_ADDR]).add_messages(conn, parsed)
    _mark_me(conn)
    mentions = plan_mentions(rng, now, PACKS)
    feeds = Ingestor(None)
    for source, batch in mentions.batches.items():
        source_id = _source(conn, source, now)
        if batch:
            feeds.add_mentions(conn, source_id, batch)
    _same_people(conn)
    work = Workflow(conn, now, colleagues)
    work.mail(mail)
    work.mentions(mentions)
    work.templates()


def _same_people(conn: Connection) -> None:
    """The demo's members who both mailed and posted are one person each (as a CM would
    have linked them), so their mail and posts meet in one history."""
    from sqlalchemy import func

    from cm_desk.store.schema import Identity, Person
    from cm_desk.triage.people import merge_people_in

    named = conn.execute(
        select(Person.display_name, func.min(Person.id), func.count())
        .join(Identity, Identity.person_id == Person.id)
        .where(Person.is_me.is_(False), Person.display_name != "")
        .group_by(Person.display_name)
        .having(func.count(func.distinct(Identity.network)) > 1)
    ).all()
    for name, keep, _n in named:
        for other in conn.execute(
            select(Person.id).where(Person.display_name == name, Person.id != keep)
        ).scalars():
            merge_people_in(conn, keep, other)

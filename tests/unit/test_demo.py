"""The demo workspace: realistic, consistent, three languages, built once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from cm_desk.demo import DemoSummary, build_demo
from cm_desk.domain.models import SourceKind
from cm_desk.store import search
from cm_desk.store.engine import Store, open_store
from cm_desk.store.schema import (
    Attachment,
    Colleague,
    Escalation,
    Item,
    Note,
    Person,
    Promise,
    ReplyTemplate,
    Setting,
    Source,
    Tag,
)
from cm_desk.workspace import Workspace

NOW = datetime(2025, 11, 24, 14, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, DemoSummary]]:
    store = open_store(Workspace(tmp_path_factory.mktemp("demo")))
    summary = build_demo(store, now=NOW)
    yield store, summary
    store.close()


@pytest.fixture
def demo(built: tuple[Store, DemoSummary]) -> Store:
    """The module's demo store (read-only in these tests)."""
    return built[0]


def rows(store: Store, stmt: Any) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(stmt))


def scalar(store: Store, stmt: Any) -> Any:
    with store.engine.connect() as conn:
        return conn.execute(stmt).scalar()


def scalar_list(store: Store, stmt: Any) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(stmt).scalars())


def count(store: Store, query: str) -> int:
    conn = store.raw_connection()
    try:
        return search.count(conn, query, now=NOW)
    finally:
        conn.close()


def test_the_summary_counts_a_demo_of_a_few_hundred_items(
    built: tuple[Store, DemoSummary],
) -> None:
    store, summary = built
    assert 300 <= summary.items <= 400
    assert 40 <= summary.mentions <= 100
    assert 120 <= summary.conversations <= summary.items
    assert summary.promises_open >= 5
    assert summary.promises_overdue >= 2
    assert summary.escalations >= 1
    assert summary.items == scalar(store, select(func.count(Item.id)))


def test_three_languages_roughly_sixty_twenty_twenty(demo: Store) -> None:
    by_lang = dict(rows(demo, select(Item.language, func.count(Item.id)).group_by(Item.language)))
    total = sum(by_lang.values())
    assert 0.5 <= by_lang["en"] / total <= 0.7
    assert 0.12 <= by_lang["nl"] / total <= 0.3
    assert 0.12 <= by_lang["ar"] / total <= 0.3


def test_mail_has_real_threads_in_every_language(demo: Store) -> None:
    subjects = set(scalar_list(demo, select(Item.subject)))
    assert "Ideeën voor de meetup" in subjects
    assert any(s.startswith("رد: ") for s in subjects)
    assert any(s.startswith("Re: ") for s in subjects)
    assert any(s.startswith("Fwd: ") for s in subjects)
    answered = scalar(
        demo,
        select(func.count(func.distinct(Item.conversation_id))).where(Item.direction == "out"),
    )
    assert answered >= 40
    assert scalar(demo, select(func.count(Item.id)).where(Item.parse_error != "")) == 0
    assert scalar(demo, select(func.count(Attachment.id))) >= 1
    html_only = rows(
        demo,
        select(Item.subject).where(Item.body_html.like("<!DOCTYPE html>%"), Item.kind == "mail"),
    )
    assert html_only and "Community Roundup" in html_only[0].subject
    assert scalar(demo, select(func.max(Item.date))) <= NOW
    assert scalar(demo, select(func.min(Item.date))) >= NOW - timedelta(days=46)
    assert count(demo, "date:today") >= 3


def test_every_kind_of_source_has_mentions(demo: Store) -> None:
    kinds = dict(
        rows(
            demo,
            select(Source.kind, func.count(Item.id))
            .join(Item, Item.source_id == Source.id)
            .group_by(Source.kind),
        )
    )
    assert set(kinds) == {k.value for k in SourceKind}
    assert all(n > 0 for n in kinds.values())
    assert not any(scalar_list(demo, select(Source.enabled)))  # the demo never goes online
    assert count(demo, "kind:mention lang:ar") > 0
    assert count(demo, "kind:mention lang:nl") > 0


def test_promises_cover_every_state_and_owner(demo: Store) -> None:
    promises = rows(
        demo,
        select(Promise.status, Promise.due_at, Colleague.name).outerjoin(
            Colleague, Colleague.id == Promise.owner_colleague_id
        ),
    )
    open_ = [p for p in promises if p.status == "open"]
    assert any(p.due_at and NOW < p.due_at <= NOW + timedelta(hours=10) for p in open_)
    assert any(p.due_at and timedelta(days=1) < p.due_at - NOW <= timedelta(days=7) for p in open_)
    assert any(p.due_at and p.due_at - NOW > timedelta(days=7) for p in open_)
    assert any(p.due_at is None for p in open_)
    assert sum(1 for p in open_ if p.due_at and p.due_at < NOW) >= 2
    assert sum(1 for p in promises if p.status == "kept") >= 2
    assert sum(1 for p in promises if p.status == "broken") == 1
    owners = {p.name for p in promises}
    assert {None, "John Peters", "Fatima El Amrani", "Daan de Vries"} <= owners


def test_an_open_escalation_to_customer_service_the_member_knows_about(demo: Store) -> None:
    [esc] = rows(
        demo,
        select(Escalation, Colleague.team, Promise.status.label("promise_status"))
        .join(Colleague, Colleague.id == Escalation.colleague_id)
        .join(Promise, Promise.id == Escalation.promise_id)
        .where(Escalation.status == "open"),
    )
    assert esc.team == "Customer Service"
    assert esc.customer_told
    assert esc.promise_status == "open"
    assert count(demo, "is:escalated") >= 2  # the member's mail, Sam's reply and forward


def test_triage_leaves_spam_abuse_handled_and_a_healthy_waiting_list(demo: Store) -> None:
    assert count(demo, "is:spam") >= 5
    assert count(demo, "is:abuse") == 1
    assert count(demo, "is:done is:inbound") >= 50
    assert 20 <= count(demo, "is:waiting") <= 120
    assert count(demo, "is:waiting kind:mention") >= 1
    tags = set(scalar_list(demo, select(Tag.name)))
    assert {"complaint", "bug", "billing", "praise", "feature-request", "spam"} <= tags
    assert count(demo, "tag:billing") >= 3


def test_notes_templates_and_the_cm_herself(demo: Store) -> None:
    assert scalar(demo, select(func.count(Note.id))) >= 3
    langs = set(scalar_list(demo, select(ReplyTemplate.language)))
    assert langs == {"en", "nl", "ar"}
    me = scalar_list(demo, select(Person.display_name).where(Person.is_me))
    assert me == ["Sam Jansen"]
    version = scalar(demo, select(Setting.value).where(Setting.key == "demo_version"))
    assert version == "2"
    # One template in several languages: the same name in each.
    names = scalar_list(
        demo, select(ReplyTemplate.name).where(ReplyTemplate.name == "Thanks for reporting")
    )
    assert len(names) == 3


def test_arabic_and_dutch_are_searchable_as_typed(demo: Store) -> None:
    assert count(demo, "الوضع الليلي") > 0
    assert count(demo, "اتمنى") == count(demo, "أتمنى") > 0  # typed without the hamza
    assert count(demo, "ideeen") > 0


def _fingerprint(store: Store) -> list[tuple[Any, ...]]:
    return [
        tuple(r)
        for r in rows(
            store,
            select(Item.date, Item.from_addr, Item.subject, Item.triage).order_by(Item.sort_key),
        )
    ]


def test_building_again_adds_nothing_and_the_same_inputs_give_the_same_demo(
    tmp_path: Path,
) -> None:
    first = open_store(Workspace(tmp_path / "a"))
    second = open_store(Workspace(tmp_path / "b"))
    try:
        summary = build_demo(first, now=NOW)
        before = _fingerprint(first)
        assert build_demo(first, now=NOW) == summary
        assert _fingerprint(first) == before
        assert scalar(first, select(func.count(Promise.id))) == 13
        assert build_demo(second, now=NOW) == summary
        assert _fingerprint(second) == before
    finally:
        first.close()
        second.close()

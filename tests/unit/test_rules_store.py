"""Keyword rules in the store: preview, applied on arrival and to what is stored."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from cm_desk.domain.keywords import Route, RuleSpec, Scope
from cm_desk.domain.models import NewMention
from cm_desk.store import rules
from cm_desk.store.engine import Store
from cm_desk.store.ingest import Ingestor
from cm_desk.store.schema import Item, ItemTag, RuleHit, Tag

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

POSTS = [
    ("CM Desk charged me twice, I want a refund", "en"),
    ("We're hiring a CM Desk support agent", "en"),
    ("Mijn terugbetaling van CM Desk duurt al twee weken", "nl"),
    ("Nieuwe ideeën voor cm-desk? Nee, voor het forum", "nl"),
    ("أحتاج استرداد المبلغ من كمديسك", "ar"),
    ("شكرا لفريق الكمديسك على المساعدة", "ar"),
    ("Nothing to see here, a desk lamp review", "en"),
]


def mentions(texts: Sequence[str], start: int = 0) -> list[NewMention]:
    return [
        NewMention(
            source_url="https://example.org/feed",
            url=f"https://example.org/post/{start + i}",
            guid=f"post-{start + i}",
            title="",
            author=f"user{i}",
            author_handle=f"@user{i}",
            network="web",
            published=T0 + timedelta(minutes=i),
            text=text,
        )
        for i, text in enumerate(texts)
    ]


def add(store: Store, batch: Sequence[NewMention]) -> None:
    with store.write() as conn:
        Ingestor(None).add_mentions(conn, None, batch)


def save(store: Store, spec: RuleSpec, apply: bool = True) -> int:
    with store.write() as conn:
        rule_id = rules.save_rule(conn, spec)
        if apply:
            rules.apply_to_stored(conn, rule_id)
        return rule_id


def state(store: Store) -> dict[str, dict[str, Any]]:
    """body → triage, priority, tags, rule ids."""
    with store.engine.connect() as conn:
        items = conn.execute(select(Item.id, Item.body_text, Item.triage, Item.priority)).all()
        tags = conn.execute(select(ItemTag.item_id, Tag.name).join(Tag)).all()
        hits = conn.execute(select(RuleHit.item_id, RuleHit.rule_id)).all()
    return {
        r.body_text: {
            "triage": r.triage,
            "priority": r.priority,
            "tags": sorted(t.name for t in tags if t.item_id == r.id),
            "rules": sorted(h.rule_id for h in hits if h.item_id == r.id),
        }
        for r in items
    }


BRAND = RuleSpec("brand", ("CM Desk", "cm-desk", "كمديسك"), exclude=("hiring",))


def test_preview_counts_without_saving_and_matches_what_saving_applies(store: Store) -> None:
    add(store, mentions([t for t, _ in POSTS]))
    with store.engine.connect() as conn:
        seen = rules.preview(conn, BRAND)
        assert rules.list_rules(conn) == []
    assert (seen.matched, seen.in_scope) == (5, 7)
    assert seen.samples[0][0] > seen.samples[-1][0]  # newest first
    save(store, BRAND)
    with store.engine.connect() as conn:
        assert [r.hits for r in rules.list_rules(conn)] == [5]


def test_preview_of_refund_topic_in_three_languages(store: Store) -> None:
    add(store, mentions([t for t, _ in POSTS]))
    refund = RuleSpec(
        "refund", BRAND.terms, require=("refund", "terugbetaling", "استرداد"), exclude=("hiring",)
    )
    with store.engine.connect() as conn:
        assert rules.preview(conn, refund).matched == 3


def test_new_mentions_are_tagged_prioritised_and_filed_as_they_arrive(store: Store) -> None:
    save(
        store, RuleSpec("refund", ("refund", "terugbetaling", "استرداد"), tag="refunds", priority=2)
    )
    save(store, RuleSpec("jobs", ("hiring", "vacature"), route=Route.ARCHIVE, tag="noise"))
    add(store, mentions([t for t, _ in POSTS]))
    got = state(store)
    assert got[POSTS[0][0]] == {"triage": "new", "priority": 2, "tags": ["refunds"], "rules": [1]}
    assert got[POSTS[2][0]]["tags"] == ["refunds"]
    assert got[POSTS[4][0]]["priority"] == 2
    assert got[POSTS[1][0]] == {"triage": "done", "priority": 0, "tags": ["noise"], "rules": [2]}
    assert got[POSTS[6][0]] == {"triage": "new", "priority": 0, "tags": [], "rules": []}


def test_a_queue_rule_wins_over_an_archive_rule(store: Store) -> None:
    save(store, RuleSpec("jobs", ("hiring",), route=Route.ARCHIVE))
    save(store, RuleSpec("brand", ("cm desk",), route=Route.QUEUE, priority=1))
    add(store, mentions(["We're hiring a CM Desk support agent", "hiring elsewhere"]))
    got = state(store)
    assert got["We're hiring a CM Desk support agent"]["triage"] == "new"
    assert got["hiring elsewhere"]["triage"] == "done"


def test_applying_to_stored_items_never_undoes_the_cms_own_decisions(store: Store) -> None:
    add(store, mentions(["hiring: CM Desk", "hiring again"]))
    with store.write() as conn:
        conn.execute(
            Item.__table__.update()
            .where(Item.body_text == "hiring again")
            .values(triage="open", priority=3)
        )
    save(store, RuleSpec("jobs", ("hiring",), route=Route.ARCHIVE, priority=1))
    got = state(store)
    assert got["hiring: CM Desk"] == {"triage": "done", "priority": 1, "tags": [], "rules": [1]}
    assert got["hiring again"] == {"triage": "open", "priority": 3, "tags": [], "rules": [1]}
    with store.write() as conn:  # applying again adds nothing twice
        assert rules.apply_to_stored(conn, 1) == 2
    assert state(store)["hiring again"]["rules"] == [1]


def test_new_only_rule_leaves_stored_items_alone(store: Store) -> None:
    add(store, mentions(["refund please"]))
    save(store, RuleSpec("refund", ("refund",), tag="refunds"), apply=False)
    add(store, mentions(["another refund"], start=10))
    got = state(store)
    assert got["refund please"]["tags"] == []
    assert got["another refund"]["tags"] == ["refunds"]


def test_scope_mail_reads_inbound_mail_only(store: Store, ingest: Any) -> None:
    save(store, RuleSpec("refund-mail", ("refund",), scope=Scope.MAIL, tag="refunds"))
    add(store, mentions(["refund in a post"]))
    ingest(
        [
            b"From: Ann <ann@example.org>\r\nTo: cm@desk.example\r\nSubject: Refund?\r\n"
            b"Message-ID: <a1@example.org>\r\nDate: Sun, 1 Mar 2026 12:00:00 +0000\r\n"
            b"\r\nhello\r\n",
            b"From: cm@desk.example\r\nTo: ann@example.org\r\nSubject: Re: Refund?\r\n"
            b"Message-ID: <a2@desk.example>\r\nIn-Reply-To: <a1@example.org>\r\n"
            b"Date: Sun, 1 Mar 2026 13:00:00 +0000\r\n\r\nyour refund is on its way\r\n",
        ]
    )
    with store.engine.connect() as conn:
        tagged = conn.execute(select(Item.subject, Item.direction).join(ItemTag)).all()
    assert [(t.subject, t.direction) for t in tagged] == [("Refund?", "in")]


def test_rules_are_named_once_and_found_by_name_or_id(store: Store) -> None:
    rule_id = save(store, BRAND)
    with store.write() as conn:
        with pytest.raises(rules.RuleError, match="already a rule named 'brand'"):
            rules.save_rule(conn, BRAND)
        with pytest.raises(rules.RuleError, match="needs at least one term"):
            rules.save_rule(conn, RuleSpec("empty", ()))
        assert rules.find_rule(conn, "brand") == rules.find_rule(conn, str(rule_id)) == rule_id
        with pytest.raises(rules.RuleError, match="no rule 'nope'"):
            rules.find_rule(conn, "nope")
        rules.remove_rule(conn, rule_id)
        assert rules.list_rules(conn) == []

"""One person behind an address and a handle: their mail and posts in one history."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from cm_desk.demo import build_demo
from cm_desk.store.engine import Store
from cm_desk.store.person import people_matching, person_card, person_in_thread
from cm_desk.store.schema import Identity, Item, Person
from cm_desk.triage.common import NotFoundError
from cm_desk.triage.people import merge_people


def test_the_demo_links_members_who_mailed_and_posted(store: Store) -> None:
    build_demo(store, now=datetime.now(UTC))
    with store.engine.connect() as conn:
        person = conn.execute(
            select(Identity.person_id)
            .group_by(Identity.person_id)
            .having(func.count(func.distinct(Identity.network)) > 1)
            .limit(1)
        ).scalar_one()
        card = person_card(conn, person)
    assert card is not None
    assert {c for c in (s.channel for s in card.history)} >= {"mail", "mastodon"}
    assert card.items_total >= len(card.history) > 1
    assert {net for net, _ in card.identities} >= {"email", "mastodon"}


def test_merging_moves_identities_and_refuses_nonsense(store: Store, ingest: object) -> None:
    build_demo(store, now=datetime.now(UTC))
    with store.engine.connect() as conn:
        a, b = conn.execute(
            select(Person.id).where(Person.is_me.is_(False)).order_by(Person.id).limit(2)
        ).scalars()
        before = conn.execute(
            select(func.count()).select_from(Identity).where(Identity.person_id.in_([a, b]))
        ).scalar_one()
    merge_people(store, a, b)
    with store.engine.connect() as conn:
        assert conn.execute(select(Person.id).where(Person.id == b)).first() is None
        after = conn.execute(
            select(func.count()).select_from(Identity).where(Identity.person_id == a)
        ).scalar_one()
        item = conn.execute(select(Item.id, Item.conversation_id).limit(1)).one()
        assert person_in_thread(conn, item.conversation_id, None) is not None
    assert after == before
    with pytest.raises(ValueError, match="themself"):
        merge_people(store, a, a)
    with pytest.raises(NotFoundError, match="no person"):
        merge_people(store, a, b)


def test_people_are_found_by_name_address_or_handle(store: Store) -> None:
    build_demo(store, now=datetime.now(UTC))
    with store.read() as conn:
        names = {p.name for p in people_matching(conn, "OLIVIA")}
        by_address = people_matching(conn, "olivia.bennett@mail")
        by_handle = people_matching(conn, "u/olivia")
        both_words = people_matching(conn, "bennett u/")
        me = conn.execute(select(Person.id).where(Person.is_me.is_(True))).scalars().all()
        everyone = people_matching(conn, "", limit=1000)
        assert people_matching(conn, "%") == []  # a wildcard is a character like any other
        assert len(people_matching(conn, "")) == 50
    assert {"Olivia Bennett", "u/olivia_bennett289", "oliviabennett"} <= names
    assert [p.name for p in by_address] == ["Olivia Bennett"]
    assert ("reddit", "u/olivia_bennett") in by_handle[0].identities
    assert [p.name for p in both_words] == ["u/olivia_bennett289"]
    assert me and not {p.id for p in everyone} & set(me)  # never the CM themself

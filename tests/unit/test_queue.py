"""The queue's views and a conversation's timeline, on the demo workspace."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from sqlalchemy import update

from cm_desk.demo import build_demo
from cm_desk.store.engine import Store
from cm_desk.store.queue import View, rows, view_ids, view_sql
from cm_desk.store.schema import Item
from cm_desk.store.thread import load_thread


def test_each_view_holds_what_its_name_says(store: Store) -> None:
    now = datetime.now(UTC)
    build_demo(store, now=now)
    with store.engine.connect() as conn:
        ids = {v: view_ids(conn, v, now) for v in View}
        got = {v: rows(conn, i) for v, i in ids.items()}
    assert all(ids[v] for v in View)
    assert all(r.kind == "mail" and not r.answered for r in got[View.NEEDS_REPLY].values())
    assert all(r.triage in ("new", "open") for r in got[View.NEEDS_REPLY].values())
    assert {r.kind for r in got[View.MENTIONS].values()} == {"mention"}
    assert {r.channel for r in got[View.MENTIONS].values()} >= {"reddit", "mastodon"}
    assert {r.triage for r in got[View.SPAM].values()} <= {"spam", "abuse"}
    assert not set(ids[View.SPAM]) & set(ids[View.ALL])
    assert all(r.escalated for r in got[View.ESCALATED].values())
    assert all(r.promise_due is None for r in got[View.WAITING].values())
    assert len(set(ids[View.ALL])) == len(ids[View.ALL])


def test_urgent_items_come_first_then_the_newest(store: Store) -> None:
    now = datetime.now(UTC)
    build_demo(store, now=now)
    with store.engine.connect() as conn:
        before = view_ids(conn, View.ALL, now)
    with store.write() as conn:
        conn.execute(update(Item).where(Item.id == before[-1]).values(priority=3))
    with store.engine.connect() as conn:
        after = view_ids(conn, View.ALL, now)
        got = rows(conn, after)
    assert after[0] == before[-1]

    def rank(item_id: int) -> tuple[int, int, datetime]:
        r = got[item_id]
        overdue = r.promise_due is not None and r.promise_due < now
        return (r.priority, int(overdue), r.date)

    # Urgent first, then those with an overdue promise, then newest (equal dates aside).
    ranks = [rank(i) for i in after]
    assert all(a[:2] >= b[:2] for a, b in itertools.pairwise(ranks))
    assert all(a[2] >= b[2] for a, b in itertools.pairwise(ranks) if a[:2] == b[:2])


def test_a_thread_is_a_timeline_of_mail_notes_and_promises(store: Store) -> None:
    now = datetime.now(UTC)
    build_demo(store, now=now)
    with store.engine.connect() as conn:
        escalated = rows(conn, view_ids(conn, View.ESCALATED, now))
        thread = load_thread(conn, next(iter(escalated.values())).conversation_id)
        assert load_thread(conn, 10**9) is None
    assert thread is not None
    kinds = {e.kind for e in thread.entries}
    assert "mail" in kinds and "promise" in kinds
    assert [e.when for e in thread.entries] == sorted(e.when for e in thread.entries)


def test_saved_searches_are_kept_by_name(store: Store) -> None:
    import pytest

    from cm_desk.store.queue import save_search, saved_searches

    with store.write() as conn:
        save_search(conn, "Refunds", "refund OR terugbetaling")
        save_search(conn, "arabic", "lang:ar")
        save_search(conn, "Refunds", "refund")  # the same name replaces it
        with pytest.raises(ValueError, match="needs a name and a query"):
            save_search(conn, " ", "x")
    with store.engine.connect() as conn:
        assert saved_searches(conn) == [("arabic", "lang:ar"), ("Refunds", "refund")]


def test_every_built_in_view_is_answered_from_the_queue_index(store: Store) -> None:
    """The first read of the day must not wander through the table (1.6 s cold at 50k)."""
    now = datetime(2026, 11, 24, tzinfo=UTC)
    raw = store.raw_connection()
    try:
        for view in View:
            sql, params = view_sql(view, now)
            plan = " | ".join(str(r[-1]) for r in raw.execute("EXPLAIN QUERY PLAN " + sql, params))
            assert "COVERING INDEX ix_items_queue" in plan, (view, plan)
            assert "SCAN i " not in plan.replace("SCAN i USING COVERING", ""), (view, plan)
    finally:
        raw.close()

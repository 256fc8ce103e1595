"""Mentions as items: stored losslessly, deduplicated per source, threaded by reply URL."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select

from cm_desk.domain.models import Changes, NewMention
from cm_desk.mail.parse import raw_digest
from cm_desk.store import search
from cm_desk.store.engine import Store
from cm_desk.store.ingest import Ingestor
from cm_desk.store.schema import Conversation, Identity, Item, ItemRaw, MentionSource, Source

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
POST = "https://www.reddit.com/r/example/comments/abc/app_crashes/"


def _source(store: Store, url: str = "https://www.reddit.com/r/example.rss") -> int:
    with store.write() as conn:
        return int(
            conn.execute(
                insert(Source)
                .values(name=url, kind="reddit", url=url, created_at=T0)
                .returning(Source.id)
            ).scalar_one()
        )


def mention(url: str = POST, **fields: object) -> NewMention:
    values: dict[str, object] = {
        "source_url": "https://www.reddit.com/r/example.rss",
        "url": url,
        "guid": url,
        "title": "The app crashes after the update",
        "author": "u/emily",
        "author_handle": "u/Emily",
        "network": "reddit",
        "published": T0,
        "text": "Since the update the app crashes when I open it. Is this happening to you too?",
    }
    values.update(fields)
    return NewMention(**values)  # type: ignore[arg-type]


def add(store: Store, source_id: int | None, batch: Sequence[NewMention]) -> Changes:
    with store.write() as conn:
        return Ingestor(None).add_mentions(conn, source_id, batch)


def items(store: Store) -> list[dict[str, object]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(Item.__table__).order_by(Item.id)).mappings()
        return [dict(r) for r in rows]


def test_a_mention_becomes_an_inbound_item_with_its_source_kept_losslessly(store: Store) -> None:
    source = _source(store)
    m = mention(html="<p>Since the update…</p>")
    changes = add(store, source, [m])

    assert changes.items_added == 1
    [row] = items(store)
    assert row["kind"] == "mention"
    assert row["direction"] == "in"
    assert row["triage"] == "new"
    assert row["source_id"] == source
    assert row["account_id"] is None
    assert (row["url"], row["guid"]) == (POST, POST)
    assert (row["from_name"], row["from_addr"]) == ("u/emily", "u/Emily")
    assert row["subject"] == m.title
    assert row["body_text"] == m.text
    assert row["body_html"] == m.html
    assert row["language"] == "en"
    assert row["date"] == T0
    assert changes.conversations == {row["conversation_id"]}
    with store.engine.connect() as conn:
        raw = conn.execute(select(ItemRaw.raw).where(ItemRaw.item_id == row["id"])).scalar_one()
        ident = conn.execute(
            select(Identity.network, Identity.value).where(Identity.id == row["from_identity_id"])
        ).one()
    stored = json.loads(raw.decode("utf-8"))
    assert stored["text"] == m.text
    assert stored["published"] == T0.isoformat()
    assert row["raw_sha"] == raw_digest(raw)
    assert tuple(ident) == ("reddit", "u/emily")


def test_the_same_mention_is_stored_once_per_source(store: Store) -> None:
    source = _source(store)
    first = add(store, source, [mention(), mention()])
    again = add(store, source, [mention(), mention(text="edited text, same guid")])

    assert (first.items_added, first.skipped_duplicates) == (1, 1)
    assert (again.items_added, again.skipped_duplicates) == (0, 2)
    assert len(items(store)) == 1


def test_a_known_url_under_a_new_guid_is_a_duplicate(store: Store) -> None:
    source = _source(store)
    add(store, source, [mention()])
    changes = add(store, source, [mention(guid="t3_abc")])
    assert changes.items_added == 0


def test_the_same_article_through_two_sources_is_one_mention_listing_both(store: Store) -> None:
    one = _source(store)
    two = _source(store, "https://mastodon.example/tags/example.rss")
    add(store, one, [mention()])
    assert add(store, two, [mention(guid="another-guid")]).items_added == 0
    assert add(store, two, [mention(guid="another-guid")]).items_added == 0
    with store.engine.connect() as conn:
        rows = conn.execute(select(MentionSource.item_id, MentionSource.source_id)).all()
    assert len({item for item, _ in rows}) == 1 and {src for _, src in rows} == {one, two}


def test_an_entry_without_guid_or_url_is_known_by_its_content(store: Store) -> None:
    source = _source(store)
    bare = mention(url="", guid="")
    assert add(store, source, [bare]).items_added == 1
    assert add(store, source, [bare]).items_added == 0
    assert add(store, source, [mention(url="", guid="", text="other")]).items_added == 1


def test_a_reply_joins_the_conversation_of_the_post_it_answers(store: Store) -> None:
    source = _source(store)
    add(store, source, [mention()])
    reply_url = POST + "c1/"
    later = T0 + timedelta(hours=3)
    changes = add(
        store,
        source,
        [
            mention(reply_url, title="", text="Same here.", published=later, in_reply_to_url=POST),
            # A reply to the reply, in the same batch, joins too.
            mention(
                POST + "c2/",
                title="",
                text="Clearing the cache fixed it for me.",
                published=later + timedelta(minutes=5),
                in_reply_to_url=reply_url,
            ),
            mention("https://www.reddit.com/r/example/comments/zzz/other/", title="Other post"),
        ],
    )

    rows = items(store)
    post, *rest = rows
    by_url = {r["url"]: r for r in rest}
    assert by_url[reply_url]["conversation_id"] == post["conversation_id"]
    assert by_url[POST + "c2/"]["conversation_id"] == post["conversation_id"]
    other = by_url["https://www.reddit.com/r/example/comments/zzz/other/"]
    assert other["conversation_id"] != post["conversation_id"]
    assert by_url[reply_url]["in_reply_to"] == POST
    assert post["conversation_id"] in changes.conversations
    with store.engine.connect() as conn:
        last = conn.execute(
            select(Conversation.last_activity_at).where(Conversation.id == post["conversation_id"])
        ).scalar_one()
        assert conn.execute(select(func.count(Conversation.id))).scalar_one() == 2
    assert last == later + timedelta(minutes=5)


def test_a_reply_to_an_unknown_post_starts_its_own_conversation(store: Store) -> None:
    add(store, None, [mention(in_reply_to_url="https://example.org/never-seen")])
    with store.engine.connect() as conn:
        subject = conn.execute(select(Conversation.subject)).scalar_one()
    assert subject == "The app crashes after the update"


def test_an_untitled_post_names_its_conversation_after_its_text(store: Store) -> None:
    add(store, None, [mention(title="", network="mastodon", author_handle="@sam@m.example")])
    with store.engine.connect() as conn:
        subject = conn.execute(select(Conversation.subject)).scalar_one()
    assert subject.startswith("Since the update the app crashes")


def test_arabic_and_dutch_mentions_are_found_however_they_are_typed(store: Store) -> None:
    add(
        store,
        None,
        [
            mention(
                "https://mastodon.example/@layla/1",
                title="",
                author="ليلى",
                author_handle="@layla@mastodon.example",
                network="mastodon",
                text="أهلاً بالجميع، هل يواجه أحد مشكلة في التطبيق بعد التحديث؟",
            ),
            mention(
                "https://forum.example.net/t/meetup/2",
                title="Ideeën voor de meetup",
                text="Wij willen graag een meetup organiseren in Utrecht.",
            ),
        ],
    )
    langs = {r["url"]: r["language"] for r in items(store)}
    assert langs["https://mastodon.example/@layla/1"] == "ar"
    assert langs["https://forum.example.net/t/meetup/2"] == "nl"
    conn = store.raw_connection()
    try:
        assert search.count(conn, "اهلا") == 1  # typed without hamza and tanwin
        assert search.count(conn, "أهلاً") == 1
        assert search.count(conn, "ideeen") == 1
        assert search.count(conn, "from:layla kind:mention") == 1
    finally:
        conn.close()


def test_an_empty_batch_changes_nothing(store: Store) -> None:
    assert add(store, None, []) == Changes()

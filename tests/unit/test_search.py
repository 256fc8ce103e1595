"""Search semantics on a real store: order, folding, fields, dates, triage states, paging."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert, select

from cm_desk.store.engine import Store
from cm_desk.store.schema import Conversation, Item, ItemTag, Promise, Tag
from cm_desk.store.search import compile_query, count, search

NOW = datetime(2024, 3, 20, 12, 0, tzinfo=UTC)

# Hand-written mail of one small community; the label is the Message-ID's local part.
CORPUS = [
    b"From: Jan de Vries <jan@example.nl>\r\n"
    b"To: cm@desk.example\r\n"
    b"Subject: =?iso-8859-1?Q?Idee=EBn_voor_de_re=FCnie?=\r\n"
    b"Date: Wed, 28 Feb 2024 23:59:30 +0000\r\n"
    b"Message-ID: <m1@example.nl>\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"\r\n"
    b"Hoi, ik heb idee\xc3\xabn voor de re\xc3\xbcnie van het team. Kosten: \xe2\x82\xac 5.\r\n",
    b"From: =?utf-8?B?2LPYp9ix2Kk=?= <sara@example.sa>\r\n"
    b"To: cm@desk.example\r\n"
    b"Subject: =?utf-8?B?2KzYr9mI2YQg2KfZhNij2LnZhdin2YQ=?=\r\n"
    b"Date: Thu, 29 Feb 2024 10:00:00 +0000\r\n"
    b"Message-ID: <m2@example.sa>\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"\r\n" + "مرحباً، أُرسل إليكم جـــدول الأعمال للاجتماع القادم".encode() + b"\r\n",
    # With tashkeel, tatweel and hamza alefs.
    b"From: Ahmed <ahmed@example.eg>\r\n"
    b"To: cm@desk.example\r\n"
    b"Subject: =?utf-8?B?2KrYsdit2YrYqA==?=\r\n"
    b"Date: Fri, 01 Mar 2024 00:00:01 +0000\r\n"
    b"Message-ID: <m3@example.eg>\r\n"
    b"Content-Type: text/plain; charset=windows-1256\r\n"
    b"\r\n"
    # Bare letters only: "اهلا وسهلا بالاعضاء الجدد" in windows-1256.
    b"\xc7\xe5\xe1\xc7 \xe6\xd3\xe5\xe1\xc7 "
    b"\xc8\xc7\xe1\xc7\xda\xd6\xc7\xc1 \xc7\xe1\xcc\xcf\xcf\r\n",
    b"From: Piet <piet@example.nl>\r\n"
    b"To: cm@desk.example, Jan <jan@example.nl>\r\n"
    b"Subject: Re: =?iso-8859-1?Q?Idee=EBn_voor_de_re=FCnie?=\r\n"
    b"Date: Sat, 02 Mar 2024 08:00:00 +0000\r\n"
    b"Message-ID: <m4@example.nl>\r\n"
    b"In-Reply-To: <m1@example.nl>\r\n"
    b"References: <m1@example.nl>\r\n"
    b"\r\n"
    b"Mijn ideeen: een borrel na afloop.\r\n",
    b"From: Community <cm@desk.example>\r\n"
    b"To: jan@example.nl\r\n"
    b"Subject: Re: =?iso-8859-1?Q?Idee=EBn_voor_de_re=FCnie?=\r\n"
    b"Date: Sun, 03 Mar 2024 09:00:00 +0000\r\n"
    b"Message-ID: <m5@desk.example>\r\n"
    b"References: <m1@example.nl> <m4@example.nl>\r\n"
    b"\r\n"
    b"Dank je, we nemen het mee.\r\n",
    b"From: Cheap <spammer@spam.example>\r\n"
    b"To: cm@desk.example\r\n"
    b"Subject: Goedkope pillen\r\n"
    b"X-Spam-Flag: YES\r\n"
    b"Date: Mon, 04 Mar 2024 09:00:00 +0000\r\n"
    b"Message-ID: <m6@spam.example>\r\n"
    b"\r\n"
    b"Koop nu tickets voor bijna niets.\r\n",
    b"From: Kees <kees@example.nl>\r\n"
    b"To: cm@desk.example\r\n"
    b"Subject: Vraag over tickets\r\n"
    b"Date: Tue, 05 Mar 2024 09:00:00 +0000\r\n"
    b"Message-ID: <m7@example.nl>\r\n"
    b"\r\n"
    b"Wanneer komen de tickets?\r\n",
    b"From: Lies <lies@example.nl>\r\n"
    b"To: cm@desk.example\r\n"
    b"Subject: Klacht over de app\r\n"
    b"Date: Wed, 06 Mar 2024 09:00:00 +0000\r\n"
    b"Message-ID: <m8@example.nl>\r\n"
    b"\r\n"
    b"De app crasht steeds.\r\n",
    b"From: Kees <kees@example.nl>\r\n"
    b"To: cm@desk.example\r\n"
    b"Subject: Bedankt\r\n"
    b"Date: Thu, 07 Mar 2024 09:00:00 +0000\r\n"
    b"Message-ID: <m9@example.nl>\r\n"
    b"\r\n"
    b"Thanks for the quick answer!\r\n",
]


class Corpus:
    """The ingested corpus, with search results as Message-ID labels."""

    def __init__(self, store: Store, conn: Any) -> None:
        self.store = store
        self.conn = conn
        with store.engine.connect() as c:
            rows = c.execute(select(Item.id, Item.message_id, Item.conversation_id)).all()
        self.label = {r.id: r.message_id.split("@")[0] for r in rows}
        self.item = {v: k for k, v in self.label.items()}
        self.conv = {self.label[r.id]: r.conversation_id for r in rows}

    def hits(self, query: str, limit: int = 100) -> list[str]:
        rows = search(self.conn, query, limit=limit, now=NOW).rows
        labels = [self.label[r.id] for r in rows]
        assert count(self.conn, query, now=NOW) == len(labels)
        return labels

    def hit_set(self, query: str) -> set[str]:
        return set(self.hits(query))


@pytest.fixture()
def corpus(
    store: Store, raw_conn: Any, ingest: Callable[[list[bytes]], Any], local_tz: Any
) -> Corpus:
    local_tz("UTC")
    ingest(CORPUS)
    c = Corpus(store, raw_conn)
    with store.write() as conn:
        conn.execute(
            insert(Promise),
            [
                {
                    "conversation_id": c.conv["m7"],
                    "what": "tickets sturen",
                    "due_at": int(datetime(2024, 3, 10, tzinfo=UTC).timestamp()),
                    "status": "open",
                    "created_at": 0,
                },
                {
                    "conversation_id": c.conv["m8"],
                    "what": "bug doorgeven",
                    "due_at": int(datetime(2024, 3, 30, tzinfo=UTC).timestamp()),
                    "status": "open",
                    "created_at": 0,
                },
                {
                    "conversation_id": c.conv["m9"],
                    "what": "bedanken",
                    "due_at": int(datetime(2024, 3, 8, tzinfo=UTC).timestamp()),
                    "status": "kept",
                    "created_at": 0,
                },
            ],
        )
        conn.execute(insert(Tag), [{"id": 1, "name": "Klacht"}, {"id": 2, "name": "bug"}])
        conn.execute(
            insert(ItemTag),
            [
                {"item_id": c.item["m8"], "tag_id": 1},
                {"item_id": c.item["m8"], "tag_id": 2},
                {"item_id": c.item["m7"], "tag_id": 2},
            ],
        )
    return c


def test_everything_newest_first(corpus: Corpus) -> None:
    assert corpus.hits("*") == ["m9", "m8", "m7", "m6", "m5", "m4", "m3", "m2", "m1"]


def test_words_phrases_and_operators(corpus: Corpus) -> None:
    assert corpus.hits("tickets") == ["m7", "m6"]
    assert corpus.hits('"de app crasht"') == ["m8"]
    assert corpus.hits('"app de crasht"') == []
    assert corpus.hits("tickets wanneer") == ["m7"]
    assert corpus.hits("tickets AND wanneer") == ["m7"]
    assert corpus.hits("borrel OR crasht") == ["m8", "m4"]
    assert corpus.hits("tickets -wanneer") == ["m6"]
    assert corpus.hits("tickets NOT wanneer") == ["m6"]
    assert corpus.hits("(borrel OR crasht) -app") == ["m4"]
    assert corpus.hits("tick*") == ["m7", "m6"]
    assert corpus.hits("TICKETS") == ["m7", "m6"]
    assert corpus.hit_set("-tickets") == corpus.hit_set("*") - {"m6", "m7"}
    assert corpus.hits("* -is:spam -kees") == ["m8", "m5", "m4", "m3", "m2", "m1"]
    assert corpus.hits("nothingmatchesthis") == []


def test_dutch_diacritics_fold_both_ways(corpus: Corpus) -> None:
    # m1 and m5's subject write "Ideeën"; m4 writes "ideeen" in its body.
    assert corpus.hit_set("ideeen") == {"m1", "m4", "m5"}
    assert corpus.hit_set("ideeën") == {"m1", "m4", "m5"}
    assert corpus.hit_set("IDEEËN") == {"m1", "m4", "m5"}
    assert corpus.hits("body:ideeën") == ["m4", "m1"]
    assert corpus.hits("body:reunie") == ["m1"]
    assert corpus.hits("ideë*") == corpus.hits("idee*")
    assert corpus.hits('"ideeen voor de reunie van"') == ["m1"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # The body of m2 has tashkeel, tatweel and hamza/madda alefs; the query does not.
        ("جدول", ["m2"]),
        ("ارسل", ["m2"]),
        ("اليكم", ["m2"]),
        ("مرحبا", ["m2"]),
        ("الاعمال", ["m2"]),
        # A word finds itself behind proclitics written onto it (ال, بال, و…).
        ("اعمال", ["m2"]),
        ("أعضاء", ["m3"]),
        # The body of m3 has bare letters; the query has the marks.
        ("أَهْلاً", ["m3"]),
        ("أهـــلا", ["m3"]),
        ("آهلا", ["m3"]),
        ("إهلا", ["m3"]),
        ("بالأعضاء", ["m3"]),
        ('"اهلا وسهلا"', ["m3"]),
        ('"أَهْلاً وَسَهْلاً"', ["m3"]),
        # Subjects (decoded from RFC 2047) are searched too.
        ("subject:ترحيب", ["m3"]),
        ("subject:الأعمال", ["m2"]),
        ("from:سارة", ["m2"]),
    ],
)
def test_arabic_normalisation_both_ways(corpus: Corpus, query: str, expected: list[str]) -> None:
    assert corpus.hits(query) == expected


def test_text_fields(corpus: Corpus) -> None:
    assert corpus.hits("from:jan") == ["m1"]
    assert corpus.hits('from:"jan de vries"') == ["m1"]
    assert corpus.hits("from:kees") == ["m9", "m7"]
    assert corpus.hits("from:kees@example.nl") == ["m9", "m7"]
    assert corpus.hits("from:(lies OR piet)") == ["m8", "m4"]
    assert corpus.hits("-from:kees tickets") == ["m6"]
    assert corpus.hits("to:jan") == ["m5", "m4"]
    assert corpus.hits("subject:tickets") == ["m7"]
    assert corpus.hits("subject:reünie") == ["m5", "m4", "m1"]
    assert corpus.hits("subject:vraag") == ["m7"]
    assert corpus.hits("body:vraag") == []
    assert corpus.hits("jan") == ["m5", "m4", "m1"]  # sender or recipient


def test_structured_fields(corpus: Corpus) -> None:
    assert corpus.hits("tag:bug") == ["m8", "m7"]
    assert corpus.hits("tag:KLACHT") == ["m8"]
    assert corpus.hits("tag:bug -tag:klacht") == ["m7"]
    assert corpus.hits("tag:nothing") == []
    assert len(corpus.hits("kind:mail")) == 9
    assert corpus.hits("kind:mention") == []
    assert corpus.hits("source:test") == corpus.hits("*")
    assert corpus.hits("source:elsewhere") == []
    assert corpus.hits("lang:ar") == ["m3", "m2"]
    assert "m1" in corpus.hits("lang:nl")
    assert corpus.hits("id:<m4@example.nl>") == ["m4"]
    assert corpus.hits("id:M4@EXAMPLE.NL") == ["m4"]
    assert corpus.hits(f"thread:{corpus.conv['m1']}") == ["m5", "m4", "m1"]
    assert corpus.hits(f"thread:{corpus.conv['m1']} borrel") == ["m4"]
    assert corpus.hits("thread:99999") == []


def test_triage_states(corpus: Corpus) -> None:
    assert corpus.hits("is:outbound") == ["m5"]
    assert corpus.hits("is:answered") == ["m4", "m1"]
    assert corpus.hits("is:unanswered") == ["m9", "m8", "m7", "m3", "m2"]
    assert corpus.hits("is:spam") == ["m6"]
    assert corpus.hits("is:promised") == ["m8", "m7"]
    assert corpus.hits("is:overdue") == ["m7"]
    assert corpus.hits("is:waiting") == ["m9", "m3", "m2"]
    assert corpus.hits("is:unanswered -is:promised") == ["m9", "m3", "m2"]
    assert corpus.hits("is:unanswered tickets") == ["m7"]
    assert corpus.hits("is:overdue OR is:spam") == ["m7", "m6"]
    assert corpus.hits("is:unread") == ["m9", "m8", "m7", "m6", "m4", "m3", "m2", "m1"]
    assert corpus.hits("is:done") == ["m5"]


def test_overdue_depends_on_now(corpus: Corpus) -> None:
    early = datetime(2024, 3, 9, tzinfo=UTC)
    late = datetime(2024, 4, 1, tzinfo=UTC)
    assert search(corpus.conn, "is:overdue", now=early).rows == []
    assert {r.id for r in search(corpus.conn, "is:overdue", now=late).rows} == {
        corpus.item["m7"],
        corpus.item["m8"],
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # m1 is 23:59:30 on the 28th, m2 10:00 on the 29th, m3 one second into March.
        ("date:2024-02-01..2024-02-29", ["m2", "m1"]),
        ("date:2024-02", ["m2", "m1"]),
        ("date:2024-02-28", ["m1"]),
        ("date:..2024-02-28", ["m1"]),
        ("date:2024-02-29..2024-03-01", ["m3", "m2"]),
        ("date:2024-03-01..2024-02-29", ["m3", "m2"]),
        ("date:2024-03-01", ["m3"]),
        ("date:2024-03-07..", ["m9"]),
        ("date:2023", []),
        # The same on the full-text path (the date becomes a rowid range).
        ("reünie date:2024-02-28", ["m1"]),
        ("reünie date:2024-02-01..2024-02-29", ["m1"]),
        ("reünie date:2024-03-02..2024-03-02", ["m4"]),
        ("ideeen date:2024-03", ["m5", "m4"]),
        ("ideeen -date:2024-03", ["m1"]),
        ("tickets date:2024-03-04..2024-03-05", ["m7", "m6"]),
        ("(jan OR ahmed) date:2024-03-01..2024-03-02", ["m4", "m3"]),
        # Relative dates are measured from the search's "now" (2024-03-20 12:00).
        ("date:16d", ["m9", "m8", "m7"]),
        ("tickets date:16d", ["m7"]),
    ],
)
def test_date_ranges_include_the_whole_end_day(
    corpus: Corpus, query: str, expected: list[str]
) -> None:
    assert corpus.hits(query) == expected


def test_full_text_queries_walk_the_index_by_rowid(corpus: Corpus) -> None:
    compiled = compile_query("reünie date:2024-02 is:unanswered", NOW)
    sql, _ = compiled.page_sql(50)
    assert "ORDER BY f.rowid DESC" in sql
    assert "f.rowid BETWEEN" in sql
    plan = " ".join(
        str(row[-1]) for row in corpus.conn.execute("EXPLAIN QUERY PLAN " + sql, _).fetchall()
    )
    assert "TEMP B-TREE" not in plan  # no sort of all matches


MANY = 130


@pytest.fixture()
def many(store: Store, raw_conn: Any, ingest: Callable[[list[bytes]], Any]) -> Any:
    raws = []
    for i in range(MANY):
        # Pairs share a timestamp, so ties must be broken stably by id.
        day, hour = 1 + (i // 2) // 24, (i // 2) % 24
        raws.append(
            (
                f"From: Lid {i} <lid{i}@example.nl>\r\n"
                f"Subject: Bericht {i}\r\n"
                f"Date: {day:02d} Jan 2024 {hour:02d}:00:00 +0000\r\n"
                f"Message-ID: <n{i}@example.nl>\r\n"
                f"\r\n"
                f"{'paginering' if i % 3 else 'anders'} van idee\u00ebn {i}\r\n"
            ).encode()
        )
    ingest(raws)
    return raw_conn


@pytest.mark.parametrize(
    "query",
    [
        "*",
        "kind:mail",
        "paginering",
        "ideeen -anders",
        "idee* date:2024-01-02..2024-01-03",
        "is:unanswered",
    ],
)
def test_paging_with_before_matches_one_big_page(many: Any, query: str) -> None:
    big = search(many, query, limit=1000).rows
    assert len(big) == count(many, query)
    assert len(big) > 20
    dates = [r.date for r in big]
    assert dates == sorted(dates, reverse=True)
    paged: list[Any] = []
    before = None
    while True:
        page = search(many, query, limit=7, before=before).rows
        if not page:
            break
        assert len(page) <= 7
        paged.extend(page)
        before = page[-1].sort_key
    assert [r.id for r in paged] == [r.id for r in big]
    assert len({r.id for r in paged}) == len(paged)


def test_count_of_the_whole_store(many: Any) -> None:
    assert count(many, "*") == MANY
    assert count(many, "paginering") == MANY - (MANY + 2) // 3
    assert count(many, "anders") == (MANY + 2) // 3
    assert count(many, "paginering OR anders") == MANY


def test_rows_carry_what_the_result_list_shows(corpus: Corpus) -> None:
    (row,) = search(corpus.conn, "id:m1@example.nl").rows
    assert row.sender == "Jan de Vries"
    assert row.from_addr == "jan@example.nl"
    assert row.subject == "Ideeën voor de reünie"
    assert row.date == datetime(2024, 2, 28, 23, 59, 30, tzinfo=UTC)
    assert (row.kind, row.direction, row.triage, row.language) == ("mail", "in", "new", "nl")
    assert row.as_json()["from"] == "Jan de Vries"
    assert search(corpus.conn, "*").elapsed_ms >= 0


def test_conversation_of_an_outbound_reply(corpus: Corpus) -> None:
    with corpus.store.engine.connect() as c:
        subject = c.execute(
            select(Conversation.subject).where(Conversation.id == corpus.conv["m5"])
        ).scalar()
    assert subject == "Ideeën voor de reünie"

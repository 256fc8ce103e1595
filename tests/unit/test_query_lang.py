"""The search language: what each query means, and that odd input is read, not crashed on."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cm_desk.domain.models import Changes
from cm_desk.store.query_lang import All, And, Field, Node, Not, Or, QueryError, Text, parse
from cm_desk.store.search import count, search

S, R, SUBJ, B = ("sender",), ("recipients",), ("subject",), ("body",)


def t(text: str, columns: tuple[str, ...] = (), prefix: bool = False) -> Text:
    return Text(text, columns, prefix)


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("reünie", t("reünie")),
        ('"exacte zin"', t("exacte zin")),
        ('"with ""quotes"" inside"', t('with "quotes" inside')),
        ("a b", And((t("a"), t("b")))),
        ("a AND b", And((t("a"), t("b")))),
        ("a OR b", Or((t("a"), t("b")))),
        ("a OR b c", Or((t("a"), And((t("b"), t("c")))))),
        ("(a OR b) c", And((Or((t("a"), t("b"))), t("c")))),
        ("NOT a", Not(t("a"))),
        ("-a", Not(t("a"))),
        ("a -b", And((t("a"), Not(t("b"))))),
        ("a NOT b", And((t("a"), Not(t("b"))))),
        ("-(a OR b)", Not(Or((t("a"), t("b"))))),
        ('-"a b"', Not(t("a b"))),
        ("e-mail", t("e-mail")),
        ("pre*", t("pre", prefix=True)),
        ("pre**", t("pre", prefix=True)),
        ("*", All()),
        ("(*)", All()),
        ("* -spam", And((All(), Not(t("spam"))))),
        # Only upper-case words are operators.
        ("rock and roll", And((t("rock"), t("and"), t("roll")))),
        ("or not", And((t("or"), t("not")))),
        # Full-text fields.
        ("from:jan", t("jan", S)),
        ("FROM:jan", t("jan", S)),
        ("to:cm@desk.example", t("cm@desk.example", R)),
        ('subject:"re unie"', t("re unie", SUBJ)),
        ("subject:reü*", t("reü", SUBJ, prefix=True)),
        ("body:agenda", t("agenda", B)),
        ("-from:jan", Not(t("jan", S))),
        ("from:(jan OR piet)", Or((t("jan", S), t("piet", S)))),
        ("from:(jan -piet)", And((t("jan", S), Not(t("piet", S))))),
        ("from:(subject:x y)", And((t("x", SUBJ), t("y", S)))),
        # Structured fields.
        ("tag:bug", Field("tag", "bug")),
        ('tag:"big bug"', Field("tag", "big bug")),
        ("-tag:done", Not(Field("tag", "done"))),
        ("kind:mail", Field("kind", "mail")),
        ("kind:mention", Field("kind", "mention")),
        ("source:reddit", Field("source", "reddit")),
        ("date:2024-01..2024-02", Field("date", "2024-01..2024-02")),
        ("is:unanswered", Field("is", "unanswered")),
        ("-is:spam", Not(Field("is", "spam"))),
        ("id:<a@b.example>", Field("id", "<a@b.example>")),
        ("thread:42", Field("thread", "42")),
        ("lang:nl", Field("lang", "nl")),
        ("is:overdue tag:bug", And((Field("is", "overdue"), Field("tag", "bug")))),
        # Malformed input read literally.
        ('"unbalanced quote', t("unbalanced quote")),
        ("(a b", And((t("a"), t("b")))),
        ("((((a", t("a")),
        ("a b)", And((t("a"), t("b")))),
        (") a", t("a")),
        ("a -", t("a")),
        ("- a", t("a")),
        ("a : b", And((t("a"), t("b")))),
        ("a AND", t("a")),
        ("OR b", t("b")),
        ("a OR", t("a")),
        ("a NOT", t("a")),
        ("(a OR b NOT) c", And((Or((t("a"), t("b"))), t("c")))),
        ("a NEAR b", And((t("a"), t("NEAR"), t("b")))),
        ("NEAR(a b)", And((t("NEAR"), And((t("a"), t("b")))))),
        ("^a", t("^a")),
        ("a*b", t("a*b")),
        ("*a", t("*a")),
        ("col:x", t("col:x")),
        ("col:", t("col:")),
        ("http://example.com/x?y=z", t("http://example.com/x?y=z")),
        ("10:30", t("10:30")),
        ("x:", t("x:")),
        ("a+b {c} [d] ~e $f", And((t("a+b"), t("{c}"), t("[d]"), t("~e"), t("$f")))),
        ("'; DROP TABLE items; --", And((t("DROP"), t("TABLE"), t("items;")))),
    ],
)
def test_parse(query: str, tree: Node) -> None:
    assert parse(query) == tree


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "the query is empty"),
        ("   ", "the query is empty"),
        ("x" * 2001, "too long"),
        (")", "nothing to search for"),
        ("-", "nothing to search for"),
        (":", "nothing to search for"),
        ('"', "nothing to search for"),
        ('""', "nothing to search for"),
        ("()", "nothing to search for"),
        ("AND OR NOT", "nothing to search for"),
        ("NOT", "nothing to search for"),
        ("from:", "nothing to search for"),
        ("from:*", "nothing to search for"),
        ("… — !", "nothing to search for"),
        ("tag:", "tag: needs a value, e.g. tag:complaint"),
        ("date:", "date: needs a value"),
        ("is:purple", "is:purple is not something cm-desk knows; try one of: unanswered"),
        ("kind:tweet", "kind:tweet is unknown; use kind:mail or kind:mention"),
        ("tag:(a OR b)", "tag: needs a value"),
        ("(" * 60 + "a", "nests parentheses too deeply"),
    ],
)
def test_query_errors_are_sentences(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(")):
        parse(query)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date:someday", "cannot read the date 'someday'; use 2024-01-31"),
        ("date:2024-02-30", "'2024-02-30' is not a real date"),
        ("reünie date:2024-13", "'2024-13' is not a real date"),
        ("thread:abc", "thread:abc should be a conversation number"),
    ],
)
def test_value_errors_surface_when_the_query_runs(raw_conn: Any, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        search(raw_conn, query)
    with pytest.raises(QueryError, match=message):
        count(raw_conn, query)


NASTY = [
    '"unbalanced',
    "(a b",
    "a b)",
    "-",
    ":",
    ")",
    "a AND",
    "OR",
    "NOT NOT",
    "a NEAR b",
    "NEAR(a b, 3)",
    "^a",
    "a*b",
    "*a*",
    "col:x",
    "'; DROP TABLE items; --",
    '" OR 1=1 --',
    'a" OR "b',
    'subject:"',
    "from:(",
    "{subject body}: x",
    "x:y:z",
    "\x00",
    "0\x00",
    "a\x00b",
    'from:"\x00x"',
    "ـ",
    "ـ*",
    "date:..",
    "date:9999",
    "reünie date:9999..",
    "* date:1969",
    "-* a",
    "a -*",
    "(a OR -b) -(c OR d)",
    "'",
    "\\",
    "%_",
]


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries_never_reach_sqlite_as_errors(
    raw_conn: Any, ingest_sample: Changes, query: str
) -> None:
    try:
        hits = search(raw_conn, query, now=datetime(2024, 3, 1, tzinfo=UTC)).rows
        total = count(raw_conn, query, now=datetime(2024, 3, 1, tzinfo=UTC))
    except QueryError as exc:
        assert str(exc)[0].isalpha() or str(exc)[0] in "'\""
        return
    assert total == len(hits)
    assert raw_conn.execute("SELECT count(*) FROM items").fetchone()[0] == 2


@pytest.fixture()
def ingest_sample(ingest: Any) -> Changes:
    """Two messages, so that nasty queries run against a non-empty index."""
    changes: Changes = ingest(
        [
            b"From: Jan <jan@example.nl>\r\nSubject: Idee\xc3\xabn\r\n"
            b"Date: Mon, 15 Jan 2024 10:00:00 +0000\r\n\r\na b c\r\n",
            b"From: Piet <piet@example.nl>\r\nSubject: NEAR\r\n"
            b"Date: Tue, 16 Jan 2024 10:00:00 +0000\r\n\r\nd * e\r\n",
        ]
    )
    return changes


_TOKENS = [
    "a",
    "b",
    "reünie",
    "جدول",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "-",
    "(",
    ")",
    '"',
    "*",
    ":",
    "^",
    "'",
    ";",
    "from:",
    "to:",
    "subject:",
    "body:",
    "tag:",
    "kind:",
    "source:",
    "date:",
    "is:",
    "id:",
    "thread:",
    "lang:",
    "col:",
    "2024-01",
    "..",
    "7d",
    "unanswered",
    "overdue",
    "mail",
    "42",
    "{",
    "}",
    "+",
    "\\",
    "\x00",
]
_queries = st.one_of(
    st.lists(st.sampled_from(_TOKENS), max_size=12).map(lambda parts: "".join(parts)),
    st.lists(st.sampled_from(_TOKENS), max_size=12).map(lambda parts: " ".join(parts)),
    st.text(max_size=40),
)


@settings(
    max_examples=300,
    deadline=None,
    database=None,  # no .hypothesis directory in the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=_queries)
def test_fuzz_any_query_gives_results_or_a_query_error(
    raw_conn: Any, ingest_sample: Changes, query: str
) -> None:
    try:
        rows = search(raw_conn, query, limit=10).rows
        total = count(raw_conn, query)
    except QueryError as exc:
        assert str(exc)
        return
    except sqlite3.Error as exc:  # pragma: no cover - what this test exists to catch
        pytest.fail(f"{query!r} reached SQLite as an error: {exc}")
    assert total >= len(rows)
    _assert_newest_first(rows)


def _assert_newest_first(rows: Sequence[Any]) -> None:
    keys = [r.sort_key for r in rows]
    assert keys == sorted(keys, reverse=True)

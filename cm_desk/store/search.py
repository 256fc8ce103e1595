"""Search: a parsed query becomes one SQL statement, newest first, page by page.

The plan that makes a first page fast whatever the number of hits: the
full-text index's rowid *is* ``items.sort_key`` (date in the high bits), so
``ORDER BY rowid DESC LIMIT 50`` walks the index backwards and stops after 50
rows instead of sorting every match. Date ranges become rowid ranges on the
same walk. Conditions that the index cannot answer (tags, triage, promises)
join in as SQL predicates. User words always reach FTS5 quoted, so nothing
typed can become an FTS5 operator or an SQL error.

This module imports no SQLAlchemy: ``cm-desk search`` runs it on a plain
``sqlite3`` connection to start fast.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cm_desk.domain.sentence import Sentence, sentence_of
from cm_desk.domain.text import fold_for_search
from cm_desk.store.arabic import is_arabic, phrase_spellings
from cm_desk.store.dates import DateRangeError, parse_date_range
from cm_desk.store.dialect import (
    FTS_DRIVEN_FROM,
    FTS_MATCH_ITEMS,
    FTS_SORT_KEY,
    fts_all_but,
    fts_any,
    fts_term,
)
from cm_desk.store.query_lang import All, And, Field, Node, Not, Or, QueryError, Text, parse
from cm_desk.store.sqlutil import SORT_SHIFT

_WAITING_PROMISE = (
    "EXISTS (SELECT 1 FROM promises p WHERE p.conversation_id = i.conversation_id "
    "AND p.status = 'open')"
)
_ROW_COLUMNS = (
    "i.id, i.date, i.from_name, i.from_addr, i.subject, i.kind, i.direction, i.triage, "
    "i.conversation_id, i.language, i.sort_key"
)


@dataclass(frozen=True, slots=True)
class SearchRow:
    """One hit: what a result list shows."""

    id: int
    date: datetime
    sender: str
    from_addr: str
    subject: str
    kind: str
    direction: str
    triage: str
    conversation_id: int
    language: str
    sort_key: int

    def as_json(self) -> dict[str, Any]:
        """The row as the ``--json`` output documents it."""
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "from": self.sender,
            "from_addr": self.from_addr,
            "subject": self.subject,
            "kind": self.kind,
            "direction": self.direction,
            "triage": self.triage,
            "conversation": self.conversation_id,
            "language": self.language,
        }


@dataclass(frozen=True, slots=True)
class Compiled:
    """SQL for a query: a FROM/WHERE part shared by the page and the count."""

    from_where: str
    params: tuple[Any, ...]
    order: str  # the column that orders newest-first (index rowid or sort_key)

    def page_sql(self, limit: int, before: int | None = None) -> tuple[str, tuple[Any, ...]]:
        """The newest ``limit`` rows, or those older than sort key ``before``."""
        sql, params = self.from_where, self.params
        if before is not None:
            sql += f" AND {self.order} < ?"
            params = (*params, before)
        return (f"SELECT {_ROW_COLUMNS} {sql} ORDER BY {self.order} DESC LIMIT ?", (*params, limit))

    def count_sql(self) -> tuple[str, tuple[Any, ...]]:
        """How many rows match."""
        return f"SELECT count(*) {self.from_where}", self.params


@dataclass
class _Builder:
    now: datetime
    params: list[Any] = field(default_factory=list)

    # -- full-text ------------------------------------------------------
    def fts_able(self, node: Node) -> bool:
        if isinstance(node, Text):
            return True
        if isinstance(node, Or):
            return all(self.fts_able(c) for c in node.children)
        if isinstance(node, And):
            positives = [c for c in node.children if not isinstance(c, Not)]
            return bool(positives) and all(
                self.fts_able(c.child if isinstance(c, Not) else c) for c in node.children
            )
        return False

    def fts(self, node: Node) -> str:
        if isinstance(node, Text):
            folded = fold_for_search(node.text)
            words = folded.split()
            if not node.prefix and words and is_arabic(words[0]):
                # An Arabic word behind its proclitics, or with its other ending, is
                # still that word: ask for each spelling (see store.arabic).
                spelled = phrase_spellings(words)
                if spelled and len(spelled) > 1:
                    return fts_any([fts_term(p, node.columns) for p in spelled])
            return fts_term(folded, node.columns, node.prefix)
        if isinstance(node, Or):
            return fts_any([self.fts(c) for c in node.children])
        assert isinstance(node, And)
        return fts_all_but(
            [self.fts(c) for c in node.children if not isinstance(c, Not)],
            [self.fts(c.child) for c in node.children if isinstance(c, Not)],
        )

    # -- general SQL ----------------------------------------------------
    def sql(self, node: Node) -> str:
        if isinstance(node, All):
            return "1=1"
        if isinstance(node, Not):
            return f"NOT ({self.sql(node.child)})"
        if isinstance(node, Or | And) and self.fts_able(node):
            self.params.append(self.fts(node))
            return FTS_MATCH_ITEMS
        if isinstance(node, And):
            return "(" + " AND ".join(self.sql(c) for c in node.children) + ")"
        if isinstance(node, Or):
            return "(" + " OR ".join(self.sql(c) for c in node.children) + ")"
        if isinstance(node, Text):
            self.params.append(self.fts(node))
            return FTS_MATCH_ITEMS
        return self.field(node)

    def field(self, node: Field) -> str:
        name, value = node.name, node.value
        low = value.lower()
        if name == "date":
            lo, hi = self.date_range(value)
            self.params.extend((lo, hi))
            return "i.date BETWEEN ? AND ?"
        if name == "tag":
            self.params.append(low)
            return (
                "EXISTS (SELECT 1 FROM item_tags it JOIN tags t ON t.id = it.tag_id "
                "WHERE it.item_id = i.id AND lower(t.name) = ?)"
            )
        if name == "kind":
            self.params.append("mention" if low.startswith("mention") else "mail")
            return "i.kind = ?"
        if name == "lang":
            self.params.append(low)
            return "i.language = ?"
        if name == "id":
            self.params.append(low.strip("<>"))
            return "i.message_id = ?"
        if name == "thread":
            if not (value.isascii() and value.isdigit() and len(value) <= 18):
                raise QueryError(
                    Sentence(
                        "thread:{value} should be a conversation number, e.g. thread:42",
                        value=value,
                    )
                )
            self.params.append(int(value))
            return "i.conversation_id = ?"
        if name == "source":
            like = f"%{low}%"
            self.params.extend((like, low, like, low))
            return (
                "(i.source_id IN (SELECT s.id FROM sources s WHERE lower(s.name) LIKE ? "
                "OR s.kind = ? OR lower(s.url) LIKE ?) OR i.account_id IN "
                "(SELECT a.id FROM accounts a WHERE lower(a.name) = ?))"
            )
        return self.is_value(low)

    def is_value(self, value: str) -> str:
        now = int(self.now.timestamp())
        inbound_live = "i.direction = 'in' AND i.triage NOT IN ('spam', 'abuse')"
        simple = {
            "unanswered": f"{inbound_live} AND i.answered_at IS NULL",
            "answered": "i.answered_at IS NOT NULL",
            "promised": _WAITING_PROMISE,
            # Keep in step with cm_desk.store.queries.still_waiting.
            "waiting": (
                f"{inbound_live} AND i.triage IN ('new', 'open') "
                f"AND i.answered_at IS NULL AND NOT {_WAITING_PROMISE} "
                f"AND (i.snoozed_until IS NULL OR i.snoozed_until <= {now})"
            ),
            "unread": "i.seen = 0",
            "read": "i.seen = 1",
            "flagged": "i.flagged = 1",
            "spam": "i.triage = 'spam'",
            "abuse": "i.triage = 'abuse'",
            "new": "i.triage = 'new'",
            "open": "i.triage = 'open'",
            "done": "i.triage = 'done'",
            "inbound": "i.direction = 'in'",
            "outbound": "i.direction IN ('out', 'fwd')",
            "attachment": "i.has_attachments = 1",
            "escalated": (
                "EXISTS (SELECT 1 FROM escalations e WHERE "
                "e.conversation_id = i.conversation_id AND e.status = 'open')"
            ),
        }
        if value == "overdue":
            self.params.append(now)
            return (
                "EXISTS (SELECT 1 FROM promises p WHERE p.conversation_id = i.conversation_id"
                " AND p.status = 'open' AND p.due_at < ?)"
            )
        return simple[value]

    def date_range(self, value: str) -> tuple[int, int]:
        try:
            return parse_date_range(value, self.now)
        except DateRangeError as exc:
            raise QueryError(sentence_of(exc)) from exc


def compile_query(query: str | Node, now: datetime | None = None) -> Compiled:
    """Compile a query (text or AST) into SQL over ``items i``."""
    node = parse(query) if isinstance(query, str) else query
    builder = _Builder(now or datetime.now(UTC))
    conjuncts = list(node.children) if isinstance(node, And) else [node]
    fts_pos: list[Node] = [c for c in conjuncts if not isinstance(c, Not) and builder.fts_able(c)]
    if not fts_pos:
        where = " AND ".join(builder.sql(c) for c in conjuncts)
        lo_hi = _sort_range(conjuncts, builder)
        return Compiled(f"FROM items i WHERE {where}{lo_hi}", tuple(builder.params), "i.sort_key")
    fts_neg: list[Node] = [c for c in conjuncts if isinstance(c, Not) and builder.fts_able(c.child)]
    rest = [c for c in conjuncts if c not in fts_pos and c not in fts_neg]
    match = builder.fts(
        And(tuple(fts_pos + fts_neg)) if len(fts_pos) + len(fts_neg) > 1 else fts_pos[0]
    )
    params: list[Any] = [match]
    sql = FTS_DRIVEN_FROM
    for lo, hi in _date_bounds(rest, builder):
        sql += f" AND {FTS_SORT_KEY} BETWEEN ? AND ?"
        params.extend((lo << SORT_SHIFT, (hi << SORT_SHIFT) | 0xFFFFFFFF))
    rest = [c for c in rest if not _is_date(c)]
    builder.params = []
    for c in rest:
        sql += f" AND {builder.sql(c)}"
    return Compiled(sql, (*params, *builder.params), FTS_SORT_KEY)


def _is_date(node: Node) -> bool:
    return isinstance(node, Field) and node.name == "date"


def _date_bounds(conjuncts: Sequence[Node], builder: _Builder) -> list[tuple[int, int]]:
    return [builder.date_range(c.value) for c in conjuncts if isinstance(c, Field) and _is_date(c)]


def _sort_range(conjuncts: Sequence[Node], builder: _Builder) -> str:
    """Date filters again as a sort_key range, so the ordered index is walked narrowly."""
    out = ""
    for lo, hi in _date_bounds(conjuncts, builder):
        out += (
            f" AND i.sort_key BETWEEN {max(lo, 0) << SORT_SHIFT} AND "
            f"{(max(hi, 0) << SORT_SHIFT) | 0xFFFFFFFF}"
        )
    return out


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A first page of hits and how long it took."""

    rows: list[SearchRow]
    elapsed_ms: float


def _row(r: Sequence[Any]) -> SearchRow:
    return SearchRow(
        id=r[0],
        date=datetime.fromtimestamp(r[1], UTC),
        sender=r[2] or r[3],
        from_addr=r[3],
        subject=r[4],
        kind=r[5],
        direction=r[6],
        triage=r[7],
        conversation_id=r[8],
        language=r[9],
        sort_key=r[10],
    )


def search(
    conn: Any, query: str, limit: int = 50, before: int | None = None, now: datetime | None = None
) -> SearchResult:
    """Run ``query`` on a DB-API connection: the newest ``limit`` hits and the time taken.

    ``elapsed_ms`` covers query text in to rows out: parsing, planning and
    fetching, as the app's result list experiences it.
    """
    t0 = time.perf_counter()
    compiled = compile_query(query, now)
    sql, params = compiled.page_sql(limit, before)
    rows = [_row(r) for r in conn.execute(sql, params).fetchall()]
    return SearchResult(rows=rows, elapsed_ms=(time.perf_counter() - t0) * 1000)


def count(conn: Any, query: str, now: datetime | None = None) -> int:
    """How many items match ``query``."""
    sql, params = compile_query(query, now).count_sql()
    return int(conn.execute(sql, params).fetchone()[0])

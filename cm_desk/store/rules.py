"""Keyword rules in the store: saved, previewed, and applied as items arrive.

Rules run inside the transaction that stores new items (mentions and mail),
so an item never shows up in the queue before its rules have tagged,
prioritised or filed it. Each match is recorded in ``rule_hits`` — what the
CM counts and quotes when arguing the community's case — and a rule can be
applied to what is already stored. :func:`preview` counts what a rule would
match without saving anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    RowMapping,
    delete,
    func,
    insert,
    select,
    text,
)

from cm_desk.domain.keywords import Matcher, RuleSpec, Scope
from cm_desk.domain.models import Direction, ItemKind
from cm_desk.domain.text import fold_for_search
from cm_desk.store import dialect
from cm_desk.store.arabic import phrase_spellings
from cm_desk.store.rule_apply import (
    MATCHED_TEXT,
    active_matchers,
    apply_rules,
    ensure_tag,
    item_text,
    spec_from,
)
from cm_desk.store.rule_apply import matches as _matches
from cm_desk.store.rule_apply import record as _record
from cm_desk.store.schema import Item, KeywordRule, RuleHit

__all__ = [
    "MATCHED_TEXT",
    "Preview",
    "RuleError",
    "SavedRule",
    "active_matchers",
    "apply_rules",
    "apply_to_stored",
    "ensure_tag",
    "find_rule",
    "fts_candidates",
    "item_text",
    "list_rules",
    "preview",
    "remove_rule",
    "save_rule",
]
_SCAN_BATCH = 2000
_MAX_FTS_PHRASES = 400  # beyond this a rule is checked against every item instead


class RuleError(ValueError):
    """A rule that cannot be saved, in a sentence."""


@dataclass(frozen=True)
class SavedRule:
    """A rule as stored, with how many items it has matched."""

    id: int
    spec: RuleSpec
    enabled: bool
    hits: int


@dataclass(frozen=True)
class Preview:
    """What a rule would match among the stored items."""

    matched: int
    in_scope: int  # inbound items of the rule's kind
    samples: tuple[tuple[int, str], ...]  # (item id, subject) of the newest matches


def _spec(row: Any) -> RuleSpec:
    return spec_from(row._mapping)


def save_rule(conn: Connection, spec: RuleSpec, now: datetime | None = None) -> int:
    """Store a new rule (its name must be free); returns its id."""
    problems = spec.problems()
    if problems:
        raise RuleError("; ".join(problems))
    name = spec.name.strip()
    if conn.execute(select(KeywordRule.id).where(KeywordRule.name == name)).first():
        raise RuleError(f"there is already a rule named {name!r}")
    return int(
        conn.execute(
            insert(KeywordRule)
            .values(
                name=name,
                terms=json.dumps(list(spec.terms), ensure_ascii=False),
                require=json.dumps(list(spec.require), ensure_ascii=False),
                exclude=json.dumps(list(spec.exclude), ensure_ascii=False),
                whole_word=spec.whole_word,
                scope=spec.scope.value,
                tag=spec.tag.strip(),
                priority=spec.priority,
                route=spec.route.value,
                enabled=True,
                created_at=now or datetime.now(UTC),
            )
            .returning(KeywordRule.id)
        ).scalar_one()
    )


def find_rule(conn: Connection, which: str) -> int:
    """The id of the rule named (or numbered) ``which``."""
    rows = conn.execute(select(KeywordRule.id, KeywordRule.name)).all()
    found = [r.id for r in rows if which in (str(r.id), r.name)]
    if not found:
        raise RuleError(f"no rule {which!r} (see 'cm-desk rule list')")
    return int(found[0])


def remove_rule(conn: Connection, rule_id: int) -> None:
    """Forget a rule; the tags and priorities it set stay on the items."""
    conn.execute(delete(RuleHit).where(RuleHit.rule_id == rule_id))
    conn.execute(delete(KeywordRule).where(KeywordRule.id == rule_id))


def list_rules(conn: Connection) -> list[SavedRule]:
    """Every rule, oldest first, with its hit count."""
    hits = (
        select(func.count())
        .where(RuleHit.rule_id == KeywordRule.id)
        .correlate(KeywordRule)
        .scalar_subquery()
    )
    rows = conn.execute(
        select(KeywordRule.__table__, hits.label("hits")).order_by(KeywordRule.id)
    ).all()
    return [SavedRule(r.id, _spec(r), bool(r.enabled), int(r.hits)) for r in rows]


_COLUMNS = (
    Item.id,
    Item.kind,
    Item.direction,
    Item.triage,
    Item.priority,
    Item.subject,
    Item.body_text,
)


def fts_candidates(spec: RuleSpec) -> str | None:
    """An index query that finds every item a whole-word rule can match.

    The index folds case, diacritics and alef forms like the rule does, so a
    phrase query per term (and per Arabic spelling) narrows 50,000 items to
    the few that contain a term; the rule itself then decides. None when the
    index cannot narrow it (matching inside words, too many spellings).
    """
    if not spec.whole_word:
        return None
    phrases: list[str] = []
    for term in spec.terms:
        words = fold_for_search(term).split()
        if not words:
            continue
        spelled = phrase_spellings(words)
        if spelled is None or len(phrases) + len(spelled) > _MAX_FTS_PHRASES:
            return None
        phrases += spelled
    if not phrases:
        return None
    return dialect.fts_any([dialect.fts_term(p, ("subject", "body")) for p in phrases])


def _in_scope_sql(scope: Scope) -> list[ColumnElement[bool]]:
    where = [Item.direction == Direction.IN.value]
    if scope is Scope.MENTIONS:
        where.append(Item.kind == ItemKind.MENTION.value)
    elif scope is Scope.MAIL:
        where.append(Item.kind != ItemKind.MENTION.value)
    return where


def _stored(conn: Connection, spec: RuleSpec) -> Iterator[RowMapping]:
    """Every inbound item a rule could match, newest first, in batches."""
    query = select(*_COLUMNS).where(*_in_scope_sql(spec.scope))
    narrowed = fts_candidates(spec)
    if narrowed is not None:
        query = query.where(Item.sort_key.in_(text(dialect.FTS_ROWIDS).bindparams(fts=narrowed)))
    result = conn.execution_options(yield_per=_SCAN_BATCH).execute(
        query.order_by(Item.sort_key.desc())
    )
    for part in result.mappings().partitions():
        yield from part


def preview(conn: Connection, spec: RuleSpec, samples: int = 5) -> Preview:
    """How many stored items ``spec`` would match (nothing is saved)."""
    problems = spec.problems()
    if problems:
        raise RuleError("; ".join(problems))
    matcher = [(0, Matcher.compile(spec))]
    matched = 0
    shown: list[tuple[int, str]] = []
    for row, _ in _matches(matcher, _stored(conn, spec)):
        matched += 1
        if len(shown) < samples:
            shown.append((int(row["id"]), str(row["subject"] or "")))
    total = conn.execute(
        select(func.count()).select_from(Item).where(*_in_scope_sql(spec.scope))
    ).scalar_one()
    return Preview(matched, int(total), tuple(shown))


def apply_to_stored(conn: Connection, rule_id: int) -> int:
    """Run one saved rule over every stored item in its scope; the count matched."""
    matchers = [(rid, m) for rid, m in active_matchers(conn) if rid == rule_id]
    if not matchers:
        return 0
    # Collect the matches (without their text) before writing: the connection
    # cannot update while it streams.
    found = [
        ({"id": r["id"], "triage": r["triage"], "priority": r["priority"]}, hit)
        for r, hit in _matches(matchers, _stored(conn, matchers[0][1].spec))
    ]
    return len(_record(conn, found))

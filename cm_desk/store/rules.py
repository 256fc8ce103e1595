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
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
    update,
)

from cm_desk.domain.keywords import Matcher, Route, RuleSpec, Scope, fold
from cm_desk.domain.models import Direction, ItemKind, Triage
from cm_desk.domain.text import fold_for_search
from cm_desk.store import dialect
from cm_desk.store.arabic import phrase_spellings
from cm_desk.store.schema import Item, ItemTag, KeywordRule, RuleHit, Tag
from cm_desk.store.sqlutil import chunks

MATCHED_TEXT = 64 * 1024  # characters of a body a rule reads; beyond that is quoted logs
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


def _words(value: str) -> tuple[str, ...]:
    try:
        loaded = json.loads(value or "[]")
    except ValueError:
        return ()
    return tuple(str(w) for w in loaded) if isinstance(loaded, list) else ()


def _spec(row: Any) -> RuleSpec:
    return RuleSpec(
        name=row.name,
        terms=_words(row.terms),
        require=_words(row.require),
        exclude=_words(row.exclude),
        whole_word=bool(row.whole_word),
        scope=Scope(row.scope) if row.scope in Scope._value2member_map_ else Scope.MENTIONS,
        tag=row.tag or "",
        priority=int(row.priority or 0),
        route=Route(row.route) if row.route in Route._value2member_map_ else Route.KEEP,
    )


def ensure_tag(conn: Connection, name: str, color: str = "") -> int:
    """The id of tag ``name`` (matched case-insensitively), created if new."""
    name = name.strip()
    if not name:
        raise ValueError("a tag needs a name")
    found = conn.execute(select(Tag.id).where(func.lower(Tag.name) == name.lower())).scalar()
    if found is not None:
        return int(found)
    result = conn.execute(insert(Tag).values(name=name, color=color).returning(Tag.id))
    return int(result.scalar_one())


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


def active_matchers(conn: Connection) -> list[tuple[int, Matcher]]:
    """The enabled rules, compiled."""
    rows = conn.execute(select(KeywordRule.__table__).where(KeywordRule.enabled.is_(True)))
    return [(r.id, Matcher.compile(_spec(r))) for r in rows]


def _in_scope(scope: Scope, kind: str, direction: str) -> bool:
    if direction != Direction.IN.value:
        return False  # our own replies always name the brand
    if scope is Scope.ALL:
        return True
    return (kind == ItemKind.MENTION.value) == (scope is Scope.MENTIONS)


def item_text(subject: str, body: str) -> str:
    """What a rule reads of an item."""
    return f"{subject}\n{body[:MATCHED_TEXT]}"


def _matches(
    matchers: Sequence[tuple[int, Matcher]], rows: Iterable[Mapping[Any, Any]]
) -> Iterator[tuple[Mapping[Any, Any], list[tuple[int, Matcher]]]]:
    for row in rows:
        kind, direction = row["kind"], row["direction"]
        wanted = [(rid, m) for rid, m in matchers if _in_scope(m.spec.scope, kind, direction)]
        if not wanted:
            continue
        folded = fold(item_text(row["subject"] or "", row["body_text"] or ""))
        hit = [(rid, m) for rid, m in wanted if m.matches_folded(folded)]
        if hit:
            yield row, hit


def apply_rules(
    conn: Connection,
    rows: Iterable[Mapping[str, Any]],
    matchers: Sequence[tuple[int, Matcher]] | None = None,
) -> set[int]:
    """Run rules over items (dicts with id, kind, direction, triage, subject, body_text).

    Records hits, tags, raises priority and files or queues the item; a
    ``queue`` rule wins over an ``archive`` one, and only items still new are
    filed (never a decision the CM made). Returns the ids of matched items.
    """
    if matchers is None:
        matchers = active_matchers(conn)
    if not matchers:
        return set()
    return _record(conn, list(_matches(matchers, rows)))


def _record(
    conn: Connection, found: Sequence[tuple[Mapping[Any, Any], list[tuple[int, Matcher]]]]
) -> set[int]:
    hits: list[dict[str, int]] = []
    tags: dict[str, set[int]] = {}
    priority: dict[int, int] = {}
    archive: list[int] = []
    for row, matched in found:
        item_id = int(row["id"])
        routes = {m.spec.route for _, m in matched}
        for rid, m in matched:
            hits.append({"item_id": item_id, "rule_id": rid})
            if m.spec.tag.strip():
                tags.setdefault(m.spec.tag.strip(), set()).add(item_id)
        top = max(m.spec.priority for _, m in matched)
        if top > int(row.get("priority") or 0):
            priority[item_id] = top
        filed = Route.ARCHIVE in routes and Route.QUEUE not in routes
        if filed and row["triage"] == Triage.NEW.value:
            archive.append(item_id)
    if not hits:
        return set()
    ids = sorted({h["item_id"] for h in hits})
    known: set[tuple[int, int]] = set()
    for chunk in chunks(ids):
        known.update(
            (int(a), int(b))
            for a, b in conn.execute(
                select(RuleHit.item_id, RuleHit.rule_id).where(RuleHit.item_id.in_(chunk))
            )
        )
    new_hits = [h for h in hits if (h["item_id"], h["rule_id"]) not in known]
    if new_hits:
        conn.execute(insert(RuleHit), new_hits)
    for name, tagged in tags.items():
        _tag(conn, ensure_tag(conn, name), sorted(tagged))
    for value in sorted(set(priority.values())):
        chosen = [i for i, p in priority.items() if p == value]
        for chunk in chunks(chosen):
            conn.execute(
                update(Item).where(Item.id.in_(chunk), Item.priority < value).values(priority=value)
            )
    for chunk in chunks(archive):
        conn.execute(
            update(Item)
            .where(Item.id.in_(chunk), Item.triage == Triage.NEW.value)
            .values(triage=Triage.DONE.value)
        )
    return set(ids)


def _tag(conn: Connection, tag_id: int, item_ids: list[int]) -> None:
    tagged: set[int] = set()
    for chunk in chunks(item_ids):
        tagged.update(
            conn.execute(
                select(ItemTag.item_id).where(ItemTag.tag_id == tag_id, ItemTag.item_id.in_(chunk))
            ).scalars()
        )
    new = [i for i in item_ids if i not in tagged]
    if new:
        conn.execute(insert(ItemTag), [{"item_id": i, "tag_id": tag_id} for i in new])


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

"""Keyword rules at work: run the enabled rules over newly stored items.

Plain SQL (:mod:`cm_desk.store.sql`), so it runs in the same transaction as
the mail or mentions it judges, on a bare ``sqlite3`` connection as well as
inside ``Store.write()``. Saving, listing and previewing rules is
:mod:`cm_desk.store.rules`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from cm_desk.domain.keywords import Matcher, Route, RuleSpec, Scope, fold
from cm_desk.domain.models import Direction, ItemKind, Triage
from cm_desk.store.sql import Sql

MATCHED_TEXT = 64 * 1024  # characters of a body a rule reads; beyond that is quoted logs

RULE_COLUMNS = (
    "id",
    "name",
    "terms",
    "require",
    "exclude",
    "whole_word",
    "scope",
    "tag",
    "priority",
    "route",
    "enabled",
)
_SELECT_RULES = "SELECT " + ", ".join(f'"{c}"' for c in RULE_COLUMNS) + " FROM keyword_rules"


def _words(value: str) -> tuple[str, ...]:
    try:
        loaded = json.loads(value or "[]")
    except ValueError:
        return ()
    return tuple(str(w) for w in loaded) if isinstance(loaded, list) else ()


def spec_from(row: Mapping[str, Any]) -> RuleSpec:
    """The rule a ``keyword_rules`` row describes (unknown scope/route fall back safely)."""
    scope, route = row["scope"], row["route"]
    return RuleSpec(
        name=row["name"],
        terms=_words(row["terms"]),
        require=_words(row["require"]),
        exclude=_words(row["exclude"]),
        whole_word=bool(row["whole_word"]),
        scope=Scope(scope) if scope in Scope._value2member_map_ else Scope.MENTIONS,
        tag=row["tag"] or "",
        priority=int(row["priority"] or 0),
        route=Route(route) if route in Route._value2member_map_ else Route.KEEP,
    )


def active_matchers(conn: object) -> list[tuple[int, Matcher]]:
    """The enabled rules, compiled."""
    db = Sql.of(conn)
    rows = db.rows(
        _SELECT_RULES + " WHERE enabled = ? ORDER BY id",
        [True],
    )
    out = []
    for r in rows:
        values = dict(zip(RULE_COLUMNS, r, strict=True))
        out.append((int(values["id"]), Matcher.compile(spec_from(values))))
    return out


def in_scope(scope: Scope, kind: str, direction: str) -> bool:
    """Whether a rule of ``scope`` reads an item of this kind and direction."""
    if direction != Direction.IN.value:
        return False  # our own replies always name the brand
    if scope is Scope.ALL:
        return True
    return (kind == ItemKind.MENTION.value) == (scope is Scope.MENTIONS)


def item_text(subject: str, body: str) -> str:
    """What a rule reads of an item."""
    return f"{subject}\n{body[:MATCHED_TEXT]}"


def matches(
    matchers: Sequence[tuple[int, Matcher]], rows: Iterable[Mapping[Any, Any]]
) -> Iterator[tuple[Mapping[Any, Any], list[tuple[int, Matcher]]]]:
    """Each row (a mapping with kind, direction, subject, body_text) some rule matches,
    with the rules that do."""
    for row in rows:
        kind, direction = row["kind"], row["direction"]
        wanted = [(rid, m) for rid, m in matchers if in_scope(m.spec.scope, kind, direction)]
        if not wanted:
            continue
        folded = fold(item_text(row["subject"] or "", row["body_text"] or ""))
        hit = [(rid, m) for rid, m in wanted if m.matches_folded(folded)]
        if hit:
            yield row, hit


def apply_rules(
    conn: object,
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
    return record(conn, list(matches(matchers, rows)))


def record(
    conn: object, found: Sequence[tuple[Mapping[Any, Any], list[tuple[int, Matcher]]]]
) -> set[int]:
    """Write what rules decided about these items; the ids of the items."""
    db = Sql.of(conn)
    hits: list[tuple[int, int]] = []
    tags: dict[str, set[int]] = {}
    priority: dict[int, int] = {}
    archive: list[int] = []
    for row, matched in found:
        item_id = int(row["id"])
        routes = {m.spec.route for _, m in matched}
        for rid, m in matched:
            hits.append((item_id, rid))
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
    ids = sorted({item for item, _ in hits})
    known = {
        (int(a), int(b))
        for a, b in db.rows_in(
            "SELECT item_id, rule_id FROM rule_hits WHERE item_id IN ({in})", ids
        )
    }
    new_hits = [h for h in dict.fromkeys(hits) if h not in known]
    db.many("INSERT INTO rule_hits (item_id, rule_id) VALUES (?, ?)", new_hits)
    for name, tagged in tags.items():
        tag_items(db, ensure_tag(db, name), sorted(tagged))
    for value in sorted(set(priority.values())):
        chosen = sorted(i for i, p in priority.items() if p == value)
        db.run_in(
            "UPDATE items SET priority = ? WHERE priority < ? AND id IN ({in})",
            chosen,
            [value, value],
        )
    db.run_in(
        "UPDATE items SET triage = ? WHERE triage = ? AND id IN ({in})",
        archive,
        [Triage.DONE.value, Triage.NEW.value],
    )
    return set(ids)


def ensure_tag(conn: object, name: str, color: str = "") -> int:
    """The id of tag ``name`` (matched case-insensitively), created if new."""
    name = name.strip()
    if not name:
        raise ValueError("a tag needs a name")
    db = Sql.of(conn)
    found = db.scalar("SELECT id FROM tags WHERE lower(name) = ?", [name.lower()])
    if found is not None:
        return int(found)
    return db.insert_id("tags", {"name": name, "color": color})


def tag_items(conn: object, tag_id: int, item_ids: Sequence[int]) -> None:
    """Put a tag on items (those that have it already keep it once)."""
    db = Sql.of(conn)
    tagged = {
        int(i)
        for (i,) in db.rows_in(
            "SELECT item_id FROM item_tags WHERE tag_id = ? AND item_id IN ({in})",
            list(item_ids),
            [tag_id],
        )
    }
    new = [(i, tag_id) for i in dict.fromkeys(item_ids) if i not in tagged]
    db.many("INSERT INTO item_tags (item_id, tag_id) VALUES (?, ?)", new)

"""``cm-desk rule add|preview|list|remove|apply``: keyword rules from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from cm_desk.cli import output
from cm_desk.cli.errors import CliError
from cm_desk.cli.workspace_open import existing, open_store

_SNIPPET = 90  # characters of context shown around a highlighted match


def _rule_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "--term",
        action="append",
        default=[],
        required=True,
        help="a brand term or phrase to look for (repeat: any of them)",
    )
    p.add_argument(
        "--require", action="append", default=[], help="a topic word that must also occur (repeat)"
    )
    p.add_argument(
        "--exclude", action="append", default=[], help="a word that rules an item out (repeat)"
    )
    p.add_argument(
        "--substring",
        action="store_true",
        help="match inside words too (default: whole words only)",
    )
    p.add_argument(
        "--scope",
        choices=("mentions", "mail", "all"),
        default="mentions",
        help="which items it reads (default: mentions)",
    )
    p.add_argument("--tag", default="", help="tag matching items")
    p.add_argument("--priority", type=int, choices=range(4), default=0, help="0 normal … 3 urgent")
    p.add_argument(
        "--route",
        choices=("queue", "archive"),
        default="",
        help="queue: always needs the CM; archive: noise, filed as done (kept, searchable)",
    )


def add_arguments(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Declare ``rule …`` on the top-level parser."""
    rule = sub.add_parser("rule", parents=[common], help="keyword rules for mentions and mail")
    rule_sub = rule.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = rule_sub.add_parser("add", parents=[common], help="save a rule and apply it")
    _rule_options(add)
    add.add_argument(
        "--new-only",
        action="store_true",
        help="only apply it to items that arrive from now on",
    )
    pre = rule_sub.add_parser(
        "preview", parents=[common], help="count what a rule would match, without saving it"
    )
    _rule_options(pre)
    rule_sub.add_parser("list", parents=[common], help="the rules and how often each matched")
    rm = rule_sub.add_parser("remove", parents=[common], help="forget a rule (its tags stay)")
    rm.add_argument("which", metavar="ID|NAME")
    ap = rule_sub.add_parser("apply", parents=[common], help="run a rule over stored items")
    ap.add_argument("which", metavar="ID|NAME")


def _spec(args: argparse.Namespace) -> Any:
    from cm_desk.domain.keywords import Route, RuleSpec, Scope

    return RuleSpec(
        name=args.name,
        terms=tuple(args.term),
        require=tuple(args.require),
        exclude=tuple(args.exclude),
        whole_word=not args.substring,
        scope=Scope(args.scope),
        tag=args.tag,
        priority=args.priority,
        route=Route(args.route),
    )


def highlighted(text: str, spans: list[tuple[int, int]], width: int = _SNIPPET) -> str:
    """One line of ``text`` around its first match, matches in [brackets]."""
    flat = text.replace("\n", " ")
    if not spans:
        return " ".join(flat[:width].split())
    start = max(0, spans[0][0] - width // 3)
    end = min(len(flat), start + width)
    out, pos = [], start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out += [flat[pos:a], "[", flat[a:b], "]"]
        pos = b
    out.append(flat[pos:end])
    line = " ".join("".join(out).split())
    return ("…" if start else "") + line + ("…" if end < len(flat) else "")


def _samples(store: Any, spec: Any, ids: list[int]) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from cm_desk.domain.keywords import Matcher
    from cm_desk.store.rules import item_text
    from cm_desk.store.schema import Item

    matcher = Matcher.compile(spec)
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(Item.id, Item.subject, Item.body_text).where(Item.id.in_(ids))
        ).all()
    by_id = {r.id: r for r in rows}
    out = []
    for item_id in ids:
        r = by_id.get(item_id)
        if r is not None:
            text = item_text(r.subject or "", r.body_text or "")
            out.append({"id": item_id, "snippet": highlighted(text, matcher.spans(text))})
    return out


def run_rule(args: argparse.Namespace) -> int:
    """``rule add|preview|list|remove|apply``."""
    from cm_desk.store import rules

    store = open_store(existing(args))
    try:
        if args.action in ("add", "preview"):
            spec = _spec(args)
            with store.engine.connect() as conn:
                seen = rules.preview(conn, spec)
            samples = _samples(store, spec, [i for i, _ in seen.samples])
            data: dict[str, Any] = {
                "name": spec.name,
                "would_match": seen.matched,
                "in_scope": seen.in_scope,
                "samples": samples,
            }
            if args.action == "add":
                with store.write() as conn:
                    rule_id = rules.save_rule(conn, spec)
                    applied = 0 if args.new_only else rules.apply_to_stored(conn, rule_id)
                data.update(id=rule_id, applied=applied)
            _print_preview(args, data)
            return 0
        if args.action == "list":
            with store.engine.connect() as conn:
                saved = rules.list_rules(conn)
            _print_list(args, saved)
            return 0
        with store.write() as conn:
            rule_id = rules.find_rule(conn, args.which)
            if args.action == "remove":
                rules.remove_rule(conn, rule_id)
                result: dict[str, Any] = {"removed": rule_id}
            else:
                result = {"id": rule_id, "applied": rules.apply_to_stored(conn, rule_id)}
        if args.json:
            output.emit_json(result)
        elif args.action == "remove":
            print(f"Rule {rule_id} removed; the tags and priorities it set stay.")
        else:
            print(f"Rule {rule_id} matched {result['applied']} stored items.")
        return 0
    except rules.RuleError as exc:
        raise CliError(str(exc)) from None
    finally:
        store.close()


def _print_preview(args: argparse.Namespace, data: dict[str, Any]) -> None:
    if args.json:
        output.emit_json(data)
        return
    print(f"{data['would_match']} of {data['in_scope']} stored items match {data['name']!r}.")
    for s in data["samples"]:
        print(f"  #{s['id']:<7} {s['snippet']}")
    if "id" in data:
        done = "not applied to stored items" if args.new_only else f"{data['applied']} tagged"
        print(f"Rule {data['id']} saved ({done}); new items are checked as they arrive.")


def _print_list(args: argparse.Namespace, saved: list[Any]) -> None:
    if args.json:
        output.emit_json(
            [
                {
                    "id": r.id,
                    "name": r.spec.name,
                    "terms": list(r.spec.terms),
                    "require": list(r.spec.require),
                    "exclude": list(r.spec.exclude),
                    "whole_word": r.spec.whole_word,
                    "scope": r.spec.scope.value,
                    "tag": r.spec.tag,
                    "priority": r.spec.priority,
                    "route": r.spec.route.value,
                    "enabled": r.enabled,
                    "hits": r.hits,
                }
                for r in saved
            ]
        )
        return
    if not saved:
        print("no rules; add one with 'cm-desk rule add NAME --term WORD'")
    for r in saved:
        words = " | ".join(r.spec.terms)
        extra = "".join(
            [
                f" +({' | '.join(r.spec.require)})" if r.spec.require else "",
                f" -({' | '.join(r.spec.exclude)})" if r.spec.exclude else "",
            ]
        )
        acts = ", ".join(
            a
            for a in (
                f"tag {r.spec.tag}" if r.spec.tag else "",
                f"priority {r.spec.priority}" if r.spec.priority else "",
                r.spec.route.value,
            )
            if a
        )
        print(
            f"{r.id:>4}  {output.fit(r.spec.name, 20)}  {r.hits:>6} hits  "
            f"{r.spec.scope.value:<8} {words}{extra}" + (f"  → {acts}" if acts else "")
        )

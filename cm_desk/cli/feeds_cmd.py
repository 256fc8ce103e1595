"""``cm-desk source add|list|remove`` and ``cm-desk feeds refresh``."""

from __future__ import annotations

import argparse
import sys

from cm_desk.cli import output
from cm_desk.cli.errors import CliError
from cm_desk.cli.workspace_open import chosen, existing, fast_connection, lean_store, open_store


def add_arguments(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Declare ``source …`` and ``feeds refresh`` on the top-level parser."""
    from cm_desk.domain.models import SourceKind

    src = sub.add_parser("source", parents=[common], help="monitored feeds and alerts")
    src_sub = src.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = src_sub.add_parser("add", parents=[common], help="monitor a feed or alert URL")
    add.add_argument("url", metavar="URL")
    add.add_argument("--name", default="", help="what to call it (default: its host)")
    add.add_argument(
        "--preset",
        choices=[k.value for k in SourceKind],
        default="",
        help="its shape (default: guessed from the URL)",
    )
    src_sub.add_parser("list", parents=[common], help="sources with their last status")
    rm = src_sub.add_parser("remove", parents=[common], help="stop monitoring (mentions stay)")
    rm.add_argument("which", metavar="ID|NAME|URL")
    for verb, helptext in (
        ("pause", "stop fetching a source for now (its mentions stay)"),
        ("resume", "fetch a paused source again (at the next refresh)"),
    ):
        src_sub.add_parser(verb, parents=[common], help=helptext).add_argument(
            "which", metavar="ID|NAME|URL"
        )
    imp = src_sub.add_parser("import", parents=[common], help="add the feeds of an OPML file")
    imp.add_argument("file", metavar="OPML")
    exp = src_sub.add_parser("export", parents=[common], help="write the sources as OPML")
    exp.add_argument("file", nargs="?", metavar="OPML", help="default: standard output")
    feeds = sub.add_parser("feeds", parents=[common], help="fetch the monitored sources")
    feeds_sub = feeds.add_subparsers(dest="action", metavar="ACTION", required=True)
    refresh = feeds_sub.add_parser("refresh", parents=[common], help="fetch what is due")
    refresh.add_argument("--all", action="store_true", help="fetch every source, due or not")


def _import(args: argparse.Namespace) -> int:
    from cm_desk.feeds.opml import OpmlError, read_opml
    from cm_desk.feeds.sources import SourceError, add_source

    try:
        with open(args.file, "rb") as fh:
            found = read_opml(fh.read(8 * 1024 * 1024 + 1)[: 8 * 1024 * 1024])
    except OSError as exc:
        raise CliError(f"cannot read {args.file}: {exc.strerror}") from None
    except OpmlError as exc:
        raise CliError(f"{args.file}: {exc}") from None
    store = open_store(chosen(args))
    added, known = [], []
    try:
        for feed in found.feeds:
            try:
                add_source(store, feed.url, name=feed.title, preset=feed.preset)
                added.append(feed.url)
            except SourceError:
                known.append(feed.url)
    finally:
        store.close()
    if args.json:
        output.emit_json({"added": added, "already_monitored": known, "skipped": found.skipped})
    else:
        print(f"{len(added)} sources added, {len(known)} already monitored.")
        for reason in found.skipped:
            print(f"skipped {reason}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from cm_desk.feeds.opml import Outline, write_opml
    from cm_desk.feeds.sources import list_sources

    store = open_store(existing(args))
    try:
        views = list_sources(store)
    finally:
        store.close()
    data = write_opml([Outline(v.url, v.name, v.preset) for v in views])
    if not args.file:
        sys.stdout.write(data.decode("utf-8"))
        return 0
    try:
        with open(args.file, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise CliError(f"cannot write {args.file}: {exc.strerror}") from None
    print(f"{len(views)} sources written to {args.file}")
    return 0


def run_source(args: argparse.Namespace) -> int:
    """``source add|list|remove|import|export``."""
    from cm_desk.feeds.sources import (
        SourceError,
        add_source,
        list_sources,
        remove_source,
        set_enabled,
    )

    if args.action == "import":
        return _import(args)
    if args.action == "export":
        return _export(args)

    store = open_store(chosen(args) if args.action == "add" else existing(args))
    try:
        if args.action == "add":
            view = add_source(store, args.url, name=args.name, preset=args.preset)
            if args.json:
                output.emit_json(vars(view))
            else:
                print(f"Source {view.id} added: {view.name} ({view.preset}) {view.url}")
            return 0
        if args.action in ("pause", "resume"):
            view = set_enabled(store, args.which, args.action == "resume")
            if args.json:
                output.emit_json(vars(view))
            else:
                state = "paused" if not view.enabled else "resumed; fetched at the next refresh"
                print(f"Source {view.id} ({view.name}) {state}.")
            return 0
        if args.action == "remove":
            gone = remove_source(store, args.which)
            if args.json:
                output.emit_json({"removed": gone.id, "mentions_kept": gone.mentions})
            else:
                print(f"Source {gone.id} ({gone.name}) removed; its {gone.mentions} mentions stay.")
            return 0
        views = list_sources(store)
    except SourceError as exc:
        raise CliError(str(exc)) from None
    finally:
        store.close()
    if args.json:
        output.emit_json([vars(v) for v in views])
        return 0
    if not views:
        print("no sources; add one with 'cm-desk source add URL'")
    for v in views:
        state = v.last_status or "never fetched"
        if not v.enabled:
            state = "paused"
        elif v.last_error:
            state = f"error: {v.last_error}"
        print(
            f"{v.id:>4}  {output.fit(v.name, 22)}  {v.preset:<13} {v.mentions:>6}  "
            f"last ok {output.local_time(v.last_ok_at)}  {state}"
        )
    return 0


def run_feeds(args: argparse.Namespace) -> int:
    """``feeds refresh [--all]``: exit 1 when a source failed (the others still updated)."""
    from cm_desk.feeds.refresh import Lean, describe, refresh

    ws = existing(args)
    reader = fast_connection(ws)
    reader.isolation_level = None  # the refresh opens its own transactions

    try:
        results = refresh(Lean(reader, lambda: lean_store(ws)), force=args.all)
    finally:
        reader.close()
    if args.json:
        output.emit_json([vars(r) for r in results])
    else:
        for r in results:
            line = f"{r.name}: "
            if r.status == "error":
                line += f"error: {r.error}"
            elif r.status == "not_modified":
                line += "not modified"
            else:
                line += f"{r.added} new" + (
                    f" ({r.seen_elsewhere} known)" if r.seen_elsewhere else ""
                )
            if r.warning:
                line += f" — {r.warning}"
            if r.moved_to:
                line += f" — moved for good to {r.moved_to} (updated)"
            print(line, file=sys.stdout)
        print(describe(results))
    return 1 if any(r.status == "error" for r in results) else 0

"""Check the fast feed path against feedparser on the shared feed set, and time both.

Usage::

    python ../shared/bench/feeds_serve.py --port 18099 --feeds 200 &
    python benchmarks/feeds_parse_check.py [--server http://127.0.0.1:18099]

Fetches every feed the server lists, then (1) reads each with ``parse_feed``
(fast path first) and with ``parse_feed(fast=False)`` (feedparser only) and
prints every feed that takes feedparser's path or comes out different, and
(2) times each way in a fresh process: CPU seconds for parsing all feeds into
mentions. Run it after upgrading feedparser: the fast path copies the
installed version's rules.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from feeds_bench import _get

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's cm_desk
from cm_desk.feeds import fastparse
from cm_desk.feeds.entries import ParsedFeed, defuse, detect_preset, parse_feed

_UNDATED = datetime.min.replace(tzinfo=UTC)


def _fetch(server: str, into: Path) -> list[tuple[Path, str]]:
    feeds = []
    for i, url in enumerate(_get(server + "/urls.txt").decode().split()):
        path = into / f"{i:04d}.xml"
        path.write_bytes(_get(url))
        feeds.append((path, url))
    return feeds


def _comparable(feed: ParsedFeed) -> tuple[object, ...]:
    """The feed with "now" (each side's date for an undated entry) blanked out."""
    recent = datetime.now(UTC) - timedelta(minutes=5)
    undated = [replace(m, published=_UNDATED) if m.published > recent else m for m in feed.mentions]
    return feed.title, feed.warning, undated


def _check(feeds: list[tuple[Path, str]]) -> None:
    fast = different = 0
    for path, url in feeds:
        body, preset = path.read_bytes(), detect_preset(url)
        if fastparse.parse(defuse(body)) is None:
            print(f"feedparser's path: {url}")
        else:
            fast += 1
        mine = parse_feed(body, url, preset)
        if _comparable(mine) != _comparable(parse_feed(body, url, preset, fast=False)):
            different += 1
            print(f"DIFFERENT: {url}")
    print(f"{len(feeds)} feeds: {fast} on the fast path, {different} different from feedparser")


def _time(listing: Path, fast: bool) -> None:
    """Child process: parse every listed feed, print CPU seconds and mentions."""
    feeds = [(Path(p), u) for p, u in json.loads(listing.read_text())]
    bodies = [(path.read_bytes(), url, detect_preset(url)) for path, url in feeds]
    start = time.process_time()
    mentions = sum(len(parse_feed(b, u, p, fast=fast).mentions) for b, u, p in bodies)
    print(json.dumps({"cpu": time.process_time() - start, "mentions": mentions}))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--server", default="http://127.0.0.1:18099")
    p.add_argument("--time", choices=["fast", "feedparser"], help=argparse.SUPPRESS)
    p.add_argument("--listing", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.time:
        _time(args.listing, args.time == "fast")
        return
    with tempfile.TemporaryDirectory(prefix="cm-desk-feeds-check-") as tmp:
        feeds = _fetch(args.server, Path(tmp))
        _check(feeds)
        listing = Path(tmp) / "feeds.json"
        listing.write_text(json.dumps([(str(path), url) for path, url in feeds]))
        for way in ("feedparser", "fast"):
            for run in (1, 2, 3):
                cmd = [sys.executable, __file__, "--time", way, "--listing", str(listing)]
                out = json.loads(subprocess.run(cmd, capture_output=True, check=True).stdout)
                print(f"{way:<10} run {run}: {out['cpu']:5.2f} s CPU, {out['mentions']} mentions")


if __name__ == "__main__":
    main()

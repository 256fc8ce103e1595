"""Keyword rules end to end: feeds fetched from a real HTTP server, rules from the CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.integration.feed_server import FeedServer, Item, rss2
from tests.integration.test_feeds import _cli

POSTS = {
    "en": [
        "Acme charged me twice, I want a refund",
        "We're hiring an Acme support agent",
        "A desk lamp review, nothing else",
    ],
    "nl": [
        "Mijn terugbetaling van ACME duurt al twee weken",
        "Nieuwe ideeën voor het forum van Âcme",
    ],
    "ar": ["أحتاج استرداد المبلغ من أكمي", "شكرا لفريق الأكمي على المساعدة"],
}


def _feed(lang: str, texts: list[str], start: int = 0) -> bytes:
    return rss2(
        [
            Item(
                title=text,
                link=f"https://{lang}.example/p/{start + i}",
                guid=f"{lang}-{start + i}",
                summary=text,
                published=datetime(2026, 11, 23, 10, i, tzinfo=UTC),
            )
            for i, text in enumerate(texts)
        ]
    )


def test_rules_preview_tag_and_file_new_mentions(tmp_path: Path) -> None:
    cm = _cli(str(tmp_path / "ws"))
    with FeedServer() as server:
        for lang, texts in POSTS.items():
            server.feed(f"/{lang}.rss", _feed(lang, texts))
            assert cm("source", "add", server.url(f"/{lang}.rss"), "--name", lang).returncode == 0
        assert cm("feeds", "refresh").returncode == 0

        brand = ["--term", "acme", "--term", "اكمي", "--scope", "mentions"]
        preview = cm("rule", "preview", "Brand", *brand, "--exclude", "hiring", "--json")
        assert preview.returncode == 0, preview.stderr
        seen = json.loads(preview.stdout)
        assert (seen["would_match"], seen["in_scope"]) == (5, 7)
        assert all("[" in s["snippet"] for s in seen["samples"])
        assert json.loads(cm("rule", "list", "--json").stdout) == []  # nothing saved

        refund = ["--require", "refund", "--require", "terugbetaling", "--require", "استرداد"]
        added = cm("rule", "add", "Refunds", *brand, *refund, "--tag", "refund", "--priority", "3")
        assert added.returncode == 0, added.stderr
        assert "3 of 7 stored items match 'Refunds'" in added.stdout
        assert "[ACME]" in added.stdout or "[Acme]" in added.stdout
        jobs = cm("rule", "add", "Jobs", "--term", "hiring", "--route", "archive", "--new-only")
        assert jobs.returncode == 0, jobs.stderr
        assert cm("search", "--count", "tag:refund").stdout.strip() == "3"

        # New entries: the saved rules tag and file them in the refresh that stores them.
        server.feed(
            "/en.rss",
            _feed("en", ["Acme refund still missing", "Acme is hiring again"], start=10),
        )
        assert cm("feeds", "refresh", "--all").returncode == 0
        assert cm("search", "--count", "tag:refund").stdout.strip() == "4"
        listed = {r["name"]: r for r in json.loads(cm("rule", "list", "--json").stdout)}
        assert listed["Refunds"]["hits"] == 4 and listed["Refunds"]["priority"] == 3
        assert listed["Jobs"]["hits"] == 1  # --new-only: the old job post was left alone
        assert listed["Jobs"]["route"] == "archive"

        bad = cm("rule", "add", "Refunds", "--term", "x")
        assert bad.returncode == 1 and "already a rule named 'Refunds'" in bad.stderr
        blank = cm("rule", "preview", "Blank", "--term", " ")
        assert blank.returncode == 1 and "needs at least one term" in blank.stderr
        assert "Traceback" not in bad.stderr + blank.stderr
        gone = cm("rule", "remove", "Jobs")
        assert gone.returncode == 0 and "removed" in gone.stdout
        assert cm("search", "--count", "tag:refund").stdout.strip() == "4"

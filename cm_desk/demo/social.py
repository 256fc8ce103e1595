"""The demo's monitored sources and the public mentions found on them.

Source URLs look real but the demo never fetches them: the sources are
created disabled, so a demo workspace makes no network requests until the
user points it at feeds of their own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cm_desk.demo.corpus import Pack, Post
from cm_desk.demo.mailgen import ascii_slug
from cm_desk.domain.models import NewMention, SourceKind


@dataclass(frozen=True, slots=True)
class DemoSource:
    """A monitored channel of the demo; ``lang`` routes posts to per-language feeds."""

    kind: SourceKind
    name: str
    url: str
    lang: str = ""


SOURCES = (
    DemoSource(SourceKind.REDDIT, "Reddit r/example", "https://www.reddit.com/r/example.rss"),
    DemoSource(
        SourceKind.HACKER_NEWS,
        "Hacker News: community.example",
        "https://hnrss.org/newest?q=community.example",
    ),
    DemoSource(
        SourceKind.MASTODON,
        "Mastodon #communityexample",
        "https://mastodon.example/tags/communityexample.rss",
    ),
    DemoSource(
        SourceKind.GOOGLE_ALERTS,
        "Google Alerts: community.example",
        "https://www.google.com/alerts/feeds/00000000000000000000/1111111111111111111",
    ),
    DemoSource(SourceKind.BLOG, "Community builders blog", "https://blog.example.org/feed.xml"),
    DemoSource(
        SourceKind.RSS, "Forum NL (example.net)", "https://forum.example.net/c/nl.rss", lang="nl"
    ),
    DemoSource(
        SourceKind.RSS, "منتدى التقنية (example.net)", "https://forum.example.net/c/ar.rss", "ar"
    ),
)

NETWORK = {
    SourceKind.REDDIT: "reddit",
    SourceKind.HACKER_NEWS: "hackernews",
    SourceKind.MASTODON: "mastodon",
}
PUBLICATIONS = ("Evening Post", "Tech Daily", "Regional Courant", "Al-Akhbar Online")
_COMMENTED = (SourceKind.REDDIT, SourceKind.HACKER_NEWS, SourceKind.MASTODON, SourceKind.RSS)


@dataclass(frozen=True, slots=True)
class MentionFacts:
    """What the builder needs after import: tags and whether anyone must answer."""

    url: str
    tags: tuple[str, ...]
    needs_answer: bool
    is_comment: bool
    published: datetime


@dataclass(slots=True)
class MentionPlan:
    """Mentions per source, and facts about each of them by URL."""

    batches: dict[DemoSource, list[NewMention]] = field(default_factory=dict)
    facts: list[MentionFacts] = field(default_factory=list)


def source_for(post: Post, lang: str) -> DemoSource:
    """The demo source a post appears on (per-language feeds first)."""
    kind = SourceKind(post.source)
    matching = [s for s in SOURCES if s.kind is kind]
    return next((s for s in matching if s.lang == lang), matching[0])


class _Writer:
    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now

    def author(self, pack: Pack, kind: SourceKind) -> tuple[str, str]:
        name, ascii_name = self.rng.choice(pack.names)
        slug = ascii_slug(ascii_name).replace(".", "_")
        if kind is SourceKind.REDDIT:
            return f"u/{slug}{self.rng.randint(1, 999)}", f"u/{slug}"
        if kind is SourceKind.HACKER_NEWS:
            return slug.replace("_", ""), slug.replace("_", "")
        if kind is SourceKind.MASTODON:
            return name, f"@{slug}@mastodon.example"
        if kind is SourceKind.GOOGLE_ALERTS:
            paper = self.rng.choice(PUBLICATIONS)
            return paper, ascii_slug(paper).replace(" ", "") + ".example"
        return name, slug

    def url(self, source: DemoSource, title: str, when: datetime, handle: str) -> str:
        n = self.rng.getrandbits(40)
        slug = "-".join(ascii_slug(w) for w in title.split()[:6] if ascii_slug(w) != "member")
        slug = slug or f"post-{n % 10000}"
        if source.kind is SourceKind.REDDIT:
            return f"https://www.reddit.com/r/example/comments/{n:x}/{slug}/"
        if source.kind is SourceKind.HACKER_NEWS:
            return f"https://news.ycombinator.com/item?id={41000000 + n % 900000}"
        if source.kind is SourceKind.MASTODON:
            user = handle.split("@")[1] if handle.count("@") == 2 else "member"
            return f"https://mastodon.example/@{user}/{110000000000000000 + n}"
        if source.kind is SourceKind.GOOGLE_ALERTS:
            return f"https://news.example.com/{when:%Y/%m}/{slug}-{n % 100000}"
        if source.kind is SourceKind.BLOG:
            return f"https://blog.example.org/{when:%Y/%m}/{slug}/"
        return f"{source.url.rsplit('/c/', 1)[0]}/t/{slug}/{n % 100000}"

    def mention(
        self,
        source: DemoSource,
        pack: Pack,
        title: str,
        text: str,
        when: datetime,
        parent: str = "",
    ) -> NewMention:
        author, handle = self.author(pack, source.kind)
        url = self.url(source, title or text, when, handle)
        if parent and source.kind is SourceKind.REDDIT:
            url = f"{parent}{self.rng.getrandbits(28):x}/"
        return NewMention(
            source_url=source.url,
            url=url,
            guid=url,
            title=title,
            author=author,
            author_handle=handle,
            network=NETWORK.get(source.kind, "web"),
            published=when.replace(microsecond=0),
            text=text,
            html=f"<p>{text}</p>" if source.kind is SourceKind.MASTODON else "",
            language=pack.code,  # known here; real feeds leave it to detection
            in_reply_to_url=parent,
        )


def plan_mentions(rng: random.Random, now: datetime, packs: dict[str, Pack]) -> MentionPlan:
    """Every demo mention: each language's posts, and comments under some of them."""
    w = _Writer(rng, now)
    plan = MentionPlan({s: [] for s in SOURCES})
    for code, pack in packs.items():
        for post in pack.posts:
            source = source_for(post, code)
            # Posts that want an answer are mostly recent: old ones were answered long ago.
            days = rng.triangular(0.05, 8, 1) if post.needs_answer else rng.triangular(0.05, 44, 3)
            when = now - timedelta(days=days)
            m = w.mention(source, pack, post.title, post.text, when)
            plan.batches[source].append(m)
            plan.facts.append(MentionFacts(m.url, post.tags, post.needs_answer, False, when))
            pool = [text for topic, text in pack.comments if topic == post.topic]
            if source.kind not in _COMMENTED or not pool:
                continue
            parent = m
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                when = min(when + timedelta(hours=rng.uniform(0.3, 20)), now - timedelta(minutes=5))
                title = f"Re: {post.title}" if post.title else ""
                reply_to = parent.url if rng.random() < 0.3 else m.url
                c = w.mention(source, pack, title, rng.choice(pool), when, reply_to)
                plan.batches[source].append(c)
                plan.facts.append(MentionFacts(c.url, (), False, True, when))
                parent = c
    return plan

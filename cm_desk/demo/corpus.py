"""The shapes of the demo's text corpora (one module per language fills them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scenario:
    """One kind of message a community receives, with ways to write and answer it.

    Texts are ``str.format`` templates; the builder supplies ``{order}``,
    ``{amount}``, ``{version}``, ``{device}``, ``{handle}``, ``{days}``,
    ``{day}`` and ``{city}``.
    """

    key: str
    tags: tuple[str, ...]
    subjects: tuple[str, ...]
    bodies: tuple[str, ...]
    replies: tuple[str, ...]
    followups: tuple[str, ...] = ()
    weight: int = 2


@dataclass(frozen=True, slots=True)
class Post:
    """A public post about the community, on the kind of source named by ``source``."""

    source: str  # a SourceKind value: reddit, hackernews, mastodon, blog, google_alerts, rss
    title: str
    text: str
    tags: tuple[str, ...] = ()
    needs_answer: bool = False
    topic: str = ""  # comments on the same topic may appear under it


@dataclass(frozen=True, slots=True)
class Template:
    """A reusable reply the CM keeps per language."""

    name: str
    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class Pack:
    """Everything the demo writes in one language."""

    code: str
    names: tuple[tuple[str, str], ...]  # (display name, ASCII name for addresses)
    greetings: tuple[str, ...]
    closings: tuple[str, ...]  # "{first}" is the sender's first name
    cm_open: str
    cm_close: str
    reply_prefixes: tuple[str, ...]  # what customers' clients put before a subject
    quote_intro: str  # "{date}" and "{name}"
    promise_line: str  # "{when}"
    today_line: str
    undated_line: str
    escalate_line: str  # "{colleague}", "{team}", "{when}"
    kept_line: str
    broken_nudge: str  # "{when}"
    weekdays: tuple[str, ...]  # Monday first
    thanks: tuple[str, ...]
    nudges: tuple[str, ...]
    scenarios: tuple[Scenario, ...]
    posts: tuple[Post, ...]
    comments: tuple[tuple[str, str], ...]  # (topic, text)
    templates: tuple[Template, ...]
    utc_offsets: tuple[int, ...]  # hours, for realistic Date headers
    domains: tuple[str, ...]
    amounts: tuple[str, ...]
    cities: tuple[str, ...]

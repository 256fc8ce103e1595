"""Sentences for people that the app can still show in the UI's language.

The mail and feed layers explain failures in English sentences: the command
line prints them and the log keeps them. A :class:`Sentence` is such a sentence
(it *is* the English ``str``) that also remembers its template and fields, so
the app translates the template and fills in the same fields (host names,
numbers, a server's own words) instead of showing English in an Arabic UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


class Sentence(str):
    """English text made from ``template.format(**fields)``, template kept."""

    template: str
    fields: dict[str, Any]

    def __new__(cls, template: str, /, **fields: Any) -> Sentence:
        self = super().__new__(cls, template.format(**fields) if fields else template)
        self.template = template
        self.fields = fields
        return self


def sentence_of(exc: BaseException) -> str:
    """The sentence an exception was raised with (a :class:`Sentence` when it was one)."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, str) else str(exc)


@dataclass(frozen=True)
class Day:
    """A field naming a day ("Fri 20 Nov" in English; the UI names it in its language)."""

    at: datetime

    def __str__(self) -> str:
        return f"{self.at.astimezone():%a %d %b}"


@dataclass(frozen=True)
class Moment:
    """A field naming a day and a time ("Fri 20 Nov 16:00"; the UI's language in the UI)."""

    at: datetime

    def __str__(self) -> str:
        return f"{self.at.astimezone():%a %d %b %H:%M}"

"""Keyword rules: which words make an item matter, matched the way people read.

A rule names brand terms (any of them must occur), optional topic words (at
least one must also occur) and exclusions (none may occur). Matching ignores
case and diacritics ("Café" = "cafe", "ideeën" = "ideeen"), folds Arabic the
way readers do (hamza and madda alefs, alef maqsura, ta marbuta, tashkeel
and tatweel) and, with ``whole_word``, only matches whole words — while an
Arabic term still matches behind the proclitics written onto it (و، ف، ب،
ك، ل، ال: "بالكمديسك" contains the word "كمديسك").

Folding is done on whole strings with C-level operations, so a rule checks a
feed's worth of entries in milliseconds. :meth:`Matcher.spans` maps matches
back to the original text for highlighting.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

# Combining marks (Latin diacritics after NFKD, and Arabic tashkeel), tatweel
# and invisible format characters that split or glue words.
_DROP = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+"
)
_ARABIC_FOLD = (
    ("\u0622", "\u0627"),  # alef with madda
    ("\u0623", "\u0627"),  # alef with hamza above
    ("\u0625", "\u0627"),  # alef with hamza below
    ("\u0671", "\u0627"),  # alef wasla
    ("\u0649", "\u064a"),  # alef maqsura -> ya
    ("\u0629", "\u0647"),  # ta marbuta -> ha
    ("\u200b", " "),  # zero-width space separates words
)
_NEEDS_ARABIC_FOLD = re.compile("[\u0622\u0623\u0625\u0671\u0649\u0629\u200b]")
_ARABIC_LETTER = re.compile("[\u0620-\u064a]")
# Proclitics written onto an Arabic word: conjunctions, prepositions, article.
_PROCLITICS = "(?:[وف]?[بكل]?(?:ال|ل)?)"


class Route(enum.StrEnum):
    """What a matching rule does with the item's place in the queue."""

    KEEP = ""  # leave triage as it is
    QUEUE = "queue"  # needs the CM: back to the queue if it was filed
    ARCHIVE = "archive"  # noise (job ads, spam lists): filed as done, kept and searchable


class Scope(enum.StrEnum):
    """Which items a rule looks at."""

    MENTIONS = "mentions"
    MAIL = "mail"
    ALL = "all"


def fold(text: str) -> str:
    """Fold ``text`` for matching: no case, no diacritics, Arabic unified."""
    if text.isascii():
        return text.lower()  # nothing more to fold (the common case)
    folded = _DROP.sub("", unicodedata.normalize("NFKD", text).casefold())
    if _NEEDS_ARABIC_FOLD.search(folded):
        # str.replace runs in C; a translate table walks every character.
        for old, new in _ARABIC_FOLD:
            folded = folded.replace(old, new)
    return folded


@cache
def _fold_char(char: str) -> str:
    return fold(char)


def fold_mapped(text: str) -> tuple[str, list[int]]:
    """:func:`fold` with, for every folded character, its index in ``text``."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        out.append(folded)
        where.extend([index] * len(folded))
    return "".join(out), where


def _terms(words: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for word in words:
        folded = " ".join(fold(word).split())
        if folded:
            seen.setdefault(folded, None)
    return tuple(seen)


def _pattern(terms: tuple[str, ...], whole_word: bool) -> re.Pattern[str] | None:
    if not terms:
        return None
    parts = []
    # Longest first, so highlighting takes "cm desk pro" over "cm desk".
    for term in sorted(terms, key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in term.split())
        if whole_word:
            lead = _PROCLITICS if _ARABIC_LETTER.match(term) else ""
            head = r"(?<!\w)" if term[0].isalnum() else ""
            tail = r"(?!\w)" if term[-1].isalnum() else ""
            body = f"{head}{lead}{body}{tail}"
        parts.append(body)
    return re.compile("|".join(parts))


@dataclass(frozen=True)
class RuleSpec:
    """A rule as the CM writes it (saved as is; folding happens on compile)."""

    name: str
    terms: tuple[str, ...]
    require: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    whole_word: bool = True
    scope: Scope = Scope.MENTIONS
    tag: str = ""
    priority: int = 0  # 0 normal … 3 urgent
    route: Route = Route.KEEP

    def problems(self) -> list[str]:
        """What makes this rule unusable, in sentences (empty when it is fine)."""
        found = []
        if not self.name.strip():
            found.append("a rule needs a name")
        if not _terms(self.terms):
            found.append("a rule needs at least one term to look for")
        if not 0 <= self.priority <= 3:
            found.append("priority is 0 (normal) to 3 (urgent)")
        return found


@dataclass(frozen=True)
class Matcher:
    """A compiled rule: ``matches`` for filing, ``spans`` for highlighting."""

    spec: RuleSpec
    _needles: tuple[str, ...] = field(repr=False)  # one must occur for any term to match
    _terms: re.Pattern[str] | None = field(repr=False)
    _require: re.Pattern[str] | None = field(repr=False)
    _exclude: re.Pattern[str] | None = field(repr=False)

    @classmethod
    def compile(cls, spec: RuleSpec) -> Matcher:
        """Fold the rule's words once and build its patterns."""
        terms = _terms(spec.terms)
        return cls(
            spec,
            tuple({max(t.split(), key=len) for t in terms}),
            _pattern(terms, spec.whole_word),
            _pattern(_terms(spec.require), spec.whole_word),
            _pattern(_terms(spec.exclude), spec.whole_word),
        )

    def matches_folded(self, folded: str) -> bool:
        """Whether text already passed through :func:`fold` matches."""
        # A substring test in C first: most items contain no term at all.
        if not any(n in folded for n in self._needles):
            return False
        if self._terms is None or not self._terms.search(folded):
            return False
        if self._require is not None and not self._require.search(folded):
            return False
        return self._exclude is None or not self._exclude.search(folded)

    def matches(self, text: str) -> bool:
        """Whether ``text`` matches: a term, a required word if any, no exclusion."""
        return self.matches_folded(fold(text))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the rule's terms and topic words occur in ``text`` (to highlight)."""
        folded, where = fold_mapped(text)
        found: list[tuple[int, int]] = []
        for pattern in (self._terms, self._require):
            if pattern is None:
                continue
            for m in pattern.finditer(folded):
                if m.end() > m.start():
                    end = where[m.end() - 1] + 1
                    # Marks that fold away (accents, tashkeel) belong to the word.
                    while end < len(text) and not _fold_char(text[end]):
                        end += 1
                    found.append((where[m.start()], end))
        return merge_spans(found)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans covering the same characters."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight_spans(matchers: Iterable[Matcher], text: str) -> list[tuple[int, int]]:
    """Every span any of ``matchers`` would highlight in ``text``."""
    return merge_spans(span for m in matchers for span in m.spans(text))

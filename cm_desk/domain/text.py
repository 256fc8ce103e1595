"""Pure text helpers: search folding, language guess, HTML to plain text.

The search index and the query go through the same :func:`fold_for_search`,
so "ideeen" finds "ideeën" and an Arabic word typed without its alef hamza
finds the one written with it. Latin diacritics are folded by the FTS5
tokenizer (``remove_diacritics 2``); Arabic needs more than that tokenizer
knows, so it is done here.
"""

from __future__ import annotations

import html as _html
import re

# Arabic tashkeel (harakat, tanwin, shadda, sukun, superscript alef, Quranic
# marks) and tatweel are dropped, as are zero-width and bidi control marks
# that split or glue words invisibly; hamza/madda alef forms become bare alef.
# Regex and str.replace run in C: folding 300 MB of mail costs ~0.1 s, where a
# str.translate table costs seconds.
_DROP = re.compile(
    "[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c-\u200f\ufeff\u202a-\u202e\u2066-\u2069]+"
)
_ALEFS = ("\u0622", "\u0623", "\u0625", "\u0671")
_NEEDS_FOLD = re.compile(
    "[\u0622\u0623\u0625\u0671\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
    "\u200b-\u200f\ufeff\u202a-\u202e\u2066-\u2069]"
)


def fold_for_search(text: str) -> str:
    """Fold ``text`` the way the search index stores it (Arabic forms unified)."""
    if text.isascii() or not _NEEDS_FOLD.search(text):
        return text
    text = _DROP.sub("", text.replace("\u200b", " "))  # ZWSP separates words
    for alef in _ALEFS:
        if alef in text:
            text = text.replace(alef, "\u0627")
    return text


_ARABIC_CHARS = re.compile("[\u0600-\u06ff]")


def _count_arabic(text: str) -> int:
    return 0 if text.isascii() else len(_ARABIC_CHARS.findall(text))


_WORD = re.compile(r"[a-zà-ÿ]+")
_NL = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "ik",
        "je",
        "jij",
        "niet",
        "dat",
        "is",
        "voor",
        "met",
        "op",
        "zijn",
        "wij",
        "we",
        "ons",
        "jullie",
        "maar",
        "ook",
        "wel",
        "graag",
        "bedankt",
        "groet",
        "vriendelijke",
        "hoi",
        "hallo",
        "naar",
        "bij",
        "nog",
        "over",
    ]
)
_EN = frozenset(
    [
        "the",
        "and",
        "you",
        "to",
        "of",
        "is",
        "for",
        "with",
        "on",
        "that",
        "we",
        "our",
        "your",
        "are",
        "this",
        "it",
        "be",
        "have",
        "thanks",
        "thank",
        "regards",
        "hello",
        "hi",
        "please",
        "would",
        "about",
        "from",
    ]
)


def detect_language(text: str) -> str:
    """Guess en, nl or ar from the first part of ``text`` ("" when unsure)."""
    sample = text[:2000]
    if not sample.strip():
        return ""
    arabic = _count_arabic(sample)
    if arabic * 4 > len(sample):
        return "ar"
    nl = en = 0
    for word in _WORD.findall(sample.lower()):
        if word in _NL:
            nl += 1
        elif word in _EN:
            en += 1
    if arabic > 20 and arabic > (nl + en) * 3:
        return "ar"
    if nl == en == 0:
        return "ar" if arabic else ""
    return "nl" if nl > en else "en"


_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ANY_LETTER = re.compile(r"[^\W\d_]")


def mostly_rtl(text: str) -> bool:
    """True when most letters are right-to-left ("Re: لماذا تم إيقاف حسابي؟" is).

    For aligning a line whose first characters (a prefix, a date) are Latin.
    """
    rtl = len(_RTL_LETTER.findall(text))
    return rtl > 0 and rtl * 2 >= len(_ANY_LETTER.findall(text))


_DROP_BLOCKS = re.compile(r"<(script|style|head|title)\b.*?</\1\s*>", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# "</li>" is no break of its own: each "<li>" starts a line, so a list has no blank lines.
_BREAKS = re.compile(r"<(?:br|/p|/div|/ul|/ol|/tr|/h[1-6]|/blockquote|/table|hr)\b[^>]*>", re.I)
_ITEM = re.compile(r"<li\b[^>]*>", re.I)
_CELL = re.compile(r"</t[dh]\s*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n\s*\n+")


def html_to_text(markup: str) -> str:
    """Readable plain text of an HTML document, for indexing and previews.

    Not a renderer: block ends become line breaks, list items get a bullet,
    scripts and styles vanish, entities are decoded.
    """
    if not markup:
        return ""
    s = markup
    if "<" in s:  # every pattern here starts with one (a title mostly has none)
        s = _COMMENT.sub(" ", s)
        s = _DROP_BLOCKS.sub(" ", s)
        s = _BREAKS.sub("\n", s)
        s = _ITEM.sub("\n• ", s)
        s = _CELL.sub("\t", s)
        s = _TAG.sub("", s)
    s = _html.unescape(s)
    if "  " in s or "\t" in s or "\u00a0" in s:  # substring tests are far cheaper than the scan
        s = _SPACES.sub(" ", s)
    s = "\n".join(line.strip() for line in s.splitlines())
    return _BLANKS.sub("\n\n", s).strip()


def short_age(seconds: int) -> str:
    """A compact age for lists: 5m, 3h, 2d, 6w."""
    if seconds < 3600:
        return f"{max(seconds, 0) // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    if seconds < 86400 * 14:
        return f"{seconds // 86400}d"
    return f"{seconds // (86400 * 7)}w"

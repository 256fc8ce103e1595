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
# marks) and tatweel are dropped; the hamza/madda alef forms become bare alef.
_ARABIC_FOLD: dict[int, int | None] = {cp: None for cp in range(0x064B, 0x0660)}
_ARABIC_FOLD.update({cp: None for cp in range(0x06D6, 0x06EE)})
_ARABIC_FOLD.update({0x0670: None, 0x0640: None})
_ARABIC_FOLD.update({0x0622: 0x0627, 0x0623: 0x0627, 0x0625: 0x0627, 0x0671: 0x0627})
# Zero-width joiners/non-joiners and bidi marks split or glue words invisibly.
_ARABIC_FOLD.update({cp: None for cp in (0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF)})
_ARABIC_FOLD.update({cp: None for cp in range(0x202A, 0x202F)})
_ARABIC_FOLD.update({cp: None for cp in range(0x2066, 0x206A)})


def fold_for_search(text: str) -> str:
    """Fold ``text`` the way the search index stores it (Arabic forms unified)."""
    if text.isascii():
        return text
    return text.translate(_ARABIC_FOLD)


_ARABIC_CHARS = re.compile("[\u0600-\u06ff]")


def _count_arabic(text: str) -> int:
    return len(_ARABIC_CHARS.findall(text))


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


def is_rtl(text: str) -> bool:
    """True when the first strong character is right-to-left (Arabic, Hebrew)."""
    for ch in text:
        if "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc":
            return True
        if ch.isalpha():
            return False
    return False


_DROP_BLOCKS = re.compile(r"<(script|style|head|title)\b.*?</\1\s*>", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BREAKS = re.compile(r"<(?:br|/p|/div|/li|/tr|/h[1-6]|/blockquote|/table|hr)\b[^>]*>", re.I)
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
    s = _COMMENT.sub(" ", markup)
    s = _DROP_BLOCKS.sub(" ", s)
    s = _BREAKS.sub("\n", s)
    s = _ITEM.sub("\n• ", s)
    s = _CELL.sub("\t", s)
    s = _TAG.sub("", s)
    s = _html.unescape(s)
    s = _SPACES.sub(" ", s)
    s = "\n".join(line.strip() for line in s.splitlines())
    return _BLANKS.sub("\n\n", s).strip()

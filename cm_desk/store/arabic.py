"""How an Arabic word can be written in the full-text index and still be that word.

The index keeps a word as written, proclitics and all: "بالأعضاء" is one
token, "ة" and "ه" (or "ى" and "ي") at a word's end are different letters. A
reader takes them as the same word, so a query (or a keyword rule) for an
Arabic word asks for each of its spellings: behind و ف ب ك ل ال, and with
either ending.
"""

from __future__ import annotations

import itertools

PROCLITIC_FORMS = tuple(
    a + b + c for a in ("", "و", "ف") for b in ("", "ب", "ك", "ل") for c in ("", "ال", "ل")
)
FINAL_SWAPS = {"ه": "ة", "ة": "ه", "ي": "ى", "ى": "ي"}
MAX_SPELLINGS = 400  # beyond this a phrase is searched as written


def is_arabic(word: str) -> bool:
    return bool(word) and "\u0620" <= word[0] <= "\u064a"


def spellings(word: str, first: bool) -> list[str]:
    """``word`` with its other ending and, when it starts a phrase, its proclitics."""
    if not is_arabic(word):
        return [word]
    ends = [word] + ([word[:-1] + FINAL_SWAPS[word[-1]]] if word[-1] in FINAL_SWAPS else [])
    return [p + w for p in (PROCLITIC_FORMS if first else ("",)) for w in ends]


def phrase_spellings(words: list[str]) -> list[str] | None:
    """Every spelling of a phrase (None when there would be too many to ask for)."""
    forms = [spellings(w, i == 0) for i, w in enumerate(words)]
    count = 1
    for f in forms:
        count *= len(f)
    if count > MAX_SPELLINGS:
        return None
    return [" ".join(p) for p in itertools.product(*forms)]

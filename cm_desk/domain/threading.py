"""Subject rules for threading (the JWZ subject fallback), in every language we see.

Clients prefix replies and forwards in their own language: Re/RE/Aw/Antw/SV/
VS/Fw/Fwd/WG/Doorst/TR/رد/إعادة توجيه, sometimes counted ("Re[2]:"), sometimes
after a mailing-list tag ("[community] Re:"). Two subjects belong to one thread
when their keys (prefixes removed, case and spacing folded) are equal.
"""

from __future__ import annotations

import re

from cm_desk.domain.text import fold_for_search

_PREFIX = re.compile(
    r"^\s*(?:\[[^\]]{1,40}\]\s*)?"  # list tag
    r"(?:re|aw|antw|antwoord|sv|vs|fw|fwd|wg|doorst|tr|ynt|odp|رد|إعادة\s*توجيه|اعادة\s*توجيه)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*",
    re.IGNORECASE,
)
_LIST_TAG = re.compile(r"^\s*\[[^\]]{1,40}\]\s*")
_SPACE = re.compile(r"\s+")


def strip_prefixes(subject: str) -> tuple[str, bool]:
    """The subject without reply/forward prefixes, and whether it had any."""
    had = False
    s = subject
    for _ in range(20):  # bounded: hostile subjects can stack prefixes
        m = _PREFIX.match(s)
        if not m:
            break
        had = True
        s = s[m.end() :]
    if had:
        s = _LIST_TAG.sub("", s, count=1)
    return s.strip(), had


_FORWARD = re.compile(
    r"^\s*(?:\[[^\]]{1,40}\]\s*)?(?:fw|fwd|wg|doorst|tr|إعادة\s*توجيه|اعادة\s*توجيه)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]",
    re.IGNORECASE,
)


def is_forward(subject: str) -> bool:
    """Whether the subject starts as a forward does ("Fwd:", "Doorst:", "إعادة توجيه:")."""
    return _FORWARD.match(subject) is not None


def subject_key(subject: str) -> str:
    """The key two subjects of one thread share ("" for empty subjects)."""
    base, _ = strip_prefixes(subject)
    base = _LIST_TAG.sub("", base, count=1)
    return _SPACE.sub(" ", fold_for_search(base).casefold()).strip()[:300]

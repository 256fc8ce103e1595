"""Which server folders are which, and how their flags are written down.

Pure functions shared by the sync engine and the outbox: finding the Sent
folder from a LIST answer (RFC 6154 SPECIAL-USE first, then the names
clients commonly use, in the languages our users write), and the one text
form of an IMAP flag set that ``mail_locations.flags`` stores.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# Names servers and clients use for the Sent folder when no \Sent attribute
# says so. Compared case-insensitively on the last path segment.
SENT_NAMES = (
    "sent",
    "sent items",
    "sent messages",
    "sent mail",
    "verzonden",
    "verzonden items",
    "verzonden berichten",
    "gesendet",
    "envoyés",
    "المرسلة",
    "الرسائل المرسلة",
)

SEEN = "\\Seen"
ANSWERED = "\\Answered"
FLAGGED = "\\Flagged"
SYNCED_FLAGS = (SEEN, ANSWERED, FLAGGED)


def pick_sent(listing: Sequence[tuple[Iterable[str], str, str]]) -> str | None:
    """The Sent folder among ``(attributes, delimiter, name)`` LIST entries, or None."""
    for attributes, _delim, name in listing:
        if any(a.lower() == "\\sent" for a in attributes):
            return name
    by_rank: list[tuple[int, str]] = []
    for attributes, delim, name in listing:
        if any(a.lower() in ("\\noselect", "\\nonexistent") for a in attributes):
            continue
        leaf = name.rsplit(delim, 1)[-1] if delim else name
        if leaf.lower() in SENT_NAMES:
            by_rank.append((SENT_NAMES.index(leaf.lower()), name))
    return min(by_rank)[1] if by_rank else None


def flags_text(flags: Iterable[str]) -> str:
    """The stored form of a flag set: distinct flags, sorted, space-separated."""
    return " ".join(sorted({f for f in flags if f}))


def flag_set(text: str) -> frozenset[str]:
    """The flags of a stored :func:`flags_text` value."""
    return frozenset(text.split())

"""What the full-text index holds for an item (the same text on insert and delete)."""

from __future__ import annotations

from collections.abc import Iterable

from cm_desk.domain.models import Address
from cm_desk.domain.text import fold_for_search

MAX_INDEXED_BODY = 256 * 1024  # characters; beyond this a body is quoted logs or data dumps


def people_text(addresses: Iterable[Address]) -> str:
    """Names and addresses of some people, as one searchable string."""
    return " ".join(f"{a.name} {a.addr}".strip() for a in addresses)


def index_row(
    sort_key: int, subject: str, sender: str, recipients: str, body: str
) -> tuple[int, str, str, str, str]:
    """The FTS row of an item: every column folded like the queries are."""
    return (
        sort_key,
        fold_for_search(subject),
        fold_for_search(sender),
        fold_for_search(recipients),
        fold_for_search(body[:MAX_INDEXED_BODY]),
    )

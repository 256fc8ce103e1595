"""Small helpers shared by the triage use cases."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

CHUNK = 400  # bound on IN (...) list sizes


class NotFoundError(LookupError):
    """A use case was asked about a row that does not exist (any more)."""


def utc(when: datetime | None = None) -> datetime:
    """``when`` as an aware UTC datetime (naive values are taken as UTC); now if None."""
    if when is None:
        return datetime.now(UTC)
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterable[Sequence[int]]:
    """``ids`` in slices small enough for an ``IN (...)`` list."""
    for i in range(0, len(ids), size):
        yield ids[i : i + size]

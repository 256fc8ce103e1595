"""Small helpers shared by the triage use cases."""

from __future__ import annotations

from datetime import UTC, datetime


class NotFoundError(LookupError):
    """A use case was asked about a row that does not exist (any more)."""


def utc(when: datetime | None = None) -> datetime:
    """``when`` as an aware UTC datetime (naive values are taken as UTC); now if None."""
    if when is None:
        return datetime.now(UTC)
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)

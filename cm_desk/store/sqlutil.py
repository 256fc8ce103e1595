"""Small helpers for writing portable SQL from Python."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import TypeVar, overload

T = TypeVar("T")

SORT_SHIFT = 32
MAX_SORT_TS = (1 << 31) - 1
IN_LIST_MAX = 400  # values per IN (...) list: under every backend's parameter limit


def chunks(values: Sequence[T], size: int = IN_LIST_MAX) -> Iterator[Sequence[T]]:
    """``values`` in slices small enough for one ``IN (...)`` list."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


def make_sort_key(ts: int, item_id: int) -> int:
    """Newest-first key of an item: its date in the high bits, its id below."""
    return (min(max(ts, 0), MAX_SORT_TS) << SORT_SHIFT) | (item_id & 0xFFFFFFFF)


def to_epoch(value: datetime | int) -> int:
    """A date as stored: integer UTC seconds (a naive datetime is taken as UTC)."""
    if isinstance(value, int):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp())


@overload
def from_epoch(value: int) -> datetime: ...
@overload
def from_epoch(value: int | None) -> datetime | None: ...
def from_epoch(value: int | None) -> datetime | None:
    """A stored date (UTC seconds) as an aware ``datetime``; None stays None."""
    if value is None:
        return None
    return datetime.fromtimestamp(int(value), UTC)

"""Small helpers for writing portable SQL from Python."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

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

"""``date:`` values → inclusive ranges of epoch seconds, in the user's local time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from cm_desk.store.dates import DateRangeError, parse_date_range

NOW = datetime(2024, 3, 15, 12, 30, 0, tzinfo=UTC)
MAX = (1 << 31) - 1


def ts(year: int, month: int, day: int, hour: int = 0) -> int:
    """Epoch seconds of a UTC wall-clock time."""
    return int(datetime(year, month, day, hour, tzinfo=UTC).timestamp())


@pytest.fixture(autouse=True)
def _utc(local_tz: Callable[[str], None]) -> None:
    local_tz("UTC")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-15", (ts(2024, 1, 15), ts(2024, 1, 16) - 1)),
        ("2024-1-5", (ts(2024, 1, 5), ts(2024, 1, 6) - 1)),
        ("2024-02-29", (ts(2024, 2, 29), ts(2024, 3, 1) - 1)),
        ("2024-12-31", (ts(2024, 12, 31), ts(2025, 1, 1) - 1)),
        ("2024-02", (ts(2024, 2, 1), ts(2024, 3, 1) - 1)),
        ("2024-12", (ts(2024, 12, 1), ts(2025, 1, 1) - 1)),
        ("2024", (ts(2024, 1, 1), ts(2025, 1, 1) - 1)),
        ("today", (ts(2024, 3, 15), ts(2024, 3, 16) - 1)),
        ("TODAY", (ts(2024, 3, 15), ts(2024, 3, 16) - 1)),
        ("yesterday", (ts(2024, 3, 14), ts(2024, 3, 15) - 1)),
        ("now", (int(NOW.timestamp()), int(NOW.timestamp()))),
        # Relative: from then up to now (and beyond: mail can be dated in the future).
        ("3d", (int(NOW.timestamp()) - 3 * 86400, MAX)),
        ("3days", (int(NOW.timestamp()) - 3 * 86400, MAX)),
        ("1day", (int(NOW.timestamp()) - 86400, MAX)),
        ("5h", (int(NOW.timestamp()) - 5 * 3600, MAX)),
        ("2w", (int(NOW.timestamp()) - 14 * 86400, MAX)),
        ("2weeks", (int(NOW.timestamp()) - 14 * 86400, MAX)),
        ("6m", (int(NOW.timestamp()) - 180 * 86400, MAX)),
        ("1y", (int(NOW.timestamp()) - 365 * 86400, MAX)),
        ("1 year", (int(NOW.timestamp()) - 365 * 86400, MAX)),
        # Ranges: the end includes its whole day, month or year.
        ("2023-02-01..2023-02-28", (ts(2023, 2, 1), ts(2023, 3, 1) - 1)),
        ("2024-01..2024-02", (ts(2024, 1, 1), ts(2024, 3, 1) - 1)),
        ("2023..2024", (ts(2023, 1, 1), ts(2025, 1, 1) - 1)),
        ("2024-03-01..today", (ts(2024, 3, 1), ts(2024, 3, 16) - 1)),
        ("2024-03-01..", (ts(2024, 3, 1), MAX)),
        ("..2024-03-01", (0, ts(2024, 3, 2) - 1)),
        ("..", (0, MAX)),
        ("7d..yesterday", (int(NOW.timestamp()) - 7 * 86400, ts(2024, 3, 15) - 1)),
        (" 2024-01-15 .. 2024-01-16 ", (ts(2024, 1, 15), ts(2024, 1, 17) - 1)),
        # Written backwards: still both whole days.
        ("2024-01-15..2024-01-10", (ts(2024, 1, 10), ts(2024, 1, 16) - 1)),
        ("3d..10d", (int(NOW.timestamp()) - 10 * 86400, int(NOW.timestamp()) - 3 * 86400)),
        # Outside what the store can hold: clamped, never an overflow.
        ("1969", (0, 0)),
        ("9999", (MAX, MAX)),
        ("2020..9999-12-31", (ts(2020, 1, 1), MAX)),
        ("10000000000000000000000y", (0, MAX)),
    ],
)
def test_accepted_forms(value: str, expected: tuple[int, int]) -> None:
    assert parse_date_range(value, NOW) == expected


@pytest.mark.parametrize(
    "value",
    [
        "someday",
        "",
        "2024-13",
        "2024-00",
        "2024-02-30",
        "2023-02-29",
        "2024-01-32",
        "24-01-15",
        "15-01-2024",
        "2024/01/15",
        "3x",
        "-3d",
        "d",
        "2024-01-15..someday",
        "someday..2024",
        "2024-02-30..2024-03-01",
    ],
)
def test_errors_say_what_works(value: str) -> None:
    with pytest.raises(DateRangeError) as info:
        parse_date_range(value, NOW)
    message = str(info.value)
    assert "date" in message or "real date" in message
    assert message[0].isalpha() or message[0] == "'"


def test_unreadable_date_message_lists_the_forms() -> None:
    with pytest.raises(DateRangeError, match=r"2024-01-31, 2024-01, 2024, today"):
        parse_date_range("someday", NOW)
    with pytest.raises(DateRangeError, match="not a real date"):
        parse_date_range("2024-02-30", NOW)


def test_days_follow_the_local_time_zone(local_tz: Callable[[str], None]) -> None:
    local_tz("Europe/Amsterdam")  # UTC+1 in winter
    assert parse_date_range("2024-01-15", NOW) == (ts(2024, 1, 14, 23), ts(2024, 1, 15, 23) - 1)


@pytest.mark.parametrize(
    ("day", "hours"),
    [("2024-03-31", 23), ("2024-10-27", 25), ("2024-06-01", 24)],
)
def test_days_when_the_clocks_change_are_whole(
    local_tz: Callable[[str], None], day: str, hours: int
) -> None:
    local_tz("Europe/Amsterdam")
    lo, hi = parse_date_range(day, NOW)
    assert hi - lo + 1 == hours * 3600
    assert datetime.fromtimestamp(lo).strftime("%Y-%m-%d %H:%M") == f"{day} 00:00"
    assert datetime.fromtimestamp(hi + 1).strftime("%H:%M") == "00:00"

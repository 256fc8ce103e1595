"""Typed dates in three languages, always in the future, at a sensible hour."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from cm_desk.triage.when import END_OF_DAY, WhenError, parse_when

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)  # a Tuesday


@pytest.fixture(autouse=True)
def _utc(local_tz: object) -> None:
    local_tz("UTC")  # type: ignore[operator]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("friday", datetime(2026, 11, 27, 9, 0, tzinfo=UTC)),
        ("vrijdag", datetime(2026, 11, 27, 9, 0, tzinfo=UTC)),
        ("الجمعة", datetime(2026, 11, 27, 9, 0, tzinfo=UTC)),
        ("in 3 days", datetime(2026, 11, 27, 9, 0, tzinfo=UTC)),
        ("morgen", datetime(2026, 11, 25, 9, 0, tzinfo=UTC)),
        ("tomorrow 14:00", datetime(2026, 11, 25, 14, 0, tzinfo=UTC)),
        ("in 2 hours", datetime(2026, 11, 24, 12, 30, tzinfo=UTC)),
        ("2026-12-01", datetime(2026, 12, 1, 9, 0, tzinfo=UTC)),
    ],
)
def test_typed_dates(typed: str, expected: datetime) -> None:
    assert parse_when(typed, NOW) == expected


def test_a_promise_by_a_day_is_due_when_that_day_ends() -> None:
    assert parse_when("vrijdag", NOW, END_OF_DAY).time() == time(17, 0)


@pytest.mark.parametrize(
    ("typed", "message"),
    [("yesterday", "in the past"), ("whenever", "cannot read"), ("  ", "type when")],
)
def test_what_cannot_be_a_due_date_says_why(typed: str, message: str) -> None:
    with pytest.raises(WhenError, match=message):
        parse_when(typed, NOW)

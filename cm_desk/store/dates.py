"""``date:`` values → an inclusive range of UTC epoch seconds, in the user's local time.

Accepted (as notmuch does): ``2024-01-15``, ``2024-01``, ``2024``, ``today``,
``yesterday``, ``now``, relative ``3d``/``2w``/``6m``/``1y`` (ago), and ranges
``A..B``, ``A..``, ``..B``. The end of a range includes its whole day, month or
year, so ``date:2023-02-01..2023-02-28`` covers all of February.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

from cm_desk.domain.sentence import Sentence

_ABS = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_REL = re.compile(r"^(\d+)\s*(h|d|w|m|y|hours?|days?|weeks?|months?|years?)$")
_MIN, _MAX = 0, (1 << 31) - 1
_UNIT_SECONDS = {"h": 3600, "d": 86400, "w": 7 * 86400, "m": 30 * 86400, "y": 365 * 86400}


class DateRangeError(ValueError):
    """A date the user wrote that cannot be read; the message says what works."""


def _local_ts(y: int, m: int, d: int) -> int:
    return int(time.mktime((y, m, d, 0, 0, 0, 0, 0, -1)))


def _day_bounds(y: int, m: int, d: int) -> tuple[int, int]:
    """A whole local day: 23 or 25 hours long on the days clocks change."""
    return _local_ts(y, m, d), _local_ts(y, m, d + 1) - 1  # mktime rolls day 32 over


def _bounds(text: str, now: datetime) -> tuple[int, int]:
    """The first and last second that ``text`` can mean."""
    t = text.strip().lower()
    now_ts = int(now.timestamp())
    if t == "now":
        return now_ts, now_ts
    local = datetime.fromtimestamp(now_ts)
    if t in ("today", "yesterday"):
        day = local.date() - timedelta(days=1 if t == "yesterday" else 0)
        return _day_bounds(day.year, day.month, day.day)
    m = _REL.match(t)
    if m:
        n, unit = int(m.group(1)), m.group(2)[0]
        ts = now_ts - n * _UNIT_SECONDS[unit]  # integers: "date:10000000000y" cannot overflow
        return ts, ts
    m = _ABS.match(t)
    if not m:
        raise DateRangeError(
            Sentence(
                "cannot read the date {text}; use 2024-01-31, 2024-01, 2024, today, "
                "yesterday or 7d, and A..B for a range",
                text=repr(text),
            )
        )
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            datetime(y, int(mo), int(d))  # validates the day of the month
            return _day_bounds(y, int(mo), int(d))
        if mo:
            month = int(mo)
            if not 1 <= month <= 12:
                raise ValueError
            nxt = _local_ts(y + 1, 1, 1) if month == 12 else _local_ts(y, month + 1, 1)
            return _local_ts(y, month, 1), nxt - 1
        return _local_ts(y, 1, 1), _local_ts(y + 1, 1, 1) - 1
    except (ValueError, OverflowError) as exc:
        raise DateRangeError(Sentence("{text} is not a real date", text=repr(text))) from exc


def parse_date_range(value: str, now: datetime) -> tuple[int, int]:
    """The inclusive ``(first, last)`` epoch seconds of a ``date:`` value."""
    if ".." in value:
        left, _, right = value.partition("..")
        first = _bounds(left, now) if left.strip() else (_MIN, _MIN)
        last = _bounds(right, now) if right.strip() else (_MAX, _MAX)
        lo, hi = first[0], last[1]
        if lo > hi:  # written backwards ("2024-03..2024-01"): still whole periods
            lo, hi = last[0], first[1]
    else:
        lo, hi = _bounds(value, now)
        if _REL.match(value.strip().lower()):
            hi = _MAX  # "date:7d" means the last seven days, up to now
    if lo > hi:
        lo, hi = hi, lo
    # Both ends inside what the store can hold (search shifts them into sort keys).
    return min(max(lo, _MIN), _MAX), min(max(hi, _MIN), _MAX)

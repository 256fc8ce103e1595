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

_ABS = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_REL = re.compile(r"^(\d+)\s*(h|d|w|m|y|hours?|days?|weeks?|months?|years?)$")
_MIN, _MAX = 0, (1 << 31) - 1


class DateRangeError(ValueError):
    """A date the user wrote that cannot be read; the message says what works."""


def _local_ts(y: int, m: int, d: int) -> int:
    return int(time.mktime((y, m, d, 0, 0, 0, 0, 0, -1)))


def _bounds(text: str, now: datetime) -> tuple[int, int]:
    """The first and last second that ``text`` can mean."""
    t = text.strip().lower()
    now_ts = int(now.timestamp())
    if t == "now":
        return now_ts, now_ts
    local = datetime.fromtimestamp(now_ts)
    if t in ("today", "yesterday"):
        day = local.date() - timedelta(days=1 if t == "yesterday" else 0)
        start = _local_ts(day.year, day.month, day.day)
        return start, start + 86400 - 1
    m = _REL.match(t)
    if m:
        n, unit = int(m.group(1)), m.group(2)[0]
        days = {"h": n / 24, "d": n, "w": 7 * n, "m": 30 * n, "y": 365 * n}[unit]
        ts = now_ts - int(days * 86400)
        return ts, ts
    m = _ABS.match(t)
    if not m:
        raise DateRangeError(
            f"cannot read the date {text!r}; use 2024-01-31, 2024-01, 2024, today, "
            "yesterday or 7d, and A..B for a range"
        )
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            start = _local_ts(y, int(mo), int(d))
            datetime(y, int(mo), int(d))  # validates the day of the month
            return start, start + 86400 - 1
        if mo:
            month = int(mo)
            if not 1 <= month <= 12:
                raise ValueError
            nxt = _local_ts(y + 1, 1, 1) if month == 12 else _local_ts(y, month + 1, 1)
            return _local_ts(y, month, 1), nxt - 1
        return _local_ts(y, 1, 1), _local_ts(y + 1, 1, 1) - 1
    except (ValueError, OverflowError) as exc:
        raise DateRangeError(f"{text!r} is not a real date") from exc


def parse_date_range(value: str, now: datetime) -> tuple[int, int]:
    """The inclusive ``(first, last)`` epoch seconds of a ``date:`` value."""
    if ".." in value:
        left, _, right = value.partition("..")
        lo = _bounds(left, now)[0] if left.strip() else _MIN
        hi = _bounds(right, now)[1] if right.strip() else _MAX
    else:
        lo, hi = _bounds(value, now)
        if _REL.match(value.strip().lower()):
            hi = _MAX  # "date:7d" means the last seven days, up to now
    if lo > hi:
        lo, hi = hi, lo
    return max(lo, _MIN), min(hi, _MAX)

"""Dates as the UI shows them: local time, day and month named in the UI language.

One order everywhere — weekday, day, month, (year,) time: "Mon 3 Mar 14:05",
"ma 3 mrt 14:05", "الاثنين 3 مارس 14:05" — with the names from the
:class:`~PySide6.QtCore.QLocale` of the UI (by default ``QLocale()``, which
:func:`cm_desk.ui.i18n.install` sets to the language the UI speaks). The
digits are always 0-9, also in Arabic: the rest of the UI (ages, counts,
times typed by the CM, the mail itself) uses them, and a date with
Arabic-Indic digits beside "3d" or "14:00" reads as two systems at once.
Callers that put a date inside a line of mixed direction isolate it
(FSI…PDI) themselves; the text returned here carries no marks.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QLocale

SHORT = QLocale.FormatType.ShortFormat


def weekday(dt: datetime, locale: QLocale | None = None) -> str:
    """The short name of the local day of aware ``dt`` ("Mon", "ma", "الاثنين")."""
    return (locale or QLocale()).dayName(dt.astimezone().isoweekday(), SHORT)


def day(dt: datetime, locale: QLocale | None = None, *, year: bool = False) -> str:
    """Weekday, day and month of aware ``dt`` in local time, and the year if asked."""
    local = dt.astimezone()
    loc = locale or QLocale()
    text = f"{weekday(local, loc)} {local.day} {loc.monthName(local.month, SHORT)}"
    return f"{text} {local.year}" if year else text


def moment(dt: datetime, locale: QLocale | None = None, *, year: bool = False) -> str:
    """:func:`day` and the local time of aware ``dt``, 24-hour ("Mon 3 Mar 14:05")."""
    local = dt.astimezone()
    return f"{day(local, locale, year=year)} {local:%H:%M}"

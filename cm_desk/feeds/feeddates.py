"""Feed dates read the way feedparser reads them, or not at all.

feedparser tries its date parsers in a fixed order and the first answer wins:
W3C-DTF (ISO 8601 profile), then RFC 822, then a lenient ISO 8601 parser
that goes through the machine's local time zone, then half a dozen national
formats. Only the first two are reproduced here, and only for strings whose
shape leaves no doubt that they are the ones to answer; everything else
raises :class:`UnsureDate` so the caller hands the whole feed to feedparser.
The quirks are feedparser's and are kept on purpose, because the fast path
must give the same dates: an unknown zone name counts as UTC, a two-digit
year under 90 is in this century, and a W3C offset written without a colon
(``+0130``) takes its minutes from the fifth character only.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

# W3C-DTF: a date, optionally a time (T, t or one space) with optional
# seconds, fraction and zone. feedparser also reads looser strings this way;
# those are left to it.
_W3C = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?"
)
_DAYS = "mon|tue|wed|thu|fri|sat|sun"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# RFC 822 as feeds write it: optional day name, day, month name, two- or
# four-digit year, H:MM[:SS], and a zone that is a name or a numeric offset.
_RFC822 = re.compile(
    rf"(?:(?:{_DAYS})[a-z]*,?\s+)?(\d{{1,2}})\s+({'|'.join(_MONTHS)})[a-z]*\s+"
    r"(\d{4}|\d{2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+([a-z]+|[+-]\d{2}:?\d{2})"
)
# feedparser's zone names; any other name counts as UTC there, so here too.
_ZONES = {
    "ut": 0,
    "gmt": 0,
    "z": 0,
    "adt": -3,
    "ast": -4,
    "at": -4,
    "edt": -4,
    "est": -5,
    "et": -5,
    "cdt": -5,
    "cst": -6,
    "ct": -6,
    "mdt": -6,
    "mst": -7,
    "mt": -7,
    "pdt": -7,
    "pst": -8,
    "pt": -8,
    "a": -1,
    "n": 1,
    "m": -12,
    "y": 12,
    "met": 1,
    "mest": 2,
}


class UnsureDateError(ValueError):
    """A date string whose reading by feedparser is not certain here."""


def parse_date(value: str) -> time.struct_time | None:
    """UTC time tuple of a feed date string, ``None`` for an empty one.

    Raises :class:`UnsureDateError` for anything not read with certainty.
    """
    if not value:
        return None
    m = _W3C.fullmatch(value)
    if m:
        return _w3c(m)
    m = _RFC822.fullmatch(value.lower())
    if m:
        return _rfc822(m)
    raise UnsureDateError(value)


def _w3c(m: re.Match[str]) -> time.struct_time:
    year, month, day, hour, minute, second, zone = m.groups()
    hours = minutes = 0
    if zone and zone[0] in "+-":
        # feedparser reads the minutes from the fifth character on: "+0130" gives 0.
        hours, minutes = int(zone[1:3]), int(zone[4:])
        if zone[0] == "-":
            hours, minutes = -hours, -minutes
    return _utc(int(year), int(month), int(day), hour, minute, second, hours, minutes)


def _rfc822(m: re.Match[str]) -> time.struct_time:
    day, month_name, year_text, hour, minute, second, zone = m.groups()
    year = int(year_text)
    if len(year_text) == 2:
        year += 1900 if year >= 90 else 2000
    if zone[0] in "+-":
        hours, minutes = int(zone[1:3]), int(zone[3:].lstrip(":"))
        if zone[0] == "-":
            hours, minutes = -hours, -minutes
    elif zone.startswith("gmt") and zone != "gmt":
        raise UnsureDateError(zone)  # "GMT+1" and friends take another road there
    else:
        hours, minutes = _ZONES.get(zone, 0), 0
    month = _MONTHS.index(month_name) + 1
    return _utc(year, month, int(day), hour, minute, second, hours, minutes)


def _utc(
    year: int,
    month: int,
    day: int,
    hour: str | None,
    minute: str | None,
    second: str | None,
    zone_hours: int,
    zone_minutes: int,
) -> time.struct_time:
    if not 1900 <= year <= 9000:
        raise UnsureDateError(str(year))  # near datetime's limits feedparser falls through
    try:
        stamp = datetime(year, month, day, int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError as exc:  # 31 February: feedparser's later parsers would guess
        raise UnsureDateError(str(exc)) from exc
    return (stamp - timedelta(hours=zone_hours, minutes=zone_minutes)).utctimetuple()

"""Typed dates for snoozes and promises: "friday", "in 3 days", "vrijdag", "الجمعة".

dateparser reads English, Dutch and Arabic relative to now, always into the
future; a bare day ("friday") gets a sensible hour — the start of the
working day for a snooze, its end for a promise — in the CM's time zone.
"""

from __future__ import annotations

from datetime import datetime, time

from cm_desk.domain.sentence import Moment, Sentence

LANGUAGES = ["en", "nl", "ar"]
START_OF_DAY = time(9, 0)  # a snoozed item comes back when the day starts
END_OF_DAY = time(17, 0)  # a promise "by friday" is due when that day's work ends


class WhenError(ValueError):
    """A date the CM typed that cannot be read; the message says what works."""


def parse_when(text: str, now: datetime, at: time = START_OF_DAY) -> datetime:
    """The moment ``text`` means, after ``now`` (aware, in the local zone)."""
    import dateparser

    typed = " ".join(text.split())
    if not typed:
        raise WhenError(
            Sentence("type when, e.g. 'friday', 'in 3 days', 'vrijdag', 'الجمعة' or 2026-12-01")
        )
    local_now = now.astimezone()
    base = local_now.replace(tzinfo=None)
    found: datetime | None = dateparser.parse(
        typed,
        languages=LANGUAGES,
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": base,
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if found is None:
        raise WhenError(
            Sentence(
                "cannot read {typed} as a date; try 'friday', 'in 3 days', 'vrijdag', "
                "'الجمعة', 'tomorrow 14:00' or 2026-12-01",
                typed=repr(typed),
            )
        )
    whole_days = abs((found - base).total_seconds()) % 86400 < 1
    if ":" not in typed and (found.time() == time(0, 0) or whole_days):
        # A day without an hour ("friday", "morgen", "in 3 days"): its working
        # hour, not midnight or this minute. "in 2 hours" keeps its time.
        found = datetime.combine(found.date(), at)
    moment = found.replace(tzinfo=local_now.tzinfo)
    if moment <= now:
        raise WhenError(
            Sentence("{typed} is in the past ({moment})", typed=repr(typed), moment=Moment(moment))
        )
    return moment

"""The promises and escalations of the demo, and the colleagues who own some of them.

Each role is one member thread whose story the builder writes out: Sam's
reply states the promise, a kept promise gets its update, a broken one an
angry nudge, an escalation a forward to the colleague.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cm_desk.demo.corpus import Pack
from cm_desk.demo.mailgen import Contact

JOHN = "John Peters"
FATIMA = "Fatima El Amrani"
DAAN = "Daan de Vries"
COLLEAGUES = (
    (JOHN, "john.peters@community.example", "Customer Service"),
    (FATIMA, "fatima.elamrani@community.example", "Billing"),
    (DAAN, "daan.devries@community.example", "Engineering"),
)


@dataclass(frozen=True, slots=True)
class Role:
    """A thread that carries a promise or an escalation, and how its story ends."""

    key: str
    lang: str
    scenario: str
    age_days: float  # when the member first wrote
    due_days: float | None  # due date relative to now; None: no date given
    owner: str | None  # a colleague's name; None: Sam
    outcome: str  # open, kept, broken, escalated, escalation-done
    what: str
    due_today: bool = False


ROLES = (
    Role(
        key="due-today",
        lang="en",
        scenario="double_charge",
        age_days=1.2,
        due_days=0,
        owner=None,
        outcome="open",
        what="Confirm the refund of the double charge with Billing and tell the member",
        due_today=True,
    ),
    Role(
        key="due-week",
        lang="nl",
        scenario="data_export",
        age_days=2.5,
        due_days=3,
        owner=None,
        outcome="open",
        what="Send a workaround for the empty member export",
    ),
    Role(
        key="billing-week",
        lang="ar",
        scenario="refund",
        age_days=3.0,
        due_days=4,
        owner=FATIMA,
        outcome="open",
        what="Refund the yearly plan and switch the member to monthly",
    ),
    Role(
        key="eng-later",
        lang="en",
        scenario="app_crash",
        age_days=4.0,
        due_days=16,
        owner=DAAN,
        outcome="open",
        what="Ship the fix for the crash on startup and tell the member",
    ),
    Role(
        key="undated",
        lang="en",
        scenario="meetup_idea",
        age_days=6.0,
        due_days=None,
        owner=None,
        outcome="open",
        what="Confirm budget and date for the member-run meetup",
    ),
    Role(
        key="overdue-me",
        lang="en",
        scenario="ban_appeal",
        age_days=9.0,
        due_days=-2,
        owner=None,
        outcome="open",
        what="Share the outcome of the ban review",
    ),
    Role(
        key="overdue-eng",
        lang="nl",
        scenario="app_crash",
        age_days=12.0,
        due_days=-4,
        owner=DAAN,
        outcome="open",
        what="Tell the member when the crash fix is released",
    ),
    Role(
        key="kept-1",
        lang="en",
        scenario="refund",
        age_days=22.0,
        due_days=-15,
        owner=None,
        outcome="kept",
        what="Refund the yearly plan and switch to monthly",
    ),
    Role(
        key="kept-2",
        lang="nl",
        scenario="delivery_late",
        age_days=16.0,
        due_days=-9,
        owner=None,
        outcome="kept",
        what="Find out where the parcel is and update the member",
    ),
    Role(
        key="kept-3",
        lang="ar",
        scenario="ban_appeal",
        age_days=27.0,
        due_days=-20,
        owner=None,
        outcome="kept",
        what="Share the outcome of the ban review",
    ),
    Role(
        key="broken",
        lang="en",
        scenario="data_export",
        age_days=19.0,
        due_days=-10,
        owner=None,
        outcome="broken",
        what="Send the member list export by hand",
    ),
    Role(
        key="escalated",
        lang="en",
        scenario="delivery_late",
        age_days=1.5,
        due_days=2,
        owner=JOHN,
        outcome="escalated",
        what="Parcel stuck at the carrier for two weeks: resend or refund",
    ),
    Role(
        key="escalation-done",
        lang="ar",
        scenario="double_charge",
        age_days=12.0,
        due_days=-6,
        owner=FATIMA,
        outcome="escalation-done",
        what="Refund the duplicate payment",
    ),
)


def colleague_contact(name: str) -> Contact:
    """A colleague as a mail contact."""
    for colleague, addr, _team in COLLEAGUES:
        if colleague == name:
            return Contact(colleague, addr, colleague.split()[0], 1)
    raise KeyError(name)


def team_of(name: str) -> str:
    """The team a demo colleague works in."""
    return next(team for colleague, _addr, team in COLLEAGUES if colleague == name)


def due_date(role: Role, now: datetime) -> datetime | None:
    """When a role's promise is due: later today, or a day at 16:00 UTC."""
    if role.due_days is None:
        return None
    if role.due_today:
        local = now.astimezone()
        end_of_day = local.replace(hour=23, minute=30, second=0, microsecond=0)
        return max(now + timedelta(minutes=20), min(now + timedelta(hours=4), end_of_day))
    day = now + timedelta(days=role.due_days)
    return day.replace(hour=16, minute=0, second=0, microsecond=0)


def when_text(pack: Pack, due: datetime | None, now: datetime) -> str:
    """A due date as Sam would write it: the weekday, plus the date when far off."""
    if due is None:
        return ""
    text = pack.weekdays[due.weekday()]
    if abs((due - now).days) > 5:
        text += f" {due.day}/{due.month}"
    return text

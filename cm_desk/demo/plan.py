"""The demo's mail: everyday member threads, the threads behind promises, and junk.

Dates are relative to ``now`` so the demo always looks current: most threads
are from the last few days, some from today, a tail goes back ~45 days.
The threads behind promises and escalations are written so their story
holds: Sam's reply states the promise, a kept promise gets its update, a
broken one an angry nudge.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cm_desk.demo import content_ar, content_en, content_nl, content_special
from cm_desk.demo.corpus import Pack, Scenario
from cm_desk.demo.mailgen import Attachment, Contact, MailWriter, Thread
from cm_desk.demo.roles import ROLES, Role, colleague_contact, due_date, team_of, when_text

PACKS: dict[str, Pack] = {"en": content_en.PACK, "nl": content_nl.PACK, "ar": content_ar.PACK}
RANDOM_THREADS = {"en": 78, "nl": 25, "ar": 25}


@dataclass(slots=True)
class MailPlan:
    """Every demo thread, and which of them carry a role (with its due date)."""

    threads: list[Thread] = field(default_factory=list)
    roles: dict[str, tuple[Role, Thread, datetime | None]] = field(default_factory=dict)


def _scenario(pack: Pack, key: str) -> Scenario:
    return next(s for s in pack.scenarios if s.key == key)


def _role_thread(w: MailWriter, role: Role, now: datetime) -> tuple[Thread, datetime | None]:
    rng, pack = w.rng, PACKS[role.lang]
    scenario = _scenario(pack, role.scenario)
    start = now - timedelta(days=role.age_days, minutes=rng.randint(0, 120))
    thread = w.start(
        f"role:{role.key}", pack, rng.choice(scenario.subjects), rng.choice(scenario.bodies), start
    )
    thread.scenario, thread.tags = scenario.key, scenario.tags
    due = due_date(role, now)
    when = when_text(pack, due, now)
    if role.outcome in ("escalated", "escalation-done"):
        assert role.owner is not None
        line = pack.escalate_line.format(colleague=role.owner, team=team_of(role.owner), when=when)
    elif role.due_today:
        line = pack.today_line
    elif due is None:
        line = pack.undated_line
    else:
        line = pack.promise_line.format(when=when)
    reply_at = start + timedelta(hours=rng.uniform(1.5, 5))
    w.cm_says(thread, f"{rng.choice(scenario.replies)} {line}", reply_at)
    if role.outcome == "escalated" and role.owner:
        note = content_special.FORWARD_NOTE.format(
            colleague=role.owner.split()[0], order=thread.values["order"], when=when
        )
        w.cm_forwards(thread, colleague_contact(role.owner), note, reply_at + timedelta(minutes=12))
    if role.outcome in ("kept", "escalation-done") and due is not None:
        update_at = due - timedelta(hours=rng.uniform(2, 30))
        w.cm_says(thread, pack.kept_line, update_at, "update")
        w.member_says(thread, rng.choice(pack.thanks), update_at + timedelta(hours=2), "thanks")
        thread.triage = "done"
    elif role.outcome == "broken" and due is not None:
        w.member_says(thread, pack.broken_nudge.format(when=when), due + timedelta(days=2), "nudge")
    elif role.key == "overdue-eng" and scenario.followups:
        w.member_says(thread, scenario.followups[0], now - timedelta(hours=20), "followup")
    return thread, due


def _age(rng: random.Random, now: datetime) -> timedelta:
    """How long ago a member first wrote: some today, most recent, a long tail."""
    if rng.random() < 0.1:
        local = now.astimezone()  # "today" is the user's day, as date:today searches it
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        since_midnight = (local - midnight).total_seconds() / 3600
        return timedelta(hours=rng.uniform(0.1, max(0.5, min(9.0, since_midnight - 0.1))))
    return timedelta(days=rng.triangular(0.5, 45, 2))


def _random_thread(w: MailWriter, pack: Pack, index: int) -> Thread:
    rng, now = w.rng, w.now
    scenario = rng.choices(pack.scenarios, weights=[s.weight for s in pack.scenarios])[0]
    age = _age(rng, now)
    start = now - age
    thread = w.start(
        f"{pack.code}:{index}",
        pack,
        rng.choice(scenario.subjects),
        rng.choice(scenario.bodies),
        start,
    )
    thread.scenario, thread.tags = scenario.key, scenario.tags
    days = age.total_seconds() / 86400
    p_reply = 0.15 if days < 1 else 0.55 if days < 4 else 0.8
    reply_at = start + timedelta(hours=rng.uniform(0.5, 20))
    if rng.random() < p_reply and reply_at < now - timedelta(minutes=10):
        w.cm_says(thread, rng.choice(scenario.replies), reply_at)
        r = rng.random()
        if r < 0.35:
            after = reply_at + timedelta(hours=rng.uniform(0.5, 12))
            w.member_says(thread, rng.choice(pack.thanks), after, "thanks")
            thread.triage = "done"
        elif r < 0.55 and scenario.followups:
            after = reply_at + timedelta(hours=rng.uniform(2, 30))
            w.member_says(thread, rng.choice(scenario.followups), after, "followup")
        elif days > 5 and rng.random() < 0.6:
            thread.triage = "done"
    elif days > 4 and rng.random() < 0.3:
        nudge_at = start + timedelta(days=rng.uniform(1.5, 4))
        w.member_says(thread, rng.choice(pack.nudges), nudge_at, "nudge")
    elif (days > 10 and rng.random() < 0.5) or ("praise" in scenario.tags and days > 2):
        thread.triage = "done"  # handled elsewhere, or needs no answer
    return thread


def _junk(w: MailWriter, now: datetime) -> list[Thread]:
    rng, en = w.rng, PACKS["en"]
    out = []
    for i, junk in enumerate(content_special.SPAM):
        sender = Contact(junk.name, junk.addr, junk.name.split()[0], rng.choice((-7, 0, 3, 8)))
        headers = (
            (("X-Spam-Flag", "YES"), ("X-Spam-Status", "Yes, score=9.4 required=5.0"))
            if junk.filtered
            else ()
        )
        when = now - timedelta(days=rng.uniform(0.1, 40))
        thread = w.single(
            f"spam:{i}",
            en,
            sender,
            junk.subject,
            when,
            text=junk.body,
            headers=headers,
            part="spam",
        )
        thread.tags, thread.triage = ("spam",), "spam"
        out.append(thread)
    abuse = content_special.ABUSE
    sender = Contact(abuse.name, abuse.addr, "", 0)
    thread = w.single(
        "abuse", en, sender, abuse.subject, now - timedelta(days=3.2), text=abuse.body, part="abuse"
    )
    thread.triage = "abuse"
    out.append(thread)
    roundup = Contact("Community Roundup", "digest@roundup.example", "Community", -5)
    list_headers = (
        ("List-Id", "Community Roundup <weekly.roundup.example>"),
        ("List-Unsubscribe", "<https://roundup.example/unsubscribe>"),
        ("Precedence", "bulk"),
    )
    thread = w.single(
        "newsletter",
        en,
        roundup,
        "Community Roundup #112: onboarding that sticks",
        now - timedelta(days=2.1),
        html=content_special.NEWSLETTER_HTML,
        headers=list_headers,
        part="newsletter",
    )
    thread.triage = "done"
    out.append(thread)
    report = Contact("Forum Analytics", "reports@analytics.example", "Forum", 0)
    thread = w.single(
        "report",
        en,
        report,
        "Your monthly community report",
        now - timedelta(days=8.4),
        text=content_special.REPORT_TEXT,
        html=content_special.REPORT_HTML,
        headers=(("Auto-Submitted", "auto-generated"),),
        part="newsletter",
    )
    thread.triage = "done"
    out.append(thread)
    return out


def _fixed(w: MailWriter, now: datetime) -> list[Thread]:
    """Threads every demo has whatever the dice say: attachments, Dutch meetup ideas."""
    en, nl = PACKS["en"], PACKS["nl"]
    crash = _scenario(en, "app_crash")
    shot = Attachment("screenshot-crash.png", "image/png", content_special.tiny_png())
    t1 = w.start(
        "attach:png",
        en,
        crash.subjects[0],
        crash.bodies[0] + " Screenshot attached.",
        now - timedelta(hours=5),
        attachments=(shot,),
    )
    t1.tags = crash.tags
    export = _scenario(nl, "data_export")
    csv = Attachment("leden-export.csv", "text/csv", content_special.EXPORT_CSV)
    t2 = w.start(
        "attach:csv",
        nl,
        export.subjects[1],
        export.bodies[0] + " Het bestand zit erbij.",
        now - timedelta(days=6),
        attachments=(csv,),
    )
    t2.tags = export.tags
    w.cm_says(t2, export.replies[0], now - timedelta(days=5, hours=20))
    meetup = _scenario(nl, "meetup_idea")
    t3 = w.start("nl:meetup", nl, meetup.subjects[0], meetup.bodies[0], now - timedelta(hours=2))
    t3.scenario = meetup.key
    return [t1, t2, t3]


def plan_mail(rng: random.Random, now: datetime) -> MailPlan:
    """Write every demo thread."""
    w = MailWriter(rng, now)
    plan = MailPlan()
    for role in ROLES:
        thread, due = _role_thread(w, role, now)
        plan.threads.append(thread)
        plan.roles[role.key] = (role, thread, due)
    for code, count in RANDOM_THREADS.items():
        plan.threads.extend(_random_thread(w, PACKS[code], i) for i in range(count))
    plan.threads.extend(_junk(w, now))
    plan.threads.extend(_fixed(w, now))
    return plan

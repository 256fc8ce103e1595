"""Writes demo mail as real RFC 5322 bytes, the way members' mail clients would.

Everything goes through the standard library's ``email`` package so the demo
exercises the same parser and importer as a real mailbox: encoded words in
headers, base64 and quoted-printable bodies, threads held together by
Message-ID, In-Reply-To and References.
"""

from __future__ import annotations

import email.policy
import email.utils
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage

from cm_desk.demo.corpus import Pack

CM_NAME = "Sam Jansen"
CM_ADDR = "sam@community.example"
CM_DOMAIN = "community.example"
CM_OFFSET = 1  # Sam works from the Netherlands


@dataclass(frozen=True, slots=True)
class Contact:
    """Someone who writes mail: display name, address and the UTC offset of their clock."""

    name: str
    addr: str
    first: str
    offset: int


CM = Contact(CM_NAME, CM_ADDR, "Sam", CM_OFFSET)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file attached to a demo message."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Mail:
    """One demo message: its bytes and what the builder needs to find it again."""

    raw: bytes
    message_id: str
    when: datetime
    seen: bool
    inbound: bool
    part: str  # first, reply, followup, thanks, nudge, forward, update, spam, newsletter…


@dataclass(slots=True)
class Thread:
    """A conversation being written: the messages so far and the texts to quote."""

    key: str
    pack: Pack
    customer: Contact
    subject: str
    values: dict[str, str]
    mails: list[Mail] = field(default_factory=list)
    first_text: str = ""
    last_text: str = ""
    last_from: Contact | None = None
    scenario: str = ""
    tags: tuple[str, ...] = ()
    triage: str = ""  # a Triage value to force after import, "" to keep the importer's

    @property
    def ids(self) -> list[str]:
        """Message-IDs of the thread so far, oldest first (for References)."""
        return [m.message_id for m in self.mails]


def ascii_slug(text: str) -> str:
    """A lower-case ASCII form of a name, for handles and addresses."""
    norm = unicodedata.normalize("NFKD", text)
    out = "".join(c for c in norm if c.isascii() and (c.isalnum() or c in "._-"))
    return out.lower() or "member"


def compose(
    sender: Contact,
    to: Sequence[Contact],
    subject: str,
    text: str,
    when: datetime,
    message_id: str,
    parents: Sequence[str] = (),
    *,
    html: str = "",
    attachments: Sequence[Attachment] = (),
    headers: Sequence[tuple[str, str]] = (),
) -> bytes:
    """The RFC 5322 bytes of one message (CRLF line ends, as on the wire)."""
    msg = EmailMessage()
    msg["From"] = HeaderAddress(display_name=sender.name, addr_spec=sender.addr)
    msg["To"] = tuple(HeaderAddress(display_name=c.name, addr_spec=c.addr) for c in to)
    msg["Subject"] = subject
    local = when.astimezone(timezone(timedelta(hours=sender.offset)))
    msg["Date"] = email.utils.format_datetime(local)
    msg["Message-ID"] = f"<{message_id}>"
    if parents:
        msg["In-Reply-To"] = f"<{parents[-1]}>"
        msg["References"] = " ".join(f"<{p}>" for p in parents[-10:])
    for name, value in headers:
        msg[name] = value
    if text:
        msg.set_content(text)
        if html:
            msg.add_alternative(html, subtype="html")
    else:
        msg.set_content(html, subtype="html")
    for att in attachments:
        maintype, subtype = att.content_type.split("/", 1)
        msg.add_attachment(att.data, maintype=maintype, subtype=subtype, filename=att.filename)
    return msg.as_bytes(policy=email.policy.SMTP)


class MailWriter:
    """Writes threads of demo mail with one random generator and one clock."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now

    # -- people and details ----------------------------------------------
    def contact(self, pack: Pack) -> Contact:
        """A random member writing in ``pack``'s language."""
        name, ascii_name = self.rng.choice(pack.names)
        if pack.code == "ar" and self.rng.random() < 0.4:
            name = ascii_name.replace(".", " ").title()  # many write their name in Latin
        domain = self.rng.choice(pack.domains)
        local = ascii_name
        if self.rng.random() < 0.3:
            local += str(self.rng.randint(1, 99))
        offset = self.rng.choice(pack.utc_offsets)
        return Contact(name, f"{local}@{domain}", name.split()[0], offset)

    def details(self, pack: Pack, customer: Contact) -> dict[str, str]:
        """Values for a scenario's placeholders."""
        rng = self.rng
        past = self.now - timedelta(days=rng.randint(2, 20))
        return {
            "order": f"CM-{rng.randint(100000, 999999)}",
            "amount": rng.choice(pack.amounts),
            "version": rng.choice(("4.12.0", "4.12.1", "4.13.0")),
            "device": rng.choice(("Pixel 7", "iPhone 13", "Galaxy S22", "iPad Air", "Moto G54")),
            "handle": ascii_slug(customer.addr.split("@")[0]).replace(".", "_"),
            "days": str(rng.randint(6, 60)),
            "day": pack.weekdays[past.weekday()],
            "city": rng.choice(pack.cities),
        }

    def message_id(self, domain: str, when: datetime) -> str:
        """A unique, deterministic Message-ID (without angle brackets)."""
        return f"{int(when.timestamp()):x}.{self.rng.getrandbits(48):012x}@{domain}"

    def seen(self, when: datetime) -> bool:
        """Older mail has mostly been read; today's mostly not."""
        age = self.now - when
        return self.rng.random() < (0.9 if age > timedelta(hours=36) else 0.3)

    def clamp(self, when: datetime) -> datetime:
        """Never in the future: a message planned after ``now`` is sent just before it."""
        limit = self.now - timedelta(minutes=self.rng.randint(3, 40))
        return min(when, limit).replace(microsecond=0)

    # -- texts --------------------------------------------------------------
    def member_text(self, pack: Pack, who: Contact, body: str) -> str:
        """A member's message: greeting, body, sign-off."""
        closing = self.rng.choice(pack.closings).format(first=who.first, name=who.name)
        return f"{self.rng.choice(pack.greetings)}\n\n{body}\n\n{closing}\n"

    def quoted(self, pack: Pack, thread: Thread, when: datetime) -> str:
        if not thread.last_text or thread.last_from is None:
            return ""
        intro = pack.quote_intro.format(date=f"{when:%d-%m-%Y %H:%M}", name=thread.last_from.name)
        lines = "\n".join(f"> {line}" if line else ">" for line in thread.last_text.splitlines())
        return f"\n\n{intro}\n{lines}\n"

    # -- writing a thread -----------------------------------------------------
    def start(
        self,
        key: str,
        pack: Pack,
        subject: str,
        body: str,
        when: datetime,
        *,
        customer: Contact | None = None,
        values: dict[str, str] | None = None,
        attachments: Sequence[Attachment] = (),
    ) -> Thread:
        """A member's first message opens a thread."""
        who = customer or self.contact(pack)
        vals = values or self.details(pack, who)
        thread = Thread(key, pack, who, subject.format(**vals), vals)
        text = self.member_text(pack, who, body.format(**vals))
        self._add(thread, who, (CM,), thread.subject, text, when, "first", "", attachments)
        thread.first_text = text.strip()
        return thread

    def single(
        self,
        key: str,
        pack: Pack,
        sender: Contact,
        subject: str,
        when: datetime,
        *,
        text: str = "",
        html: str = "",
        headers: Sequence[tuple[str, str]] = (),
        part: str = "first",
    ) -> Thread:
        """A one-message thread written as is (spam, newsletters): no greeting added."""
        thread = Thread(key, pack, sender, subject, {})
        when = self.clamp(when)
        mid = self.message_id(sender.addr.split("@", 1)[1], when)
        raw = compose(sender, (CM,), subject, text, when, mid, html=html, headers=headers)
        thread.mails.append(Mail(raw, mid, when, self.seen(when), True, part))
        thread.first_text = thread.last_text = text
        thread.last_from = sender
        return thread

    def member_says(self, thread: Thread, body: str, when: datetime, part: str) -> Mail:
        """The member writes again in the thread (thanks, a nudge, a new question)."""
        pack, who = thread.pack, thread.customer
        prefix = self.rng.choice(pack.reply_prefixes)
        text = self.member_text(pack, who, body.format(**thread.values))
        quote = ""
        if part == "nudge" or self.rng.random() < 0.5:
            quote = self.quoted(pack, thread, thread.mails[-1].when)
        return self._add(thread, who, (CM,), prefix + thread.subject, text, when, part, quote)

    def cm_says(self, thread: Thread, body: str, when: datetime, part: str = "reply") -> Mail:
        """Sam answers the member, quoting what came before."""
        pack = thread.pack
        text = f"{pack.cm_open.format(first=thread.customer.first)}\n\n"
        text += f"{body.format(**thread.values)}\n\n{pack.cm_close}\n"
        quote = self.quoted(pack, thread, thread.mails[-1].when)
        prefix = "رد: " if pack.code == "ar" else "Re: "
        subject = prefix + thread.subject
        return self._add(thread, CM, (thread.customer,), subject, text, when, part, quote)

    def cm_forwards(self, thread: Thread, colleague: Contact, note: str, when: datetime) -> Mail:
        """Sam forwards the thread to a colleague (still one conversation)."""
        first = thread.mails[0]
        text = (
            f"{note}\n\n---------- Forwarded message ---------\n"
            f"From: {thread.customer.name} <{thread.customer.addr}>\n"
            f"Date: {first.when:%d-%m-%Y %H:%M}\nSubject: {thread.subject}\n\n{thread.first_text}"
        )
        return self._add(thread, CM, (colleague,), f"Fwd: {thread.subject}", text, when, "forward")

    def _add(
        self,
        thread: Thread,
        sender: Contact,
        to: Sequence[Contact],
        subject: str,
        text: str,
        when: datetime,
        part: str,
        quote: str = "",
        attachments: Sequence[Attachment] = (),
    ) -> Mail:
        when = self.clamp(when)
        if thread.mails and when <= thread.mails[-1].when:
            previous = thread.mails[-1].when
            when = min(
                previous + timedelta(minutes=self.rng.randint(5, 50)),
                previous + (self.now - previous) / 2,
            ).replace(microsecond=0)
        domain = sender.addr.split("@", 1)[1]
        mid = self.message_id(domain, when)
        raw = compose(
            sender, to, subject, text + quote, when, mid, thread.ids, attachments=attachments
        )
        inbound = sender is not CM
        mail = Mail(raw, mid, when, self.seen(when) if inbound else True, inbound, part)
        thread.mails.append(mail)
        if part != "forward":
            thread.last_text = text.strip()
            thread.last_from = sender
        return mail

"""A small hand-made Maildir for CLI tests: three languages, a thread, a Message-ID clash."""

from __future__ import annotations

from pathlib import Path

MESSAGES: dict[str, bytes] = {
    "new/1700000001.M1P1.host": (
        b"From: Anna de Vries <anna@example.nl>\r\nTo: Sam <sam@community.example>\r\n"
        b"Subject: =?utf-8?Q?Idee=C3=ABn_voor_de_meetup?=\r\n"
        b"Date: Tue, 14 Nov 2023 10:00:00 +0100\r\nMessage-ID: <a1@example.nl>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "Hoi Sam, ik heb ideeën voor de fietsenstalling bij de meetup.\r\n".encode()
    ),
    "cur/1700000002.M2P1.host:2,S": (
        b"From: Sam <sam@community.example>\r\nTo: Anna de Vries <anna@example.nl>\r\n"
        b"Subject: Re: =?utf-8?Q?Idee=C3=ABn_voor_de_meetup?=\r\n"
        b"Date: Tue, 14 Nov 2023 12:00:00 +0100\r\nMessage-ID: <s1@community.example>\r\n"
        b"In-Reply-To: <a1@example.nl>\r\nReferences: <a1@example.nl>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nDank je Anna, ik kom erop terug.\r\n"
    ),
    "cur/1700000003.M3P1.host:2,": (
        b"From: =?windows-1256?B?0+nR3Q==?= <salim@example.ae>\r\nTo: sam@community.example\r\n"
        b"Subject: =?utf-8?B?2KzYr9mI2YQg2KfZhNij2LnZhdin2YQ=?=\r\n"
        b"Date: Wed, 15 Nov 2023 09:00:00 +0000\r\nMessage-ID: <clash@example.org>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + __import__("base64").encodebytes("مرحبا، هذا جدول الأعمال للاجتماع.\n".encode())
    ),
    "cur/1700000004.M4P1.host:2,S": (
        b"From: Bob <bob@example.com>\r\nTo: sam@community.example\r\n"
        b"Subject: Billing complaint\r\nDate: Thu, 16 Nov 2023 08:00:00 +0000\r\n"
        b"Message-ID: <clash@example.org>\r\nContent-Type: text/plain\r\n\r\n"
        b"You charged me twice for the community plan. Please refund.\r\n"
    ),
    "cur/1700000005.M5P1.host:2,": b"\x00\x01garbage that is not mail at all\xff\xfe",
}


def make_maildir(root: Path) -> Path:
    """Write the messages under ``root`` (cur/, new/, tmp/) and return it."""
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for name, data in MESSAGES.items():
        (root / name).write_bytes(data)
    return root

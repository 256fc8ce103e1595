"""Replies and forwards as bytes: threading, quoting, RTL safety, and no header injection."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage, MIMEPart

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cm_desk.domain.models import Address
from cm_desk.mail.compose import (
    FSI,
    MAX_REFERENCES,
    PDI,
    ComposeError,
    Original,
    build_forward,
    build_reply,
    forward_subject,
    normalize_address,
    reply_subject,
)
from cm_desk.mail.parse import parse_message

ME = Address(name="Sam van Support", addr="sam@community.example")
NOW = datetime(2030, 5, 6, 10, 30, tzinfo=UTC)
AMSTERDAM = timezone(timedelta(hours=2))


def original(
    sender: str = "Jan de Vries <jan@example.nl>",
    subject: str = "Ideeën voor de reünie",
    body: str = "Hoi,\n\nWanneer is de reünie?\n\nJan\n",
    **headers: str,
) -> bytes:
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = sender
    msg["To"] = "sam@community.example"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 06 May 2030 08:00:00 +0000"
    msg["Message-ID"] = "<Reunie-7.XyZ@Example.NL>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes()


def parsed(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def text_of(msg: MIMEPart) -> str:
    """The decoded text of a (single-part) message, with Unix line ends."""
    return str(msg.get_content()).replace("\r\n", "\n")


def assert_wire_safe(raw: bytes) -> None:
    """7-bit, CRLF only, short lines: any SMTP server takes it as it is."""
    assert raw.isascii()
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert b"\r" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))


# -- subjects ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Order 42", "Re: Order 42"),
        ("Re: Order 42", "Re: Order 42"),
        ("RE: Order 42", "RE: Order 42"),
        ("Antw: Bestelling 42", "Antw: Bestelling 42"),
        ("Aw: Bestellung", "Aw: Bestellung"),
        ("رد: الطلب رقم 42", "رد: الطلب رقم 42"),
        ("[community] Re: meetup", "[community] Re: meetup"),
        ("Re[2]: Order 42", "Re[2]: Order 42"),
        ("Fwd: Order 42", "Re: Fwd: Order 42"),
        ("Ordered\r\nBcc: evil@x.example", "Re: Ordered Bcc: evil@x.example"),
        ("", "Re:"),
    ],
)
def test_reply_subject_never_doubles_the_prefix(subject: str, expected: str) -> None:
    assert reply_subject(subject) == expected


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Order 42", "Fwd: Order 42"),
        ("Fwd: Order 42", "Fwd: Order 42"),
        ("FW: Order 42", "FW: Order 42"),
        ("Doorst: Bestelling", "Doorst: Bestelling"),
        ("Re: Order 42", "Fwd: Re: Order 42"),
    ],
)
def test_forward_subject(subject: str, expected: str) -> None:
    assert forward_subject(subject) == expected


# -- replies ----------------------------------------------------------------------


def test_dutch_reply_threads_and_quotes() -> None:
    raw = original(References="<Root-1@Example.NL> <Mid-2@Example.NL>")
    reply = build_reply(
        Original.from_raw(raw), ME, "Hoi Jan,\n\nDe reünie is op zaterdag.", now=NOW, tz=AMSTERDAM
    )
    assert_wire_safe(reply.raw)
    msg = parsed(reply.raw)
    assert msg["From"] == "Sam van Support <sam@community.example>"
    assert msg["To"] == "Jan de Vries <jan@example.nl>"
    assert msg["Subject"] == "Re: Ideeën voor de reünie"
    assert msg["In-Reply-To"] == "<Reunie-7.XyZ@Example.NL>"  # the original's exact spelling
    assert msg["References"].split() == [
        "<Root-1@Example.NL>",
        "<Mid-2@Example.NL>",
        "<Reunie-7.XyZ@Example.NL>",
    ]
    assert msg["Message-ID"] == f"<{reply.message_id}>"
    assert reply.message_id.endswith("@community.example")
    assert msg["Date"].datetime == NOW
    text = text_of(msg)
    assert text.startswith("Hoi Jan,\n\nDe reünie is op zaterdag.\n\n")
    assert f"Op {FSI}2030-05-06 10:00{PDI} schreef {FSI}Jan de Vries <jan@example.nl>{PDI}:" in text
    assert "> Wanneer is de reünie?\n" in text
    assert reply.recipients == ("jan@example.nl",)


def test_arabic_reply_isolates_the_name_and_date() -> None:
    raw = original(
        sender="محمد العلي <mohamed@example.com>",
        subject="سؤال عن الطلب",
        body="مرحبا، متى يصل الطلب؟\n",
    )
    reply = build_reply(Original.from_raw(raw), ME, "أهلا محمد، الطلب في الطريق.", now=NOW, tz=UTC)
    assert_wire_safe(reply.raw)
    msg = parsed(reply.raw)
    assert msg["Subject"] == "Re: سؤال عن الطلب"
    assert msg["To"].addresses[0].display_name == "محمد العلي"
    text = text_of(msg)
    line = next(x for x in text.splitlines() if x.startswith("في "))
    # Every bidi-sensitive run is isolated, so the line cannot be reordered around it.
    assert line == f"في {FSI}2030-05-06 08:00{PDI}، كتب {FSI}محمد العلي <mohamed@example.com>{PDI}:"
    assert line.count(FSI) == line.count(PDI) == 2
    assert "> مرحبا، متى يصل الطلب؟" in text
    # What the parser (and so the store and search) reads back.
    back = parse_message(reply.raw)
    assert back.in_reply_to == ("reunie-7.xyz@example.nl",)
    assert back.language == "ar"


def test_english_reply_to_an_already_quoted_mail() -> None:
    raw = original(
        sender="Alice <alice@example.org>",
        subject="RE: Thanks for the fast answer",
        body="Thanks!\n\n> Your order has shipped.\n>> When will it ship?\n",
    )
    reply = build_reply(Original.from_raw(raw), ME, "You are welcome.", now=NOW, tz=UTC)
    text = text_of(parsed(reply.raw))
    assert "On \u20682030-05-06 08:00\u2069, \u2068Alice <alice@example.org>\u2069 wrote:" in text
    assert "> Thanks!\n>\n>> Your order has shipped.\n>>> When will it ship?" in text
    assert parsed(reply.raw)["Subject"] == "RE: Thanks for the fast answer"


def test_no_quote_and_empty_original() -> None:
    reply = build_reply(Original.from_raw(original()), ME, "Short.", quote=False, now=NOW)
    assert text_of(parsed(reply.raw)) == "Short.\n"


def test_reply_goes_to_reply_to_and_follow_ups_to_the_recipients() -> None:
    raw = original(Reply_To="Support Desk <desk@example.nl>")
    assert build_reply(Original.from_raw(raw), ME, "x", now=NOW).recipients == ("desk@example.nl",)
    ours = original(sender="Sam <sam@community.example>")  # our own message: follow it up
    assert build_reply(Original.from_raw(ours), ME, "x", now=NOW).recipients == (
        "sam@community.example",
    )
    nobody = original(sender="undisclosed-recipients:;")
    with pytest.raises(ComposeError, match="no address to reply to"):
        build_reply(Original.from_raw(nobody), ME, "x", now=NOW)


def test_long_threads_keep_the_first_and_the_newest_references() -> None:
    refs = " ".join(f"<r{i}@example.nl>" for i in range(60))
    reply = build_reply(Original.from_raw(original(References=refs)), ME, "x", now=NOW)
    kept = parsed(reply.raw)["References"].split()
    assert len(kept) == MAX_REFERENCES
    assert kept[0] == "<r0@example.nl>" and kept[-1] == "<Reunie-7.XyZ@Example.NL>"
    assert kept[-2] == "<r59@example.nl>"


def test_message_ids_are_new_each_time_and_on_the_senders_domain() -> None:
    o = Original.from_raw(original())
    ids = {build_reply(o, ME, "x", now=NOW).message_id for _ in range(50)}
    assert len(ids) == 50
    idn = build_reply(o, Address("", "sam@bücher.example"), "x", now=NOW)
    assert idn.message_id.endswith("@xn--bcher-kva.example")
    assert parsed(idn.raw)["From"] == "sam@xn--bcher-kva.example"


def test_a_lone_dot_in_the_body_stays_text() -> None:
    # (The SMTP step dot-stuffs it: see tests/integration/test_outbox.py.)
    reply = build_reply(
        Original.from_raw(original()), ME, "one\n.\nMAIL FROM:<x@y.example>\n", now=NOW
    )
    assert "\n.\nMAIL FROM:<x@y.example>\n" in text_of(parsed(reply.raw))


# -- header injection ---------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "a@b.example\r\nBcc: evil@x.example",
        "a@b.example\nBcc: evil@x.example",
        "a@b.example, evil@x.example",
        "Evil <evil@x.example>",
        "<a@b.example>",
        "a b@c.example",
        "a@",
        "@b.example",
        "a@b..example",
        "jän@example.nl",
        "a@b.example\x00",
        "",
    ],
)
def test_anything_but_one_plain_address_is_refused(bad: str) -> None:
    with pytest.raises(ComposeError):
        normalize_address(bad)
    with pytest.raises(ComposeError):
        build_forward(original(), ME, Address("", bad), now=NOW)


def test_line_breaks_in_our_own_header_values_are_refused() -> None:
    o = Original.from_raw(original())
    with pytest.raises(ComposeError):
        build_reply(o, Address("Sam\r\nBcc: evil@x.example", ME.addr), "x", now=NOW)
    with pytest.raises(ComposeError):
        build_forward(original(), ME, Address("John\nBcc: x@y.example", "john@x.example"))
    assert issubclass(ComposeError, ValueError)


@settings(max_examples=200, deadline=None)
@given(subject=st.text(max_size=200), name=st.text(max_size=80), body=st.text(max_size=300))
def test_hostile_originals_never_add_a_header(subject: str, name: str, body: str) -> None:
    o = Original(
        message_id="m@example.nl",
        references=(),
        subject=subject,
        sender=Address(name=name, addr="jan@example.nl"),
        reply_to=(),
        to=(),
        date=NOW,
        text=body,
        language="",
    )
    reply = build_reply(o, ME, body, now=NOW)
    assert_wire_safe(reply.raw)
    msg = parsed(reply.raw)
    names = sorted(k.lower() for k in msg)
    assert names == sorted(
        [
            "content-transfer-encoding",
            "content-type",
            "date",
            "from",
            "in-reply-to",
            "message-id",
            "mime-version",
            "references",
            "subject",
            "to",
        ]
    )
    assert [a.addr_spec for a in msg["To"].addresses] == ["jan@example.nl"]


# -- forwards -----------------------------------------------------------------------


def test_forward_attaches_the_original_as_it_was() -> None:
    raw = original().replace(b"\r\n", b"\n")  # a Maildir copy with LF line ends
    fwd = build_forward(
        raw, ME, Address("John Peters", "john@support.example"), "Kun jij dit oppakken?", now=NOW
    )
    assert b"\n" not in fwd.raw.replace(b"\r\n", b"")
    msg = parsed(fwd.raw)
    assert msg["Subject"] == "Fwd: Ideeën voor de reünie"
    assert msg["To"] == "John Peters <john@support.example>"
    assert msg.get_content_type() == "multipart/mixed"
    note, attached = list(msg.iter_parts())
    assert text_of(note) == "Kun jij dit oppakken?\n"
    assert attached.get_content_type() == "message/rfc822"
    inner = attached.get_content()
    assert isinstance(inner, EmailMessage) and inner["Message-ID"] == "<Reunie-7.XyZ@Example.NL>"
    body = fwd.raw.split(b"Content-Type: message/rfc822", 1)[1].split(b"\r\n\r\n", 1)[1]
    assert body.startswith(raw.replace(b"\n", b"\r\n"))
    assert fwd.recipients == ("john@support.example",)
    assert "In-Reply-To" not in msg  # a forward is not an answer to the customer


def test_forward_of_8bit_mail_says_so() -> None:
    raw = (
        "From: Fatima <f@example.com>\r\nSubject: طلب\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nمرحبا\r\n"
    ).encode()
    fwd = build_forward(raw, ME, Address("", "john@support.example"), now=NOW)
    assert b"Content-Transfer-Encoding: 8bit" in fwd.raw
    assert raw in fwd.raw

"""The mail parser on nasty real-world mail: charsets, broken MIME, odd headers, big parts."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cm_desk.domain.models import Address, ParsedMessage
from cm_desk.mail.parse import (
    calendar_text,
    find_part,
    parse_addresses,
    parse_date,
    parse_message,
    parse_msgids,
    raw_digest,
)

DUTCH = "Ideeën voor de reünie"
ARABIC = "جدول الأعمال للاجتماع القادم"


def _single(content_headers: bytes, body: bytes) -> ParsedMessage:
    """A one-part message from Jan with the given content headers and body."""
    return parse_message(
        b"From: Jan <jan@example.nl>\r\n"
        b"To: cm@desk.example\r\n"
        b"Subject: test\r\n"
        b"Message-ID: <t1@example.nl>\r\n"
        b"MIME-Version: 1.0\r\n" + content_headers + b"\r\n" + body
    )


# -- bodies in every charset ------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "body", "expected"),
    [
        (
            b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n",
            b"Idee\xc3\xabn voor de re\xc3\xbcnie \xe2\x82\xac 5",
            "Ideeën voor de reünie € 5",
        ),
        (
            b"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n",
            b"Idee\xebn voor de re\xfcnie",
            DUTCH,
        ),
        (
            b"Content-Type: text/plain; charset=iso-8859-15\r\n"
            b"Content-Transfer-Encoding: quoted-printable\r\n",
            b"Idee=EBn voor de re=FCnie =A4 5",
            "Ideeën voor de reünie € 5",
        ),
        (
            b"Content-Type: text/plain; charset=windows-1252\r\n"
            b"Content-Transfer-Encoding: quoted-printable\r\n",
            b"=93Idee=EBn=94 voor de re=FCnie =80 5",
            "\u201cIdeeën\u201d voor de reünie € 5",
        ),
        (
            b'Content-Type: text/plain; charset="windows-1256"\r\n'
            b"Content-Transfer-Encoding: base64\r\n",
            b"zM/m4SDH4cPa48fhIOHhx8zK48faIMfh3sfP4w==\r\n",
            ARABIC,
        ),
        (
            b"Content-Type: text/plain; charset=ISO-8859-6\r\n"
            b"Content-Transfer-Encoding: quoted-printable\r\n",
            b"=CC=CF=E8=E4 =C7=E4=C3=D9=E5=C7=E4 =E4=E4=C7=CC=CA=E5=C7=D9 =C7=E4=E2=C7=CF=E5",
            ARABIC,
        ),
        (
            b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n",
            b"2KzYr9mI2YQg2KfZhNij2LnZhdin2YQg2YTZhNin2KzYqtmF2KfYuSDYp9mE2YLYp9iv2YU=\r\n",
            ARABIC,
        ),
        # Mislabelled: UTF-8 bytes under an ISO-8859-1 label.
        (
            b"Content-Type: text/plain; charset=iso-8859-1\r\n"
            b"Content-Transfer-Encoding: quoted-printable\r\n",
            b"Idee=C3=ABn voor de re=C3=BCnie",
            DUTCH,
        ),
        # Mislabelled: windows-1256 Arabic under a UTF-8 label.
        (
            b"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n",
            b"\xcc\xcf\xe6\xe1 \xc7\xe1\xc3\xda\xe3\xc7\xe1 \xe1\xe1\xc7\xcc\xca\xe3\xc7\xda"
            b" \xc7\xe1\xde\xc7\xcf\xe3",
            ARABIC,
        ),
        # Mislabelled: windows-1256 Arabic under the mailer's default ISO-8859-1.
        (
            b"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n",
            b"\xcc\xcf\xe6\xe1 \xc7\xe1\xc3\xda\xe3\xc7\xe1 \xe1\xe1\xc7\xcc\xca\xe3\xc7\xda"
            b" \xc7\xe1\xde\xc7\xcf\xe3",
            ARABIC,
        ),
        # Unknown charset names.
        (
            b"Content-Type: text/plain; charset=x-mac-klingon\r\n",
            b"Idee\xebn voor de re\xfcnie",
            DUTCH,
        ),
        (
            b"Content-Type: text/plain; charset=unknown-8bit\r\n",
            b"Idee\xc3\xabn voor de re\xc3\xbcnie",
            DUTCH,
        ),
        # No charset, no content type at all.
        (b"", b"Idee\xc3\xabn voor de re\xc3\xbcnie", DUTCH),
        # Unknown transfer encoding: body taken as is.
        (
            b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: x-uuencode\r\n",
            b"Idee\xc3\xabn voor de re\xc3\xbcnie",
            DUTCH,
        ),
    ],
)
def test_body_charsets(headers: bytes, body: bytes, expected: str) -> None:
    msg = _single(headers, body)
    assert msg.text == expected
    assert msg.parse_error == ""


def test_broken_base64_body_keeps_what_can_be_read() -> None:
    msg = _single(
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n",
        b"SWRlZcOrbiB2b29y!!IGRlIHJlw7xuaWU=*\r\n%%%\r\n",
    )
    assert msg.text == DUTCH


def test_language_is_detected() -> None:
    nl = _single(b"", b"Hoi, ik heb een vraag over de reunie van het team. Groet, Jan")
    ar = _single(b"Content-Type: text/plain; charset=utf-8\r\n", ARABIC.encode())
    en = _single(b"", b"Hello, thank you for the update about the meetup.")
    assert (nl.language, ar.language, en.language) == ("nl", "ar", "en")


# -- headers ------------------------------------------------------------------


def test_encoded_and_raw_8bit_headers() -> None:
    msg = parse_message(
        b"From: =?utf-8?Q?Jos=C3=A9_Mart=C3=ADnez?= <Jose@Example.NL>\r\n"
        b'To: "Doe, John" <john@example.com>, =?utf-8?B?2LPYp9ix2Kk=?= <sara@example.sa>,\r\n'
        b"  piet@example.nl\r\n"
        b"Cc: Idee\xc3\xabn Team <team@example.nl>\r\n"
        b"Reply-To: <replies@example.nl>\r\n"
        b"Subject: =?iso-8859-1?Q?Idee=EBn?= voor de\r\n =?utf-8?B?cmXDvG5pZQ==?=\r\n"
        b"List-Id: Community =?utf-8?Q?Idee=C3=ABn?= <ideeen.example.nl>\r\n"
        b"\r\n"
        b"body\r\n"
    )
    assert msg.subject == "Ideeën voor de reünie"
    assert msg.sender == Address("José Martínez", "jose@example.nl")
    assert msg.to == (
        Address("Doe, John", "john@example.com"),
        Address("سارة", "sara@example.sa"),
        Address("", "piet@example.nl"),
    )
    assert msg.cc == (Address("Ideeën Team", "team@example.nl"),)
    assert msg.reply_to == (Address("", "replies@example.nl"),)
    assert msg.list_id == "Community Ideeën <ideeen.example.nl>"


def test_raw_8bit_utf8_and_windows_1256_headers() -> None:
    msg = parse_message(
        b"From: Jos\xc3\xa9 <j@example.nl>\r\n"
        b"Subject: Idee\xc3\xabn voor de re\xc3\xbcnie \xe2\x82\xac\r\n"
        b"\r\nx\r\n"
    )
    assert msg.subject == "Ideeën voor de reünie €"
    assert msg.sender == Address("José", "j@example.nl")
    arabic = parse_message(
        b"From: a@example.sa\r\nSubject: \xcc\xcf\xe6\xe1 \xc7\xe1\xc3\xda\xe3\xc7\xe1\r\n\r\nx\r\n"
    )
    assert arabic.subject == "جدول الأعمال"


def test_encoded_word_with_rfc2231_language_and_split_character() -> None:
    msg = parse_message(
        b"From: a@example.nl\r\n"
        b"Subject: =?utf-8*nl?Q?Idee=C3?=\r\n =?utf-8*nl?Q?=ABn?= en =?UTF-8*ar?B?2KzYr9mI?=\r\n"
        b" =?UTF-8*ar?B?2YQ=?=\r\n"
        b"\r\nx\r\n"
    )
    assert msg.subject == "Ideeën en جدول"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<A.1@Example.NL>", ("a.1@example.nl",)),
        ("<a@x> <b@x>\r\n\t<A@X>", ("a@x", "b@x")),
        ("<a@x>,<b@x>", ("a@x", "b@x")),
        ("<a@x> (a comment) <b@x>", ("a@x", "b@x")),
        ("bare-id@example.nl", ("bare-id@example.nl",)),
        ("junk with spaces", ()),
        ("<>", ()),
        ("<", ()),
        ("", ()),
        (None, ()),
    ],
)
def test_parse_msgids(value: str | None, expected: tuple[str, ...]) -> None:
    assert parse_msgids(value) == expected


def test_threading_headers_of_a_message() -> None:
    msg = parse_message(
        b"From: a@example.nl\r\n"
        b"Message-ID: <Reply.2@Example.NL>\r\n"
        b"In-Reply-To: <parent.1@example.nl> (Jan's message of Monday)\r\n"
        b"References: <root.0@example.nl>\r\n <parent.1@example.nl>\r\n"
        b"\r\nx\r\n"
    )
    assert msg.message_id == "reply.2@example.nl"
    assert msg.in_reply_to == ("parent.1@example.nl",)
    assert msg.references == ("root.0@example.nl", "parent.1@example.nl")


def test_empty_message_id_threads_nothing() -> None:
    msg = parse_message(b"From: a@example.nl\r\nMessage-ID: <>\r\nReferences: <>\r\n\r\nx\r\n")
    assert (msg.message_id, msg.references) == ("", ())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Mon, 15 Jan 2024 10:30:00 +0100", datetime(2024, 1, 15, 9, 30, tzinfo=UTC)),
        ("15 Jan 2024 10:30:00 GMT", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ("Mon, 15 Jan 2024 10:30:00", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ("Mon, 15 Jan 24 10:30 -0500", datetime(2024, 1, 15, 15, 30, tzinfo=UTC)),
        ("Mon,  15 Jan 2024 10:30:00 +0000 (UTC)", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ("garbage", None),
        ("", None),
        (None, None),
        ("Mon, 32 Jan 2024 10:00:00 +0000", None),
        ("Mon, 15 Jan 2024 25:61:00 +0000", None),
        ("Thu, 1 Jan 1970 00:00:00 +0000", None),
        ("Fri, 31 Dec 9999 23:59:59 +0000", None),
        ("Mon, 15 Jan 2024 10:30:00 +9999", None),
        ("99999999999999999999", None),
    ],
)
def test_parse_date(value: str | None, expected: datetime | None) -> None:
    assert parse_date(value) == expected


def test_garbage_date_header_gives_no_date() -> None:
    msg = parse_message(b"From: a@example.nl\r\nDate: yesterday-ish\r\n\r\nx\r\n")
    assert msg.date is None
    assert msg.parse_error == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("undisclosed-recipients:;", ()),
        ("Foo <FOO@X.NL>", (Address("Foo", "foo@x.nl"),)),
        ("<only@x.nl>", (Address("", "only@x.nl"),)),
        ("only@x.nl", (Address("", "only@x.nl"),)),
        ('"only@x.nl" <only@x.nl>', (Address("", "only@x.nl"),)),
        (
            "=?utf-8?Q?Doe=2C_John?= <j@x.nl>, k@y.nl",
            (Address("Doe, John", "j@x.nl"), Address("", "k@y.nl")),
        ),
        (None, ()),
    ],
)
def test_parse_addresses(value: str | None, expected: tuple[Address, ...]) -> None:
    assert parse_addresses(value) == expected


def test_flags_spam_and_automatic_mail() -> None:
    spam = parse_message(b"From: s@spam.example\r\nX-Spam-Flag: YES\r\n\r\nbuy\r\n", seen=True)
    scored = parse_message(b"From: s@x\r\nX-Spam-Status: No, score=3.2 required=5\r\n\r\nx\r\n")
    auto = parse_message(b"From: robot@x\r\nAuto-Submitted: auto-replied\r\n\r\nx\r\n")
    bulk = parse_message(b"From: list@x\r\nPrecedence: bulk\r\n\r\nx\r\n", flagged=True)
    human = parse_message(b"From: jan@x\r\n\r\nx\r\n", source_name="cur/1:2,S")
    assert spam.spam_score == 1.0 and spam.seen
    assert scored.spam_score == pytest.approx(0.32)
    assert auto.auto_submitted and bulk.auto_submitted and bulk.flagged
    assert not human.auto_submitted and human.spam_score == 0.0
    assert human.source_name == "cur/1:2,S"


# -- structure ------------------------------------------------------------------

ATTACHMENTS = (
    b"From: a@example.nl\r\n"
    b"Subject: bijlagen\r\n"
    b'Content-Type: multipart/mixed; boundary="XX"\r\n'
    b"\r\n"
    b"--XX\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"\r\n"
    b"Zie bijlagen\r\n"
    b"--XX\r\n"
    b'Content-Type: application/pdf; name="fallback.pdf"\r\n'
    b"Content-Disposition: attachment; filename*=utf-8''Idee%C3%ABn%20%E2%82%AC.pdf\r\n"
    b"Content-Transfer-Encoding: base64\r\n"
    b"\r\n"
    b"JVBERi0xLjQK\r\n"
    b"--XX\r\n"
    b"Content-Type: application/pdf\r\n"
    b"Content-Disposition: attachment;\r\n"
    b" filename*0*=utf-8''re%C3%BC;\r\n"
    b" filename*1*=nie%20agenda;\r\n"
    b' filename*2=".pdf"\r\n'
    b"Content-Transfer-Encoding: base64\r\n"
    b"\r\n"
    b"JVBERi0xLjQK\r\n"
    b"--XX\r\n"
    b'Content-Type: text/plain; name="=?utf-8?B?2KzYr9mI2YQ=?=.txt"\r\n'
    b"Content-Disposition: attachment\r\n"
    b"\r\n"
    b"notes\r\n"
    b"--XX\r\n"
    b"Content-Type: application/octet-stream\r\n"
    b"Content-Disposition: attachment; filename*=iso-8859-1'nl'Idee%EBn.txt\r\n"
    b"\r\n"
    b"abc\r\n"
    b"--XX--\r\n"
)


def test_attachments_with_rfc2231_and_rfc2047_filenames() -> None:
    msg = parse_message(ATTACHMENTS)
    assert msg.text == "Zie bijlagen"
    assert [(a.part, a.filename, a.content_type, a.size) for a in msg.attachments] == [
        ("2", "Ideeën €.pdf", "application/pdf", 9),
        ("3", "reünie agenda.pdf", "application/pdf", 9),
        ("4", "جدول.txt", "text/plain", 5),
        ("5", "Ideeën.txt", "application/octet-stream", 3),
    ]
    assert find_part(ATTACHMENTS, "2") == b"%PDF-1.4\n"
    assert find_part(ATTACHMENTS, "4") == b"notes"


NESTED = (
    b"From: a@example.nl\r\n"
    b"Subject: nested\r\n"
    b'Content-Type: multipart/mixed; boundary="=_mixed"\r\n'
    b"\r\n"
    b"This is a multi-part message in MIME format.\r\n"
    b"--=_mixed\r\n"
    b'Content-Type: multipart/related; boundary="=_mixed-related"; type="multipart/alternative"\r\n'
    b"\r\n"
    b"--=_mixed-related\r\n"
    b"Content-Type: multipart/alternative; boundary=alt\r\n"
    b"\r\n"
    b"--alt\r\n"
    b"Content-Type: text/plain; charset=iso-8859-15\r\n"
    b"Content-Transfer-Encoding: quoted-printable\r\n"
    b"\r\n"
    b"Prijs: =A4 10 voor de re=FCnie. Dit is een lange regel die met een zachte =\r\n"
    b"regeleinde doorloopt.\r\n"
    b"--alt\r\n"
    b"Content-Type: text/html; charset=utf-8\r\n"
    b"\r\n"
    b'<p>Prijs: &euro; 10 voor de re&uuml;nie</p><img src="cid:logo@x">\r\n'
    b"--alt--\r\n"
    b"\r\n"
    b"--=_mixed-related\r\n"
    b"Content-Type: image/png\r\n"
    b"Content-ID: <logo@x>\r\n"
    b"Content-Disposition: inline\r\n"
    b"Content-Transfer-Encoding: base64\r\n"
    b"\r\n"
    b"iVBORw0KGgo=\r\n"
    b"--=_mixed-related--\r\n"
    b"--=_mixed\r\n"
    b"Content-Type: message/rfc822\r\n"
    b"\r\n"
    b"From: b@example.nl\r\n"
    b"Subject: =?utf-8?Q?Doorgestuurd_bericht?=\r\n"
    b"\r\n"
    b"inner body\r\n"
    b"--=_mixed--\r\n"
    b"epilogue\r\n"
)


def test_nested_mixed_related_alternative() -> None:
    msg = parse_message(NESTED)
    assert msg.text == (
        "Prijs: € 10 voor de reünie. Dit is een lange regel die met een zachte "
        "regeleinde doorloopt."
    )
    assert msg.html.startswith("<p>Prijs: &euro; 10")
    assert [
        (a.part, a.filename, a.content_type, a.content_id, a.inline) for a in msg.attachments
    ] == [
        ("1.2", "", "image/png", "logo@x", True),
        ("2", "Doorgestuurd bericht.eml", "message/rfc822", "", False),
    ]
    assert find_part(NESTED, "1.2") == b"\x89PNG\r\n\x1a\n"
    assert find_part(NESTED, "1.1.2").startswith(b"<p>Prijs")
    assert find_part(NESTED, "2").startswith(b"From: b@example.nl")
    with pytest.raises(KeyError):
        find_part(NESTED, "1.2.1")


def test_one_megabyte_attachment() -> None:
    payload = os.urandom(1024 * 1024)
    import base64

    encoded = base64.encodebytes(payload).replace(b"\n", b"\r\n")
    raw = (
        b"From: a@example.nl\r\nSubject: groot\r\n"
        b"Content-Type: multipart/mixed; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/plain\r\n\r\nZie bijlage\r\n"
        b"--b\r\nContent-Type: application/octet-stream\r\n"
        b'Content-Disposition: attachment; filename="data.bin"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + encoded + b"--b--\r\n"
    )
    msg = parse_message(raw)
    assert msg.text == "Zie bijlage"
    (att,) = msg.attachments
    assert (att.part, att.filename, att.size) == ("2", "data.bin", len(payload))
    assert find_part(raw, "2") == payload
    assert msg.raw is raw


def test_find_part_of_a_single_part_message() -> None:
    raw = (
        b"Content-Type: application/pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n"
        b"\r\n"
        b"JVBERi0xLjQK\r\n"
    )
    assert find_part(raw, "1") == b"%PDF-1.4\n"
    assert parse_message(raw).attachments[0].size == 9


def test_missing_close_boundary() -> None:
    msg = parse_message(
        b"From: a@example.nl\r\nContent-Type: multipart/alternative; boundary=zz\r\n\r\n"
        b"--zz\r\nContent-Type: text/plain\r\n\r\nfirst\r\n"
        b"--zz\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nIdee\xc3\xabn zonder einde\r\n"
    )
    assert msg.text == "first\n\nIdeeën zonder einde\n"


def test_multipart_without_boundary_is_read_as_text() -> None:
    msg = parse_message(
        b"From: a@example.nl\r\nSubject: x\r\nContent-Type: multipart/mixed\r\n\r\n"
        b"Tekst van de reunie\r\n"
    )
    assert msg.text == "Tekst van de reunie\n"
    assert msg.attachments == ()


def test_html_only_mail_becomes_text() -> None:
    msg = parse_message(
        b"From: a@example.nl\r\n"
        b"Content-Type: text/html; charset=windows-1252\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n"
        b"\r\n"
        b"<html><head><title>Nieuwsbrief</title><style>p {color: red}</style></head>\r\n"
        b"<body><script type=3D\"text/javascript\">alert('x')</script>\r\n"
        b"<!-- tracking pixel --><h1>Idee=EBn</h1>=\r\n"
        b"<p>voor de re&uuml;nie &amp; meer &euro;&nbsp;5=\r\n"
        b"</p><ul><li>een</li><li>twee</li></ul><SCRIPT>evil()</SCRIPT></body></html>\r\n"
    )
    assert msg.text == "Ideeën\nvoor de reünie & meer € 5\n\n• een\n• twee"
    for hidden in ("alert", "evil", "color", "Nieuwsbrief", "tracking"):
        assert hidden not in msg.text
    assert "<script" in msg.html  # raw HTML is kept; it is sanitised on display


def test_calendar_invite_text_contains_the_summary() -> None:
    msg = parse_message(
        b"From: a@example.nl\r\nSubject: Uitnodiging\r\n"
        b"Content-Type: multipart/mixed; boundary=m\r\n\r\n"
        b"--m\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n"
        b"--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nJe bent uitgenodigd\r\n"
        b"--a\r\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\r\n\r\n"
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"
        b"SUMMARY;LANGUAGE=nl:Re\xc3\xbcnie van de\r\n  commissie\r\n"
        b"DTSTART:20240315T190000Z\r\n"
        b"LOCATION:Buurthuis\\, Utrecht\r\n"
        b"DESCRIPTION:Agenda:\\nIdee\xc3\xabn\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
        b"--a--\r\n"
        b"--m\r\nContent-Type: application/ics; name=invite.ics\r\n"
        b"Content-Disposition: attachment; filename=invite.ics\r\n\r\nBEGIN:VCALENDAR\r\n"
        b"--m--\r\n"
    )
    assert msg.text.startswith("Je bent uitgenodigd")
    assert "Summary: Reünie van de commissie" in msg.text
    assert "Location: Buurthuis, Utrecht" in msg.text
    assert "Description: Agenda:\nIdeeën" in msg.text
    assert msg.calendar.startswith("BEGIN:VCALENDAR")
    assert [a.filename for a in msg.attachments] == ["invite.ics"]


def test_calendar_only_mail() -> None:
    msg = parse_message(
        b"From: a@example.nl\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\n"
        b"BEGIN:VEVENT\r\nSUMMARY:Teamoverleg\r\nEND:VEVENT\r\n"
    )
    assert msg.text == "Summary: Teamoverleg"
    assert calendar_text("no fields here") == ""


def test_format_flowed() -> None:
    msg = parse_message(
        b"From: a@example.nl\r\n"
        b"Content-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n"
        b"Dit is een lange regel die \r\n"
        b"doorloopt op de volgende.\r\n"
        b" >Space-stuffed, not a quote.\r\n"
        b">> Een geciteerde regel die \r\n"
        b">> verder gaat.\r\n"
        b">>\r\n"
        b"> Minder diep.\r\n"
        b"-- \r\n"
        b"Jan\r\n"
    )
    assert msg.text == (
        "Dit is een lange regel die doorloopt op de volgende.\n"
        ">Space-stuffed, not a quote.\n"
        ">> Een geciteerde regel die verder gaat.\n"
        ">>\n"
        "> Minder diep.\n"
        "-- \n"
        "Jan\n"
    )


def test_format_flowed_delsp() -> None:
    msg = parse_message(
        b"From: a@example.nl\r\n"
        b"Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\r\n\r\n"
        b"Ide \r\ne\xc3\xabn\r\n"
    )
    assert msg.text == "Ideeën\n"


# -- not really mail ---------------------------------------------------------


def test_no_headers_at_all() -> None:
    raw = b"Just some text someone saved\nwith two lines\n"
    msg = parse_message(raw)
    assert msg.text == "Just some text someone saved\nwith two lines\n"
    assert msg.parse_error.startswith("no headers")
    assert msg.raw == raw
    assert msg.sender is None and msg.subject == "" and msg.message_id == ""


def test_binary_garbage() -> None:
    raw = bytes(range(256)) * 64
    msg = parse_message(raw)
    assert msg.parse_error
    assert msg.raw == raw
    assert msg.raw_sha == raw_digest(raw)


def test_empty_bytes() -> None:
    msg = parse_message(b"")
    assert msg.parse_error
    assert (msg.raw, msg.text, msg.subject, msg.attachments) == (b"", "", "", ())


def test_deeply_nested_multiparts_do_not_blow_up() -> None:
    depth = 1000
    raw = (
        b"From: a@example.nl\r\nSubject: diep\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n"
    )
    for i in range(1, depth):
        raw += b"--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n" % (i - 1, i)
    raw += b"--b%d\r\nContent-Type: text/plain\r\n\r\ndeepest\r\n" % (depth - 1)
    msg = parse_message(raw)
    assert msg.subject == "diep"
    assert msg.parse_error == ""


def test_raw_digest_tells_messages_apart() -> None:
    a = b"From: a@example.nl\r\n\r\nx\r\n"
    assert raw_digest(a) == raw_digest(bytes(a))
    assert raw_digest(a) != raw_digest(a + b" ")
    assert len(raw_digest(a)) == 40


@settings(
    max_examples=150,
    deadline=None,
    database=None,  # no .hypothesis directory in the work tree
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.lists(
        st.sampled_from(
            [
                b"From: a@b\r\n",
                b"Subject: =?utf-8?B?SWRl?=\r\n",
                b"Content-Type: multipart/mixed; boundary=b\r\n",
                b"Content-Type: text/html; charset=x\r\n",
                b"Content-Transfer-Encoding: base64\r\n",
                b"Content-Disposition: attachment; filename*0*=utf-8''%C3\r\n",
                b"\r\n",
                b"--b\r\n",
                b"--b--\r\n",
                b"<p>&euro;</p>",
                b"\xff\xfe\xcc\xcf",
                b"=?",
                b"\t folded\r\n",
            ]
        )
        | st.binary(max_size=20),
        max_size=30,
    )
)
def test_parser_never_raises_and_keeps_the_raw_bytes(chunks: list[bytes]) -> None:
    raw = b"".join(chunks)
    msg = parse_message(raw)
    assert msg.raw == raw
    assert isinstance(msg.text, str)

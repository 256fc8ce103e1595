"""Hostile and real-world messages as raw bytes, for sync and parsing tests.

:func:`nasty_messages` returns ``(name, raw)`` pairs, deterministic (the same
bytes on every call and machine), CRLF line endings, each with a unique
``Message-ID: <nasty.NAME@cm-desk.test>`` unless the case is about Message-IDs.
They cover legacy charsets (Latin-1, windows-1252, windows-1256 and ISO-8859-6
Arabic, ISO-8859-15 Dutch, KOI8-R, Shift_JIS, GB2312/GB18030), lying and unknown
charset labels, RFC 2047 encoded words (good and broken), RFC 2231 parameters,
raw 8-bit headers, broken MIME (missing/absent boundaries, bad base64, invalid
quoted-printable, wrong Content-Transfer-Encoding, 60-level nesting), HTML with
remote images, 1 MiB attachments, empty and header-only messages, 10 KB header
lines, a very long single-line body, forwarded message/rfc822 parts, missing and
shared Message-IDs, a calendar invitation and mixed Arabic/Dutch/English text.
All of them are accepted by Dovecot's APPEND.

:func:`edge_messages` adds byte-level oddities that the server itself rewrites
(a NUL byte, bare LF and bare CR line endings, no final newline): Dovecot 2.3
accepts them but returns NUL as 0x80 and bare LF as CRLF, so their server
digest differs from a digest of the appended bytes.

:func:`big_message` makes one message of roughly a given size (a text part and
a base64 attachment), different for each ``seed``.
"""

from __future__ import annotations

import base64
import quopri
import random
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from urllib.parse import quote

CRLF = b"\r\n"
_BASE_DATE = datetime(2024, 5, 13, 9, 0, tzinfo=timezone(timedelta(hours=2)))
MIB = 1024 * 1024


def _crlf(text: bytes) -> bytes:
    """Normalise to CRLF line endings."""
    return text.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _b64(data: bytes) -> bytes:
    """Base64 in 76-character CRLF lines, as mail clients write it."""
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


def _ew(text: str, charset: str, kind: str = "B") -> bytes:
    """One RFC 2047 encoded word."""
    data = text.encode(charset)
    if kind == "B":
        payload = base64.b64encode(data)
    else:
        payload = b"".join(
            b"_"
            if byte == 0x20
            else bytes([byte])
            if (0x30 <= byte <= 0x39 or 0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A)
            else b"=%02X" % byte
            for byte in data
        )
    return b"=?" + charset.encode() + b"?" + kind.encode() + b"?" + payload + b"?="


def _noise(size: int, seed: int) -> bytes:
    """Deterministic incompressible bytes."""
    return random.Random(seed).randbytes(size)


def _mail(
    name: str,
    headers: list[bytes],
    body: bytes,
    *,
    minute: int = 0,
    message_id: bytes | None = b"",
    sender: bytes = b"Anna de Vries <anna@example.nl>",
) -> bytes:
    """A message: standard From/To/Date/Message-ID, then ``headers``, a blank line
    and ``body`` (which is normalised to CRLF — binary bodies use _b64)."""
    date = format_datetime(_BASE_DATE + timedelta(minutes=minute)).encode()
    lines = [b"From: " + sender, b"To: Sam <sam@community.example>", b"Date: " + date]
    if message_id == b"":
        message_id = b"<nasty." + name.encode() + b"@cm-desk.test>"
    if message_id is not None:
        lines.append(b"Message-ID: " + message_id)
    lines.append(b"MIME-Version: 1.0")
    lines.extend(headers)
    return _crlf(b"\n".join(lines)) + CRLF + CRLF + _crlf(body)


def _text(
    name: str, subject: bytes, charset: str, text: str, minute: int, cte: str = "8bit"
) -> bytes:
    """A single text/plain part in ``charset``."""
    return _mail(
        name,
        [
            b"Subject: " + subject,
            b"Content-Type: text/plain; charset=" + charset.encode(),
            b"Content-Transfer-Encoding: " + cte.encode(),
        ],
        text.encode(charset) + b"\n",
        minute=minute,
    )


def _charsets() -> list[tuple[str, bytes]]:
    return [
        (
            "utf8",
            _text(
                "utf8",
                _ew("Café für alle 😀 — Ελληνικά", "utf-8", "Q"),
                "utf-8",
                "Hoi! Café, naïve, façade, 😀 emoji, Ελληνικά, Русский, 日本語, עברית.\n"
                "Second line with a € sign.",
                1,
            ),
        ),
        (
            "latin1",
            _text(
                "latin1",
                _ew("Größe und Ça va?", "iso-8859-1", "Q"),
                "iso-8859-1",
                "Grüße aus Köln! Ça va très bien, merci. Señor Muñoz paid £5 ±1.",
                2,
            ),
        ),
        (
            "windows1252_smart_quotes",
            _text(
                "windows1252_smart_quotes",
                _ew("“Smart” quotes – it’s €5…", "windows-1252", "Q"),
                "windows-1252",
                "“Hello,” she said — it’s only €5… ‘quoted’ • bullet ™ œ Ÿ",
                3,
            ),
        ),
        (
            "arabic_windows1256",
            _text(
                "arabic_windows1256",
                _ew("جدول أعمال الاجتماع", "windows-1256"),
                "windows-1256",
                "مرحبا سام، هذا جدول أعمال الاجتماع القادم. شكرا جزيلا!",
                4,
            ),
        ),
        (
            "arabic_iso8859_6",
            _text(
                "arabic_iso8859_6",
                _ew("شكوى بخصوص الفاتورة", "iso-8859-6"),
                "iso-8859-6",
                "السلام عليكم، تم خصم المبلغ مرتين من حسابي. أرجو المساعدة.",
                5,
            ),
        ),
        (
            "dutch_iso8859_15",
            _text(
                "dutch_iso8859_15",
                _ew("Ideeën voor de cursus à €12,50", "iso-8859-15", "Q"),
                "iso-8859-15",
                "Beste Sam, de cursus kost €12,50. Ideeën? Groetjes, Joëlle uit Enschede.",
                6,
            ),
        ),
        (
            "koi8r",
            _text(
                "koi8r",
                _ew("Привет из Москвы", "koi8-r"),
                "koi8-r",
                "Привет, Сэм! Это проверка кодировки KOI8-R. Ёлка и щи.",
                7,
            ),
        ),
        (
            "shift_jis",
            _text(
                "shift_jis",
                _ew("会議の件について", "shift_jis"),
                "shift_jis",
                "こんにちは、サムさん。来週の会議についてご連絡します。",
                8,
                cte="8bit",
            ),
        ),
        (
            "gb2312",
            _text(
                "gb2312",
                _ew("社区活动通知", "gb2312"),
                "gb2312",
                "你好，这是社区活动的通知。请准时参加。",
                9,
            ),
        ),
        (
            "gb18030",
            _text(
                "gb18030",
                _ew("欢迎 € 𠀀", "gb18030"),
                "gb18030",
                "GB18030 covers everything: € 𠀀 😀 and 你好.",
                10,
            ),
        ),
        (
            "mislabelled_utf8_as_latin1",
            _mail(
                "mislabelled_utf8_as_latin1",
                [
                    b"Subject: Mislabelled body",
                    b"Content-Type: text/plain; charset=iso-8859-1",
                    b"Content-Transfer-Encoding: 8bit",
                ],
                "Dit is UTF-8 maar gelabeld als Latin-1: ideeën, café, مرحبا.\n".encode(),
                minute=11,
            ),
        ),
        (
            "unknown_charset",
            _mail(
                "unknown_charset",
                [
                    b"Subject: =?x-klingon?Q?Qapla=E9?=",
                    b'Content-Type: text/plain; charset="x-klingon-unknown"',
                    b"Content-Transfer-Encoding: 8bit",
                ],
                b"Plain ASCII and some 8-bit: \xe9\xe8\xff\xfe end.\n",
                minute=12,
            ),
        ),
        (
            "no_charset_8bit",
            _mail(
                "no_charset_8bit",
                [b"Subject: No charset parameter", b"Content-Type: text/plain"],
                "Geen charset, maar wel 8-bit: café ideeën.\n".encode("latin-1"),
                minute=13,
            ),
        ),
        (
            "charset_alias_utf7",
            _mail(
                "charset_alias_utf7",
                [b"Subject: UTF-7 body", b'Content-Type: text/plain; charset="UTF-7"'],
                "Hi Mom -☺-! A€B".encode("utf-7") + b"\n",
                minute=14,
            ),
        ),
    ]


def _headers() -> list[tuple[str, bytes]]:
    subject = "Ideeën voor de meetup"
    return [
        (
            "encoded_words",
            _mail(
                "encoded_words",
                [
                    b"Subject: " + _ew("Ideeën ", "utf-8", "Q") + b" " + _ew(subject, "utf-8"),
                    b"Cc: " + _ew("Joëlle", "iso-8859-1", "Q") + b" <joelle@example.be>, "
                    b"=?utf-8?B?2LPYp9mE2YU=?= <salim@example.ae>",
                    b"Content-Type: text/plain; charset=us-ascii",
                ],
                b"Encoded words in Subject, From and Cc.\n",
                minute=20,
                sender=_ew("Anna de Vriës", "utf-8", "Q") + b" <anna@example.nl>",
            ),
        ),
        (
            "broken_encoded_words",
            _mail(
                "broken_encoded_words",
                [
                    b"Subject: =?utf-8?B?bad*base64!!?= =?utf-8?Q?unterminated "
                    b"=?no-such-charset?Q?abc?= =?utf-8?X?bad_kind?= =?utf-8?Q?=FF=FE=C3?= "
                    b"=?utf-8?B?w6k?= =??= =?utf-8??x?=",
                    b'Reply-To: "=?utf-8?Q?quoted_encoded?=" <reply@example.org>',
                    b"Content-Type: text/plain; charset=utf-8",
                ],
                b"Broken encoded words above.\n",
                minute=21,
            ),
        ),
        (
            "rfc2231_filenames",
            _mail(
                "rfc2231_filenames",
                [
                    b"Subject: RFC 2231 filenames",
                    b'Content-Type: multipart/mixed; boundary="rfc2231"',
                ],
                b"--rfc2231\n"
                b"Content-Type: text/plain; charset=utf-8\n\nThree attachments.\n"
                b"--rfc2231\n"
                b"Content-Type: application/pdf; name*=UTF-8''"
                + quote("€ tarieven 2024.pdf").encode()
                + b"\nContent-Disposition: attachment; filename*=UTF-8''"
                + quote("€ tarieven 2024.pdf").encode()
                + b"\nContent-Transfer-Encoding: base64\n\n"
                + _b64(b"%PDF-1.4 fake")
                + b"--rfc2231\n"
                b"Content-Type: text/plain; charset=utf-8\n"
                b"Content-Disposition: attachment;\n"
                b" filename*0*=utf-8''%D8%AC%D8%AF%D9%88%D9%84;\n"
                b" filename*1*=%20%D8%A7%D9%84%D8%A3%D8%B9%D9%85%D8%A7%D9%84;\n"
                b' filename*2=".txt"\n\nArabic filename in three RFC 2231 sections.\n'
                b"--rfc2231\n"
                b"Content-Type: application/octet-stream\n"
                b'Content-Disposition: attachment; filename="'
                + _ew("Ideeën.doc", "utf-8", "Q")
                + b'"\n'
                b"Content-Transfer-Encoding: base64\n\n"
                + _b64(b"\xd0\xcf\x11\xe0 not a doc")
                + b"--rfc2231--\n",
                minute=22,
            ),
        ),
        (
            "raw_8bit_headers",
            _mail(
                "raw_8bit_headers",
                [
                    "Subject: Rauwe kop: ideeën مرحبا 日本".encode(),
                    "Cc: Joëlle <joelle@example.be>".encode("latin-1"),
                    "X-Note: ÄÖÜ in Latin-1 \xff".encode("latin-1"),
                    b"Content-Type: text/plain; charset=utf-8",
                ],
                b"8-bit header values without any encoding.\n",
                minute=23,
                sender="Zoë Ağaoğlu <zoe@example.tr>".encode(),
            ),
        ),
        (
            "long_header_10k",
            _mail(
                "long_header_10k",
                [
                    b"Subject: " + b"Long subject " * 800,
                    b"References: " + b" ".join(b"<ref%d@example.org>" % i for i in range(500)),
                    b"X-Long-Unbroken: " + b"x" * 10_240,
                    b"Content-Type: text/plain",
                ],
                b"Header lines of about 10 KB, one without any space.\n",
                minute=24,
            ),
        ),
        (
            "duplicate_and_odd_headers",
            _mail(
                "duplicate_and_odd_headers",
                [
                    b"Subject: First subject",
                    b"Subject: Second subject",
                    b"Date: not a date at all",
                    b"Cc: undisclosed-recipients:;",
                    b"Bcc: Friends: a@example.org, b@example.org;",
                    b"Reply-To: <no-domain>",
                    b"Content-Type: text",
                    b"X-Empty:",
                    b"X-Folded: first part\n\tsecond part\n    third part",
                ],
                b"Duplicate Subject and Date, group syntax, a Content-Type without subtype.\n",
                minute=25,
            ),
        ),
    ]


def _broken_mime() -> list[tuple[str, bytes]]:
    nested = b"Content-Type: text/plain; charset=utf-8\n\nAt the bottom of 60 levels.\n"
    for level in range(60, 0, -1):
        boundary = b"level-%d" % level
        nested = (
            b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\n\n'
            b"--" + boundary + b"\n" + nested + b"--" + boundary + b"--\n"
        )
    head, _, body = nested.partition(b"\n\n")
    return [
        (
            "missing_closing_boundary",
            _mail(
                "missing_closing_boundary",
                [
                    b"Subject: Missing closing boundary",
                    b'Content-Type: multipart/mixed; boundary="open"',
                ],
                b"--open\nContent-Type: text/plain\n\nFirst part.\n"
                b"--open\nContent-Type: text/plain\n\nSecond part, and the message just ends.\n",
                minute=30,
            ),
        ),
        (
            "boundary_never_appears",
            _mail(
                "boundary_never_appears",
                [
                    b"Subject: Boundary never appears",
                    b'Content-Type: multipart/mixed; boundary="ghost"',
                ],
                b"This body is declared multipart but never uses its boundary.\n--other\n\nhi\n",
                minute=31,
            ),
        ),
        (
            "bad_base64",
            _mail(
                "bad_base64",
                [
                    b"Subject: Bad base64",
                    b"Content-Type: text/plain; charset=utf-8",
                    b"Content-Transfer-Encoding: base64",
                ],
                b"SGVsbG8gd29ybGQ*!!not base64 at all===\nSGVsbG8\n=====\n\xff\xfe\n",
                minute=32,
            ),
        ),
        (
            "invalid_quoted_printable",
            _mail(
                "invalid_quoted_printable",
                [
                    b"Subject: Invalid quoted-printable",
                    b"Content-Type: text/plain; charset=utf-8",
                    b"Content-Transfer-Encoding: quoted-printable",
                ],
                b"Bad escapes =ZZ and =4 and = at end=\n" + b"A" * 300 + b"=C3=A9 caf=C3\n=\n",
                minute=33,
            ),
        ),
        (
            "wrong_transfer_encoding",
            _mail(
                "wrong_transfer_encoding",
                [
                    b"Subject: Wrong Content-Transfer-Encoding",
                    b'Content-Type: multipart/mixed; boundary="cte"',
                ],
                b"--cte\nContent-Type: text/plain; charset=utf-8\n"
                b"Content-Transfer-Encoding: base64\n\n"
                b"This is plain text although base64 is declared.\n"
                b"--cte\nContent-Type: text/plain\nContent-Transfer-Encoding: x-uuencode-ish\n\n"
                b"Unknown encoding name.\n"
                b"--cte\nContent-Type: image/png\nContent-Transfer-Encoding: 7bit\n\n"
                + _crlf(bytes(range(1, 256)).replace(b"\n", b"").replace(b"\r", b""))
                + b"\n--cte--\n",
                minute=34,
            ),
        ),
        (
            "nested_60_levels",
            _mail(
                "nested_60_levels",
                [b"Subject: 60 nested multiparts", head],
                body,
                minute=35,
            ),
        ),
    ]


def _rich() -> list[tuple[str, bytes]]:
    forwarded = _mail(
        "forwarded_inner",
        [b"Subject: " + _ew("رسالة أصلية", "utf-8"), b"Content-Type: text/plain; charset=utf-8"],
        "Dit is het oorspronkelijke bericht. هذه هي الرسالة الأصلية.\n".encode(),
        minute=40,
        sender=b"Salim <salim@example.ae>",
    )
    forwarded_twice = _mail(
        "forwarded_middle",
        [b"Subject: Fwd: inner", b'Content-Type: multipart/mixed; boundary="fwd-mid"'],
        b"--fwd-mid\nContent-Type: text/plain\n\nForwarding again.\n"
        b"--fwd-mid\nContent-Type: message/rfc822\n\n" + forwarded + b"\n--fwd-mid--\n",
        minute=41,
    )
    ics = (
        b"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//cm-desk//test//EN\nMETHOD:REQUEST\n"
        b"BEGIN:VEVENT\nUID:meetup-2024-05@cm-desk.test\nDTSTAMP:20240513T070000Z\n"
        b"DTSTART:20240520T170000Z\nDTEND:20240520T190000Z\n"
        b"SUMMARY:Community meetup \xe2\x80\x93 Utrecht\nLOCATION:Bibliotheek Neude\n"
        b"ORGANIZER;CN=Anna de Vries:mailto:anna@example.nl\n"
        b"ATTENDEE;RSVP=TRUE;CN=Sam:mailto:sam@community.example\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    return [
        (
            "html_remote_images",
            _mail(
                "html_remote_images",
                [
                    b"Subject: Newsletter with tracking",
                    b'Content-Type: multipart/alternative; boundary="alt"',
                ],
                b"--alt\nContent-Type: text/plain; charset=utf-8\n\nView this newsletter in HTML.\n"
                b"--alt\nContent-Type: text/html; charset=utf-8\n"
                b"Content-Transfer-Encoding: quoted-printable\n\n"
                b'<html><head><style>body{background:url("https://tracker.example/bg.png")}</style>'
                b"</head><body>\n"
                b'<img src=3D"https://tracker.example/pixel.gif?u=3Dsam"\n'
                b' width=3D"1" height=3D"1">\n'
                b'<p onclick=3D"alert(1)">Hello <b>Sam</b>!</p><script>alert("x")</script>\n'
                b'<img src=3D"http://images.example/banner.jpg">\n'
                b'<a href=3D"javascript:alert(1)">x</a>\n'
                b"</body></html>\n--alt--\n",
                minute=42,
            ),
        ),
        (
            "binary_attachment_1mb",
            _mail(
                "binary_attachment_1mb",
                [
                    b"Subject: Only a 1 MiB attachment",
                    b"Content-Type: application/octet-stream; name=data.bin",
                    b"Content-Disposition: attachment; filename=data.bin",
                    b"Content-Transfer-Encoding: base64",
                ],
                _b64(_noise(MIB, seed=1)),
                minute=43,
            ),
        ),
        (
            "text_plus_attachment_1mb",
            _mail(
                "text_plus_attachment_1mb",
                [
                    b"Subject: Report with attachment",
                    b'Content-Type: multipart/mixed; boundary="att"',
                ],
                b"--att\nContent-Type: text/plain; charset=utf-8\n\n"
                b"Hierbij het rapport, zie bijlage.\n"
                b'--att\nContent-Type: application/pdf; name="rapport.pdf"\n'
                b'Content-Disposition: attachment; filename="rapport.pdf"\n'
                b"Content-Transfer-Encoding: base64\n\n" + _b64(_noise(MIB, seed=2)) + b"--att--\n",
                minute=44,
            ),
        ),
        (
            "empty_body",
            _mail(
                "empty_body", [b"Subject: Empty body", b"Content-Type: text/plain"], b"", minute=45
            ),
        ),
        (
            "headers_only_no_blank_line",
            _mail(
                "headers_only_no_blank_line", [b"Subject: Headers only"], b"", minute=46
            ).removesuffix(CRLF),
        ),
        (
            "long_single_line_body",
            _mail(
                "long_single_line_body",
                [b"Subject: One very long line", b"Content-Type: text/plain"],
                b"word " * 60_000 + b"end\n",
                minute=47,
            ),
        ),
        (
            "message_rfc822_attachment",
            _mail(
                "message_rfc822_attachment",
                [b"Subject: Fwd: Fwd: original", b'Content-Type: multipart/mixed; boundary="fwd"'],
                b"--fwd\nContent-Type: text/plain\n\nSee the forwarded messages.\n"
                b"--fwd\nContent-Type: message/rfc822\nContent-Disposition: attachment\n\n"
                + forwarded_twice
                + b"\n--fwd--\n",
                minute=48,
            ),
        ),
        (
            "no_message_id",
            _mail(
                "no_message_id",
                [b"Subject: No Message-ID", b"Content-Type: text/plain"],
                b"This message has no Message-ID header.\n",
                minute=49,
                message_id=None,
            ),
        ),
        (
            "shared_message_id_a",
            _mail(
                "shared_message_id_a",
                [b"Subject: Meetup agenda", b"Content-Type: text/plain"],
                b"Agenda: welcome, talks, drinks.\n",
                minute=50,
                message_id=b"<shared@cm-desk.test>",
            ),
        ),
        (
            "shared_message_id_b",
            _mail(
                "shared_message_id_b",
                [b"Subject: Billing complaint", b"Content-Type: text/plain"],
                b"You charged me twice. This is a different mail with the same Message-ID.\n",
                minute=51,
                message_id=b"<shared@cm-desk.test>",
                sender=b"Bob <bob@example.com>",
            ),
        ),
        (
            "calendar_invitation",
            _mail(
                "calendar_invitation",
                [
                    b"Subject: Invitation: Community meetup",
                    b'Content-Type: multipart/mixed; boundary="cal-mixed"',
                ],
                b'--cal-mixed\nContent-Type: multipart/alternative; boundary="cal-alt"\n\n'
                b"--cal-alt\nContent-Type: text/plain; charset=utf-8\n\nYou are invited.\n"
                b"--cal-alt\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\n\n"
                + ics
                + b"--cal-alt--\n"
                b'--cal-mixed\nContent-Type: application/ics; name="invite.ics"\n'
                b'Content-Disposition: attachment; filename="invite.ics"\n'
                b"Content-Transfer-Encoding: base64\n\n" + _b64(_crlf(ics)) + b"--cal-mixed--\n",
                minute=52,
            ),
        ),
        (
            "mixed_arabic_dutch_english",
            _mail(
                "mixed_arabic_dutch_english",
                [
                    b"Subject: " + _ew("Meetup: اجتماع / bijeenkomst / meeting", "utf-8"),
                    b"Content-Type: text/plain; charset=utf-8",
                    b"Content-Transfer-Encoding: quoted-printable",
                ],
                _qp(
                    "English: the meetup is on Monday at 19:00.\n"
                    "Nederlands: de bijeenkomst is maandag om 19:00, ideeën welkom.\n"
                    "العربية: الاجتماع يوم الاثنين الساعة 19:00، أهلا وسهلا.\n"
                    'Mixed in one line: Sam قال "tot maandag" and left.\n'
                ),
                minute=53,
                sender=_ew("سليم", "utf-8") + b" <salim@example.ae>",
            ),
        ),
    ]


def _qp(text: str) -> bytes:
    return quopri.encodestring(text.encode())


def nasty_messages() -> list[tuple[str, bytes]]:
    """``(name, raw)`` for every hostile case; names are unique, bytes deterministic."""
    messages = [*_charsets(), *_headers(), *_broken_mime(), *_rich()]
    names = [name for name, _raw in messages]
    assert len(set(names)) == len(names), "duplicate message names"
    return messages


def edge_messages() -> list[tuple[str, bytes]]:
    """Byte-level oddities Dovecot accepts but rewrites (see the module doc)."""
    return [
        ("nul_byte", _mail("nul_byte", [b"Subject: NUL byte"], b"") + b"before\x00after\r\n"),
        (
            "bare_lf",
            b"From: a@example.org\nSubject: Bare LF\nMessage-ID: <nasty.bare_lf@cm-desk.test>\n"
            b"\nline one\nline two\n",
        ),
        ("bare_cr", _mail("bare_cr", [b"Subject: Bare CR"], b"") + b"line one\rline two\r\n"),
        (
            "no_final_newline",
            _mail("no_final_newline", [b"Subject: No final newline"], b"") + b"no newline at end",
        ),
    ]


def big_message(size_bytes: int, seed: int = 0) -> bytes:
    """A multipart message of roughly ``size_bytes`` (within a few hundred bytes):
    a short text part and a base64 ``application/octet-stream`` attachment of
    deterministic noise. Each ``seed`` gives a different message and Message-ID."""
    name = f"big-{size_bytes}-{seed}"
    head = _mail(
        name,
        [
            b"Subject: Big message " + name.encode(),
            b'Content-Type: multipart/mixed; boundary="big"',
        ],
        b"--big\nContent-Type: text/plain\n\nA big attachment follows.\n"
        b"--big\nContent-Type: application/octet-stream; name=big.bin\n"
        b"Content-Disposition: attachment; filename=big.bin\nContent-Transfer-Encoding: base64\n\n",
        minute=seed % 1000,
    )
    tail = b"--big--\r\n"
    room = max(size_bytes - len(head) - len(tail), 0)
    payload = room * 57 // 78  # 57 bytes → one 76-character base64 line + CRLF
    return head + _b64(_noise(payload, seed=1000 + seed)) + tail

"""The byte-level MIME splitter: headers, parameters, boundaries, transfer encodings, limits."""

from __future__ import annotations

import pytest

from cm_desk.mail.mime import MAX_DEPTH, MAX_PARTS, Part, parse_bytes, parse_params


def test_headers_are_unfolded_lowercased_and_kept_in_order() -> None:
    part = parse_bytes(
        b"From: Jan <jan@example.nl>\r\n"
        b"Subject: a long\r\n"
        b"\tfolded subject\r\n"
        b"Received: first\r\n"
        b"RECEIVED: second\r\n"
        b"\r\n"
        b"body\r\n"
    )
    assert part.get("subject") == "a long folded subject"
    assert part.get("SUBJECT") == "a long folded subject"
    assert part.get_all("received") == ["first", "second"]
    assert part.get("x-missing") is None
    assert part.body == b"body\r\n"
    assert part.defects == []


def test_mbox_from_line_is_skipped() -> None:
    part = parse_bytes(b"From jan@example.nl Mon Jan 15 10:00:00 2024\nSubject: hi\n\nbody\n")
    assert part.headers == [("subject", "hi")]


def test_raw_8bit_header_is_kept_as_surrogate_escapes() -> None:
    part = parse_bytes("Subject: Ideeën\n\nx".encode())
    value = part.get("subject")
    assert value is not None
    assert value.encode("ascii", "surrogateescape") == "Ideeën".encode()


def test_line_without_colon_ends_the_headers_without_losing_or_repeating_text() -> None:
    part = parse_bytes(b"Subject: hello\r\nhello\r\nmore body\r\n\r\nrest\r\n")
    assert part.headers == [("subject", "hello")]
    assert part.body == b"hello\r\nmore body\r\n\r\nrest\r\n"
    assert "MissingHeaderBodySeparator" in part.defects


def test_message_starting_with_a_blank_line_has_no_headers() -> None:
    part = parse_bytes(b"\r\nSubject: not a header\r\n")
    assert part.headers == []
    assert part.body == b"Subject: not a header\r\n"


@pytest.mark.parametrize(
    ("header", "ctype"),
    [
        (None, "text/plain"),
        ("TEXT/HTML; charset=utf-8", "text/html"),
        ("text", "text/plain"),
        ("text/plain junk; x=y", "text/plain"),
        ("", "text/plain"),
        ("multipart/Mixed;boundary=x", "multipart/mixed"),
    ],
)
def test_content_type(header: str | None, ctype: str) -> None:
    headers = [("content-type", header)] if header is not None else []
    assert Part(headers=headers, body=b"").content_type == ctype


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("text/plain; charset=utf-8", {"charset": "utf-8"}),
        (
            'text/plain; CHARSET="ISO-8859-1"; format=flowed',
            {"charset": "ISO-8859-1", "format": "flowed"},
        ),
        ('attachment; filename="a;b \\"c\\".pdf"', {"filename": 'a;b "c".pdf'}),
        ("attachment; filename=plain.txt ; size=12", {"filename": "plain.txt", "size": "12"}),
        ('attachment; filename="unterminated', {"filename": "unterminated"}),
        ("attachment", {}),
        ("", {}),
        # RFC 2231: charset, language and percent-encoded bytes.
        ("attachment; filename*=utf-8''Idee%C3%ABn%20%E2%82%AC.pdf", {"filename": "Ideeën €.pdf"}),
        ("attachment; filename*=iso-8859-1'nl'Idee%EBn.txt", {"filename": "Ideeën.txt"}),
        (
            "attachment; filename*=UTF-8''%D8%AC%D8%AF%D9%88%D9%84.pdf",
            {"filename": "جدول.pdf"},
        ),
        # Continuations, encoded and plain mixed, given out of order.
        (
            "attachment; filename*1*=nie%20agenda; filename*0*=utf-8''re%C3%BC;"
            ' filename*2=".pdf"',
            {"filename": "reünie agenda.pdf"},
        ),
        ('attachment; name*0="long "; name*1="name.txt"', {"name": "long name.txt"}),
        # Both forms: the RFC 2231 one wins.
        (
            "attachment; filename=\"fallback.pdf\"; filename*=utf-8''re%C3%BCnie.pdf",
            {"filename": "reünie.pdf"},
        ),
    ],
)
def test_parse_params(value: str, expected: dict[str, str]) -> None:
    assert parse_params(value) == expected


def _part(cte: str, body: bytes) -> Part:
    return Part(headers=[("content-transfer-encoding", cte)], body=body)


@pytest.mark.parametrize(
    ("cte", "body", "decoded"),
    [
        ("base64", b"SWRlZcOrbg==\r\n", "Ideeën".encode()),
        ("Base64 ", b"SWRl\r\nZcOr\r\nbg==\r\n", "Ideeën".encode()),
        ("quoted-printable", b"Idee=C3=ABn =E2=82=AC=\r\n5\r\n", "Ideeën €5\r\n".encode()),
        ("8bit", "Ideeën".encode(), "Ideeën".encode()),
        ("binary", b"\x00\xff", b"\x00\xff"),
        ("x-unknown", b"as is", b"as is"),
        ("7bit", b"plain", b"plain"),
        # Broken base64: junk characters and a cut-off tail are tolerated.
        ("base64", b"SWRl*ZcOr!bg", b"Idee\xc3\xab"),
        ("base64", b"A", b""),
    ],
)
def test_transfer_decoding(cte: str, body: bytes, decoded: bytes) -> None:
    assert _part(cte, body).decoded() == decoded


MULTI = (
    b'Content-Type: multipart/mixed; boundary="outer"\r\n'
    b"\r\n"
    b"This is the preamble.\r\n"
    b"--outer\r\n"
    b"Content-Type: text/plain\r\n"
    b"\r\n"
    b"first\r\n"
    b"--outer  \r\n"
    b"Content-Type: text/plain\r\n"
    b"\r\n"
    b"second\r\n"
    b"--outer--\r\n"
    b"epilogue\r\n"
)


def test_multipart_split_excludes_preamble_epilogue_and_line_break_before_delimiter() -> None:
    part = parse_bytes(MULTI)
    assert [c.body for c in part.children] == [b"first", b"second"]
    assert part.defects == []


def test_inner_boundary_that_extends_the_outer_one_is_not_a_delimiter() -> None:
    raw = (
        b"Content-Type: multipart/mixed; boundary=abc\n\n"
        b"--abc\n"
        b"Content-Type: multipart/related; boundary=abc-def\n\n"
        b"--abc-def\n"
        b"Content-Type: text/plain\n\ninner one\n"
        b"--abc-def\n"
        b"Content-Type: image/png\n\npng\n"
        b"--abc-def--\n"
        b"--abc\n"
        b"Content-Type: text/plain\n\nouter two\n"
        b"--abc--\n"
    )
    part = parse_bytes(raw)
    assert [c.content_type for c in part.children] == ["multipart/related", "text/plain"]
    assert [c.body for c in part.children[0].children] == [b"inner one", b"png"]
    assert part.children[1].body == b"outer two"


def test_delimiter_must_start_a_line() -> None:
    raw = b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\ntext with --b inside\n--b--\n"
    assert [c.body for c in parse_bytes(raw).children] == [b"text with --b inside"]


def test_missing_close_boundary_keeps_the_last_part() -> None:
    raw = (
        b"Content-Type: multipart/mixed; boundary=zz\n\n"
        b"--zz\n\nfirst\n"
        b"--zz\n\nsecond, never closed\n"
    )
    part = parse_bytes(raw)
    assert [c.body for c in part.children] == [b"first", b"second, never closed\n"]
    assert "CloseBoundaryNotFound" in part.defects


def test_multipart_without_boundary_parameter_or_delimiters() -> None:
    no_param = parse_bytes(b"Content-Type: multipart/mixed\n\nbody\n")
    assert no_param.children == []
    assert "NoBoundaryInMultipart" in no_param.defects
    no_parts = parse_bytes(b"Content-Type: multipart/mixed; boundary=q\n\nbody\n")
    assert no_parts.children == []
    assert "MultipartWithoutParts" in no_parts.defects


def test_message_rfc822_is_parsed_as_a_child() -> None:
    raw = b"Content-Type: message/rfc822\n\nSubject: inner\n\ninner body\n"
    part = parse_bytes(raw)
    assert part.children[0].get("subject") == "inner"
    assert part.children[0].body == b"inner body\n"


def test_hostile_nesting_is_cut_off_at_max_depth() -> None:
    depth = MAX_DEPTH * 5
    raw = b"Content-Type: multipart/mixed; boundary=b0\n\n"
    for i in range(1, depth):
        raw += b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (i - 1, i)
    raw += b"--b%d\n\ndeepest\n" % (depth - 1)
    part = parse_bytes(raw)
    levels = 0
    while part.children:
        part = part.children[0]
        levels += 1
    assert levels == MAX_DEPTH


def test_part_count_is_bounded() -> None:
    raw = (
        b"Content-Type: multipart/mixed; boundary=m\n\n"
        + b"--m\n\nx\n" * (MAX_PARTS * 2)
        + b"--m--\n"
    )
    part = parse_bytes(raw)
    assert 0 < len(part.walk()) <= MAX_PARTS + 1

"""The IMAP client's pure parts: response tokens, FETCH records, sets, names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cm_desk.mail.folders import flag_set, flags_text, pick_sent
from cm_desk.mail.imap import (
    Response,
    compact_set,
    decode_mailbox_name,
    fetch_record,
    mailbox_name,
    parse_set,
    quote,
    tokens,
)


def _resp(*parts: bytes) -> Response:
    return Response(parts[0].split(b" ", 1)[0].decode(), list(parts))


def test_fetch_record_with_body_literal() -> None:
    body = b'Subject: x\r\n\r\n) tricky ( body "\r\n'
    resp = _resp(
        b"* 12 FETCH (UID 34 FLAGS (\\Seen \\Answered) MODSEQ (90) BODY[] {%d}\r\n" % len(body),
        body,
        b")\r\n",
    )
    rec = fetch_record(resp)
    assert rec is not None
    assert (rec.seq, rec.uid, rec.modseq, rec.body) == (12, 34, 90, body)
    assert rec.flags == frozenset({"\\Seen", "\\Answered"})


def test_fetch_record_header_fields_and_size() -> None:
    header = b"Message-ID: <a@b>\r\n\r\n"
    resp = _resp(
        b"* 1 FETCH (UID 7 RFC822.SIZE 1234 FLAGS () BODY[HEADER.FIELDS (MESSAGE-ID)] {%d}\r\n"
        % len(header),
        header,
        b")\r\n",
    )
    rec = fetch_record(resp)
    assert rec is not None
    assert (rec.uid, rec.size, rec.header, rec.flags) == (7, 1234, header, frozenset())


def test_non_fetch_responses_are_not_records() -> None:
    assert fetch_record(_resp(b"* 3 EXISTS\r\n")) is None
    assert fetch_record(_resp(b"* OK [UIDVALIDITY 5] ok\r\n")) is None


def test_tokens_quoted_nil_and_nesting() -> None:
    toks = tokens(_resp(b'* LIST (\\HasNoChildren \\Sent) "/" "Sent \\"x\\"" NIL\r\n'))
    assert toks == [b"*", b"LIST", [b"\\HasNoChildren", b"\\Sent"], b"/", b'Sent "x"', None]


def test_response_code() -> None:
    assert _resp(b"* OK [HIGHESTMODSEQ 715194045007] Highest\r\n").code() == (
        "HIGHESTMODSEQ",
        b"715194045007",
    )
    assert _resp(b"C1 OK [READ-WRITE] done\r\n").code() == ("READ-WRITE", b"")


def test_sets() -> None:
    assert parse_set("1:3,7,10:9") == [1, 2, 3, 7, 9, 10]
    assert compact_set([7, 1, 2, 3, 9, 10, 3]) == "1:3,7,9:10"
    assert compact_set([]) == ""


@given(st.sets(st.integers(min_value=1, max_value=5000), max_size=200))
def test_set_round_trip(uids: set[int]) -> None:
    assert parse_set(compact_set(uids)) == sorted(uids)


@pytest.mark.parametrize("name", ["INBOX", "Verzonden items", "المرسلة", "Tom & Jerry", "Ünï"])
def test_mailbox_names_round_trip(name: str) -> None:
    wire = mailbox_name(name)
    assert wire.startswith(b'"') and all(b < 128 for b in wire)
    assert decode_mailbox_name(wire[1:-1]) == name


def test_rfc3501_example_name() -> None:
    assert decode_mailbox_name(b"~peter/mail/&U,BTFw-/&ZeVnLIqe-") == "~peter/mail/台北/日本語"


def test_quote_refuses_line_breaks() -> None:
    with pytest.raises(ValueError):
        quote("a\r\nC2 DELETE INBOX")


def test_pick_sent_prefers_special_use_then_names() -> None:
    assert pick_sent([([], "/", "INBOX"), (["\\Sent"], "/", "Outgoing")]) == "Outgoing"
    assert pick_sent([([], ".", "INBOX"), ([], ".", "INBOX.Verzonden items")]) == (
        "INBOX.Verzonden items"
    )
    assert pick_sent([([], "/", "INBOX"), (["\\Noselect"], "/", "Sent")]) is None


def test_flags_text_is_canonical() -> None:
    assert flags_text(["\\Seen", "\\Answered", "\\Seen"]) == "\\Answered \\Seen"
    assert flag_set("\\Answered \\Seen") == {"\\Seen", "\\Answered"}

"""Charset repair: labels that lie, RFC 2047 words that split characters, raw 8-bit headers."""

from __future__ import annotations

import pytest

from cm_desk.mail.charsets import decode_bytes, decode_escaped, decode_header, normalise_charset

DUTCH = "Ideeën voor de reünie: € 5"
ARABIC = "جدول الأعمال للاجتماع القادم"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("UTF-8", "utf-8"),
        ("utf8", "utf-8"),
        ('"utf-8"', "utf-8"),
        (" ISO-8859-1 ", "windows-1252"),
        ("latin1", "windows-1252"),
        ("us-ascii", "windows-1252"),
        ("windows-1252", "windows-1252"),
        ("iso-8859-15", "iso8859-15"),
        ("windows-1256", "cp1256"),
        ("iso-8859-6", "iso8859-6"),
        ("iso-8859-6-i", "iso-8859-6"),
        ("x-unknown", ""),
        ("x-mac-klingon", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_charset(label: str | None, codec: str) -> None:
    assert normalise_charset(label) == codec


@pytest.mark.parametrize(
    ("data", "label", "expected"),
    [
        (DUTCH.encode("utf-8"), "utf-8", DUTCH),
        ("Ideeën voor de reünie".encode("latin-1"), "iso-8859-1", "Ideeën voor de reünie"),
        (DUTCH.encode("iso-8859-15"), "iso-8859-15", DUTCH),
        (DUTCH.encode("cp1252"), "windows-1252", DUTCH),
        # An ISO-8859-1 label is read as windows-1252 (WHATWG): 0x80 is the euro sign.
        (DUTCH.encode("cp1252"), "iso-8859-1", DUTCH),
        (ARABIC.encode("cp1256"), "windows-1256", ARABIC),
        (ARABIC.encode("iso-8859-6"), "iso-8859-6", ARABIC),
        (b"plain ascii", None, "plain ascii"),
        (b"plain ascii", "x-unknown", "plain ascii"),
    ],
)
def test_decode_bytes_correctly_labelled(data: bytes, label: str | None, expected: str) -> None:
    assert decode_bytes(data, label) == expected


@pytest.mark.parametrize(
    ("data", "label", "expected"),
    [
        # UTF-8 stamped with a Latin label: valid UTF-8 wins.
        (DUTCH.encode("utf-8"), "iso-8859-1", DUTCH),
        (DUTCH.encode("utf-8"), "windows-1252", DUTCH),
        (ARABIC.encode("utf-8"), "windows-1256", ARABIC),
        # Arabic in a single-byte charset labelled UTF-8.
        (ARABIC.encode("cp1256"), "utf-8", ARABIC),
        (ARABIC.encode("iso-8859-6"), "utf-8", ARABIC),
        # Arabic in windows-1256 under the mailer's default ISO-8859-1 label.
        (ARABIC.encode("cp1256"), "iso-8859-1", ARABIC),
        # Latin text labelled UTF-8.
        (DUTCH.encode("cp1252"), "utf-8", DUTCH),
        # Unknown or absent labels.
        (DUTCH.encode("utf-8"), "x-mac-klingon", DUTCH),
        (DUTCH.encode("cp1252"), "x-mac-klingon", DUTCH),
        (DUTCH.encode("cp1252"), None, DUTCH),
        (ARABIC.encode("cp1256"), "unknown-8bit", ARABIC),
        (ARABIC.encode("iso-8859-6"), None, ARABIC),
        # windows-1256 text labelled iso-8859-6 that iso-8859-6 cannot decode.
        ("عربي فقط".encode("cp1256"), "iso-8859-6", "عربي فقط"),
    ],
)
def test_decode_bytes_repairs_mislabelled_text(
    data: bytes, label: str | None, expected: str
) -> None:
    assert decode_bytes(data, label) == expected


def test_short_latin_word_under_latin_label_stays_latin() -> None:
    # Two high bytes and one letter: too little to call it Arabic.
    assert decode_bytes("Été".encode("latin-1"), "iso-8859-1") == "Été"
    assert decode_bytes("Reünie in Café Düsseldorf".encode("latin-1"), "iso-8859-1") == (
        "Reünie in Café Düsseldorf"
    )


@pytest.mark.parametrize("label", [None, "utf-8", "iso-8859-1", "iso-8859-6", "x-bogus", "utf-16"])
def test_decode_bytes_never_raises(label: str | None) -> None:
    garbage = bytes(range(256)) * 3
    assert isinstance(decode_bytes(garbage, label), str)


def test_decode_escaped_turns_surrogates_back_into_text() -> None:
    utf8_as_escapes = DUTCH.encode("utf-8").decode("ascii", "surrogateescape")
    arabic_as_escapes = ARABIC.encode("cp1256").decode("ascii", "surrogateescape")
    assert decode_escaped(utf8_as_escapes) == DUTCH
    assert decode_escaped(arabic_as_escapes) == ARABIC
    assert decode_escaped("already text: ë") == "already text: ë"
    assert decode_escaped("ascii") == "ascii"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=?iso-8859-1?Q?Idee=EBn_voor_de_re=FCnie?=", "Ideeën voor de reünie"),
        ("=?ISO-8859-1?q?Idee=EBn?=", "Ideeën"),
        ("=?utf-8?B?SWRlZcOrbiB2b29yIGRlIHJlw7xuaWU=?=", "Ideeën voor de reünie"),
        ("=?utf-8?b?4oKsIDU=?=", "€ 5"),
        ("=?iso-8859-15?Q?Prijs_=A4_5?=", "Prijs € 5"),
        ("=?windows-1252?Q?Prijs_=80_5?=", "Prijs € 5"),
        ("=?windows-1256?B?49HNyMcgyN/j?=", "مرحبا بكم"),
        ("=?utf-8?B?2KzYr9mI2YQg2KfZhNij2LnZhdin2YQ=?=", "جدول الأعمال"),
        (
            "=?iso-8859-6?Q?=CC=CF=E8=E4_=C7=E4=C3=D9=E5=C7=E4?=",
            "جدول الأعمال",
        ),
        # RFC 2231 language in an encoded word.
        ("=?utf-8*nl?Q?Idee=C3=ABn?=", "Ideeën"),
        ("=?UTF-8*ar?B?2KzYr9mI2YQ=?=", "جدول"),
        # A multi-byte character split across adjacent encoded words (B and Q),
        # with the folding whitespace between them dropped.
        ("=?utf-8?B?SWRlZcM=?= =?utf-8?B?q24g4g==?=\r\n =?utf-8?B?gqw=?=", "Ideeën €"),
        ("=?utf-8?Q?re=C3?=\r\n\t=?utf-8?Q?=BCnie?=", "reünie"),
        ("=?utf-8?Q?=D8?= =?utf-8?Q?=AC=D8=AF=D9=88=D9=84?=", "جدول"),
        # Text between encoded words is kept, its spacing too.
        (
            "Re: =?utf-8?Q?Idee=C3=ABn?= voor de =?utf-8?Q?re=C3=BCnie?=",
            "Re: Ideeën voor de reünie",
        ),
        # Adjacent words in different charsets are decoded separately.
        ("=?iso-8859-1?Q?caf=E9?= =?utf-8?Q?_=E2=82=AC?=", "café €"),
        # Mislabelled and unknown charsets.
        ("=?iso-8859-1?Q?Idee=C3=ABn?=", "Ideeën"),
        ("=?utf-8?Q?Idee=EBn?=", "Ideeën"),
        ("=?x-unknown?Q?Idee=EBn?=", "Ideeën"),
        ("=?utf-8?B?49HNyMcgyN/j?=", "مرحبا بكم"),
        # Folded plain header.
        ("Vraag over\r\n de reünie", "Vraag over de reünie"),
        ("  padded  ", "padded"),
        # Not encoded words at all: left alone.
        ("=?utf-8?Q?a b?=", "=?utf-8?Q?a b?="),
        ("price =? 5", "price =? 5"),
        ("", ""),
        (None, ""),
    ],
)
def test_decode_header(value: str | None, expected: str) -> None:
    assert decode_header(value) == expected


def test_decode_header_raw_8bit() -> None:
    # Header bytes as the MIME splitter hands them over: surrogate escapes.
    utf8 = "Idee\u00ebn voor de re\u00fcnie \u20ac".encode().decode("ascii", "surrogateescape")
    cp1256 = ARABIC.encode("cp1256").decode("ascii", "surrogateescape")
    assert decode_header(utf8) == "Ideeën voor de reünie €"
    assert decode_header(cp1256) == ARABIC


@pytest.mark.parametrize(
    "value",
    [
        "=?utf-8?B?!!!?=",
        "=?utf-8?B?A?=",
        "=?utf-8?Q?=ZZ=?=",
        "=?utf-8?Q??=",
        "=?bogus?X?abc?=",
        "=?" * 500,
        "=?utf-8?B?" + "A" * 10001 + "?=",
    ],
)
def test_decode_header_broken_words_never_raise(value: str) -> None:
    assert isinstance(decode_header(value), str)

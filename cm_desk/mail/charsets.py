"""Turning the bytes the world sends into text, whatever the label says.

Real mail lies about its charset: UTF-8 labelled ISO-8859-1, Arabic
windows-1256 labelled UTF-8, raw 8-bit headers with no label at all. The
rules here follow what browsers and mature mail clients do:

* ISO-8859-1 and US-ASCII labels are read as windows-1252 (WHATWG), which
  decodes every byte and gives the right quotes and euro sign;
* bytes that are valid UTF-8 with non-ASCII sequences are UTF-8 whatever
  the label (a random single-byte text almost never is valid UTF-8);
* when the label is unknown, wrong or a Latin default, Arabic-looking high
  bytes are read as windows-1256 (or iso-8859-6 when only that fits),
  anything else as windows-1252.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re

_ALIASES = {
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "l1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "ansi_x3.4-1968": "windows-1252",
    "cp1252": "windows-1252",
    "windows-1252": "windows-1252",
    "x-user-defined": "windows-1252",
    "unknown-8bit": "",
    "unknown": "",
    "x-unknown": "",
    "default": "",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "iso-8859-6-e": "iso-8859-6",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "tis-620": "cp874",
}

_SINGLE_BYTE_ARABIC = ("windows-1256", "cp1256", "iso-8859-6", "iso8859-6")


def normalise_charset(label: str | None) -> str:
    """Map a declared charset label to a Python codec name, or "" if unknown."""
    if not label:
        return ""
    name = label.strip().strip("\"'").lower()
    if name in _ALIASES:
        return _ALIASES[name]
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


_HIGH = bytes(range(0xC1, 0x100))
_ASCII_LETTERS = bytes(range(0x41, 0x5B)) + bytes(range(0x61, 0x7B))
# Where windows-1256 has Latin letters and signs, iso-8859-6 has Arabic ones.
_LATIN_IN_1256 = re.compile("[\u00ab\u00ac\u00bb\u00c0-\u00ff]")


def _looks_arabic_single_byte(data: bytes, minimum: int = 1) -> bool:
    """True when high bytes (``minimum`` or more) outnumber ASCII letters, as in Arabic.

    Latin text in windows-1252 is mostly ASCII letters with the odd accented
    byte; Arabic text in a single-byte charset is mostly bytes >= 0xC1.
    Counted with ``bytes.translate`` (C speed: this runs on whole bodies).
    """
    high = len(data) - len(data.translate(None, _HIGH))
    letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    return high > letters and high >= minimum


def _decode_arabic(data: bytes) -> str:
    """Single-byte Arabic of unknown flavour: windows-1256 or iso-8859-6.

    Neither is a superset of the other (iso-8859-6 puts waw and yeh where
    windows-1256 has è and ê). iso-8859-6 leaves many bytes undefined, so a
    strict decode fails on most windows-1256 text; when it succeeds and
    windows-1256 would give Latin letters, the text was iso-8859-6.
    """
    text = data.decode("windows-1256", errors="replace")
    if _LATIN_IN_1256.search(text):
        try:
            return data.decode("iso-8859-6")
        except UnicodeDecodeError:
            pass
    return text


def decode_bytes(data: bytes, label: str | None = None) -> str:
    """Decode ``data`` declared as ``label``, repairing mislabelled text.

    Never raises: the last resort replaces undecodable bytes with U+FFFD.
    """
    if data.isascii():
        return data.decode("ascii")
    declared = normalise_charset(label)
    if declared != "utf-8":
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if declared == "windows-1252" and _looks_arabic_single_byte(data, minimum=8):
        # Arabic typed in windows-1256 and stamped with the mailer's default
        # label (ISO-8859-1): decoding it as Latin would "succeed" as mojibake.
        # The minimum keeps short Latin words ("Été") Latin.
        return _decode_arabic(data)
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    if declared in _SINGLE_BYTE_ARABIC or _looks_arabic_single_byte(data):
        return _decode_arabic(data)
    return data.decode("windows-1252", errors="replace")


def decode_escaped(value: str, label: str | None = None) -> str:
    """Repair a header that carried raw 8-bit bytes.

    The stdlib parser (compat32) keeps such bytes as surrogate escapes; here
    they become bytes again and go through :func:`decode_bytes`.
    """
    if value.isascii():
        return value
    try:
        raw = value.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return value  # already real text
    return decode_bytes(raw, label)


# An RFC 2047 encoded word; the charset may carry an RFC 2231 *language.
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"(\?=)[ \t\r\n]+(=\?)")
_FOLD = re.compile(r"\r?\n[ \t]+")
_QP_HEX = re.compile(rb"=([0-9A-Fa-f]{2})")


def _decode_word(charset: str, enc: str, text: str) -> bytes:
    if enc in "bB":
        text = text.rstrip("=")
        text += "=" * (-len(text) % 4)
        try:
            return base64.b64decode(text)
        except (binascii.Error, ValueError):
            return text.encode("ascii", "replace")
    # Raw 8-bit bytes inside a Q word were already decoded to text by
    # decode_escaped: take them back as UTF-8 (what they almost always were).
    raw = text.replace("_", " ").encode("utf-8", "surrogateescape")
    return _QP_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw)


def decode_header(value: str | None) -> str:
    """Decode a header value: unfold, RFC 2047 words, raw 8-bit bytes.

    Adjacent encoded words in the same charset are joined before decoding,
    so a multi-byte character split across two words survives. Never raises:
    one bad header must not make a whole message unreadable.
    """
    if not value:
        return ""
    try:
        return _decode_header(value)
    except (UnicodeError, ValueError, LookupError):
        text = str(value).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return _FOLD.sub(" ", text).strip()


def _decode_header(value: str) -> str:
    value = _FOLD.sub(" ", str(value))
    value = decode_escaped(value)
    if "=?" not in value:
        return value.strip()
    value = _BETWEEN_WORDS.sub(r"\1\2", value)
    out: list[str] = []
    pos = 0
    pending: bytes = b""
    pending_cs = ""
    for m in _ENCODED_WORD.finditer(value):
        if m.start() > pos:
            if pending:
                out.append(decode_bytes(pending, pending_cs))
                pending = b""
            out.append(value[pos : m.start()])
        charset = m.group(1).split("*", 1)[0]
        chunk = _decode_word(charset, m.group(2), m.group(3))
        if pending and charset.lower() != pending_cs.lower():
            out.append(decode_bytes(pending, pending_cs))
            pending = b""
        pending += chunk
        pending_cs = charset
        pos = m.end()
    if pending:
        out.append(decode_bytes(pending, pending_cs))
    out.append(value[pos:])
    return "".join(out).strip()

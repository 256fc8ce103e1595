"""Raw RFC 5322 bytes → :class:`ParsedMessage`, for Maildir import and IMAP sync.

Speed matters (tens of thousands of messages on first sync), so this uses the
byte-level splitter of :mod:`cm_desk.mail.mime` and decodes headers and
charsets itself (:mod:`cm_desk.mail.charsets`). It never raises: a message
that cannot be understood comes back with ``parse_error`` set and its raw
bytes intact.
"""

from __future__ import annotations

import email.utils
import hashlib
import re
from datetime import UTC, datetime

from cm_desk.domain.models import Address, AttachmentInfo, ParsedMessage
from cm_desk.domain.text import detect_language, html_to_text
from cm_desk.mail.charsets import decode_bytes, decode_escaped, decode_header
from cm_desk.mail.mime import Part, parse_bytes

_MSGID = re.compile(r"<([^<>\s]+)>")
# One address: "Name <a@b>" with a name free of list/quote/comment syntax, or a bare a@b.
_SIMPLE_ADDR = re.compile(
    r'(?:([^,;"()<>@\\]*?)\s*<([^<>\s,;"()]+@[^<>\s,;"()]+)>|([^<>\s,;"()]+@[^<>\s,;"()]+))'
)


def raw_digest(raw: bytes) -> str:
    """The content key of a message: two different messages never share it."""
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def parse_msgids(value: str | None) -> tuple[str, ...]:
    """Message-IDs in a References/In-Reply-To header, in order, deduplicated."""
    if not value:
        return ()
    found = _MSGID.findall(value)
    if not found:
        # A bare id without brackets is accepted; "<>" or a sentence is not
        # (an empty id shared by many messages would thread them together).
        bare = value.strip()
        found = [bare] if bare and not any(c in bare for c in " \t<>") else []
    seen: dict[str, None] = {}
    for mid in found:
        seen.setdefault(mid.lower(), None)
    return tuple(seen)


def parse_addresses(value: str | None) -> tuple[Address, ...]:
    """Decoded addresses of an address-list header; junk entries are dropped."""
    if not value:
        return ()
    simple = _SIMPLE_ADDR.fullmatch(value.strip())
    if simple:  # the common "Name <addr>" / "addr" case, without the full grammar
        name = decode_header(simple.group(1) or "").strip().strip('"').strip()
        addr = decode_escaped(simple.group(2) or simple.group(3)).lower()
        return (Address(name=name if name != addr else "", addr=addr),)
    out = []
    # Split first, decode names after: a decoded name may contain commas.
    for name, addr in email.utils.getaddresses([value]):
        addr = decode_escaped(addr).strip().strip("<>").lower()
        name = decode_header(name).strip().strip('"').strip()
        if not addr and not name:
            continue
        out.append(Address(name=name if name != addr else "", addr=addr))
    return tuple(out)


def parse_date(value: str | None) -> datetime | None:
    """The Date header as an aware UTC datetime, or None if absent or absurd."""
    if not value:
        return None
    try:
        dt = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        dt = dt.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    if not 1980 <= dt.year <= 2100:
        return None
    return dt


class _Collector:
    """Walks the MIME tree once, gathering text, HTML, calendar and attachments."""

    def __init__(self) -> None:
        self.plain: list[str] = []
        self.html: list[str] = []
        self.calendar: list[str] = []
        self.attachments: list[AttachmentInfo] = []

    def walk(self, part: Part, path: str) -> None:
        ctype = part.content_type
        if ctype.startswith("multipart/"):
            if part.children:
                for i, sub in enumerate(part.children, 1):
                    self.walk(sub, f"{path}.{i}" if path else str(i))
                return
            if part.defects:
                # No boundary, or none found in the body: the text is still
                # the message (as the stdlib reads it), not an attachment.
                ctype = "text/plain"
        self._leaf(part, path or "1", ctype)

    def _leaf(self, part: Part, path: str, ctype: str) -> None:
        disposition = (part.get("content-disposition") or "").split(";", 1)[0].strip().lower()
        filename = _filename(part)
        data = part.decoded()
        is_text = ctype in ("text/plain", "text/html", "text/calendar")
        if disposition == "attachment" or (filename and not is_text) or not is_text:
            if ctype == "text/calendar":
                self.calendar.append(decode_bytes(data, part.param("charset")))
            if ctype == "message/rfc822" and not filename and part.children:
                inner = decode_header(part.children[0].get("subject")) or "message"
                filename = f"{inner}.eml"
            self.attachments.append(
                AttachmentInfo(
                    part=path,
                    filename=filename,
                    content_type=ctype,
                    size=len(data),
                    content_id=(part.get("content-id") or "").strip().strip("<>"),
                    inline=disposition == "inline",
                )
            )
            return
        text = decode_bytes(data, part.param("charset"))
        if ctype == "text/html":
            self.html.append(text)
        elif ctype == "text/calendar":
            self.calendar.append(text)
        else:
            if part.param("format").lower() == "flowed":
                text = _unflow(text, part.param("delsp").lower() == "yes")
            self.plain.append(text.replace("\r\n", "\n"))


def _filename(part: Part) -> str:
    name = part.param("filename", "content-disposition") or part.param("name")
    return decode_header(name) if name else ""


def _unflow(text: str, delsp: bool = False) -> str:
    """Join RFC 3676 soft line breaks (a line ending in a space continues).

    Quoted lines (">> …") join only with lines of the same quote depth, and
    the quote marks of a continuation line are dropped.
    """
    out: list[str] = []
    buf = ""
    buf_depth = -1  # quote depth of the open paragraph, -1 when none is open
    for raw_line in text.split("\n"):
        line = raw_line.rstrip("\r")
        content = line.lstrip(">")
        depth = len(line) - len(content)
        if content.startswith(" "):
            content = content[1:]  # space-stuffing
        if buf_depth >= 0 and depth != buf_depth:
            out.append(_quoted(buf_depth, buf))  # depth changed: paragraph ends
            buf, buf_depth = "", -1
        if content.endswith(" ") and content != "-- ":
            buf += content[:-1] if delsp else content
            buf_depth = depth
            continue
        out.append(_quoted(depth, buf + content))
        buf, buf_depth = "", -1
    if buf_depth >= 0:
        out.append(_quoted(buf_depth, buf))
    return "\n".join(out)


def _quoted(depth: int, text: str) -> str:
    """``text`` behind ``depth`` quote marks ("> text", ">>" for an empty line)."""
    return f"{'>' * depth} {text}" if depth and text else ">" * depth + text


_CAL_FIELD = re.compile(r"^(SUMMARY|DESCRIPTION|LOCATION|DTSTART)[^:]*:(.*)$", re.M)


def calendar_text(ics: str) -> str:
    """The human parts of an iCalendar invite (summary, when, where, what)."""
    unfolded = re.sub(r"\r?\n[ \t]", "", ics)
    lines = []
    for key, value in _CAL_FIELD.findall(unfolded):
        value = value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
        lines.append(f"{key.title()}: {value.strip()}")
    return "\n".join(lines)


def _spam_score(msg: Part) -> float:
    flag = (msg.get("x-spam-flag") or "").strip().lower()
    status = (msg.get("x-spam-status") or "").strip().lower()
    if flag == "yes" or status.startswith("yes"):
        return 1.0
    m = re.search(r"score=(-?[\d.]+)", status)
    if m:
        try:
            return max(0.0, min(1.0, float(m.group(1)) / 10.0))
        except ValueError:
            return 0.0
    return 0.0


def parse_message(
    raw: bytes,
    *,
    seen: bool = False,
    flagged: bool = False,
    answered: bool = False,
    source_name: str = "",
) -> ParsedMessage:
    """Parse one message; never raises, never drops the raw bytes."""
    digest = raw_digest(raw)
    try:
        return _parse(raw, digest, seen, flagged, answered, source_name)
    except Exception as exc:
        return ParsedMessage(
            raw=raw,
            raw_sha=digest,
            message_id="",
            in_reply_to=(),
            references=(),
            subject="(message could not be read)",
            sender=None,
            to=(),
            cc=(),
            reply_to=(),
            date=None,
            text=raw[:20000].decode("utf-8", "replace"),
            html="",
            language="",
            parse_error=f"{type(exc).__name__}: {exc}"[:500],
            source_name=source_name,
            seen=seen,
            flagged=flagged,
            answered=answered,
        )


def _parse(
    raw: bytes, digest: str, seen: bool, flagged: bool, answered: bool, source_name: str
) -> ParsedMessage:
    msg = parse_bytes(raw)
    collector = _Collector()
    collector.walk(msg, "")
    text = "\n\n".join(t for t in collector.plain if t.strip())
    html = collector.html[0] if collector.html else ""
    if not text and collector.html:
        text = "\n\n".join(html_to_text(h) for h in collector.html)
    calendar = collector.calendar[0] if collector.calendar else ""
    if calendar:
        cal = calendar_text(calendar)
        text = f"{text}\n\n{cal}".strip() if cal else text
    senders = parse_addresses(msg.get("from")) or parse_addresses(msg.get("sender"))
    subject = decode_header(msg.get("subject"))
    mids = parse_msgids(msg.get("message-id"))
    headerless = not (msg.headers and (senders or subject or mids))
    # Machine-written mail nobody waits an answer for: RFC 3834 auto-replies
    # (out-of-office), bulk mail, delivery reports. Mailing-list posts
    # (Precedence: list) are people talking, so they are not counted here.
    auto = (
        (msg.get("auto-submitted") or "no").split(";", 1)[0].strip().lower() != "no"
        or (msg.get("precedence") or "").strip().lower() in ("bulk", "junk", "auto_reply")
        or msg.get("x-autoreply") is not None
        or msg.content_type == "multipart/report"
    )
    return ParsedMessage(
        raw=raw,
        raw_sha=digest,
        message_id=mids[0] if mids else "",
        in_reply_to=parse_msgids(msg.get("in-reply-to")),
        references=parse_msgids(msg.get("references")),
        subject=subject,
        sender=senders[0] if senders else None,
        to=parse_addresses(msg.get("to")),
        cc=parse_addresses(msg.get("cc")),
        reply_to=parse_addresses(msg.get("reply-to")),
        date=parse_date(msg.get("date")),
        text=text,
        html=html,
        language=detect_language(f"{subject}\n{text}"),
        attachments=tuple(collector.attachments),
        calendar=calendar,
        list_id=decode_header(msg.get("list-id")),
        auto_submitted=auto,
        spam_score=_spam_score(msg),
        parse_error=("no headers: " + ",".join(msg.defects[:3])) if headerless else "",
        source_name=source_name,
        seen=seen,
        flagged=flagged,
        answered=answered,
    )


def find_part(raw: bytes, path: str) -> bytes:
    """The decoded bytes of MIME part ``path`` ("1.2") of a raw message."""
    part = parse_bytes(raw)
    if path == "1" and not part.children:
        return part.decoded()
    for index in path.split("."):
        if not part.children:
            raise KeyError(path)
        part = part.children[int(index) - 1]
    return part.decoded()

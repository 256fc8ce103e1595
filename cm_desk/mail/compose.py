"""Writing replies and forwards as RFC 5322 bytes, ready for the outbox.

Pure functions, no I/O: the outbox stores exactly the bytes made here, sends
them, and files the same bytes in Sent. The Message-ID is fixed here, once,
so a retry can never become a different message.

Safety: every header value is checked for line breaks and control characters
(:class:`ComposeError`), and addresses must be plain ``local@domain``, so no
subject or address can smuggle in a ``Bcc:`` or a second message. What comes
from the original mail (its subject, names) is untrusted: control characters
there are turned into spaces rather than refused, so a hostile subject cannot
stop the CM from answering. Bodies are 7-bit (quoted-printable or base64)
with CRLF line ends and short lines, so any SMTP server takes them as they
are; a line holding only ``.`` is dot-stuffed by the outbox's SMTP step.
"""

from __future__ import annotations

import email.policy
import email.utils
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage, MIMEPart
from email.parser import BytesHeaderParser
from secrets import token_hex  # the stdlib's, for unguessable ids

from cm_desk.domain.models import Address
from cm_desk.domain.text import detect_language
from cm_desk.mail.parse import parse_message

# CRLF line ends, and non-ASCII bodies as quoted-printable/base64 (no 8BITMIME needed).
POLICY = email.policy.SMTP.clone(cte_type="7bit")
MAX_REFERENCES = 20  # the first id and the newest ones; a thread of 500 stays short
QUOTE_LIMIT = 50_000  # characters of the original quoted under a reply
FSI, PDI = "\u2068", "\u2069"  # bidi isolates: an Arabic name cannot reorder the line

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ADDR_SPEC = re.compile(rf"({_LOCAL})@({_LABEL}(?:\.{_LABEL})*)")
_MSGID = re.compile(r"<([^<>\s]{1,250})>")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_REPLY_PREFIX = re.compile(
    r"^\s*(?:\[[^\]]{1,40}\]\s*)?(?:re|aw|antw|antwoord|sv|vs|ynt|odp|رد)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]",
    re.IGNORECASE,
)
_FORWARD_PREFIX = re.compile(
    r"^\s*(?:\[[^\]]{1,40}\]\s*)?(?:fwd?|wg|doorst|tr|إعادة\s*توجيه|اعادة\s*توجيه)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]",
    re.IGNORECASE,
)
_ATTRIBUTION = {
    "en": "On {date}, {who} wrote:",
    "nl": "Op {date} schreef {who}:",
    "ar": "في {date}، كتب {who}:",
}


class ComposeError(ValueError):
    """A message that must not be written: a bad address, a line break in a header…"""


@dataclass(frozen=True, slots=True)
class Original:
    """What a reply or forward needs from the message it answers.

    ``message_id`` and ``references`` keep the original's exact spelling (the
    store keeps them lower-cased for threading; other clients compare exactly).
    """

    message_id: str
    references: tuple[str, ...]
    subject: str
    sender: Address | None
    reply_to: tuple[Address, ...]
    to: tuple[Address, ...]
    date: datetime | None
    text: str
    language: str
    raw: bytes = b""

    @classmethod
    def from_raw(cls, raw: bytes) -> Original:
        """Read an original from its raw bytes (never raises on odd mail)."""
        parsed = parse_message(raw)
        headers = BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
        mids = _exact_ids(headers.get_all("Message-ID") or [])
        refs = _exact_ids(headers.get_all("References") or [])
        if not refs:
            refs = _exact_ids(headers.get_all("In-Reply-To") or [])
        return cls(
            message_id=mids[0] if mids else parsed.message_id,
            references=refs,
            subject=parsed.subject,
            sender=parsed.sender,
            reply_to=parsed.reply_to,
            to=parsed.to,
            date=parsed.date,
            text=parsed.text,
            language=parsed.language,
            raw=raw,
        )


@dataclass(frozen=True, slots=True)
class Composed:
    """A finished message: its fixed Message-ID (without brackets) and its bytes."""

    message_id: str
    raw: bytes
    recipients: tuple[str, ...]
    subject: str


def _exact_ids(values: Iterable[object]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        for mid in _MSGID.findall(str(value)):
            if mid.isascii():
                seen.setdefault(mid.lower(), mid)
    return tuple(seen.values())


def untrusted(text: str) -> str:
    """A header text from received mail made safe: control characters become spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def checked_header(value: str, what: str) -> str:
    """``value`` if it may go into a header; :class:`ComposeError` otherwise."""
    if _CONTROL.search(value):
        raise ComposeError(f"the {what} contains a line break or control character")
    return value


def normalize_address(value: str) -> str:
    """A plain ``local@domain`` address (domain in ASCII/IDNA), or :class:`ComposeError`."""
    text = value.strip()
    checked_header(text, "address")
    local, at, domain = text.rpartition("@")
    if not at:
        raise ComposeError(f"{text!r} is not an e-mail address")
    try:
        domain = domain.encode("idna").decode("ascii") if not domain.isascii() else domain
    except UnicodeError:
        raise ComposeError(f"the domain of {text!r} is not a valid domain name") from None
    addr = f"{local}@{domain.lower()}"
    if not _ADDR_SPEC.fullmatch(addr) or len(addr) > 254:
        raise ComposeError(
            f"{text!r} is not a plain e-mail address (one address, local@domain, "
            "no names, commas or spaces)"
        )
    return addr


def _header_address(person: Address, what: str) -> HeaderAddress:
    addr = normalize_address(person.addr)
    local, _, domain = addr.rpartition("@")
    name = checked_header(person.name.strip(), what)
    return HeaderAddress(display_name=name, username=local, domain=domain)


def make_message_id(sender: str, now: datetime) -> str:
    """A new, unique Message-ID (without brackets) on the domain of ``sender``."""
    domain = normalize_address(sender).rpartition("@")[2]
    return f"{int(now.timestamp()):x}.{token_hex(12)}@{domain}"


def reply_subject(subject: str) -> str:
    """``Re: subject``, unless it already starts with a reply prefix in any language."""
    subject = untrusted(subject)
    return subject if _REPLY_PREFIX.match(subject) else f"Re: {subject}".rstrip()


def forward_subject(subject: str) -> str:
    """``Fwd: subject``, unless it already starts with a forward prefix."""
    subject = untrusted(subject)
    return subject if _FORWARD_PREFIX.match(subject) else f"Fwd: {subject}".rstrip()


def thread_references(original: Original) -> tuple[str, ...]:
    """The References of a reply: the original's plus its id, kept to the first and newest."""
    refs = [r for r in (*original.references, original.message_id) if r]
    unique = list(dict.fromkeys(refs))
    if len(unique) > MAX_REFERENCES:
        unique = [unique[0], *unique[-(MAX_REFERENCES - 1) :]]
    return tuple(unique)


def reply_recipients(original: Original, me: Address) -> tuple[Address, ...]:
    """Who a reply goes to: Reply-To, else the sender; for our own mail, its recipients."""
    ours = original.sender is not None and original.sender.addr.lower() == me.addr.lower()
    if ours:
        candidates: Sequence[Address] = original.to
    else:
        candidates = original.reply_to or ((original.sender,) if original.sender else ())
    out: list[Address] = []
    for person in candidates:
        try:
            addr = normalize_address(person.addr)
        except ComposeError:
            continue  # junk in a received header: skip it, never send to it
        if addr not in {o.addr for o in out}:
            out.append(Address(name=untrusted(person.name), addr=addr))
    if not out:
        raise ComposeError("the original message has no address to reply to")
    return tuple(out)


def attribution(original: Original, language: str, tz: tzinfo | None = None) -> str:
    """ "On DATE, NAME wrote:" in ``language``, with date and name bidi-isolated."""
    template = _ATTRIBUTION.get(language, _ATTRIBUTION["en"])
    sender = original.sender
    if sender is None:
        who = "?"
    else:
        name = untrusted(sender.name)
        who = f"{name} <{sender.addr}>" if name else sender.addr
    if original.date is None:
        date = "?"
    else:
        local = original.date.astimezone(tz) if tz else original.date.astimezone()
        date = local.strftime("%Y-%m-%d %H:%M")
    return template.format(date=f"{FSI}{date}{PDI}", who=f"{FSI}{who}{PDI}")


def quoted(text: str) -> str:
    """``text`` quoted with ``> `` (``>`` before lines that are quotes already)."""
    text = _lines(text).strip("\n")
    if len(text) > QUOTE_LIMIT:
        text = text[:QUOTE_LIMIT].rsplit("\n", 1)[0] + "\n[…]"
    return "\n".join(
        ">" + line if line.startswith(">") else ("> " + line if line else ">")
        for line in text.split("\n")
    )


def _lines(text: str) -> str:
    """Unix line ends, no stray control characters (tabs and newlines stay)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch if ch in "\n\t" or unicodedata.category(ch) != "Cc" else " " for ch in text
    ).rstrip()


def _headers(
    msg: EmailMessage, me: Address, to: Sequence[Address], subject: str, mid: str, now: datetime
) -> None:
    msg["From"] = _header_address(me, "sender name")
    msg["To"] = [_header_address(a, "recipient name") for a in to]
    msg["Subject"] = checked_header(subject, "subject")
    msg["Date"] = email.utils.format_datetime(now.astimezone())
    msg["Message-ID"] = f"<{mid}>"


def build_reply(
    original: Original,
    me: Address,
    body: str,
    *,
    quote: bool = True,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> Composed:
    """A reply from ``me`` to ``original``: threaded, quoted, with a fixed Message-ID."""
    now = now or datetime.now(UTC)
    to = reply_recipients(original, me)
    subject = reply_subject(original.subject)
    mid = make_message_id(me.addr, now)
    text = _lines(body)
    if quote and original.text.strip():
        language = detect_language(text) or original.language or "en"
        text = f"{text}\n\n{attribution(original, language, tz)}\n{quoted(original.text)}"
    msg = EmailMessage(policy=POLICY)
    _headers(msg, me, to, subject, mid, now)
    if original.message_id:
        msg["In-Reply-To"] = checked_header(f"<{original.message_id}>", "In-Reply-To")
    refs = thread_references(original)
    if refs:
        msg["References"] = checked_header(" ".join(f"<{r}>" for r in refs), "References")
    msg.set_content(text + "\n", charset="utf-8")
    return Composed(mid, msg.as_bytes(), tuple(a.addr for a in to), subject)


def build_new(
    me: Address,
    to: Address,
    subject: str,
    body: str,
    *,
    now: datetime | None = None,
) -> Composed:
    """A new message from ``me`` to ``to`` (e.g. to someone whose public post we saw)."""
    now = now or datetime.now(UTC)
    if not subject.strip():
        raise ComposeError("a new message needs a subject")
    if not body.strip():
        raise ComposeError("a new message needs some text")
    recipient = Address(name=to.name, addr=normalize_address(to.addr))
    mid = make_message_id(me.addr, now)
    msg = EmailMessage(policy=POLICY)
    _headers(msg, me, [recipient], subject.strip(), mid, now)
    msg.set_content(_lines(body) + "\n", charset="utf-8")
    return Composed(mid, msg.as_bytes(), (recipient.addr,), subject.strip())


def build_forward(
    original_raw: bytes,
    me: Address,
    to: Address,
    note: str = "",
    *,
    now: datetime | None = None,
) -> Composed:
    """``original_raw`` forwarded as an attached message/rfc822, with ``note`` above it.

    The original's bytes are attached as they are (line ends made CRLF), so a
    colleague sees exactly what the customer sent, headers and attachments.
    """
    now = now or datetime.now(UTC)
    original = Original.from_raw(original_raw)
    subject = forward_subject(original.subject)
    mid = make_message_id(me.addr, now)
    recipient = Address(name=to.name, addr=normalize_address(to.addr))
    attached = re.sub(rb"\r\n|\r|\n", b"\r\n", original_raw)
    if not attached.endswith(b"\r\n"):
        attached += b"\r\n"
    boundary = f"=_cm-desk_{token_hex(16)}"
    while boundary.encode() in attached:  # practically never; cheap to be sure
        boundary = f"=_cm-desk_{token_hex(16)}"

    head = EmailMessage(policy=POLICY)
    _headers(head, me, [recipient], subject, mid, now)
    head["MIME-Version"] = "1.0"
    head["Content-Type"] = f'multipart/mixed; boundary="{boundary}"'
    note_part = MIMEPart(policy=POLICY)
    note_part.set_content(_lines(note) + "\n", charset="utf-8")
    cte = b"7bit" if attached.isascii() else b"8bit"
    delimiter = b"--" + boundary.encode()
    raw = b"".join(
        [
            *(POLICY.fold_binary(name, value) for name, value in head.items()),
            b"\r\n",
            delimiter + b"\r\n",
            note_part.as_bytes(),
            b"\r\n" + delimiter + b"\r\n",
            b"Content-Type: message/rfc822\r\n",
            b"Content-Disposition: inline\r\n",
            b"Content-Transfer-Encoding: " + cte + b"\r\n\r\n",
            attached,
            b"\r\n" + delimiter + b"--\r\n",
        ]
    )
    return Composed(mid, raw, (recipient.addr,), subject)

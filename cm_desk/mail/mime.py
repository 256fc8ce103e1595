"""A fast, lenient MIME splitter working on bytes.

The stdlib ``email`` feed parser reads a message line by line, which costs
most of an import's time on mail with megabyte attachments. Here a message
is cut at its boundaries with ``bytes.find``, bodies are decoded with
``binascii``, and nothing is interpreted that the importer does not need.

Header values are kept as ``str`` with raw 8-bit bytes as surrogate escapes
(like the stdlib), so :func:`cm_desk.mail.charsets.decode_header` can decide
what those bytes meant.
"""

from __future__ import annotations

import binascii
import itertools
import re
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

from cm_desk.mail.charsets import decode_bytes, decode_escaped

MAX_DEPTH = 40  # guards against hostile nesting
MAX_PARTS = 2000


@dataclass(slots=True)
class Part:
    """One MIME entity: its headers, raw (still encoded) body and children."""

    headers: list[tuple[str, str]]
    body: bytes
    children: list[Part] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        """First value of header ``name`` (case-insensitive), unfolded."""
        name = name.lower()
        for key, value in self.headers:
            if key == name:
                return value
        return None

    def get_all(self, name: str) -> list[str]:
        """Every value of header ``name``."""
        name = name.lower()
        return [value for key, value in self.headers if key == name]

    @property
    def content_type(self) -> str:
        """``maintype/subtype`` in lower case; text/plain when absent or broken."""
        value = self.get("content-type")
        if not value:
            return "text/plain"
        ctype = value.split(";", 1)[0].strip().lower()
        return ctype if "/" in ctype and " " not in ctype else "text/plain"

    def param(self, name: str, header: str = "content-type") -> str:
        """A parameter of a structured header, RFC 2231 decoded."""
        return parse_params(self.get(header) or "").get(name, "")

    def decoded(self) -> bytes:
        """The body with its Content-Transfer-Encoding undone."""
        cte = (self.get("content-transfer-encoding") or "").strip().lower()
        body = self.body
        if cte == "base64":
            try:
                return binascii.a2b_base64(body)
            except (binascii.Error, ValueError):
                cleaned = re.sub(rb"[^A-Za-z0-9+/]", b"", body)
                cleaned = cleaned[: len(cleaned) - len(cleaned) % 4]
                try:
                    return binascii.a2b_base64(cleaned)
                except (binascii.Error, ValueError):
                    return body
        if cte == "quoted-printable":
            return binascii.a2b_qp(body)
        return body

    def walk(self) -> list[Part]:
        """This part and all its descendants, depth first."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


_HEADER_END = re.compile(rb"\r?\n\r?\n")


def _split_headers(data: bytes) -> tuple[list[tuple[str, str]], bytes, list[str]]:
    defects: list[str] = []
    if data.startswith((b"\n", b"\r\n")):
        nl = data.index(b"\n")
        return [], data[nl + 1 :], defects
    m = _HEADER_END.search(data)
    if m is None:
        block, body = data, b""
    else:
        block, body = data[: m.start()], data[m.end() :]
    headers: list[tuple[str, str]] = []
    text = block.decode("ascii", "surrogateescape")  # one character per byte
    offset = 0
    for line in text.split("\n"):
        start = offset
        offset += len(line) + 1
        line = line.rstrip("\r")
        if not line:
            continue
        if line[0] in " \t":
            if headers:
                name, value = headers[-1]
                headers[-1] = (name, f"{value} {line.strip()}" if value else line.strip())
            continue
        if line.startswith("From ") and not headers:
            continue  # mbox separator
        name, sep, value = line.partition(":")
        if not sep or not name or " " in name.strip():
            defects.append("MissingHeaderBodySeparator")
            # A line that is no header ends the header block: the rest is body.
            return headers, data[start:], defects
        headers.append((name.strip().lower(), value.strip()))
    return headers, body, defects


def _split_multipart(body: bytes, boundary: bytes) -> tuple[list[bytes], bool]:
    """Bodies between ``--boundary`` lines; True when the close line was found."""
    delim = b"--" + boundary
    parts: list[bytes] = []
    starts: list[tuple[int, int]] = []  # (line start, after delimiter line)
    pos = 0
    closed = False
    n = len(body)
    while pos <= n:
        idx = body.find(delim, pos)
        if idx < 0:
            break
        at_line_start = idx == 0 or body[idx - 1 : idx] == b"\n"
        after = idx + len(delim)
        tail = body[after : after + 2]
        eol = body.find(b"\n", after)
        line_end = n if eol < 0 else eol + 1
        # Only "--boundary" or "--boundary--" plus blanks is a delimiter line: an
        # inner boundary that merely starts with this one ("abc-def") is not.
        if not at_line_start or (tail != b"--" and body[after:line_end].strip(b" \t\r\n")):
            pos = after
            continue
        start = idx - 1 if idx > 0 else 0
        if start > 0 and body[start - 1 : start] == b"\r":
            start -= 1
        starts.append((start, line_end))
        if tail == b"--":
            closed = True
            break
        pos = line_end
    for (_, begin), (end, _) in itertools.pairwise(starts):
        parts.append(body[begin:end])
    if starts and not closed:
        parts.append(body[starts[-1][1] :])
    return parts, closed


def parse_bytes(data: bytes, depth: int = 0, budget: list[int] | None = None) -> Part:
    """Parse a message (or body part) into a :class:`Part` tree."""
    budget = budget if budget is not None else [MAX_PARTS]
    headers, body, defects = _split_headers(data)
    part = Part(headers=headers, body=body, defects=defects)
    ctype = part.content_type
    if depth >= MAX_DEPTH or budget[0] <= 0:
        return part
    if ctype.startswith("multipart/"):
        boundary = part.param("boundary")
        if not boundary:
            part.defects.append("NoBoundaryInMultipart")
            return part
        chunks, closed = _split_multipart(body, boundary.encode("ascii", "surrogateescape"))
        if not chunks:
            part.defects.append("MultipartWithoutParts")
            return part
        if not closed:
            part.defects.append("CloseBoundaryNotFound")
        for chunk in chunks:
            budget[0] -= 1
            if budget[0] <= 0:
                break
            part.children.append(parse_bytes(chunk, depth + 1, budget))
    elif ctype == "message/rfc822" and (
        part.get("content-transfer-encoding") or ""
    ).strip().lower() in ("", "7bit", "8bit", "binary"):
        budget[0] -= 1
        part.children.append(parse_bytes(body, depth + 1, budget))
    return part


_PARAM = re.compile(
    r""";\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)""",
)


def parse_params(value: str) -> dict[str, str]:
    """Parameters of a structured header (``a=b; c="d"``), RFC 2231 included.

    Keys are lower-cased; ``name*0*=utf-8''..`` continuations are joined and
    their percent-encoded bytes decoded with the declared charset.
    """
    out: dict[str, str] = {}
    pieces: dict[str, dict[int, tuple[str, bool]]] = {}
    for key, raw in _PARAM.findall(";" + value.split(";", 1)[1] if ";" in value else ""):
        key = key.lower()
        val = raw.strip()
        if val.startswith('"'):
            val = val[1:-1] if val.endswith('"') and len(val) > 1 else val[1:]
            val = re.sub(r"\\(.)", r"\1", val)
        if "*" in key:
            base, _, rest = key.partition("*")
            encoded = rest.endswith("*") or rest == ""
            num_text = rest.rstrip("*")
            num = int(num_text) if num_text.isdigit() else 0
            pieces.setdefault(base, {})[num] = (val, encoded)
        else:
            out.setdefault(key, decode_escaped(val))
    for base, numbered in pieces.items():
        charset = ""
        chunks: list[bytes] = []
        for i, (val, encoded) in enumerate(numbered[k] for k in sorted(numbered)):
            if encoded:
                if i == 0 and val.count("'") >= 2:
                    charset, _lang, val = val.split("'", 2)
                chunks.append(unquote_to_bytes(val))
            else:
                chunks.append(val.encode("ascii", "surrogateescape"))
        out[base] = decode_bytes(b"".join(chunks), charset or "utf-8")
    return out

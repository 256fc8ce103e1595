"""Printing for humans (aligned text) and for programs (``--json``)."""

from __future__ import annotations

import json
import sys
import unicodedata
from datetime import datetime
from typing import Any


def emit_json(data: Any) -> None:
    """One JSON document on stdout (UTF-8, not ASCII-escaped)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")


def local_time(dt: datetime | None) -> str:
    """A date as the user reads it: local time, to the minute."""
    if dt is None:
        return "—"
    return dt.astimezone().strftime("%Y-%m-%d %H:%M")


def width(text: str) -> int:
    """Terminal columns ``text`` takes (wide East Asian characters count double)."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def fit(text: str, cols: int) -> str:
    """``text`` cut or padded to ``cols`` columns; bidi-isolated if right-to-left."""
    text = " ".join(text.split())
    if width(text) > cols:
        out, used = [], 0
        for ch in text:
            if used + width(ch) > cols - 1:
                break
            out.append(ch)
            used += width(ch)
        text = "".join(out) + "…"
    pad = " " * max(0, cols - width(text))
    if any("\u0590" <= ch <= "\u08ff" for ch in text):
        text = "\u2068" + text + "\u2069"  # FSI…PDI: Arabic cannot reorder the columns
    return text + pad

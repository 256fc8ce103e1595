"""Printing for humans (aligned text) and for programs (``--json``)."""

from __future__ import annotations

import json
import sys
import time
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


class ProgressLine:
    """A one-line progress bar on a terminal (at most ten redraws a second);
    silent when stderr is not a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.start = time.monotonic()
        self.last = 0.0

    def show(self, label: str, done: int, total: int, bytes_done: int, bytes_total: int) -> None:
        if not self.enabled or not total:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        filled = int(done / total * 30)
        rate = done / max(now - self.start, 1e-6)
        sys.stderr.write(
            f"\r{label} {'█' * filled}{'·' * (30 - filled)} {done}/{total} messages, "
            f"{bytes_done / 1e6:.0f}/{bytes_total / 1e6:.0f} MB, {rate:.0f} msg/s "
        )
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

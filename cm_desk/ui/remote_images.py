"""Remote images, only for senders the CM trusts, fetched off the UI thread and bounded.

Blocked by default (a tracking pixel tells a sender when their mail was read);
"load images from this sender" fetches them once on a network worker: http(s)
only, at most 20 per thread, 2 MB each, image types only, 10 s for all.
"""

from __future__ import annotations

import re
import time

MAX_IMAGES = 20
MAX_BYTES = 2 * 1024 * 1024
DEADLINE = 10.0

_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"(https?://[^\"]+)\"", re.IGNORECASE)


def remote_sources(safe_html: str) -> list[str]:
    """The remote image addresses in sanitised HTML, in order, once each."""
    seen: dict[str, None] = {}
    for m in _SRC.finditer(safe_html):
        seen.setdefault(m.group(1).replace("&amp;", "&"), None)
    return list(seen)[:MAX_IMAGES]


def fetch_images(urls: list[str]) -> dict[str, bytes]:
    """Network worker: what could be fetched in time, by address (failures are skipped)."""
    import httpx  # here, on the worker: the window does not wait for it to load

    found: dict[str, bytes] = {}
    started = time.monotonic()
    with httpx.Client(timeout=5.0, follow_redirects=True, max_redirects=3) as client:
        for url in urls[:MAX_IMAGES]:
            if time.monotonic() - started > DEADLINE:
                break
            try:
                with client.stream("GET", url) as resp:
                    kind = resp.headers.get("content-type", "")
                    if resp.status_code != 200 or not kind.startswith("image/"):
                        continue
                    data = bytearray()
                    for chunk in resp.iter_bytes():
                        data += chunk
                        if len(data) > MAX_BYTES:
                            break
                    if len(data) <= MAX_BYTES:
                        found[url] = bytes(data)
            except (httpx.HTTPError, OSError):
                continue
    return found

"""Attachment bytes, read back from the raw message the store keeps."""

from __future__ import annotations

from cm_desk.domain.models import AttachmentInfo
from cm_desk.mail.parse import find_part
from cm_desk.store.sql import Sql


class AttachmentNotFound(LookupError):
    """No such attachment, or its message's raw source no longer has that part."""


def attachment_bytes(conn: object, attachment_id: int) -> tuple[AttachmentInfo, bytes]:
    """The attachment's metadata and its decoded bytes (``conn``: anything
    :meth:`Sql.of` takes; plain SQL, for the thread's inline images)."""
    row = Sql.of(conn).first(
        "SELECT a.part, a.filename, a.content_type, a.size, a.content_id, a.inline, r.raw"
        " FROM attachments a JOIN item_raw r ON r.item_id = a.item_id WHERE a.id = ?",
        [attachment_id],
    )
    if row is None:
        raise AttachmentNotFound(f"no attachment {attachment_id}")
    part, filename, content_type, size, content_id, inline, raw = row
    info = AttachmentInfo(
        part=part,
        filename=filename,
        content_type=content_type,
        size=size,
        content_id=content_id,
        inline=bool(inline),
    )
    try:
        return info, find_part(bytes(raw), part)
    except (KeyError, IndexError, ValueError) as exc:
        raise AttachmentNotFound(f"attachment {attachment_id} is not in its message") from exc

"""Attachment bytes, read back from the raw message the store keeps."""

from __future__ import annotations

from sqlalchemy import Connection, select

from cm_desk.domain.models import AttachmentInfo
from cm_desk.mail.parse import find_part
from cm_desk.store.schema import Attachment, ItemRaw


class AttachmentNotFound(LookupError):
    """No such attachment, or its message's raw source no longer has that part."""


def attachment_bytes(conn: Connection, attachment_id: int) -> tuple[AttachmentInfo, bytes]:
    """The attachment's metadata and its decoded bytes."""
    row = conn.execute(
        select(
            Attachment.part,
            Attachment.filename,
            Attachment.content_type,
            Attachment.size,
            Attachment.content_id,
            Attachment.inline,
            ItemRaw.raw,
        )
        .join(ItemRaw, ItemRaw.item_id == Attachment.item_id)
        .where(Attachment.id == attachment_id)
    ).first()
    if row is None:
        raise AttachmentNotFound(f"no attachment {attachment_id}")
    info = AttachmentInfo(
        part=row.part,
        filename=row.filename,
        content_type=row.content_type,
        size=row.size,
        content_id=row.content_id,
        inline=row.inline,
    )
    try:
        return info, find_part(row.raw, row.part)
    except (KeyError, IndexError, ValueError) as exc:
        raise AttachmentNotFound(f"attachment {attachment_id} is not in its message") from exc

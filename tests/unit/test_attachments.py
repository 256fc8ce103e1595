"""Attachment bytes come back identical from the stored raw message."""

from __future__ import annotations

import base64
import os

import pytest
from sqlalchemy import insert, select

from cm_desk.mail.attachments import AttachmentNotFound, attachment_bytes
from cm_desk.mail.parse import parse_message
from cm_desk.store.engine import Store
from cm_desk.store.ingest import Ingestor
from cm_desk.store.schema import Account, Attachment


def test_attachment_bytes_round_trip(store: Store) -> None:
    payload = os.urandom(300_000)
    raw = (
        b"From: a@b.nl\r\nTo: c@d.nl\r\nSubject: bijlage\r\nMessage-ID: <att@x>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=BB\r\n\r\n"
        b"--BB\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nZie bijlage.\r\n"
        b"--BB\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Disposition: attachment; filename*=utf-8''uitnodiging%20re%C3%BCnie.pdf\r\n\r\n"
        + base64.encodebytes(payload).replace(b"\n", b"\r\n")
        + b"--BB--\r\n"
    )
    with store.write() as conn:
        conn.execute(insert(Account).values(id=7, name="att", created_at=0))
        Ingestor(7).add_messages(conn, [parse_message(raw)])
    with store.engine.connect() as conn:
        att_id = conn.execute(select(Attachment.id)).scalar_one()
        info, data = attachment_bytes(conn, att_id)
        assert info.filename == "uitnodiging reünie.pdf" and info.size == len(payload)
        assert data == payload
        with pytest.raises(AttachmentNotFound):
            attachment_bytes(conn, att_id + 1)

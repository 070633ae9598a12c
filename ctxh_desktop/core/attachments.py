"""Attachments: what a scanned decision, a photo or a document may be, checked by its content.

Only JPEG, PNG and PDF files are kept, recognised by their first bytes (their "magic"), never by
the file's name: an ``.exe`` renamed ``.jpg`` is refused. A file holds at most
:data:`MAX_BYTES` (3 MB): its content travels in a bundle as one base64 line, which must stay
under the bundle reader's 4 MiB line cap (``sync.bundle_format.Limits.max_line``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import N_, _

#: The largest file kept, in bytes (3 MB; base64 makes it 4,000,000 characters).
MAX_BYTES = 3_000_000
#: The longest title of an attachment.
MAX_TITLE = 200
#: The longest file name kept (the name the file had when attached, for "save a copy").
MAX_FILE_NAME = 255

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
MIME_TYPES = (JPEG, PNG, PDF)
_MAGIC = ((b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG), (b"%PDF-", PDF))
#: The file extension a saved copy gets, per kind.
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", PDF: ".pdf"}

#: What a case attachment may be linked to: a decision the case records (Decree 56/2017/NĐ-CP,
#: Art. 28(4) for the plan's approval, Art. 32(2) for a temporary separation).
DECISIONS = {
    "plan_approval": N_("Quyết định phê duyệt kế hoạch"),
    "separation": N_("Quyết định tạm thời cách ly trẻ em"),
}


def sniff(data: bytes) -> str | None:
    """The kind of file ``data`` is (one of :data:`MIME_TYPES`), from its first bytes; ``None``
    when it is none of them."""
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    return None


def size_text(size: int) -> str:
    """A size as people read it: ``"850 KB"``, ``"2,4 MB"``."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def too_large() -> str:
    """Why a file over :data:`MAX_BYTES` is refused (Vietnamese, translated)."""
    return _(
        "Tệp quá lớn: chỉ đính kèm được tệp đến 3 MB. Hãy quét lại với độ phân giải thấp hơn"
        " hoặc chia thành nhiều tệp."
    )


def check_content(data: bytes) -> str:
    """The kind of a file to attach; ``UserError`` (Vietnamese, field ``file``) when it is empty,
    larger than :data:`MAX_BYTES` or not a JPEG, PNG or PDF by its content."""
    if not data:
        raise UserError(_("Tệp rỗng, không có gì để đính kèm."), field="file")
    if len(data) > MAX_BYTES:
        raise UserError(too_large(), field="file")
    mime = sniff(data)
    if mime is None:
        raise UserError(
            _(
                "Tệp này không phải ảnh JPEG, PNG hay tài liệu PDF (đã kiểm tra nội dung tệp, không"
                " dựa vào tên tệp). Chỉ đính kèm được ảnh chụp, bản quét JPEG/PNG hoặc PDF."
            ),
            field="file",
        )
    return mime


def digest(data: bytes) -> str:
    """The SHA-256 of a file's content, in hex (shown nowhere; checks a copy is whole)."""
    return hashlib.sha256(data).hexdigest()


def encode(data: bytes) -> str:
    """A file's content as stored and sent: base64 text."""
    return base64.b64encode(data).decode("ascii")


def decode(text: str) -> bytes:
    """The bytes of stored content (:func:`encode`'s inverse); ``ValueError`` when not base64."""
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError("not base64") from exc


def content_problem(value: object) -> str | None:
    """Why a received ``content`` value is refused (not base64 text, larger than the cap, not a
    JPEG, PNG or PDF), or ``None``; nothing (``None``) is allowed (a file not sent)."""
    if value is None:
        return None
    if type(value) is not str or len(value) > (MAX_BYTES + 2) // 3 * 4:
        return _("không phải nội dung tệp hợp lệ")
    try:
        data = decode(value)
    except ValueError:
        return _("không phải nội dung tệp hợp lệ")
    return None if data and sniff(data) else _("không phải ảnh JPEG, PNG hay tệp PDF")


def row_problem(row: dict) -> str | None:
    """Why a received attachment row is refused as a whole (its content is not of the kind or
    size its ``mime`` and ``size`` say), or ``None``; each column was checked on its own first."""
    content = row.get("content")
    if content is None:
        return None
    data = decode(content)
    if sniff(data) != row.get("mime") or len(data) != row.get("size"):
        return _("nội dung tệp không khớp loại hoặc cỡ tệp đã ghi")
    return None

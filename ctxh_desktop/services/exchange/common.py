"""What every part of the exchange shares: the clock, bounded file reads, the commune/office
checks, the typed-fingerprint check and signed-file writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.file_reads import read_limited
from ctxh_desktop.i18n import _
from ctxh_desktop.services import access
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.sync import bundle_format, bundle_writer, config, keys

#: How many characters of a fingerprint a person types: all of them (100 bits).
FINGERPRINT_LENGTH = keys.FINGERPRINT_LENGTH


def current_time() -> dt.datetime:
    """Now, to the second (the moments stored with imports, exports and enrolments)."""
    return dt.datetime.now().replace(microsecond=0)


def read_bounded(path: Path | str, limit: int = bundle_format.DEFAULT_LIMITS.max_file) -> bytes:
    """A file's bytes, refused with a clear message when missing, a folder or over ``limit``."""
    return read_limited(path, limit, _("Tệp quá lớn, không phải tệp dữ liệu đồng bộ hợp lệ."))


def require_commune(session: Session) -> None:
    """Refuse unless this is a commune's database."""
    if session.kind != "commune":
        raise UserError(
            _("Việc này chỉ làm trên máy của xã, không làm trên máy của đơn vị tiếp nhận.")
        )


def require_office(session: Session) -> dict[str, Any]:
    """The office's own row, or a refusal when this is not an office's database."""
    info = db_exchange.office(session.store) if session.kind == "office" else None
    if info is None:
        raise UserError(
            _("Cơ sở dữ liệu này không phải của đơn vị tiếp nhận (dùng lệnh office init).")
        )
    return info


def check_fingerprint(fingerprint: str, typed: str) -> None:
    """Refuse unless ``typed`` is the file's whole fingerprint (100 bits; dashes, spaces and
    case ignored): a shorter text is refused, never taken as a prefix."""
    if len(keys.normalise_fingerprint(typed)) < keys.FINGERPRINT_LENGTH:
        raise UserError(
            _("Hãy gõ đủ {n} ký tự của dấu vân tay.").format(n=keys.FINGERPRINT_LENGTH),
            field="fingerprint",
        )
    if not keys.fingerprint_matches(fingerprint, typed):
        raise UserError(
            _(
                "Dấu vân tay không khớp: tệp này không phải của đơn vị/thiết bị bạn mong đợi."
                " Đừng dùng tệp này; hãy liên hệ người gửi qua kênh khác."
            ),
            field="fingerprint",
        )


def save_file(path: Path | str, data: bytes) -> None:
    """Write a config, enrolment, receipt or recovery file atomically (clear message on failure)."""
    bundle_writer.atomic_write(Path(path), data)


def file_fingerprint(path: Path | str) -> str:
    """The fingerprint of a config or enrolment file (its signature checked first)."""
    return config.fingerprint_of_file(read_bounded(path, signed_limit()))


def signed_limit() -> int:
    """Size cap of config, enrolment and receipt files."""
    from ctxh_desktop.sync.signed import MAX_DOCUMENT

    return MAX_DOCUMENT


def office_device_id(unit_code: str) -> str:
    """The sender id an office uses in the bundles it makes (restore, forward)."""
    return f"office-{unit_code}"


def office_and_device(session: Session, device_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The office's row and an enrolled device's (any status), refused unless the account may act
    for the office and the device is known."""
    info = require_office(session)
    access.require(session, "office")
    device = db_exchange.device(session.store, device_id)
    if device is None:
        raise UserError(_("Không có thiết bị {device}.").format(device=device_id))
    return info, device

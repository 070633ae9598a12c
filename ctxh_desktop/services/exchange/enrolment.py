"""Office side: enrolling and revoking the devices (and lower offices) that send files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services import access
from ctxh_desktop.services.exchange.common import (
    check_fingerprint,
    current_time,
    read_bounded,
    require_office,
    signed_limit,
)
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.sync import config


def enrol_device(session: Session, enrolment_path: Path | str, typed: str) -> dict[str, Any]:
    """Register a commune device after checking the typed fingerprint prefix."""
    require_office(session)
    access.require(session, "office")
    data = read_bounded(enrolment_path, signed_limit())
    info = config.read_enrolment(data)
    check_fingerprint(info["fingerprint"], typed)
    expected = {c["commune"] for c in db_exchange.expected_communes(session.store)}
    if expected and info["commune_code"] not in expected:
        raise UserError(
            _("Xã {commune} không thuộc danh sách xã của đơn vị này.").format(
                commune=info["commune_code"]
            )
        )
    return save_enrolled_device(session, info, data)


def save_enrolled_device(session: Session, info: dict[str, Any], data: bytes) -> dict[str, Any]:
    """Keep a verified enrolment (a commune's device, or a lower office) and audit it.

    Refused when the device is already enrolled with another key or commune (a key swap), or when
    the key is already enrolled for another device."""
    key = info["fingerprint"]
    for known in db_exchange.devices(session.store):
        same_device = known["device_id"] == info["device_id"]
        if same_device and (
            known["fingerprint"] != key or known["commune"] != info["commune_code"]
        ):
            raise UserError(
                _(
                    "Thiết bị {device} đã đăng ký với khóa hoặc xã khác; không thay khóa được."
                ).format(device=info["device_id"])
            )
        if not same_device and known["fingerprint"] == key:
            raise UserError(
                _("Khóa này đã đăng ký cho thiết bị {device} của xã {commune}.").format(
                    device=known["device_id"], commune=known["commune"]
                )
            )
    with session.store.atomic():
        db_exchange.save_device(session.store, info, data, current_time().isoformat())
        access.record(
            session,
            "enrol_device",
            "device",
            info["device_id"],
            {"commune": info["commune_code"], "fingerprint": info["fingerprint"]},
        )
    return info


def revoke_device(session: Session, device_id: str) -> None:
    """Stop accepting a device's files (a lost or stolen laptop)."""
    require_office(session)
    access.require(session, "office")
    with session.store.atomic():
        if not db_exchange.set_device_status(session.store, device_id, "revoked"):
            raise UserError(_("Không có thiết bị {device}.").format(device=device_id))
        access.record(session, "revoke_device", "device", device_id)

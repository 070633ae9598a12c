"""Office side: enrolling and revoking the devices (and lower offices) that send files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services import access
from ctxh_desktop.services.exchange.common import (
    check_fingerprint,
    current_time,
    office_device_id,
    read_bounded,
    require_office,
    signed_limit,
)
from ctxh_desktop.services.exchange.forwarded import belongs_to
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.sync import config, keys

LOWER_OFFICES = "receive_lower_offices"


@dataclass(frozen=True)
class Replacement:
    """What a clerk names to replace an enrolled device's key: its commune and the full
    fingerprint of the key enrolled now."""

    commune: str
    old_fingerprint: str


def enrol_device(
    session: Session,
    enrolment_path: Path | str,
    typed: str,
    replace: Replacement | None = None,
) -> dict[str, Any]:
    """Enrol a commune's device, or a lower office (its enrolment names ``office-<unit>``), after
    checking the typed fingerprint.

    A commune's device enrols only for a commune on the office's expected list; a lower office only
    when the office receives from lower offices (:func:`set_lower_offices`, off by default: since
    the 2025 reform a province has no district below it) and only for a unit inside this one."""
    own = require_office(session)
    access.require(session, "office")
    data = read_bounded(enrolment_path, signed_limit())
    info = config.read_enrolment(data)
    check_fingerprint(info["fingerprint"], typed)
    commune = info["commune_code"]
    if info["device_id"] == office_device_id(commune):
        _check_lower_office(session, own["unit_code"], commune)
    elif info["device_id"].startswith(office_device_id("")):
        raise UserError(_("Tệp đăng ký này không hợp lệ: mã thiết bị dành cho đơn vị."))
    else:
        expected = {c["commune"] for c in db_exchange.expected_communes(session.store)}
        if commune not in expected:
            raise UserError(
                _("Xã {commune} không thuộc danh sách xã của đơn vị này.").format(commune=commune)
            )
    return save_enrolled_device(session, info, data, replace)


def _check_lower_office(session: Session, own_unit: str, unit: str) -> None:
    if session.store.setting(LOWER_OFFICES) != "1":
        raise UserError(
            _(
                "Đơn vị này không nhận dữ liệu từ đơn vị cấp dưới (từ năm 2025 tỉnh không còn cấp"
                " huyện); tệp đăng ký của đơn vị {unit} bị từ chối."
            ).format(unit=unit)
        )
    if unit == own_unit or not belongs_to(own_unit, unit):
        raise UserError(
            _("Đơn vị {unit} không phải đơn vị cấp dưới của đơn vị này.").format(unit=unit)
        )


def set_lower_offices(session: Session, allowed: bool) -> None:
    """Whether this office enrols lower offices (units inside it that forward their data)."""
    info = require_office(session)
    access.require(session, "office")
    with session.store.atomic():
        session.store.set_setting(LOWER_OFFICES, "1" if allowed else "0")
        access.record(session, "lower_offices", "office", info["unit_code"], {"allowed": allowed})


def lower_offices_allowed(session: Session) -> bool:
    """Whether this office enrols lower offices (off unless set)."""
    return session.store.setting(LOWER_OFFICES) == "1"


def save_enrolled_device(
    session: Session,
    info: dict[str, Any],
    data: bytes,
    replace: Replacement | None = None,
) -> dict[str, Any]:
    """Keep a verified enrolment (a commune's device, or a lower office) and audit it.

    Refused when the key is already enrolled for another device, when the device is enrolled for
    another commune, and when it is enrolled with another key unless the enrolment is a rotation
    signed by that key too, or ``replace`` names its commune and the full fingerprint of that key
    (either is audited with both fingerprints)."""
    key = info["fingerprint"]
    old = None
    for known in db_exchange.devices(session.store):
        if known["device_id"] != info["device_id"]:
            if known["fingerprint"] == key:
                raise UserError(
                    _("Khóa này đã đăng ký cho thiết bị {device} của xã {commune}.").format(
                        device=known["device_id"], commune=known["commune"]
                    )
                )
        elif known["commune"] != info["commune_code"]:
            raise UserError(
                _(
                    "Thiết bị {device} đã đăng ký với khóa hoặc xã khác; không thay khóa được."
                ).format(device=info["device_id"])
            )
        elif known["fingerprint"] != key:
            old = known["fingerprint"]
    rotated = old is not None and _signed_by_enrolled_key(session, info)
    if old is not None and not rotated:
        _check_replacement(info, old, replace)
    elif replace is not None:
        raise UserError(
            _("Thiết bị {device} chưa đăng ký khóa nào khác; không có gì để thay.").format(
                device=info["device_id"]
            )
        )
    with session.store.atomic():
        db_exchange.save_device(session.store, info, data, current_time().isoformat())
        details = {"commune": info["commune_code"], "fingerprint": key}
        if old is not None:
            details["replaced_fingerprint"] = old
        access.record(
            session,
            "rotate_device_key"
            if rotated
            else ("replace_device_key" if old is not None else "enrol_device"),
            "device",
            info["device_id"],
            details,
        )
    return info


def _signed_by_enrolled_key(session: Session, info: dict[str, Any]) -> bool:
    """A key rotation: the enrolment was signed (checked on reading) by the key enrolled now."""
    enrolled = db_exchange.device(session.store, info["device_id"]) or {}
    previous = info.get("previous_signing_public_key")
    return previous is not None and previous == enrolled.get("signing_public_key")


def _check_replacement(info: dict[str, Any], old: str, replace: Replacement | None) -> None:
    if replace is None:
        raise UserError(
            _(
                "Thiết bị {device} đã đăng ký với khóa khác; muốn thay khóa phải nêu rõ xã và"
                " dấu vân tay đầy đủ của khóa cũ."
            ).format(device=info["device_id"])
        )
    same_old = keys.normalise_fingerprint(replace.old_fingerprint) == keys.normalise_fingerprint(
        old
    )
    if replace.commune != info["commune_code"] or not same_old:
        raise UserError(
            _(
                "Xã hoặc dấu vân tay của khóa cũ không khớp với thiết bị {device}; không thay khóa."
            ).format(device=info["device_id"]),
            field="fingerprint",
        )


def revoke_device(session: Session, device_id: str) -> None:
    """Stop accepting a device's files (a lost or stolen laptop)."""
    require_office(session)
    access.require(session, "office")
    with session.store.atomic():
        if not db_exchange.set_device_status(session.store, device_id, "revoked"):
            raise UserError(_("Không có thiết bị {device}.").format(device=device_id))
        access.record(session, "revoke_device", "device", device_id)

"""Receipts: what the office holds for a commune device, signed, and the commune reading it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctxh_desktop.core import codes
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services.exchange.common import (
    office_and_device,
    read_bounded,
    require_commune,
    require_office,
    save_file,
    signed_limit,
)
from ctxh_desktop.services.exchange.office_setup import unlock_office
from ctxh_desktop.services.exchange.trust import trusted_config
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.sync import receipt


def make_receipt(session: Session, device_id: str, key_passphrase: str) -> bytes:
    """A receipt for a commune device: what the office holds for its commune, signed."""
    info, device = office_and_device(session, device_id)
    pair = unlock_office(session, key_passphrase)[0]
    epoch = db_exchange.current_epoch(session.store, device_id) or 0
    return receipt.make_receipt(
        pair,
        unit_code=info["unit_code"],
        commune=device["commune"],
        device_id=device_id,
        tables=db_exchange.holdings(session.store, device["commune"]),
        covered=db_exchange.covered_ranges(session.store, device_id, int(epoch or 0)),
        epoch=int(epoch or 0),
    )


def receipt_devices(session: Session) -> list[dict[str, Any]]:
    """The enrolled devices a receipt can be written for, the device of the last import first:
    ``[{"device_id", "commune", "commune_name", "name", "last_import"}]``."""
    require_office(session)
    last = db_exchange.last_import_device(session.store)
    out = []
    for device in db_exchange.devices(session.store):
        info = codes.commune(device["commune"]) or {}
        out.append(
            {
                "device_id": device["device_id"],
                "commune": device["commune"],
                "commune_name": info.get("name") or device["commune"],
                "name": device.get("name") or "",
                "last_import": device["device_id"] == last,
            }
        )
    out.sort(key=lambda d: not d["last_import"])
    return out


def write_receipt(session: Session, device_id: str, key_passphrase: str, out: Path | str) -> Path:
    """Write the signed receipt for a commune device (:func:`make_receipt`) to the file ``out``,
    or into the folder ``out`` as ``bien-nhan-<commune>-<device>.ctxhrcpt``; returns the file."""
    data = make_receipt(session, device_id, key_passphrase)
    target = Path(out)
    if target.is_dir():
        _office, device = office_and_device(session, device_id)
        commune = device["commune"]
        target = target / f"bien-nhan-{commune}-{device_id[:8]}.ctxhrcpt"
    save_file(target, data)
    return target


def read_receipt(session: Session, path: Path | str) -> dict[str, Any]:
    """Check a receipt from the trusted office; adds ``unacknowledged`` change ranges."""
    require_commune(session)
    cfg = trusted_config(session)
    got = receipt.read_receipt(read_bounded(path, signed_limit()), cfg["signing_public_key"])
    if got["device_id"] != session.store.device_id:
        raise UserError(_("Biên nhận này dành cho thiết bị khác."))
    exported = int(session.store.meta("export_watermark") or 0)
    got["unacknowledged"] = receipt.unacknowledged(got["covered"], exported)
    return got

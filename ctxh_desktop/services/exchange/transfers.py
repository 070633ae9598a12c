"""Cases moving between communes through the office (``services.case_transfer``).

The sending commune's ``case_transfer`` rows reach the office in its ordinary bundle. The office
writes, for a device of the receiving commune, a file of kind ``transfer`` holding every transfer
addressed to that commune (:func:`make_transfer_bundle`, ``ctxh transfer-file``), signed by the
office and encrypted to that device alone, like a restore file. The receiving commune takes it
(:func:`receive_transfers`, ``ctxh receive-transfers``): a transfer already received changes
nothing, a file holding a transfer addressed to another commune is refused whole.
"""

from __future__ import annotations

from pathlib import Path

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services import access, case_transfer
from ctxh_desktop.services.exchange.common import office_and_device
from ctxh_desktop.services.exchange.export import ExportResult
from ctxh_desktop.services.exchange.restore import open_office_file, write_office_file
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import transfers as db_transfers


def make_transfer_bundle(
    session: Session, device_id: str, out: Path | str, key_passphrase: str
) -> ExportResult:
    """The transfers the office holds addressed to the device's commune, in a file for that
    device; refused when there is none."""
    _info, device = office_and_device(session, device_id)
    held = db_transfers.addressed_to(session.store, device["commune"])
    if not held:
        raise UserError(
            _("Văn phòng không giữ hồ sơ nào chuyển đến xã {commune}.").format(
                commune=device["commune"]
            )
        )
    rows = [("case_transfer", row) for row in held]
    written = write_office_file(session, device_id, out, key_passphrase, "transfer", rows)
    with session.store.atomic():
        access.record(session, "transfer_bundle", "device", device_id, {"transfers": len(rows)})
    return written


def receive_transfers(session: Session, path: Path | str) -> dict[str, int]:
    """Take the cases in a transfer file from the office (one transaction, audited); returns
    ``{"received", "unchanged"}``."""
    opened = open_office_file(
        session, path, "transfer", _("Tệp này không phải tệp chuyển hồ sơ dành cho máy này.")
    )
    rows = []
    for table, row in opened.rows():
        if table != "case_transfer":
            raise UserError(_("Tệp chuyển hồ sơ có dữ liệu lạ; tệp bị từ chối."))
        rows.append(row)
    with session.store.atomic():
        counts = case_transfer.receive(session, rows)
        access.record(session, "receive_transfers", "bundle", opened.file_sha256[:16], counts)
    return counts


def write_transfer_file(
    session: Session, device_id: str, key_passphrase: str, folder: Path | str
) -> Path:
    """:func:`make_transfer_bundle` into ``folder`` (the window's button); returns the file."""
    return make_transfer_bundle(session, device_id, folder, key_passphrase).path

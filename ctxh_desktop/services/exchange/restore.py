"""Restore: the office sends its copy of a commune's rows back, and the commune takes them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services import access
from ctxh_desktop.services.exchange.common import (
    current_time,
    office_and_device,
    office_device_id,
    read_bounded,
    require_commune,
)
from ctxh_desktop.services.exchange.export import ExportResult
from ctxh_desktop.services.exchange.office_setup import unlock_office
from ctxh_desktop.services.exchange.privacy import privacy_filter
from ctxh_desktop.services.exchange.trust import device_keys, trusted_config
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.storage import row_merge
from ctxh_desktop.storage.schema import SCHEMA_VERSION, SYNCED_TABLES
from ctxh_desktop.sync import bundle, bundle_writer, merge


def make_restore_bundle(
    session: Session, device_id: str, out: Path | str, key_passphrase: str
) -> ExportResult:
    """Everything the office holds for a device's commune, signed by the office and encrypted to
    that device, so a commune that lost data gets back what the office had."""
    _info, device = office_and_device(session, device_id)
    rows = list(db_exchange.commune_rows(session.store, device["commune"]))
    written = write_office_file(session, device_id, out, key_passphrase, "restore", rows)
    with session.store.atomic():
        access.record(session, "restore_bundle", "device", device_id, {"rows": len(rows)})
    return written


def write_office_file(
    session: Session,
    device_id: str,
    out: Path | str,
    key_passphrase: str,
    kind: str,
    rows: list[tuple[str, dict[str, Any]]],
) -> ExportResult:
    """A bundle of ``kind`` from the office to one commune device (``out``: a file, or a folder
    to name it in), signed by the office and encrypted to that device alone."""
    info, device = office_and_device(session, device_id)
    pair = unlock_office(session, key_passphrase)[0]
    now = current_time()
    header = {
        "commune": device["commune"],
        "device_id": office_device_id(info["unit_code"]),
        "kind": kind,
        "schema": SCHEMA_VERSION,
        "epoch": 0,
        "seq_lo": 0,
        "seq_hi": 0,
        "created_at": now.isoformat(),
        "target_device": device_id,
        "unit_code": info["unit_code"],
    }
    out = Path(out)
    if out.is_dir():
        out = out / bundle_writer.informative_name(
            device["commune"], info["unit_code"], kind, None, None, now
        )
    written = bundle_writer.write_bundle(out, header, rows, [device["recipient"]], pair)
    return ExportResult(written.path, written.header, len(rows), written.file_sha256)


def open_office_file(
    session: Session, path: Path | str, kind: str, wrong_file: str
) -> bundle.Bundle:
    """Open a bundle of ``kind`` the trusted office wrote for this device, or refuse it (with
    ``wrong_file`` when it is another kind of file or for another device)."""
    require_commune(session)
    access.require(session, "edit")
    cfg = trusted_config(session)
    pair = device_keys(session, create=False)
    if pair is None:
        raise UserError(_("Máy này chưa có khóa thiết bị; không có tệp khôi phục nào dành cho nó."))
    office_id = office_device_id(cfg["unit_code"])

    def lookup(commune: str, device_id: str) -> str | None:
        ok = commune == session.commune_code and device_id == office_id
        return cfg["signing_public_key"] if ok else None

    opened = bundle.open_bundle(read_bounded(path), [pair], lookup, max_schema=SCHEMA_VERSION)
    if opened.kind != kind or opened.header.get("target_device") != session.store.device_id:
        raise UserError(wrong_file)
    return opened


def apply_restore(session: Session, path: Path | str) -> dict[str, int]:
    """Take back the office's copy of this commune's rows (newer versions win, as on import).

    Columns the commune never sent (initials instead of names, removed identifying fields and
    sensitive narratives) keep the commune's own values where it still has them.
    """
    opened = open_office_file(
        session, path, "restore", _("Tệp này không phải tệp khôi phục dành cho máy này.")
    )
    store = session.store
    keep = privacy_filter(session)

    def merged_rows() -> Iterator[tuple[str, dict[str, Any]]]:
        for table, row in opened.rows():
            found = (
                db_exchange.stored_row(store, table, row.get("id"))
                if table in SYNCED_TABLES
                else None  # apply_rows refuses the file
            )
            local = [found] if found is not None else []
            if local and keep(table, local[0]) == row:
                row = local[0]  # the office's copy is exactly what we sent: keep ours
            elif local:
                sent = keep(table, local[0])
                for column, value in local[0].items():
                    if column in row and row[column] != value and sent.get(column) == row[column]:
                        row[column] = value
            yield table, row

    with row_merge.import_transaction(store):
        counts = row_merge.apply_rows(
            store,
            session.commune_code,
            merged_rows(),
            decide=merge.incoming_wins,
            content_hash=merge.content_hash,
            bundle_sha256=opened.file_sha256,
            at=current_time().isoformat(),
        )
        access.record(session, "apply_restore", "bundle", opened.file_sha256[:16], counts)
    return counts

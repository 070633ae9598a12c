"""Office side: taking back what a revoked device (or lower office) sent since a day.

The files it sent on or after that day are marked ``purged``; everything the office holds for the
communes they touched (rows, conflicts, months covered, received audit entries) and every figure
that sender forwarded is forgotten, then the files still held are merged again from the office's
own copies, in the order they were imported. What the office shows afterwards is exactly what it
would show had those files never arrived. One transaction, audited, after a backup (``before_purge``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.services import access, backups
from ctxh_desktop.services.exchange.common import (
    office_and_device,
    read_bounded,
    require_office,
)
from ctxh_desktop.services.exchange.forwarded import belongs_to, checked_content, merge_forwarded
from ctxh_desktop.services.exchange.imports import merge_commune_file
from ctxh_desktop.services.exchange.office_setup import unlock_office
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.storage import purge as db_purge
from ctxh_desktop.storage import row_merge
from ctxh_desktop.storage.schema import SCHEMA_VERSION
from ctxh_desktop.storage.store import Store
from ctxh_desktop.sync import bundle, keys
from ctxh_desktop.sync.errors import SyncError


def _since(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise UserError(
            _("Ngày không hợp lệ: {value} (cần dạng YYYY-MM-DD).").format(value=text),
            field="since",
        ) from None


def revoked_devices(session: Session) -> list[dict[str, Any]]:
    """The revoked devices (and lower offices) whose data a purge can take back:
    ``[{"device_id", "commune", "name"}]``."""
    require_office(session)
    access.require(session, "office")
    return [
        {"device_id": d["device_id"], "commune": d["commune"], "name": d.get("name") or ""}
        for d in db_exchange.devices(session.store)
        if d["status"] == "revoked"
    ]


def purge_plan(session: Session, device_id: str, since: str | None = None) -> dict[str, Any]:
    """What a purge would remove, for the confirmation: ``{"device_id", "commune", "since",
    "files", "rows"}`` (files received from the device since the day, the rows they carried).
    Refused unless the device is enrolled and revoked, or when it sent nothing since then."""
    _info, device = office_and_device(session, device_id)
    if device["status"] != "revoked":
        raise UserError(
            _("Hãy thu hồi thiết bị {device} trước khi xóa dữ liệu nó đã gửi.").format(
                device=device_id
            )
        )
    day = _since(since)
    files = db_purge.files_from(session.store, device_id, day)
    if not files:
        raise UserError(
            _("Thiết bị {device} không gửi tệp nào được nhận từ ngày {day}.").format(
                device=device_id, day=day or "—"
            )
        )
    return {
        "device_id": device_id,
        "commune": device["commune"],
        "since": day,
        "files": len(files),
        "rows": sum(int(f["rows"] or 0) for f in files),
    }


def _open_copy(row: dict[str, Any], identities: list[keys.KeyPair], store: Store) -> bundle.Bundle:
    def lookup(commune: str, device_id: str) -> str | None:
        known = db_exchange.device(store, device_id)  # revoked or not: it was accepted then
        return known["signing_public_key"] if known and known["commune"] == commune else None

    try:
        data = read_bounded(Path(str(row["archived_path"] or "")))
        return bundle.open_bundle(data, identities, lookup, max_schema=SCHEMA_VERSION)
    except (UserError, SyncError):
        raise UserError(
            _(
                "Không mở lại được bản lưu của tệp {name} đã nhận; không xóa gì. Hãy đặt lại tệp"
                " vào thư mục tệp đã nhận."
            ).format(name=row["file_name"] or row["file_sha256"][:12])
        ) from None


def purge_device(
    session: Session, device_id: str, key_passphrase: str, since: str | None = None
) -> dict[str, Any]:
    """Remove what a revoked device sent since ``since`` (a day; default: everything) and derive
    the office's view again (see the module docstring). Returns :func:`purge_plan`'s summary with
    ``removed`` (synced rows forgotten before the remaining files were merged again)."""
    plan = purge_plan(session, device_id, since)
    store = session.store
    identities = unlock_office(session, key_passphrase)
    dropped = db_purge.files_from(store, device_id, plan["since"])
    senders = {f["commune"] for f in dropped if f["kind"] == "forward"}
    communes = {f["commune"] for f in dropped if f["kind"] != "forward"}
    communes |= {c for c in db_purge.communes_held(store) for s in senders if belongs_to(s, c)}
    communes |= set(db_purge.forwarded_communes(store, senders))
    again = db_purge.files_to_merge_again(store, communes, [f["file_sha256"] for f in dropped])
    opened = [(row, _open_copy(row, identities, store)) for row in again]
    backups.backup_now(session, reason="before_purge")
    with row_merge.import_transaction(store):
        removed = db_purge.forget(store, communes, senders)
        for row, got in opened:
            at = str(row["imported_at"])
            if row["kind"] != "forward":
                merge_commune_file(store, got, row["file_sha256"], at)
                continue
            mode: str = got.header.get("mode") or ""
            checked = checked_content(store, row["commune"], mode, got)
            if mode == "aggregates" and row["commune"] in senders:
                merge_forwarded(store, got, row["file_sha256"], checked, at)
            elif mode == "records":
                mine = {c: rows for c, rows in checked.items() if c in communes}
                merge_forwarded(store, got, row["file_sha256"], mine, at)
        db_purge.cover_forwarded_months(store, communes)
        db_purge.mark_purged(store, [f["file_sha256"] for f in dropped])
        access.record(
            session,
            "purge_device",
            "device",
            device_id,
            {
                "since": plan["since"],
                "files": plan["files"],
                "rows": plan["rows"],
                "communes": sorted(communes),
            },
        )
    return {**plan, "removed": removed}

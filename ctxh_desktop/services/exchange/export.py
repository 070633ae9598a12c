"""Commune side: a delta or a snapshot bundle, signed by the device and encrypted to the office."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctxh_desktop import logs
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.text import fold
from ctxh_desktop.i18n import _
from ctxh_desktop.services import access
from ctxh_desktop.services.exchange.common import current_time, require_commune
from ctxh_desktop.services.exchange.privacy import privacy_columns
from ctxh_desktop.services.exchange.trust import device_keys, trusted_config
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.storage import received_audit as db_audit
from ctxh_desktop.storage.schema import SCHEMA_VERSION
from ctxh_desktop.storage.store import Store
from ctxh_desktop.sync import bundle_format, bundle_writer, config


@dataclass
class ExportResult:
    """A written bundle."""

    path: Path
    header: dict
    rows: int
    file_sha256: str


class _Days:
    """The first and last day that rows streaming by were changed: the bundle's period, known
    once the rows are written."""

    def __init__(self) -> None:
        self.first = self.last = ""

    def see(self, stamp: str | None) -> None:
        day = str(stamp or "")[:10]
        if (not self.first or day < self.first or day > self.last) and _DAY.fullmatch(day):
            self.first = min(self.first or day, day)
            self.last = max(self.last, day)

    def period(self, today: dt.date) -> tuple[str, str]:
        return (self.first, self.last) if self.first else (today.isoformat(), today.isoformat())


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _outgoing_rows(
    session: Session, after: int, upto: int, full: bool, days: _Days
) -> Iterator[tuple[str, str]]:
    """The synced rows that leave in a bundle, privacy-filtered by SQLite
    (:func:`privacy_columns`), as ``(table, row JSON text)`` pairs."""
    for table, text, day in db_exchange.changed_rows_json(
        session.store, after, upto, full=full, private=privacy_columns(session)
    ):
        days.see(day)
        yield table, text


def _new_epoch(store: Store) -> bool:
    """A restore from backup started a new epoch (and rewound the change log) since the last
    export: the office must get a snapshot, which covers the new epoch's whole change range."""
    watermark = int(store.meta("export_watermark") or 0)
    return db_exchange.last_change_seq(store) < watermark or str(store.epoch) != (
        store.meta("export_epoch") or "0"
    )


def snapshot_suggested(session: Session) -> bool:
    """Whether the next export should be the whole data: nothing was exported from this
    database yet, or a restore started a new epoch (then :func:`export` sends it whole anyway)."""
    store = session.store
    return store.meta("last_bundle_sha256") is None or _new_epoch(store)


def export(
    session: Session, out: Path | str, *, full: bool = False, now: dt.datetime | None = None
) -> ExportResult:
    """Write a delta (rows changed since the last export) or, with ``full``, a snapshot.

    ``out`` is the file to write, or an existing folder (an informative name is chosen inside).
    The export watermark moves only once the file is safely written. The first export after a
    restore from backup (a new epoch) is always a snapshot. Logged with its kind, rows and time.
    """
    with logs.timed("export") as log:
        result = _export(session, out, full=full, now=now)
        log["kind"] = str(result.header.get("kind") or "")
        log["rows"] = result.rows
    return result


def _export(
    session: Session, out: Path | str, *, full: bool, now: dt.datetime | None
) -> ExportResult:
    require_commune(session)
    access.require(session, "export")
    store = session.store
    cfg = trusted_config(session)
    pair = device_keys(session)
    now = now or current_time()
    watermark = int(store.meta("export_watermark") or 0)
    hi = db_exchange.last_change_seq(store)
    full = full or _new_epoch(store)
    # The audit trail travels too, so the office sees who changed what (ids and codes only).
    audit_from = 0 if full else int(store.meta("audit_exported_seq") or 0)
    audit_hi = db_audit.last_audit_seq(store)
    # Rows stream from the database into the compressed payload (a snapshot has a million).
    days = _Days()
    rows: Iterator[tuple[str, dict[str, Any] | str]] = itertools.chain(
        _outgoing_rows(session, watermark, hi, full, days),
        ((db_audit.AUDIT_TABLE, r) for r in db_audit.audit_rows_since(store, audit_from)),
    )
    payload, counts = bundle_writer.encode_rows(rows)
    if len(payload) > bundle_format.DEFAULT_LIMITS.max_payload:  # the office would refuse it
        raise UserError(
            _(
                "Dữ liệu cần gửi quá lớn cho một tệp (nhiều tệp đính kèm được đánh dấu «Gửi văn"
                " phòng»). Hãy bỏ dấu một số tệp, gửi, rồi đánh dấu lại và gửi lần sau."
            )
        )
    row_count = sum(counts.values())
    period_from, period_to = days.period(now.date())
    kind = "snapshot" if full else "delta"
    header = {
        "commune": session.commune_code,
        "device_id": store.device_id,
        "kind": kind,
        "schema": SCHEMA_VERSION,
        "epoch": store.epoch,
        "seq_lo": 1 if full else watermark + 1,
        "seq_hi": hi,
        "prev_hash": store.meta("last_bundle_sha256"),
        "created_at": now.isoformat(),
        "period_from": period_from,
        "period_to": period_to,
        "unit_code": cfg["unit_code"],
    }
    out = Path(out)
    if out.is_dir():
        name_ascii = fold(session.commune_name) or session.commune_code
        for prefix in ("xa ", "phuong ", "dac khu "):
            name_ascii = name_ascii.removeprefix(prefix)
        out = out / bundle_writer.informative_name(
            session.commune_code, name_ascii, kind, period_from, period_to, now
        )
    elif not out.parent.is_dir():
        raise UserError(_("Không có thư mục {folder}.").format(folder=str(out.parent)))
    written = bundle_writer.write_payload(
        out, header, payload, counts, config.all_recipients(cfg), pair
    )
    with store.atomic():
        store.set_meta("export_watermark", str(hi))
        store.set_meta("audit_exported_seq", str(audit_hi))
        store.set_meta("export_epoch", str(store.epoch))
        store.set_meta("last_bundle_sha256", written.file_sha256)
        access.record(
            session,
            "export",
            "bundle",
            written.file_sha256[:16],
            {
                "kind": kind,
                "seq_lo": header["seq_lo"],
                "seq_hi": hi,
                "rows": row_count,
                "file": written.path.name,
            },
        )
    return ExportResult(written.path, written.header, row_count, written.file_sha256)

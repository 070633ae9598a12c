"""Office side: the one import loop for communes' bundles and forwarded files (refused,
quarantined, duplicate or accepted), and the gaps in what was received."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from ctxh_desktop import logs
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.services import access, backups
from ctxh_desktop.services.exchange.common import current_time, read_bounded, require_office
from ctxh_desktop.services.exchange.forwarded import import_forwarded
from ctxh_desktop.services.exchange.office_setup import unlock_office
from ctxh_desktop.services.exchange.received import (
    ImportResult,
    keep_copy,
    received_folder,
    record_accepted,
)
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.storage import received_audit as db_audit
from ctxh_desktop.storage import row_merge
from ctxh_desktop.storage.schema import SCHEMA_VERSION
from ctxh_desktop.storage.store import Store
from ctxh_desktop.sync import bundle, keys, merge, receipt
from ctxh_desktop.sync.errors import NewerSchema, SyncError, UnknownDevice

IMPORTABLE_KINDS = ("delta", "snapshot", "forward")
MAX_COVERAGE_MONTHS = 36


class Progress(Protocol):
    """What an import run reports to (the window's background task)."""

    @property
    def cancelled(self) -> bool:
        """Whether the person asked to stop (checked between files)."""
        ...

    def progress(self, done: int, total: int) -> None:
        """``done`` of ``total`` files handled."""
        ...


def device_lookup(session: Session) -> Callable[[str, str], str | None]:
    """The enrolled devices' signing keys, by commune and device id, for opening a commune's
    file: ``None`` for an unknown device; refused for another commune's or a revoked device."""

    def lookup(commune: str, device_id: str) -> str | None:
        row = db_exchange.device(session.store, device_id)
        if row is None:
            return None
        if row["commune"] != commune:
            raise SyncError(
                _(
                    "Thiết bị {device} đã đăng ký cho xã {enrolled}, không phải xã {claimed}."
                ).format(device=device_id[:8], enrolled=row["commune"], claimed=commune)
            )
        if row["status"] != "active":
            raise SyncError(
                _("Thiết bị {device} của xã {commune} đã bị thu hồi; tệp bị từ chối.").format(
                    device=device_id[:8], commune=commune
                )
            )
        return row["signing_public_key"]

    return lookup


def coverage_months(first: str, last: str) -> list[str]:
    """The months from ``first`` to ``last`` (the latest ``MAX_COVERAGE_MONTHS`` of them)."""
    try:
        a = dt.date.fromisoformat(first[:10]).replace(day=1)
        b = dt.date.fromisoformat(last[:10]).replace(day=1)
    except (TypeError, ValueError):
        return []
    out: list[str] = []
    while b >= a and len(out) < MAX_COVERAGE_MONTHS:
        out.append(b.strftime("%Y-%m"))
        b = (b - dt.timedelta(days=1)).replace(day=1)
    return out[::-1]


def import_file(
    session: Session,
    path: Path | str,
    identities: list[keys.KeyPair],
    before_apply: Callable[[], None] | None = None,
) -> ImportResult:
    """Import one bundle (see the module docstring for the rules). ``before_apply`` runs just
    before the first change to the database (the import run's backup)."""
    path = Path(path)
    try:
        data = read_bounded(path)
    except UserError as exc:
        return ImportResult(path, "refused", str(exc))
    store = session.store
    file_sha = hashlib.sha256(data).hexdigest()
    kept_name = path.name if path.name.startswith(file_sha[:12]) else f"{file_sha[:12]}_{path.name}"
    if db_exchange.received(store, file_sha):
        return ImportResult(
            path, "duplicate", _("Tệp này đã được nhập trước đây; không có gì thay đổi.")
        )
    try:
        opened = bundle.open_bundle(
            data, identities, device_lookup(session), max_schema=SCHEMA_VERSION
        )
    except (UnknownDevice, NewerSchema) as exc:
        header = exc.header
        note = {
            "file": path.name,
            "sha256": file_sha,
            "reason": "unknown_device" if isinstance(exc, UnknownDevice) else "newer_schema",
            "commune": header.get("commune"),
            "device_id": header.get("device_id"),
            "received_at": current_time().isoformat(),
        }
        try:
            kept = keep_copy(data, received_folder(session) / "quarantine", kept_name, note)
        except SyncError:
            kept = None
        return ImportResult(path, "quarantined", str(exc), header.get("commune"), kept_at=kept)
    except SyncError as exc:
        return ImportResult(path, "refused", str(exc))
    header = opened.header
    if db_exchange.received(store, file_sha, opened.header_sha256):
        return ImportResult(
            path,
            "duplicate",
            _("Tệp này đã được nhập trước đây; không có gì thay đổi."),
            header["commune"],
        )
    if header["kind"] == "forward":
        return import_forwarded(session, path, data, file_sha, opened, before_apply)
    if header["kind"] not in IMPORTABLE_KINDS:
        return ImportResult(
            path, "refused", _("Tệp này không phải tệp báo cáo của xã gửi lên; không nhập được.")
        )
    try:
        # Every row is checked before anything is kept or written: a refused file leaves the
        # office byte-identical (no copy, backup or audit entry).
        audit = db_audit.AuditSink(header["commune"])
        row_merge.check_rows(store, header["commune"], _without_audit(opened.rows(), audit))
    except (UserError, SyncError) as exc:
        return ImportResult(path, "refused", str(exc), header["commune"])
    now = current_time().isoformat()
    month_folder = received_folder(session) / now[:7]
    existed = (month_folder / kept_name).exists()
    try:
        kept = keep_copy(data, month_folder, kept_name)
    except SyncError as exc:
        return ImportResult(path, "refused", str(exc))
    if before_apply is not None:
        before_apply()
    try:
        with row_merge.import_transaction(store):
            counts = merge_commune_file(store, opened, file_sha, now)
            record_accepted(
                store, path, file_sha, opened, counts, kept, now, commune=header["commune"]
            )
            access.record(
                session,
                "import",
                "bundle",
                file_sha[:16],
                {"commune": header["commune"], "kind": header["kind"], **counts},
            )
    except UserError as exc:
        if not existed:
            kept.unlink(missing_ok=True)
        return ImportResult(path, "refused", str(exc), header["commune"])
    message = ngettext(
        "Đã nhập {rows} dòng của xã {commune}: {inserted} mới, {updated} cập nhật, {conflicts} xung đột.",
        "Đã nhập {rows} dòng của xã {commune}: {inserted} mới, {updated} cập nhật, {conflicts} xung đột.",
        counts["rows"],
    ).format(commune=header["commune"], **counts)
    return ImportResult(path, "accepted", message, header["commune"], counts, kept)


def merge_commune_file(
    store: Store, opened: bundle.Bundle, file_sha: str, at: str
) -> dict[str, int]:
    """Merge an opened commune file into the office: its rows (newer versions win), its audit
    entries and the months it covers; call inside :func:`row_merge.import_transaction`."""
    header = opened.header
    audit_rows = db_audit.AuditSink(header["commune"], store)
    counts = row_merge.apply_rows(
        store,
        header["commune"],
        _without_audit(opened.rows(), audit_rows),
        decide=merge.incoming_wins,
        content_hash=merge.content_hash,
        bundle_sha256=file_sha,
        at=at,
    )
    audit_rows.flush()
    period = (str(header.get("period_from") or ""), str(header.get("period_to") or ""))
    db_exchange.record_coverage(store, header["commune"], coverage_months(*period), at)
    return counts


def _without_audit(
    rows: Iterable[tuple[str, dict[str, Any]]], audit_rows: db_audit.AuditSink
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The synced rows of a bundle; its audit entries are set aside in ``audit_rows``."""
    for table, row in rows:
        if table == db_audit.AUDIT_TABLE:
            audit_rows.append(row)
        else:
            yield table, row


def received_audit(
    session: Session, commune: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """What the communes' users did, as their bundles reported it (newest first)."""
    require_office(session)
    access.require(session, "office")
    return db_audit.received_audit(session.store, commune, limit)


def import_files(
    session: Session,
    paths: list[Path | str],
    key_passphrase: str,
    task: Progress | None = None,
) -> list[ImportResult]:
    """Import several files (communes' bundles and forwarded ones), each on its own: one bad
    file does not block the others. ``task`` hears the progress after each file and may stop the
    run between files. The office key is unlocked once per run, when the first file not already
    imported (known by its hash) needs it: a run of known files never asks it."""
    require_office(session)
    access.require(session, "import")
    with logs.timed("import", files=len(paths)) as log:
        out = _import_each(session, paths, key_passphrase, task)
        for status in ("accepted", "duplicate", "quarantined", "refused"):
            log[status] = sum(r.status == status for r in out)
        log["rows"] = sum(r.counts.get("rows", 0) for r in out)
    return out


def _import_each(
    session: Session, paths: list[Path | str], key_passphrase: str, task: Progress | None
) -> list[ImportResult]:
    # The key is unlocked (slow by design) once, and only when a file is not known by its hash.
    identities: list[keys.KeyPair] | None = None
    backup_once = backup_before_changes(session)
    out: list[ImportResult] = []
    for i, path in enumerate(paths):
        if task is not None:
            if task.cancelled:
                break
            task.progress(i, len(paths))
        if identities is None and not already_imported(session, path):
            identities = unlock_office(session, key_passphrase)
        out.append(import_file(session, path, identities or [], backup_once))
    if task is not None:
        task.progress(len(out), len(paths))
    return out


def already_imported(session: Session, path: Path | str) -> bool:
    """Whether this exact file was accepted before, known by its SHA-256 alone (no decryption)."""
    try:
        data = read_bounded(path)
    except UserError:
        return False
    return db_exchange.received(session.store, hashlib.sha256(data).hexdigest()) is not None


def backup_before_changes(session: Session) -> Callable[[], None]:
    """A function that makes one encrypted backup the first time it is called: an import run
    backs up once, and only when a file is about to change the database, so refused and duplicate
    files leave it byte-identical."""
    made: list[Path] = []

    def backup_once() -> None:
        if not made:
            made.append(backups.backup_now(session, reason="import"))

    return backup_once


def gaps(session: Session) -> list[dict[str, Any]]:
    """Holes in the change ranges received per device (ask the commune to resend or snapshot)."""
    out = []
    for device in db_exchange.devices(session.store):
        epoch = db_exchange.current_epoch(session.store, device["device_id"])
        if epoch is None:
            continue
        ranges = db_exchange.covered_ranges(session.store, device["device_id"], epoch)
        hi = ranges[-1][1] if ranges else 0
        missing = receipt.unacknowledged([list(r) for r in ranges], hi)
        if missing:
            out.append(
                {
                    "commune": device["commune"],
                    "device_id": device["device_id"],
                    "epoch": epoch,
                    "missing": missing,
                }
            )
    return out

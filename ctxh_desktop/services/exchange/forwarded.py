"""Office side: a file a lower office forwarded (kind ``forward``), opened by :mod:`.imports`.

``aggregates`` files hold per commune and month the indicator counts (table
``forwarded_aggregate``), kept per (sender, commune, month, key); ``records`` files hold the synced
rows, merged like a commune's rows under each row's origin commune. A forwarded commune must belong
to the sender (a province's communes, or the commune of a commune-level office); anything else
refuses the whole file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ctxh_desktop.core import codes
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.periods import make_period
from ctxh_desktop.i18n import _, ngettext
from ctxh_desktop.services import access
from ctxh_desktop.services.exchange.common import current_time, office_device_id
from ctxh_desktop.services.exchange.received import ImportResult, received_folder, record_accepted
from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.storage import row_merge
from ctxh_desktop.storage.store import Store
from ctxh_desktop.sync import bundle, bundle_writer, merge
from ctxh_desktop.sync.errors import SyncError

AGGREGATE_TABLE = "forwarded_aggregate"
MODES = ("aggregates", "records")


def belongs_to(unit: str, commune: str) -> bool:
    """Whether a commune is within a unit (a 2-digit province, or that 5-digit commune itself)."""
    if len(unit) == 5:
        return commune == unit
    info = codes.commune(commune)
    if not info:
        return False
    return info["code"] == commune and info["province_code"] == unit


def _refuse_rows() -> UserError:
    return UserError(
        _(
            "Tệp chuyển lên có dữ liệu không hợp lệ hoặc của xã không thuộc đơn vị gửi; tệp bị từ chối."
        )
    )


def _aggregates(
    unit: str, rows: Iterable[tuple[str, dict[str, Any]]]
) -> list[tuple[str, str, str, int]]:
    out = []
    for table, row in rows:
        try:
            commune, month, key, value = row["commune"], row["month"], row["key"], row["value"]
        except KeyError:
            raise _refuse_rows() from None
        if (
            table != AGGREGATE_TABLE
            or set(row) != {"commune", "month", "key", "value"}
            or not isinstance(commune, str)
            or not belongs_to(unit, commune)
            or not isinstance(month, str)
            or len(month) != 7
            or not isinstance(key, str)
            or not 0 < len(key) <= 120
            or type(value) is not int
            or not 0 <= value < 2**62
        ):
            raise _refuse_rows()
        try:
            make_period(month)
        except UserError:
            raise _refuse_rows() from None
        out.append((commune, month, key, value))
    return out


def _within(unit: str) -> Callable[[object], bool]:
    """Whether a row's commune is one ``unit`` may forward; a commune outside it refuses the
    whole file, saying so."""

    def inside(commune: object) -> bool:
        if isinstance(commune, str) and belongs_to(unit, commune):
            return True
        raise _refuse_rows()

    return inside


def checked_content(store: Store, unit: str, mode: str, opened: bundle.Bundle) -> Any:
    """The figures of an ``aggregates`` file; for a ``records`` file, every row checked as a
    commune's would be, its commune inside the sender's unit (streamed: nothing is kept)."""
    if mode == "aggregates":
        return _aggregates(unit, opened.rows())
    row_merge.check_rows(store, _within(unit), opened.rows())
    return None


def merge_forwarded(
    store: Store, opened: bundle.Bundle, file_sha: str, checked: Any, at: str
) -> dict[str, int]:
    """Merge an opened forward file's figures or rows (``checked`` by :func:`checked_content`)
    and note the months it covers; call inside :func:`row_merge.import_transaction`."""
    header = opened.header
    unit = header["commune"]
    counts = {"rows": 0, "inserted": 0, "updated": 0, "skipped": 0, "conflicts": 0}
    months: dict[str, set[str]] = {}
    if header["mode"] == "aggregates":
        stored = db_exchange.store_forwarded(
            store,
            unit,
            checked,
            created_at=str(header.get("created_at") or "")[:19],
            bundle_sha256=file_sha,
        )
        counts["rows"] = len(checked)
        counts["inserted"] = len(stored)
        for commune, month in stored:
            months.setdefault(commune, set()).add(month)
    else:
        # streamed from the file again (its rows were checked before anything was kept)
        counts = row_merge.apply_rows(
            store,
            _within(unit),
            opened.rows(),
            decide=merge.incoming_wins,
            content_hash=merge.content_hash,
            bundle_sha256=file_sha,
            at=at,
        )
    for commune, seen in months.items():
        db_exchange.record_coverage(store, commune, sorted(seen), at)
    return counts


def import_forwarded(
    session: Session,
    path: Path,
    data: bytes,
    file_sha: str,
    opened: bundle.Bundle,
    before_apply: Callable[[], None] | None = None,
) -> ImportResult:
    """Keep and merge an opened forward file (its signature and sender already checked)."""
    store = session.store
    header = opened.header
    unit = header["commune"]
    if header["device_id"] != office_device_id(unit) or header.get("mode") not in MODES:
        return ImportResult(path, "refused", str(_refuse_rows()), unit)
    try:
        # Every row is checked before anything is kept or written: a refused file leaves the
        # office byte-identical (no copy, backup or audit entry).
        checked = checked_content(store, unit, header["mode"], opened)
    except (UserError, SyncError) as exc:
        return ImportResult(path, "refused", str(exc), unit)
    now = current_time().isoformat()
    folder = received_folder(session) / now[:7]
    kept = folder / (
        path.name if path.name.startswith(file_sha[:12]) else f"{file_sha[:12]}_{path.name}"
    )
    existed = kept.exists()
    try:
        if not existed:
            folder.mkdir(parents=True, exist_ok=True)
            bundle_writer.atomic_write(kept, data)
    except (OSError, SyncError) as exc:
        return ImportResult(path, "refused", str(exc), unit)
    if before_apply is not None:
        before_apply()
    try:
        with row_merge.import_transaction(store):
            counts = merge_forwarded(store, opened, file_sha, checked, now)
            record_accepted(
                store,
                path,
                file_sha,
                opened,
                counts,
                kept,
                now,
                commune=unit,
                kind="forward",
                epoch=0,
                seq_lo=0,
                seq_hi=0,
            )
            access.record(
                session,
                "import",
                "bundle",
                file_sha[:16],
                {"unit": unit, "kind": "forward", "mode": header["mode"], **counts},
            )
    except UserError as exc:
        if not existed:
            kept.unlink(missing_ok=True)
        return ImportResult(path, "refused", str(exc), unit)
    message = ngettext(
        "Đã nhập {rows} dòng do đơn vị {unit} chuyển lên.",
        "Đã nhập {rows} dòng do đơn vị {unit} chuyển lên.",
        counts["rows"],
    ).format(rows=counts["rows"], unit=unit)
    return ImportResult(path, "accepted", message, unit, counts, kept)

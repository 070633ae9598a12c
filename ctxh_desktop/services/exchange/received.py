"""What the office keeps of a received file: where the copy goes, its record, the outcome."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctxh_desktop.services.session import Session
from ctxh_desktop.storage import exchange as db_exchange
from ctxh_desktop.storage.store import Store
from ctxh_desktop.sync import bundle, bundle_writer


@dataclass
class ImportResult:
    """The outcome of one file: ``accepted``, ``duplicate``, ``quarantined`` or ``refused``."""

    path: Path
    status: str
    message: str
    commune: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    kept_at: Path | None = None

    @property
    def ok(self) -> bool:
        """Whether the file is in the office now (accepted, or accepted before)."""
        return self.status in ("accepted", "duplicate")


def received_folder(session: Session) -> Path:
    """Where received files are kept, beside the database."""
    path = session.store.path
    return path.with_name(f"{path.stem}_received")


def keep_copy(data: bytes, folder: Path, name: str, note: dict | None = None) -> Path:
    """Copy a received file into ``folder`` (once), with an optional JSON note beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        bundle_writer.atomic_write(target, data)
    if note is not None:
        bundle_writer.atomic_write(
            target.with_name(target.name + ".json"),
            json.dumps(note, ensure_ascii=False, indent=1).encode("utf-8"),
        )
    return target


def record_accepted(
    store: Store,
    path: Path,
    file_sha: str,
    opened: bundle.Bundle,
    counts: Mapping[str, int],
    kept: Path,
    now: str,
    **fields: Any,
) -> None:
    """Record an accepted file in ``bundle_received`` (``fields`` override the header's)."""
    header = opened.header
    db_exchange.record_bundle(
        store,
        {
            "file_sha256": file_sha,
            "header_sha256": opened.header_sha256,
            "commune": header["commune"],
            "device_id": header["device_id"],
            "kind": header["kind"],
            "epoch": header["epoch"],
            "seq_lo": header["seq_lo"],
            "seq_hi": header["seq_hi"],
            "created_at": str(header.get("created_at") or "")[:19],
            "imported_at": now,
            "rows": counts["rows"],
            "inserted": counts["inserted"],
            "updated": counts["updated"],
            "conflicts": counts["conflicts"],
            "status": "accepted",
            "archived_path": str(kept),
            "file_name": path.name,
            **fields,
        },
    )

"""Taking back at an office what one sender sent: the files to drop, and forgetting everything held
for the communes (and forwarded figures) they touched, so the remaining files can be merged again.

Rows are never deleted anywhere else: the ``<table>_no_delete`` guard is lifted only inside the
caller's transaction and put back before it commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ctxh_desktop.storage.schema import SYNCED_TABLES, _sync_triggers


def files_from(store: Any, device_id: str, since: str | None) -> list[dict[str, Any]]:
    """The accepted files of a sender imported on or after ``since`` (a day), oldest first."""
    return store.rows(
        "SELECT * FROM bundle_received WHERE status = 'accepted' AND device_id = ?"
        " AND substr(imported_at, 1, 10) >= ? ORDER BY imported_at, rowid",
        [device_id, since or ""],
    )


def files_to_merge_again(
    store: Any, communes: Iterable[str], dropped: Iterable[str]
) -> list[dict[str, Any]]:
    """The accepted files still held of these communes, and every forwarded file, not dropped,
    in the order they were imported."""
    communes, dropped = list(communes), set(dropped)
    rows = store.rows(
        "SELECT * FROM bundle_received WHERE status = 'accepted' AND (kind = 'forward' OR commune"
        f" IN ({', '.join('?' * len(communes)) or 'NULL'})) ORDER BY imported_at, rowid",
        communes,
    )
    return [r for r in rows if r["file_sha256"] not in dropped]


def communes_held(store: Any) -> list[str]:
    """Every commune the office holds synced rows of."""
    found: set[str] = set()
    for table in SYNCED_TABLES:
        found.update(r[0] for r in store.db.execute(f"SELECT DISTINCT commune FROM {table}"))
    return sorted(c for c in found if c)


def forwarded_communes(store: Any, senders: Iterable[str]) -> list[str]:
    """The communes these senders forwarded figures for."""
    senders = list(senders)
    return [
        r["commune"]
        for r in store.rows(
            "SELECT DISTINCT commune FROM forwarded_aggregate WHERE sender IN"
            f" ({', '.join('?' * len(senders)) or 'NULL'}) ORDER BY 1",
            senders,
        )
    ]


def forget(store: Any, communes: Iterable[str], senders: Iterable[str]) -> int:
    """Remove every synced row, conflict, coverage month and received audit entry of these
    communes, and the figures forwarded by these senders; call inside a transaction. Returns the
    number of synced rows removed."""
    communes, senders = list(communes), list(senders)
    marks = ", ".join("?" * len(communes)) or "NULL"
    removed = 0
    for table in SYNCED_TABLES:
        guard = _sync_triggers(table)[0]
        store.db.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        removed += store.db.execute(
            f"DELETE FROM {table} WHERE commune IN ({marks})", communes
        ).rowcount
        store.db.execute(guard)
    for table in ("conflict", "coverage", "received_audit"):
        store.db.execute(f"DELETE FROM {table} WHERE commune IN ({marks})", communes)
    store.db.execute(
        "DELETE FROM forwarded_aggregate WHERE sender IN"
        f" ({', '.join('?' * len(senders)) or 'NULL'})",
        senders,
    )
    return removed


def cover_forwarded_months(store: Any, communes: Iterable[str]) -> None:
    """Months of these communes that forwarded figures still cover (from any sender) count as
    received again, at the time the figures were made; call inside the purge's transaction."""
    communes = list(communes)
    store.db.execute(
        "INSERT OR IGNORE INTO coverage (commune, month, last_received_at)"
        " SELECT commune, month, max(created_at) FROM forwarded_aggregate WHERE commune IN"
        f" ({', '.join('?' * len(communes)) or 'NULL'}) GROUP BY commune, month",
        communes,
    )


def mark_purged(store: Any, file_shas: Iterable[str]) -> None:
    """The files taken back: kept in the list of received files as ``purged``."""
    store.db.conn.executemany(
        "UPDATE bundle_received SET status = 'purged' WHERE file_sha256 = ?",
        [[s] for s in file_shas],
    )

"""The communes' audit trail, sent with their bundles and kept as received at the office (who
changed what, when; chain included)."""

from __future__ import annotations

from typing import Any

from ctxh_desktop.storage.row_merge import wrong_rows

AUDIT_TABLE = "audit_log"
_AUDIT_FIELDS = (
    "id",
    "commune",
    "at",
    "user",
    "action",
    "entity",
    "entity_id",
    "detail",
    "prev_hash",
    "hash",
)


def audit_rows_since(store, seq: int) -> list[dict[str, Any]]:
    """The installation's audit entries after ``seq`` (oldest first), as bundle rows."""
    rows = store.rows(
        f"SELECT seq AS origin_seq, {', '.join(_AUDIT_FIELDS)} FROM audit_log WHERE seq > ? ORDER BY seq",
        [seq],
    )
    return rows


def last_audit_seq(store) -> int:
    """The highest sequence number of the installation's own audit log (0 when empty)."""
    return int(store.scalar("SELECT coalesce(max(seq), 0) FROM audit_log") or 0)


def store_received_audit(store, commune: str, rows: list[dict[str, Any]]) -> int:
    """Keep a commune's audit entries (each once); entries naming another commune refuse the file."""
    clean = []
    for row in rows:
        if row.get("commune") != commune or not isinstance(row.get("origin_seq"), int):
            raise wrong_rows()
        if any(not isinstance(row.get(f), str | type(None)) for f in _AUDIT_FIELDS):
            raise wrong_rows()
        clean.append([row.get("origin_seq"), *[row.get(f) for f in _AUDIT_FIELDS]])
    before = store.db.conn.total_changes
    store.db.conn.executemany(
        f"INSERT OR IGNORE INTO received_audit (origin_seq, {', '.join(_AUDIT_FIELDS)})"
        f" VALUES ({', '.join('?' * (len(_AUDIT_FIELDS) + 1))})",
        clean,
    )
    return store.db.conn.total_changes - before


def received_audit(store, commune: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """A commune's (or every commune's) received audit entries, newest first."""
    where, params = ("WHERE commune = ?", [commune]) if commune else ("", [])
    return store.rows(
        f"SELECT commune, origin_seq, at, user, action, entity, entity_id, detail FROM received_audit"
        f" {where} ORDER BY at DESC, origin_seq DESC LIMIT ?",
        [*params, limit],
    )

"""The communes' audit trail, sent with their bundles and kept as received at the office (who
changed what, when; chain included)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ctxh_desktop.core.values import CONTROL_CHARS
from ctxh_desktop.storage.row_merge import wrong_rows

if TYPE_CHECKING:
    from ctxh_desktop.storage.store import Store

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


def audit_rows_since(store: Store, seq: int) -> list[dict[str, Any]]:
    """The installation's audit entries after ``seq`` (oldest first), as bundle rows."""
    rows = store.rows(
        f"SELECT seq AS origin_seq, {', '.join(_AUDIT_FIELDS)} FROM audit_log WHERE seq > ? ORDER BY seq",
        [seq],
    )
    return rows


def last_audit_seq(store: Store) -> int:
    """The highest sequence number of the installation's own audit log (0 when empty)."""
    return int(store.scalar("SELECT coalesce(max(seq), 0) FROM audit_log") or 0)


#: Fields an audit entry cannot do without (``NOT NULL`` in ``received_audit``).
_REQUIRED = frozenset({"id", "at", "user", "action", "prev_hash", "hash"})
#: Longest text of an audit entry's field (the detail is a small JSON object).
_MAX_FIELD = 20_000


def _field_ok(name: str, value: Any) -> bool:
    if value is None:
        return name not in _REQUIRED
    return type(value) is str and len(value) <= _MAX_FIELD and not CONTROL_CHARS.search(value)


def _audit_row(commune: str, row: dict[str, Any]) -> list[Any]:
    if row.get("commune") != commune or type(row.get("origin_seq")) is not int:
        raise wrong_rows()
    if not 0 <= row["origin_seq"] < 2**62:
        raise wrong_rows()
    if not all(_field_ok(f, row.get(f)) for f in _AUDIT_FIELDS):
        raise wrong_rows()
    return [row["origin_seq"], *[row.get(f) for f in _AUDIT_FIELDS]]


class AuditSink:
    """A file's audit entries as its rows stream by: each is checked when it arrives — an entry
    naming another commune, missing a field or holding a value no audit log writes (not text, too
    long, control characters) refuses the file — and, given a store, kept (each once) a batch at
    a time, so a file of many entries never sits whole in memory."""

    BATCH = 5000

    def __init__(self, commune: str, store: Store | None = None) -> None:
        self.commune = commune
        self.store = store
        self.kept = 0
        self._batch: list[list[Any]] = []

    def append(self, row: dict[str, Any]) -> None:
        """Check one entry (and keep it, with the others of its batch)."""
        clean = _audit_row(self.commune, row)
        if self.store is not None:
            self._batch.append(clean)
            if len(self._batch) >= self.BATCH:
                self.flush()

    def flush(self) -> int:
        """Keep the entries still waiting; the number kept so far (an entry kept before: not)."""
        if self._batch and self.store is not None:
            conn = self.store.db.conn
            before = conn.total_changes
            conn.executemany(
                f"INSERT OR IGNORE INTO received_audit (origin_seq, {', '.join(_AUDIT_FIELDS)})"
                f" VALUES ({', '.join('?' * (len(_AUDIT_FIELDS) + 1))})",
                self._batch,
            )
            self.kept += conn.total_changes - before
            self._batch = []
        return self.kept


def received_audit(
    store: Store, commune: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """A commune's (or every commune's) received audit entries, newest first."""
    where, params = ("WHERE commune = ?", [commune]) if commune else ("", [])
    return store.rows(
        f"SELECT commune, origin_seq, at, user, action, entity, entity_id, detail FROM received_audit"
        f" {where} ORDER BY at DESC, origin_seq DESC LIMIT ?",
        [*params, limit],
    )

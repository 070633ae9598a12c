"""Queries of the data exchange between communes and the receiving office.

Office side: the office itself (unit, due day, its passphrase-protected keys, old keys kept after a
rotation), the communes it expects reports from, enrolled devices, every received bundle and its
outcome, the months covered per commune and conflicts for a person to review. Quarantined
files are not recorded here: a file that is not accepted never changes the database (they wait in a
folder beside it, see ``services.exchange``).
Commune side: the trusted office config(s), the device key (kept here, inside the encrypted
database) and the export watermark (``meta.export_watermark``: the last exported change sequence).

Both sides get the same tables (one migration set, ``ctxh_office``): a commune-level office is just
an installation whose ``meta.kind`` is ``office``.

The tables are made in :mod:`~ctxh_desktop.storage.migrations`; a file's rows are merged by
:mod:`~ctxh_desktop.storage.row_merge`, the communes' audit entries kept by
:mod:`~ctxh_desktop.storage.received_audit`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ctxh_desktop.storage.schema import SYNCED_TABLES

if TYPE_CHECKING:
    from ctxh_desktop.storage.store import Store


# -- helpers ----------------------------------------------------------------------------------------
def _rows(store: Store, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cur = store.db.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def table_columns(store: Store, table: str) -> list[str]:
    """The columns of a table, in order."""
    return [r[1] for r in store.db.execute(f"PRAGMA table_info({table})").fetchall()]


# -- commune side ------------------------------------------------------------------------------------
def secret(store: Store, name: str) -> bytes | None:
    """A secret kept inside the encrypted database (the device key)."""
    row = store.db.execute("SELECT secret FROM device_secret WHERE name = ?", [name]).fetchone()
    return bytes(row[0]) if row else None


def set_secret(store: Store, name: str, value: bytes) -> None:
    """Keep a secret inside the encrypted database."""
    store.db.execute(
        "INSERT OR REPLACE INTO device_secret (name, secret) VALUES (?, ?)", [name, value]
    )


def trusted_office(store: Store) -> dict[str, Any] | None:
    """The office config this commune currently sends to, or ``None``."""
    rows = _rows(
        store, "SELECT * FROM trusted_office WHERE active = 1 ORDER BY installed_at DESC LIMIT 1"
    )
    return rows[0] if rows else None


def install_office(
    store: Store, fingerprint: str, unit_code: str, unit_name: str, config: bytes, at: str
) -> None:
    """Make a config the trusted one (earlier ones stay, inactive, for the record)."""
    store.db.execute("UPDATE trusted_office SET active = 0")
    store.db.execute(
        "INSERT OR REPLACE INTO trusted_office"
        " (fingerprint, unit_code, unit_name, config, active, installed_at)"
        " VALUES (?, ?, ?, ?, 1, ?)",
        [fingerprint, unit_code, unit_name, config, at],
    )


def last_change_seq(store: Store) -> int:
    """The highest change sequence number used so far (0 when nothing changed yet)."""
    return int(store.scalar("SELECT coalesce(max(seq), 0) FROM change_log") or 0)


def _changed(
    store: Store, table: str, select: str, after: int, upto: int, full: bool
) -> sqlite3.Cursor:
    """A cursor over ``select`` (``SELECT … FROM table``) for the rows changed in
    ``(after, upto]``, or every row when ``full``, in insertion order."""
    if full:
        return store.db.execute(f"{select} ORDER BY rowid")
    return store.db.execute(
        f"{select} WHERE id IN (SELECT row_id FROM change_log"
        " WHERE tbl = ? AND seq > ? AND seq <= ?) ORDER BY rowid",
        [table, after, upto],
    )


def _batches(cursor: sqlite3.Cursor, size: int = 2000) -> Iterator[list[tuple]]:
    while batch := cursor.fetchmany(size):
        yield batch


def changed_rows(
    store: Store, after: int, upto: int, *, full: bool = False
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Current images of the rows changed in ``(after, upto]`` (each row once, however many
    times it changed), or of every row when ``full``. Rows of every synced table, table by table."""
    for table in SYNCED_TABLES:
        cur = _changed(store, table, f"SELECT * FROM {table}", after, upto, full)
        names = [d[0] for d in cur.description]
        for batch in _batches(cur):
            for values in batch:
                yield table, dict(zip(names, values, strict=True))


def changed_rows_json(
    store: Store,
    after: int,
    upto: int,
    *,
    full: bool = False,
    private: dict[str, tuple[str, dict[str, str]]] | None = None,
) -> Iterator[tuple[str, str, str]]:
    """:func:`changed_rows` encoded by SQLite itself: ``(table, row JSON, day changed)``.

    SQLite's ``json_object`` costs almost nothing beyond reading the row, where building a dict
    and encoding it in Python is four times that (a snapshot has a million rows). ``private``
    gives, per table, a condition and the SQL values of the columns replaced in the rows it
    holds for (the privacy filter's); the day is ``modified_at``, else ``created_at``, as stored.
    """
    private = private or {}
    for table in SYNCED_TABLES:
        columns = table_columns(store, table)
        pairs = ", ".join(f"'{c}', {c}" for c in columns)
        row_json = f"json_object({pairs})"
        if table in private:
            condition, replaced = private[table]
            values = ", ".join(f"'{c}', {replaced.get(c, c)}" for c in columns)
            row_json = f"CASE WHEN {condition} THEN json_object({values}) ELSE {row_json} END"
        select = f"SELECT {row_json}, coalesce(nullif(modified_at, ''), created_at) FROM {table}"
        for batch in _batches(_changed(store, table, select, after, upto, full)):
            for text, day in batch:
                yield table, text, day or ""


# -- office side ------------------------------------------------------------------------------------
def add_office(
    store: Store,
    *,
    fingerprint: str,
    unit_code: str,
    unit_name: str,
    due_day: int,
    protected_key: bytes,
    config: bytes,
    at: str,
) -> None:
    """Record the office's (new) keys and config; older keys stay for decrypting older files."""
    store.db.execute("UPDATE office SET active = 0")
    store.db.execute(
        "INSERT INTO office (fingerprint, unit_code, unit_name, due_day, protected_key, config,"
        " active, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
        [fingerprint, unit_code, unit_name, due_day, protected_key, config, at],
    )


def reprotect_office_key(store: Store, fingerprint: str, protected_key: bytes) -> None:
    """Replace the protected form of an office key (after a key passphrase change)."""
    store.db.execute(
        "UPDATE office SET protected_key = ? WHERE fingerprint = ?", [protected_key, fingerprint]
    )


def office(store: Store) -> dict[str, Any] | None:
    """The office's current row (unit, due day, keys, config), or ``None`` if not an office."""
    rows = _rows(store, "SELECT * FROM office ORDER BY active DESC, created_at DESC, rowid DESC")
    return rows[0] if rows else None


def office_keys(store: Store) -> list[bytes]:
    """Every protected office key, current first (older ones decrypt files sent before rotation)."""
    return [
        bytes(r[0])
        for r in store.db.execute(
            "SELECT protected_key FROM office ORDER BY active DESC, created_at DESC, rowid DESC"
        ).fetchall()
    ]


def set_expected_communes(store: Store, communes: Iterable[tuple[str, str]]) -> None:
    """Replace the list of communes the office expects reports from."""
    store.db.execute("DELETE FROM expected_commune")
    store.db.conn.executemany(
        "INSERT OR REPLACE INTO expected_commune (commune, name) VALUES (?, ?)", list(communes)
    )


def expected_communes(store: Store) -> list[dict[str, Any]]:
    """The communes the office expects reports from."""
    return _rows(store, "SELECT commune, name FROM expected_commune ORDER BY commune")


def save_device(store: Store, info: dict[str, Any], enrolment: bytes, at: str) -> None:
    """Enrol (or re-enrol) a device: it becomes active with the given keys."""
    store.db.execute(
        "INSERT OR REPLACE INTO device (device_id, commune, name, signing_public_key, recipient,"
        " fingerprint, status, enrolled_at, enrolment) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)",
        [
            info["device_id"],
            info["commune_code"],
            info.get("name"),
            info["signing_public_key"],
            info["recipient"],
            info["fingerprint"],
            at,
            enrolment,
        ],
    )


def device(store: Store, device_id: str) -> dict[str, Any] | None:
    """An enrolled device (any status), or ``None``."""
    rows = _rows(store, "SELECT * FROM device WHERE device_id = ?", [device_id])
    return rows[0] if rows else None


def devices(store: Store) -> list[dict[str, Any]]:
    """Every enrolled device."""
    return _rows(
        store,
        "SELECT device_id, commune, name, fingerprint, status, enrolled_at FROM device"
        " ORDER BY commune, enrolled_at",
    )


def set_device_status(store: Store, device_id: str, status: str) -> bool:
    """Activate or revoke a device; False when unknown."""
    cur = store.db.execute("UPDATE device SET status = ? WHERE device_id = ?", [status, device_id])
    return cur.rowcount > 0


def received(
    store: Store, file_sha256: str, header_sha256: str | None = None
) -> dict[str, Any] | None:
    """The accepted bundle with this file hash (or header hash), or ``None``."""
    rows = _rows(
        store,
        "SELECT * FROM bundle_received WHERE status = 'accepted'"
        " AND (file_sha256 = ? OR header_sha256 = ?) LIMIT 1",
        [file_sha256, header_sha256 or file_sha256],
    )
    return rows[0] if rows else None


def record_bundle(store: Store, entry: dict[str, Any]) -> None:
    """Record a received bundle and its outcome."""
    columns = list(entry)
    store.db.execute(
        f"INSERT OR REPLACE INTO bundle_received ({', '.join(columns)})"
        f" VALUES ({', '.join('?' * len(columns))})",
        [entry[c] for c in columns],
    )


def record_coverage(store: Store, commune: str, months: Iterable[str], at: str) -> None:
    """Note that data for these months arrived from a commune."""
    store.db.conn.executemany(
        "INSERT OR REPLACE INTO coverage (commune, month, last_received_at) VALUES (?, ?, ?)",
        [(commune, m, at) for m in months],
    )


def coverage(store: Store) -> list[dict[str, Any]]:
    """Months with data received, per commune."""
    return _rows(store, "SELECT * FROM coverage ORDER BY commune, month")


def conflicts(store: Store, unresolved_only: bool = True) -> list[dict[str, Any]]:
    """Recorded conflicts (same version, different content) for a person to review."""
    where = "WHERE resolved = 0" if unresolved_only else ""
    return _rows(store, f"SELECT * FROM conflict {where} ORDER BY id")


def covered_ranges(store: Store, device_id: str, epoch: int) -> list[tuple[int, int]]:
    """The change ranges accepted from a device in an epoch, merged and sorted."""
    rows = store.db.execute(
        "SELECT kind, seq_lo, seq_hi FROM bundle_received WHERE status = 'accepted'"
        " AND device_id = ? AND epoch = ? ORDER BY seq_lo",
        [device_id, epoch],
    ).fetchall()
    merged: list[list[int]] = []
    for kind, lo, hi in rows:
        lo = 1 if kind == "snapshot" else lo  # a snapshot closes every gap before it
        if hi < lo:
            continue
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    merged.sort()
    out: list[list[int]] = []
    for lo, hi in merged:
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def holdings(store: Store, commune: str) -> dict[str, dict[str, int]]:
    """Per synced table: rows held for a commune and the highest epoch / rev among them."""
    out = {}
    for table in SYNCED_TABLES:
        count, max_epoch, max_rev = store.db.execute(
            f"SELECT count(*), coalesce(max(epoch), 0), coalesce(max(rev), 0) FROM {table}"
            " WHERE commune = ?",
            [commune],
        ).fetchone()
        if count:
            out[table] = {"count": count, "max_epoch": max_epoch, "max_rev": max_rev}
    return out


def commune_rows(store: Store, commune: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every row the office holds for a commune (for a restore bundle)."""
    for table in SYNCED_TABLES:
        cur = store.db.execute(f"SELECT * FROM {table} WHERE commune = ? ORDER BY rowid", [commune])
        names = [d[0] for d in cur.description]
        for values in cur.fetchall():
            yield table, dict(zip(names, values, strict=True))


def accepted_bundles(store: Store) -> list[dict[str, Any]]:
    """Every accepted bundle (commune, kind, when made and imported, rows), oldest first."""
    return store.rows(
        "SELECT commune, kind, created_at, imported_at, rows FROM bundle_received"
        " WHERE status = 'accepted' ORDER BY created_at"
    )


def last_import_device(store: Store) -> str | None:
    """The device whose bundle was accepted last, or ``None``."""
    return store.scalar(
        "SELECT device_id FROM bundle_received WHERE status = 'accepted'"
        " ORDER BY imported_at DESC LIMIT 1"
    )


def store_forwarded(
    store: Store,
    sender: str,
    rows: Iterable[tuple[str, str, str, int]],
    *,
    created_at: str,
    bundle_sha256: str,
) -> list[tuple[str, str]]:
    """Keep forwarded figures ``(commune, month, key, value)``; call inside a transaction.

    Each (commune, month) is replaced as a whole by a file made later than the one stored (keys
    that dropped to zero disappear); a file made earlier leaves it alone, so importing files again
    or out of order gives the same result. Returns the (commune, month) pairs stored.
    """
    groups: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for commune, month, key, value in rows:
        groups.setdefault((commune, month), []).append((key, value))
    stored: list[tuple[str, str]] = []
    conn = store.db.conn
    for (commune, month), values in sorted(groups.items()):
        have = store.db.execute(
            "SELECT max(created_at) FROM forwarded_aggregate"
            " WHERE sender = ? AND commune = ? AND month = ?",
            [sender, commune, month],
        ).fetchone()[0]
        if have is not None and have > created_at:
            continue
        conn.execute(
            "DELETE FROM forwarded_aggregate WHERE sender = ? AND commune = ? AND month = ?",
            [sender, commune, month],
        )
        conn.executemany(
            "INSERT INTO forwarded_aggregate"
            " (sender, commune, month, key, value, created_at, bundle_sha256)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(sender, commune, month, k, v, created_at, bundle_sha256) for k, v in values],
        )
        stored.append((commune, month))
    return stored


def forwarded_rows(
    store: Store, first_month: str, last_month: str, commune: str | None = None
) -> list[dict[str, Any]]:
    """Forwarded figures for the months ``first_month``–``last_month`` (optionally one commune)."""
    sql = (
        "SELECT sender, commune, month, key, value FROM forwarded_aggregate"
        " WHERE month >= ? AND month <= ?"
    )
    params: list[Any] = [first_month, last_month]
    if commune:
        sql += " AND commune = ?"
        params.append(commune)
    return _rows(store, sql + " ORDER BY commune, month, sender, key", params)


def same_id_number_people(store: Store) -> list[dict[str, Any]]:
    """Live people whose ID number is also held for a person of another commune."""
    return _rows(
        store,
        "SELECT id, commune, full_name, birth_date, id_number FROM person"
        " WHERE deleted = 0 AND merged_into IS NULL AND id_number IN ("
        "   SELECT id_number FROM person WHERE deleted = 0 AND merged_into IS NULL"
        "   AND id_number IS NOT NULL AND id_number != ''"
        "   GROUP BY id_number HAVING count(DISTINCT commune) > 1)"
        " ORDER BY id_number, commune, id",
    )


def people_name_birth(store: Store) -> Iterator[tuple[str, str, str, str]]:
    """``(id, commune, full_name, birth_date)`` of every live person with a birth date."""
    cur = store.db.execute(
        "SELECT id, commune, full_name, birth_date FROM person"
        " WHERE deleted = 0 AND merged_into IS NULL AND birth_date IS NOT NULL AND birth_date != ''"
    )
    while True:
        batch = cur.fetchmany(5000)
        if not batch:
            break
        yield from batch


def add_expected_communes(store: Store, communes: Iterable[tuple[str, str]]) -> None:
    """Add communes to the list the office expects reports from (already there: unchanged)."""
    store.db.conn.executemany(
        "INSERT OR IGNORE INTO expected_commune (commune, name) VALUES (?, ?)", list(communes)
    )


def remove_expected_communes(store: Store, communes: Iterable[str]) -> None:
    """Take communes off the list the office expects reports from."""
    store.db.conn.executemany(
        "DELETE FROM expected_commune WHERE commune = ?", [(c,) for c in communes]
    )


def current_epoch(store: Store, device_id: str) -> int | None:
    """A device's current epoch at the office: the newest of the files accepted from it (``None``
    before any)."""
    value = store.scalar(
        "SELECT max(epoch) FROM bundle_received WHERE device_id = ? AND status = 'accepted'",
        [device_id],
    )
    return None if value is None else int(value)


def stored_row(store: Store, table: str, row_id: Any) -> dict[str, Any] | None:
    """The row ``row_id`` of a synced table as stored, or ``None``."""
    rows = _rows(store, f"SELECT * FROM {table} WHERE id = ?", [row_id])
    return rows[0] if rows else None

"""Tables and queries of the data exchange between communes and the receiving office.

Office side: the office itself (unit, due day, its passphrase-protected keys, old keys kept after a
rotation), the communes it expects reports from, enrolled devices, every received bundle and its
outcome, the months covered per commune and conflicts for a person to review. Quarantined
files are not recorded here: a file that is not accepted never changes the database (they wait in a
folder beside it, see ``services.exchange``).
Commune side: the trusted office config(s), the device key (kept here, inside the encrypted
database) and the export watermark (``meta.export_watermark``: the last exported change sequence).

Both sides get the same tables (one migration set, ``ctxh_office``): a commune-level office is just
an installation whose ``meta.kind`` is ``office``.

Imported rows keep their origin commune in the synced tables' own ``commune`` column; a bundle may
only carry rows of its sender's commune. :func:`apply_rows` merges a whole file with
``sync.merge``-style ``(epoch, rev)`` ordering — the decision function is passed in by the service,
since storage does not import sync — in the caller's single transaction, using ``executemany``.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from ctxh_desktop.core import validation
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.storage.driver import IntegrityError

migrations = Migrations("ctxh_office")


@migrations(name="0001_exchange")
def _exchange(db: Database) -> None:
    db.execute(
        """CREATE TABLE office (
        fingerprint TEXT PRIMARY KEY,
        unit_code TEXT NOT NULL,
        unit_name TEXT NOT NULL,
        due_day INTEGER NOT NULL DEFAULT 5,
        protected_key BLOB NOT NULL,
        config BLOB NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL)"""
    )
    db.execute("CREATE TABLE expected_commune (commune TEXT PRIMARY KEY, name TEXT)")
    db.execute(
        """CREATE TABLE device (
        device_id TEXT PRIMARY KEY,
        commune TEXT NOT NULL,
        name TEXT,
        signing_public_key TEXT NOT NULL,
        recipient TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active',
        enrolled_at TEXT NOT NULL,
        enrolment BLOB)"""
    )
    db.execute("CREATE INDEX device_commune ON device(commune)")
    db.execute(
        """CREATE TABLE bundle_received (
        file_sha256 TEXT PRIMARY KEY,
        header_sha256 TEXT,
        commune TEXT,
        device_id TEXT,
        kind TEXT,
        epoch INTEGER,
        seq_lo INTEGER,
        seq_hi INTEGER,
        created_at TEXT,
        imported_at TEXT NOT NULL,
        rows INTEGER NOT NULL DEFAULT 0,
        inserted INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        conflicts INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        archived_path TEXT,
        file_name TEXT)"""
    )
    db.execute("CREATE INDEX bundle_header ON bundle_received(header_sha256)")
    db.execute("CREATE INDEX bundle_device ON bundle_received(device_id, epoch, seq_lo)")
    db.execute(
        """CREATE TABLE coverage (
        commune TEXT NOT NULL,
        month TEXT NOT NULL,
        last_received_at TEXT NOT NULL,
        PRIMARY KEY (commune, month))"""
    )
    db.execute(
        """CREATE TABLE conflict (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        commune TEXT,
        local_version TEXT NOT NULL,
        incoming_version TEXT NOT NULL,
        local_row TEXT,
        incoming_row TEXT,
        bundle_sha256 TEXT,
        detected_at TEXT NOT NULL,
        resolved INTEGER NOT NULL DEFAULT 0)"""
    )
    db.execute(
        """CREATE TABLE trusted_office (
        fingerprint TEXT PRIMARY KEY,
        unit_code TEXT NOT NULL,
        unit_name TEXT NOT NULL,
        config BLOB NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        installed_at TEXT NOT NULL)"""
    )
    db.execute("CREATE TABLE device_secret (name TEXT PRIMARY KEY, secret BLOB NOT NULL)")


# -- helpers ----------------------------------------------------------------------------------------
def _synced_tables() -> dict[str, str]:
    from ctxh_desktop.storage.schema import SYNCED_TABLES  # late: schema imports this module

    return SYNCED_TABLES


def _rows(store, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cur = store.db.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _damaged() -> UserError:
    return UserError(_("Tệp dữ liệu bị hỏng hoặc đã bị sửa đổi. Hãy đề nghị gửi lại tệp."))


def table_columns(store, table: str) -> list[str]:
    """The columns of a table, in order."""
    return [r[1] for r in store.db.execute(f"PRAGMA table_info({table})").fetchall()]


# -- commune side ------------------------------------------------------------------------------------
def secret(store, name: str) -> bytes | None:
    """A secret kept inside the encrypted database (the device key)."""
    row = store.db.execute("SELECT secret FROM device_secret WHERE name = ?", [name]).fetchone()
    return bytes(row[0]) if row else None


def set_secret(store, name: str, value: bytes) -> None:
    """Keep a secret inside the encrypted database."""
    store.db.execute(
        "INSERT OR REPLACE INTO device_secret (name, secret) VALUES (?, ?)", [name, value]
    )


def trusted_office(store) -> dict[str, Any] | None:
    """The office config this commune currently sends to, or ``None``."""
    rows = _rows(
        store, "SELECT * FROM trusted_office WHERE active = 1 ORDER BY installed_at DESC LIMIT 1"
    )
    return rows[0] if rows else None


def install_office(
    store, fingerprint: str, unit_code: str, unit_name: str, config: bytes, at: str
) -> None:
    """Make a config the trusted one (earlier ones stay, inactive, for the record)."""
    store.db.execute("UPDATE trusted_office SET active = 0")
    store.db.execute(
        "INSERT OR REPLACE INTO trusted_office"
        " (fingerprint, unit_code, unit_name, config, active, installed_at)"
        " VALUES (?, ?, ?, ?, 1, ?)",
        [fingerprint, unit_code, unit_name, config, at],
    )


def last_change_seq(store) -> int:
    """The highest change sequence number used so far (0 when nothing changed yet)."""
    return int(store.scalar("SELECT coalesce(max(seq), 0) FROM change_log") or 0)


def _changed(store, table: str, select: str, after: int, upto: int, full: bool):
    """A cursor over ``select`` (``SELECT … FROM table``) for the rows changed in
    ``(after, upto]``, or every row when ``full``, in insertion order."""
    if full:
        return store.db.execute(f"{select} ORDER BY rowid")
    return store.db.execute(
        f"{select} WHERE id IN (SELECT row_id FROM change_log"
        " WHERE tbl = ? AND seq > ? AND seq <= ?) ORDER BY rowid",
        [table, after, upto],
    )


def _batches(cursor, size: int = 2000) -> Iterator[list[tuple]]:
    while batch := cursor.fetchmany(size):
        yield batch


def changed_rows(
    store, after: int, upto: int, *, full: bool = False
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Current images of the rows changed in ``(after, upto]`` (each row once, however many
    times it changed), or of every row when ``full``. Rows of every synced table, table by table."""
    for table in _synced_tables():
        cur = _changed(store, table, f"SELECT * FROM {table}", after, upto, full)
        names = [d[0] for d in cur.description]
        for batch in _batches(cur):
            for values in batch:
                yield table, dict(zip(names, values, strict=True))


def changed_rows_json(
    store,
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
    for table in _synced_tables():
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
    store,
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


def reprotect_office_key(store, fingerprint: str, protected_key: bytes) -> None:
    """Replace the protected form of an office key (after a key passphrase change)."""
    store.db.execute(
        "UPDATE office SET protected_key = ? WHERE fingerprint = ?", [protected_key, fingerprint]
    )


def office(store) -> dict[str, Any] | None:
    """The office's current row (unit, due day, keys, config), or ``None`` if not an office."""
    rows = _rows(store, "SELECT * FROM office ORDER BY active DESC, created_at DESC, rowid DESC")
    return rows[0] if rows else None


def office_keys(store) -> list[bytes]:
    """Every protected office key, current first (older ones decrypt files sent before rotation)."""
    return [
        bytes(r[0])
        for r in store.db.execute(
            "SELECT protected_key FROM office ORDER BY active DESC, created_at DESC, rowid DESC"
        ).fetchall()
    ]


def set_expected_communes(store, communes: Iterable[tuple[str, str]]) -> None:
    """Replace the list of communes the office expects reports from."""
    store.db.execute("DELETE FROM expected_commune")
    store.db.conn.executemany(
        "INSERT OR REPLACE INTO expected_commune (commune, name) VALUES (?, ?)", list(communes)
    )


def expected_communes(store) -> list[dict[str, Any]]:
    """The communes the office expects reports from."""
    return _rows(store, "SELECT commune, name FROM expected_commune ORDER BY commune")


def save_device(store, info: dict[str, Any], enrolment: bytes, at: str) -> None:
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


def device(store, device_id: str) -> dict[str, Any] | None:
    """An enrolled device (any status), or ``None``."""
    rows = _rows(store, "SELECT * FROM device WHERE device_id = ?", [device_id])
    return rows[0] if rows else None


def devices(store) -> list[dict[str, Any]]:
    """Every enrolled device."""
    return _rows(
        store,
        "SELECT device_id, commune, name, fingerprint, status, enrolled_at FROM device"
        " ORDER BY commune, enrolled_at",
    )


def set_device_status(store, device_id: str, status: str) -> bool:
    """Activate or revoke a device; False when unknown."""
    cur = store.db.execute("UPDATE device SET status = ? WHERE device_id = ?", [status, device_id])
    return cur.rowcount > 0


def received(store, file_sha256: str, header_sha256: str | None = None) -> dict[str, Any] | None:
    """The accepted bundle with this file hash (or header hash), or ``None``."""
    rows = _rows(
        store,
        "SELECT * FROM bundle_received WHERE status = 'accepted'"
        " AND (file_sha256 = ? OR header_sha256 = ?) LIMIT 1",
        [file_sha256, header_sha256 or file_sha256],
    )
    return rows[0] if rows else None


def record_bundle(store, entry: dict[str, Any]) -> None:
    """Record a received bundle and its outcome."""
    columns = list(entry)
    store.db.execute(
        f"INSERT OR REPLACE INTO bundle_received ({', '.join(columns)})"
        f" VALUES ({', '.join('?' * len(columns))})",
        [entry[c] for c in columns],
    )


def record_coverage(store, commune: str, months: Iterable[str], at: str) -> None:
    """Note that data for these months arrived from a commune."""
    store.db.conn.executemany(
        "INSERT OR REPLACE INTO coverage (commune, month, last_received_at) VALUES (?, ?, ?)",
        [(commune, m, at) for m in months],
    )


def coverage(store) -> list[dict[str, Any]]:
    """Months with data received, per commune."""
    return _rows(store, "SELECT * FROM coverage ORDER BY commune, month")


def conflicts(store, unresolved_only: bool = True) -> list[dict[str, Any]]:
    """Recorded conflicts (same version, different content) for a person to review."""
    where = "WHERE resolved = 0" if unresolved_only else ""
    return _rows(store, f"SELECT * FROM conflict {where} ORDER BY id")


def covered_ranges(store, device_id: str, epoch: int) -> list[tuple[int, int]]:
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


def holdings(store, commune: str) -> dict[str, dict[str, int]]:
    """Per synced table: rows held for a commune and the highest epoch / rev among them."""
    out = {}
    for table in _synced_tables():
        count, max_epoch, max_rev = store.db.execute(
            f"SELECT count(*), coalesce(max(epoch), 0), coalesce(max(rev), 0) FROM {table}"
            " WHERE commune = ?",
            [commune],
        ).fetchone()
        if count:
            out[table] = {"count": count, "max_epoch": max_epoch, "max_rev": max_rev}
    return out


def commune_rows(store, commune: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every row the office holds for a commune (for a restore bundle)."""
    for table in _synced_tables():
        cur = store.db.execute(f"SELECT * FROM {table} WHERE commune = ? ORDER BY rowid", [commune])
        names = [d[0] for d in cur.description]
        for values in cur.fetchall():
            yield table, dict(zip(names, values, strict=True))


#: Page cache during an import (KiB).
IMPORT_CACHE_KIB = 64 * 1024


@contextmanager
def import_transaction(store) -> Iterator[None]:
    """One all-or-nothing transaction for merging a file, with foreign keys not enforced.

    A replica receives rows out of order (a delta whose parent case came in a file not imported
    yet), so references are not checked here; they are checked where the rows are made. The page
    cache is enlarged meanwhile: a snapshot's rows land all over the id indexes of a large office
    database, and re-reading (decrypting) evicted pages is most of the cost.
    """
    cache = store.db.execute("PRAGMA cache_size").fetchone()[0]
    store.db.execute("PRAGMA foreign_keys = OFF")
    store.db.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    try:
        with store.atomic():
            yield
    finally:
        store.db.execute("PRAGMA foreign_keys = ON")
        store.db.execute(f"PRAGMA cache_size = {int(cache)}")


# -- merging a bundle --------------------------------------------------------------------------------
#: ``decide(local, incoming) -> bool`` on version tuples ``(epoch, rev, "", content_hash)``.
Decide = Callable[[tuple, tuple], bool]
#: ``content_hash(row) -> str``.
ContentHash = Callable[[dict[str, Any]], str]

_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def _wrong_rows() -> UserError:
    return UserError(
        _("Tệp có dữ liệu không hợp lệ hoặc thuộc xã khác với xã gửi tệp; tệp bị từ chối.")
    )


def checked_rows(
    store,
    commune: str,
    rows: Iterable[tuple[str, dict[str, Any]]],
    columns: dict[str, list[str]] | None = None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The rows of a file, each checked before it is passed on: a synced table, a string id, the
    sender's ``commune``, known columns, and values a commune's form could have saved
    (:func:`validation.check_stored_row`). The first bad row raises ``UserError`` naming it.
    ``columns`` collects each table's column list."""
    tables = _synced_tables()
    columns = {} if columns is None else columns
    column_sets: dict[str, frozenset[str]] = {}
    for table, row in rows:
        colset = column_sets.get(table)
        if colset is None:
            if table not in tables:
                raise _damaged()
            columns[table] = table_columns(store, table)
            colset = column_sets[table] = frozenset(columns[table])
        # C-level checks first (this loop runs once per row of a possibly large snapshot).
        if (
            type(row.get("id")) is not str
            or row.get("commune") != commune
            or type(row.get("rev")) is not int
            or not row.keys() <= colset
            or not set(map(type, row.values())) <= _SCALAR_TYPES
        ):
            raise _wrong_rows()
        row.setdefault("epoch", 0)
        validation.check_stored_row(table, row)
        yield table, row


def check_rows(store, commune: str, rows: Iterable[tuple[str, dict[str, Any]]]) -> int:
    """Check every row of a file without writing anything (see :func:`checked_rows`); the count."""
    return sum(1 for _row in checked_rows(store, commune, rows))


def apply_rows(
    store,
    commune: str,
    rows: Iterable[tuple[str, dict[str, Any]]],
    *,
    decide: Decide,
    content_hash: ContentHash,
    bundle_sha256: str,
    at: str,
) -> dict[str, int]:
    """Merge a file's rows into the synced tables; call inside the caller's transaction.

    Every row must belong to ``commune`` (the verified sender), name a synced table and carry only
    known columns with plain values, or the whole file is refused (``UserError``). For each row id
    the newest version in the file is compared with the stored one by ``decide``; equal
    ``(epoch, rev)`` with different content is recorded as a conflict (and still resolved by
    ``decide``'s deterministic tie-break). Use :func:`import_transaction`. Returns counts: rows, inserted, updated, skipped, conflicts.
    """
    columns: dict[str, list[str]] = {}
    pending: dict[str, dict[str, dict[str, Any]]] = {}
    total = 0
    for table, row in checked_rows(store, commune, rows, columns):
        total += 1
        row_id = row["id"]
        seen = pending.setdefault(table, {}).get(row_id)
        if seen is None or decide(_version(seen, content_hash), _version(row, content_hash)):
            pending[table][row_id] = row

    result = {"rows": total, "inserted": 0, "updated": 0, "skipped": 0, "conflicts": 0}
    for table, incoming in pending.items():
        if not incoming:
            continue
        local = _local_versions(store, table, list(incoming))
        inserts: dict[tuple[str, ...], list[list[Any]]] = {}
        updates: dict[tuple[str, ...], list[list[Any]]] = {}
        same_rev: list[str] = []
        getters: dict[tuple[str, ...], Callable[[dict], tuple]] = {}
        keys_of: dict[tuple[str, ...], tuple[str, ...]] = {}  # a row's keys -> its known columns
        conflicts: list[list[Any]] = []
        for row_id, row in incoming.items():
            have = local.get(row_id)
            shape = tuple(row)
            key = keys_of.get(shape)
            if key is None:
                key = keys_of[shape] = tuple(c for c in columns[table] if c in row)
                getters.setdefault(key, operator.itemgetter(*key))
            if have is None:
                inserts.setdefault(key, []).append(getters[key](row))
                continue
            l_epoch, l_rev, l_commune = have
            if l_commune != commune:
                raise UserError(
                    _(
                        "Tệp có dữ liệu không hợp lệ hoặc thuộc xã khác với xã gửi tệp; tệp bị từ chối."
                    )
                )
            if (l_epoch, l_rev) == (row["epoch"], row["rev"]):
                stored = _rows(store, f"SELECT * FROM {table} WHERE id = ?", [row_id])[0]
                l_hash, i_hash = content_hash(stored), content_hash(row)
                if l_hash == i_hash:
                    result["skipped"] += 1
                    continue
                conflicts.append(
                    [
                        table,
                        row_id,
                        commune,
                        json.dumps([l_epoch, l_rev, l_hash]),
                        json.dumps([row["epoch"], row["rev"], i_hash]),
                        json.dumps(stored, ensure_ascii=False),
                        json.dumps(row, ensure_ascii=False),
                        bundle_sha256,
                        at,
                    ]
                )
                if not decide((l_epoch, l_rev, "", l_hash), (row["epoch"], row["rev"], "", i_hash)):
                    result["skipped"] += 1
                    continue
            elif not decide((l_epoch, l_rev), (row["epoch"], row["rev"])):
                result["skipped"] += 1
                continue
            if l_rev == row["rev"]:
                same_rev.append(row_id)
            updates.setdefault(key, []).append((*getters[key](row), row_id))
        conn = store.db.conn
        try:
            for key, values in inserts.items():
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(key)}) VALUES ({', '.join('?' * len(key))})",
                    values,
                )
                result["inserted"] += len(values)
            if same_rev:
                # The local-edit trigger bumps rev when an UPDATE leaves it unchanged; move it
                # aside first so the incoming version is stored exactly as sent.
                conn.executemany(
                    f"UPDATE {table} SET rev = -1 - rev WHERE id = ?", [[i] for i in same_rev]
                )
            for key, values in updates.items():
                assignments = ", ".join(f"{c} = ?" for c in key)
                conn.executemany(f"UPDATE {table} SET {assignments} WHERE id = ?", values)
                result["updated"] += len(values)
        except (IntegrityError, OverflowError):
            raise UserError(
                _("Tệp có dữ liệu không hợp lệ hoặc thuộc xã khác với xã gửi tệp; tệp bị từ chối.")
            ) from None
        if conflicts:
            conn.executemany(
                "INSERT INTO conflict (tbl, row_id, commune, local_version, incoming_version,"
                " local_row, incoming_row, bundle_sha256, detected_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                conflicts,
            )
            result["conflicts"] += len(conflicts)
    return result


def _version(row: dict[str, Any], content_hash: ContentHash) -> tuple:
    return (int(row.get("epoch") or 0), int(row["rev"]), "", content_hash(row))


def _local_versions(store, table: str, ids: list[str]) -> dict[str, tuple[int, int, str]]:
    found: dict[str, tuple[int, int, str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        cur = store.db.execute(
            f"SELECT id, epoch, rev, commune FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        for row_id, epoch, rev, commune in cur.fetchall():
            found[row_id] = (int(epoch or 0), int(rev), commune)
    return found


def accepted_bundles(store) -> list[dict[str, Any]]:
    """Every accepted bundle (commune, kind, when made and imported, rows), oldest first."""
    return store.rows(
        "SELECT commune, kind, created_at, imported_at, rows FROM bundle_received"
        " WHERE status = 'accepted' ORDER BY created_at"
    )


def last_import_device(store) -> str | None:
    """The device whose bundle was accepted last, or ``None``."""
    return store.scalar(
        "SELECT device_id FROM bundle_received WHERE status = 'accepted'"
        " ORDER BY imported_at DESC LIMIT 1"
    )


# -- upward forwarding, duplicates across communes, expected communes (office side) ------------------
@migrations(name="0002_forwarded_aggregate")
def _forwarded_aggregate(db: Database) -> None:
    # Figures a lower office forwarded: one row per (sender unit, commune, month, indicator key).
    # ``created_at`` is when the sender made the file: an older file never overwrites a newer one.
    db.execute(
        """CREATE TABLE forwarded_aggregate (
        sender TEXT NOT NULL,
        commune TEXT NOT NULL,
        month TEXT NOT NULL,
        key TEXT NOT NULL,
        value INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        bundle_sha256 TEXT,
        PRIMARY KEY (sender, commune, month, key))"""
    )
    db.execute("CREATE INDEX forwarded_month ON forwarded_aggregate(month, commune)")
    # People with the same ID number in two communes (services.office.cross_commune_duplicates).
    db.execute("CREATE INDEX IF NOT EXISTS person_id_number ON person(id_number, commune)")


def store_forwarded(
    store,
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
    store, first_month: str, last_month: str, commune: str | None = None
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


def same_id_number_people(store) -> list[dict[str, Any]]:
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


def people_name_birth(store) -> Iterator[tuple[str, str, str, str]]:
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


def add_expected_communes(store, communes: Iterable[tuple[str, str]]) -> None:
    """Add communes to the list the office expects reports from (already there: unchanged)."""
    store.db.conn.executemany(
        "INSERT OR IGNORE INTO expected_commune (commune, name) VALUES (?, ?)", list(communes)
    )


def remove_expected_communes(store, communes: Iterable[str]) -> None:
    """Take communes off the list the office expects reports from."""
    store.db.conn.executemany(
        "DELETE FROM expected_commune WHERE commune = ?", [(c,) for c in communes]
    )


# -- the communes' audit trail, received with their bundles -----------------------------------------
@migrations(name="0003_received_audit")
def _received_audit(db: Database) -> None:
    # The audit entries a commune sent (who changed what, when): kept as received, chain included.
    db.execute(
        """CREATE TABLE received_audit (
        id TEXT PRIMARY KEY,
        commune TEXT NOT NULL,
        origin_seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT,
        entity_id TEXT,
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL)"""
    )
    db.execute("CREATE INDEX received_audit_commune ON received_audit(commune, origin_seq)")


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
    return int(store.scalar("SELECT coalesce(max(seq), 0) FROM audit_log") or 0)


def store_received_audit(store, commune: str, rows: list[dict[str, Any]]) -> int:
    """Keep a commune's audit entries (each once); entries naming another commune refuse the file."""
    clean = []
    for row in rows:
        if row.get("commune") != commune or not isinstance(row.get("origin_seq"), int):
            raise _wrong_rows()
        if any(not isinstance(row.get(f), str | type(None)) for f in _AUDIT_FIELDS):
            raise _wrong_rows()
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

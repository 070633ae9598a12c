"""The Store: one open, encrypted database with its key file, meta data and record access.

Services receive a Store and never see SQL drivers. Records are plain dicts; JSON list columns are
encoded and decoded here, text is NFC-normalised on the way in.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctxh_desktop.core import ids
from ctxh_desktop.core.errors import DamagedDatabase, UserError
from ctxh_desktop.core.text import nfc
from ctxh_desktop.files import private_dir
from ctxh_desktop.i18n import _
from ctxh_desktop.storage import keyfile, stored_values
from ctxh_desktop.storage.driver import DatabaseError, connect
from ctxh_desktop.storage.migrations import migrate, pending_migrations
from ctxh_desktop.storage.schema import (
    SCHEMA_VERSION,
    SYNCED_TABLES,
    ensure_triggers,
    missing_triggers,
)

if TYPE_CHECKING:  # imported at run time by the driver, after it points sqlite_utils at SQLCipher
    from sqlite_utils import Database

#: Columns holding JSON (lists or objects), per table.
JSON_COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("target_groups",),
    "case_file": ("related_person_ids", "problem_types", "plan", "separation_decision"),
    "consultation": ("topics",),
    "child_profile": ("groups", "extra_groups"),
    "case_event": ("correction",),
    "consent": ("purposes",),
}

BOOL_COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("consent_share",),
    "case_file": ("emergency",),
    "case_event": ("sensitive",),
    "consultation": ("anonymous",),
    "service_provider": ("offers_sw",),
    "staff_training": ("certificate",),
}

DEMO_PASSPHRASE = "demo"


def now_iso() -> str:
    """The current local moment as ``YYYY-MM-DDTHH:MM:SS``."""
    return dt.datetime.now().replace(microsecond=0).isoformat()


def new_id(commune: str | None = None) -> str:
    """A new record id for ``commune``, made on this device (:mod:`ctxh_desktop.core.ids`)."""
    return ids.record_id(commune, time.time_ns() // 1_000_000, secrets.randbits(60))


def encode_row(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A record ready for SQL: JSON columns dumped, text NFC-normalised, booleans as 0/1."""
    out: dict[str, Any] = {}
    json_cols = JSON_COLUMNS.get(table, ())
    bool_cols = BOOL_COLUMNS.get(table, ())
    for key, value in row.items():
        if key in json_cols:
            out[key] = None if value is None else json.dumps(value, ensure_ascii=False)
        elif key in bool_cols:
            out[key] = 1 if value else 0
        elif isinstance(value, str):
            out[key] = nfc(value) if key not in ("narrative", "summary", "notes", "note") else value
        else:
            out[key] = value
    return out


def decode_row(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A record as services see it: JSON columns parsed (whatever they hold, see
    :mod:`~ctxh_desktop.storage.stored_values`), flags as booleans."""
    for key in JSON_COLUMNS.get(table, ()):
        if key in row and row[key] is not None:
            row[key] = stored_values.decoded(key, row[key])
    for key in stored_values.INTEGERS.keys() & row.keys():
        row[key] = stored_values.number(key, row[key])
    for key in BOOL_COLUMNS.get(table, ()):
        if key in row and row[key] is not None:
            row[key] = bool(row[key])
    return row


class Store:
    """An open database. Create with :meth:`create`, open with :meth:`open`."""

    def __init__(self, path: Path, db: Database, key_content: dict[str, Any]) -> None:
        self.path = Path(path)
        self.db = db
        self._key_content = key_content
        self.user = "system"
        self._closed = False
        self._key = b""

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path | str,
        passphrase: str,
        *,
        commune: str,
        kind: str = "commune",
        kdf: keyfile.KdfParams = keyfile.DEFAULT_KDF,
    ) -> tuple[Store, str]:
        """Create a new encrypted database; return it and the recovery code to print once."""
        path = Path(path)
        if path.exists() or keyfile.key_file_for(path).exists():
            raise UserError(_("Tệp {name} đã tồn tại.").format(name=path.name), field="path")
        if not path.parent.exists():
            private_dir(path.parent)
        data_key, content, recovery = keyfile.create_keys(passphrase, kdf)
        keyfile.write_key_file(keyfile.key_file_for(path), content)
        db = connect(path, data_key)
        migrate(db)
        store = cls(path, db, content)
        store._key = data_key
        with db.atomic():
            store.set_meta("device_id", str(uuid.uuid4()))
            store.set_meta("commune", commune)
            store.set_meta("kind", kind)
            store.set_meta("epoch", "0")
            store.set_meta("schema_version", str(SCHEMA_VERSION))
            store.set_meta("created_at", now_iso())
            store.set_meta("case_suffix", store.device_id[:4].upper())
            if kind == "office":
                ensure_triggers(db)
        return store, recovery

    @classmethod
    def open(cls, path: Path | str, passphrase: str) -> Store:
        """Open an existing database with its passphrase (wrong passphrase: ``UserError``)."""
        path = Path(path)
        content = cls._read_keys(path)
        return cls._open_with_key(path, keyfile.unlock(content, passphrase), content)

    @classmethod
    def open_with_recovery(cls, path: Path | str, code: str) -> Store:
        """Open with the printed recovery code when the passphrase is lost."""
        path = Path(path)
        content = cls._read_keys(path)
        return cls._open_with_key(path, keyfile.unlock_with_recovery(content, code), content)

    @staticmethod
    def _read_keys(path: Path) -> dict:
        if not path.exists():
            raise UserError(_("Không tìm thấy cơ sở dữ liệu {name}.").format(name=path.name))
        return keyfile.read_key_file(keyfile.key_file_for(path))

    @classmethod
    def _open_with_key(cls, path: Path, key: bytes, content: dict) -> Store:
        damaged = _(
            "Tệp {name} bị hỏng hoặc không phải cơ sở dữ liệu của phần mềm. Hãy khôi phục từ bản sao lưu."
        ).format(name=path.name)
        try:
            db = connect(path, key)
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except DatabaseError:
            raise DamagedDatabase(damaged) from None
        if int(row[0] if row else 0) > SCHEMA_VERSION:
            db.conn.close()
            raise UserError(
                _(
                    "Cơ sở dữ liệu được tạo bởi phiên bản mới hơn của phần mềm. Hãy cập nhật phần mềm."
                )
            )
        store = cls(path, db, content)
        store._key = key
        try:
            if pending_migrations(db):
                from ctxh_desktop.storage import backup

                backup.make_backup(store, reason="migration")
                migrate(db)
                store.set_meta("schema_version", str(SCHEMA_VERSION))
            elif missing_triggers(db):
                migrate(db)
        except DatabaseError:
            db.conn.close()
            raise DamagedDatabase(damaged) from None
        return store

    def write_copy(self, target: Path) -> None:
        """A consistent copy of this database at ``target`` (SQLite's online backup), encrypted
        with the same data key, in rollback-journal mode so it is one self-contained file."""
        dest = connect(target, self._key)
        try:
            self.db.conn.backup(dest.conn)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.conn.close()

    def open_copy(self, path: Path) -> Database:
        """Open a copy of this database (a backup) with this database's data key; the caller
        closes ``.conn``. ``DatabaseError`` when it is not a copy of this database."""
        return connect(path, self._key)

    def change_passphrase(self, old: str, new: str) -> None:
        """Rewrap the data key under a new passphrase (the database itself is untouched)."""
        key = keyfile.unlock(self._key_content, old)
        content = keyfile.rewrap(self._key_content, key, new)
        keyfile.write_key_file(keyfile.key_file_for(self.path), content)
        self._key_content = content

    def reset_passphrase(self, new: str) -> None:
        """Set a new passphrase on a store opened with the recovery code (rewraps the data key)."""
        content = keyfile.rewrap(self._key_content, self._key, new)
        keyfile.write_key_file(keyfile.key_file_for(self.path), content)
        self._key_content = content

    def close(self) -> None:
        """Checkpoint the WAL and close the connection (closing twice is harmless)."""
        if self._closed:
            return
        self._closed = True
        try:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.db.conn.close()

    # -- meta and settings -----------------------------------------------------------------
    def meta(self, key: str, default: str | None = None) -> str | None:
        """A value of the installation's meta table (device id, commune, epoch …)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        """Set a meta value."""
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])

    def setting(self, key: str, default: str | None = None) -> str | None:
        """A user setting (commune profile, signer, language …)."""
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def settings(self) -> dict[str, str]:
        """Every user setting."""
        return dict(self.db.execute("SELECT key, value FROM settings").fetchall())

    def set_setting(self, key: str, value: str | None) -> None:
        """Set a user setting (``None`` removes it)."""
        if value is None:
            self.db.execute("DELETE FROM settings WHERE key = ?", [key])
        else:
            self.db.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, nfc(value)]
            )

    @property
    def device_id(self) -> str:
        """This installation's device id (what its exports are signed as)."""
        return self.meta("device_id") or ""

    @property
    def commune(self) -> str:
        """The official code of the commune (or office unit) this database belongs to."""
        return self.meta("commune") or ""

    @property
    def kind(self) -> str:
        """``"commune"`` or ``"office"``."""
        return self.meta("kind") or "commune"

    @property
    def epoch(self) -> int:
        """The current epoch (a restore starts a new one)."""
        return int(self.meta("epoch") or 0)

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def atomic(self) -> Iterator[None]:
        """All writes inside commit together or not at all (nested blocks use savepoints)."""
        with self.db.atomic():
            yield

    # -- records ---------------------------------------------------------------------------
    def insert(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        """Insert a new record; fills id, commune, rev, timestamps. Returns the stored record."""
        if table not in SYNCED_TABLES:
            raise ValueError(table)
        stamp = now_iso()
        commune = row.get("commune") or self.commune
        record = {
            "id": row.get("id") or new_id(commune),
            "commune": commune,
            "rev": 1,
            "epoch": self.epoch,
            "deleted": 0,
            "created_at": stamp,
            "modified_at": stamp,
            "created_by": self.user,
            **{k: v for k, v in row.items() if k not in ("rev", "epoch")},
        }
        self.db.table(table).insert(encode_row(table, record))
        return self.get(table, record["id"])

    def insert_many(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert many complete records at once (demo data, list import)."""
        if not rows:
            return
        encoded = [encode_row(table, r) for r in rows]
        columns = list(encoded[0])
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        self.db.conn.executemany(sql, [[r.get(c) for c in columns] for r in encoded])

    def update(self, table: str, record_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        """Change fields of a record (the trigger bumps rev); returns the stored record."""
        if table not in SYNCED_TABLES:
            raise ValueError(table)
        changes = {k: v for k, v in changes.items() if k not in ("id", "rev", "epoch", "commune")}
        changes["modified_at"] = now_iso()
        encoded = encode_row(table, changes)
        assignments = ", ".join(f"{k} = ?" for k in encoded)
        cur = self.db.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?", [*encoded.values(), record_id]
        )
        if cur.rowcount == 0:
            raise KeyError(record_id)
        return self.get(table, record_id)

    def soft_delete(self, table: str, record_id: str, blank: tuple[str, ...] = ()) -> None:
        """Mark a record deleted (a tombstone that syncs); optionally blank sensitive columns."""
        self.update(table, record_id, {"deleted": 1, **dict.fromkeys(blank)})

    def get(self, table: str, record_id: str) -> dict[str, Any]:
        """One record by id (deleted ones included); ``KeyError`` if absent."""
        cur = self.db.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id])
        row = cur.fetchone()
        if row is None:
            raise KeyError(record_id)
        return decode_row(table, dict(zip([d[0] for d in cur.description], row, strict=True)))

    def rows(self, sql: str, params: list | tuple = ()) -> list[dict[str, Any]]:
        """Read-only query returning dicts (JSON columns are not decoded)."""
        cur = self.db.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def records(
        self, table: str, where: str = "1", params: list | tuple = (), order: str = "rowid"
    ) -> list[dict[str, Any]]:
        """Decoded live (not deleted) records of a table matching ``where``."""
        rows = self.rows(
            f"SELECT * FROM {table} WHERE deleted = 0 AND ({where}) ORDER BY {order}", params
        )
        return [decode_row(table, r) for r in rows]

    def scalar(self, sql: str, params: list | tuple = ()) -> Any:
        """The single value of a query."""
        row = self.db.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    def integrity_ok(self) -> bool:
        """``PRAGMA integrity_check`` says ok."""
        return self.scalar("PRAGMA integrity_check") == "ok"

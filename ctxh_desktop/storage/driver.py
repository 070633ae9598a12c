"""The SQLCipher connection, keyed with a raw 32-byte data key, wrapped for sqlite-utils.

sqlite-utils catches the standard library's exception classes; aliasing ``pysqlite3`` to
``sqlcipher3`` before importing it makes it use SQLCipher's. A file path is never handed to
``sqlite_utils.Database`` (that would create an unencrypted file): we pass a keyed connection.
"""

from __future__ import annotations

import sys
from pathlib import Path

import sqlcipher3
from sqlcipher3 import dbapi2

sys.modules.setdefault("pysqlite3", sqlcipher3)
sys.modules.setdefault("pysqlite3.dbapi2", dbapi2)

import sqlite_utils  # noqa: E402  (must follow the module alias)

from ctxh_desktop.core.text import fold, initials, sort_key  # noqa: E402
from ctxh_desktop.files import create_private  # noqa: E402

DatabaseError = dbapi2.DatabaseError
IntegrityError = dbapi2.IntegrityError
OperationalError = dbapi2.OperationalError


def _fold_sql(value: object) -> str:
    return fold(value if isinstance(value, str) else ("" if value is None else str(value)))


def _sort_key_sql(value: object) -> str:
    return sort_key(value if isinstance(value, str) else "")


def _initials_sql(value: object) -> str:
    return initials(value if isinstance(value, str) else None)


def connect(path: Path | str, key: bytes) -> sqlite_utils.Database:
    """Open (or create) the encrypted database at ``path`` with the raw data ``key``.

    Sets WAL with ``synchronous=FULL`` (a record reported saved survives a power cut), foreign keys
    and a busy timeout, and registers ``ctxh_fold`` (search triggers), ``ctxh_sortkey`` (the
    name-order index) and ``ctxh_initials`` (the export's privacy filter). Raises
    ``DatabaseError`` when the key is wrong or the file is not a database.
    """
    if len(key) != 32:
        raise ValueError("the data key must be 32 bytes")
    create_private(path)  # the WAL and shared-memory files SQLite makes take the same mode
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a damaged file is reported by us, once
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA cipher_memory_security = OFF")
    # Reading the schema fails at once if the key is wrong or the file is not a database.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.create_function("ctxh_fold", 1, _fold_sql, deterministic=True)
    conn.create_function("ctxh_sortkey", 1, _sort_key_sql, deterministic=True)
    conn.create_function("ctxh_initials", 1, _initials_sql, deterministic=True)
    return sqlite_utils.Database(conn)

"""Merging a received file's rows into the synced tables.

Imported rows keep their origin commune in the synced tables' own ``commune`` column; a bundle may
only carry rows of its sender's commune. :func:`apply_rows` merges a whole file with
``sync.merge``-style ``(epoch, rev)`` ordering — the decision function is passed in by the service,
since storage does not import sync — in the caller's single transaction (:func:`import_transaction`),
using ``executemany``.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ctxh_desktop.core import column_schema
from ctxh_desktop.core.errors import UserError
from ctxh_desktop.i18n import _
from ctxh_desktop.storage.driver import IntegrityError
from ctxh_desktop.storage.exchange import table_columns
from ctxh_desktop.storage.schema import SYNCED_TABLES

if TYPE_CHECKING:
    from ctxh_desktop.storage.store import Store

#: Rows merged at a time: a file's rows are read, checked and written this many at a time, so an
#: import's memory does not grow with the file (a snapshot has a million rows).
CHUNK_ROWS = 20_000

#: Page cache during an import (KiB).
IMPORT_CACHE_KIB = 64 * 1024


@contextmanager
def import_transaction(store: Store) -> Iterator[None]:
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


def _damaged() -> UserError:
    return UserError(_("Tệp dữ liệu bị hỏng hoặc đã bị sửa đổi. Hãy đề nghị gửi lại tệp."))


def wrong_rows() -> UserError:
    """The refusal of a file holding rows of another commune or of a wrong shape."""
    return UserError(
        _("Tệp có dữ liệu không hợp lệ hoặc thuộc xã khác với xã gửi tệp; tệp bị từ chối.")
    )


#: The sender's commune, or (a forwarded file) whether a row's commune is one the sender may send.
Communes = str | Callable[[Any], bool]


def checked_rows(
    store: Store,
    commune: Communes,
    rows: Iterable[tuple[str, dict[str, Any]]],
    columns: dict[str, list[str]] | None = None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The rows of a file, each checked before it is passed on: a synced table, a string id, the
    sender's ``commune``, known columns, and values a commune's form could have saved
    (:func:`column_schema.check_stored_row`). The first bad row raises ``UserError`` naming it.
    ``columns`` collects each table's column list."""
    tables = SYNCED_TABLES
    same = commune if isinstance(commune, str) else None
    if isinstance(commune, str):
        belongs: Callable[[Any], bool] = commune.__eq__
    else:
        belongs = commune
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
            or (row.get("commune") != same if same else not belongs(row.get("commune")))
            or type(row.get("rev")) is not int
            or not row.keys() <= colset
            or not set(map(type, row.values())) <= _SCALAR_TYPES
        ):
            raise wrong_rows()
        row.setdefault("epoch", 0)
        column_schema.check_stored_row(table, row)
        yield table, row


def check_rows(store: Store, commune: Communes, rows: Iterable[tuple[str, dict[str, Any]]]) -> int:
    """Check every row of a file without writing anything (see :func:`checked_rows`); the count."""
    return sum(1 for _row in checked_rows(store, commune, rows))


def apply_rows(
    store: Store,
    commune: Communes,
    rows: Iterable[tuple[str, dict[str, Any]]],
    *,
    decide: Decide,
    content_hash: ContentHash,
    bundle_sha256: str,
    at: str,
) -> dict[str, int]:
    """Merge a file's rows into the synced tables; call inside the caller's transaction.

    Every row must belong to ``commune`` (the verified sender; for a forwarded file, a predicate
    on each row's commune), and a stored row it replaces to the same commune; it must name a synced table and carry only
    known columns with plain values, or the whole file is refused (``UserError``). For each row id
    the newest version in the file is compared with the stored one by ``decide``; equal
    ``(epoch, rev)`` with different content is recorded as a conflict (and still resolved by
    ``decide``'s deterministic tie-break). Rows are merged :data:`CHUNK_ROWS` at a time (a row
    id seen again in a later chunk is compared with the version the earlier chunk wrote). Use
    :func:`import_transaction`. Returns counts: rows, inserted, updated, skipped, conflicts.
    """
    columns: dict[str, list[str]] = {}
    pending: dict[str, dict[str, dict[str, Any]]] = {}
    result = {"rows": 0, "inserted": 0, "updated": 0, "skipped": 0, "conflicts": 0}

    def merge_pending() -> None:
        _merge(
            store,
            pending,
            columns,
            result,
            decide=decide,
            content_hash=content_hash,
            bundle_sha256=bundle_sha256,
            at=at,
        )

    held = 0
    for table, row in checked_rows(store, commune, rows, columns):
        result["rows"] += 1
        row_id = row["id"]
        seen = pending.setdefault(table, {}).get(row_id)
        if seen is None or decide(_version(seen, content_hash), _version(row, content_hash)):
            pending[table][row_id] = row
            held += seen is None
        if held >= CHUNK_ROWS:  # memory stays bounded, whatever the file's size
            merge_pending()
            pending.clear()
            held = 0
    merge_pending()
    return result


def _merge(
    store: Store,
    pending: dict[str, dict[str, dict[str, Any]]],
    columns: dict[str, list[str]],
    result: dict[str, int],
    *,
    decide: Decide,
    content_hash: ContentHash,
    bundle_sha256: str,
    at: str,
) -> None:
    """Write one chunk of a file's rows (the newest version of each id in it), adding to
    ``result``'s counts."""
    for table, incoming in pending.items():
        if not incoming:
            continue
        local = _local_versions(store, table, list(incoming))
        inserts: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
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
            if l_commune != row["commune"]:
                raise UserError(
                    _(
                        "Tệp có dữ liệu không hợp lệ hoặc thuộc xã khác với xã gửi tệp; tệp bị từ chối."
                    )
                )
            if (l_epoch, l_rev) == (row["epoch"], row["rev"]):
                stored = store.rows(f"SELECT * FROM {table} WHERE id = ?", [row_id])[0]
                l_hash, i_hash = content_hash(stored), content_hash(row)
                if l_hash == i_hash:
                    result["skipped"] += 1
                    continue
                conflicts.append(
                    [
                        table,
                        row_id,
                        row["commune"],
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


def _version(row: dict[str, Any], content_hash: ContentHash) -> tuple:
    return (int(row.get("epoch") or 0), int(row["rev"]), "", content_hash(row))


def _local_versions(store: Store, table: str, ids: list[str]) -> dict[str, tuple[int, int, str]]:
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

"""The audit log: who did what and when, append-only and hash-chained.

Each entry's ``hash`` is SHA-256 over the previous entry's hash and the entry's own fields, so an
edited, inserted or removed entry breaks the chain from that point on; :func:`verify` finds the first
broken entry. Deleting rows is refused by a trigger. The newest hash is also kept in ``meta``, so
cutting entries off the end is detected too. (Someone holding the database key could rebuild the
whole chain; the chain detects edits, it does not make them impossible. Entries travel in bundles, so
the office keeps its own copy.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from ctxh_desktop.storage.store import Store, new_id

GENESIS = "0" * 64
FIELDS = ("id", "commune", "at", "user", "action", "entity", "entity_id", "detail")


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    """The chained hash of one entry."""
    body = json.dumps([prev_hash, *[entry.get(f) or "" for f in FIELDS]], ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    store: Store,
    user: str,
    action: str,
    entity: str | None = None,
    entity_id: str | None = None,
    detail: str | dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Add one entry (inside the caller's transaction when there is one). No personal data in
    ``detail``: ids and codes only."""
    last = store.db.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev = last[0] if last else GENESIS
    entry = {
        "id": new_id(store.commune),
        "commune": store.commune,
        "at": dt.datetime.now().replace(microsecond=0).isoformat(),
        "user": user or "system",
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True)
        if isinstance(detail, dict)
        else detail,
    }
    entry["prev_hash"] = prev
    head = entry["hash"] = entry_hash(prev, entry)
    store.db.execute(
        f"INSERT INTO audit_log ({', '.join([*FIELDS, 'prev_hash', 'hash'])})"
        f" VALUES ({', '.join('?' * (len(FIELDS) + 2))})",
        [entry[f] for f in (*FIELDS, "prev_hash", "hash")],
    )
    store.set_meta("audit_head", head)
    return entry


def verify(store: Store) -> tuple[bool, int | None, int]:
    """Check the chain: ``(ok, first bad seq or None, entries checked)``."""
    prev = GENESIS
    count = 0
    cur = store.db.execute(
        f"SELECT seq, {', '.join(FIELDS)}, prev_hash, hash FROM audit_log ORDER BY seq"
    )
    names = [d[0] for d in cur.description]
    for values in cur:
        row = dict(zip(names, values, strict=True))
        count += 1
        if row["prev_hash"] != prev or entry_hash(prev, row) != row["hash"]:
            return False, row["seq"], count
        prev = row["hash"]
    head = store.meta("audit_head")
    if head is not None and head != prev:
        return False, None, count
    return True, None, count


def entries(
    store: Store,
    user: str | None = None,
    action: str | None = None,
    since: str | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """Newest entries first, filtered by user, action and start day."""
    clauses, params = ["1"], []
    for column, value in (("user", user), ("action", action)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if since:
        clauses.append("at >= ?")
        params.append(since)
    return store.rows(
        f"SELECT seq, at, user, action, entity, entity_id, detail FROM audit_log WHERE {' AND '.join(clauses)}"
        " ORDER BY seq DESC LIMIT ?",
        [*params, limit],
    )

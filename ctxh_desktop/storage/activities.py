"""Queries behind the register of awareness and communication activities."""

from __future__ import annotations

from typing import Any

from ctxh_desktop.storage.store import Store


def _where(month: str | None, kind: str | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if month:
        clauses.append("substr(held_on, 1, 7) = ?")
        params.append(month)
    if kind:
        clauses.append("kind = ?")
        params.append(kind)
    return "".join(f" AND {c}" for c in clauses), params


def list_activities(
    store: Store,
    offset: int = 0,
    limit: int = 200,
    month: str | None = None,
    kind: str | None = None,
) -> list[dict[str, Any]]:
    """Activities not removed, newest first, filtered by ``month`` (YYYY-MM) and ``kind``."""
    where, params = _where(month, kind)
    return store.rows(
        f"SELECT * FROM activity WHERE deleted = 0{where}"
        " ORDER BY held_on DESC, created_at DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )


def count_activities(store: Store, month: str | None = None, kind: str | None = None) -> int:
    """How many activities (not removed) match the filters."""
    where, params = _where(month, kind)
    return int(store.scalar(f"SELECT count(*) FROM activity WHERE deleted = 0{where}", params))

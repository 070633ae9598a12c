"""The office's plan targets (table ``plan_target``, office migration ``0004_targets``): read,
add, change and remove. Checks and audit are the service's (:mod:`ctxh_desktop.services.targets`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ctxh_desktop.storage.store import Store

#: The columns a caller gives (``id`` and the moments are set here).
COLUMNS = ("indicator", "year", "kind", "value", "base_year", "scope", "note", "source")


def list_targets(store: Store, year: int | None = None) -> list[dict[str, Any]]:
    """Every target (or those of ``year``), by year, then indicator, then when added."""
    where, params = ("WHERE year = ?", [year]) if year is not None else ("", [])
    return store.rows(
        f"SELECT * FROM plan_target {where} ORDER BY year, indicator, created_at, id", params
    )


def get_target(store: Store, target_id: str) -> dict[str, Any] | None:
    """One target, or ``None``."""
    rows = store.rows("SELECT * FROM plan_target WHERE id = ?", [target_id])
    return rows[0] if rows else None


def find_target(
    store: Store, indicator: str, year: int, scope: str, other_than: str | None = None
) -> dict[str, Any] | None:
    """The target already set for this indicator, year and scope (another than ``other_than``)."""
    rows = store.rows(
        "SELECT * FROM plan_target WHERE indicator = ? AND year = ? AND scope = ? AND id != ?",
        [indicator, year, scope, other_than or ""],
    )
    return rows[0] if rows else None


def insert_target(store: Store, target_id: str, row: dict[str, Any], now: str) -> None:
    """Add a target (``row`` holds :data:`COLUMNS`)."""
    values = [row.get(c) for c in COLUMNS]
    store.db.execute(
        "INSERT INTO plan_target (id, indicator, year, kind, value, base_year, scope, note,"
        " source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [target_id, *values, now, now],
    )


def update_target(store: Store, target_id: str, row: dict[str, Any], now: str) -> None:
    """Change a target's columns (``row`` holds :data:`COLUMNS`)."""
    sets = ", ".join(f"{c} = ?" for c in COLUMNS)
    store.db.execute(
        f"UPDATE plan_target SET {sets}, updated_at = ? WHERE id = ?",
        [*(row.get(c) for c in COLUMNS), now, target_id],
    )


def delete_target(store: Store, target_id: str) -> None:
    """Remove a target."""
    store.db.execute("DELETE FROM plan_target WHERE id = ?", [target_id])

"""The SQL of a case moving between communes (``services.case_transfer``): the case's rows as
stored, the transfers an office holds for a commune, and a transferred case found by its transfer."""

from __future__ import annotations

from typing import Any

from ctxh_desktop.storage.store import Store


def case_rows(store: Store, case_id: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of a case as stored (JSON as text): the case, its person, its timeline, and the
    consultations and referrals linked to it."""
    case = store.rows("SELECT * FROM case_file WHERE id = ?", [case_id])
    person_id = case[0]["person_id"] if case else None
    linked = "case_id = ? AND deleted = 0 ORDER BY rowid"
    return {
        "case_file": case,
        "person": store.rows("SELECT * FROM person WHERE id = ?", [person_id]) if person_id else [],
        "case_event": store.rows(f"SELECT * FROM case_event WHERE {linked}", [case_id]),
        "consultation": store.rows(f"SELECT * FROM consultation WHERE {linked}", [case_id]),
        "referral": store.rows(f"SELECT * FROM referral WHERE {linked}", [case_id]),
    }


def addressed_to(store: Store, commune: str) -> list[dict[str, Any]]:
    """The transfers an office holds addressed to ``commune`` (as stored), oldest first."""
    return store.rows(
        "SELECT * FROM case_transfer WHERE to_commune = ? AND deleted = 0 ORDER BY transferred_at",
        [commune],
    )


def case_of_transfer(store: Store, transfer_id: str) -> dict[str, Any] | None:
    """The case this database made or closed for a transfer, if any."""
    found = store.rows(
        "SELECT id, code, commune FROM case_file WHERE transfer_id = ? LIMIT 1", [transfer_id]
    )
    return found[0] if found else None


def transfer_of_case(store: Store, case_id: str) -> dict[str, Any] | None:
    """The transfer a case left this commune by (without its payload), if any."""
    found = store.rows(
        "SELECT id, to_commune, transferred_at, note FROM case_transfer"
        " WHERE case_id = ? AND deleted = 0 LIMIT 1",
        [case_id],
    )
    return found[0] if found else None


def insert_stored(store: Store, table: str, row: dict[str, Any]) -> None:
    """Insert a row already in stored form (JSON as text); the triggers log it for export."""
    columns = list(row)
    store.db.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [row[c] for c in columns],
    )


def case_by_code_or_id(store: Store, commune: str, key: str) -> str | None:
    """The id of this commune's live case with that code or id, if any."""
    found = store.rows(
        "SELECT id FROM case_file WHERE deleted = 0 AND (id = ? OR (commune = ? AND code = ?))"
        " LIMIT 1",
        [key, commune, key],
    )
    return found[0]["id"] if found else None

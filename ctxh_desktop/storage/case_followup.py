"""Reading a case's follow-up: its referrals (with the provider's name), services given,
conferences, safety plans and consents."""

from __future__ import annotations

from typing import Any

from ctxh_desktop.storage.store import Store, decode_row

_NEWEST_FIRST = {
    "case_service": "given_on DESC",
    "case_conference": "held_on DESC",
    "safety_plan": "review_on DESC",
    "consent": "given_on DESC",
}


def case_referrals(store: Store, case_id: str) -> list[dict[str, Any]]:
    """A case's referrals, newest first, each with its provider's name (``provider_name``)."""
    return store.rows(
        "SELECT r.*, p.name AS provider_name FROM referral r"
        " LEFT JOIN service_provider p ON p.id = r.provider_id"
        " WHERE r.deleted = 0 AND r.case_id = ? ORDER BY r.at DESC, r.rowid DESC",
        [case_id],
    )


def case_records(store: Store, table: str, case_id: str) -> list[dict[str, Any]]:
    """A case's live rows of one follow-up table, newest first (services and consents with the
    provider's name where they name one)."""
    order = _NEWEST_FIRST[table]
    provider = (
        ", (SELECT name FROM service_provider p WHERE p.id = t.provider_id) AS provider_name"
        if table == "case_service"
        else ""
    )
    rows = store.rows(
        f"SELECT t.*{provider} FROM {table} t WHERE t.deleted = 0 AND t.case_id = ?"
        f" ORDER BY {order}, t.rowid DESC",
        [case_id],
    )
    return [decode_row(table, r) for r in rows]

"""Queries behind the counselling log, the children register and the provider directory."""

from __future__ import annotations

from typing import Any

from ctxh_desktop.storage.store import Store, decode_row


def _filters(pairs: list[tuple[str, Any]]) -> tuple[str, list[Any]]:
    clauses, params = [], []
    for clause, value in pairs:
        if value not in (None, ""):
            clauses.append(clause)
            params.append(value)
    return (" AND " + " AND ".join(clauses)) if clauses else "", params


def _consultation_filters(
    month: str | None = None,
    channel: str | None = None,
    topic: str | None = None,
    target_group: str | None = None,
    case_id: str | None = None,
    person_id: str | None = None,
) -> tuple[str, list[Any]]:
    """The ``AND …`` clause and its parameters for the counselling log's filters (empty ones
    left out)."""
    return _filters(
        [
            ("substr(c.at, 1, 7) = ?", month),
            ("c.channel = ?", channel),
            ("EXISTS (SELECT 1 FROM json_each(c.topics) WHERE value = ?)", topic),
            ("c.target_group = ?", target_group),
            ("c.case_id = ?", case_id),
            ("c.person_id = ?", person_id),
        ]
    )


def list_consultations(
    store: Store, offset: int = 0, limit: int = 200, **filters: str | None
) -> list[dict[str, Any]]:
    """Counselling sessions, newest first, with the person's name when there is one and the
    counsellor's full name (``counsellor_name``; the login name when the account is not here)."""
    where, params = _consultation_filters(**filters)
    rows = store.rows(
        "SELECT c.*, p.full_name AS person_name,"
        " coalesce(nullif(u.full_name, ''), c.counsellor) AS counsellor_name"
        " FROM consultation c LEFT JOIN person p ON p.id = c.person_id"
        " LEFT JOIN user u ON u.username = c.counsellor"
        f" WHERE c.deleted = 0{where} ORDER BY c.at DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [decode_row("consultation", r) for r in rows]


def count_consultations(store: Store, **filters: str | None) -> int:
    """How many counselling sessions match the filters."""
    where, params = _consultation_filters(**filters)
    return store.scalar(f"SELECT count(*) FROM consultation c WHERE c.deleted = 0{where}", params)


def children_filters(group: str | None, status: str | None) -> tuple[str, list[Any]]:
    """The ``AND …`` clause and parameters choosing register entries by group (with its
    sub-groups) and status."""
    where, params = _filters(
        [
            (
                "EXISTS (SELECT 1 FROM json_each(ch.groups) WHERE value = ? OR value LIKE ? || '\\_%' ESCAPE '\\')",
                group,
            ),
            ("ch.status = ?", status),
        ]
    )
    if group:
        params.insert(1, group)
    return where, params


def list_children(
    store: Store,
    group: str | None = None,
    status: str | None = "active",
    query_ids: list[str] | None = None,
    offset: int = 0,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Children on the register with their person's name and birth date and the month of their
    latest support (``last_support_month``, ``None`` without one), register order."""
    where, params = children_filters(group, status)
    rows = store.rows(
        "SELECT ch.*, p.full_name AS full_name, p.birth_date AS birth_date, p.gender AS gender,"
        " (SELECT max(s.month) FROM child_support s WHERE s.deleted = 0 AND s.child_id = ch.id)"
        " AS last_support_month"
        " FROM child_profile ch JOIN person p ON p.id = ch.person_id"
        f" WHERE ch.deleted = 0{where} ORDER BY ctxh_sortkey(p.full_name) LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [decode_row("child_profile", r) for r in rows]


def count_children(store: Store, group: str | None = None, status: str | None = "active") -> int:
    """How many register entries have ``status`` and ``group`` (a group counts its sub-groups)."""
    where, params = children_filters(group, status)
    return store.scalar(
        f"SELECT count(*) FROM child_profile ch WHERE ch.deleted = 0{where}", params
    )


def child_of_person(store: Store, person_id: str) -> dict[str, Any] | None:
    """The register entry of a person, or ``None``."""
    rows = store.rows(
        "SELECT * FROM child_profile WHERE deleted = 0 AND person_id = ?", [person_id]
    )
    return decode_row("child_profile", rows[0]) if rows else None


def supports_of(store: Store, child_id: str) -> list[dict[str, Any]]:
    """A child's supports, newest month first."""
    return store.rows(
        "SELECT * FROM child_support WHERE deleted = 0 AND child_id = ? ORDER BY month DESC, given_on DESC",
        [child_id],
    )


def person_in_use(store: Store, person_id: str) -> tuple[int, int]:
    """How many open cases and active register entries still refer to a person."""
    open_cases = store.scalar(
        "SELECT count(*) FROM case_file WHERE deleted = 0 AND status = 'open' AND person_id = ?",
        [person_id],
    )
    children = store.scalar(
        "SELECT count(*) FROM child_profile WHERE deleted = 0 AND status = 'active'"
        " AND person_id = ?",
        [person_id],
    )
    return int(open_cases or 0), int(children or 0)


def providers(store: Store) -> list[dict[str, Any]]:
    """The service providers, by name."""
    return store.rows("SELECT * FROM service_provider WHERE deleted = 0 ORDER BY name")


def register_records(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every record the printed registers list, each kind in its register's order: ``people``
    (by name), ``cases`` (by receipt), ``consultations`` (by time), ``children``, ``supports``
    (by month)."""
    return {
        "people": store.records("person", order="ctxh_sortkey(full_name)"),
        "cases": store.records("case_file", order="received_at"),
        "consultations": store.records("consultation", order="at"),
        "children": store.records("child_profile"),
        "supports": store.records("child_support", order="month"),
    }
